package dev.plg.store.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LogSource} must do; an implementation's test extends this and supplies
 * {@link #load}. The data set is fixed: three streams of tenant {@code t1}, one of {@code t2}.
 * Label sets given here are the stored ones (an implementation that adds labels at ingest must
 * hand them back as given, e.g. by including {@code service_name} already).
 */
public abstract class LogSourceContractTest {
    /** Returns a source holding {@code streams} for each tenant (in push order). */
    protected abstract LogSource load(List<TenantData> data) throws Exception;

    public record TenantData(String tenant, List<PushStream> streams) {}

    private static List<LabelPair> labels(String... kv) {
        List<LabelPair> out = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.add(new LabelPair(kv[i], kv[i + 1]));
        }
        return out;
    }

    private LogSource source() throws Exception {
        return load(List.of(
                new TenantData("t1", List.of(
                        new PushStream(labels("app", "api", "env", "prod", "service_name", "api"), List.of(
                                new PushEntry(100, "api one user-1"), new PushEntry(200, "api two user-2"), new PushEntry(200, "api two again"),
                                new PushEntry(300, "api three user-1"))),
                        new PushStream(labels("app", "web", "env", "dev", "service_name", "web"), List.of(
                                new PushEntry(150, "web one"), new PushEntry(250, "web two"))),
                        new PushStream(labels("app", "db", "service_name", "db"), List.of(new PushEntry(5_000, "db late"))))),
                new TenantData("t2", List.of(
                        new PushStream(labels("app", "api", "service_name", "api"), List.of(new PushEntry(100, "other tenant")))))));
    }

    private static LabelMatcher m(String name, LabelMatcher.Type type, String value) {
        return LabelMatcher.of(name, type, value);
    }

    private static List<String> apps(LogSource s, long from, long to, LabelMatcher... matchers) {
        List<String> out = new ArrayList<>();
        for (StreamRef r : s.streams("t1", List.of(matchers), from, to)) {
            out.add(r.label("app"));
        }
        out.sort(null);
        return out;
    }

    private static List<String> lines(LogSource s, String app, long from, long to, Direction d, ScanHints hints) {
        List<String> out = new ArrayList<>();
        for (StreamRef r : s.streams("t1", List.of(m("app", LabelMatcher.Type.EQ, app)), from, to)) {
            try (EntryCursor c = s.entries("t1", r, from, to, d, hints)) {
                while (c.next()) {
                    out.add(c.timestamp() + " " + c.line());
                }
            }
        }
        return out;
    }

    @Test
    void streamSelection() throws Exception {
        LogSource s = source();
        long all = Long.MAX_VALUE;
        assertThat(apps(s, 0, all)).containsExactly("api", "db", "web");
        assertThat(apps(s, 0, all, m("app", LabelMatcher.Type.EQ, "api"))).containsExactly("api");
        assertThat(apps(s, 0, all, m("app", LabelMatcher.Type.NEQ, "api"))).containsExactly("db", "web");
        assertThat(apps(s, 0, all, m("app", LabelMatcher.Type.RE, "a.*|w.b"))).containsExactly("api", "web");
        assertThat(apps(s, 0, all, m("app", LabelMatcher.Type.RE, "a"))).as("anchored").isEmpty();
        assertThat(apps(s, 0, all, m("app", LabelMatcher.Type.NRE, "api|web"))).containsExactly("db");
        assertThat(apps(s, 0, all, m("env", LabelMatcher.Type.EQ, ""))).as("absent label matches empty").containsExactly("db");
        assertThat(apps(s, 0, all, m("env", LabelMatcher.Type.NEQ, ""))).containsExactly("api", "web");
        assertThat(apps(s, 0, all, m("env", LabelMatcher.Type.RE, "prod|"))).containsExactly("api", "db");
        assertThat(apps(s, 0, all, m("nope", LabelMatcher.Type.EQ, "x"))).isEmpty();
        assertThat(apps(s, 0, all, m("app", LabelMatcher.Type.EQ, "api"), m("env", LabelMatcher.Type.EQ, "dev"))).isEmpty();
        assertThat(apps(s, 1_000, all)).as("time range").containsExactly("db");
        assertThat(apps(s, 0, 100)).as("half-open: to excluded").isEmpty();
        assertThat(s.streams("t3", List.of(), 0, all)).as("unknown tenant").isEmpty();
    }

    @Test
    void labelNamesAndValuesAreSortedAndScoped() throws Exception {
        LogSource s = source();
        assertThat(s.labelNames("t1", List.of(), 0, Long.MAX_VALUE)).containsExactly("app", "env", "service_name");
        assertThat(s.labelNames("t1", List.of(m("app", LabelMatcher.Type.EQ, "db")), 0, Long.MAX_VALUE)).containsExactly("app", "service_name");
        assertThat(s.labelValues("t1", "app", List.of(), 0, Long.MAX_VALUE)).containsExactly("api", "db", "web");
        assertThat(s.labelValues("t1", "env", List.of(), 0, 1_000)).containsExactly("dev", "prod");
        assertThat(s.labelValues("t2", "env", List.of(), 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void entriesInOrderWithinTheHalfOpenRange() throws Exception {
        LogSource s = source();
        assertThat(lines(s, "api", 0, Long.MAX_VALUE, Direction.FORWARD, ScanHints.NONE))
                .containsExactly("100 api one user-1", "200 api two user-2", "200 api two again", "300 api three user-1");
        assertThat(lines(s, "api", 0, Long.MAX_VALUE, Direction.BACKWARD, ScanHints.NONE))
                .containsExactly("300 api three user-1", "200 api two again", "200 api two user-2", "100 api one user-1");
        assertThat(lines(s, "api", 200, 300, Direction.FORWARD, ScanHints.NONE)).containsExactly("200 api two user-2", "200 api two again");
        assertThat(lines(s, "api", 300, 300, Direction.FORWARD, ScanHints.NONE)).isEmpty();
    }

    @Test
    void hintsNeverFilterLinesOnlyBlocks() throws Exception {
        LogSource s = source();
        List<String> hinted = lines(s, "api", 0, Long.MAX_VALUE, Direction.FORWARD, new ScanHints(List.of("user-1")));
        // A source may skip whole blocks, so other lines may or may not come back; the lines that
        // contain the needle are never lost, and nothing comes back twice.
        assertThat(hinted).contains("100 api one user-1", "300 api three user-1").doesNotHaveDuplicates();
        assertThat(lines(s, "api", 0, Long.MAX_VALUE, Direction.FORWARD, new ScanHints(List.of("no such text anywhere"))))
                .hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void withoutLinesTimestampsLengthsAndMetadataStillComeBackAndLinesStayReadable() throws Exception {
        LogSource s = source();
        ScanHints noLines = new ScanHints(List.of(), false);
        List<String> sized = sized(s, noLines);
        assertThat(sized).extracting(x -> x.substring(0, x.indexOf(" ["))).containsExactly("100 14", "200 14", "200 13", "300 16");
        assertThat(sized).as("metadata as with lines").isEqualTo(sized(s, ScanHints.NONE));
        assertThat(lines(s, "api", 0, Long.MAX_VALUE, Direction.BACKWARD, noLines)).as("a promise, not a filter")
                .containsExactly("300 api three user-1", "200 api two again", "200 api two user-2", "100 api one user-1");
    }

    private static List<String> sized(LogSource s, ScanHints hints) {
        StreamRef api = s.streams("t1", List.of(m("app", LabelMatcher.Type.EQ, "api")), 0, Long.MAX_VALUE).getFirst();
        List<String> out = new ArrayList<>();
        try (EntryCursor c = s.entries("t1", api, 0, Long.MAX_VALUE, Direction.FORWARD, hints)) {
            while (c.next()) {
                out.add(c.timestamp() + " " + c.lineLength() + " " + c.structuredMetadata());
            }
        }
        return out;
    }

    @Test
    void mayMatchIsFalseOnlyForLinesLackingAHintedSubstring() throws Exception {
        LogSource s = source();
        StreamRef api = s.streams("t1", List.of(m("app", LabelMatcher.Type.EQ, "api")), 0, Long.MAX_VALUE).getFirst();
        for (List<String> needles : List.of(List.of("user-1"), List.of("api", "two"), List.of("r-2", "api t"), List.of("one user-1api"),
                List.of("t"), List.of(""))) {
            for (boolean lines : new boolean[] {true, false}) {
                try (EntryCursor c = s.entries("t1", api, 0, Long.MAX_VALUE, Direction.FORWARD, new ScanHints(needles, lines))) {
                    while (c.next()) {
                        // asked before the line, as a scan that counts without reading lines does
                        boolean may = c.mayMatch();
                        boolean holdsAll = needles.stream().allMatch(c.line()::contains);
                        assertThat(may || !holdsAll).as("%s in %s", needles, c.line()).isTrue();
                        if (c.mayMatchIsExact()) {
                            assertThat(may).as("exactly: %s in %s", needles, c.line()).isEqualTo(holdsAll);
                        }
                    }
                }
            }
        }
    }

    @Test
    void lineBytesReturnedSumsTheReturnedLinesWhenKept() throws Exception {
        LogSource s = source();
        StreamRef api = s.streams("t1", List.of(m("app", LabelMatcher.Type.EQ, "api")), 0, Long.MAX_VALUE).getFirst();
        record Case(long from, long to, Direction d, ScanHints hints, long bytes) {}
        for (Case k : List.of(new Case(0, Long.MAX_VALUE, Direction.FORWARD, new ScanHints(List.of(), false), 57),
                new Case(0, Long.MAX_VALUE, Direction.BACKWARD, ScanHints.NONE, 57),
                new Case(200, 300, Direction.FORWARD, new ScanHints(List.of(), false), 27),
                new Case(250, 260, Direction.FORWARD, ScanHints.NONE, 0))) {
            try (EntryCursor c = s.entries("t1", api, k.from(), k.to(), k.d(), k.hints())) {
                long kept = c.lineBytesReturned();
                while (c.next()) {
                    c.timestamp(); // lengths deliberately not asked
                }
                if (kept >= 0) {
                    assertThat(c.lineBytesReturned()).as("%s", k).isEqualTo(k.bytes());
                }
            }
            // and so far, at every step of a scan that stops early
            try (EntryCursor c = s.entries("t1", api, k.from(), k.to(), k.d(), k.hints())) {
                long sum = 0;
                while (c.next()) {
                    sum += c.lineLength();
                    if (c.lineBytesSoFar() >= 0) {
                        assertThat(c.lineBytesSoFar()).as("%s after %d", k, c.timestamp()).isEqualTo(sum);
                    }
                }
            }
        }
    }

    @Test
    void countRestCountsWhatAWalkReturnsPerMetadataList() throws Exception {
        List<LabelPair> red = labels("color", "red");
        List<LabelPair> blue = labels("color", "blue");
        List<PushEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add(new PushEntry(1_000 + i * 10L, (i % 3 == 0 ? "needle " : "hay ") + i, i % 4 == 0 ? blue : red));
        }
        LogSource s = load(List.of(new TenantData("t1", List.of(new PushStream(labels("app", "count", "service_name", "count"), entries)))));
        StreamRef ref = s.streams("t1", List.of(m("app", LabelMatcher.Type.EQ, "count")), 0, Long.MAX_VALUE).getFirst();
        record Case(long from, long to, Direction d, List<String> needles) {}
        List<Case> cases = new ArrayList<>();
        for (long[] r : new long[][] {{0, Long.MAX_VALUE}, {1_055, 1_255}, {1_100, 1_101}, {5_000, 6_000}}) {
            for (List<String> needles : List.of(List.<String>of(), List.of("needle"), List.of("needle 3"), List.of("absent"))) {
                for (Direction d : Direction.values()) {
                    cases.add(new Case(r[0], r[1], d, needles));
                }
            }
        }
        for (Case k : cases) {
            boolean matchesOnly = !k.needles().isEmpty();
            ScanHints hints = new ScanHints(k.needles(), false);
            java.util.Map<List<LabelPair>, List<Integer>> walked = new java.util.HashMap<>();
            long walkedBytes;
            boolean exact;
            try (EntryCursor c = s.entries("t1", ref, k.from(), k.to(), k.d(), hints)) {
                exact = c.mayMatchIsExact();
                while (c.next()) {
                    boolean match = !matchesOnly || c.mayMatch();
                    walked.merge(c.structuredMetadata(), List.of(1, match ? 1 : 0), (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
                }
                walkedBytes = c.lineBytesReturned();
            }
            if (matchesOnly && !exact) {
                continue; // counts of matches are asked only of cursors that know them exactly
            }
            java.util.Map<List<LabelPair>, List<Integer>> counted = new java.util.HashMap<>();
            try (EntryCursor c = s.entries("t1", ref, k.from(), k.to(), k.d(), hints)) {
                boolean done = c.countRest(matchesOnly, (md, n, matches) -> {
                    assertThat(n).as("%s: a run counts something", k).isPositive();
                    assertThat(matches).as("%s", k).isBetween(0, n);
                    counted.merge(md, List.of(n, matches), (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
                });
                if (!done) {
                    continue; // a cursor need not count in bulk
                }
                assertThat(counted).as("%s", k).isEqualTo(walked);
                assertThat(c.next()).as("%s: nothing left to return", k).isFalse();
                if (walkedBytes >= 0) {
                    assertThat(c.lineBytesReturned()).as("%s", k).isEqualTo(walkedBytes);
                }
            }
            try (EntryCursor c = s.entries("t1", ref, k.from(), k.to(), k.d(), hints)) {
                if (c.next()) {
                    assertThat(c.countRest(matchesOnly, (md, n, matches) -> {
                        throw new AssertionError("counted after next()");
                    })).as("%s: once walking, no bulk count", k).isFalse();
                }
            }
        }
    }

    @Test
    void statsCountWhatARangeHolds() throws Exception {
        LogSource s = source();
        StreamRef api = s.streams("t1", List.of(m("app", LabelMatcher.Type.EQ, "api")), 0, Long.MAX_VALUE).getFirst();
        StreamStats st = s.stats("t1", api, 0, Long.MAX_VALUE);
        assertThat(st.streams()).isEqualTo(1);
        assertThat(st.entries()).isEqualTo(4);
        assertThat(st.bytes()).isEqualTo("api one user-1api two user-2api two againapi three user-1".length());
        assertThat(s.stats("t1", api, 10_000, 20_000)).isEqualTo(StreamStats.EMPTY);
    }

    @Test
    void streamIdsAreStableAndLabelsSorted() throws Exception {
        LogSource s = source();
        List<StreamRef> first = s.streams("t1", List.of(), 0, Long.MAX_VALUE);
        List<StreamRef> second = s.streams("t1", List.of(), 0, Long.MAX_VALUE);
        assertThat(second).containsExactlyInAnyOrderElementsOf(first);
        for (StreamRef r : first) {
            List<LabelPair> sorted = new ArrayList<>(r.labels());
            sorted.sort(null);
            assertThat(r.labels()).isEqualTo(sorted);
        }
    }
}
