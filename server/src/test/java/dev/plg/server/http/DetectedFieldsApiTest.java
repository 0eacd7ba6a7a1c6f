package dev.plg.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code detected_fields} and {@code detected_field/<name>/values} on a real server (port 0) over a
 * real store, with seed-style JSON lines and logfmt lines carrying structured metadata; bodies are
 * checked against the shape of Loki 3.4.2's captured answers.
 */
class DetectedFieldsApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-02-27T11:00:00Z in nanoseconds. */
    static final long T0 = 1772190000_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final Set<String> STREAM_LABELS = Set.of("app", "env", "level", "service", "service_name");
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(false);
        String[] services = {"auth", "billing", "api"};
        String[] levels = {"info", "warning", "error"};
        String[] events = {"로그인 시도", "비밀번호 틀림", "계정 잠김"};
        StringBuilder body = new StringBuilder("{\"streams\":[");
        for (int i = 0; i < 120; i++) {
            String service = services[i % 3];
            String level = levels[(i / 3) % 3];
            String line = "{\"timestamp\": \"2026-02-27T11:" + (i / 4) + ":00Z\", \"level\": \"" + level
                    + "\", \"logger\": \"" + service + "\", \"event\": \"" + events[i % 3] + "\", \"request_id\": \"req-"
                    + i + "\", \"user_id\": \"user-45" + (i % 4) + "\", \"service\": \"" + service + "\", \"attempt\": "
                    + (i % 7) + "}";
            body.append(i == 0 ? "" : ",").append("{\"stream\":{\"app\":\"python-starter-kit\",\"env\":\"production\",")
                    .append("\"level\":\"").append(level).append("\",\"service\":\"").append(service)
                    .append("\"},\"values\":[[\"").append(T0 + i * 15 * SECOND).append("\",")
                    .append(JSON.writeValueAsString(line)).append(",{\"detected_level\":\"").append(level)
                    .append("\",\"trace_id\":\"abc123\"}]]}");
        }
        for (int i = 0; i < 4; i++) {
            body.append(",{\"stream\":{\"app\":\"worker\",\"env\":\"production\"},\"values\":[[\"")
                    .append(T0 + i * 15 * SECOND).append("\",\"level=info msg=\\\"job done\\\" took=")
                    .append(10 + i).append("ms bytes=").append(i + 1).append("KB\"]]}");
        }
        body.append("]}");
        assertThat(server.pushJson(body.toString()).status()).isEqualTo(204);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static TestServer.Answer get(String path, String query, String... more) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("query", query);
        m.put("start", Long.toString(T0));
        m.put("end", Long.toString(T0 + 3600 * SECOND));
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return server.get(path, m);
    }

    static JsonNode ok(TestServer.Answer a) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        return JSON.readTree(a.body());
    }

    static Map<String, JsonNode> byLabel(JsonNode body) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode f : body.get("fields")) {
            out.put(f.get("label").asText(), f);
        }
        return out;
    }

    @Test
    void fieldsOfSeedLinesAsLoki() throws Exception {
        JsonNode body = ok(get("/loki/api/v1/detected_fields", "{app=\"python-starter-kit\"}", "limit", "1000"));
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("fields", "limit");
        assertThat(body.get("limit").asInt()).isEqualTo(1000);
        Map<String, JsonNode> fields = byLabel(body);
        // the default line_limit is 100: Loki's capture shows request_id with cardinality 100 of 120 lines
        assertThat(fields.get("request_id").toString())
                .isEqualTo("{\"label\":\"request_id\",\"type\":\"string\",\"cardinality\":100,\"parsers\":[\"json\"]}");
        assertThat(fields.get("attempt").toString())
                .isEqualTo("{\"label\":\"attempt\",\"type\":\"int\",\"cardinality\":7,\"parsers\":[\"json\"]}");
        assertThat(fields.get("detected_level").toString())
                .isEqualTo("{\"label\":\"detected_level\",\"type\":\"string\",\"cardinality\":3,\"parsers\":null}");
        assertThat(fields.get("trace_id").toString())
                .isEqualTo("{\"label\":\"trace_id\",\"type\":\"string\",\"cardinality\":1,\"parsers\":null}");
        assertThat(fields.keySet()).containsExactlyInAnyOrder("request_id", "event", "timestamp", "service_extracted",
                "detected_level", "attempt", "trace_id", "user_id", "logger", "level_extracted");
        assertThat(fields.get("user_id").get("cardinality").asInt()).isEqualTo(4);
        for (JsonNode f : body.get("fields")) {
            assertThat(STREAM_LABELS).doesNotContain(f.get("label").asText());
            Iterator<String> names = f.fieldNames();
            List<String> fieldKeys = new ArrayList<>();
            names.forEachRemaining(fieldKeys::add);
            assertThat(fieldKeys).containsExactly("label", "type", "cardinality", "parsers");
        }
        JsonNode all = ok(get("/loki/api/v1/detected_fields", "{app=\"python-starter-kit\"}", "line_limit", "1000"));
        assertThat(byLabel(all).get("request_id").get("cardinality").asInt()).isEqualTo(120);
    }

    @Test
    void logfmtFieldsAndTypes() throws Exception {
        Map<String, JsonNode> fields = byLabel(ok(get("/loki/api/v1/detected_fields", "{app=\"worker\"}")));
        assertThat(fields.get("took").toString())
                .isEqualTo("{\"label\":\"took\",\"type\":\"duration\",\"cardinality\":4,\"parsers\":[\"logfmt\"]}");
        assertThat(fields.get("bytes").get("type").asText()).isEqualTo("bytes");
        assertThat(fields.get("msg").get("parsers").toString()).isEqualTo("[\"logfmt\"]");
        // "level" is not a stream label of this stream, so the parsed key keeps its name
        assertThat(fields.get("level").get("parsers").toString()).isEqualTo("[\"logfmt\"]");
        assertThat(fields).doesNotContainKeys("app", "env", "service_name");
    }

    @Test
    void valuesOfOneField() throws Exception {
        TestServer.Answer a = get("/loki/api/v1/detected_field/user_id/values", "{app=\"python-starter-kit\"}",
                "limit", "1000");
        assertThat(ok(a).toString())
                .isEqualTo("{\"limit\":1000,\"values\":[\"user-450\",\"user-451\",\"user-452\",\"user-453\"]}");
        assertThat(ok(get("/loki/api/v1/detected_field/bytes/values", "{app=\"worker\"}")).get("values").toString())
                .isEqualTo("[\"1.0kB\",\"2.0kB\",\"3.0kB\",\"4.0kB\"]");
        assertThat(ok(get("/loki/api/v1/detected_field/detected_level/values", "{app=\"python-starter-kit\"}",
                "limit", "2")).get("values")).hasSize(2);
        // a stream label is never a field
        assertThat(ok(get("/loki/api/v1/detected_field/service/values", "{app=\"python-starter-kit\"}")).toString())
                .isEqualTo("{}");
    }

    @Test
    void emptyAnswerHasNoLimit() throws Exception {
        assertThat(ok(get("/loki/api/v1/detected_fields", "{app=\"nothing-here\"}")).toString()).isEqualTo("{}");
    }

    @Test
    void errorsAsLoki() throws Exception {
        assertError(get("/loki/api/v1/detected_fields", "sum(count_over_time({app=\"x\"}[1m]))"),
                "only log selector is supported");
        assertError(get("/loki/api/v1/detected_fields", "{app=\"x\""), "parse error at line 1, col 9: syntax error: "
                + "unexpected $end, expecting } or ,");
        assertError(get("/loki/api/v1/detected_fields", "{app=\"x\"}", "line_limit", "0"),
                "limit must be a positive value");
        assertError(get("/loki/api/v1/detected_fields", "{app=\"x\"}", "field_limit", "abc"),
                "strconv.Atoi: parsing \"abc\": invalid syntax");
        assertError(get("/loki/api/v1/detected_fields", "{app=\"x\"}", "line_limit", "6000"),
                "max entries limit per query exceeded, limit > max_entries_limit_per_query (6000 > 5000)");
        assertError(server.get("/loki/api/v1/detected_field/user_id/values", Map.of("query", "{app=\"x\"}",
                "start", Long.toString(T0 + SECOND), "end", Long.toString(T0))),
                "end timestamp must not be before or equal to start time");
        try (TestServer auth = new TestServer(true)) {
            TestServer.Answer a = auth.get("/loki/api/v1/detected_fields?query=%7Bapp%3D%22x%22%7D");
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.body()).isEqualTo("no org id");
        }
    }

    static void assertError(TestServer.Answer a, String body) {
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("text/plain");
        assertThat(a.body()).isEqualTo(body);
    }
}
