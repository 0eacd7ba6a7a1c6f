package dev.plg.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plg.server.Stack;
import dev.plg.server.config.LokiConfig;
import dev.plg.server.config.LokiConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real plg store (the server's {@link Stack}, store only) with its data in a directory; it can be
 * stopped and started again on the same port and data directory, and queried over the Loki HTTP API.
 */
final class E2eStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stored entry as {@code query_range} returns it. */
    record Stored(Map<String, String> labels, long timestampNanos, String line) {
    }

    private final Path dataDir;
    private final String extraLimits;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Stack stack;
    private int port;

    /**
     * Starts on a free port. {@code extraLimits}: YAML lines under {@code limits_config:}, each indented
     * by two spaces.
     */
    E2eStore(Path dataDir, String extraLimits) throws Exception {
        this.dataDir = dataDir;
        this.extraLimits = extraLimits;
        start();
    }

    private void start() throws Exception {
        String yaml = "auth_enabled: false\n"
                + "server:\n  http_listen_address: 127.0.0.1\n  http_listen_port: " + port + "\n"
                + "common:\n  path_prefix: " + dataDir + "\n"
                + "limits_config:\n  reject_old_samples: false\n  ingestion_rate_mb: 256\n  ingestion_burst_size_mb: 512\n"
                + "  per_stream_rate_limit: 256MB\n  per_stream_rate_limit_burst: 512MB\n"
                + "  max_entries_limit_per_query: 1000000\n" + extraLimits;
        LokiConfig config = new LokiConfigLoader().parse("e2e-store.yaml", yaml, false, Map.of());
        stack = Stack.start(Stack.Options.storeOnly(config), line -> { });
        port = stack.httpPort();
    }

    /** Stops the store (graceful close: what it acknowledged is on disk). */
    void stop() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    /** Starts it again on the same port and data directory. */
    void restart() throws Exception {
        stop();
        start();
    }

    String pushUrl() {
        return "http://127.0.0.1:" + port + "/loki/api/v1/push";
    }

    /** Every entry of {@code selector} in the last and next hour, oldest first per stream. */
    List<Stored> query(String selector) throws IOException, InterruptedException {
        long now = System.currentTimeMillis() * 1_000_000L;
        long hour = 3_600_000_000_000L;
        String url = "http://127.0.0.1:" + port + "/loki/api/v1/query_range?query="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8) + "&start=" + (now - hour) + "&end=" + (now + hour)
                + "&limit=1000000&direction=forward";
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new AssertionError("query " + selector + " answered " + r.statusCode() + ": " + r.body());
        }
        List<Stored> out = new ArrayList<>();
        for (JsonNode stream : JSON.readTree(r.body()).get("data").get("result")) {
            Map<String, String> labels = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = stream.get("stream").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
            for (JsonNode v : stream.get("values")) {
                out.add(new Stored(labels, Long.parseLong(v.get(0).asText()), v.get(1).asText()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        stop();
    }
}
