package dev.plg.query;

import static dev.plg.query.Ast.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.store.read.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Loki 3.4.2's query-frontend split and merge ({@link SplitByInterval}): the split arithmetic
 * table by table, then whole queries whose answers the merge shapes, with the split at its default
 * (1h) and disabled. Times are hours/minutes after T0 = 2026-01-01T00:00:00Z.
 */
class SplitByIntervalTest {
    static final long T0 = 1767225600L * SEC;
    static final long MIN = 60 * SEC;
    static final long HOUR = 60 * MIN;

    /** Splits printed as "start-end" in minutes after T0. */
    static String print(List<SplitByInterval.Split> splits) {
        List<String> out = new ArrayList<>();
        for (SplitByInterval.Split s : splits) {
            out.add((s.start() - T0) / MIN + "-" + (s.end() - T0) / MIN);
        }
        return String.join(" ", out);
    }

    @Test
    void logSplitsAreAlignedToTheInterval() {
        record Case(long start, long end, long interval, String expected) {
        }
        List<Case> cases = List.of(
                new Case(0, 360, 60, "0-60 60-120 120-180 180-240 240-300 300-360"),
                new Case(15, 130, 60, "15-60 60-120 120-130"),
                new Case(15, 50, 60, "15-50"),
                new Case(0, 60, 60, "0-60"),
                new Case(10, 100, 30, "10-30 30-60 60-90 90-100"));
        for (Case c : cases) {
            assertThat(print(SplitByInterval.forInterval(c.interval * MIN, T0 + c.start * MIN, T0 + c.end * MIN)))
                    .as("%s", c).isEqualTo(c.expected);
        }
    }

    @Test
    void metricSplitsStopAtTheLastStepBeforeEachBoundary() {
        record Case(long start, long end, long step, long interval, String expected) {
        }
        List<Case> cases = List.of(
                // step >= interval: one split per step, neighbours share their boundary point
                new Case(0, 360, 60, 60, "0-60 60-120 120-180 180-240 240-300 300-360"),
                new Case(0, 360, 120, 120, "0-120 120-240 240-360"),
                new Case(0, 360, 180, 60, "0-180 180-360"),
                // step < interval: no shared points
                new Case(0, 360, 30, 60, "0-30 60-90 120-150 180-210 240-270 300-360"),
                new Case(0, 120, 15, 60, "0-45 60-120"),
                new Case(0, 150, 20, 60, "0-40 60-100 120-160".replace("120-160", "120-150")),
                new Case(0, 50, 10, 60, "0-50"));
        for (Case c : cases) {
            assertThat(print(SplitByInterval.metricSplits(T0 + c.start * MIN, T0 + c.end * MIN, c.step * MIN,
                    c.interval * MIN))).as("%s", c).isEqualTo(c.expected);
        }
    }

    @Test
    void theIntervalGrowsToTheLongestRange() {
        QueryEngine engine = new QueryEngine(new InMemoryLogSource(), QueryLimits.DEFAULTS);
        record Case(String query, long expectedMinutes) {
        }
        for (Case c : List.of(new Case("count_over_time({a=\"b\"}[5m])", 5),
                new Case("sum(rate({a=\"b\"}[2h])) / sum(rate({a=\"b\"}[10m]))", 120),
                new Case("label_replace(max_over_time({a=\"b\"} | unwrap x [3h]), \"d\", \"$1\", \"s\", \"(.*)\")", 180),
                new Case("vector(1)", 0))) {
            assertThat(SplitByInterval.maxRange((dev.plg.logql.ast.SampleExpr) engine.parse(c.query)))
                    .as(c.query).isEqualTo(c.expectedMinutes * MIN);
        }
    }

