package dev.plg.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PLG's JSON lines against lines written by real structlog (22.3.0, the seed's set-up verbatim;
 * see {@code src/test/resources/structlog/generate.py}) for the same calls: the same fields with
 * the same values and JSON types, and the exception in the same {@code dict_tracebacks} shape.
 * Field order differs on purpose: PLG writes the seed's documented order, structlog its
 * processing order; JSON consumers (Loki's {@code | json}, Alloy's {@code stage.json}) ignore order.
 */
class StructlogCompatibilityTest {
    private static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?Z";

    @TempDir
    Path dir;

    @Test
    void theSeedsCallsGiveStructlogsFieldsValuesAndTypes() throws IOException {
        List<JsonNode> python = structlogLines();
        List<JsonNode> java = plgLines();
        assertThat(java).hasSameSizeAs(python);
        for (int i = 0; i < python.size(); i++) {
            JsonNode expected = python.get(i);
            JsonNode actual = java.get(i);
            assertThat(fieldNames(actual)).as("line %d", i).isEqualTo(fieldNames(expected));
            for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.equals("timestamp")) {
                    assertThat(expected.get(name).asText()).matches(ISO_UTC);
                    assertThat(actual.get(name).asText()).matches(ISO_UTC);
                } else if (name.equals("exception")) {
                    assertSameTraceback(expected.get(name), actual.get(name));
                } else {
                    assertThat(actual.get(name)).as("line %d field %s", i, name).isEqualTo(expected.get(name));
                    assertThat(actual.get(name).getNodeType()).isEqualTo(expected.get(name).getNodeType());
                }
            }
        }
    }

    private static void assertSameTraceback(JsonNode expected, JsonNode actual) {
        assertThat(actual.isArray()).isTrue();
        assertThat(actual).hasSameSizeAs(expected);
        for (int s = 0; s < expected.size(); s++) {
            JsonNode e = expected.get(s);
            JsonNode a = actual.get(s);
            assertThat(a.get("exc_value")).isEqualTo(e.get("exc_value"));
            assertThat(a.get("is_cause")).isEqualTo(e.get("is_cause"));
            // Java names the class fully (java.lang.RuntimeException for Python's RuntimeError).
            assertThat(a.get("exc_type").asText()).endsWith(e.get("exc_type").asText().replace("Error", "Exception"));
            JsonNode expectedFrame = e.get("frames").get(0);
            JsonNode actualFrame = a.get("frames").get(0);
            for (String key : List.of("filename", "lineno", "name")) {
                assertThat(actualFrame.get(key).getNodeType()).as(key).isEqualTo(expectedFrame.get(key).getNodeType());
            }
        }
    }

    private List<JsonNode> plgLines() {
        LoggerContext context = new LoggerContext();
        PlgLogging.configure(context, PlgLogging.Options.defaults().withEnv(PlgLogging.Env.PRODUCTION).withLogDir(dir)
                .withAppName("python-starter-kit"));
        PlgLogger logger = PlgLogger.of(context.getLogger("auth"));
        PlgLogger bound = logger.bind("request_id", "req-abc-123", "user_id", "user-456", "service", "auth");
        bound.info("로그인 시도", "method", "oauth2");
        bound.warning("비밀번호 틀림", "attempt", 3);
        bound.error("계정 잠김", "locked_until", "2026-02-28T00:00:00Z");
        RuntimeException error;
        try {
            callGateway();
            throw new AssertionError("unreachable");
        } catch (java.util.concurrent.TimeoutException e) {
            error = new RuntimeException("payment gateway did not answer", e);
        }
        bound.exception("결제 실패", error, "amount", 12900);
        context.stop();
        return TestEvents.readJsonLines(dir.resolve("python-starter-kit.log"));
    }

    private static void callGateway() throws java.util.concurrent.TimeoutException {
        throw new java.util.concurrent.TimeoutException("Read timed out");
    }

    private static List<JsonNode> structlogLines() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = StructlogCompatibilityTest.class.getResourceAsStream("/structlog/production.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                out.add(TestEvents.parse(line));
            }
        }
        return out;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
