package dev.plg.query;

import dev.plg.logql.ast.BinaryOperation;
import dev.plg.logql.ast.LabelReplace;
import dev.plg.logql.ast.NumberLiteral;
import dev.plg.logql.ast.ParenExpr;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.SampleExpr;
import dev.plg.logql.ast.VectorAggregation;
import dev.plg.logql.ast.VectorLiteral;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Loki 3.4.2's query frontend does to a {@code query_range} request before and after the
 * queriers answer it: split it by {@code split_queries_by_interval} ({@code splitByInterval},
 * {@code splitters.go}) and merge the split answers ({@code MergeResponse}).
 *
 * <p>The merge is not neutral, and Loki's answers show it:
 * <ul>
 *   <li>Metric queries: split responses are ordered by the first sample of their first series
 *       ({@code byFirstTime}, sorted with Go's unstable {@code sort.Sort}) after the splits were
 *       put newest first for a {@code backward} request; then each series keeps only samples after
 *       the last one it already has. When step &gt;= interval, adjacent splits share a boundary
 *       point, the two responses can tie, and the older split's points are then dropped.</li>
 *   <li>Log queries: splits run newest first (backward) until {@code limit} entries were returned;
 *       when they returned more, entries are picked with a heap whose {@code Pop} re-appends the
 *       popped stream's rest without restoring heap order, which effectively alternates between
 *       streams ({@code mergeOrderedNonOverlappingStreams}).</li>
 * </ul>
 * Everything here is a pure function of the unsplit evaluation, so the engine evaluates once and
 * reproduces the frontend's effect.
 */
final class SplitByInterval {
    private SplitByInterval() {
    }

    /** A sub-request range {@code [start, end]} in Unix nanoseconds. */
    record Split(long start, long end) {
    }

    /**
     * Loki's {@code util.ForInterval} with {@code endTimeInclusive=false}: boundaries aligned to
     * {@code interval}, the first split starting at {@code start}, the last ending at {@code end}.
     */
    static List<Split> forInterval(long intervalNs, long start, long end) {
        List<Split> out = new ArrayList<>();
        if (intervalNs <= 0) {
            out.add(new Split(start, end));
            return out;
        }
        long s = start - start % intervalNs;
        boolean first = true;
        for (; s < end; s += intervalNs) {
            long e = s + intervalNs;
            if (e >= end) {
                e = end;
            }
            out.add(new Split(first ? start : s, e));
            first = false;
        }
        return out;
    }

    /**
     * Loki's {@code metricQuerySplitter.split} for an already step-aligned {@code [start, end]}:
     * the interval grows to the longest range in the query; with {@code step >= interval} the
     * range is cut at every step (adjacent splits share their boundary point), otherwise at the
     * last step before each interval boundary (no shared points).
     */
    static List<Split> metricSplits(long start, long end, long stepNs, long intervalNs) {
        List<Split> out = new ArrayList<>();
        if (stepNs >= intervalNs) {
            return forInterval(stepNs, start, end);
        }
        for (long s = start; s < end; s = nextIntervalBoundary(s, stepNs, intervalNs) + stepNs) {
            long e = nextIntervalBoundary(s, stepNs, intervalNs);
            if (e + stepNs >= end) {
                e = end;
            }
            out.add(new Split(s, e));
        }
        return out;
    }

    /** The last step (counted from {@code t}) before the next interval boundary after {@code t}. */
    static long nextIntervalBoundary(long t, long stepNs, long intervalNs) {
        long startOfNext = (t / intervalNs + 1) * intervalNs;
        long target = startOfNext - ((startOfNext - t) % stepNs);
        if (target == startOfNext) {
            target -= stepNs;
        }
        return target;
    }

    /** The longest range of any range aggregation in the expression (Loki's {@code maxRangeVectorAndOffsetDuration}). */
    static long maxRange(SampleExpr e) {
        return switch (e) {
            case RangeAggregation r -> r.range().rangeNanos();
            case VectorAggregation v -> maxRange(v.inner());
            case BinaryOperation b -> Math.max(maxRange(b.lhs()), maxRange(b.rhs()));
            case LabelReplace l -> maxRange(l.inner());
            case ParenExpr p -> maxRange(p.inner());
            case VectorLiteral v -> 0;
            case NumberLiteral n -> 0;
        };
    }

    // ---- metric queries -----------------------------------------------------------------------

    /** Index of the first timestamp (ms) at or after {@code ns} in an ascending array (binary search). */
    static int firstAtOrAfter(long[] tsMillis, long ns) {
        int lo = 0;
        int hi = tsMillis.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tsMillis[mid] * 1_000_000L < ns) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** One split's response: its series (sorted by labels, only those with points in the split). */
    private record PromResponse(List<QueryResult.Series> series) {
        long minTime() {
            if (series.isEmpty() || series.getFirst().timestampsMillis().length == 0) {
                return -1;
            }
            return series.getFirst().timestampsMillis()[0];
        }
    }

    /**
     * The matrix Loki's frontend returns for {@code full} (the unsplit evaluation, series sorted by
     * labels) when the request was split into {@code splits}. Series keep {@code full}'s order.
     */
    static QueryResult.Matrix mergeMetric(QueryResult.Matrix full, List<Split> splits, boolean backward) {
        if (splits.size() <= 1) {
            return full;
        }
        List<PromResponse> responses = new ArrayList<>(splits.size());
        for (Split sp : splits) {
            // points are whole milliseconds; a split [s, e] in ns holds the points with s <= t <= e
            List<QueryResult.Series> part = new ArrayList<>();
            for (QueryResult.Series s : full.series()) {
                long[] ts = s.timestampsMillis();
                int from = firstAtOrAfter(ts, sp.start());
                int to = firstAtOrAfter(ts, sp.end() + 1);
                if (to > from) {
                    part.add(new QueryResult.Series(s.labels(), java.util.Arrays.copyOfRange(ts, from, to),
                            java.util.Arrays.copyOfRange(s.values(), from, to)));
                }
            }
            responses.add(new PromResponse(part));
        }
        if (backward) {
            java.util.Collections.reverse(responses);
        }
        GoSort.sort(GoSort.over(responses, (a, b) -> a.minTime() < b.minTime()));
        // matrixMerge
        Map<List<dev.plg.push.LabelPair>, long[][]> merged = new HashMap<>();
        Map<List<dev.plg.push.LabelPair>, double[]> mergedValues = new HashMap<>();
        Map<List<dev.plg.push.LabelPair>, int[]> sizes = new HashMap<>();
        for (PromResponse r : responses) {
            for (QueryResult.Series s : r.series()) {
                long[] ts = s.timestampsMillis();
                double[] vs = s.values();
                int[] size = sizes.computeIfAbsent(s.labels(), k -> new int[1]);
                long[][] tsBox = merged.computeIfAbsent(s.labels(), k -> new long[][] {new long[16]});
                double[] vBox = mergedValues.get(s.labels());
                int from = 0;
                if (size[0] > 0 && ts.length > 0) {
                    long lastTs = tsBox[0][size[0] - 1];
                    while (from < ts.length && ts[from] <= lastTs) {
                        from++;
                    }
                }
                int need = size[0] + ts.length - from;
                if (tsBox[0].length < need) {
                    tsBox[0] = java.util.Arrays.copyOf(tsBox[0], Math.max(need, tsBox[0].length * 2));
                }
                if (vBox == null || vBox.length < tsBox[0].length) {
                    vBox = vBox == null ? new double[tsBox[0].length] : java.util.Arrays.copyOf(vBox, tsBox[0].length);
                    mergedValues.put(s.labels(), vBox);
                }
                for (int i = from; i < ts.length; i++) {
                    tsBox[0][size[0]] = ts[i];
                    vBox[size[0]] = vs[i];
                    size[0]++;
                }
            }
        }
        List<QueryResult.Series> out = new ArrayList<>(full.series().size());
        for (QueryResult.Series s : full.series()) {
            int[] size = sizes.get(s.labels());
            if (size == null || size[0] == 0) {
                continue;
            }
            out.add(new QueryResult.Series(s.labels(), java.util.Arrays.copyOf(merged.get(s.labels())[0], size[0]),
                    java.util.Arrays.copyOf(mergedValues.get(s.labels()), size[0])));
        }
        return new QueryResult.Matrix(out, full.stats());
    }
}
