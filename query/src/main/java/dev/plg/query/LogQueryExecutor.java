package dev.plg.query;

import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.pipeline.EntryResult;
import dev.plg.logql.pipeline.LogPipeline;
import dev.plg.logql.pipeline.StreamPipeline;
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
        return run(ex, expr, startNs, endNs, limit, direction, 0);
    }

    /**
     * With {@code intervalNs > 0}, only entries at least that far (in the query's direction) from the
     * previously returned one are returned, over all streams, as Loki's {@code interval} parameter does.
     * Each stream is then scanned past {@code limit}, since thinning may skip most of its entries.
     */
    static QueryResult.Streams run(Execution ex, LogExpr expr, long startNs, long endNs, int limit, Direction direction,
                                   long intervalNs) {
        LogPipeline pipeline = compile(ex, expr);
        if (endNs <= startNs || limit <= 0) {
            return new QueryResult.Streams(List.of(), ex.stats(0));
        }
        List<LabelMatcher> matchers = Selectors.toStore(expr.matchers());
        List<StreamRef> refs = ex.source.streams(ex.tenant, matchers, startNs, endNs);
        // once one stream holds `limit` rows, entries beyond its last row cannot make the answer
        AtomicLong bound = new AtomicLong(direction == Direction.FORWARD ? Long.MAX_VALUE : Long.MIN_VALUE);
        int perStreamLimit = intervalNs > 0 ? Integer.MAX_VALUE : limit;
        List<List<Row>> perStream = ex.parallel(refs,
                ref -> scan(ex, pipeline, ref, startNs, endNs, perStreamLimit, direction,
                        new ScanHints(pipeline.requiredSubstrings(ref.labels())), bound));
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
        Comparator<Row> forward = Comparator.<Row>comparingLong(Row::ts).thenComparing(Row::order);
        Comparator<Row> cmp = direction == Direction.FORWARD ? forward : forward.reversed();
        // rows of one stream with equal keys keep their scan order: Arrays.sort on objects is stable
        Arrays.sort(all, cmp.thenComparing((a, b) -> 0));
        Map<List<LabelPair>, List<QueryResult.LogEntry>> groups = new LinkedHashMap<>();
        int n = 0;
        boolean first = true;
        long last = 0;
        for (int i = 0; i < all.length && n < limit; i++) {
            Row r = all[i];
            if (intervalNs > 0 && !first) {
                boolean due = direction == Direction.FORWARD ? r.ts() >= last + intervalNs : r.ts() <= last - intervalNs;
                if (!due) {
                    continue;
                }
            }
            first = false;
            last = r.ts();
            n++;
            groups.computeIfAbsent(r.stream(), x -> new ArrayList<>())
                    .add(new QueryResult.LogEntry(r.ts(), r.line(), r.metadata(), r.parsed()));
        }
        List<QueryResult.LogStream> streams = new ArrayList<>(groups.size());
        groups.forEach((labels, entries) -> streams.add(new QueryResult.LogStream(labels, entries)));
        streams.sort(LabelSets.STREAM_ORDER);
        return new QueryResult.Streams(streams, ex.stats(n));
    }

    static LogPipeline compile(Execution ex, LogExpr expr) {
        try {
            return ex.compiler.compile(expr);
        } catch (IllegalArgumentException e) {
            throw QueryException.user(e.getMessage());
        }
    }

    private static List<Row> scan(Execution ex, LogPipeline pipeline, StreamRef ref, long startNs, long endNs,
                                  int limit, Direction direction, ScanHints hints, AtomicLong bound) {
        boolean forward = direction == Direction.FORWARD;
        ex.streams.increment();
        StreamPipeline sp = pipeline.forStream(ref.labels());
        List<Row> rows = new ArrayList<>(Math.min(limit, 1024));
        long lines = 0;
        long bytes = 0;
        long metaBytes = 0;
        Copier copier = new Copier();
        try (EntryCursor c = ex.source.entries(ex.tenant, ref, startNs, endNs, direction, hints)) {
            int seq = 0;
            while (c.next()) {
                if ((++lines & (Execution.CHECK_EVERY - 1)) == 0) {
                    ex.check();
                }
                long ts = c.timestamp();
                if (ts < startNs || ts >= endNs) {
                    continue;
                }
                if (forward ? ts > bound.get() : ts < bound.get()) {
                    break;
                }
                int len = c.lineLength();
                bytes += len;
                List<LabelPair> md = c.structuredMetadata();
                for (int i = 0; i < md.size(); i++) {
                    LabelPair p = md.get(i);
                    metaBytes += p.name().length() + p.value().length();
                }
                EntryResult r = sp.process(ts, c.lineBytes(), c.lineOffset(), len, md);
                if (r == null) {
                    continue;
                }
                rows.add(copier.row(ts, r, seq++));
                if (rows.size() >= limit) {
                    if (forward) {
                        bound.accumulateAndGet(ts, Math::min);
                    } else {
                        bound.accumulateAndGet(ts, Math::max);
                    }
                    break;
                }
            }
        } finally {
            ex.linesProcessed.add(lines);
            ex.bytesProcessed.add(bytes + metaBytes);
            ex.metadataBytes.add(metaBytes);
            ex.postFilterLines.add(rows.size());
        }
        return rows;
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
