package dev.plg.store.read;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * A pull iterator over the entries of one stream, in the scan's direction and time range.
 *
 * <p>Not thread-safe: one consumer thread. Buffers returned by {@link #lineBytes()} are owned by
 * the cursor and are valid only until the next call to {@link #next()}; callers must copy what
 * they keep. {@link #close()} must be called exactly once and releases file handles.
 */
public interface EntryCursor extends AutoCloseable {
    /** Moves to the next entry; {@code false} when there is none. */
    boolean next();

    /** Unix nanoseconds of the current entry. */
    long timestamp();

    /** UTF-8 bytes of the current line, from {@link #lineOffset()} for {@link #lineLength()}. */
    byte[] lineBytes();

    int lineOffset();

    int lineLength();

    /** The current line as a string (decodes; prefer the byte view on hot paths). */
    default String line() {
        return new String(lineBytes(), lineOffset(), lineLength(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Structured metadata of the current entry, including {@code detected_level} when discovered. */
    List<LabelPair> structuredMetadata();

    @Override
    void close();
}
