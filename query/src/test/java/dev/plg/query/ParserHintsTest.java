package dev.plg.query;

import static dev.plg.query.Ast.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.pipeline.LogPipeline;
import dev.plg.logql.pipeline.Pipelines;
import dev.plg.logql.pipeline.SampleExtractor;
import dev.plg.store.read.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parser hints (json/logfmt extract only the labels a grouped metric query reads) must not change
 * any answer: each query runs with hints and with a compiler that never hints, over lines with
 * malformed JSON, non-numeric values, nested objects, keys clashing with stream labels and
 * metadata, and the answers (or error texts) must be identical.
 */
class ParserHintsTest {
    static final long T0 = 1767225600L * SEC;

    static final InMemoryLogSource SOURCE = new InMemoryLogSource();

    static {
        String[] json = {
            "{\"level\":\"info\",\"service\":\"in-line\",\"attempt\":3,\"duration_ms\":12.5,\"user\":\"u1\"}",
            "{\"level\":\"error\",\"attempt\":\"4\",\"duration_ms\":\"7\",\"http\":{\"status\":500,\"path\":\"/a\"}}",
            "{\"level\":\"warning\",\"attempt\":1,\"duration_ms\":300,\"detected_level\":\"debug\"}",
            "{\"level\":\"info\",\"attempt\":5,\"duration_ms\":",
            "Traceback (most recent call last):",
            "{\"level\":\"info\",\"attempt\":\"x\",\"duration_ms\":1,\"http\":{\"status\":200}}",
            "{\"level\":\"debug\",\"attempt\":7,\"duration_ms\":\"oops\"}",
            "{\"lev\\u0065l\":\"esc\",\"attempt\":3,\"duration_ms\":2}",
            "{\"level\":\"info\",\"attempt\":3,\"duration_ms\":5,\"attempt\":9}",
        };
        String[] logfmt = {
            "level=info user=alice dur=1.5s attempt=3",
            "level=error user= dur=250ms attempt=x",
            "level=info user=\"bob smith\" dur=2s",
            "level=warn user=carol dur=oops attempt=4 level=debug",
        };
        int k = 0;
        for (int i = 0; i < 60; i++) {
            String svc = i % 3 == 0 ? "api" : "auth";
            SOURCE.add("t", "app=a,env=prod,service=" + svc, T0 + (i * 61L) * SEC, json[k++ % json.length],
                    i % 4 == 0 ? "detected_level=info,trace_id=t" + i : "");
            SOURCE.add("t", "app=b,env=prod", T0 + (i * 59L) * SEC, logfmt[i % logfmt.length], "");
        }
    }

    /** The logql compiler without hints: the grouping is never passed on. */
    static final PipelineCompiler NO_HINTS = new PipelineCompiler() {
        @Override
        public LogPipeline compile(LogExpr expr) {
            return Pipelines.compile(expr);
        }

        @Override
        public SampleExtractor compile(RangeAggregation.Op op, LogRange range) {
            return Pipelines.compile(op, range);
        }
    };

    static final QueryEngine HINTED = new QueryEngine(SOURCE, QueryLimits.DEFAULTS);
    static final QueryEngine PLAIN = new QueryEngine(SOURCE, QueryLimits.DEFAULTS, DefaultParser::parse, NO_HINTS);

    static String answer(QueryEngine engine, String query, boolean instant) {
        try {
            QueryResult r = instant ? engine.instantQuery("t", query, T0 + 3600 * SEC, 100, Direction.BACKWARD)
                    : engine.rangeQuery("t", query, T0, T0 + 3600 * SEC, 600 * SEC, 0, 100, Direction.BACKWARD);
            return r.toString();
        } catch (QueryException e) {
            return "error " + e.httpStatus() + ": " + e.getMessage();
        }
    }

    @Test
    void hintsNeverChangeAnswers() {
        List<String> queries = List.of(
                "sum by (service) (count_over_time({app=\"a\"} | json | attempt >= 3 [1h]))",
                "sum by (service) (count_over_time({app=\"a\"} | json | __error__=\"\" | attempt >= 3 [10m]))",
                "quantile_over_time(0.99, {app=\"a\"} | json | __error__=\"\" | unwrap duration_ms [1h]) by (service)",
                "quantile_over_time(0.99, {app=\"a\"} | json | unwrap duration_ms [1h]) by (service)",
                "sum by (http_status) (count_over_time({app=\"a\"} | json | __error__=\"\" [1h]))",
                "sum by (service_extracted, level, detected_level) (count_over_time({app=\"a\"} | json | __error__=\"\" [1h]))",
                "sum by (detected_level) (count_over_time({app=\"a\"} | json [1h]))",
                "max by (service) (max_over_time({app=\"a\"} | json | unwrap attempt [1h]))",
                "sum by (level) (rate({app=\"a\"} | json | level=~\"info|error\" or attempt > 4 [1h]))",
                "avg_over_time({app=\"a\"} |= \"attempt\" | json | __error__=\"\" | unwrap duration_ms | duration_ms > 5 [1h]) by (env)",
                "sum by (user) (count_over_time({app=\"b\"} | logfmt | __error__=\"\" [1h]))",
                "sum by (user) (count_over_time({app=\"b\"} | logfmt --strict [1h]))",
                "sum by (level) (sum_over_time({app=\"b\"} | logfmt | unwrap duration(dur) | __error__=\"\" [1h]))",
                "sum by (level) (count_over_time({app=\"b\"} | logfmt | attempt > 2 [1h]))",
                "sum by (service) (bytes_over_time({app=\"a\"} | json | level=\"info\" [1h]))",
                "sum by (service) (count_over_time({app=\"a\"} | json | attempt >= 3 | __error__=\"\" [10m]))",
                "quantile_over_time(0.99, {app=\"a\"} | json | unwrap duration_ms | __error__=\"\" [1h]) by (service)",
                "max by (service) (max_over_time({app=\"a\"} | json | unwrap attempt | __error__=\"\" [1h]))",
                "sum by (level) (rate({app=\"a\"} | json | level=~\"info|error\" or attempt > 4 | __error__=\"\" [1h]))",
                "sum by (level) (count_over_time({app=\"b\"} | logfmt | attempt > 2 | __error__=\"\" [1h]))");
        for (String q : queries) {
            for (boolean instant : new boolean[] {true, false}) {
                assertThat(answer(HINTED, q, instant)).as("%s (instant=%s)", q, instant)
                        .isEqualTo(answer(PLAIN, q, instant));
            }
        }
    }
}
