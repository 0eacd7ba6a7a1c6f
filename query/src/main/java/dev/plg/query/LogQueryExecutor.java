package dev.plg.query;

import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.pipeline.EntryResult;
import dev.plg.logql.pipeline.LogPipeline;
import dev.plg.logql.pipeline.StreamPipeline;
import dev.plg.logql.pipeline.TemplatedLine;
import dev.plg.push.LabelPair;
import dev.plg.store.read.Direction;
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.LabelMatcher;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.StreamRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Log queries: every matching stream is scanned in parallel in the query's direction, each scan
 * stopping after {@code limit} kept entries (no stream can contribute more), then the per-stream
 * results are merged and cut to {@code limit} overall — the newest entries for backward, the
 * oldest for forward, as Loki returns them. Memory is bounded by streams x limit entries.
 */
final class LogQueryExecutor {
    private LogQueryExecutor() {
    }

    /** One kept entry, copied out of the pipeline's reusable result. */
    record Row(long ts, String line, List<LabelPair> stream, List<LabelPair> metadata, List<LabelPair> parsed,
               String order, int seq) {
    }

    static QueryResult.Streams run(Execution ex, LogExpr expr, long startNs, long endNs, int limit, Direction direction) {
        return run(ex, expr, startNs, endNs, limit, direction, 0, 0);
    }

    /**
     * With {@code intervalNs > 0}, only entries at least that far (in the query's direction) from the
     * previously returned one are returned, over all streams, as Loki's {@code interval} parameter does.
     * Each stream is then scanned past {@code limit}, since thinning may skip most of its entries.
     *
     * <p>With {@code splitNs > 0} the answer is the one Loki's query frontend gives after splitting
     * the range by {@code splitNs} ({@link SplitByInterval}): splits are answered newest first (oldest
     * for forward), each with at most {@code limit} entries, until {@code limit} entries were
     * returned; the entries are then picked the frontend's way. Needed per stream: fewer than
     * {@code limit} entries from the splits before the last one plus at most {@code limit} from it,
     * so each stream scans at most {@code 2 * limit - 1} entries, and no stream scans past the
     * split in which any stream reached {@code limit} entries.
     */
    static QueryResult.Streams run(Execution ex, LogExpr expr, long startNs, long endNs, int limit, Direction direction,
                                   long intervalNs, long splitNs) {
        LogPipeline pipeline = compile(ex, expr);
        if (endNs <= startNs || limit <= 0) {
            return new QueryResult.Streams(List.of(), ex.stats(0));
        }
        List<SplitByInterval.Split> splits = splitNs > 0 ? SplitByInterval.forInterval(splitNs, startNs, endNs)
                : List.of(new SplitByInterval.Split(startNs, endNs));
        boolean split = splits.size() > 1;
        boolean forward = direction == Direction.FORWARD;
        List<LabelMatcher> matchers = Selectors.toStore(expr.matchers());
        List<StreamRef> refs = ex.source.streams(ex.tenant, matchers, startNs, endNs);
        // once one stream holds `limit` rows, entries beyond its last row (beyond that row's split,
        // when split) cannot make the answer
        AtomicLong bound = new AtomicLong(forward ? Long.MAX_VALUE : Long.MIN_VALUE);
        int perStreamLimit = intervalNs > 0 ? Integer.MAX_VALUE : split ? 2 * limit - 1 : limit;
        java.util.function.LongUnaryOperator boundOf = !split ? ts -> ts
                : forward ? ts -> splitOf(splits, ts).end() : ts -> splitOf(splits, ts).start();
        List<List<Row>> perStream = ex.parallel(refs,
                ref -> scan(ex, pipeline, ref, startNs, endNs, intervalNs > 0 ? Integer.MAX_VALUE : limit,
                        perStreamLimit, direction,
                        new ScanHints(pipeline.requiredSubstrings(ref.labels())), bound, boundOf));
        int total = 0;
        for (List<Row> rows : perStream) {
            total += rows.size();
        }
        Row[] all = new Row[total];
        int k = 0;
        for (List<Row> rows : perStream) {
            for (Row r : rows) {
                all[k++] = r;
            }
        }
        Comparator<Row> fwd = Comparator.<Row>comparingLong(Row::ts).thenComparing(Row::order);
        Comparator<Row> cmp = forward ? fwd : fwd.reversed();
        // rows of one stream with equal keys keep their scan order: Arrays.sort on objects is stable
        Arrays.sort(all, cmp.thenComparing((a, b) -> 0));
        List<Row> picked = split ? pickSplit(all, splits, limit, forward, intervalNs)
                : thin(Arrays.asList(all), limit, forward, intervalNs);
        Map<List<LabelPair>, List<QueryResult.LogEntry>> groups = new LinkedHashMap<>();
        for (Row r : picked) {
            groups.computeIfAbsent(r.stream(), x -> new ArrayList<>())
                    .add(new QueryResult.LogEntry(r.ts(), r.line(), r.metadata(), r.parsed()));
        }
        List<QueryResult.LogStream> streams = new ArrayList<>(groups.size());
        groups.forEach((labels, entries) -> streams.add(new QueryResult.LogStream(labels, entries)));
        streams.sort(LabelSets.STREAM_ORDER);
        return new QueryResult.Streams(streams, ex.stats(picked.size()));
    }

