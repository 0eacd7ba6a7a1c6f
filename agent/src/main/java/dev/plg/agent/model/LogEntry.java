package dev.plg.agent.model;

import static java.util.Objects.requireNonNull;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * One log line flowing between components: labels, timestamp (Unix nanoseconds), the line,
 * structured metadata, and the {@link Ack} that tracks its delivery. {@code lineUtf8}, when not null,
 * holds the line's UTF-8 bytes exactly as read from the file (the same text as {@code line}); it lets
 * {@code stage.json} parse bytes and {@code loki.write} skip re-encoding. Callers must not modify it.
 */
public record LogEntry(Labels labels, long timestampNanos, String line, List<LabelPair> structuredMetadata, Ack ack,
                       byte[] lineUtf8) {
    public LogEntry {
        requireNonNull(labels, "labels is null");
        requireNonNull(line, "line is null");
        structuredMetadata = List.copyOf(structuredMetadata);
        requireNonNull(ack, "ack is null");
    }

    public LogEntry(Labels labels, long timestampNanos, String line, List<LabelPair> structuredMetadata, Ack ack) {
        this(labels, timestampNanos, line, structuredMetadata, ack, null);
    }

    public LogEntry(Labels labels, long timestampNanos, String line, Ack ack) {
        this(labels, timestampNanos, line, List.of(), ack);
    }

    public LogEntry withLabels(Labels l) {
        return new LogEntry(l, timestampNanos, line, structuredMetadata, ack, lineUtf8);
    }
}
