package dev.plg.server;

import dev.plg.store.StoreMetrics;

/** Writes a {@link StoreMetrics} snapshot in the Prometheus text format, with Loki's names where Loki has one. */
final class StoreMetricsText {
    private StoreMetricsText() {
    }

    static String format(StoreMetrics m) {
        StringBuilder b = new StringBuilder(4096);
        counter(b, "loki_distributor_lines_received_total", "Entries accepted by ingest.", m.ingestedLines());
        counter(b, "loki_distributor_bytes_received_total", "Line bytes accepted by ingest.", m.ingestedBytes());
        counter(b, "loki_discarded_samples_total", "Entries refused by validation or limits.", m.discardedLines());
        counter(b, "loki_discarded_bytes_total", "Line bytes refused by validation or limits.", m.discardedBytes());
        counter(b, "plg_ingest_duplicate_lines_total", "Entries dropped as identical to a stored one.", m.duplicateLines());
        counter(b, "plg_wal_bytes_written_total", "Bytes appended to the write-ahead log.", m.walBytesTotal());
        counter(b, "plg_wal_fsyncs_total", "fsync calls on the write-ahead log (one per group commit).", m.walFsyncsTotal());
        counter(b, "plg_wal_records_written_total", "Records appended to the write-ahead log.", m.walRecordsTotal());
        gauge(b, "plg_wal_segments", "WAL segment files on disk.", m.walSegments());
        gauge(b, "plg_wal_disk_bytes", "Bytes of WAL segment files on disk.", m.walDiskBytes());
        gauge(b, "plg_blocks", "Block files on disk.", m.blocks());
        gauge(b, "plg_block_disk_bytes", "Bytes of block files on disk.", m.blockBytes());
        gauge(b, "plg_block_raw_bytes", "Raw line bytes held in block files.", m.blockRawBytes());
        counter(b, "plg_blocks_cut_total", "Blocks written since start.", m.blocksCutTotal());
        gauge(b, "plg_streams", "Streams known, all tenants.", m.streams());
        gauge(b, "loki_ingester_memory_streams", "Streams with unflushed head data.", m.headStreams());
        gauge(b, "plg_head_bytes", "Raw bytes held in stream heads.", m.headBytes());
        gauge(b, "plg_tenants", "Tenants known.", m.tenants());
        counter(b, "plg_retention_deleted_blocks_total", "Blocks deleted by retention since start.", m.retentionDeletedBlocksTotal());
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        b.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
        b.append(name).append(' ').append(value).append('\n');
    }
}
