package dev.plg.alerting.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.alerting.AlertState;
import dev.plg.alerting.Alerting;
import dev.plg.alerting.AlertingOptions;
import dev.plg.alerting.RuleStatus;
import dev.plg.alerting.TestClock;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7: rule annotations are full Go templates. A real store, the real query engine and the ruler evaluate a
 * rule whose annotations use {@code if/else} on {@code $value} and {@code range} over {@code $labels}.
 */
class RuleAnnotationTemplateTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void annotationsWithIfAndRangeRender() throws Exception {
        TestClock clock = new TestClock(T0);
        try (LogStore store = LogStore.open(StoreConfig.defaults(dir.resolve("store")), Limits.defaults(), clock)) {
            List<PushEntry> entries = new ArrayList<>();
            for (int s = 0; s < 300; s += 2) { // 0.5 lines per second over the last 5 minutes
                Instant t = T0.minusSeconds(300).plusSeconds(s).plusMillis(500);
                entries.add(new PushEntry(t.getEpochSecond() * 1_000_000_000L + t.getNano(), "error line " + s));
            }
            store.push("fake", new PushRequest(List.of(new PushStream(
                    List.of(new LabelPair("app", "shop"), new LabelPair("service", "auth")), entries))));
            Files.createDirectories(dir.resolve("rules/fake"));
            Files.writeString(dir.resolve("rules/fake/rules.yaml"), """
                    groups:
                      - name: g
                        rules:
                          - alert: Errors
                            expr: sum by (app, service) (rate({app="shop"}[5m])) > 0.01
                            labels:
                              severity: '{{ if gt $value 1.0 }}critical{{ else }}warning{{ end }}'
                            annotations:
                              level: '{{ if gt $value 1.0 }}high{{ else }}low{{ end }}'
                              labels: '{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}'
                              summary: '{{ $labels.service }} at {{ $value | humanize }}/s{{ if lt $value 0.1 }} (quiet){{ end }}'
                    """);
            AlertingOptions options = AlertingOptions.defaults(dir.resolve("rules"), dir.resolve("data"))
                    .withTickInterval(Duration.ZERO)
                    .withClock(clock);
            try (Alerting a = Alerting.start(options, new QueryEngine(store, QueryLimits.DEFAULTS))) {
                a.tick();
                RuleStatus rule = a.status("fake").getFirst().rules().getFirst();
                assertThat(rule.lastError()).isEmpty();
                assertThat(rule.state()).isEqualTo(AlertState.FIRING);
                RuleStatus.ActiveAlert alert = rule.alerts().getFirst();
                assertThat(alert.labels()).containsEntry("severity", "warning");
                assertThat(alert.annotations()).isEqualTo(Map.of(
                        "level", "low",
                        "labels", "app=shop;service=auth;",
                        "summary", "auth at 500m/s"));
            }
        }
    }
}
