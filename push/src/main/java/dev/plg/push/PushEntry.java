package dev.plg.push;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One log entry of a push: Unix time in nanoseconds, the line, and optional structured metadata
 * (Loki's third element of a JSON value / {@code structuredMetadata} of the protobuf entry).
 */
public record PushEntry(long timestampNanos, String line, List<LabelPair> structuredMetadata) {
    public PushEntry {
        requireNonNull(line, "line is null");
        structuredMetadata = List.copyOf(structuredMetadata);
    }

    public PushEntry(long timestampNanos, String line) {
        this(timestampNanos, line, List.of());
    }
}
