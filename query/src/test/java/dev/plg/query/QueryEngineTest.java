package dev.plg.query;

import static dev.plg.logql.ast.BinaryOperation.Op.ADD;
import static dev.plg.logql.ast.BinaryOperation.Op.AND;
import static dev.plg.logql.ast.BinaryOperation.Op.DIV;
import static dev.plg.logql.ast.BinaryOperation.Op.GT;
import static dev.plg.logql.ast.BinaryOperation.Op.MUL;
import static dev.plg.logql.ast.BinaryOperation.Op.OR;
import static dev.plg.logql.ast.BinaryOperation.Op.POW;
import static dev.plg.logql.ast.BinaryOperation.Op.SUB;
import static dev.plg.logql.ast.BinaryOperation.Op.UNLESS;
import static dev.plg.logql.ast.RangeAggregation.Op.ABSENT_OVER_TIME;
import static dev.plg.logql.ast.RangeAggregation.Op.AVG_OVER_TIME;
import static dev.plg.logql.ast.RangeAggregation.Op.BYTES_OVER_TIME;
import static dev.plg.logql.ast.RangeAggregation.Op.COUNT_OVER_TIME;
import static dev.plg.logql.ast.RangeAggregation.Op.FIRST_OVER_TIME;
import static dev.plg.logql.ast.RangeAggregation.Op.LAST_OVER_TIME;
import static dev.plg.logql.ast.RangeAggregation.Op.MAX_OVER_TIME;
import static dev.plg.logql.ast.RangeAggregation.Op.RATE;
import static dev.plg.logql.ast.RangeAggregation.Op.STDDEV_OVER_TIME;
import static dev.plg.logql.ast.RangeAggregation.Op.SUM_OVER_TIME;
import static dev.plg.logql.ast.VectorAggregation.Op.AVG;
import static dev.plg.logql.ast.VectorAggregation.Op.COUNT;
import static dev.plg.logql.ast.VectorAggregation.Op.MAX;
import static dev.plg.logql.ast.VectorAggregation.Op.SORT_DESC;
import static dev.plg.logql.ast.VectorAggregation.Op.SUM;
import static dev.plg.query.Ast.MIN;
import static dev.plg.query.Ast.SEC;
import static dev.plg.query.Ast.bin;
import static dev.plg.query.Ast.binBool;
import static dev.plg.query.Ast.bottomk;
import static dev.plg.query.Ast.by;
import static dev.plg.query.Ast.contains;
import static dev.plg.query.Ast.count;
import static dev.plg.query.Ast.ignoring;
import static dev.plg.query.Ast.labelEq;
import static dev.plg.query.Ast.labelReplace;
import static dev.plg.query.Ast.num;
import static dev.plg.query.Ast.on;
import static dev.plg.query.Ast.onGroupLeft;
import static dev.plg.query.Ast.onGroupRight;
import static dev.plg.query.Ast.quantile;
import static dev.plg.query.Ast.r;
import static dev.plg.query.Ast.range;
import static dev.plg.query.Ast.sel;
import static dev.plg.query.Ast.topk;
import static dev.plg.query.Ast.unwrap;
import static dev.plg.query.Ast.v;
import static dev.plg.query.Ast.vector;
import static dev.plg.query.Ast.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.logql.ast.Expr;
import dev.plg.store.read.Direction;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Engine table tests on an in-memory store. Times are seconds after T0 = 2026-01-01T00:00:00Z
 * (1767225600); printed sample times are Unix seconds.
 */
class QueryEngineTest {
    static final long T0 = 1767225600L * SEC;

    static final InMemoryLogSource SOURCE = new InMemoryLogSource()
            .add("t", "app=nginx,host=web-1", T0 + 10 * SEC, "GET /a 200", "detected_level=info")
            .add("t", "app=nginx,host=web-1", T0 + 70 * SEC, "POST /b 500", "detected_level=error")
            .add("t", "app=nginx,host=web-1", T0 + 130 * SEC, "GET /c 200", "detected_level=info")
            .add("t", "app=nginx,host=web-1", T0 + 190 * SEC, "GET /d 200", "detected_level=info")
            .add("t", "app=nginx,host=web-2", T0 + 20 * SEC, "GET /x 200", "detected_level=info")
            .add("t", "app=nginx,host=web-2", T0 + 80 * SEC, "GET /y 404", "detected_level=info")
            .add("t", "app=nginx,host=web-2", T0 + 80 * SEC, "POST /z 200", "detected_level=info")
            .add("t", "app=checkout,env=prod", T0 + 30 * SEC, "paid", "amount=10")
            .add("t", "app=checkout,env=prod", T0 + 90 * SEC, "paid", "amount=20")
            .add("t", "app=checkout,env=prod", T0 + 100 * SEC, "paid", "amount=60")
            .add("t", "app=checkout,env=dev", T0 + 95 * SEC, "paid", "amount=oops")
            .add("other", "app=nginx,host=web-9", T0 + 10 * SEC, "GET /other 200");

