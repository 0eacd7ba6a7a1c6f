package dev.plg.store.engine;

import dev.plg.push.LabelPair;
import dev.plg.store.block.BlockFormat;
import dev.plg.store.block.EntryColumns;
import dev.plg.store.block.LineTemplates;
import dev.plg.store.read.Direction;
import dev.plg.store.read.EntryCounts;
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.TemplatedLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;

/** Cursors over heads and blocks, and the merge that orders them; one consumer thread each. */
final class Cursors {
    private Cursors() {}

    /** Counters shared with the store's metrics. */
    static final class ScanCounters {
        final LongAdder blocksRead = new LongAdder();
        final LongAdder blocksSkipped = new LongAdder();
        final LongAdder headsSkipped = new LongAdder();
    }

    /** One ordered run of entries (a block or a head snapshot), already restricted to the range. */
    abstract static class Source {
        final int rank;
        final long minTs;
        final long maxTs;
        Source(int rank, long minTs, long maxTs) {
            this.rank = rank;
            this.minTs = minTs;
            this.maxTs = maxTs;
        }
        /** Loads the data; false when nothing in range. */
        abstract boolean open();
        abstract boolean advance();
        abstract long ts();
        abstract byte[] lines();
        abstract int offset();
        abstract int length();
        abstract List<LabelPair> metadata();

        /** See {@link EntryCursor#mayMatch()}. */
        boolean mayMatch() {
            return true;
        }

        /** Line bytes of all the entries in range (those {@link #advance()} moves over). */
        abstract long rangeBytes();

        /** See {@link EntryCursor#templatedLine()}. */
        TemplatedLine templatedLine() {
            return null;
        }

        /** Line bytes of the entries returned so far, with or without the one {@link #advance()} stands on. */
        abstract long returnedBytes(boolean withCurrent);

        /**
         * Once {@link #openToCount()}ed, counts the entries in range into {@code counts} (see
         * {@link EntryCursor#countRest}) instead of {@link #advance() returning} them.
         */
        abstract void countAll(boolean matchesOnly, EntryCounts counts);

        /** {@link #open()} for {@link #countAll} alone, which asks no entry's {@link #ts()}. */
        boolean openToCount() {
            return open();
        }
    }

    /** Entries of a columnar run between positions, walked forward or backward. */
    abstract static class ColumnSource extends Source {
        final long from;
        final long to;
        final boolean forward;
        /** The entries' timestamps, ascending (a block opened to be counted may leave them null). */
        long[] ts;
        int start;
        int end;
        int pos;

        ColumnSource(int rank, long minTs, long maxTs, long from, long to, boolean forward) {
            super(rank, minTs, maxTs);
            this.from = from;
            this.to = to;
            this.forward = forward;
        }

        /** Sets {@link #ts} (sorted ascending) and returns whether any entry is in range. */
        boolean position(long[] sortedTs, int count) {
            ts = sortedTs;
            start = lowerBound(sortedTs, count, from);
            end = lowerBound(sortedTs, count, to);
            pos = forward ? start - 1 : end;
            return start < end;
        }

