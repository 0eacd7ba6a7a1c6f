package dev.plg.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class PlgLoggerTest {
    private final LoggerContext context = new LoggerContext();
    /** Keeps events, computing caller data while the logging call is still on the stack. */
    private final ListAppender<ILoggingEvent> events = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent e) {
            e.getCallerData();
            super.append(e);
        }
    };
    private final JsonLineEncoder encoder = new JsonLineEncoder();

    @BeforeEach
    void setUp() {
        context.setMDCAdapter(MDC.getMDCAdapter());
        events.setContext(context);
        events.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        root.addAppender(events);
    }

    private List<JsonNode> lines() {
        List<JsonNode> out = new ArrayList<>();
        for (ILoggingEvent e : events.list) {
            out.add(TestEvents.parse(new String(encoder.encode(e), StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theSeedsUsageExampleGivesTheSeedsFields() {
        PlgLogger logger = PlgLogger.of(context.getLogger("auth"));
        PlgLogger bound = logger.bind("request_id", "req-abc-123", "user_id", "user-456", "service", "auth");
        bound.info("로그인 시도", "method", "oauth2");
        bound.warning("비밀번호 틀림", "attempt", 3);
        bound.error("계정 잠김", "locked_until", "2026-02-28T00:00:00Z");

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("level").asText()).isEqualTo("info");
        assertThat(lines.get(0).get("method").asText()).isEqualTo("oauth2");
        assertThat(lines.get(1).get("level").asText()).isEqualTo("warning");
        assertThat(lines.get(1).get("attempt").isInt()).isTrue();
        assertThat(names(lines.get(2))).containsExactly("timestamp", "level", "logger", "event", "request_id",
                "user_id", "service", "locked_until");
        assertThat(lines.get(2).get("logger").asText()).isEqualTo("auth");
        assertThat(lines.get(2).get("event").asText()).isEqualTo("계정 잠김");
    }

    @Test
    void bindIsImmutableAndCallValuesOverrideBoundOnes() {
        PlgLogger base = PlgLogger.of(context.getLogger("t")).bind("a", 1);
        PlgLogger more = base.bind("b", 2, "a", 10);
        base.info("base");
        more.info("more", "b", 20);
        more.unbind("a").info("unbound");
        List<JsonNode> lines = lines();
        assertThat(lines.get(0).toString()).endsWith("\"event\":\"base\",\"a\":1}");
        assertThat(lines.get(1).toString()).endsWith("\"event\":\"more\",\"a\":10,\"b\":20}");
        assertThat(lines.get(2).toString()).endsWith("\"event\":\"unbound\",\"b\":2}");
    }

    @Test
    void criticalAndExceptionsAndCallerData() {
        PlgLogger log = PlgLogger.of(context.getLogger("t"));
        log.critical("disk gone");
        log.exception("failed", new IllegalStateException("x"), "k", "v");
        log.info("dangling", "lonely");
        List<JsonNode> lines = lines();
        assertThat(lines.get(0).get("level").asText()).isEqualTo("critical");
        assertThat(lines.get(1).get("exception").get(0).get("exc_type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(lines.get(1).get("k").asText()).isEqualTo("v");
        assertThat(lines.get(2).get("extra").asText()).isEqualTo("lonely");
        // Caller data points at this test, not at PlgLogger.
        assertThat(events.list.get(0).getCallerData()[0].getClassName()).isEqualTo(PlgLoggerTest.class.getName());
    }

    @Test
    void disabledLevelsCostNothingAndLogNothing() {
        context.getLogger("quiet").setLevel(ch.qos.logback.classic.Level.WARN);
        PlgLogger log = PlgLogger.of(context.getLogger("quiet"));
        log.debug("no");
        log.info("no");
        log.warning("yes");
        assertThat(events.list).hasSize(1);
    }
}