    static final QueryEngine ENGINE = new QueryEngine(SOURCE, QueryLimits.DEFAULTS, q -> {
        throw new IllegalArgumentException("no parser in engine tests: " + q);
    }, new StandInPipelines());

    /** Range query from T0+start to T0+end seconds with a step in seconds. */
    static void assertRange(Expr e, long start, long end, long step, String expected) {
        QueryResult r = ENGINE.rangeQuery("t", e, T0 + start * SEC, T0 + end * SEC, step * SEC, 100, Direction.BACKWARD);
        assertThat(r.toString()).isEqualTo(expected);
    }

    static void assertInstant(Expr e, long at, String expected) {
        QueryResult r = ENGINE.instantQuery("t", e, T0 + at * SEC, 100, Direction.BACKWARD);
        assertThat(r.toString()).isEqualTo(expected);
    }

    static void assertLogs(Expr e, long start, long end, int limit, Direction d, String expected) {
        QueryResult r = ENGINE.rangeQuery("t", e, T0 + start * SEC, T0 + end * SEC, 0, limit, d);
        assertThat(r.toString()).isEqualTo(expected);
    }

    static void assertError(Expr e, long start, long end, long step, QueryException.Category category, String message) {
        assertThatThrownBy(() -> ENGINE.rangeQuery("t", e, T0 + start * SEC, T0 + end * SEC, step * SEC, 100, Direction.BACKWARD))
                .isInstanceOfSatisfying(QueryException.class, q -> assertThat(q.category()).isEqualTo(category))
                .hasMessageStartingWith(message);
    }

    @Test
    void logQueries() {
        assertLogs(sel("app=nginx"), 0, 200, 3, Direction.BACKWARD, """
                {app="nginx", detected_level="info", host="web-1"}
                  1767225790000000000 GET /d 200
                  1767225730000000000 GET /c 200
                {app="nginx", detected_level="info", host="web-2"}
                  1767225680000000000 POST /z 200
                """);
        assertLogs(sel("app=nginx"), 0, 200, 2, Direction.FORWARD, """
                {app="nginx", detected_level="info", host="web-1"}
                  1767225610000000000 GET /a 200
                {app="nginx", detected_level="info", host="web-2"}
                  1767225620000000000 GET /x 200
                """);
        // start inclusive, end exclusive
        assertLogs(sel("app=nginx,host=web-1"), 10, 130, 10, Direction.FORWARD, """
                {app="nginx", detected_level="error", host="web-1"}
                  1767225670000000000 POST /b 500
                {app="nginx", detected_level="info", host="web-1"}
                  1767225610000000000 GET /a 200
                """);
        assertLogs(sel("app=nginx", contains("POST")), 0, 200, 10, Direction.BACKWARD, """
                {app="nginx", detected_level="error", host="web-1"}
                  1767225670000000000 POST /b 500
                {app="nginx", detected_level="info", host="web-2"}
                  1767225680000000000 POST /z 200
                """);
        assertThat(SOURCE.lastHints.mustContain()).containsExactly("POST");
        assertLogs(sel("app=nginx"), 100, 100, 10, Direction.BACKWARD, "");
        // interval: at most one entry per minute over all streams, in the query's direction
        assertThat(ENGINE.rangeQuery("t", sel("app=nginx"), T0, T0 + 200 * SEC, 0, 60 * SEC, 10, Direction.FORWARD)
                .toString()).isEqualTo("""
                {app="nginx", detected_level="error", host="web-1"}
                  1767225670000000000 POST /b 500
                {app="nginx", detected_level="info", host="web-1"}
                  1767225610000000000 GET /a 200
                  1767225730000000000 GET /c 200
                  1767225790000000000 GET /d 200
                """);
        assertLogs(sel("app=nope"), 0, 200, 10, Direction.BACKWARD, "");
    }

