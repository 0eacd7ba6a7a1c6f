package dev.plg.store.read;

import java.util.List;

/**
 * The read SPI of stored logs: the only way the query side sees data (head and blocks alike).
 *
 * <p>Times are Unix nanoseconds; every range is half-open {@code [fromNanos, toNanos)}.
 * Implementations are thread-safe: the engine scans many streams in parallel.
 * A tenant that never pushed simply has no streams.
 */
public interface LogSource {
    /** Streams of {@code tenant} matching every matcher that may hold entries in the range. */
    List<StreamRef> streams(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos);

    /**
     * Entries of one stream in the range, in {@code direction} order (ties keep ingest order,
     * reversed for backward). Blocks that cannot match {@code hints} may be skipped.
     */
    EntryCursor entries(String tenant, StreamRef stream, long fromNanos, long toNanos, Direction direction, ScanHints hints);

    /** Label names of streams in the range (matching {@code matchers} when not empty), sorted. */
    List<String> labelNames(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos);

    /** Values of {@code name} over streams in the range (matching {@code matchers} when not empty), sorted. */
    List<String> labelValues(String tenant, String name, List<LabelMatcher> matchers, long fromNanos, long toNanos);

    /** Sizes of what one stream holds in the range (block granularity is acceptable, as in Loki). */
    StreamStats stats(String tenant, StreamRef stream, long fromNanos, long toNanos);

    /** Subscribes to newly ingested entries of streams matching {@code matchers}; close to stop. */
    AutoCloseable tail(String tenant, List<LabelMatcher> matchers, TailListener listener);
}
