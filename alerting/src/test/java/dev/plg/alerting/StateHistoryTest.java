package dev.plg.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plg.alerting.notify.Alert;
import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import dev.plg.query.QueryEngine;
import dev.plg.query.QueryLimits;
import dev.plg.query.QueryResult;
import dev.plg.store.Limits;
import dev.plg.store.LogStore;
import dev.plg.store.PushResult;
import dev.plg.store.StoreConfig;
import dev.plg.store.read.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert state history written as Grafana's Loki streams into a real store (the sink the server
 * wires), then read back with LogQL through the real query engine, as the UI does.
 */
class StateHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final Path SEED_RULES = Path.of("..", "config", "loki", "rules", "fake", "seed-rules.yaml");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private LogStore store;
    private QueryEngine engine;
    private final List<PushRequest> written = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        store = LogStore.open(StoreConfig.defaults(dir.resolve("store")), Limits.defaults(), clock);
        engine = new QueryEngine(store, QueryLimits.DEFAULTS);
        Files.createDirectories(dir.resolve("rules/fake"));
        Files.copy(SEED_RULES, dir.resolve("rules/fake/seed-rules.yaml"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        store.close();
    }

    private Alerting start() {
        AlertingOptions options = AlertingOptions.defaults(dir.resolve("rules"), dir.resolve("data"))
                .withProvisioning(null, Map.of()).withTickInterval(Duration.ZERO).withClock(clock);
        Alerting a = Alerting.start(options, engine, (tenant, request) -> {
            written.add(request);
            PushResult r = store.push(tenant, request);
            assertThat(r.category()).as(r.message()).isEqualTo(PushResult.Category.OK);
        });
        toClose.add(a);
        return a;
    }



    /** The history as the UI reads it: a LogQL log query over the state-history streams, oldest first. */
    private List<String> history(String query) {
        long end = clock.instant().plusSeconds(1).toEpochMilli() * 1_000_000L;
        long start = T0.minus(Duration.ofHours(1)).toEpochMilli() * 1_000_000L;
        QueryResult r = engine.rangeQuery("fake", query, start, end, 1_000_000_000L, 0, 1000, Direction.FORWARD);
        List<String> out = new ArrayList<>();
        for (QueryResult.LogStream s : ((QueryResult.Streams) r).streams()) {
            for (QueryResult.LogEntry e : s.entries()) {
                out.add(Instant.ofEpochSecond(0, e.timestampNanos()) + " " + e.line());
            }
        }
        out.sort(null);
        return out;
    }

    private static String summary(String timeAndLine) throws Exception {
        int space = timeAndLine.indexOf(' ');
        JsonNode line = JSON.readTree(timeAndLine.substring(space + 1));
        return timeAndLine.substring(0, space) + " " + line.path("labels").path("service").asText() + " "
                + line.path("previous").asText() + " -> " + line.path("current").asText();
    }

    @Test
    void errorBurstWritesPendingFiringAndResolvedToTheStore() throws Exception {
        // auth fires (0.5 errors/s); billing stays under the threshold and never appears
        SeedErrors.burst(store, "auth", T0.minus(Duration.ofMinutes(5)), 6, 30);
        SeedErrors.burst(store, "billing", T0.minus(Duration.ofMinutes(5)), 6, 3);
        Alerting a = start();
        a.tick();                                              // T0: pending (for: 1m)
        SeedErrors.run(clock, a, Duration.ofMinutes(1), Duration.ofSeconds(10)); // T0+1m: firing
        SeedErrors.run(clock, a, Duration.ofMinutes(8), Duration.ofSeconds(30)); // the 5m window empties: resolved

        List<String> lines = history("{from=\"state-history\"}");
        List<String> summaries = new ArrayList<>();
        for (String l : lines) {
            summaries.add(summary(l));
        }
        assertThat(summaries).hasSize(3);
        assertThat(summaries.subList(0, 2)).containsExactly(
                "2026-11-24T12:00:00Z auth Normal -> Pending",
                "2026-11-24T12:01:00Z auth Pending -> Alerting");
        assertThat(summaries.get(2)).endsWith(" auth Alerting -> Normal");

        JsonNode firing = JSON.readTree(lines.get(1).substring(lines.get(1).indexOf(' ') + 1));
        Map<String, String> labels = Map.of("alertname", "PythonStarterKitErrorRate", "service", "auth", "severity", "critical");
        assertThat(firing.toString()).isEqualTo("{\"schemaVersion\":1,\"previous\":\"Pending\",\"current\":\"Alerting\","
                + "\"values\":{\"A\":0.5},\"condition\":\"A\",\"dashboardUID\":\"\",\"panelID\":0,"
                + "\"fingerprint\":\"" + Alert.fingerprint(labels) + "\",\"ruleTitle\":\"PythonStarterKitErrorRate\",\"ruleID\":0,"
                + "\"ruleUID\":\"" + new StateHistory.RuleRef("fake", "seed-rules.yaml", "python-starter-kit", "PythonStarterKitErrorRate",
                        Map.of()).uid() + "\","
                + "\"labels\":{\"alertname\":\"PythonStarterKitErrorRate\",\"service\":\"auth\",\"severity\":\"critical\"}}");

        // one stream per group, labelled as Grafana labels it
        assertThat(written).allSatisfy(req -> assertThat(req.streams()).singleElement().satisfies(s ->
                assertThat(s.labels()).containsExactly(new LabelPair("folderUID", "seed-rules.yaml"), new LabelPair("from", "state-history"),
                        new LabelPair("group", "python-starter-kit"), new LabelPair("orgID", "1"))));

        // Grafana's own query shape works: json-parse and filter on the rule and an instance label
        assertThat(history("{orgID=\"1\", from=\"state-history\"} | json | ruleTitle=\"PythonStarterKitErrorRate\""
                + " | labels_service=\"auth\" | current=\"Alerting\"")).hasSize(1);
    }

    @Test
    void pendingAlertThatGoesAwayReturnsToNormalAndARestartWritesNothingTwice() throws Exception {
        // 40 errors between T0-4m50s and T0-4m40s: rate over 5m is 0.133 at T0 (pending), 0 at T0+30s
        List<PushEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Instant t = T0.minus(Duration.ofSeconds(290)).plusMillis(i * 250L);
            entries.add(new PushEntry(t.getEpochSecond() * 1_000_000_000L + t.getNano(), "{\"level\":\"error\"}"));
        }
        store.push("fake", new PushRequest(List.of(new PushStream(List.of(new LabelPair("app", "python-starter-kit"),
                new LabelPair("level", "error"), new LabelPair("service", "auth")), entries))));
        Alerting first = start();
        first.tick();
        first.close();
        toClose.remove(first);

        Alerting second = start(); // same data directory: the pending alert is restored, no new line
        second.tick();
        clock.advance(Duration.ofSeconds(30));
        second.tick(); // group not due yet (1m interval)
        SeedErrors.run(clock, second, Duration.ofSeconds(30), Duration.ofSeconds(30));
        List<String> summaries = new ArrayList<>();
        for (String l : history("{from=\"state-history\"}")) {
            summaries.add(summary(l));
        }
        assertThat(summaries).containsExactly(
                "2026-11-24T12:00:00Z auth Normal -> Pending",
                "2026-11-24T12:01:00Z auth Pending -> Normal");
    }

    @Test
    void linesAreGrafanasLokiEntry() {
        StateHistory.RuleRef rule = new StateHistory.RuleRef("fake", "ns", "g", "HighErrors",
                Map.of(StateHistory.DASHBOARD_ANNOTATION, "python-starter-kit-logs", StateHistory.PANEL_ANNOTATION, "4"));
        Map<String, String> labels = Map.of("alertname", "HighErrors", "service", "auth");
        assertLine(rule, AlertState.INACTIVE, AlertState.PENDING, 0.25, labels,
                "\"previous\":\"Normal\",\"current\":\"Pending\",\"values\":{\"A\":0.25}");
        assertLine(rule, AlertState.PENDING, AlertState.FIRING, 3, labels,
                "\"previous\":\"Pending\",\"current\":\"Alerting\",\"values\":{\"A\":3.0}");
        assertLine(rule, AlertState.FIRING, AlertState.INACTIVE, Double.NaN, labels,
                "\"previous\":\"Alerting\",\"current\":\"Normal\",\"values\":{\"A\":\"NaN\"}");
        assertLine(rule, AlertState.FIRING, AlertState.INACTIVE, Double.POSITIVE_INFINITY, labels,
                "\"previous\":\"Alerting\",\"current\":\"Normal\",\"values\":{\"A\":\"+Inf\"}");
    }

    private static void assertLine(StateHistory.RuleRef rule, AlertState from, AlertState to, double value,
                                   Map<String, String> labels, String expectedStates) {
        String line = StateHistory.line(rule, new StateHistory.Transition(T0, labels, from, to, value));
        assertThat(line).isEqualTo("{\"schemaVersion\":1," + expectedStates + ",\"condition\":\"A\","
                + "\"dashboardUID\":\"python-starter-kit-logs\",\"panelID\":4,\"fingerprint\":\"" + Alert.fingerprint(labels)
                + "\",\"ruleTitle\":\"HighErrors\",\"ruleID\":0,\"ruleUID\":\"" + rule.uid() + "\","
                + "\"labels\":{\"alertname\":\"HighErrors\",\"service\":\"auth\"}}");
    }
}