    @Test
    void logQueryCategorizedStreamsKeepMetadataApart() {
        QueryResult.Streams r = (QueryResult.Streams) ENGINE.rangeQuery("t", sel("app=nginx,host=web-1"), T0, T0 + 200 * SEC,
                0, 10, Direction.FORWARD);
        assertThat(r.streams()).hasSize(1);
        assertThat(r.streams().getFirst().entries()).extracting(e -> e.structuredMetadata().getFirst().value())
                .containsExactly("info", "error", "info", "info");
        assertThat(r.plainStreams()).hasSize(2);
        assertThat(r.stats().entriesReturned()).isEqualTo(4);
        assertThat(r.stats().linesProcessed()).isEqualTo(4);
        // "detected_level" and its value, for each of the four entries: 4 * 14 + 4 + 5 + 4 + 4
        assertThat(r.stats().structuredMetadataBytes()).isEqualTo(73);
    }

    @Test
    void rangeAggregations() {
        assertRange(count(sel("app=nginx"), MIN), 0, 180, 60, """
                {app="nginx", detected_level="error", host="web-1"} => 1 @1767225720
                {app="nginx", detected_level="info", host="web-1"} => 1 @1767225660 1 @1767225780
                {app="nginx", detected_level="info", host="web-2"} => 1 @1767225660 2 @1767225720
                """);
        assertRange(r(RATE, range(sel("app=nginx,host=web-2"), 2 * MIN)), 0, 180, 60, """
                {app="nginx", detected_level="info", host="web-2"} => 0.008333333333333333 @1767225660 0.025 @1767225720 0.016666666666666666 @1767225780
                """);
        assertRange(r(BYTES_OVER_TIME, range(sel("app=nginx,host=web-2"), MIN)), 0, 180, 60, """
                {app="nginx", detected_level="info", host="web-2"} => 10 @1767225660 21 @1767225720
                """);
        // window (t-range, t]: an entry exactly at t - range is out, one at t is in
        assertInstant(count(sel("app=nginx,host=web-1"), 60 * SEC), 70, """
                {app="nginx", detected_level="error", host="web-1"} => 1 @1767225670
                """);
        assertInstant(count(sel("app=nginx,host=web-1"), 60 * SEC), 69, """
                {app="nginx", detected_level="info", host="web-1"} => 1 @1767225669
                """);
        // unaligned start/end: floored and ceiled to the step
        assertRange(v(SUM, null, count(sel("app=nginx"), MIN)), 13, 125, 60, """
                {} => 2 @1767225660 3 @1767225720 1 @1767225780
                """);
        // offset looks back, keeps the step's timestamp
        assertRange(v(SUM, null, r(COUNT_OVER_TIME, range(sel("app=nginx"), MIN, MIN))), 0, 180, 60, """
                {} => 2 @1767225720 3 @1767225780
                """);
    }

    @Test
    void unwrappedRangeAggregations() {
        assertRange(r(SUM_OVER_TIME, unwrap(sel("app=checkout,env=prod"), "amount", 2 * MIN), by("env")), 0, 120, 60, """
                {env="prod"} => 10 @1767225660 90 @1767225720
                """);
        assertRange(r(AVG_OVER_TIME, unwrap(sel("app=checkout,env=prod"), "amount", 2 * MIN), by("env")), 120, 120, 60, """
                {env="prod"} => 30 @1767225720
                """);
        assertRange(r(MAX_OVER_TIME, unwrap(sel("app=checkout,env=prod"), "amount", 2 * MIN), without("amount")), 120, 120, 60, """
                {app="checkout", env="prod"} => 60 @1767225720
                """);
        // without grouping, the unwrapped label itself is dropped (as Loki's extractor does)
        assertRange(r(MAX_OVER_TIME, unwrap(sel("app=checkout,env=prod"), "amount", 2 * MIN)), 120, 120, 60, """
                {app="checkout", env="prod"} => 60 @1767225720
                """);
        assertRange(v(SUM, by("amount", "env"), r(SUM_OVER_TIME, unwrap(sel("app=checkout,env=prod"), "amount", 2 * MIN))),
                120, 120, 60, """
                {env="prod"} => 90 @1767225720
                """);
        assertRange(quantile(0.5, unwrap(sel("app=checkout,env=prod"), "amount", 2 * MIN), by("env")), 120, 120, 60, """
                {env="prod"} => 20 @1767225720
                """);
        assertRange(r(STDDEV_OVER_TIME, unwrap(sel("app=checkout,env=prod"), "amount", 2 * MIN), by("env")), 120, 120, 60, """
                {env="prod"} => 21.602468994692867 @1767225720
                """);
        assertRange(r(FIRST_OVER_TIME, unwrap(sel("app=checkout,env=prod"), "amount", 2 * MIN), by("env")), 120, 120, 60, """
                {env="prod"} => 10 @1767225720
                """);
        assertRange(r(LAST_OVER_TIME, unwrap(sel("app=checkout,env=prod"), "amount", 2 * MIN), by("env")), 120, 120, 60, """
                {env="prod"} => 60 @1767225720
                """);
        assertRange(r(RATE, unwrap(sel("app=checkout,env=prod"), "amount", 2 * MIN), by("env")), 120, 120, 60, """
                {env="prod"} => 0.75 @1767225720
                """);
    }

