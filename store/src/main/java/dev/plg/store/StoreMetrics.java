package dev.plg.store;

/**
 * A point-in-time snapshot of store counters for {@code /metrics}. Counters (monotonic since
 * start): ingested*, discarded*, wal*Total, blocksCut, queries. Gauges: the rest.
 *
 * @param ingestedLines entries accepted (Loki: {@code loki_distributor_lines_received_total})
 * @param ingestedBytes line bytes accepted (Loki: {@code loki_distributor_bytes_received_total})
 * @param discardedLines entries refused by validation or limits
 * @param discardedBytes line bytes refused
 * @param duplicateLines entries dropped as identical to a stored one
 * @param walBytesTotal bytes appended to the WAL
 * @param walFsyncsTotal fsync calls on the WAL (one covers a whole group commit)
 * @param walRecordsTotal WAL records written (one per push)
 * @param walSegments WAL segment files on disk
 * @param walDiskBytes bytes of WAL segment files on disk
 * @param blocks block files on disk
 * @param blockBytes bytes of block files on disk
 * @param blocksCutTotal blocks written since start
 * @param blockRawBytes raw line bytes held in the block files
 * @param streams streams known, all tenants
 * @param headStreams streams with unflushed head data
 * @param headBytes raw bytes held in heads
 * @param tenants tenants known
 * @param retentionDeletedBlocksTotal blocks deleted by retention since start
 */
public record StoreMetrics(
        long ingestedLines,
        long ingestedBytes,
        long discardedLines,
        long discardedBytes,
        long duplicateLines,
        long walBytesTotal,
        long walFsyncsTotal,
        long walRecordsTotal,
        long walSegments,
        long walDiskBytes,
        long blocks,
        long blockBytes,
        long blocksCutTotal,
        long blockRawBytes,
        long streams,
        long headStreams,
        long headBytes,
        long tenants,
        long retentionDeletedBlocksTotal) {}
