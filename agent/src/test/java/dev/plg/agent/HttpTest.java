package dev.plg.agent;

import static dev.plg.agent.FakeLoki.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's HTTP server and loki.source.api, on real ports. */
class HttpTest {
    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Agent a, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyHealthyMetricsStatusAndReload() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Files.writeString(logs.resolve("app.log"), RotatingWriter.seedLine(1) + "\n");
        try (FakeLoki loki = new FakeLoki()) {
            Path config = AgentTestSupport.writeConfig(tmp, AgentTestSupport.fastConfig(logs, loki.url()));
            try (Agent a = AgentTestSupport.start(config, tmp.resolve("data"))) {
                await(() -> loki.accepted().size() == 1, Duration.ofSeconds(20), "one line");
                // The fake records a push before it answers; the agent counts it after the answer.
                await(() -> a.metrics().sum("loki_write_sent_entries_total") == 1, Duration.ofSeconds(20), "the push to be counted");
                assertThat(get(a, "/-/ready").body()).isEqualTo("Alloy is ready.\n");
                assertThat(get(a, "/-/healthy").body()).isEqualTo("All Alloy components are healthy.\n");
                String metrics = get(a, "/metrics").body();
                assertThat(metrics).contains("loki_source_file_read_lines_total{", "loki_source_file_read_bytes_total{",
                        "loki_source_file_files_active_total 1", "loki_write_sent_entries_total{", "loki_write_request_duration_seconds_bucket{",
                        "alloy_build_info{", "alloy_component_controller_running_components{health_type=\"healthy\"} 4");
                assertThat(get(a, "/").body()).contains("loki.source.file.python_app", "acknowledged_offset");
                assertThat(get(a, "/api/v0/web/components").body()).startsWith("[{\"name\":");
                Files.writeString(config, Files.readString(config).replace("\"50ms\"", "5"), StandardCharsets.UTF_8);
                HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.httpPort() + "/-/reload"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(bad.body()).contains("time: missing unit in duration \"5\"");
                assertThat(get(a, "/-/ready").statusCode()).isEqualTo(200); // the old graph keeps running
            }
        }
    }

    @Test
    void sourceApiForwardsPushesWithTenant() throws Exception {
        try (FakeLoki loki = new FakeLoki()) {
            int port;
            try (var s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path config = AgentTestSupport.writeConfig(tmp, """
                    loki.source.api "in" {
                      http {
                        listen_address = "127.0.0.1"
                        listen_port    = %d
                      }
                      labels     = {via = "api"}
                      forward_to = [loki.write.out.receiver]
                    }
                    loki.write "out" {
                      endpoint {
                        url        = "%s"
                        batch_wait = "50ms"
                      }
                    }
                    """.formatted(port, loki.url()));
            try (Agent a = AgentTestSupport.start(config, tmp.resolve("data"))) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/loki/api/v1/push"))
                        .header("Content-Type", "application/json").header("X-Scope-OrgID", "team-a")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"streams\":[{\"stream\":{\"app\":\"x\"},\"values\":[[\"1772193600000000000\",\"hello\"]]}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(204);
                await(() -> loki.accepted().size() == 1, Duration.ofSeconds(20), "the pushed line");
                assertThat(loki.accepted().getFirst()).isEqualTo(new FakeLoki.Received("{app=\"x\", via=\"api\"}",
                        loki.accepted().getFirst().ts(), "hello", "team-a"));
            }
        }
    }
}
