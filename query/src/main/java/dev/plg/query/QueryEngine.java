package dev.plg.query;

import static java.util.Objects.requireNonNull;

import dev.plg.logql.UnsupportedFeatureException;
import dev.plg.logql.ast.Expr;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.ParenExpr;
import dev.plg.logql.ast.SampleExpr;
import dev.plg.logql.ast.VectorAggregation;
import dev.plg.push.LabelPair;
import dev.plg.store.read.Direction;
import dev.plg.store.read.LabelMatcher;
import dev.plg.store.read.LogSource;
import dev.plg.store.read.StreamRef;
import dev.plg.store.read.StreamStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Evaluates LogQL over a {@link LogSource}, answer for answer with Loki 3.4.2.
 *
 * <p>Thread-safe: one engine serves all requests; each call is an independent query that runs its
 * stream scans on virtual threads. Times are Unix nanoseconds. Every failure is a
 * {@link QueryException} whose category maps to the HTTP status Loki uses.
 */
public final class QueryEngine {
    private final LogSource source;
    private final QueryLimits limits;
    private final Function<String, Expr> parser;
    private final PipelineCompiler compiler;

    /** An engine using the logql module's parser and pipelines. */
    public QueryEngine(LogSource source, QueryLimits limits) {
        this(source, limits, DefaultParser::parse, PipelineCompiler.LOGQL);
    }

