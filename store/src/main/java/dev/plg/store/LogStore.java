package dev.plg.store;

import dev.plg.push.PushRequest;
import dev.plg.store.read.Direction;
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.LabelMatcher;
import dev.plg.store.read.LogSource;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.StreamRef;
import dev.plg.store.read.StreamStats;
import dev.plg.store.read.TailListener;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;

/**
 * The log store: ingest (validation, limits, dedupe, discovery, WAL), per-stream heads, blocks on
 * disk, label index and retention, readable through {@link LogSource}. Thread-safe.
 */
public final class LogStore implements LogSource, AutoCloseable {

    private LogStore() {}

    /** Opens (creating when missing) the store in {@code config.dataDirectory()}, replaying the WAL. */
    public static LogStore open(StoreConfig config, Limits limits) throws IOException {
        return open(config, limits, InstantSource.system());
    }

    /** As {@link #open(StoreConfig, Limits)} with a clock for validation and retention (tests). */
    public static LogStore open(StoreConfig config, Limits limits, InstantSource clock) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Validates and stores a push for {@code tenant}; returns once the accepted entries are durable
     * (in the fsynced WAL when it is enabled) and visible to readers.
     *
     * @throws java.io.UncheckedIOException when the WAL cannot be written (the server answers 500)
     */
    public PushResult push(String tenant, PushRequest request) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** A snapshot of counters and gauges for {@code /metrics}. */
    public StoreMetrics metrics() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The limits in force (the query side reads its own limits from here). */
    public Limits limits() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public List<StreamRef> streams(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public EntryCursor entries(String tenant, StreamRef stream, long fromNanos, long toNanos, Direction direction, ScanHints hints) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public List<String> labelNames(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public List<String> labelValues(String tenant, String name, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public StreamStats stats(String tenant, StreamRef stream, long fromNanos, long toNanos) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public AutoCloseable tail(String tenant, List<LabelMatcher> matchers, TailListener listener) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Flushes heads to blocks (when possible), syncs and closes files. Idempotent. */
    @Override
    public void close() throws IOException {}
}
