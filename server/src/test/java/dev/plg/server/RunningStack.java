package dev.plg.server;

import dev.plg.server.config.LokiConfig;
import dev.plg.server.config.LokiConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The real stack (store + query + HTTP) on port 0 with its data in a temporary directory. */
final class RunningStack implements AutoCloseable {
    final Stack stack;
    final String base;
    final HttpClient client = HttpClient.newHttpClient();

    RunningStack(Path dataDir, boolean authEnabled) throws Exception {
        this(dataDir, authEnabled, "");
    }

    /** {@code extraLimits}: YAML lines added under {@code limits_config:} (indented by two spaces). */
    RunningStack(Path dataDir, boolean authEnabled, String extraLimits) throws Exception {
        String yaml = "auth_enabled: " + authEnabled + "\n"
                + "server:\n  http_listen_address: 127.0.0.1\n  http_listen_port: 0\n"
                + "common:\n  path_prefix: " + dataDir + "\n"
                + "limits_config:\n  reject_old_samples: false\n  ingestion_rate_mb: 64\n  ingestion_burst_size_mb: 128\n"
                + extraLimits;
        LokiConfig config = new LokiConfigLoader().parse("test.yaml", yaml, false, Map.of());
        stack = Stack.start(Stack.Options.storeOnly(config), line -> { });
        base = "http://127.0.0.1:" + stack.httpPort();
    }

    record Answer(int status, String contentType, String body) {
    }

    Answer get(String pathAndQuery, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        headers.forEach(b::header);
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    Answer push(String json, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/loki/api/v1/push"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    @Override
    public void close() {
        stack.close();
    }
}
