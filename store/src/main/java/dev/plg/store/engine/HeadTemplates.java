package dev.plg.store.engine;

import dev.plg.store.block.EntryColumns;
import dev.plg.store.block.LineColumns;
import dev.plg.store.block.LineTemplates;
import dev.plg.store.io.ByteSink;
import dev.plg.store.io.ByteSource;
import java.util.List;

/**
 * One head's lines as templates and column values, the form a block stores them in, so that a
 * scan reading {@link dev.plg.store.read.TemplatedLine templated lines} (a json parser, say)
 * reads a head's lines as it reads a block's instead of parsing each line's bytes. Built lazily
 * by the first such scan, as {@link HeadFilter} is, never on the ingest path, and kept with the
 * head (sections not compressed) until the head becomes a block.
 *
 * <p>It covers the head's first {@link Encoded#count} entries in arrival order; entries appended
 * later are read as bytes until they are a quarter of what is covered, when the next scan encodes
 * the whole head again. So each line is encoded about five times at most over a head's life
 * however often it is queried (geometric growth), and a scan reads at most a fifth of a head's
 * lines as bytes. Heads of fewer than {@link #MIN_ENTRIES} entries are not encoded: parsing those
 * few lines costs less than templating them.
 *
 * <p>Thread-safe (one lock per head); an {@link Encoded} is immutable and each scan reads it
 * through its own {@link LineTemplates}.
 */
final class HeadTemplates {
    static final int MIN_ENTRIES = 64;

    /** The line section of the head's first {@code count} entries (arrival order), and their timestamps. */
    record Encoded(int count, byte[] section, long[] timestamps) {
        /** A fresh reader over the section: {@link LineTemplates} keeps per-reader caches, one per scan. */
        LineTemplates read() {
            return LineTemplates.read(new ByteSource(section), count, timestamps);
        }
    }

    private Encoded encoded;

    /** The templates covering as much of {@code snap} as is worth it (see class doc); null: read every line as bytes. */
    synchronized Encoded of(Head.Snapshot snap) {
        int n = snap.count();
        Encoded e = encoded;
        if (e != null && n - e.count() <= e.count() / 4) {
            return e; // snapshots older than e see entries beyond their count never: their cursor stops at count
        }
        if (n < MIN_ENTRIES) {
            return e;
        }
        encoded = encode(snap);
        return encoded;
    }

    private static Encoded encode(Head.Snapshot snap) {
        int n = snap.count();
        int[] offs = new int[n];
        int[] lens = new int[n];
        snap.lineSpans(offs, lens);
        long[] ts = java.util.Arrays.copyOf(snap.timestamps(), n);
        EntryColumns entries = new EntryColumns(n, ts, snap.lines(), offs, lens, List.of(), null);
        ByteSink out = new ByteSink(Math.max(1024, (int) Math.min(Integer.MAX_VALUE - 8, snap.bytes() / 2)));
        LineColumns.encodeUncompressed(entries, out);
        return new Encoded(n, out.toByteArray(), ts);
    }
}
