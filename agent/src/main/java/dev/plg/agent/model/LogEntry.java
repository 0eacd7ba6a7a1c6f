package dev.plg.agent.model;

import static java.util.Objects.requireNonNull;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * One log line flowing between components: labels, timestamp (Unix nanoseconds), the line,
 * structured metadata, and the {@link Ack} that tracks its delivery.
 */
public record LogEntry(Labels labels, long timestampNanos, String line, List<LabelPair> structuredMetadata, Ack ack) {
    public LogEntry {
        requireNonNull(labels, "labels is null");
        requireNonNull(line, "line is null");
        structuredMetadata = List.copyOf(structuredMetadata);
        requireNonNull(ack, "ack is null");
    }

    public LogEntry(Labels labels, long timestampNanos, String line, Ack ack) {
        this(labels, timestampNanos, line, List.of(), ack);
    }

    public LogEntry withLabels(Labels l) {
        return new LogEntry(l, timestampNanos, line, structuredMetadata, ack);
    }
}
