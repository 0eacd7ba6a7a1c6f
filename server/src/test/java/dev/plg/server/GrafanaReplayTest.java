package dev.plg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every request of {@code spec/grafana-requests.jsonl} (what Grafana 11.4/12.x sends for
 * "Save & test", Explore, the label browser, a dashboard, an alert rule and live tail) against the
 * real store loaded with seed-shaped data, and checks each answer's status and shape.
 */
class GrafanaReplayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The file's "now": 2026-02-27T12:00:00Z. */
    static final long NOW_MS = 1772193600000L;
    @TempDir
    static Path dir;
    static RunningStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new RunningStack(dir, false);
        String[] services = {"auth", "billing", "api"};
        String[] levels = {"info", "warning", "error"};
        String[] events = {"로그인 시도", "비밀번호 틀림", "계정 잠김"};
        StringBuilder body = new StringBuilder("{\"streams\":[");
        // One line every 100 s over the 6 hours before "now", spread over 9 streams.
        for (int i = 0; i < 216; i++) {
            long ts = (NOW_MS - 6 * 3600_000L + i * 100_000L) * 1_000_000L + i;
            String service = services[i % 3];
            String level = levels[(i / 3) % 3];
            String line = "{\"timestamp\": \"t\", \"level\": \"" + level + "\", \"logger\": \"" + service
                    + "\", \"event\": \"" + events[i % 3] + "\", \"request_id\": \"req-" + i + "\", \"user_id\": \"user-45"
                    + (i % 4) + "\", \"service\": \"" + service + "\", \"attempt\": " + (i % 7) + "}";
            body.append(i == 0 ? "" : ",").append("{\"stream\":{\"app\":\"python-starter-kit\",\"env\":\"production\",\"level\":\"")
                    .append(level).append("\",\"service\":\"").append(service).append("\"},\"values\":[[\"").append(ts)
                    .append("\",").append(JSON.writeValueAsString(line)).append("]]}");
        }
        body.append("]}");
        assertThat(stack.push(body.toString(), Map.of()).status()).isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static List<JsonNode> requests() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                GrafanaReplayTest.class.getResourceAsStream("/spec/grafana-requests.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    @Test
    void everyHttpRequestIsAnsweredWithTheShapeGrafanaReads() throws Exception {
        int checked = 0;
        for (JsonNode request : requests()) {
            if (request.get("expect").get("status").asInt() == 101) {
                continue; // websocket: see liveTail()
            }
            String seq = "request #" + request.get("seq").asInt() + " " + request.get("url").asText();
            Map<String, String> headers = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = request.get("headers").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> h = it.next();
                headers.put(h.getKey(), h.getValue().asText());
            }
            RunningStack.Answer answer = stack.get(request.get("url").asText(), headers);
            assertThat(answer.status()).as(seq + " -> " + answer.body()).isEqualTo(200);
            assertThat(answer.contentType()).as(seq).startsWith("application/json");
            JsonNode body = JSON.readTree(answer.body());
            checkShape(seq, request.get("expect"), body);
            checked++;
        }
        assertThat(checked).isEqualTo(43);
    }

    static void checkShape(String seq, JsonNode expect, JsonNode body) {
        if (expect.has("data.resultType")) {
            assertThat(body.get("status").asText()).as(seq).isEqualTo("success");
            assertThat(body.get("data").get("resultType").asText()).as(seq).isEqualTo(expect.get("data.resultType").asText());
            assertThat(body.get("data").has("stats")).as(seq + " has stats").isTrue();
            String type = expect.get("data.resultType").asText();
            for (JsonNode r : body.get("data").get("result")) {
                if (type.equals("matrix")) {
                    for (JsonNode p : r.get("values")) {
                        assertThat(p.get(0).isNumber() && p.get(1).isTextual()).as(seq + " sample " + p).isTrue();
                    }
                } else if (type.equals("vector")) {
                    assertThat(r.get("value").get(0).isNumber() && r.get("value").get(1).isTextual()).as(seq).isTrue();
                }
            }
        }
        if (expect.has("data.encodingFlags")) {
            assertThat(body.get("data").get("encodingFlags")).as(seq).isEqualTo(expect.get("data.encodingFlags"));
        }
        if (expect.has("values_entry_len")) {
            int len = expect.get("values_entry_len").asInt();
            for (JsonNode s : body.get("data").get("result")) {
                for (JsonNode v : s.get("values")) {
                    assertThat(v.size()).as(seq + " entry " + v).isEqualTo(len);
                    assertThat(v.get(0).isTextual()).as(seq + " ns timestamp string").isTrue();
                }
            }
        }
        if (expect.has("data.result")) {
            assertThat(body.get("data").get("result")).as(seq).isEqualTo(expect.get("data.result"));
        }
        if (expect.has("data")) {
            JsonNode data = body.get("data");
            assertThat(data).as(seq + " data").isNotNull();
            assertThat(data.isArray()).as(seq).isTrue();
            for (JsonNode item : data) {
                if (expect.get("data").asText().equals("array of strings")) {
                    assertThat(item.isTextual()).as(seq).isTrue();
                } else {
                    assertThat(item.isObject()).as(seq).isTrue();
                }
            }
        }
        if (expect.has("body")) {
            for (String f : List.of("streams", "chunks", "bytes", "entries")) {
                assertThat(body.get(f).isNumber()).as(seq + " " + f).isTrue();
            }
            assertThat(body.has("status")).as(seq).isFalse();
        }
    }

    @Test
    void exploreQueriesFindTheSeedData() throws Exception {
        JsonNode main = JSON.readTree(stack.get(requests().get(2).get("url").asText(),
                Map.of("X-Loki-Response-Encoding-Flags", "categorize-labels")).body());
        int entries = 0;
        for (JsonNode s : main.get("data").get("result")) {
            entries += s.get("values").size();
        }
        assertThat(entries).isEqualTo(36); // the last hour: one line every 100 s
        JsonNode labels = JSON.readTree(stack.get(requests().get(1).get("url").asText(), Map.of()).body());
        assertThat(labels.get("data").toString()).isEqualTo("[\"app\",\"env\",\"level\",\"service\",\"service_name\"]");
    }

    @Test
    void liveTail() throws Exception {
        JsonNode request = requests().stream().filter(r -> r.get("expect").get("status").asInt() == 101).findFirst().orElseThrow();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create(stack.base.replace("http:", "ws:") + request.get("url").asText()), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(partial.toString());
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        long now = System.currentTimeMillis() * 1_000_000L;
        String query = request.get("query").get("query").asText();
        assertThat(query).contains("python-starter-kit");
        assertThat(stack.push("{\"streams\":[{\"stream\":{\"app\":\"python-starter-kit\",\"env\":\"production\",\"level\":\"error\","
                + "\"service\":\"auth\"},\"values\":[[\"" + now + "\",\"{\\\"event\\\":\\\"live line\\\",\\\"level\\\":\\\"error\\\"}\"]]}]}",
                Map.of()).status()).isEqualTo(204);
        String frame = frames.poll(20, TimeUnit.SECONDS);
        assertThat(frame).as("a live tail frame").isNotNull();
        JsonNode json = JSON.readTree(frame);
        assertThat(json.has("encodingFlags")).isFalse();
        JsonNode stream = json.get("streams").get(0);
        assertThat(stream.get("values").size()).isEqualTo(1);
        assertThat(stream.get("values").get(0).size()).isEqualTo(2);
        assertThat(stream.get("values").get(0).get(1).asText()).contains("live line");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
}
