package dev.plg.server.http;

import dev.plg.server.Backends;
import dev.plg.store.Limits;
import dev.plg.store.LogStore;
import dev.plg.store.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A real HTTP server on port 0 over a real {@link LogStore} in a temporary directory (old samples
 * accepted so tests can use small fixed timestamps), with a small blocking client.
 */
final class TestServer implements AutoCloseable {
    final Path dataDir;
    final LogStore store;
    final HttpServer server;
    final HttpClient client = HttpClient.newHttpClient();
    final String base;

    TestServer(boolean authEnabled) throws Exception {
        dataDir = Files.createTempDirectory("plg-http-test");
        Limits limits = Limits.defaults().withRejectOldSamples(false);
        store = LogStore.open(StoreConfig.defaults(dataDir), limits);
        LokiApi api = new LokiApi(new LokiApi.Settings(authEnabled, 5000), Backends.push(store),
                Backends.read(store, limits), () -> "# store metrics\n",
                () -> "auth_enabled: false\n", () -> System.currentTimeMillis() * 1_000_000L);
        server = new HttpServer("127.0.0.1", 0, api);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    record Answer(int status, String contentType, String body) {
    }

    Answer get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    Answer get(String path, Map<String, String> params, String... headers) throws IOException, InterruptedException {
        return get(path + "?" + form(params), headers);
    }

    Answer post(String path, String contentType, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    Answer pushJson(String json, String... headers) throws IOException, InterruptedException {
        return post("/loki/api/v1/push", "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    static String form(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            store.close();
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
