package dev.plg.alerting.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plg.alerting.Alerting;
import dev.plg.alerting.AlertingOptions;
import dev.plg.alerting.TestClock;
import dev.plg.alerting.notify.Alert;
import dev.plg.alerting.notify.NotificationLog;
import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import dev.plg.query.QueryEngine;
import dev.plg.query.QueryLimits;
import dev.plg.store.Limits;
import dev.plg.store.LogStore;
import dev.plg.store.StoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ruler API on a real Jetty (port 0) in front of a fallback handler, as the server mounts it. */
class RulerHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private final HttpClient client = HttpClient.newHttpClient();
    private LogStore store;
    private Alerting alerting;
    private Server server;
    private String base;

    @BeforeEach
    void setUp() throws Exception {
        store = LogStore.open(StoreConfig.defaults(dir.resolve("store")), Limits.defaults(), clock);
        List<LabelPair> labels = List.of(new LabelPair("app", "python-starter-kit"), new LabelPair("level", "error"),
                new LabelPair("service", "auth"));
        List<PushEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            long t = T0.minusSeconds(1 + i * 2L).toEpochMilli() * 1_000_000L;
            entries.add(new PushEntry(t, "boom " + i));
        }
        store.push("fake", new PushRequest(List.of(new PushStream(labels, entries))));
        alerting = Alerting.start(AlertingOptions.defaults(dir.resolve("rules"), dir.resolve("data"))
                .withProvisioning(null, java.util.Map.of()).withTickInterval(Duration.ZERO).withClock(clock),
                new QueryEngine(store, QueryLimits.DEFAULTS));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Sequence(new RulerHandler(alerting, false), new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(418);
                callback.succeeded();
                return true;
            }
        }));
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.stop();
        alerting.close();
        store.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/yaml");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertAnswer(String method, String path, String body, int status, String expected) throws Exception {
        HttpResponse<String> r = call(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isEqualTo(status);
        assertThat(r.body()).as(method + " " + path).isEqualTo(expected);
    }

    @Test
    void rulerApiRoundTrip() throws Exception {
        String noDir = "unable to read rule dir " + dir.resolve("rules/fake") + ": open " + dir.resolve("rules/fake")
                + ": no such file or directory";
        assertAnswer("GET", "/loki/api/v1/rules", null, 400, noDir);
        assertAnswer("GET", "/api/prom/rules/test/test", null, 404, "group does not exist");
        assertAnswer("GET", "/prometheus/api/v1/rules", null, 200,
                "{\"status\":\"success\",\"data\":{\"groups\":[]},\"errorType\":\"\",\"error\":\"\"}");
        assertAnswer("GET", "/prometheus/api/v1/alerts", null, 200,
                "{\"status\":\"success\",\"data\":{\"alerts\":[]},\"errorType\":\"\",\"error\":\"\"}");

        String group = """
                name: errors
                interval: 1m
                rules:
                  - alert: HighErrorRate
                    expr: sum by (service) (rate({app="python-starter-kit", level="error"}[5m])) > 0.1
                    labels:
                      severity: critical
                    annotations:
                      summary: '{{ $labels.service }} at {{ $value }}'
                """;
        assertAnswer("POST", "/loki/api/v1/rules/team-a", group, 202,
                "{\"status\":\"success\",\"data\":null,\"errorType\":\"\",\"error\":\"\"}");
        assertAnswer("GET", "/loki/api/v1/rules/team-a/errors", null, 200, """
                name: errors
                interval: 1m
                rules:
                  - alert: HighErrorRate
                    expr: sum by (service) (rate({app="python-starter-kit", level="error"}[5m])) > 0.1
                    labels:
                      severity: critical
                    annotations:
                      summary: '{{ $labels.service }} at {{ $value }}'
                """);
        HttpResponse<String> all = call("GET", "/api/prom/rules", null);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type")).hasValue("application/yaml");
        assertThat(all.body()).startsWith("team-a:\n  - name: errors\n");
        assertAnswer("GET", "/loki/api/v1/rules/team-a/nope", null, 404, "group does not exist");
        assertAnswer("GET", "/loki/api/v1/rules/nope", null, 404, "no rule groups found");

        alerting.tick();
        JsonNode rules = JSON.readTree(call("GET", "/prometheus/api/v1/rules", null).body());
        JsonNode g = rules.path("data").path("groups").get(0);
        assertThat(g.path("name").asText()).isEqualTo("errors");
        assertThat(g.path("file").asText()).isEqualTo("team-a");
        assertThat(g.path("interval").asDouble()).isEqualTo(60.0);
        assertThat(g.path("lastEvaluation").asText()).isEqualTo("2026-11-24T12:00:00Z");
        JsonNode rule = g.path("rules").get(0);
        assertThat(rule.path("state").asText()).isEqualTo("firing");
        assertThat(rule.path("name").asText()).isEqualTo("HighErrorRate");
        assertThat(rule.path("query").asText()).startsWith("sum by (service)");
        assertThat(rule.path("duration").asDouble()).isEqualTo(0.0);
        assertThat(rule.path("health").asText()).isEqualTo("ok");
        assertThat(rule.path("type").asText()).isEqualTo("alerting");
        JsonNode alert = rule.path("alerts").get(0);
        assertThat(alert.toString()).isEqualTo("{\"labels\":{\"alertname\":\"HighErrorRate\",\"service\":\"auth\","
                + "\"severity\":\"critical\"},\"annotations\":{\"summary\":\"auth at 0.4\"},\"state\":\"firing\","
                + "\"activeAt\":\"2026-11-24T12:00:00Z\",\"value\":\"4e-01\"}");
        JsonNode alerts = JSON.readTree(call("GET", "/prometheus/api/v1/alerts", null).body());
        assertThat(alerts.path("data").path("alerts")).singleElement().isEqualTo(alert);
        assertThat(JSON.readTree(call("GET", "/prometheus/api/v1/rules?type=record", null).body())
                .path("data").path("groups")).isEmpty();

        assertAnswer("POST", "/loki/api/v1/rules/team-a", "name: bad\nrules:\n  - alert: X\n    expr: 'rate({a=\"b\"})'\n", 400,
                "group \"bad\", rule 1, \"X\": could not parse expression for alert 'X' in group 'bad': "
                        + "parse error at line 1, col 13: syntax error: unexpected )");
        assertAnswer("DELETE", "/loki/api/v1/rules/team-a/errors", null, 202,
                "{\"status\":\"success\",\"data\":null,\"errorType\":\"\",\"error\":\"\"}");
        assertAnswer("DELETE", "/loki/api/v1/rules/team-a/errors", null, 404, "group does not exist");
        assertAnswer("GET", "/loki/api/v1/rules", null, 404, "no rule groups found");
        assertThat(call("GET", "/loki/api/v1/query", null).statusCode()).isEqualTo(418);
        assertAnswer("GET", RulerHandler.PLG_STATUS, null, 200,
                "{\"status\":\"success\",\"data\":{\"ruleFileErrors\":[],\"deliveries\":[],\"notifications\":[]}}");
    }

    @Test
    void plgStatusListsEachAlertsLastNotification() throws Exception {
        Alert auth = new Alert(Map.of("alertname", "HighErrorRate", "service", "auth"), Map.of(), T0, null, "", 0.4);
        Alert api = new Alert(Map.of("alertname", "HighErrorRate", "service", "api"), Map.of(), T0, T0.plusSeconds(60), "", 0.0);
        NotificationLog log = alerting.notificationLog();
        log.delivered(new NotificationLog.Delivery(T0.plusSeconds(30), "slack-alerts", "slack-alerts/slack-1",
                "{}:{alertname=\"HighErrorRate\"}", "firing", 2, 1, ""), List.of(auth, api));
        log.delivered(new NotificationLog.Delivery(T0.plusSeconds(90), "slack-alerts", "slack-alerts/slack-1",
                "{}:{alertname=\"HighErrorRate\"}", "firing", 1, 8, "slack answered 500: boom"), List.of(api));

        JsonNode data = JSON.readTree(call("GET", RulerHandler.PLG_STATUS, null).body()).path("data");
        assertThat(data.path("deliveries")).hasSize(2);
        // newest first; one entry per alert: api's last notification is the failed one
        assertThat(data.path("notifications").toString()).isEqualTo("["
                + "{\"fingerprint\":\"" + api.fingerprint() + "\",\"labels\":{\"alertname\":\"HighErrorRate\",\"service\":\"api\"},"
                + "\"alertStatus\":\"resolved\",\"time\":\"2026-11-24T12:01:30Z\",\"receiver\":\"slack-alerts\","
                + "\"integration\":\"slack-alerts/slack-1\",\"status\":\"firing\",\"attempts\":8,\"error\":\"slack answered 500: boom\"},"
                + "{\"fingerprint\":\"" + auth.fingerprint() + "\",\"labels\":{\"alertname\":\"HighErrorRate\",\"service\":\"auth\"},"
                + "\"alertStatus\":\"firing\",\"time\":\"2026-11-24T12:00:30Z\",\"receiver\":\"slack-alerts\","
                + "\"integration\":\"slack-alerts/slack-1\",\"status\":\"firing\",\"attempts\":1,\"error\":\"\"}]");
    }
}
