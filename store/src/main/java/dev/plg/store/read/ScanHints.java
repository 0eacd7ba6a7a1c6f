package dev.plg.store.read;

import java.util.List;

/**
 * What the query engine knows every wanted line must contain, so the store can skip whole blocks
 * (through their token/n-gram filters) that cannot hold such a line.
 *
 * <p>Contract: a store may skip a block only when no line in it contains all of
 * {@code mustContain} as case-sensitive byte substrings of the UTF-8 line. Hints never filter
 * individual lines: the engine still runs its full pipeline on every line it receives. An empty
 * list means no skipping.
 *
 * <p>{@code lines} false says that the consumer reads only timestamps, line lengths, metadata and
 * {@link EntryCursor#templatedLine() templated lines}, {@link EntryCursor#lineBytes()} rarely or
 * never, so a store may skip rebuilding the lines until one is read (it must still answer
 * correctly when they are).
 */
public record ScanHints(List<String> mustContain, boolean lines) {
    public static final ScanHints NONE = new ScanHints(List.of());

    public ScanHints {
        mustContain = List.copyOf(mustContain);
    }

    /** Hints for a consumer that reads lines. */
    public ScanHints(List<String> mustContain) {
        this(mustContain, true);
    }
}
