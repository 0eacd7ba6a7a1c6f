package dev.plg.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** loki4j (a real Loki client, a Logback appender) pushes JSON and protobuf+snappy to the store. */
class Loki4jClientTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int LINES = 25;

    /** Logs {@link #LINES} lines through a loki4j appender and stops it (which drains its queue). */
    static void logThroughLoki4j(String url, boolean protobuf, String tenant, String mode) {
        LoggerContext context = new LoggerContext();
        context.setName("loki4j-test");
        Loki4jAppender appender = new Loki4jAppender();
        appender.setContext(context);
        appender.setLabels("app=loki4j\nmode=" + mode + "\nlevel=%level");
        appender.setStructuredMetadata("thread=%thread");
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern("%msg");
        layout.start();
        appender.setMessage(layout);
        PipelineConfigAppenderBase.HttpCfg http = new PipelineConfigAppenderBase.HttpCfg();
        http.setUrl(url);
        http.setUseProtobufApi(protobuf);
        if (tenant != null) {
            http.setTenantId(tenant);
        }
        appender.setHttp(http);
        PipelineConfigAppenderBase.BatchCfg batch = new PipelineConfigAppenderBase.BatchCfg();
        batch.setMaxItems(10);
        batch.setTimeoutMs(200);
        batch.setDrainOnStop(true);
        appender.setBatch(batch);
        appender.start();
        assertThat(appender.isStarted()).isTrue();
        Logger logger = context.getLogger("dev.plg.test");
        logger.addAppender(appender);
        for (int i = 0; i < LINES; i++) {
            if (i % 5 == 0) {
                logger.error("{\"event\": \"결제 실패\", \"n\": {}}", i);
            } else {
                logger.info("{\"event\": \"로그인 시도\", \"n\": {}}", i);
            }
        }
        appender.stop();
        context.stop();
    }

    static List<JsonNode> entries(RunningStack stack, String mode, Map<String, String> headers) throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        String url = "/loki/api/v1/query_range?query=" + URLEncoder.encode("{app=\"loki4j\", mode=\"" + mode + "\"}",
                StandardCharsets.UTF_8) + "&start=" + (now - 600_000_000_000L) + "&end=" + (now + 60_000_000_000L)
                + "&limit=1000";
        RunningStack.Answer a = stack.get(url, headers);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : JSON.readTree(a.body()).get("data").get("result")) {
            for (JsonNode v : s.get("values")) {
                out.add(JSON.createObjectNode().set("stream", s.get("stream")).deepCopy());
                ((com.fasterxml.jackson.databind.node.ObjectNode) out.get(out.size() - 1)).set("value", v);
            }
        }
        return out;
    }

    @Test
    void jsonPush(@TempDir Path dir) throws Exception {
        try (RunningStack stack = new RunningStack(dir, false)) {
            logThroughLoki4j(stack.base + "/loki/api/v1/push", false, null, "json");
            List<JsonNode> got = entries(stack, "json", Map.of());
            assertThat(got).hasSize(LINES);
            JsonNode first = got.get(0);
            assertThat(first.get("stream").get("service_name").asText()).isEqualTo("loki4j");
            assertThat(first.get("stream").get("thread").asText()).isEqualTo("main");
            assertThat(first.get("stream").get("detected_level").asText()).isEqualTo(first.get("stream").get("level").asText());
            assertThat(got.stream().filter(e -> e.get("stream").get("level").asText().equals("ERROR")).count()).isEqualTo(5);
            assertThat(got.stream().anyMatch(e -> e.get("value").get(1).asText().contains("결제 실패"))).isTrue();
        }
    }

    @Test
    void protobufPushWithTenant(@TempDir Path dir) throws Exception {
        try (RunningStack stack = new RunningStack(dir, true)) {
            logThroughLoki4j(stack.base + "/loki/api/v1/push", true, "team-a", "protobuf");
            assertThat(entries(stack, "protobuf", Map.of("X-Scope-OrgID", "team-a"))).hasSize(LINES);
            assertThat(entries(stack, "protobuf", Map.of("X-Scope-OrgID", "team-b"))).isEmpty();
            RunningStack.Answer noOrg = stack.get("/loki/api/v1/labels", Map.of());
            assertThat(noOrg.status()).isEqualTo(401);
            assertThat(noOrg.body()).isEqualTo("no org id");
        }
    }
}
