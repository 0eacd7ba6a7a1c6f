package dev.plg.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy routing and grouping: critical alerts go to a webhook grouped by alertname only (one
 * message for two services), everything else to Slack grouped by service.
 */
class RoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void criticalAlertsAreGroupedIntoOneWebhookMessage() throws Exception {
        TestClock clock = new TestClock(T0);
        try (LogStore store = LogStore.open(StoreConfig.defaults(dir.resolve("store")), Limits.defaults(), clock);
             Receiver slack = new Receiver("ok");
             Receiver webhook = new Receiver("")) {
            for (String service : List.of("auth", "api")) {
                List<PushEntry> entries = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    entries.add(new PushEntry(T0.minusMillis(500 + i * 2000L).toEpochMilli() * 1_000_000L, "err " + i));
                }
                store.push("fake", new PushRequest(List.of(new PushStream(List.of(new LabelPair("app", "python-starter-kit"),
                        new LabelPair("level", "error"), new LabelPair("service", service)), entries))));
            }
            Files.createDirectories(dir.resolve("rules/fake"));
            Files.writeString(dir.resolve("rules/fake/r.yaml"), """
                    groups:
                      - name: g
                        rules:
                          - alert: Errors
                            expr: sum by (service) (count_over_time({app="python-starter-kit", level="error"}[5m])) > 10
                            labels:
                              severity: critical
                          - alert: SomeErrors
                            expr: sum by (service) (count_over_time({app="python-starter-kit", level="error"}[5m])) > 1
                    """);
            Files.createDirectories(dir.resolve("prov"));
            Files.writeString(dir.resolve("prov/a.yaml"), """
                    apiVersion: 1
                    contactPoints:
                      - name: slack
                        receivers:
                          - {uid: s1, type: slack, settings: {url: "${SLACK_URL}"}}
                      - name: hook
                        receivers:
                          - {uid: w1, type: webhook, settings: {url: "$HOOK_URL", username: u, password: p}}
                    policies:
                      - receiver: slack
                        group_by: [alertname, service]
                        group_wait: 10s
                        routes:
                          - receiver: hook
                            object_matchers: [[severity, '=', critical]]
                            group_by: [alertname]
                    """);
            AlertingOptions options = AlertingOptions.defaults(dir.resolve("rules"), dir.resolve("data"))
                    .withProvisioning(dir.resolve("prov"), Map.of("SLACK_URL", slack.url("/s"), "HOOK_URL", webhook.url("/hook")))
                    .withRetry(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(10), 2))
                    .withTickInterval(Duration.ZERO).withClock(clock);
            try (Alerting alerting = Alerting.start(options, new QueryEngine(store, QueryLimits.DEFAULTS))) {
                alerting.tick();
                clock.advance(Duration.ofSeconds(10));
                alerting.tick();

                Receiver.Received hook = webhook.next();
                assertThat(hook.header("Authorization")).isEqualTo("Basic dTpw");
                JsonNode body = JSON.readTree(hook.body());
                assertThat(body.path("receiver").asText()).isEqualTo("hook");
                assertThat(body.path("status").asText()).isEqualTo("firing");
                assertThat(body.path("version").asText()).isEqualTo("1");
                assertThat(body.path("state").asText()).isEqualTo("alerting");
                assertThat(body.path("groupKey").asText()).isEqualTo("{}/{severity=\"critical\"}/0:{alertname=\"Errors\"}");
                assertThat(body.path("groupLabels").toString()).isEqualTo("{\"alertname\":\"Errors\"}");
                assertThat(body.path("commonLabels").toString()).isEqualTo("{\"alertname\":\"Errors\",\"severity\":\"critical\"}");
                assertThat(body.path("title").asText()).isEqualTo("[FIRING:2] Errors (critical)");
                assertThat(body.path("alerts")).hasSize(2);
                JsonNode first = body.path("alerts").get(0);
                assertThat(first.path("labels").toString())
                        .isEqualTo("{\"alertname\":\"Errors\",\"service\":\"api\",\"severity\":\"critical\"}");
                assertThat(first.path("startsAt").asText()).isEqualTo("2026-11-24T12:00:00Z");
                assertThat(first.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
                assertThat(first.path("fingerprint").asText()).hasSize(16);
                assertThat(first.path("values").path("A").asDouble()).isEqualTo(100.0);

                List<String> slackTitles = new ArrayList<>();
                slackTitles.add(JSON.readTree(slack.next().body()).path("attachments").get(0).path("title").asText());
                slackTitles.add(JSON.readTree(slack.next().body()).path("attachments").get(0).path("title").asText());
                assertThat(slackTitles).containsExactlyInAnyOrder("[FIRING:1] SomeErrors api ", "[FIRING:1] SomeErrors auth ");
                assertThat(webhook.drain(Duration.ofMillis(100))).isEmpty();
            }
        }
    }
}