    /**
     * Hourly counts from 00:00 to 06:00; stream {@code lvl="b"} has an entry exactly at 00:00,
     * {@code lvl="a"} (the first series by labels) none, so the split [00:00, 01:00] ties with
     * [01:00, 02:00] on its first sample and, put after it, loses its 00:00 point.
     */
    static InMemoryLogSource hourly() {
        InMemoryLogSource s = new InMemoryLogSource();
        s.add("t", "app=x,lvl=b", T0, "at midnight", "");
        for (int h = 0; h < 6; h++) {
            s.add("t", "app=x,lvl=a", T0 + h * HOUR + 10 * MIN, "a" + h, "");
            s.add("t", "app=x,lvl=b", T0 + h * HOUR + 20 * MIN, "b" + h, "");
        }
        return s;
    }

    static String range(QueryLimits limits, InMemoryLogSource source, String query, long stepMinutes, Direction d) {
        return new QueryEngine(source, limits).rangeQuery("t", query, T0, T0 + 6 * HOUR, stepMinutes * MIN, 0, 100, d)
                .toString();
    }

    @Test
    void metricMergeDropsTheFirstPointWhenSplitsTie() {
        QueryLimits noSplit = QueryLimits.DEFAULTS.withSplitQueriesByInterval(Duration.ZERO);
        String q = "sum by (lvl) (count_over_time({app=\"x\"}[1h]))";
        String aAll = "{lvl=\"a\"} => 1 @1767229200 1 @1767232800 1 @1767236400 1 @1767240000 1 @1767243600 1 @1767247200\n";
        record Case(String name, QueryLimits limits, String query, long step, Direction d, String expected) {
        }
        List<Case> cases = List.of(
                new Case("split, backward: 00:00 lost", QueryLimits.DEFAULTS, q, 60, Direction.BACKWARD, aAll
                        + "{lvl=\"b\"} => 1 @1767229200 1 @1767232800 1 @1767236400 1 @1767240000 1 @1767243600 1 @1767247200\n"),
                new Case("split, forward: splits keep their order", QueryLimits.DEFAULTS, q, 60, Direction.FORWARD, aAll
                        + "{lvl=\"b\"} => 1 @1767225600 1 @1767229200 1 @1767232800 1 @1767236400 1 @1767240000 1 @1767243600 1 @1767247200\n"),
                new Case("no split", noSplit, q, 60, Direction.BACKWARD, aAll
                        + "{lvl=\"b\"} => 1 @1767225600 1 @1767229200 1 @1767232800 1 @1767236400 1 @1767240000 1 @1767243600 1 @1767247200\n"),
                new Case("first series has the point: no tie", QueryLimits.DEFAULTS,
                        "sum by (lvl) (count_over_time({app=\"x\", lvl=\"b\"}[1h]))", 60, Direction.BACKWARD,
                        "{lvl=\"b\"} => 1 @1767225600 1 @1767229200 1 @1767232800 1 @1767236400 1 @1767240000 1 @1767243600 1 @1767247200\n"),
                new Case("step < interval: splits do not overlap", QueryLimits.DEFAULTS,
                        "sum by (lvl) (count_over_time({app=\"x\"}[30m]))", 30, Direction.BACKWARD,
                        "{lvl=\"a\"} => 1 @1767227400 1 @1767231000 1 @1767234600 1 @1767238200 1 @1767241800 1 @1767245400\n"
                        + "{lvl=\"b\"} => 1 @1767225600 1 @1767227400 1 @1767231000 1 @1767234600 1 @1767238200 1 @1767241800 1 @1767245400\n"));
        for (Case c : cases) {
            assertThat(range(c.limits, hourly(), c.query, c.step, c.d)).as(c.name).isEqualTo(c.expected);
        }
    }

