package dev.plg.agent.model;

import java.util.List;

/**
 * Alloy's {@code LogsReceiver}: the capsule a component exports as {@code receiver} and others list
 * in {@code forward_to}.
 *
 * <p>Contract: called by any thread, possibly concurrently; may block to apply back-pressure. The
 * receiver takes over one {@link Ack} reference per entry (see {@link Ack}). It must not keep a
 * reference to the list after returning (entries themselves are immutable and may be kept).
 */
@FunctionalInterface
public interface LogsReceiver {
    void receive(List<LogEntry> entries);

    /** Sends {@code entries} to every receiver, adding the Ack references the fan-out needs. */
    static void fanOut(List<LogsReceiver> receivers, List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (receivers.isEmpty()) {
            for (LogEntry e : entries) {
                e.ack().release();
            }
            return;
        }
        if (receivers.size() > 1) {
            for (LogEntry e : entries) {
                e.ack().retain(receivers.size() - 1);
            }
        }
        for (LogsReceiver r : receivers) {
            r.receive(entries);
        }
    }
}