    /** The split holding {@code ts} (splits are contiguous, ascending). */
    private static SplitByInterval.Split splitOf(List<SplitByInterval.Split> splits, long ts) {
        int lo = 0;
        int hi = splits.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (splits.get(mid).start() <= ts) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return splits.get(lo);
    }

    /** The first {@code limit} rows (in order), thinned to one per {@code intervalNs} when positive. */
    private static List<Row> thin(List<Row> rows, int limit, boolean forward, long intervalNs) {
        List<Row> out = new ArrayList<>(Math.min(limit, rows.size()));
        long last = 0;
        for (Row r : rows) {
            if (out.size() >= limit) {
                break;
            }
            if (intervalNs > 0 && !out.isEmpty()) {
                boolean due = forward ? r.ts() >= last + intervalNs : r.ts() <= last - intervalNs;
                if (!due) {
                    continue;
                }
            }
            last = r.ts();
            out.add(r);
        }
        return out;
    }

    /**
     * Loki's frontend over sorted rows: each split answers its first {@code limit} rows; splits are
     * taken in query order until {@code limit} rows were answered; then
     * {@code mergeOrderedNonOverlappingStreams} picks {@code limit} of them.
     */
    private static List<Row> pickSplit(Row[] sorted, List<SplitByInterval.Split> splits, int limit, boolean forward,
                                       long intervalNs) {
        List<Row> answered = new ArrayList<>();
        int i = 0;
        while (i < sorted.length && answered.size() < limit) {
            SplitByInterval.Split sp = splitOf(splits, sorted[i].ts());
            int j = i;
            while (j < sorted.length && sorted[j].ts() >= sp.start() && sorted[j].ts() < sp.end()) {
                j++;
            }
            answered.addAll(thin(Arrays.asList(sorted).subList(i, j), limit, forward, intervalNs));
            i = j;
        }
        if (answered.size() <= limit) {
            return answered;
        }
        // streams keyed by their label string, visited in reverse string order for backward
        Map<String, List<Row>> byKey = new java.util.HashMap<>();
        for (Row r : answered) {
            byKey.computeIfAbsent(r.order(), x -> new ArrayList<>()).add(r);
        }
        List<String> keys = new ArrayList<>(byKey.keySet());
        keys.sort(forward ? Comparator.naturalOrder() : Comparator.reverseOrder());
        List<Cursor> pq = new ArrayList<>(keys.size());
        for (String key : keys) {
            pq.add(new Cursor(byKey.get(key), 0));
        }
        GoSort.Heap heap = new GoSort.Heap() {
            @Override
            public int len() {
                return pq.size();
            }

            @Override
            public boolean less(int a, int b) {
                long x = pq.get(a).head().ts();
                long y = pq.get(b).head().ts();
                return forward ? x < y : x > y;
            }

            @Override
            public void swap(int a, int b) {
                Cursor t = pq.get(a);
                pq.set(a, pq.get(b));
                pq.set(b, t);
            }

            @Override
            public Object popLast() {
                // Loki's priorityqueue.Pop: re-appends the rest of the stream without fixing the heap
                Cursor c = pq.removeLast();
                if (c.pos() + 1 < c.rows().size()) {
                    pq.add(new Cursor(c.rows(), c.pos() + 1));
                }
                return c.head();
            }
        };
        GoSort.heapInit(heap);
        List<Row> out = new ArrayList<>(limit);
        for (int n = 0; n < limit && !pq.isEmpty(); n++) {
            out.add((Row) GoSort.heapPop(heap));
        }
        return out;
    }

