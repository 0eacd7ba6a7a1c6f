package dev.plg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.server.config.LokiConfig;
import dev.plg.server.config.LokiConfigLoader;
import dev.plg.ui.UiOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one wiring place starts the ruler in front of the Loki API and the UI against this store. */
class StackWiringTest {
    @TempDir
    Path tmp;

    @Test
    void rulerAndUiAreWiredToTheStore() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules").resolve("fake"));
        Files.writeString(rules.resolve("seed.yaml"), """
                groups:
                  - name: errors
                    rules:
                      - alert: ErrorRate
                        expr: sum by (service) (rate({app="python-starter-kit", level="error"}[5m])) > 0.1
                """);
        Path provisioning = Files.createDirectories(tmp.resolve("provisioning").resolve("datasources"));
        Files.writeString(provisioning.resolve("loki.yaml"), """
                apiVersion: 1
                datasources:
                  - name: Loki
                    type: loki
                    access: proxy
                    url: http://loki:3100
                    isDefault: true
                """);
        LokiConfig config = config();
        UiOptions ui = UiOptions.fromEnv(Map.of()).withListen("127.0.0.1", 0).withProvisioningDir(tmp.resolve("provisioning"));
        List<String> announced = new ArrayList<>();
        try (Stack stack = Stack.start(new Stack.Options(config, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(ui)), announced::add)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> rulesAnswer = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + stack.httpPort() + "/prometheus/api/v1/rules")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rulesAnswer.statusCode()).isEqualTo(200);
            assertThat(rulesAnswer.body()).contains("\"name\":\"ErrorRate\"");

            String uiLine = announced.stream().filter(l -> l.startsWith("ui ")).findFirst().orElseThrow();
            String uiUrl = uiLine.substring(uiLine.indexOf("http://"), uiLine.indexOf("  ("));
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(uiUrl + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // a Java-only build (-Dskip.npm on a fresh tree) has no web app: the UI says so instead of serving it
            boolean webAppBuilt = StackWiringTest.class.getClassLoader().getResource("webapp/index.html") != null;
            if (webAppBuilt) {
                assertThat(page.statusCode()).isEqualTo(200);
            } else {
                assertThat(page.statusCode()).isEqualTo(503);
                assertThat(page.body()).contains("web app is not built");
            }
        }
        assertThat(announced).anyMatch(l -> l.startsWith("ruler "));
    }

    @Test
    void alertStateChangesAreWrittenIntoTheStoreAsStateHistory() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules").resolve("fake"));
        Files.writeString(rules.resolve("always.yaml"), """
                groups:
                  - name: always
                    interval: 1s
                    rules:
                      - alert: AlwaysFiring
                        expr: vector(1) > 0
                """);
        LokiConfig config = config();
        try (Stack stack = Stack.start(new Stack.Options(config, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()), line -> { })) {
            HttpClient client = HttpClient.newHttpClient();
            String query = java.net.URLEncoder.encode("{from=\"state-history\"}", java.nio.charset.StandardCharsets.UTF_8);
            URI uri = URI.create("http://127.0.0.1:" + stack.httpPort() + "/loki/api/v1/query_range?query=" + query
                    + "&since=1h&limit=10");
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            String body = "";
            while (System.nanoTime() < deadline && !body.contains("AlwaysFiring")) {
                Thread.sleep(200);
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                body = answer.body();
            }
            assertThat(body).contains("AlwaysFiring").contains("\\\"current\\\":\\\"Alerting\\\"");
        }
    }

    /** A store on a free port with data and the rules directory under {@link #tmp}. */
    private LokiConfig config() {
        String yaml = "auth_enabled: false\n"
                + "server:\n  http_listen_address: 127.0.0.1\n  http_listen_port: 0\n"
                + "common:\n  path_prefix: " + tmp.resolve("data") + "\n"
                + "  storage:\n    filesystem:\n      rules_directory: " + tmp.resolve("rules") + "\n";
        return new LokiConfigLoader().parse("test.yaml", yaml, false, Map.of());
    }
}
