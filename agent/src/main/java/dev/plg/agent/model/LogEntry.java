package dev.plg.agent.model;

import static java.util.Objects.requireNonNull;

import dev.plg.push.LabelPair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One log line flowing between components: labels, timestamp (Unix nanoseconds), the line,
 * structured metadata, and the {@link Ack} that tracks its delivery. Immutable (a value, like a record).
 *
 * <p>{@code lineUtf8}, when not null, holds the line's UTF-8 bytes exactly as read from the file; it lets
 * {@code stage.json} parse bytes and {@code loki.write} skip re-encoding. An entry made with
 * {@link #ofUtf8} has only those bytes and decodes the {@code String} on the first {@link #line()}
 * call: the seed pipeline never asks, so no line becomes UTF-16 on its way to the store. Callers must
 * not modify the array.
 */
public final class LogEntry {
    private final Labels labels;
    private final long timestampNanos;
    /** Decoded lazily from {@code lineUtf8}; a benign race (String is immutable) when two threads ask. */
    private String line;
    private final List<LabelPair> structuredMetadata;
    private final Ack ack;
    private final byte[] lineUtf8;

    public LogEntry(Labels labels, long timestampNanos, String line, List<LabelPair> structuredMetadata, Ack ack,
                    byte[] lineUtf8) {
        this.labels = requireNonNull(labels, "labels is null");
        this.timestampNanos = timestampNanos;
        if (line == null && lineUtf8 == null) {
            throw new NullPointerException("line is null");
        }
        this.line = line;
        this.structuredMetadata = List.copyOf(structuredMetadata);
        this.ack = requireNonNull(ack, "ack is null");
        this.lineUtf8 = lineUtf8;
    }

    public LogEntry(Labels labels, long timestampNanos, String line, List<LabelPair> structuredMetadata, Ack ack) {
        this(labels, timestampNanos, requireNonNull(line, "line is null"), structuredMetadata, ack, null);
    }

    public LogEntry(Labels labels, long timestampNanos, String line, Ack ack) {
        this(labels, timestampNanos, line, List.of(), ack);
    }

    /** An entry known only by its UTF-8 bytes (as read from a file); the String is decoded on demand. */
    public static LogEntry ofUtf8(Labels labels, long timestampNanos, byte[] lineUtf8, Ack ack) {
        return new LogEntry(labels, timestampNanos, null, List.of(), ack, requireNonNull(lineUtf8, "lineUtf8 is null"));
    }

    public Labels labels() {
        return labels;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /** The line (decoded from {@link #lineUtf8()} on first use when the entry was made from bytes). */
    public String line() {
        String l = line;
        if (l == null) {
            l = new String(lineUtf8, StandardCharsets.UTF_8);
            line = l;
        }
        return l;
    }

    /** The line if it is already a String, else null (then {@link #lineUtf8()} is not null). */
    public String lineIfDecoded() {
        return line;
    }

    public List<LabelPair> structuredMetadata() {
        return structuredMetadata;
    }

    public Ack ack() {
        return ack;
    }

    public byte[] lineUtf8() {
        return lineUtf8;
    }

    /** Length of the line in UTF-8 bytes when known without encoding, else in chars. */
    public int lineLength() {
        return lineUtf8 != null ? lineUtf8.length : line.length();
    }

    public LogEntry withLabels(Labels l) {
        return new LogEntry(l, timestampNanos, line, structuredMetadata, ack, lineUtf8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && labels.equals(e.labels) && timestampNanos == e.timestampNanos
                && line().equals(e.line()) && structuredMetadata.equals(e.structuredMetadata) && ack.equals(e.ack);
    }

    @Override
    public int hashCode() {
        return Objects.hash(labels, timestampNanos, line(), structuredMetadata, ack);
    }

    @Override
    public String toString() {
        return "LogEntry[labels=" + labels + ", timestampNanos=" + timestampNanos + ", line=" + line()
                + ", structuredMetadata=" + structuredMetadata + ", ack=" + ack + "]";
    }
}
