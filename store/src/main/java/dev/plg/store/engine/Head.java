package dev.plg.store.engine;

import dev.plg.push.LabelPair;
import dev.plg.store.block.EntryColumns;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * The unflushed entries of one stream, in arrival order, as append-only columns.
 *
 * <p>Only the ingest path mutates a head, under the store's apply lock. Readers see it through
 * {@link Snapshot}s: slots below a snapshot's count are never written again (growth copies into
 * new arrays), so a snapshot published through a volatile field is safe to read without locks.
 */
final class Head {
    long[] timestamps = new long[32];
    int[] lineEnds = new int[32];
    int[] metadataIndex = new int[32];
    byte[] lines = new byte[4096];
    int count;
    int bytes;
    @SuppressWarnings("unchecked")
    List<LabelPair>[] metadataSets = new List[4];
    int metadataSetCount;
    private final HashMap<List<LabelPair>, Integer> metadataLookup = new HashMap<>();
    /** The last list {@link #metadataSet} looked up (by identity) and its index. */
    private List<LabelPair> lastMetadata;
    private int lastMetadataIndex;
    boolean sorted = true;
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    /** First and last WAL sequence applied to this head; -1 when empty. */
    long firstSeq = -1;
    long lastSeq = -1;
    long createdNanos;
    private long[] fingerprints = new long[64];
    /** Built by scans with hints, shared by every snapshot of this head. */
    private final HeadFilter filter = new HeadFilter();
    private int fingerprintCount;

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * Appends one entry unless an identical one (same timestamp and line bytes) is already in
     * this head; returns whether it was appended. Identity is a 64-bit fingerprint of timestamp
     * and line, so two different entries collide with probability about n^2 / 2^64.
     */
    boolean append(long ts, byte[] line, List<LabelPair> metadata, long seq, long nowNanos) {
        long fp = fingerprint(ts, line);
        if (!addFingerprint(fp)) {
            return false;
        }
        if (count == timestamps.length) {
            int n = count * 2;
            timestamps = Arrays.copyOf(timestamps, n);
            lineEnds = Arrays.copyOf(lineEnds, n);
            metadataIndex = Arrays.copyOf(metadataIndex, n);
        }
        if (bytes + line.length > lines.length) {
            // Growing by half copies each byte about twice and leaves at most a third unused.
            lines = Arrays.copyOf(lines, Math.max(bytes + line.length, lines.length + (lines.length >> 1)));
        }
        System.arraycopy(line, 0, lines, bytes, line.length);
        bytes += line.length;
        if (count > 0 && ts < timestamps[count - 1]) {
            sorted = false;
        }
        timestamps[count] = ts;
        lineEnds[count] = bytes;
        metadataIndex[count] = metadataSet(metadata);
        count++;
        minTs = Math.min(minTs, ts);
        maxTs = Math.max(maxTs, ts);
        if (firstSeq < 0) {
            firstSeq = seq;
            createdNanos = nowNanos;
        }
        lastSeq = Math.max(lastSeq, seq);
        return true;
    }

    private int metadataSet(List<LabelPair> md) {
        if (md.isEmpty()) {
            return -1;
        }
        if (md == lastMetadata) {
            // The validator shares one list per common detected_level: consecutive entries of a
            // stream mostly carry the very same instance, so skip hashing it.
            return lastMetadataIndex;
        }
        Integer idx = metadataLookup.get(md);
        if (idx != null) {
            lastMetadata = md;
            lastMetadataIndex = idx;
            return idx;
        }
        if (metadataSetCount == metadataSets.length) {
            metadataSets = Arrays.copyOf(metadataSets, metadataSetCount * 2);
        }
        metadataSets[metadataSetCount] = md;
        metadataLookup.put(md, metadataSetCount);
        lastMetadata = md;
        lastMetadataIndex = metadataSetCount;
        return metadataSetCount++;
    }

