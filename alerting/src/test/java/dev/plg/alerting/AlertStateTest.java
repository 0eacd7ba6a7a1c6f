package dev.plg.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.alerting.notify.RetryPolicy;
import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import dev.plg.query.QueryEngine;
import dev.plg.query.QueryLimits;
import dev.plg.store.Limits;
import dev.plg.store.LogStore;
import dev.plg.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert state machine minute by minute. One log line at T0-30s makes
 * {@code count_over_time(...[1m]) > 0} true at T0 only; the table lists each rule's state at
 * T0, T0+1m, T0+2m, T0+3m.
 */
class AlertStateTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void pendingFiringKeepFiringAndResolved() throws Exception {
        TestClock clock = new TestClock(T0);
        try (LogStore store = LogStore.open(StoreConfig.defaults(dir.resolve("store")), Limits.defaults(), clock)) {
            store.push("fake", new PushRequest(List.of(new PushStream(List.of(new LabelPair("app", "a")),
                    List.of(new PushEntry(T0.minusSeconds(30).toEpochMilli() * 1_000_000L, "x"))))));
            Files.createDirectories(dir.resolve("rules/fake"));
            Files.writeString(dir.resolve("rules/fake/state.yaml"), """
                    groups:
                      - name: g
                        interval: 1m
                        rules:
                          - alert: ForTwoMinutes      # pending, then dropped when the series goes away
                            expr: count_over_time({app="a"}[1m]) > 0
                            for: 2m
                          - alert: Immediate          # firing at once, resolved when the series goes away
                            expr: count_over_time({app="a"}[1m]) > 0
                          - alert: KeepFiring         # keeps firing 2m after the series went away
                            expr: count_over_time({app="a"}[1m]) > 0
                            keep_firing_for: 2m
                    """);
            AlertingOptions options = AlertingOptions.defaults(dir.resolve("rules"), dir.resolve("data"))
                    .withProvisioning(null, Map.of()).withTickInterval(Duration.ZERO).withClock(clock);
            List<String> table = new ArrayList<>();
            try (Alerting alerting = Alerting.start(options, new QueryEngine(store, QueryLimits.DEFAULTS))) {
                for (int minute = 0; minute < 4; minute++) {
                    alerting.tick();
                    List<String> row = new ArrayList<>();
                    for (RuleStatus r : alerting.status("fake").getFirst().rules()) {
                        row.add(r.rule().name() + "=" + r.state().wire());
                    }
                    table.add("T0+" + minute + "m " + String.join(" ", row));
                    clock.advance(Duration.ofMinutes(1));
                }
            }
            assertThat(table).containsExactly(
                    "T0+0m ForTwoMinutes=pending Immediate=firing KeepFiring=firing",
                    "T0+1m ForTwoMinutes=inactive Immediate=inactive KeepFiring=firing",
                    "T0+2m ForTwoMinutes=inactive Immediate=inactive KeepFiring=firing",
                    "T0+3m ForTwoMinutes=inactive Immediate=inactive KeepFiring=inactive");
        }
    }

    @Test
    void lateTicksEvaluateAtTheScheduledTimeSoForFiresAfterOneInterval() throws Exception {
        TestClock clock = new TestClock(T0);
        try (LogStore store = LogStore.open(StoreConfig.defaults(dir.resolve("store")), Limits.defaults(), clock)) {
            store.push("fake", new PushRequest(List.of(new PushStream(List.of(new LabelPair("app", "a")),
                    List.of(new PushEntry(T0.minusSeconds(30).toEpochMilli() * 1_000_000L, "x"))))));
            Files.createDirectories(dir.resolve("rules/fake"));
            Files.writeString(dir.resolve("rules/fake/late.yaml"), """
                    groups:
                      - name: g
                        interval: 1m
                        rules:
                          - alert: ForOneMinute
                            expr: count_over_time({app="a"}[5m]) > 0
                            for: 1m
                    """);
            AlertingOptions options = AlertingOptions.defaults(dir.resolve("rules"), dir.resolve("data"))
                    .withProvisioning(null, Map.of()).withTickInterval(Duration.ZERO).withClock(clock);
            try (Alerting alerting = Alerting.start(options, new QueryEngine(store, QueryLimits.DEFAULTS))) {
                alerting.tick();                                        // T0: scheduled and evaluated at T0
                clock.advance(Duration.ofSeconds(60).plusMillis(700));  // the next tick comes 700 ms late
                alerting.tick();
                RuleStatus r = alerting.status("fake").getFirst().rules().getFirst();
                assertThat(r.state()).isEqualTo(AlertState.FIRING);
                assertThat(r.lastEvaluation()).isEqualTo(T0.plusSeconds(60));
                assertThat(r.alerts().getFirst().activeAt()).isEqualTo(T0);
                clock.advance(Duration.ofSeconds(150));                 // T0+3m10.7s: the T0+2m slot is skipped
                alerting.tick();
                assertThat(alerting.status("fake").getFirst().lastEvaluation()).isEqualTo(T0.plusSeconds(180));
            }
        }
    }

    @Test
    void defaultsArePinned() {
        AlertingOptions o = AlertingOptions.defaults(Path.of("rules"), Path.of("data"));
        assertThat(o.evaluationInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.pollInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.resendDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.tickInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.uiBaseUrl()).isEqualTo("http://localhost:3000");
        assertThat(o.alertmanagerUrls()).isEmpty();
        assertThat(o.remoteWriteUrl()).isNull();
        assertThat(o.provisioningDirectory()).isNull();
        assertThat(o.clock()).isEqualTo(InstantSource.system());
        assertThat(o.retry()).isEqualTo(new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 8));
        assertThat(RetryPolicy.DEFAULT.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.DEFAULT.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(RetryPolicy.DEFAULT.backoff(8)).isEqualTo(Duration.ofSeconds(30));
    }
}