    @Test
    void pipelineErrorsFailOnlyWhenTheySurvive() {
        assertError(r(SUM_OVER_TIME, unwrap(sel("app=checkout"), "amount", 2 * MIN), by("env")), 0, 120, 60,
                QueryException.Category.USER, "pipeline error: 'SampleExtractionErr' for series: '{__error__=\"SampleExtractionErr\"");
        assertRange(v(SUM, by("env"), count(sel("app=checkout", labelEq("env", "prod")), 2 * MIN)), 120, 120, 60, """
                {env="prod"} => 3 @1767225720
                """);
    }

    @Test
    void absentOverTime() {
        assertRange(r(ABSENT_OVER_TIME, range(sel("app=nope,env=x,env!=y,host=~a"), MIN)), 0, 120, 60, """
                {app="nope"} => 1 @1767225600 1 @1767225660 1 @1767225720
                """);
        assertRange(r(ABSENT_OVER_TIME, range(sel("app=nginx,host=web-2"), MIN)), 0, 180, 60, """
                {app="nginx", host="web-2"} => 1 @1767225600 1 @1767225780
                """);
    }

    @Test
    void vectorAggregations() {
        assertRange(v(SUM, by("host"), count(sel("app=nginx"), 2 * MIN)), 120, 180, 60, """
                {host="web-1"} => 2 @1767225720 2 @1767225780
                {host="web-2"} => 3 @1767225720 2 @1767225780
                """);
        assertRange(v(SUM, without("detected_level", "app"), count(sel("app=nginx"), 2 * MIN)), 120, 120, 60, """
                {host="web-1"} => 2 @1767225720
                {host="web-2"} => 3 @1767225720
                """);
        assertRange(v(SUM, by(), count(sel("app=nginx"), 2 * MIN)), 120, 120, 60, """
                {} => 5 @1767225720
                """);
        assertRange(v(COUNT, by("host"), count(sel("app=nginx"), 2 * MIN)), 120, 120, 60, """
                {host="web-1"} => 2 @1767225720
                {host="web-2"} => 1 @1767225720
                """);
        assertRange(v(AVG, by("host"), count(sel("app=nginx"), 2 * MIN)), 120, 120, 60, """
                {host="web-1"} => 1 @1767225720
                {host="web-2"} => 3 @1767225720
                """);
        assertRange(v(MAX, null, v(SUM, by("host"), count(sel("app=nginx"), 2 * MIN))), 120, 120, 60, """
                {} => 3 @1767225720
                """);
        assertRange(topk(1, v(SUM, by("host"), count(sel("app=nginx"), MIN))), 0, 180, 60, """
                {host="web-1"} => 1 @1767225660 1 @1767225780
                {host="web-2"} => 2 @1767225720
                """);
        assertRange(bottomk(1, v(SUM, by("host"), count(sel("app=nginx"), MIN))), 120, 120, 60, """
                {host="web-1"} => 1 @1767225720
                """);
    }