    static long fingerprint(long ts, byte[] line) {
        long h = ts * 0x9E3779B97F4A7C15L + line.length;
        int i = 0;
        for (; i + 8 <= line.length; i += 8) {
            long w = (long) LONGS.get(line, i);
            h = (h ^ w) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        for (; i < line.length; i++) {
            h = (h ^ line[i]) * 0x94D049BB133111EBL;
        }
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return h == 0 ? 1 : h;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Open addressing set of non-zero fingerprints; false when already present. */
    private boolean addFingerprint(long fp) {
        if ((fingerprintCount + 1) * 2 > fingerprints.length) {
            long[] old = fingerprints;
            fingerprints = new long[old.length * 2];
            fingerprintCount = 0;
            for (long f : old) {
                if (f != 0) {
                    insert(f);
                }
            }
        }
        return insert(fp);
    }

    private boolean insert(long fp) {
        int mask = fingerprints.length - 1;
        int i = (int) (fp ^ (fp >>> 32)) & mask;
        while (true) {
            long cur = fingerprints[i];
            if (cur == 0) {
                fingerprints[i] = fp;
                fingerprintCount++;
                return true;
            }
            if (cur == fp) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /** Approximate heap held by this head (arrays), for the memory bound. */
    long retainedBytes() {
        return lines.length + timestamps.length * 20L + fingerprints.length * 8L;
    }

    Snapshot snapshot() {
        return new Snapshot(count, timestamps, lineEnds, metadataIndex, lines, metadataSets, sorted, minTs, maxTs, bytes, filter);
    }

    /** An immutable view of the first {@code count} entries of a head. */
    record Snapshot(int count, long[] timestamps, int[] lineEnds, int[] metadataIndex, byte[] lines,
                    List<LabelPair>[] metadataSets, boolean sorted, long minTs, long maxTs, long bytes, HeadFilter filter) {

        static final Snapshot EMPTY = new Snapshot(0, new long[0], new int[0], new int[0], new byte[0], null, true,
                Long.MAX_VALUE, Long.MIN_VALUE, 0, new HeadFilter());

        boolean overlaps(long from, long to) {
            return count > 0 && maxTs >= from && minTs < to;
        }

        int lineStart(int i) {
            return i == 0 ? 0 : lineEnds[i - 1];
        }

        List<LabelPair> metadata(int i) {
            int idx = metadataIndex[i];
            return idx < 0 ? List.of() : metadataSets[idx];
        }

        /** Entry indexes in timestamp order, ties in arrival order. */
        int[] order() {
            int[] order = new int[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            if (!sorted) {
                Integer[] boxed = new Integer[count];
                for (int i = 0; i < count; i++) {
                    boxed[i] = i;
                }
                Arrays.sort(boxed, (a, b) -> Long.compare(timestamps[a], timestamps[b]));
                for (int i = 0; i < count; i++) {
                    order[i] = boxed[i];
                }
            }
            return order;
        }

        /** The entries sorted for a block; lines stay in the head's array, metadata sets are reused. */
        EntryColumns toSortedColumns() {
            int[] order = order();
            long[] ts = new long[count];
            int[] offs = new int[count];
            int[] lens = new int[count];
            int[] mdIdx = new int[count];
            int sets = 0;
            boolean anyEmpty = false;
            for (int k = 0; k < count; k++) {
                int i = order[k];
                ts[k] = timestamps[i];
                offs[k] = lineStart(i);
                lens[k] = lineEnds[i] - offs[k];
                int idx = metadataIndex[i];
                mdIdx[k] = idx;
                if (idx < 0) {
                    anyEmpty = true;
                } else if (idx >= sets) {
                    sets = idx + 1;
                }
            }
            if (sets == 0) {
                return new EntryColumns(count, ts, lines, offs, lens, List.of(), null);
            }
            java.util.ArrayList<List<LabelPair>> list = new java.util.ArrayList<>(sets + 1);
            for (int j = 0; j < sets; j++) {
                list.add(metadataSets[j]);
            }
            if (anyEmpty) {
                // Entries without metadata use an extra, empty set at the end.
                list.add(List.of());
                for (int k = 0; k < count; k++) {
                    if (mdIdx[k] < 0) {
                        mdIdx[k] = sets;
                    }
                }
            }
            return new EntryColumns(count, ts, lines, offs, lens, List.copyOf(list), list.size() > 1 ? mdIdx : null);
        }
    }
}
