package dev.plg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: {@code plg store} runs as a child process, several threads push, the process is
 * killed with SIGKILL while pushes are in flight, a new process starts on the same data, and every
 * entry that was answered 204 must be there exactly once.
 */
class KillDurabilityTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int THREADS = 4;
    static final int ENTRIES_PER_PUSH = 10;
    /** SIGKILL once this many pushes were acknowledged (the pushers keep going meanwhile). */
    static final int KILL_AFTER_ACKED_PUSHES = 120;
    static final int MAX_PUSHES_PER_THREAD = 400;
    static final long BASE_NS = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

    static final class Child implements AutoCloseable {
        final Process process;
        final String base;
        final LinkedBlockingQueue<String> output = new LinkedBlockingQueue<>();

        Child(Path config) throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                    "dev.plg.server.cli.Main", "store", "-config.file=" + config);
            pb.redirectErrorStream(true);
            process = pb.start();
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        output.add(line);
                    }
                } catch (IOException ignored) {
                    // process gone
                }
            });
            Pattern listening = Pattern.compile("store\\s+http://[^:]+:(\\d+)");
            String port = null;
            StringBuilder seen = new StringBuilder();
            while (port == null) {
                String line = output.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("plg store announces its port; output so far:\n" + seen).isNotNull();
                seen.append(line).append('\n');
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    port = m.group(1);
                }
            }
            base = "http://127.0.0.1:" + port;
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyAcknowledgedEntrySurvivesSigkillExactlyOnce(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("loki.yaml");
        Files.writeString(config, "auth_enabled: false\nserver:\n  http_listen_address: 127.0.0.1\n  http_listen_port: 0\n"
                + "common:\n  path_prefix: " + dir.resolve("data") + "\n"
                + "limits_config:\n  reject_old_samples: false\n  ingestion_rate_mb: 1024\n  ingestion_burst_size_mb: 1024\n"
                + "  per_stream_rate_limit: 1GB\n  per_stream_rate_limit_burst: 1GB\n  max_query_length: 0\n");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger ackedPushes = new AtomicInteger();
        CountDownLatch enoughAcked = new CountDownLatch(1);
        List<Thread> pushers = new ArrayList<>();
        try (Child first = new Child(config)) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                pushers.add(Thread.ofPlatform().start(() -> {
                    for (int p = 0; p < MAX_PUSHES_PER_THREAD; p++) {
                        List<String> lines = new ArrayList<>();
                        StringBuilder values = new StringBuilder();
                        for (int e = 0; e < ENTRIES_PER_PUSH; e++) {
                            int seq = p * ENTRIES_PER_PUSH + e;
                            String line = "t" + thread + "-" + seq;
                            lines.add(line);
                            values.append(e == 0 ? "" : ",").append("[\"").append(BASE_NS + seq * 1_000_000L)
                                    .append("\",\"").append(line).append("\"]");
                        }
                        String body = "{\"streams\":[{\"stream\":{\"test\":\"kill\",\"thread\":\"t" + thread + "\"},\"values\":["
                                + values + "]}]}";
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(first.base + "/loki/api/v1/push"))
                                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 204) {
                                throw new AssertionError("push answered " + r.statusCode() + ": " + r.body());
                            }
                            acknowledged.addAll(lines);
                            if (ackedPushes.incrementAndGet() >= KILL_AFTER_ACKED_PUSHES) {
                                enoughAcked.countDown();
                            }
                        } catch (IOException e) {
                            return; // the server was killed: this push is not acknowledged
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            assertThat(enoughAcked.await(120, TimeUnit.SECONDS)).as("pushes acknowledged before the kill").isTrue();
            first.process.destroyForcibly(); // SIGKILL on Unix
            assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (Thread t : pushers) {
                t.join(60_000);
            }
        }
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(KILL_AFTER_ACKED_PUSHES * ENTRIES_PER_PUSH);

        try (Child second = new Child(config)) {
            Map<String, Integer> seen = new HashMap<>();
            for (int t = 0; t < THREADS; t++) {
                String query = URLEncoder.encode("{test=\"kill\", thread=\"t" + t + "\"}", StandardCharsets.UTF_8);
                String url = second.base + "/loki/api/v1/query_range?query=" + query + "&start=" + BASE_NS + "&end="
                        + (BASE_NS + 3600_000_000_000L) + "&limit=5000&direction=forward";
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                for (JsonNode stream : JSON.readTree(r.body()).get("data").get("result")) {
                    for (JsonNode v : stream.get("values")) {
                        seen.merge(v.get(1).asText(), 1, Integer::sum);
                    }
                }
            }
            List<String> missing = acknowledged.stream().filter(l -> !seen.containsKey(l)).sorted().limit(10).toList();
            assertThat(missing).as("acknowledged entries missing after the restart").isEmpty();
            List<String> duplicated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(10).toList();
            assertThat(duplicated).as("entries stored more than once").isEmpty();
        }
    }
}