        static int lowerBound(long[] a, int n, long key) {
            int lo = 0;
            int hi = n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (a[mid] < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        @Override
        boolean advance() {
            if (forward) {
                return ++pos < end;
            }
            return --pos >= start;
        }

        @Override
        long ts() {
            return ts[pos];
        }

        @Override
        long returnedBytes(boolean withCurrent) {
            int from = forward ? start : (withCurrent ? pos : pos + 1);
            int to = forward ? (withCurrent ? pos + 1 : pos) : end;
            if (from >= to) {
                return 0;
            }
            if (from == start && to == end) {
                return rangeBytes();
            }
            long sum = 0;
            for (int i = from; i < to; i++) {
                sum += lengthAt(i);
            }
            return sum;
        }

        /** The line length of the entry at position {@code i}. */
        abstract int lengthAt(int i);

        /**
         * A run per metadata list (the entries of a block or head mostly share one), its matches
         * counted run by run ({@link #matchesIn}); ends where {@link #advance()} would.
         */
        @Override
        void countAll(boolean matchesOnly, EntryCounts counts) {
            List<LabelPair> md = null;
            int runStart = start;
            for (int i = start; i < end; i++) {
                pos = i;
                List<LabelPair> m = metadata();
                if (m != md) {
                    if (i > runStart) {
                        counts.add(md, i - runStart, matchesOnly ? matchesIn(runStart, i) : i - runStart);
                    }
                    md = m;
                    runStart = i;
                }
            }
            if (end > runStart) {
                counts.add(md, end - runStart, matchesOnly ? matchesIn(runStart, end) : end - runStart);
            }
            pos = forward ? end : start - 1;
        }

        /** How many entries at positions {@code [from, to)} {@link #mayMatch() may match}. */
        private int matchesIn(int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                pos = i;
                if (mayMatch()) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * A block's entries, decoded as far as the scan asks: opening reads only the timestamps (none when
     * it opens {@link #openToCount() to be counted} wholly inside the range); the rest decodes on first
     * use, without the lines when the hints say they are never read.
     */
    static final class BlockSource extends ColumnSource {
        private static final int METADATA = 1;
        private static final int LENGTHS = 2;
        private static final int LINES = 3;
        private final StreamState.BlockRef block;
        private final ScanHints hints;
        private final ScanCounters counters;
        private BlockFormat.Block parsed;
        /** Decoded as far as {@link #decoded} says (0: nothing yet; {@link #METADATA}: without lengths). */
        private EntryColumns columns;
        private int decoded;
        /** Per entry: whether its line holds every hinted substring (null until asked). */
        private boolean[] candidates;
        /** How many entries in range are candidates (-1 until counted). */
        private int candidateCount = -1;

        BlockSource(int rank, StreamState.BlockRef block, long from, long to, boolean forward, ScanHints hints, ScanCounters counters) {
            super(rank, block.meta().minTs(), block.meta().maxTs(), from, to, forward);
            this.block = block;
            this.hints = hints;
            this.counters = counters;
        }

        @Override
        boolean open() {
            if (!read()) {
                return false;
            }
            long[] ts = parsed.timestamps();
            return position(ts, ts.length);
        }

        /**
         * A block wholly inside the range is counted without its timestamps: every entry is in range,
         * and only a search that reads a TIME column decodes them ({@link #timestamps()}).
         */
        @Override
        boolean openToCount() {
            if (minTs < from || maxTs >= to) {
                return open();
            }
            if (!read()) {
                return false;
            }
            start = 0;
            end = block.meta().entries();
            pos = forward ? start - 1 : end;
            return start < end;
        }

        /** Reads and checks the block into {@link #parsed}; false when it is gone or its filter rules the hints out. */
        private boolean read() {
            byte[] file;
            try {
                file = Files.readAllBytes(block.path());
            } catch (NoSuchFileException e) {
                return false; // deleted by retention after the scan started
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read block " + block.path(), e);
            }
            BlockFormat.Block b = BlockFormat.parse(file, block.path().toString());
            if (!hints.mustContain().isEmpty() && !b.bloom().mayContainAll(hints.mustContain())) {
                counters.blocksSkipped.increment();
                return false;
            }
            counters.blocksRead.increment();
            parsed = b;
            return true;
        }

        /** The entries' timestamps, decoded now if {@link #openToCount()} left them out. */
        private long[] timestamps() {
            if (ts == null) {
                ts = parsed.timestamps();
            }
            return ts;
        }

        private EntryColumns at(int level) {
            return decoded >= level ? columns : decode(level);
        }

        private EntryColumns decode(int level) {
            // a scan that reads lines reads only those holding the hinted substrings: none here, none decoded;
            // a few are rebuilt one by one from the templates (singleLine), many mean decoding them all at once
            int target = hints.lines() && (level == LINES || candidatesInRange() > SINGLE_LINES) ? LINES : Math.max(level, decoded);
            if (decoded >= target) {
                return columns; // the search (when it could not use the columns) decoded the lines
            }
            columns = switch (target) {
                case METADATA -> parsed.metadataOnly(this::timestamps);
                case LENGTHS -> parsed.lengths(timestamps());
                default -> parsed.columns(timestamps());
            };
            decoded = target;
            if (target == LINES) {
                parsed = null;
            }
            return columns;
        }

        @Override
        long rangeBytes() {
            if (start == 0 && end == block.meta().entries()) {
                return block.meta().rawBytes();
            }
            int[] lens = at(LENGTHS).lineLengths();
            long sum = 0;
            for (int i = start; i < end; i++) {
                sum += lens[i];
            }
            return sum;
        }

        @Override
        byte[] lines() {
            byte[] one = singleLine();
            return one != null ? one : at(LINES).lines();
        }

        @Override
        boolean mayMatch() {
            if (hints.mustContain().isEmpty()) {
                return true;
            }
            boolean[] c = candidates;
            return (c != null ? c : searchLines())[pos];
        }

        /** How many entries in range may hold every hinted substring ({@link Integer#MAX_VALUE} without hints). */
        private int candidatesInRange() {
            if (hints.mustContain().isEmpty()) {
                return Integer.MAX_VALUE;
            }
            if (candidateCount < 0) {
                boolean[] c = candidates != null ? candidates : searchLines();
                int count = 0;
                for (int i = start; i < end; i++) {
                    count += c[i] ? 1 : 0;
                }
                candidateCount = count;
            }
            return candidateCount;
        }

        private boolean[] searchLines() {
            // on the columns when the lines are not decoded yet (and need not be, if nothing matches)
            boolean[] c = decoded < LINES ? parsed.search(this::timestamps, LineSearch.utf8(hints.mustContain())) : null;
            candidates = c != null ? c : LineSearch.candidates(at(LINES), hints.mustContain());
            return candidates;
        }

        @Override
        int offset() {
            return singleLine() != null ? 0 : at(LINES).lineOffsets()[pos];
        }

        @Override
        int length() {
            return templates != null && decoded < LENGTHS ? templates.lineLength(pos) : at(LENGTHS).lineLengths()[pos];
        }

        @Override
        List<LabelPair> metadata() {
            return at(METADATA).metadata(pos);
        }

        @Override
        int lengthAt(int i) {
            return templates != null && decoded < LENGTHS ? templates.lineLength(i) : at(LENGTHS).lineLengths()[i];
        }

        /** Lines of a block read as templates that are rebuilt one by one before the whole block is. */
        private static final int SINGLE_LINES = 64;
        private int singleLines;
        private int singlePos = -1;
        private byte[] single;

        /**
         * The current line rebuilt alone from the templates, while the block's lines were not
         * rebuilt and only a few of its lines were asked for (a scan reading templates rebuilds just
         * the lines it keeps); null: use the block's lines. Stable for one entry (lines and offset agree).
         */
        private byte[] singleLine() {
            if (decoded >= LINES || templates == null && !(fewCandidates() && openTemplates() != null)) {
                return null;
            }
            if (singlePos != pos) {
                if (singleLines >= SINGLE_LINES) {
                    return null;
                }
                int len = templates.lineLength(pos);
                if (single == null || single.length < len + 32) {
                    single = new byte[len + 32 + (len >> 1)];
                }
                templates.line(pos, single);
                singlePos = pos;
                singleLines++;
            }
            return single;
        }

        /** Whether the hints leave so few candidate lines that rebuilding them one by one beats decoding the block. */
        private boolean fewCandidates() {
            return hints.lines() && parsed != null && candidatesInRange() <= SINGLE_LINES;
        }

        /** The block's lines as templates, read on first use; null once the block's lines were rebuilt. */
        private LineTemplates templates;
        private TemplatedEntry templated;

        @Override
        TemplatedLine templatedLine() {
            TemplatedEntry t = templated;
            return t != null ? t.at(pos) : openTemplates();
        }

        private TemplatedLine openTemplates() {
            if (parsed == null) {
                return null; // lines already rebuilt: read those
            }
            templates = parsed.templates(timestamps());
            if (templates == null) {
                return null;
            }
            templated = new TemplatedEntry(templates);
            return templated.at(pos);
        }
    }

    /** One entry of a {@link LineTemplates} as a {@link TemplatedLine}: one object per source, moved {@link #at} each entry. */
    static final class TemplatedEntry implements TemplatedLine {
        private final LineTemplates templates;
        private int entry;
        /** The last hole found (a consumer asks bytes, offset and length of one hole in a row). */
        private int atEntry = -1;
        private int atHole;
        private final LineTemplates.ValueRef at = new LineTemplates.ValueRef();

        TemplatedEntry(LineTemplates templates) {
            this.templates = templates;
        }

        TemplatedEntry at(int e) {
            entry = e;
            return this;
        }

        @Override
        public Object templateKey() {
            return templates.literals(templates.template(entry));
        }

        @Override
        public int holeCount() {
            return templates.holeCount(templates.template(entry));
        }

        @Override
        public byte[] literal(int k) {
            return templates.literals(templates.template(entry))[k];
        }

        private LineTemplates.ValueRef locate(int k) {
            if (atEntry != entry || atHole != k) {
                templates.find(entry, k, at);
                atEntry = entry;
                atHole = k;
            }
            return at;
        }

        @Override
        public byte[] holeBytes(int k) {
            return locate(k).bytes;
        }

        @Override
        public int holeOffset(int k) {
            return locate(k).offset;
        }

        @Override
        public int holeLength(int k) {
            return locate(k).length;
        }

        @Override
        public boolean holeNumeric(int k) {
            return templates.numeric(templates.template(entry), k);
        }

        @Override
        public int holeCode(int k) {
            return locate(k).code;
        }

        @Override
        public double holeDouble(int k) {
            return templates.decimal(entry, k);
        }
    }

    static final class HeadSource extends ColumnSource {
        private final Head.Snapshot snap;
        private int[] order;
        /** Per ingest position: whether its line holds every hinted substring (null until asked). */
        private boolean[] candidates;

        private final ScanHints hints;
        private final ScanCounters counters;

        HeadSource(int rank, Head.Snapshot snap, long from, long to, boolean forward, ScanHints hints, ScanCounters counters) {
            super(rank, snap.minTs(), snap.maxTs(), from, to, forward);
            this.snap = snap;
            this.hints = hints;
            this.counters = counters;
        }

        @Override
        boolean open() {
            if (!hints.mustContain().isEmpty() && !snap.filter().mayContainAll(snap, hints.mustContain())) {
                counters.headsSkipped.increment();
                return false;
            }
            order = snap.order();
            long[] sorted = new long[snap.count()];
            for (int i = 0; i < sorted.length; i++) {
                sorted[i] = snap.timestamps()[order[i]];
            }
            return position(sorted, sorted.length);
        }

        @Override
        byte[] lines() {
            return snap.lines();
        }

        @Override
        int offset() {
            return snap.lineStart(order[pos]);
        }

        @Override
        int length() {
            int i = order[pos];
            return snap.lineEnds()[i] - snap.lineStart(i);
        }

        @Override
        List<LabelPair> metadata() {
            return snap.metadata(order[pos]);
        }

        @Override
        boolean mayMatch() {
            if (hints.mustContain().isEmpty()) {
                return true;
            }
            boolean[] c = candidates;
            return (c != null ? c : searchLines())[order[pos]];
        }

        /** Candidates by ingest position (the head's lines are contiguous in that order). */
        private boolean[] searchLines() {
            int n = snap.count();
            int[] offs = new int[n];
            int[] lens = new int[n];
            snap.lineSpans(offs, lens);
            candidates = LineSearch.candidates(snap.lines(), offs, lens, n, hints.mustContain());
            return candidates;
        }

        @Override
        int lengthAt(int p) {
            int i = order[p];
            return snap.lineEnds()[i] - snap.lineStart(i);
        }

        /** The head's lines as templates ({@link HeadTemplates}), asked for on first use; null: none (yet). */
        private TemplatedEntry templated;
        private int templatedCount;
        private boolean templatesAsked;

        @Override
        TemplatedLine templatedLine() {
            if (!templatesAsked) {
                templatesAsked = true;
                HeadTemplates.Encoded e = snap.templates().of(snap);
                if (e != null) {
                    templated = new TemplatedEntry(e.read());
                    templatedCount = Math.min(e.count(), snap.count());
                }
            }
            int i = order[pos];
            return templated != null && i < templatedCount ? templated.at(i) : null;
        }

        @Override
        long rangeBytes() {
            long sum = 0;
            for (int p = start; p < end; p++) {
                int i = order[p];
                sum += snap.lineEnds()[i] - snap.lineStart(i);
            }
            return sum;
        }
    }

    /** Which lines of a decoded block hold given substrings: one search over all its line bytes per substring. */
    static final class LineSearch {
        private LineSearch() {}

        /** The needles as UTF-8 bytes, empty ones left out (every line holds those). */
        static byte[][] utf8(List<String> needles) {
            return needles.stream().filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        }

        static boolean[] candidates(EntryColumns c, List<String> needles) {
            return candidates(c.lines(), c.lineOffsets(), c.lineLengths(), c.count(), needles);
        }

        /** Lines {@code i < n} at {@code offs[i]} for {@code lens[i]} bytes: contiguous, ascending. */
        static boolean[] candidates(byte[] lines, int[] offs, int[] lens, int n, List<String> needles) {
            boolean[] all = null;
            if (n == 0) {
                return new boolean[0];
            }
            int from = offs[0];
            int to = offs[n - 1] + lens[n - 1];
            // Latin-1 keeps one char per byte (a plain copy), and String.indexOf is a vectorized intrinsic
            String hay = new String(lines, from, to - from, StandardCharsets.ISO_8859_1);
            for (String needle : needles) {
                if (needle.isEmpty()) {
                    continue;
                }
                boolean[] hit = matches(hay, from, offs, lens, n,
                        new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
                if (all == null) {
                    all = hit;
                } else {
                    for (int i = 0; i < n; i++) {
                        all[i] &= hit[i];
                    }
                }
            }
            if (all == null) {
                all = new boolean[n];
                java.util.Arrays.fill(all, true);
            }
            return all;
        }

        /** Lines holding {@code needle}; lines are contiguous and ascending from {@code base}. */
        private static boolean[] matches(String hay, int base, int[] offs, int[] lens, int n, String needle) {
            boolean[] hit = new boolean[n];
            int line = 0;
            int at = 0;
            while (line < n) {
                int i = hay.indexOf(needle, at);
                if (i < 0) {
                    break;
                }
                int abs = i + base;
                while (line < n && offs[line] + lens[line] <= abs) {
                    line++;
                }
                if (line == n) {
                    break;
                }
                if (abs + needle.length() <= offs[line] + lens[line]) {
                    hit[line] = true;
                    line++;
                    at = line < n ? offs[line] - base : hay.length();
                } else {
                    at = i + 1; // crosses into the next line: not a match of either
                }
            }
            return hit;
        }
    }

    /**
     * Merges sources in timestamp order (ties by source rank, reversed for backward). Sources
     * are opened lazily, only when the merge reaches their time range, so memory holds only
     * the blocks that overlap the current position.
     */
    static final class MergeCursor implements EntryCursor {
        private final boolean forward;
        private final List<Source> pending;
        private int nextPending;
        private final PriorityQueue<Source> queue;
        private Source current;
        private boolean closed;
        /** Line bytes of the sources already walked to their end. */
        private long doneBytes;

        MergeCursor(List<Source> sources, Direction direction) {
            this.forward = direction == Direction.FORWARD;
            this.pending = new ArrayList<>(sources);
            if (forward) {
                pending.sort((a, b) -> a.minTs != b.minTs ? Long.compare(a.minTs, b.minTs) : Integer.compare(a.rank, b.rank));
                queue = new PriorityQueue<>(Math.max(1, sources.size()),
                        (a, b) -> a.ts() != b.ts() ? Long.compare(a.ts(), b.ts()) : Integer.compare(a.rank, b.rank));
            } else {
                pending.sort((a, b) -> a.maxTs != b.maxTs ? Long.compare(b.maxTs, a.maxTs) : Integer.compare(b.rank, a.rank));
                queue = new PriorityQueue<>(Math.max(1, sources.size()),
                        (a, b) -> a.ts() != b.ts() ? Long.compare(b.ts(), a.ts()) : Integer.compare(b.rank, a.rank));
            }
        }

        @Override
        public boolean next() {
            if (closed) {
                return false;
            }
            if (current != null) {
                if (current.advance()) {
                    if (!pendingReached(current.ts()) && (queue.isEmpty() || queue.comparator().compare(current, queue.peek()) < 0)) {
                        // the usual cases: one source at a time, or sources overlapping in runs: no heap work
                        return true;
                    }
                    queue.add(current);
                } else {
                    doneBytes += current.rangeBytes();
                }
                current = null;
            }
            openReached();
            current = queue.poll();
            return current != null;
        }

        /** Opens and counts each source in turn, unmerged: counting needs no order. */
        @Override
        public boolean countRest(boolean matchesOnly, EntryCounts counts) {
            if (closed || current != null || !queue.isEmpty() || nextPending > 0) {
                return false;
            }
            while (nextPending < pending.size()) {
                Source p = pending.get(nextPending);
                pending.set(nextPending++, null);
                if (p.openToCount()) {
                    p.countAll(matchesOnly, counts);
                    doneBytes += p.rangeBytes();
                }
            }
            return true;
        }

        private boolean pendingReached(long ts) {
            if (nextPending >= pending.size()) {
                return false;
            }
            Source p = pending.get(nextPending);
            return forward ? p.minTs <= ts : p.maxTs >= ts;
        }

        /** Opens the pending sources whose range the merge has reached. */
        private void openReached() {
            while (nextPending < pending.size()) {
                Source p = pending.get(nextPending);
                Source top = queue.peek();
                boolean reached = top == null || (forward ? p.minTs <= top.ts() : p.maxTs >= top.ts());
                if (!reached) {
                    break;
                }
                pending.set(nextPending++, null); // the queue holds it while it has entries, then nothing does
                if (p.open() && p.advance()) {
                    queue.add(p);
                }
            }
        }

        @Override
        public long timestamp() {
            return current.ts();
        }

        @Override
        public byte[] lineBytes() {
            return current.lines();
        }

        @Override
        public int lineOffset() {
            return current.offset();
        }

        @Override
        public int lineLength() {
            return current.length();
        }

        @Override
        public List<LabelPair> structuredMetadata() {
            return current.metadata();
        }

        @Override
        public boolean mayMatch() {
            return current.mayMatch();
        }

        /** Blocks and heads both search their lines (or columns) for the hints exactly. */
        @Override
        public boolean mayMatchIsExact() {
            return true;
        }

        @Override
        public long lineBytesReturned() {
            return doneBytes;
        }

        @Override
        public TemplatedLine templatedLine() {
            return current.templatedLine();
        }

        @Override
        public long lineBytesSoFar() {
            long sum = doneBytes;
            if (current != null) {
                sum += current.returnedBytes(true);
            }
            for (Source s : queue) {
                sum += s.returnedBytes(false); // advanced to an entry not returned yet
            }
            return sum;
        }

        @Override
        public void close() {
            closed = true;
            current = null;
            queue.clear();
        }
    }
}
