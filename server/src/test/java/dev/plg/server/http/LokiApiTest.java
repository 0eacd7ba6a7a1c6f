package dev.plg.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API against a real Jetty on port 0 and the real query engine over a real store in a temporary directory. */
class LokiApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-02-27T11:00:00Z in nanoseconds. */
    static final long T0 = 1772190000_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(false);
        String[] services = {"auth", "billing", "api"};
        String[] levels = {"info", "warning", "error"};
        StringBuilder body = new StringBuilder("{\"streams\":[");
        for (int i = 0; i < 30; i++) {
            String service = services[i % 3];
            String level = levels[(i / 3) % 3];
            long ts = T0 + i * 60 * SECOND;
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"stream\":{\"app\":\"python-starter-kit\",\"env\":\"production\",\"level\":\"").append(level)
                    .append("\",\"service\":\"").append(service).append("\"},\"values\":[[\"").append(ts)
                    .append("\",\"{\\\"level\\\": \\\"").append(level).append("\\\", \\\"user_id\\\": \\\"user-45")
                    .append(i % 4).append("\\\", \\\"event\\\": \\\"로그인 시도\\\"}\",{\"detected_level\":\"").append(level)
                    .append("\"}]]}");
        }
        body.append("]}");
        assertThat(server.pushJson(body.toString()).status()).isEqualTo(204);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static JsonNode json(TestServer.Answer a) throws Exception {
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        return JSON.readTree(a.body());
    }

    static Map<String, String> range(String query, String... more) {
        java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
        m.put("query", query);
        m.put("start", Long.toString(T0));
        m.put("end", Long.toString(T0 + 3600 * SECOND));
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void healthCheckQuery() throws Exception {
        JsonNode body = json(server.get("/loki/api/v1/query?direction=backward&query=vector%281%29%2Bvector%281%29&time=4000000000",
                "X-Loki-Response-Encoding-Flags", "categorize-labels"));
        assertThat(body.toString()).startsWith(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[4000000000,\"2\"]}],\"stats\":{\"summary\":");
    }

    @Test
    void logQueryPlainFoldsMetadataIntoStream() throws Exception {
        JsonNode data = json(server.get("/loki/api/v1/query_range",
                range("{app=\"python-starter-kit\", level=\"error\"}", "limit", "3"))).get("data");
        assertThat(data.get("resultType").asText()).isEqualTo("streams");
        assertThat(data.has("encodingFlags")).isFalse();
        assertThat(data.get("stats").get("summary").has("execTime")).isTrue();
        int entries = 0;
        for (JsonNode s : data.get("result")) {
            assertThat(s.get("stream").get("detected_level").asText()).isEqualTo("error");
            assertThat(s.get("stream").get("service_name").asText()).isEqualTo(s.get("stream").get("service").asText());
            for (JsonNode v : s.get("values")) {
                assertThat(v.size()).isEqualTo(2);
                assertThat(v.get(0).isTextual()).isTrue();
                entries++;
            }
        }
        assertThat(entries).isEqualTo(3);
    }

    @Test
    void logQueryCategorizedHasThreeElementEntries() throws Exception {
        JsonNode data = json(server.get("/loki/api/v1/query_range",
                range("{app=\"python-starter-kit\"} | json | user_id=\"user-450\"", "limit", "1000"),
                "X-Loki-Response-Encoding-Flags", "categorize-labels")).get("data");
        assertThat(data.get("encodingFlags").toString()).isEqualTo("[\"categorize-labels\"]");
        assertThat(data.get("result").size()).isGreaterThan(0);
        for (JsonNode s : data.get("result")) {
            assertThat(s.get("stream").has("detected_level")).isFalse();
            for (JsonNode v : s.get("values")) {
                assertThat(v.size()).isEqualTo(3);
                assertThat(v.get(2).get("structuredMetadata").get("detected_level").isTextual()).isTrue();
                assertThat(v.get(2).get("parsed").get("user_id").asText()).isEqualTo("user-450");
                assertThat(v.get(2).get("parsed").get("level_extracted").isTextual()).isTrue();
            }
        }
    }

    @Test
    void metricRangeQueryIsAMatrixOfStringValues() throws Exception {
        JsonNode data = json(server.get("/loki/api/v1/query_range",
                range("sum by (service) (count_over_time({app=\"python-starter-kit\"}[10m]))", "step", "600000ms"))).get("data");
        assertThat(data.get("resultType").asText()).isEqualTo("matrix");
        assertThat(data.get("result").size()).isEqualTo(3);
        JsonNode point = data.get("result").get(0).get("values").get(0);
        assertThat(point.get(0).isNumber()).isTrue();
        assertThat(point.get(1).isTextual()).isTrue();
    }

    @Test
    void labelsValuesAndSeries() throws Exception {
        String window = "start=" + T0 + "&end=" + (T0 + 3600 * SECOND);
        assertThat(server.get("/loki/api/v1/labels?" + window).body())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"app\",\"env\",\"level\",\"service\",\"service_name\"]}");
        assertThat(server.get("/loki/api/v1/label/service/values?" + window).body())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"api\",\"auth\",\"billing\"]}");
        assertThat(server.get("/loki/api/v1/label/nope/values?" + window).body()).isEqualTo("{\"status\":\"success\"}");
        assertThat(server.get("/loki/api/v1/labels?" + window + "&query=" + enc("{service=\"auth\"}")).body())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"app\",\"env\",\"level\",\"service\",\"service_name\"]}");
        JsonNode series = json(server.get("/loki/api/v1/series?" + window + "&match[]="
                + enc("{app=\"python-starter-kit\",level=\"error\"}")));
        assertThat(series.get("data").size()).isEqualTo(3);
        assertThat(series.get("data").get(0).get("level").asText()).isEqualTo("error");
        JsonNode none = json(server.get("/loki/api/v1/series?" + window + "&match[]=" + enc("{app=\"none\"}")));
        assertThat(none.toString()).isEqualTo("{\"status\":\"success\",\"data\":[]}");
    }

    @Test
    void postFormWorksLikeGet() throws Exception {
        TestServer.Answer a = server.post("/loki/api/v1/query_range", "application/x-www-form-urlencoded",
                TestServer.form(range("{service=\"auth\"}", "limit", "2")).getBytes(StandardCharsets.UTF_8));
        JsonNode data = json(a).get("data");
        assertThat(data.get("resultType").asText()).isEqualTo("streams");
    }

    @Test
    void indexStatsIsABareObject() throws Exception {
        JsonNode s = json(server.get("/loki/api/v1/index/stats",
                Map.of("query", "{app=\"python-starter-kit\"}", "start", Long.toString(T0), "end", Long.toString(T0 + 3600 * SECOND))));
        assertThat(s.get("streams").asLong()).isEqualTo(9);
        assertThat(s.get("entries").asLong()).isEqualTo(30);
        assertThat(s.has("status")).isFalse();
    }

    @Test
    void volumeIsAVectorByServiceName() throws Exception {
        JsonNode data = json(server.get("/loki/api/v1/index/volume", Map.of("query", "{app=\"python-starter-kit\", service_name=~\".+\"}", "limit", "5000",
                "start", "2026-02-27T11:00:00.000Z", "end", "2026-02-27T12:00:00.000Z"))).get("data");
        assertThat(data.get("resultType").asText()).isEqualTo("vector");
        assertThat(data.get("result").size()).isEqualTo(3);
        assertThat(data.get("result").get(0).get("metric").has("service_name")).isTrue();
    }

    @Test
    void errorsArePlainTextWithLokiWording() throws Exception {
        assertError(server.get("/loki/api/v1/query_range", range("{app=\"nginx\"}", "limit", "0")), 400,
                "limit must be a positive value");
        assertError(server.get("/loki/api/v1/query_range", range("{app=\"nginx\"}", "direction", "up")), 400,
                "invalid direction 'up'");
        assertError(server.get("/loki/api/v1/query_range", range("{app=\"nginx\"}", "limit", "6000")), 400,
                "max entries limit per query exceeded, limit > max_entries_limit_per_query (6000 > 5000)");
        assertError(server.get("/loki/api/v1/query_range", range("sum(count_over_time({app=\"x\"}[1m]))", "step", "abc")), 400,
                "cannot parse \"abc\" to a valid duration");
        assertError(server.get("/loki/api/v1/query_range", range("sum(count_over_time({app=\"x\"}[1m]))", "step", "0.1")), 400,
                "exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter");
        assertError(server.get("/loki/api/v1/query_range", Map.of("query", "{app=\"x\"}", "start", "yesterday")), 400,
                "could not parse 'start' parameter: strconv.ParseInt: parsing \"yesterday\": invalid syntax");
        assertError(server.get("/loki/api/v1/query_range", Map.of("query", "{app=\"x\"}", "start", "2026-01-01T06:00:00Z",
                "end", "2026-01-01T00:00:00Z")), 400, "end timestamp must not be before or equal to start time");
        assertError(server.get("/loki/api/v1/query", Map.of("query", "{app=\"x\"}")), 400,
                "log queries are not supported as an instant query type, please change your query to a range query type");
        assertError(server.get("/loki/api/v1/query", Map.of("query", "count_over_time({app=\"x\"}[5m])", "time", "not-a-time")),
                400, "strconv.ParseInt: parsing \"not-a-time\": invalid syntax");
        assertError(server.get("/loki/api/v1/labels", Map.of("start", "2026-01-01T06:00:00Z", "end", "2026-01-01T00:00:00Z")),
                500, "merging responses requires at least one response");
        assertError(server.get("/loki/api/v1/drilldown-limits"), 404, "404 page not found");
        TestServer.Answer parse = server.get("/loki/api/v1/query_range", range("{app=\"nginx\""));
        assertThat(parse.status()).isEqualTo(400);
        assertThat(parse.body()).startsWith("parse error");
    }

    static void assertError(TestServer.Answer a, int status, String body) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(a.body()).isEqualTo(body);
    }

    @Test
    void pushAnswers() throws Exception {
        assertThat(server.pushJson("{\"streams\":[]}").status()).isEqualTo(204);
        assertError(server.pushJson("{\"streams\":[{\"stream\":{\"app\":\"t\"},\"values\":[[1795543288340758872,\"x\"]]}]}"), 400,
                "loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: Value looks like Number/Boolean/None, "
                        + "but can't find its end: ',' or '}' symbol, error found in #10 byte of ...|872,\"x\"]]}]}|..., "
                        + "bigger context ...|:{\"app\":\"t\"},\"values\":[[1795543288340758872,\"x\"]]}]}|...");
        assertError(server.post("/loki/api/v1/push", null, "garbage".getBytes(StandardCharsets.UTF_8)), 400,
                "snappy: corrupt input");
        assertError(server.post("/loki/api/v1/push", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                "Content-Encoding", "br"), 400, "Content-Encoding \"br\" not supported");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(("{\"streams\":[{\"stream\":{\"app\":\"gz\"},\"values\":[[\"" + T0 + "\",\"zipped\"]]}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(server.post("/loki/api/v1/push", "application/json", gz.toByteArray(), "Content-Encoding", "gzip").status())
                .isEqualTo(204);
        assertThat(server.post("/api/prom/push", "application/json",
                "{\"streams\":[]}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(204);
        JsonNode data = json(server.get("/loki/api/v1/query_range", range("{app=\"gz\"}"))).get("data");
        assertThat(data.get("result").get(0).get("values").get(0).get(1).asText()).isEqualTo("zipped");
    }

    @Test
    void operationalEndpoints() throws Exception {
        assertError(server.get("/ready"), 200, "ready");
        TestServer.Answer metrics = server.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("# store metrics").contains("loki_request_duration_seconds_count{");
        assertThat(server.get("/config").body()).contains("auth_enabled");
        JsonNode build = json(server.get("/loki/api/v1/status/buildinfo"));
        assertThat(build.get("version").asText()).startsWith("3.4.2");
        assertThat(server.get("/loki/api/v1/format_query?query=" + enc("{foo=   \"bar\"}")).body())
                .isEqualTo("{\"status\":\"success\",\"data\":\"{foo=\\\"bar\\\"}\"}");
        TestServer.Answer bad = server.get("/loki/api/v1/format_query?query=" + enc("{foo="));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).startsWith("{\"status\":\"invalid-query\",\"error\":\"parse error");
        assertThat(server.get("/prometheus/api/v1/rules").body())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"groups\":[]},\"errorType\":\"\",\"error\":\"\"}");
        assertThat(server.get("/loki/api/v1/patterns?query=" + enc("{app=\"x\"}")).body())
                .isEqualTo("{\"status\":\"success\",\"data\":[]}");
        JsonNode detected = json(server.get("/loki/api/v1/detected_labels?query=" + enc("{app=\"python-starter-kit\"}")
                + "&start=" + T0 + "&end=" + (T0 + 3600 * SECOND)));
        assertThat(detected.get("detectedLabels").toString()).contains("{\"label\":\"service\",\"cardinality\":3}");
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