    private record Cursor(List<Row> rows, int pos) {
        Row head() {
            return rows.get(pos);
        }
    }

    static LogPipeline compile(Execution ex, LogExpr expr) {
        try {
            return ex.compiler.compile(expr);
        } catch (IllegalArgumentException e) {
            throw QueryException.user(e.getMessage());
        }
    }

    private static List<Row> scan(Execution ex, LogPipeline pipeline, StreamRef ref, long startNs, long endNs,
                                  int limit, int maxRows, Direction direction, ScanHints hints, AtomicLong bound,
                                  java.util.function.LongUnaryOperator boundOf) {
        ex.streams.increment();
        StreamPipeline sp = pipeline.forStream(ref.labels());
        // with required substrings the store's search of whole blocks beats parsing every line's template
        boolean templates = pipeline.readsTemplates() && hints.mustContain().isEmpty();
        StreamLogScan scan = new StreamLogScan(sp, startNs, endNs, limit, maxRows, direction == Direction.FORWARD, bound,
                boundOf);
        try (EntryCursor c = ex.source.entries(ex.tenant, ref, startNs, endNs, direction,
                templates ? new ScanHints(hints.mustContain(), false) : hints)) {
            scan.run(ex, c, templates, hints.mustContain().isEmpty());
        } finally {
            ex.linesProcessed.add(scan.lines);
            ex.bytesProcessed.add(scan.bytes + scan.metaBytes.total());
            ex.metadataBytes.add(scan.metaBytes.total());
            ex.postFilterLines.add(scan.rows.size());
        }
        return scan.rows;
    }

    /**
     * One stream's log scan into rows. Entries are read in chunks of {@link #CHUNK}, one call each,
     * for the JIT: a loop over a whole stream is compiled on stack during its first long call and
     * again as a whole at a later call, and that loop inlines the store's cursor and the pipeline
     * (with the scan loop of a log query in one method, those two compilations were the largest a
     * query made: over a second of C2 time in pushbench's two log queries).
     */
    private static final class StreamLogScan {
        private static final int CHUNK = 64;
        final StreamPipeline sp;
        final long startNs;
        final long endNs;
        final int limit;
        final int maxRows;
        final boolean forward;
        final AtomicLong bound;
        final java.util.function.LongUnaryOperator boundOf;
        final List<Row> rows;
        final Copier copier = new Copier();
        long lines;
        long bytes;
        final MetadataBytes metaBytes = new MetadataBytes();
        /** Line bytes of entries outside the range or past the bound, when lines are not sized one by one. */
        long unsized;
        int seq;
        boolean sized;
        CursorTemplatedLine templated;

