package dev.plg.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of one {@link LogStore}: where it keeps files and how it cuts blocks. Per-tenant
 * ingest and query limits are in {@link Limits}.
 *
 * @param dataDirectory root of every store file (the server derives it from Loki's
 *     {@code common.path_prefix}); created when missing
 * @param walEnabled whether pushes go through the write-ahead log; with {@code false} a push is
 *     acknowledged from memory and lost on a crash (Loki's {@code ingester.wal.enabled: false})
 * @param blockTargetBytes raw (uncompressed) line bytes at which a stream's head is cut into a
 *     block; larger blocks compress better and carry proportionally smaller filters
 * @param blockMaxAge a head older than this (by wall clock since its first entry) is cut even when
 *     small, so the WAL can be trimmed (Loki's {@code max_chunk_age} plays the same role)
 * @param maxHeadBytes when all heads together hold more raw bytes than this, the largest are cut
 *     early; when heads and cut heads not yet written as blocks hold more than 1.5 times this, pushers
 *     wait for the flusher (backpressure). Bounds the store's memory
 * @param walSegmentBytes a WAL segment file is closed and a new one started past this size
 * @param retentionEnabled Loki's {@code compactor.retention_enabled}: delete blocks older than the
 *     tenant's {@code retention_period}
 * @param retentionInterval how often retention runs (Loki's {@code compactor.compaction_interval})
 * @param flushInterval how often the background flusher looks for heads to cut
 */
public record StoreConfig(
        Path dataDirectory,
        boolean walEnabled,
        int blockTargetBytes,
        Duration blockMaxAge,
        long maxHeadBytes,
        long walSegmentBytes,
        boolean retentionEnabled,
        Duration retentionInterval,
        Duration flushInterval) {

    /** 1 MiB raw: zstd reaches about 10x on JSON lines at this size; reading one costs one I/O. */
    public static final int DEFAULT_BLOCK_TARGET_BYTES = 1 << 20;
    /** Cut heads at least hourly so the WAL never holds more than about an hour of data. */
    public static final Duration DEFAULT_BLOCK_MAX_AGE = Duration.ofHours(1);
    /**
     * 32 MiB of heads in total (at most 48 MiB with the cut heads waiting for the flusher) fits the
     * default 176 MiB heap of {@code bin/plg} and the 300 MB RSS target.
     */
    public static final long DEFAULT_MAX_HEAD_BYTES = 32L << 20;
    /** 64 MiB segments: few files, and a trimmed segment frees a useful amount of disk. */
    public static final long DEFAULT_WAL_SEGMENT_BYTES = 64L << 20;
    /** Loki's compactor default {@code compaction_interval: 10m}. */
    public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(10);

    public StoreConfig {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(blockMaxAge, "blockMaxAge is null");
        requireNonNull(retentionInterval, "retentionInterval is null");
        requireNonNull(flushInterval, "flushInterval is null");
        if (blockTargetBytes < 1024 || blockTargetBytes > (64 << 20)) {
            throw new IllegalArgumentException("blockTargetBytes must be in [1024, 64 MiB], got " + blockTargetBytes);
        }
        if (blockMaxAge.isNegative() || blockMaxAge.isZero()) {
            throw new IllegalArgumentException("blockMaxAge must be positive, got " + blockMaxAge);
        }
        if (maxHeadBytes < blockTargetBytes) {
            throw new IllegalArgumentException("maxHeadBytes (" + maxHeadBytes + ") must be >= blockTargetBytes (" + blockTargetBytes + ")");
        }
        if (walSegmentBytes < 4096) {
            throw new IllegalArgumentException("walSegmentBytes must be >= 4096, got " + walSegmentBytes);
        }
        if (retentionInterval.isNegative() || retentionInterval.isZero()) {
            throw new IllegalArgumentException("retentionInterval must be positive, got " + retentionInterval);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive, got " + flushInterval);
        }
    }

    /** Defaults for a store rooted at {@code dataDirectory}: WAL on, retention off (as Loki). */
    public static StoreConfig defaults(Path dataDirectory) {
        return new StoreConfig(dataDirectory, true, DEFAULT_BLOCK_TARGET_BYTES, DEFAULT_BLOCK_MAX_AGE,
                DEFAULT_MAX_HEAD_BYTES, DEFAULT_WAL_SEGMENT_BYTES, false, DEFAULT_RETENTION_INTERVAL,
                DEFAULT_FLUSH_INTERVAL);
    }

    public StoreConfig withWalEnabled(boolean enabled) {
        return new StoreConfig(dataDirectory, enabled, blockTargetBytes, blockMaxAge, maxHeadBytes, walSegmentBytes,
                retentionEnabled, retentionInterval, flushInterval);
    }

    public StoreConfig withRetentionEnabled(boolean enabled) {
        return new StoreConfig(dataDirectory, walEnabled, blockTargetBytes, blockMaxAge, maxHeadBytes, walSegmentBytes,
                enabled, retentionInterval, flushInterval);
    }

    public StoreConfig withBlockTargetBytes(int bytes) {
        return new StoreConfig(dataDirectory, walEnabled, bytes, blockMaxAge, Math.max(maxHeadBytes, bytes),
                walSegmentBytes, retentionEnabled, retentionInterval, flushInterval);
    }

    public StoreConfig withWalSegmentBytes(long bytes) {
        return new StoreConfig(dataDirectory, walEnabled, blockTargetBytes, blockMaxAge, maxHeadBytes, bytes,
                retentionEnabled, retentionInterval, flushInterval);
    }
}
