package dev.plg.push;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One log entry of a push: Unix time in nanoseconds, the line, and optional structured metadata
 * (Loki's third element of a JSON value / {@code structuredMetadata} of the protobuf entry).
 *
 * <p>The line is held as it arrived: as a {@code String} (built by a client or a decoder that
 * produces strings) or as UTF-8 bytes ({@link #ofUtf8}, what the JSON fast path and the store
 * want: no {@code String} is made for a line that is only stored). {@link #line()} decodes
 * bytes on first use; {@link #lineUtf8()} hands out the bytes without a copy when the entry was
 * built from bytes. Equality is by value: timestamp, line and metadata.
 */
public final class PushEntry {
    private final long timestampNanos;
    /** The line as given, or null when built from bytes; see {@link #decoded}. */
    private final String text;
    /** The line's UTF-8 bytes when built from bytes, else null. Never modified. */
    private final byte[] utf8;
    private final List<LabelPair> structuredMetadata;
    /** {@link #line()} of a bytes-built entry, decoded on first use (String is safely published). */
    private String decoded;

    public PushEntry(long timestampNanos, String line, List<LabelPair> structuredMetadata) {
        this(timestampNanos, requireNonNull(line, "line is null"), null, structuredMetadata);
    }

    public PushEntry(long timestampNanos, String line) {
        this(timestampNanos, line, List.of());
    }

    private PushEntry(long timestampNanos, String text, byte[] utf8, List<LabelPair> structuredMetadata) {
        this.timestampNanos = timestampNanos;
        this.text = text;
        this.utf8 = utf8;
        this.structuredMetadata = List.copyOf(structuredMetadata);
    }

    /**
     * An entry whose line is {@code lineUtf8} (valid UTF-8), kept without a copy: the caller hands
     * the array over and must not modify it afterwards.
     */
    public static PushEntry ofUtf8(long timestampNanos, byte[] lineUtf8, List<LabelPair> structuredMetadata) {
        requireNonNull(lineUtf8, "line is null");
        return new PushEntry(timestampNanos, null, lineUtf8, structuredMetadata);
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /** The line as text (decoded from the UTF-8 bytes on first use when built from bytes). */
    public String line() {
        if (text != null) {
            return text;
        }
        String s = decoded;
        if (s == null) {
            s = new String(utf8, StandardCharsets.UTF_8);
            decoded = s;
        }
        return s;
    }

    /**
     * The line as UTF-8. Built from bytes: that very array (no copy; callers must not modify it).
     * Built from a String: a fresh encoding on each call.
     */
    public byte[] lineUtf8() {
        return utf8 != null ? utf8 : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Length of {@link #lineUtf8()} in bytes, without encoding a bytes-built line again. */
    public int lineUtf8Length() {
        return utf8 != null ? utf8.length : text.getBytes(StandardCharsets.UTF_8).length;
    }

    public List<LabelPair> structuredMetadata() {
        return structuredMetadata;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PushEntry e
                && timestampNanos == e.timestampNanos
                && sameLine(e)
                && structuredMetadata.equals(e.structuredMetadata);
    }

    private boolean sameLine(PushEntry e) {
        if (text != null && e.text != null) {
            return text.equals(e.text);
        }
        return Arrays.equals(lineUtf8(), e.lineUtf8());
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(timestampNanos);
        h = 31 * h + Arrays.hashCode(lineUtf8());
        return 31 * h + structuredMetadata.hashCode();
    }

    @Override
    public String toString() {
        return "PushEntry[timestampNanos=" + timestampNanos + ", line=" + line() + ", structuredMetadata=" + structuredMetadata + "]";
    }
}
