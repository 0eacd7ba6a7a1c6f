package dev.plg.server;

import dev.plg.logql.LogQL;
import dev.plg.logql.LogQLException;
import dev.plg.logql.ast.Expr;
import dev.plg.logql.ast.LogExpr;
import dev.plg.push.LabelPair;
import dev.plg.query.DetectedFields;
import dev.plg.query.QueryEngine;
import dev.plg.query.QueryException;
import dev.plg.query.QueryLimits;
import dev.plg.query.QueryResult;
import dev.plg.query.TailSink;
import dev.plg.server.config.LokiConfig;
import dev.plg.server.http.PushTarget;
import dev.plg.server.http.ReadBackend;
import dev.plg.store.Limits;
import dev.plg.store.LogStore;
import dev.plg.store.PushResult;
import dev.plg.store.read.Direction;
import dev.plg.store.read.LogSource;
import dev.plg.store.read.StreamStats;
import java.util.List;
import java.util.Optional;

/** Adapts the store and the query engine to what the HTTP API needs ({@link PushTarget}, {@link ReadBackend}). */
public final class Backends {
    private Backends() {
    }

    /** Per-query limits from Loki's {@code limits_config}. */
    public static QueryLimits queryLimits(Limits l) {
        QueryLimits d = QueryLimits.DEFAULTS;
        return new QueryLimits(Math.max(1, l.maxEntriesLimitPerQuery()), Math.max(1, l.maxQuerySeries()),
                l.maxQueryLength(), d.queryTimeout(), d.maxPointsPerSeries());
    }

    /** Per-query limits from a whole configuration: {@code limits_config} including {@code split_queries_by_interval}. */
    public static QueryLimits queryLimits(LokiConfig config) {
        return queryLimits(config.limits()).withSplitQueriesByInterval(config.splitQueriesByInterval());
    }

    /** The push endpoint's target: the store's ingest, its result as the HTTP answer Loki gives. */
    public static PushTarget push(LogStore store) {
        return (tenant, request) -> {
            PushResult r = store.push(tenant, request);
            return r.category() == PushResult.Category.OK ? PushTarget.PushOutcome.OK
                    : new PushTarget.PushOutcome(r.category().httpStatus(), r.message());
        };
    }

    public static ReadBackend read(LogSource source, Limits limits) {
        return read(new QueryEngine(source, queryLimits(limits)));
    }

    public static ReadBackend read(QueryEngine engine) {
        return new EngineBackend(engine);
    }

    /** Every call is a direct translation to {@link QueryEngine}. */
    record EngineBackend(QueryEngine engine) implements ReadBackend {
        @Override
        public QueryResult rangeQuery(String tenant, String query, long start, long end, long step, long interval,
                                      int limit, Direction direction) {
            return engine.rangeQuery(tenant, query, start, end, step, interval, limit, direction);
        }

        @Override
        public QueryResult instantQuery(String tenant, String query, long time, int limit, Direction direction) {
            return engine.instantQuery(tenant, query, time, limit, direction);
        }

        @Override
        public List<String> labels(String tenant, String query, long start, long end) {
            return engine.labels(tenant, start, end, optional(query));
        }

        @Override
        public List<String> labelValues(String tenant, String name, String query, long start, long end) {
            return engine.labelValues(tenant, name, start, end, optional(query));
        }

        @Override
        public List<List<LabelPair>> series(String tenant, List<String> matchers, long start, long end) {
            return engine.series(tenant, matchers, start, end);
        }

        @Override
        public StreamStats indexStats(String tenant, String query, long start, long end) {
            QueryEngine.IndexStats s = engine.indexStats(tenant, query, start, end);
            return new StreamStats(s.streams(), s.chunks(), s.entries(), s.bytes());
        }

        @Override
        public QueryResult volume(String tenant, String query, long start, long end, long step, int limit,
                                  List<String> targetLabels, boolean aggregateByLabels) {
            String aggregateBy = aggregateByLabels ? "labels" : "series";
            return step <= 0 ? engine.volume(tenant, query, start, end, limit, targetLabels, aggregateBy)
                    : engine.volumeRange(tenant, query, start, end, step, limit, targetLabels, aggregateBy);
        }

        @Override
        public DetectedFields.Result detectedFields(String tenant, DetectedFields.Request request) {
            return new DetectedFields(engine).run(tenant, request);
        }

        @Override
        public String formatQuery(String query) {
            try {
                return LogQL.format(LogQL.parse(query));
            } catch (LogQLException e) {
                throw QueryException.user(e.getMessage());
            }
        }

        @Override
        public void validateTailQuery(String query) {
            Expr expr = engine.parse(query);
            if (!(expr instanceof LogExpr)) {
                throw QueryException.user("tail requires a log query");
            }
        }

        @Override
        public AutoCloseable tail(String tenant, String query, long start, int limit, TailSink sink) {
            return engine.tail(tenant, query, start, limit, sink);
        }

        private static Optional<String> optional(String query) {
            return query == null || query.isBlank() ? Optional.empty() : Optional.of(query);
        }
    }
}
