package dev.plg.store;

import static java.util.Objects.requireNonNull;

import dev.plg.push.PushRequest;
import dev.plg.store.engine.StoreEngine;
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
 * disk, label index and retention, readable through {@link LogSource}. See {@code docs/storage.md}.
 *
 * <p>Thread-safe: any number of threads may push and read at once. {@link #push} returns only
 * when the accepted entries are durable (WAL fsynced, group-committed with concurrent pushes) and
 * already visible to readers and tail listeners. It starts two daemon threads (flusher,
 * retention) and the WAL writer; {@link #close()} stops them, cuts every head into blocks and
 * closes files; call it once at shutdown (later calls do nothing).
 */
public final class LogStore implements LogSource, AutoCloseable {

    private final StoreEngine engine;

    private LogStore(StoreEngine engine) {
        this.engine = engine;
    }

    /** Opens (creating when missing) the store in {@code config.dataDirectory()}, replaying the WAL. */
    public static LogStore open(StoreConfig config, Limits limits) throws IOException {
        return open(config, limits, InstantSource.system());
    }

    /** As {@link #open(StoreConfig, Limits)} with a clock for validation and retention (tests). */
    public static LogStore open(StoreConfig config, Limits limits, InstantSource clock) throws IOException {
        requireNonNull(config, "config is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(clock, "clock is null");
        return new LogStore(StoreEngine.open(config, limits, clock));
    }

    /**
     * Validates and stores a push for {@code tenant}; returns once the accepted entries are durable
     * (in the fsynced WAL when it is enabled) and visible to readers.
     *
     * @throws java.io.UncheckedIOException when the WAL cannot be written (the server answers 500)
     */
    public PushResult push(String tenant, PushRequest request) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(request, "request is null");
        return engine.push(tenant, request);
    }

    /** A snapshot of counters and gauges for {@code /metrics}. */
    public StoreMetrics metrics() {
        return engine.metrics();
    }

    /** The limits in force (the query side reads its own limits from here). */
    public Limits limits() {
        return engine.limits();
    }

    @Override
    public List<StreamRef> streams(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        return engine.streams(tenant, matchers, fromNanos, toNanos);
    }

    @Override
    public EntryCursor entries(String tenant, StreamRef stream, long fromNanos, long toNanos, Direction direction, ScanHints hints) {
        return engine.entries(tenant, stream, fromNanos, toNanos, direction, hints);
    }

    @Override
    public List<String> labelNames(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        return engine.labelNames(tenant, matchers, fromNanos, toNanos);
    }

    @Override
    public List<String> labelValues(String tenant, String name, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        return engine.labelValues(tenant, name, matchers, fromNanos, toNanos);
    }

    @Override
    public StreamStats stats(String tenant, StreamRef stream, long fromNanos, long toNanos) {
        return engine.stats(tenant, stream, fromNanos, toNanos);
    }

    @Override
    public AutoCloseable tail(String tenant, List<LabelMatcher> matchers, TailListener listener) {
        return engine.tail(tenant, matchers, listener);
    }

    /** Flushes heads to blocks (when possible), syncs and closes files. Idempotent. */
    /**
     * Cuts every head into blocks now and trims the WAL (normally the background flusher does this
     * by size and age). For shutdown hooks, tools and tests.
     */
    public void flush() throws IOException {
        engine.flush(true);
    }

    /** Runs retention now (normally every {@code retentionInterval}); returns deleted blocks. */
    public int applyRetention() {
        return engine.applyRetention();
    }

    /**
     * Blocks skipped thanks to their trigram filter, blocks read, and heads (unflushed data)
     * skipped thanks to theirs, since open.
     */
    public long[] scanCounts() {
        return engine.scanCounts();
    }

    @Override
    public void close() throws IOException {
        engine.close();
    }
}
