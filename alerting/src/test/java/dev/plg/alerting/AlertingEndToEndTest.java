package dev.plg.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plg.alerting.notify.NotificationLog;
import dev.plg.alerting.notify.RetryPolicy;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario on real parts: a real store fed with the demo's error burst, the real query
 * engine, the shipped seed rule, and local HTTP receivers standing in for Slack and Alertmanager.
 * Time is a hand-moved clock; the receivers are waited for, never slept on.
 */
class AlertingEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final Path SEED_RULES = Path.of("..", "config", "loki", "rules", "fake", "seed-rules.yaml");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private LogStore store;
    private QueryEngine engine;
    private Receiver slack;
    private Receiver alertmanager;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        store = LogStore.open(StoreConfig.defaults(dir.resolve("store")), Limits.defaults(), clock);
        engine = new QueryEngine(store, QueryLimits.DEFAULTS);
        slack = new Receiver("ok");
        alertmanager = new Receiver("");
        Files.createDirectories(dir.resolve("rules/fake"));
        Files.copy(SEED_RULES, dir.resolve("rules/fake/seed-rules.yaml"));
        Files.createDirectories(dir.resolve("provisioning"));
        Files.writeString(dir.resolve("provisioning/alerting.yaml"), """
                apiVersion: 1
                contactPoints:
                  - orgId: 1
                    name: slack-alerts
                    receivers:
                      - uid: slack-1
                        type: slack
                        settings:
                          url: $SLACK_WEBHOOK_URL
                          recipient: '#alerts'
                          username: PLG
                policies:
                  - orgId: 1
                    receiver: slack-alerts
                    group_by: ['alertname', 'service']
                    group_wait: 30s
                    group_interval: 5m
                    repeat_interval: 4h
                """);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        slack.close();
        alertmanager.close();
        store.close();
    }

    private Alerting start() {
        AlertingOptions options = AlertingOptions.defaults(dir.resolve("rules"), dir.resolve("data"))
                .withProvisioning(dir.resolve("provisioning"), Map.of("SLACK_WEBHOOK_URL", slack.url("/services/T0/B0/secret")))
                .withUiBaseUrl("http://plg.example:3000")
                .withAlertmanagers(List.of(alertmanager.url("")))
                .withRetry(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), 5))
                .withTickInterval(Duration.ZERO)
                .withClock(clock);
        Alerting a = Alerting.start(options, engine);
        toClose.add(a);
        return a;
    }



    private static void awaitDeliveries(Alerting a, int n) throws InterruptedException {
        for (int i = 0; i < 1000 && slackDeliveries(a) < n; i++) {
            Thread.sleep(10);
        }
        assertThat(slackDeliveries(a)).isGreaterThanOrEqualTo(n);
    }

    private static long slackDeliveries(Alerting a) {
        return a.notificationLog().deliveries().stream().filter(d -> d.integration().equals("slack-alerts/slack-1")).count();
    }

    @Test
    void errorBurstFiresOneSlackMessageThenResolves() throws Exception {
        // 30 errors a minute = 0.5/s for auth (fires); 3 a minute = 0.05/s for billing (stays quiet)
        SeedErrors.burst(store, "auth", T0.minus(Duration.ofMinutes(5)), 6, 30);
        SeedErrors.burst(store, "billing", T0.minus(Duration.ofMinutes(5)), 6, 3);
        Alerting a = start();
        a.tick(); // T0: pending (for: 1m)
        assertThat(a.status("fake").getFirst().rules().getFirst().state()).isEqualTo(AlertState.PENDING);
        SeedErrors.run(clock, a, Duration.ofMinutes(1), Duration.ofSeconds(10)); // T0+1m: firing, group_wait 30s starts
        assertThat(a.status("fake").getFirst().rules().getFirst().state()).isEqualTo(AlertState.FIRING);
        SeedErrors.run(clock, a, Duration.ofSeconds(30), Duration.ofSeconds(10)); // group_wait over: one Slack message

        Receiver.Received msg = slack.next();
        assertThat(msg.path()).isEqualTo("/services/T0/B0/secret");
        assertThat(msg.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = JSON.readTree(msg.body());
        assertThat(body.path("channel").asText()).isEqualTo("#alerts");
        assertThat(body.path("username").asText()).isEqualTo("PLG");
        JsonNode att = body.path("attachments").get(0);
        assertThat(att.path("title").asText()).isEqualTo("[FIRING:1] PythonStarterKitErrorRate auth (critical)");
        assertThat(att.path("color").asText()).isEqualTo("#D63232");
        assertThat(att.path("title_link").asText()).startsWith("http://plg.example:3000/explore?query=sum%20by%20%28service%29"
                + "%20%28rate%28%7Bapp%3D%22python-starter-kit%22%2C%20level%3D%22error%22%7D%5B5m%5D%29%29%20%3E%200.1&from=");
        assertThat(att.path("text").asText())
                .startsWith("**Firing**\n\nValue: 0.5\nLabels:\n - alertname = PythonStarterKitErrorRate\n"
                        + " - service = auth\n - severity = critical\nAnnotations:\n")
                .contains(" - summary = auth logs 500m ERROR lines per second\n")
                .contains("Source: http://plg.example:3000/explore?query=");
        assertThat(att.path("ts").asLong()).isEqualTo(T0.plusSeconds(90).getEpochSecond());

        // Alertmanager got the firing alert at once (no grouping there), with an expiry in the future
        JsonNode am = JSON.readTree(alertmanager.next().body());
        assertThat(am).hasSize(1);
        assertThat(am.get(0).path("labels").path("alertname").asText()).isEqualTo("PythonStarterKitErrorRate");
        assertThat(am.get(0).path("labels").path("service").asText()).isEqualTo("auth");
        assertThat(Instant.parse(am.get(0).path("endsAt").asText())).isAfter(T0.plusSeconds(60));

        // the burst stops at T0+1m; by T0+7m the 5m window is empty: resolved at the next group flush
        SeedErrors.run(clock, a, Duration.ofMinutes(6), Duration.ofSeconds(10));
        Receiver.Received resolved = slack.next(); // the very next message: no duplicate firing one before it
        JsonNode ratt = JSON.readTree(resolved.body()).path("attachments").get(0);
        assertThat(ratt.path("title").asText()).isEqualTo("[RESOLVED] PythonStarterKitErrorRate auth (critical)");
        assertThat(ratt.path("color").asText()).isEqualTo("#36a64f");
        assertThat(ratt.path("text").asText()).startsWith("**Resolved**\n\nValue: ").contains(" - service = auth\n");
        assertThat(a.status("fake").getFirst().rules().getFirst().state()).isEqualTo(AlertState.INACTIVE);

        List<JsonNode> amBodies = new ArrayList<>();
        for (Receiver.Received r : alertmanager.drain(Duration.ofMillis(200))) {
            amBodies.add(JSON.readTree(r.body()));
        }
        JsonNode last = amBodies.getLast().get(0);
        assertThat(Instant.parse(last.path("endsAt").asText())).isBeforeOrEqualTo(clock.instant());
        assertThat(slack.drain(Duration.ofMillis(200))).isEmpty();
        awaitDeliveries(a, 2);
        assertThat(a.notificationLog().deliveries()).extracting(NotificationLog.Delivery::error).containsOnly("");
    }

    @Test
    void receiverOutageIsRetriedWithoutBlockingEvaluation() throws Exception {
        SeedErrors.burst(store, "auth", T0.minus(Duration.ofMinutes(5)), 6, 30);
        slack.failNext(3, 503);
        Alerting a = start();
        a.tick();
        SeedErrors.run(clock, a, Duration.ofSeconds(90), Duration.ofSeconds(10));
        Receiver.Received msg = slack.next();
        assertThat(JSON.readTree(msg.body()).path("attachments").get(0).path("title").asText())
                .startsWith("[FIRING:1] PythonStarterKitErrorRate auth");
        assertThat(slack.requestCount()).isEqualTo(4);
        awaitDeliveries(a, 1); // the log entry is written once the sender has the 200
        NotificationLog.Delivery d = a.notificationLog().deliveries().stream()
                .filter(x -> x.integration().equals("slack-alerts/slack-1")).findFirst().orElseThrow();
        assertThat(d.attempts()).isEqualTo(4);
        assertThat(d.error()).isEmpty();
    }

    @Test
    void receiverThatStaysDownIsTriedAgainAtTheNextGroupInterval() throws Exception {
        SeedErrors.burst(store, "auth", T0.minus(Duration.ofMinutes(5)), 12, 30);
        slack.failNext(5, 500); // exactly the 5 attempts of the first flush
        Alerting a = start();
        a.tick();
        SeedErrors.run(clock, a, Duration.ofSeconds(90), Duration.ofSeconds(10));
        awaitDeliveries(a, 1); // the first flush gave up after 5 attempts
        assertThat(a.notificationLog().deliveries()).filteredOn(d -> d.integration().equals("slack-alerts/slack-1"))
                .singleElement().satisfies(d -> assertThat(d.error()).contains("answered 500"));
        SeedErrors.run(clock, a, Duration.ofMinutes(5), Duration.ofSeconds(30));
        // evaluation went on while the receiver was down
        assertThat(a.status("fake").getFirst().lastEvaluation()).isEqualTo(T0.plusSeconds(360));
        Receiver.Received msg = slack.next();
        assertThat(JSON.readTree(msg.body()).path("attachments").get(0).path("title").asText())
                .startsWith("[FIRING:1]");
        assertThat(slack.requestCount()).isEqualTo(6);
    }

    @Test
    void restartDoesNotRenotify() throws Exception {
        SeedErrors.burst(store, "auth", T0.minus(Duration.ofMinutes(5)), 9, 30);
        Alerting first = start();
        first.tick();
        SeedErrors.run(clock, first, Duration.ofSeconds(90), Duration.ofSeconds(10));
        assertThat(JSON.readTree(slack.next().body()).path("attachments").get(0).path("title").asText())
                .startsWith("[FIRING:1]");
        awaitDeliveries(first, 1); // recorded in the notification log
        first.close();

        Alerting second = start(); // same data directory: state and notification log come back
        assertThat(second.status("fake").getFirst().rules().getFirst().alerts()).singleElement()
                .satisfies(al -> assertThat(al.state()).isEqualTo(AlertState.FIRING));
        SeedErrors.run(clock, second, Duration.ofMinutes(2), Duration.ofSeconds(10)); // group_wait passes, still firing
        // burst ends at T0+4m; resolved at T0+8.5m, reported at the group's flush at T0+12m10s;
        // the next Slack message must be that resolution
        SeedErrors.run(clock, second, Duration.ofMinutes(10), Duration.ofSeconds(20));
        JsonNode next = JSON.readTree(slack.next().body()).path("attachments").get(0);
        assertThat(next.path("title").asText()).startsWith("[RESOLVED]");
        assertThat(slack.drain(Duration.ofMillis(200))).isEmpty();
    }
}
