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

    /**
     * False only when the current line lacks one of the scan's {@link ScanHints#mustContain()}
     * substrings, so a consumer whose every wanted line holds them may drop it unseen; true when
     * it may hold them all or the cursor does not know. Lets a store search a whole block's lines
     * at once instead of the consumer testing line by line.
     */
    default boolean mayMatch() {
        return true;
    }

    /**
     * True when {@link #mayMatch()} is exact for every entry: true only when the line holds every
     * hinted substring. A consumer that wants exactly those lines may then count them without
     * reading them (and the store need not decode them).
     */
    default boolean mayMatchIsExact() {
        return false;
    }

    /**
     * -1 when the cursor does not keep this total. Otherwise 0 before the first {@link #next()} and,
     * once {@code next()} returned false, the sum of {@link #lineLength()} over every entry it
     * returned: a consumer that needs only that sum need not ask each entry's length (which may
     * cost a store decoding work).
     */
    default long lineBytesReturned() {
        return -1;
    }

    /**
     * -1 when the cursor does not keep this total. Otherwise the sum of {@link #lineLength()} over
     * every entry {@link #next()} returned so far, the current one included (0 before the first):
     * {@link #lineBytesReturned()} at any point of a scan, for a consumer that stops early. A store
     * may find the lengths of a partly read block only at this call.
     */
    default long lineBytesSoFar() {
        return -1;
    }

    /**
     * The current line as a template with hole values when the cursor holds it that way (blocks
     * written column-wise), else {@code null}; then read {@link #lineBytes()}. The line bytes stay
     * available either way. A scan that mostly reads templated lines should say so with
     * {@link ScanHints#lines()} false, so the store does not rebuild lines it was not asked for.
     */
    default TemplatedLine templatedLine() {
        return null;
    }

    /**
     * Counts every entry {@link #next()} would return, instead of returning them, for a consumer that
     * needs neither their order, timestamps nor lines: each entry is counted once, with its structured
     * metadata, and with {@code matchesOnly} also whether it holds every hinted substring (as
     * {@link #mayMatch()} tells, exactly: only when {@link #mayMatchIsExact()}). A store may then count
     * a block without merging it with the stream's other blocks and heads. Afterwards {@code next()}
     * returns false and {@link #lineBytesReturned()} holds the line bytes of every entry counted.
     * Returns false, having counted nothing, when the cursor cannot (or {@code next()} was called).
     */
    default boolean countRest(boolean matchesOnly, EntryCounts counts) {
        return false;
    }

    /** Structured metadata of the current entry, including {@code detected_level} when discovered. */
    List<LabelPair> structuredMetadata();

    @Override
    void close();
}