    @Test
    void instantQueries() {
        assertInstant(v(SUM, by("host"), count(sel("app=nginx"), 3 * MIN)), 180, """
                {host="web-1"} => 3 @1767225780
                {host="web-2"} => 3 @1767225780
                """);
        assertInstant(v(SORT_DESC, null, v(SUM, by("host"), count(sel("app=nginx"), 2 * MIN))), 120, """
                {host="web-2"} => 3 @1767225720
                {host="web-1"} => 2 @1767225720
                """);
        assertInstant(count(sel("app=nginx"), MIN), 500, "");
        // Loki 3.4.2's odd scalar timestamp for time = 2026-01-01T00:30:00Z
        assertThat(ENGINE.instantQuery("t", bin(ADD, num(1), bin(MUL, num(2), num(3))), 1767227400L * SEC, 100,
                Direction.BACKWARD).toString()).isEqualTo("scalar 7 @-3660031076116\n");
        assertInstant(bin(ADD, vector(1), vector(1)), 0, "{} => 2 @1767225600\n");
    }

    @Test
    void binaryOperations() {
        var byHost = v(SUM, by("host"), count(sel("app=nginx"), 2 * MIN));
        assertRange(bin(MUL, byHost, num(10)), 120, 120, 60, """
                {host="web-1"} => 20 @1767225720
                {host="web-2"} => 30 @1767225720
                """);
        assertRange(bin(SUB, num(10), byHost), 120, 120, 60, """
                {host="web-1"} => 8 @1767225720
                {host="web-2"} => 7 @1767225720
                """);
        assertRange(bin(GT, byHost, num(2)), 120, 120, 60, """
                {host="web-2"} => 3 @1767225720
                """);
        assertRange(bin(GT, num(2), byHost), 120, 120, 60, "");
        assertRange(binBool(GT, byHost, num(2)), 120, 120, 60, """
                {host="web-1"} => 0 @1767225720
                {host="web-2"} => 1 @1767225720
                """);
        assertRange(bin(DIV, byHost, byHost), 120, 120, 60, """
                {host="web-1"} => 1 @1767225720
                {host="web-2"} => 1 @1767225720
                """);
        // Loki answers NaN (not +Inf) for any division or modulo by zero
        assertRange(bin(DIV, byHost, num(0)), 120, 120, 60, """
                {host="web-1"} => NaN @1767225720
                {host="web-2"} => NaN @1767225720
                """);
        assertRange(bin(DIV, bin(SUB, byHost, byHost), num(0)), 120, 120, 60, """
                {host="web-1"} => NaN @1767225720
                {host="web-2"} => NaN @1767225720
                """);
        assertRange(bin(ADD, num(1), bin(MUL, num(2), bin(POW, num(3), num(2)))), 0, 120, 60, """
                {} => 19 @1767225600 19 @1767225660 19 @1767225720
                """);
        var perLevel = v(SUM, by("host", "detected_level"), count(sel("app=nginx"), 2 * MIN));
        assertRange(bin(DIV, perLevel, byHost, onGroupLeft(List.of("host"))), 120, 120, 60, """
                {detected_level="error", host="web-1"} => 0.5 @1767225720
                {detected_level="info", host="web-1"} => 0.5 @1767225720
                {detected_level="info", host="web-2"} => 1 @1767225720
                """);
        assertRange(bin(MUL, byHost, perLevel, onGroupRight(List.of("host"))), 120, 120, 60, """
                {detected_level="error", host="web-1"} => 2 @1767225720
                {detected_level="info", host="web-1"} => 2 @1767225720
                {detected_level="info", host="web-2"} => 9 @1767225720
                """);
        var perApp = v(SUM, by("host", "app"), count(sel("app=nginx"), 2 * MIN));
        assertRange(bin(SUB, perApp, byHost, ignoring("app")), 180, 180, 60, """
                {host="web-1"} => 0 @1767225780
                {host="web-2"} => 0 @1767225780
                """);
        assertError(bin(DIV, perLevel, byHost, on("host")), 120, 120, 60, QueryException.Category.INTERNAL,
                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
        var posts = v(SUM, by("host"), count(sel("app=nginx", contains("POST")), MIN));
        assertRange(bin(AND, byHost, posts), 120, 180, 60, """
                {host="web-1"} => 2 @1767225720
                {host="web-2"} => 3 @1767225720
                """);
        assertRange(bin(UNLESS, byHost, posts), 120, 180, 60, """
                {host="web-1"} => 2 @1767225780
                {host="web-2"} => 2 @1767225780
                """);
        assertRange(bin(OR, posts, byHost), 120, 180, 60, """
                {host="web-1"} => 1 @1767225720 2 @1767225780
                {host="web-2"} => 1 @1767225720 2 @1767225780
                """);
    }

    @Test
    void functions() {
        var byHost = v(SUM, by("host"), count(sel("app=nginx"), 2 * MIN));
        assertRange(labelReplace(byHost, "node", "n$1", "host", "web-(.*)"), 120, 120, 60, """
                {host="web-1", node="n1"} => 2 @1767225720
                {host="web-2", node="n2"} => 3 @1767225720
                """);
        assertRange(labelReplace(vector(1), "dst", "x", "src", ".*"), 0, 60, 60, """
                {dst="x"} => 1 @1767225600 1 @1767225660
                """);
        assertRange(v(SUM, by("node"), labelReplace(byHost, "node", "all", "host", ".*")), 120, 120, 60, """
                {node="all"} => 5 @1767225720
                """);
    }

    @Test
    void limits() {
        QueryEngine tight = new QueryEngine(SOURCE, new QueryLimits(10, 2, Duration.ofHours(1), Duration.ZERO, 11_000),
                q -> null, new StandInPipelines());
        assertThatThrownBy(() -> tight.rangeQuery("t", count(sel("app=nginx"), MIN), T0, T0 + 180 * SEC, MIN, 10,
                Direction.BACKWARD)).hasMessage("maximum of series (2) reached for a single query");
        assertThatThrownBy(() -> tight.rangeQuery("t", sel("app=nginx"), T0, T0 + 180 * SEC, MIN, 11, Direction.BACKWARD))
                .hasMessage("max entries limit per query exceeded, limit > max_entries_limit_per_query (11 > 10)");
        assertThatThrownBy(() -> tight.rangeQuery("t", sel("app=nginx"), T0, T0 + 180 * SEC, MIN, 0, Direction.BACKWARD))
                .hasMessage("limit must be a positive value");
        assertThatThrownBy(() -> tight.rangeQuery("t", sel("app=nginx"), T0, T0 + 2 * 3600 * SEC, MIN, 5, Direction.BACKWARD))
                .hasMessage("the query time range exceeds the limit (query length: 2h, limit: 1h)");
        assertError(count(sel("app=nginx"), MIN), 0, 3600 * 6, 1, QueryException.Category.USER,
                "exceeded maximum resolution of 11,000 points per time series");
        assertError(count(sel("app=nginx"), MIN), 0, 60, 0, QueryException.Category.USER,
                "zero or negative query resolution step widths are not accepted");
        assertThatThrownBy(() -> ENGINE.instantQuery("t", sel("app=nginx"), T0, 10, Direction.BACKWARD))
                .hasMessageStartingWith("log queries are not supported as an instant query type");
    }

    @Test
    void metadata() {
        QueryEngine engine = new QueryEngine(SOURCE, QueryLimits.DEFAULTS, q -> sel(q), new StandInPipelines());
        assertThat(engine.labels("t", T0, T0 + 200 * SEC, Optional.empty())).containsExactly("app", "env", "host");
        assertThat(engine.labels("t", T0, T0 + 200 * SEC, Optional.of("app=nginx"))).containsExactly("app", "host");
        assertThat(engine.labelValues("t", "host", T0, T0 + 200 * SEC, Optional.empty())).containsExactly("web-1", "web-2");
        // as Loki answers from ingester memory: a window without data still lists values
        assertThat(engine.labelValues("t", "env", T0 - 7200 * SEC, T0 - 3600 * SEC, Optional.empty()))
                .containsExactly("dev", "prod");
        assertThat(engine.series("t", List.of("app=checkout"), T0, T0 + 200 * SEC)).extracting(LabelSets::format)
                .containsExactly("{app=\"checkout\", env=\"dev\"}", "{app=\"checkout\", env=\"prod\"}");
        assertThatThrownBy(() -> engine.labels("t", T0 + 1, T0, Optional.empty()))
                .isInstanceOfSatisfying(QueryException.class, q -> assertThat(q.httpStatus()).isEqualTo(500));
        assertThat(engine.indexStats("t", "app=nginx", T0, T0 + 200 * SEC))
                .isEqualTo(new QueryEngine.IndexStats(2, 2, 72, 7));
        assertThat(engine.volume("t", "app=nginx", T0, T0 + 200 * SEC, 10, List.of("host"), "series").toString())
                .isEqualTo("{host=\"web-1\"} => 41 @1767225800\n{host=\"web-2\"} => 31 @1767225800\n");
    }
}
