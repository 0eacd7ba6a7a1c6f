package dev.plg.query;

import static dev.plg.query.Ast.SEC;
import static dev.plg.query.QueryEngineTest.SOURCE;
import static dev.plg.query.QueryEngineTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.store.read.Direction;
import org.junit.jupiter.api.Test;

/**
 * Table tests through the real LogQL parser and pipelines (module logql), one line per query, on
 * the in-memory store of {@link QueryEngineTest}. Times are seconds after T0.
 */
class LogQLQueryTest {
    static final QueryEngine ENGINE = new QueryEngine(SOURCE, QueryLimits.DEFAULTS);

    static void instant(String query, long at, String expected) {
        assertThat(ENGINE.instantQuery("t", query, T0 + at * SEC, 100, Direction.BACKWARD).toString())
                .as(query).isEqualTo(expected);
    }

    static void range(String query, long start, long end, long step, String expected) {
        assertThat(ENGINE.rangeQuery("t", query, T0 + start * SEC, T0 + end * SEC, step * SEC, 0, 100,
                Direction.BACKWARD).toString()).as(query).isEqualTo(expected);
    }

    static void logs(String query, int limit, Direction d, String expected) {
        assertThat(ENGINE.rangeQuery("t", query, T0, T0 + 200 * SEC, 0, 0, limit, d).toString())
                .as(query).isEqualTo(expected);
    }

    static void error(String query, int status, String messageStart) {
        assertThatThrownBy(() -> ENGINE.rangeQuery("t", query, T0, T0 + 200 * SEC, 60 * SEC, 0, 100, Direction.BACKWARD))
                .as(query)
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.httpStatus()).isEqualTo(status))
                .hasMessageStartingWith(messageStart);
    }

    @Test
    void metricQueries() {
        instant("sum by (host) (count_over_time({app=\"nginx\"}[2m]))", 120,
                "{host=\"web-1\"} => 2 @1767225720\n{host=\"web-2\"} => 3 @1767225720\n");
        instant("sum(count_over_time({app=\"nginx\"} |= \"POST\" [3m]))", 180, "{} => 2 @1767225780\n");
        instant("sum by (status) (count_over_time({app=\"nginx\"} | regexp \"(?P<status>\\\\d+)$\" [5m]))", 200,
                "{status=\"200\"} => 5 @1767225800\n{status=\"404\"} => 1 @1767225800\n{status=\"500\"} => 1 @1767225800\n");
        instant("sum_over_time({app=\"checkout\", env=\"prod\"} | unwrap amount [2m])", 120,
                "{app=\"checkout\", env=\"prod\"} => 90 @1767225720\n");
        instant("topk(1, sum by (host) (count_over_time({app=\"nginx\"}[5m])))", 200, "{host=\"web-1\"} => 4 @1767225800\n");
        instant("1 + 2 * 3", 0, "scalar 7 @-3660031076116\n".replace("-3660031076116",
                Long.toString(QueryEngine.lokiScalarMillis(T0) / 1000)));
        range("sum(count_over_time({app=\"nginx\"}[1m])) / 0", 0, 120, 60,
                "{} => NaN @1767225660 NaN @1767225720\n");
        range("vector(1) + 1", 0, 60, 60, "{} => 2 @1767225600 2 @1767225660\n");
    }

    @Test
    void logQueries() {
        logs("{app=\"nginx\"} | regexp \"(?P<method>\\\\w+) (?P<path>\\\\S+) (?P<status>\\\\d+)\" | status=\"404\"", 10,
                Direction.BACKWARD, """
                {app="nginx", detected_level="info", host="web-2", method="GET", path="/y", status="404"}
                  1767225680000000000 GET /y 404
                """);
        logs("{app=\"nginx\", host=\"web-1\"} | line_format \"{{.host}}: {{__line__}}\"", 2, Direction.FORWARD, """
                {app="nginx", detected_level="error", host="web-1"}
                  1767225670000000000 web-1: POST /b 500
                {app="nginx", detected_level="info", host="web-1"}
                  1767225610000000000 web-1: GET /a 200
                """);
    }

    @Test
    void errors() {
        error("sum(sum_over_time({app=\"checkout\"} | unwrap amount [2m]))", 400, "pipeline error: 'SampleExtractionErr'");
        error("{app=\"nginx\"", 400, "parse error at line 1");
        error("sum by (host, app) (count_over_time({app=\"nginx\"}[2m])) / on(app) sum by (app) (count_over_time({app=\"nginx\"}[2m]))",
                500, "multiple matches for labels");
    }
}