    @Test
    void manySplitsWithoutSharedPointsChangeNothing() {
        // 30 days at a 5m step: 720 splits of one hour, no shared points, so the merge keeps every point
        InMemoryLogSource s = hourly();
        String q = "sum by (lvl) (count_over_time({app=\"x\"}[10m]))";
        long end = T0 + 30 * 24 * HOUR;
        String split = new QueryEngine(s, QueryLimits.DEFAULTS)
                .rangeQuery("t", q, T0 - HOUR, end, 5 * MIN, 0, 100, Direction.BACKWARD).toString();
        String whole = new QueryEngine(s, QueryLimits.DEFAULTS.withSplitQueriesByInterval(Duration.ZERO))
                .rangeQuery("t", q, T0 - HOUR, end, 5 * MIN, 0, 100, Direction.BACKWARD).toString();
        assertThat(split).isEqualTo(whole).contains("1767225600");
    }

    @Test
    void logMergeAlternatesBetweenStreamsOnceSplitsReturnedMoreThanTheLimit() {
        // hour 5: 3 entries of s=p, 1 of s=q; hour 4: 4 of p (newer), 3 of q (older); limit 6
        InMemoryLogSource s = new InMemoryLogSource();
        for (int i = 0; i < 3; i++) {
            s.add("t", "app=y,s=p", T0 + 5 * HOUR + (10 + i) * MIN, "p5-" + i, "");
        }
        s.add("t", "app=y,s=q", T0 + 5 * HOUR + 5 * MIN, "q5", "");
        for (int i = 0; i < 4; i++) {
            s.add("t", "app=y,s=p", T0 + 4 * HOUR + (40 + i) * MIN, "p4-" + i, "");
        }
        for (int i = 0; i < 3; i++) {
            s.add("t", "app=y,s=q", T0 + 4 * HOUR + (10 + i) * MIN, "q4-" + i, "");
        }
        String q = "{app=\"y\"}";
        // without split: the 6 newest overall (p5 x3, p4-3, p4-2, q5)
        assertThat(logs(s, QueryLimits.DEFAULTS.withSplitQueriesByInterval(Duration.ZERO), q, 6)).isEqualTo("""
                {app="y", s="p"}
                  1767244320000000000 p5-2
                  1767244260000000000 p5-1
                  1767244200000000000 p5-0
                  1767242580000000000 p4-3
                  1767242520000000000 p4-2
                {app="y", s="q"}
                  1767243900000000000 q5
                """);
        // split: hour 5 answers 4, hour 4 answers 7; the heap alternates q, p, q, ... after its first pick
        assertThat(logs(s, QueryLimits.DEFAULTS, q, 6)).isEqualTo("""
                {app="y", s="p"}
                  1767244320000000000 p5-2
                  1767244260000000000 p5-1
                  1767244200000000000 p5-0
                {app="y", s="q"}
                  1767243900000000000 q5
                  1767240720000000000 q4-2
                  1767240660000000000 q4-1
                """);
        // fewer entries than the limit: all of them, whatever the split
        assertThat(logs(s, QueryLimits.DEFAULTS, q, 20)).isEqualTo(
                logs(s, QueryLimits.DEFAULTS.withSplitQueriesByInterval(Duration.ZERO), q, 20));
    }

    static String logs(InMemoryLogSource s, QueryLimits limits, String q, int limit) {
        return new QueryEngine(s, limits).rangeQuery("t", q, T0, T0 + 6 * HOUR, 0, 0, limit, Direction.BACKWARD)
                .toString();
    }

    @Test
    void goSortSortsAndKeepsInsertionOrderForShortInputs() {
        Random random = new Random(42);
        for (int n : new int[] {0, 1, 5, 12, 13, 50, 51, 200, 1000}) {
            List<int[]> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(new int[] {random.nextInt(Math.max(1, n / 3)), i});
            }
            GoSort.sort(GoSort.over(list, (a, b) -> a[0] < b[0]));
            for (int i = 1; i < n; i++) {
                assertThat(list.get(i - 1)[0]).as("n=%d at %d", n, i).isLessThanOrEqualTo(list.get(i)[0]);
                if (n <= 12 && list.get(i - 1)[0] == list.get(i)[0]) {
                    assertThat(list.get(i - 1)[1]).isLessThan(list.get(i)[1]);
                }
            }
        }
    }
}
