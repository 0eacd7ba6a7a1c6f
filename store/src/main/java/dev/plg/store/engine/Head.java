package dev.plg.store.engine;

import dev.plg.push.LabelPair;
import dev.plg.store.block.EntryColumns;
import dev.plg.store.ingest.PreparedStream;
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
    /** Empty until the first line, so an idle stream holds no line memory. */
    byte[] lines = new byte[0];
    int count;
    int bytes;
    @SuppressWarnings("unchecked")
    List<LabelPair>[] metadataSets = new List[4];
    int metadataSetCount;
    private final HashMap<List<LabelPair>, Integer> metadataLookup = new HashMap<>();
    /** The last list {@link #metadataSet} looked up (by identity) and its index; at first no metadata. */
    private List<LabelPair> lastMetadata = List.of();
    private int lastMetadataIndex = -1;
    /**
     * Zero while the entries are in timestamp order (each at or after the one before). Kept by
     * arithmetic, not a branch: out-of-order entries are rare, and a branch the JIT had seen
     * untaken made it recompile append when one came.
     */
    private long unsorted;
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    /** First and last WAL sequence applied to this head; -1 when empty. */
    long firstSeq = -1;
    long lastSeq = -1;
    long createdNanos;
    private long[] fingerprints = new long[64];
    /** Built by scans with hints, shared by every snapshot of this head. */
    private final HeadFilter filter = new HeadFilter();
    /** Built by scans that read templated lines, shared by every snapshot of this head. */
    private final HeadTemplates templates = new HeadTemplates();
    private int fingerprintCount;
    /**
     * Line bytes and entries this head is expected to reach (0: no idea). Arrays start small and,
     * once they must grow, jump straight to these sizes instead of growing by half many times:
     * each growth leaves the old array as garbage, and for a head that fills to a block those
     * copies (about twice the block) were most of what the old generation had to collect.
     */
    private final int expectedBytes;
    private final int expectedEntries;

    Head() {
        this(0, 0);
    }

    Head(int expectedBytes, int expectedEntries) {
        this.expectedBytes = expectedBytes;
        this.expectedEntries = expectedEntries;
    }

    /**
     * The next head of a stream whose previous head ended with {@code previous}'s size: a stream
     * busy enough to fill a block most likely fills the next one, so it starts sized for a block.
     */
    static Head after(Head previous, int blockTargetBytes) {
        if (previous.bytes < blockTargetBytes / 2) {
            return new Head();
        }
        // Heads are cut before a push would take them past the target, so a head sized for the
        // target grows no further unless a single push brings more than that.
        int entries = (int) Math.min(Integer.MAX_VALUE / 2, (long) previous.count * blockTargetBytes / Math.max(1, previous.bytes));
        return new Head(blockTargetBytes, entries + entries / 8);
    }

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * Appends entries {@code from, from + 1, ..., to - 1} of {@code ps} with {@link #append} until
     * one is a duplicate; returns that one's index, or {@code to} when none was. A loop of its own
     * so that the JIT compiles it, with {@link #append} inlined, as one small unit.
     */
    int appendAll(PreparedStream ps, int from, int to, long seq, long nowNanos) {
        long[] ts = ps.timestamps;
        byte[][] lines = ps.lines;
        int n = to;
        reserve(n - from);
        if (firstSeq < 0 && from < n) {
            // An empty head has no fingerprints: its first entry is appended. Set here, not in
            // append, like the growth above.
            firstSeq = seq;
            createdNanos = nowNanos;
        }
        for (int j = from; j < n; j++) {
            if (!append(ts[j], lines[j], ps.metadata(j), seq, nowNanos)) {
                return j;
            }
        }
        return n;
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
            growEntries();
        }
        if (bytes + line.length > lines.length) {
            growLines(bytes + line.length);
        }
        System.arraycopy(line, 0, lines, bytes, line.length);
        bytes += line.length;
        long max = Math.max(maxTs, ts);
        unsorted |= max ^ ts; // non-zero once an entry is older than one before it
        timestamps[count] = ts;
        lineEnds[count] = bytes;
        metadataIndex[count] = metadata == lastMetadata ? lastMetadataIndex : metadataSet(metadata);
        count++;
        minTs = Math.min(minTs, ts);
        maxTs = max;
        if (firstSeq < 0) {
            firstSeq = seq;
            createdNanos = nowNanos;
        }
        lastSeq = Math.max(lastSeq, seq);
        return true;
    }

    /**
     * Grows the entry columns and the fingerprint set, as {@link #append} would on its way, so
     * that {@code k} more entries fit without growing either. {@link #append}'s own growth checks
     * then never fire inside a run: a branch that the JIT saw untaken and then taken (the first
     * growth of a head's fingerprints) made it recompile the whole append.
     */
    private void reserve(int k) {
        while ((long) (fingerprintCount + k) * 2 > fingerprints.length && fingerprints.length < (1 << 30)) {
            rehash();
        }
        while (count + k > timestamps.length) {
            growEntries();
        }
    }

    /** Rare path of {@link #append}: the entry columns are full. */
    private void growEntries() {
        int n = Math.max(timestamps.length * 2, expectedEntries);
        timestamps = Arrays.copyOf(timestamps, n);
        lineEnds = Arrays.copyOf(lineEnds, n);
        metadataIndex = Arrays.copyOf(metadataIndex, n);
    }

    /** Rare path of {@link #append}: the line array must hold {@code needed} bytes. */
    private void growLines(int needed) {
        lines = Arrays.copyOf(lines, grownCapacity(lines.length, needed, expectedBytes));
    }

    /**
     * Rare path of {@link #append}: the index of {@code md} among this head's metadata sets, added
     * when new ({@code -1} for none). Entries of a stream mostly carry the very same list instance
     * (the validator shares one per common detected_level), which append checks first.
     */
    private int metadataSet(List<LabelPair> md) {
        if (md.isEmpty()) {
            return -1;
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

    /**
     * Growing by half copies each byte about twice and leaves at most a third unused; a head
     * expected to reach {@code expected} bytes goes there in one step.
     */
    static int grownCapacity(int capacity, int needed, int expected) {
        int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(Math.max((long) needed, 4096), capacity + (long) (capacity >> 1)));
        // The first lines of a head get a small array: a stream that turned quiet after filling
        // a block should not hold a block-sized array for a line or two.
        return capacity > 0 && needed <= expected && grown < expected ? expected : grown;
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
            rehash();
        }
        return insert(fp);
    }

    /** The fingerprint set at twice its size (at least twice the expected entries), refilled. */
    private void rehash() {
        long[] old = fingerprints;
        int size = old.length * 2;
        while (size < expectedEntries * 2 && size < (1 << 30)) {
            size *= 2;
        }
        fingerprints = new long[size];
        fingerprintCount = 0;
        for (long f : old) {
            if (f != 0) {
                insert(f);
            }
        }
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

    /** The line array's size: what the head holds for its lines, used or not (memory bound). */
    int lineCapacity() {
        return lines.length;
    }

    Snapshot snapshot() {
        return new Snapshot(count, timestamps, lineEnds, metadataIndex, lines, metadataSets, unsorted == 0, minTs, maxTs, bytes, filter,
                templates);
    }

    /** An immutable view of the first {@code count} entries of a head. */
    record Snapshot(int count, long[] timestamps, int[] lineEnds, int[] metadataIndex, byte[] lines,
                    List<LabelPair>[] metadataSets, boolean sorted, long minTs, long maxTs, long bytes, HeadFilter filter,
                    HeadTemplates templates) {

        static final Snapshot EMPTY = new Snapshot(0, new long[0], new int[0], new int[0], new byte[0], null, true,
                Long.MAX_VALUE, Long.MIN_VALUE, 0, new HeadFilter(), new HeadTemplates());

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
                sortByTime(order, timestamps, count);
            }
            return order;
        }

        /**
         * Stable sort of entry indexes by timestamp: a bottom-up merge sort of sorted runs (heads are
         * nearly in order, so runs are long), on primitives (no boxing, no comparator call per step).
         */
        static void sortByTime(int[] order, long[] ts, int n) {
            int[] src = order;
            int[] dst = new int[n];
            for (int width = INSERTION_RUN; ; width *= 2) {
                if (width == INSERTION_RUN) {
                    for (int lo = 0; lo < n; lo += INSERTION_RUN) {
                        insertionSort(src, ts, lo, Math.min(lo + INSERTION_RUN, n));
                    }
                }
                if (width >= n) {
                    break;
                }
                for (int lo = 0; lo < n; lo += 2 * width) {
                    merge(src, dst, ts, lo, Math.min(lo + width, n), Math.min(lo + 2 * width, n));
                }
                int[] swap = src;
                src = dst;
                dst = swap;
            }
            if (src != order) {
                System.arraycopy(src, 0, order, 0, n);
            }
        }

        private static final int INSERTION_RUN = 32;

        private static void insertionSort(int[] a, long[] ts, int lo, int hi) {
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i];
                long key = ts[v];
                int j = i - 1;
                while (j >= lo && ts[a[j]] > key) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
        }

        /** Merges sorted {@code src[lo, mid)} and {@code src[mid, hi)} into {@code dst[lo, hi)}, left first on ties. */
        private static void merge(int[] src, int[] dst, long[] ts, int lo, int mid, int hi) {
            if (mid >= hi || ts[src[mid - 1]] <= ts[src[mid]]) {
                System.arraycopy(src, lo, dst, lo, hi - lo);
                return;
            }
            int i = lo;
            int j = mid;
            for (int k = lo; k < hi; k++) {
                if (j >= hi || (i < mid && ts[src[i]] <= ts[src[j]])) {
                    dst[k] = src[i++];
                } else {
                    dst[k] = src[j++];
                }
            }
        }

        /** The entries sorted for a block; lines stay in the head's array, metadata sets are reused. */
        EntryColumns toSortedColumns() {
            long[] ts = new long[count];
            int[] offs = new int[count];
            int[] lens = new int[count];
            int[] mdIdx = new int[count];
            if (sorted) {
                copyInOrder(ts, offs, lens, mdIdx);
            } else {
                gather(order(), ts, offs, lens, mdIdx);
            }
            // Every loop over the entries is in a method of its own: this one runs once per block,
            // and a loop here would make the JIT compile all of it on-stack, callees inlined.
            int sets = setCount(mdIdx, count);
            if (sets == 0) {
                return new EntryColumns(count, ts, lines, offs, lens, List.of(), null);
            }
            java.util.ArrayList<List<LabelPair>> list = new java.util.ArrayList<>(sets + 1);
            for (int j = 0; j < sets; j++) {
                list.add(metadataSets[j]);
            }
            if (useEmptySet(mdIdx, count, sets)) {
                list.add(List.of()); // entries without metadata use an extra, empty set at the end
            }
            return new EntryColumns(count, ts, lines, offs, lens, List.copyOf(list), list.size() > 1 ? mdIdx : null);
        }

        /** Number of metadata sets the entries use (highest index + 1). */
        private static int setCount(int[] mdIdx, int n) {
            int sets = 0;
            for (int k = 0; k < n; k++) {
                sets = Math.max(sets, mdIdx[k] + 1);
            }
            return sets;
        }

        /** Points entries without metadata (-1) at set {@code empty}; returns whether there were any. */
        private static boolean useEmptySet(int[] mdIdx, int n, int empty) {
            boolean any = false;
            for (int k = 0; k < n; k++) {
                if (mdIdx[k] < 0) {
                    mdIdx[k] = empty;
                    any = true;
                }
            }
            return any;
        }

        /** The columns as they are (the head is in timestamp order). */
        private void copyInOrder(long[] ts, int[] offs, int[] lens, int[] mdIdx) {
            System.arraycopy(timestamps, 0, ts, 0, count);
            System.arraycopy(metadataIndex, 0, mdIdx, 0, count);
            lineSpans(offs, lens);
        }

        /** Each entry's line in {@link #lines}: offset and length, in arrival order (the order the lines lie in). */
        void lineSpans(int[] offs, int[] lens) {
            int start = 0;
            for (int i = 0; i < count; i++) {
                offs[i] = start;
                lens[i] = lineEnds[i] - start;
                start = lineEnds[i];
            }
        }

        /** The columns in {@code order}. */
        private void gather(int[] order, long[] ts, int[] offs, int[] lens, int[] mdIdx) {
            for (int k = 0; k < count; k++) {
                int i = order[k];
                ts[k] = timestamps[i];
                int start = i == 0 ? 0 : lineEnds[i - 1];
                offs[k] = start;
                lens[k] = lineEnds[i] - start;
                mdIdx[k] = metadataIndex[i];
            }
        }
    }
}