    QueryEngine(LogSource source, QueryLimits limits, Function<String, Expr> parser, PipelineCompiler compiler) {
        this.source = requireNonNull(source, "source is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.parser = requireNonNull(parser, "parser is null");
        this.compiler = requireNonNull(compiler, "compiler is null");
    }

    public QueryLimits limits() {
        return limits;
    }

    /** Parses a query, turning any parser failure into a USER error with the parser's (Loki's) text. */
    public Expr parse(String query) {
        requireNonNull(query, "query is null");
        try {
            return parser.apply(query);
        } catch (QueryException e) {
            throw e;
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            // features Loki 3.4.2 ships disabled (approx_topk) are answered with 500 there
            if (e instanceof UnsupportedFeatureException) {
                throw new QueryException(QueryException.Category.INTERNAL, msg, e);
            }
            throw new QueryException(QueryException.Category.USER, msg, e);
        }
    }

    // ---- queries ------------------------------------------------------------------------------

    /**
     * {@code /query_range}: a log query returns entries with {@code startNs <= ts < endNs}; a metric
     * query is evaluated at multiples of {@code stepNs} from {@code startNs} floored to the step up
     * to {@code endNs} ceiled to the step (Loki's query-frontend alignment). {@code intervalNs > 0}
     * thins a log query's entries to at most one per interval (Loki's {@code interval}); 0 keeps all.
     */
    public QueryResult rangeQuery(String tenant, String query, long startNs, long endNs, long stepNs, long intervalNs,
                                  int limit, Direction direction) {
        Expr expr = parse(query);
        return rangeQuery(tenant, expr, startNs, endNs, stepNs, intervalNs, limit, direction);
    }

    /** As {@link #rangeQuery(String, String, long, long, long, long, int, Direction)} for a parsed expression. */
    public QueryResult rangeQuery(String tenant, Expr expr, long startNs, long endNs, long stepNs, int limit,
                                  Direction direction) {
        return rangeQuery(tenant, expr, startNs, endNs, stepNs, 0, limit, direction);
    }

    public QueryResult rangeQuery(String tenant, Expr expr, long startNs, long endNs, long stepNs, long intervalNs,
                                  int limit, Direction direction) {
        requireNonNull(direction, "direction is null");
        if (endNs < startNs) {
            throw QueryException.user("end timestamp must not be before or equal to start time");
        }
        checkLength(startNs, endNs);
        Execution ex = new Execution(tenant, source, limits, compiler);
        return switch (expr) {
            case LogExpr log -> {
                checkLimit(limit);
                yield LogQueryExecutor.run(ex, log, startNs, endNs, limit, direction, Math.max(0, intervalNs),
                        limits.splitQueriesByInterval().toNanos());
            }
            case SampleExpr sample -> {
                if (stepNs <= 0) {
                    throw QueryException.user(
                            "zero or negative query resolution step widths are not accepted. Try a positive integer");
                }
                if ((endNs - startNs) / stepNs > limits.maxPointsPerSeries()) {
                    throw QueryException.user("exceeded maximum resolution of 11,000 points per time series. "
                            + "Try increasing the value of the step parameter");
                }
                long alignedStart = Math.floorDiv(startNs, stepNs) * stepNs;
                long alignedEnd = RangeAggregationEvaluator.ceilDiv(endNs, stepNs) * stepNs;
                int count = (int) ((alignedEnd - alignedStart) / stepNs) + 1;
                RangeAggregationEvaluator.Steps steps = new RangeAggregationEvaluator.Steps(alignedStart, stepNs, count);
                QueryResult result = metric(ex, sample, steps, false);
                long split = limits.splitQueriesByInterval().toNanos();
                if (split > 0 && result instanceof QueryResult.Matrix m) {
                    long interval = Math.max(split, SplitByInterval.maxRange(sample));
                    result = SplitByInterval.mergeMetric(m,
                            SplitByInterval.metricSplits(alignedStart, alignedEnd, stepNs, interval),
                            direction == Direction.BACKWARD);
                }
                yield result;
            }
        };
    }

    /** {@code /query}: a metric query evaluated at {@code timeNs}; log queries are rejected as in Loki. */
    public QueryResult instantQuery(String tenant, String query, long timeNs, int limit, Direction direction) {
        return instantQuery(tenant, parse(query), timeNs, limit, direction);
    }

    public QueryResult instantQuery(String tenant, Expr expr, long timeNs, int limit, Direction direction) {
        if (expr instanceof LogExpr) {
            throw QueryException.user("log queries are not supported as an instant query type, "
                    + "please change your query to a range query type");
        }
        Execution ex = new Execution(tenant, source, limits, compiler);
        RangeAggregationEvaluator.Steps steps = new RangeAggregationEvaluator.Steps(timeNs, 0, 1);
        return metric(ex, (SampleExpr) expr, steps, true);
    }

    private QueryResult metric(Execution ex, SampleExpr expr, RangeAggregationEvaluator.Steps steps, boolean instant) {
        MetricEvaluator.Value value = new MetricEvaluator(ex, steps).eval(expr);
        if (value instanceof MetricEvaluator.Scalar s) {
            if (instant) {
                return new QueryResult.Scalar(lokiScalarMillis(steps.startNs()), s.value(), ex.stats(1));
            }
            long[] ts = new long[steps.count()];
            double[] vs = new double[steps.count()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = Math.floorDiv(steps.at(i), 1_000_000L);
                vs[i] = s.value();
            }
            return new QueryResult.Matrix(List.of(new QueryResult.Series(List.of(), ts, vs)), ex.stats(1));
        }
        List<SeriesData> series = new ArrayList<>();
        for (SeriesData s : ((MetricEvaluator.Vec) value).series()) {
            if (s.size > 0) {
                series.add(s);
            }
        }
        checkErrorsAndSeriesLimit(ex, series);
        if (instant) {
            long ms = Math.floorDiv(steps.startNs(), 1_000_000L);
            List<QueryResult.Sample> samples = new ArrayList<>(series.size());
            for (SeriesData s : series) {
                samples.add(new QueryResult.Sample(s.labels, ms, s.values[0]));
            }
            samples.sort(Comparator.comparing(QueryResult.Sample::labels, LabelSets.ORDER));
            VectorAggregation.Op sort = rootSort(expr);
            if (sort == VectorAggregation.Op.SORT) {
                samples.sort((a, b) -> MetricEvaluator.compareAsc(a.value(), b.value()));
            } else if (sort == VectorAggregation.Op.SORT_DESC) {
                samples.sort((a, b) -> MetricEvaluator.compareDesc(a.value(), b.value()));
            }
            return new QueryResult.Vector(samples, ex.stats(samples.size()));
        }
        List<QueryResult.Series> out = new ArrayList<>(series.size());
        for (SeriesData s : series) {
            long[] ts = new long[s.size];
            for (int k = 0; k < s.size; k++) {
                ts[k] = Math.floorDiv(steps.at(s.steps[k]), 1_000_000L);
            }
            out.add(new QueryResult.Series(s.labels, ts, Arrays.copyOf(s.values, s.size)));
        }
        out.sort(Comparator.comparing(QueryResult.Series::labels, LabelSets.ORDER));
        return new QueryResult.Matrix(out, ex.stats(out.size()));
    }

    private static VectorAggregation.Op rootSort(SampleExpr e) {
        while (e instanceof ParenExpr p) {
            e = p.inner();
        }
        return e instanceof VectorAggregation v ? v.op() : null;
    }

    /**
     * Loki evaluates step by step: at each step a range aggregation fails on a surviving
     * {@code __error__} series, then the result fails once it has seen more than the series limit.
     * Whichever happens at the earlier step wins; this reproduces that order.
     */
    private void checkErrorsAndSeriesLimit(Execution ex, List<SeriesData> series) {
        int limitStep = Integer.MAX_VALUE;
        if (series.size() > limits.maxQuerySeries()) {
            int[] first = new int[series.size()];
            for (int i = 0; i < first.length; i++) {
                first[i] = series.get(i).firstStep();
            }
            Arrays.sort(first);
            limitStep = first[limits.maxQuerySeries()];
        }
        if (ex.firstErrorStep != Integer.MAX_VALUE && ex.firstErrorStep <= limitStep) {
            throw pipelineError(ex.firstErrorLabels);
        }
        if (limitStep != Integer.MAX_VALUE) {
            throw new QueryException(QueryException.Category.LIMIT,
                    "maximum of series (" + limits.maxQuerySeries() + ") reached for a single query");
        }
    }

    static QueryException pipelineError(List<LabelPair> labels) {
        String type = LabelSets.get(labels, RangeAggregationEvaluator.ERROR_LABEL);
        return QueryException.user("pipeline error: '" + type + "' for series: '" + LabelSets.format(labels) + "'.\n"
                + "Use a label filter to intentionally skip this error. (e.g | __error__!=\"" + type + "\").\n"
                + "To skip all potential errors you can match empty errors.(e.g __error__=\"\")\n"
                + "The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" )\n");
    }

    /**
     * The timestamp Loki 3.4.2 puts on an instant scalar: the nanosecond time multiplied by 1000 in
     * 64-bit arithmetic (it overflows) and divided by 10^6, read as seconds. Reproduced because
     * clients compare it.
     */
    static long lokiScalarMillis(long timeNs) {
        long seconds = (timeNs * 1000L) / 1_000_000L;
        return seconds * 1000L;
    }

    private void checkLimit(int limit) {
        if (limit <= 0) {
            throw QueryException.user("limit must be a positive value");
        }
        if (limit > limits.maxEntriesPerQuery()) {
            throw QueryException.user("max entries limit per query exceeded, limit > max_entries_limit_per_query ("
                    + limit + " > " + limits.maxEntriesPerQuery() + ")");
        }
    }

    private void checkLength(long startNs, long endNs) {
        Duration max = limits.maxQueryLength();
        if (!max.isZero() && endNs - startNs > max.toNanos()) {
            throw QueryException.user("the query time range exceeds the limit (query length: "
                    + Durations.format(endNs - startNs) + ", limit: " + Durations.format(max.toNanos()) + ")");
        }
    }

    // ---- metadata -----------------------------------------------------------------------------

    /**
     * {@code /labels}: indexed label names of streams (matching {@code query} when given), sorted.
     * Like Loki 3.4.2, whose answer comes from ingester memory without a time filter, the range is
     * only validated: every stored stream counts (the store's retention bounds what that is).
     */
    public List<String> labels(String tenant, long startNs, long endNs, Optional<String> query) {
        checkMetadataRange(startNs, endNs);
        List<LabelMatcher> matchers = query.isPresent() ? selectorMatchers(query.get()) : List.of();
        return source.labelNames(tenant, matchers, 0, Long.MAX_VALUE);
    }

    /** {@code /label/<name>/values}: values of one indexed label, sorted; the range is ignored as for {@link #labels}. */
    public List<String> labelValues(String tenant, String name, long startNs, long endNs, Optional<String> query) {
        checkMetadataRange(startNs, endNs);
        List<LabelMatcher> matchers = query.isPresent() ? selectorMatchers(query.get()) : List.of();
        return source.labelValues(tenant, name, matchers, 0, Long.MAX_VALUE);
    }

    /** {@code /series}: label sets of streams matching any of the selectors (all streams when none), sorted. */
    public List<List<LabelPair>> series(String tenant, List<String> matchSelectors, long startNs, long endNs) {
        checkMetadataRange(startNs, endNs);
        List<List<LabelMatcher>> selectors = new ArrayList<>();
        for (String s : matchSelectors) {
            selectors.add(seriesMatchers(s));
        }
        if (selectors.isEmpty()) {
            selectors.add(List.of());
        }
        TreeSet<List<LabelPair>> out = new TreeSet<>(LabelSets.ORDER);
        for (List<LabelMatcher> m : selectors) {
            for (StreamRef ref : source.streams(tenant, m, startNs, endNs)) {
                out.add(ref.labels());
            }
        }
        return List.copyOf(out);
    }

    /** What {@code /index/stats} reports: sizes of the streams a selector matches. */
    public record IndexStats(long streams, long chunks, long bytes, long entries) {
    }

    public IndexStats indexStats(String tenant, String query, long startNs, long endNs) {
        List<LabelMatcher> matchers = selectorMatchers(query);
        StreamStats total = StreamStats.EMPTY;
        for (StreamRef ref : source.streams(tenant, matchers, startNs, endNs)) {
            total = total.plus(source.stats(tenant, ref, startNs, endNs));
        }
        return new IndexStats(total.streams(), total.chunks(), total.bytes(), total.entries());
    }

    /**
     * {@code /index/volume}: bytes per label set, largest first, at most {@code limit}. Series are
     * keyed by {@code targetLabels} when given, else by the labels the selector names;
     * {@code aggregateBy} {@code "labels"} reports one series per label name instead.
     */
    public QueryResult.Vector volume(String tenant, String query, long startNs, long endNs, int limit,
                                     List<String> targetLabels, String aggregateBy) {
        Map<List<LabelPair>, long[]> volumes = volumes(tenant, query, startNs, endNs, targetLabels, aggregateBy);
        List<Map.Entry<List<LabelPair>, long[]>> entries = new ArrayList<>(volumes.entrySet());
        entries.sort((a, b) -> {
            int c = Long.compare(b.getValue()[0], a.getValue()[0]);
            return c != 0 ? c : LabelSets.compare(a.getKey(), b.getKey());
        });
        long ms = Math.floorDiv(endNs, 1_000_000L);
        List<QueryResult.Sample> samples = new ArrayList<>();
        for (Map.Entry<List<LabelPair>, long[]> e : entries) {
            if (samples.size() >= limit) {
                break;
            }
            samples.add(new QueryResult.Sample(e.getKey(), ms, e.getValue()[0]));
        }
        return new QueryResult.Vector(samples, new QueryStats(0, 0, 0, 0, 0, samples.size(), volumes.size()));
    }

    /** {@code /index/volume_range}: {@link #volume} per step bucket {@code (t - step, t]}. */
    public QueryResult.Matrix volumeRange(String tenant, String query, long startNs, long endNs, long stepNs, int limit,
                                          List<String> targetLabels, String aggregateBy) {
        if (stepNs <= 0) {
            throw QueryException.user("zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        QueryResult.Vector top = volume(tenant, query, startNs, endNs, limit, targetLabels, aggregateBy);
        Map<List<LabelPair>, List<long[]>> points = new LinkedHashMap<>();
        for (QueryResult.Sample s : top.samples()) {
            points.put(s.labels(), new ArrayList<>());
        }
        for (long t = startNs; t <= endNs; t += stepNs) {
            Map<List<LabelPair>, long[]> v = volumes(tenant, query, t - stepNs, t, targetLabels, aggregateBy);
            for (Map.Entry<List<LabelPair>, long[]> e : v.entrySet()) {
                List<long[]> p = points.get(e.getKey());
                if (p != null && e.getValue()[0] > 0) {
                    p.add(new long[] {Math.floorDiv(t, 1_000_000L), e.getValue()[0]});
                }
            }
        }
        List<QueryResult.Series> out = new ArrayList<>();
        points.forEach((labels, p) -> {
            long[] ts = new long[p.size()];
            double[] vs = new double[p.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = p.get(i)[0];
                vs[i] = p.get(i)[1];
            }
            out.add(new QueryResult.Series(labels, ts, vs));
        });
        out.sort(Comparator.comparing(QueryResult.Series::labels, LabelSets.ORDER));
        return new QueryResult.Matrix(out, top.stats());
    }

    private Map<List<LabelPair>, long[]> volumes(String tenant, String query, long startNs, long endNs,
                                                 List<String> targetLabels, String aggregateBy) {
        Expr expr = parse(query);
        if (!(expr instanceof LogExpr log)) {
            throw QueryException.user("only label matchers are supported");
        }
        List<LabelMatcher> matchers = Selectors.toStore(log.matchers());
        List<String> keys = new ArrayList<>();
        if (targetLabels != null && !targetLabels.isEmpty()) {
            keys.addAll(targetLabels);
        } else {
            for (var m : log.matchers()) {
                if (!keys.contains(m.name())) {
                    keys.add(m.name());
                }
            }
        }
        boolean byLabels = "labels".equals(aggregateBy);
        Map<List<LabelPair>, long[]> out = new HashMap<>();
        for (StreamRef ref : source.streams(tenant, matchers, startNs, endNs)) {
            long bytes = source.stats(tenant, ref, startNs, endNs).bytes();
            if (byLabels) {
                for (String k : keys) {
                    if (ref.label(k) != null) {
                        out.computeIfAbsent(List.of(new LabelPair(k, "")), x -> new long[1])[0] += bytes;
                    }
                }
            } else {
                List<LabelPair> key = LabelSets.keep(ref.labels(), keys);
                out.computeIfAbsent(key, x -> new long[1])[0] += bytes;
            }
        }
        return out;
    }

    private void checkMetadataRange(long startNs, long endNs) {
        if (startNs > endNs) {
            // what Loki 3.4.2 answers (500) when the frontend has split nothing to merge
            throw QueryException.internal("merging responses requires at least one response");
        }
    }

    private List<LabelMatcher> selectorMatchers(String query) {
        Expr expr = parse(query);
        return switch (expr) {
            case LogExpr log -> Selectors.toStore(log.matchers());
            case SampleExpr s -> throw QueryException.user("only label matchers are supported");
        };
    }

    private List<LabelMatcher> seriesMatchers(String selector) {
        Expr expr = parse(selector);
        if (expr instanceof LogExpr log && log.stages().isEmpty()) {
            return Selectors.toStore(log.matchers());
        }
        throw QueryException.user("only label matchers are supported");
    }

    // ---- live tail ----------------------------------------------------------------------------

    /**
     * {@code /tail}: sends up to {@code limit} entries from {@code startNs} to now (oldest first),
     * then every newly ingested entry that passes the pipeline, until the returned handle is closed.
     */
    public AutoCloseable tail(String tenant, String query, long startNs, int limit, TailSink sink) {
        Expr expr = parse(query);
        if (!(expr instanceof LogExpr log)) {
            throw QueryException.user("tail requires a log query");
        }
        checkLimit(limit);
        return Tailer.start(this, new Execution(tenant, source, limits, compiler), log, startNs, limit, sink);
    }

    QueryResult.Streams backfill(Execution ex, LogExpr log, long startNs, long endNs, int limit) {
        return LogQueryExecutor.run(ex, log, startNs, endNs, limit, Direction.BACKWARD);
    }

    LogSource source() {
        return source;
    }
}