        StreamLogScan(StreamPipeline sp, long startNs, long endNs, int limit, int maxRows, boolean forward,
                      AtomicLong bound, java.util.function.LongUnaryOperator boundOf) {
            this.sp = sp;
            this.startNs = startNs;
            this.endNs = endNs;
            this.limit = limit;
            this.maxRows = maxRows;
            this.forward = forward;
            this.bound = bound;
            this.boundOf = boundOf;
            this.rows = new ArrayList<>(Math.min(maxRows, 1024));
        }

        void run(Execution ex, EntryCursor c, boolean templates, boolean noHints) {
            // a json-first pipeline reads lines as templates and values; only the rows it keeps are rebuilt
            templated = templates ? new CursorTemplatedLine(c) : null;
            // templated lines are not sized one by one (a length needs every value), nor are the lines of a scan with
            // required substrings (a block without a candidate is then never decoded): the cursor sums them at the end
            sized = (templated == null && noHints) || c.lineBytesSoFar() < 0;
            while (chunk(ex, c)) {
                // see CHUNK
            }
            if (!sized) {
                bytes += c.lineBytesSoFar() - unsized;
            }
        }

        /** Up to {@link #CHUNK} entries; false once the scan is over (the cursor's end, the bound, or enough rows). */
        private boolean chunk(Execution ex, EntryCursor c) {
            for (int n = 0; n < CHUNK; n++) {
                if (!c.next()) {
                    return false;
                }
                if ((++lines & (Execution.CHECK_EVERY - 1)) == 0) {
                    ex.check();
                }
                long ts = c.timestamp();
                if (ts < startNs || ts >= endNs) {
                    unsized += sized ? 0 : c.lineLength();
                    continue;
                }
                if (forward ? ts > bound.get() : ts < bound.get()) {
                    unsized += sized ? 0 : c.lineLength();
                    return false;
                }
                TemplatedLine t = templated != null ? templated.current() : null;
                int len = sized ? c.lineLength() : 0;
                bytes += len;
                List<LabelPair> md = metaBytes.add(c.structuredMetadata());
                // a templated line is not searched for the required substrings: that would rebuild the block's lines
                if (t == null && !c.mayMatch()) {
                    continue; // lacks a substring every wanted line holds (ScanHints)
                }
                EntryResult r = t != null ? sp.process(ts, t, md)
                        : sp.process(ts, c.lineBytes(), c.lineOffset(), sized ? len : c.lineLength(), md);
                if (r != null && keep(ts, r)) {
                    return false;
                }
            }
            return true;
        }

        /** Adds the row; true when the stream has all the rows it may give. */
        private boolean keep(long ts, EntryResult r) {
            rows.add(copier.row(ts, r, seq++));
            if (rows.size() == limit) {
                long b = boundOf.applyAsLong(ts);
                if (forward) {
                    bound.accumulateAndGet(b, Math::min);
                } else {
                    bound.accumulateAndGet(b, Math::max);
                }
            }
            return rows.size() >= maxRows;
        }
    }

    /** Copies label lists out of a reused {@link EntryResult}, sharing copies while they do not change. */
    static final class Copier {
        private List<LabelPair> lastStream = List.of();
        private List<LabelPair> lastMeta = List.of();
        private List<LabelPair> lastParsed = List.of();
        private String lastOrder;

        Row row(long ts, EntryResult r, int seq) {
            List<LabelPair> s = r.streamLabels();
            List<LabelPair> m = r.structuredMetadata();
            List<LabelPair> p = r.parsedLabels();
            boolean changed = false;
            if (!s.equals(lastStream) || lastOrder == null) {
                lastStream = List.copyOf(s);
                changed = true;
            }
            if (!m.equals(lastMeta)) {
                lastMeta = List.copyOf(m);
                changed = true;
            }
            if (!p.equals(lastParsed)) {
                lastParsed = List.copyOf(p);
                changed = true;
            }
            if (changed) {
                lastOrder = LabelSets.format(LabelSets.merge(lastStream, lastMeta, lastParsed));
            }
            return new Row(ts, r.line(), lastStream, lastMeta, lastParsed, lastOrder, seq);
        }
    }
}
