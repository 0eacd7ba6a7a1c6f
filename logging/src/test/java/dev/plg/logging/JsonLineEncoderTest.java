package dev.plg.logging;

import static dev.plg.logging.TestEvents.event;
import static dev.plg.logging.TestEvents.json;
import static dev.plg.logging.TestEvents.parse;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonLineEncoderTest {
    private static final String PREFIX =
            "{\"timestamp\":\"2026-02-27T12:00:00Z\",\"level\":\"info\",\"logger\":\"t\",\"event\":\"e\"";

    enum Color { RED }

    @Test
    void fieldTypesKeepTheirJsonTypes() {
        assertKeyValue("text", "\"k\":\"text\"");
        assertKeyValue(42, "\"k\":42");
        assertKeyValue(-7L, "\"k\":-7");
        assertKeyValue(Long.MIN_VALUE, "\"k\":-9223372036854775808");
        assertKeyValue((short) 3, "\"k\":3");
        assertKeyValue(1.5, "\"k\":1.5");
        assertKeyValue(3.0, "\"k\":3.0");
        assertKeyValue(0.1f, "\"k\":0.1");
        assertKeyValue(1e300, "\"k\":1.0E300");
        assertKeyValue(Double.NaN, "\"k\":\"NaN\"");
        assertKeyValue(Double.POSITIVE_INFINITY, "\"k\":\"Infinity\"");
        assertKeyValue(new BigDecimal("12345.678901234567890"), "\"k\":12345.678901234567890");
        assertKeyValue(new BigInteger("123456789012345678901234567890"), "\"k\":123456789012345678901234567890");
        assertKeyValue(true, "\"k\":true");
        assertKeyValue(false, "\"k\":false");
        assertKeyValue(null, "\"k\":null");
        assertKeyValue(List.of(1, "a", true), "\"k\":[1,\"a\",true]");
        assertKeyValue(orderedMap("a", 1, "b", List.of()), "\"k\":{\"a\":1,\"b\":[]}");
        assertKeyValue(new int[] {1, 2}, "\"k\":[1,2]");
        assertKeyValue(new long[] {}, "\"k\":[]");
        assertKeyValue(new String[] {"x", null}, "\"k\":[\"x\",null]");
        assertKeyValue(Color.RED, "\"k\":\"RED\"");
        assertKeyValue(Optional.of(5), "\"k\":5");
        assertKeyValue(Optional.empty(), "\"k\":null");
        assertKeyValue('c', "\"k\":\"c\"");
        assertKeyValue(Instant.parse("2026-02-28T00:00:00Z"), "\"k\":\"2026-02-28T00:00:00Z\"");
        assertKeyValue(new StringBuilder("sb"), "\"k\":\"sb\"");
    }

    @Test
    void aValueWhoseToStringThrowsIsWrittenNotThrown() {
        Object bad = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("boom");
            }
        };
        String line = json(event(Level.INFO, "t", "e", "k", bad));
        assertThat(parse(line).get("k").asText()).contains("toString() failed").contains("boom");
    }

    @Test
    void aSelfContainingMapStopsAtTheDepthLimit() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("self", map);
        String line = json(event(Level.INFO, "t", "e", "k", List.of(1)));
        assertThat(parse(line).get("k").get(0).asInt()).isEqualTo(1);
        JsonNode deep = parse(json(event(Level.INFO, "t", "e", "k", map))).get("k");
        int depth = 0;
        while (deep.isObject()) {
            deep = deep.get("self");
            depth++;
        }
        assertThat(depth).isEqualTo(8);
        assertThat(deep.isTextual()).isTrue();
    }

    @Test
    void escapesEveryControlCharacterAndKeepsUnicode() {
        assertEvent("a\"b", "a\\\"b");
        assertEvent("back\\slash", "back\\\\slash");
        assertEvent("\n\r\t\b\f", "\\n\\r\\t\\b\\f");
        assertEvent("\u0000\u0001\u001f", "\\u0000\\u0001\\u001f");
        assertEvent("del\u007f", "del\u007f");
        assertEvent("계정 잠김", "계정 잠김");
        assertEvent("é ß", "é ß");
        assertEvent("smile 😀", "smile 😀");
        assertEvent("lone \ud800 high", "lone \ufffd high", "lone \ufffd high");
        assertEvent("lone \udc00 low", "lone \ufffd low", "lone \ufffd low");
        assertEvent("reversed \udc00\ud800", "reversed \ufffd\ufffd", "reversed \ufffd\ufffd");
        assertEvent("line\u2028sep\u2029", "line\\u2028sep\\u2029");
        assertEvent("", "");
    }

    @Test
    void everyCharacterRoundTripsThroughARealJsonParser() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(200);
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(10);
                if (kind < 3) {
                    sb.append((char) random.nextInt(0x80));
                } else if (kind < 5) {
                    sb.append((char) random.nextInt(0x20));
                } else if (kind < 8) {
                    sb.append((char) random.nextInt(0x10000));
                } else {
                    sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
                }
            }
            String message = sb.toString();
            String expected = replaceLoneSurrogates(message);
            String line = json(event(Level.INFO, "t", message, "key " + message, message));
            assertThat(line).endsWith("}\n");
            assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
            JsonNode node = parse(line);
            assertThat(node.get("event").asText()).isEqualTo(expected);
            assertThat(node.get("key " + expected).asText()).isEqualTo(expected);
        }
    }

    @Test
    void levelsAreLowercasePythonNames() {
        assertLevel(event(Level.TRACE, "t", "e"), "trace");
        assertLevel(event(Level.DEBUG, "t", "e"), "debug");
        assertLevel(event(Level.INFO, "t", "e"), "info");
        assertLevel(event(Level.WARN, "t", "e"), "warning");
        assertLevel(event(Level.ERROR, "t", "e"), "error");
        LoggingEvent critical = event(Level.ERROR, "t", "e");
        critical.addMarker(PlgLogging.CRITICAL);
        assertLevel(critical, "critical");
    }

    @Test
    void timestampsAreIsoUtcWithZLikeStructlog() {
        assertTimestamp("2026-02-27T12:00:00Z", "2026-02-27T12:00:00Z");
        assertTimestamp("2026-02-27T12:00:00.123456Z", "2026-02-27T12:00:00.123456Z");
        assertTimestamp("2026-02-27T12:00:00.100Z", "2026-02-27T12:00:00.100000Z");
        assertTimestamp("2026-02-27T12:00:00.000000999Z", "2026-02-27T12:00:00Z");
        assertTimestamp("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z");
        assertTimestamp("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500000Z");
        assertTimestamp("2000-02-29T23:59:59Z", "2000-02-29T23:59:59Z");
        assertTimestamp("2100-03-01T00:00:01Z", "2100-03-01T00:00:01Z");
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(0, 32_503_680_000L), random.nextInt(1_000_000_000));
            int micros = t.getNano() / 1000;
            String expected = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
                    .withZone(java.time.ZoneOffset.UTC).format(t)
                    + (micros == 0 ? "" : String.format(".%06d", micros)) + "Z";
            assertTimestamp(t.toString(), expected);
        }
    }

    @Test
    void exceptionsAreStructuredLikeDictTracebacks() {
        IllegalStateException error = new IllegalStateException("outer", new IllegalArgumentException("inner \"quoted\""));
        JsonNode node = parse(json(event(Level.ERROR, "t", "failed", error)));
        JsonNode stacks = node.get("exception");
        assertThat(stacks.isArray()).isTrue();
        assertThat(stacks).hasSize(2);
        assertThat(stacks.get(0).get("exc_type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(stacks.get(0).get("exc_value").asText()).isEqualTo("outer");
        assertThat(stacks.get(0).get("is_cause").asBoolean()).isFalse();
        JsonNode frame = stacks.get(0).get("frames").get(0);
        assertThat(frame.get("filename").asText()).isEqualTo("JsonLineEncoderTest.java");
        assertThat(frame.get("lineno").isInt()).isTrue();
        assertThat(frame.get("name").asText()).isEqualTo(JsonLineEncoderTest.class.getName() + ".exceptionsAreStructuredLikeDictTracebacks");
        assertThat(stacks.get(1).get("exc_type").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(stacks.get(1).get("exc_value").asText()).isEqualTo("inner \"quoted\"");
        assertThat(stacks.get(1).get("is_cause").asBoolean()).isTrue();
    }

    @Test
    void framesBeyondTheLimitAreCountedNotWritten() {
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setMaxFrames(2);
        RuntimeException error = new RuntimeException((String) null);
        JsonNode stack = parse(new String(encoder.encode(event(Level.ERROR, "t", "e", error)), StandardCharsets.UTF_8))
                .get("exception").get(0);
        assertThat(stack.get("frames")).hasSize(2);
        assertThat(stack.get("frames_omitted").asInt()).isEqualTo(error.getStackTrace().length - 2);
        assertThat(stack.get("exc_value").asText()).isEmpty();
    }

    @Test
    void suppressedExceptionsAreNestedInTheirStack() {
        RuntimeException error = new RuntimeException("main");
        error.addSuppressed(new IllegalStateException("while closing"));
        JsonNode stack = parse(json(event(Level.ERROR, "t", "e", error))).get("exception").get(0);
        assertThat(stack.get("suppressed").get(0).get("exc_value").asText()).isEqualTo("while closing");
    }

    @Test
    void keyValuesOverrideContextAndReservedNamesGetAnUnderscore() {
        LoggingEvent e = event(Level.INFO, "t", "e", "service", "billing", "level", "x", "service2", 1);
        TestEvents.withMdc(e, orderedStringMap("service", "auth", "request_id", "r1"));
        String line = json(e);
        assertThat(line).isEqualTo(PREFIX + ",\"request_id\":\"r1\",\"service\":\"billing\",\"_level\":\"x\",\"service2\":1}\n");
    }

    @Test
    void aRepeatedKeyValueKeepsTheLastValue() {
        String line = json(event(Level.INFO, "t", "e", "k", 1, "k", 2));
        assertThat(line).isEqualTo(PREFIX + ",\"k\":2}\n");
    }

    @Test
    void boundValuesKeepTheirTypesPlainMdcStaysString() {
        try (BoundContext ignored = PlgLogging.bind("attempt", 3, "ok", true, "user_id", "user-456")) {
            org.slf4j.MDC.put("plain", "5");
            try {
                LoggingEvent e = event(Level.INFO, "t", "e");
                String line = json(e);
                assertThat(line).startsWith(PREFIX + ",\"attempt\":3,\"ok\":true,\"user_id\":\"user-456\"");
                assertThat(parse(line).get("plain").isTextual()).isTrue();
            } finally {
                org.slf4j.MDC.remove("plain");
            }
        }
    }

    @Test
    void pythonSpacingReproducesTheSeedLineByteForByte() {
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setPythonSpacing(true);
        String seed = "{\"timestamp\": \"2026-02-27T12:00:00Z\", \"level\": \"error\", \"logger\": \"auth\", "
                + "\"event\": \"계정 잠김\", \"request_id\": \"req-abc-123\", \"user_id\": \"user-456\", "
                + "\"service\": \"auth\", \"locked_until\": \"2026-02-28T00:00:00Z\"}";
        try (BoundContext ignored = PlgLogging.bind("request_id", "req-abc-123", "user_id", "user-456", "service", "auth")) {
            LoggingEvent e = event(Level.ERROR, "auth", "계정 잠김", "locked_until", "2026-02-28T00:00:00Z");
            assertThat(new String(encoder.encode(e), StandardCharsets.UTF_8)).isEqualTo(seed + "\n");
            // The compact default parses to exactly the same fields, in the same order.
            JsonNode compact = parse(json(e));
            assertThat(compact).isEqualTo(parse(seed));
            assertThat(fieldNames(compact)).containsExactly("timestamp", "level", "logger", "event", "request_id",
                    "user_id", "service", "locked_until");
        }
    }

    @Test
    void encodeToAppendsAndEncodeReturnsACopy() {
        JsonLineEncoder encoder = new JsonLineEncoder();
        dev.plg.logging.internal.JsonBuffer buffer = new dev.plg.logging.internal.JsonBuffer(16);
        encoder.encodeTo(event(Level.INFO, "t", "e"), buffer);
        encoder.encodeTo(event(Level.INFO, "t", "e"), buffer);
        assertThat(buffer.toString()).isEqualTo(PREFIX + "}\n" + PREFIX + "}\n");
        byte[] first = encoder.encode(event(Level.INFO, "t", "e"));
        byte[] second = encoder.encode(event(Level.INFO, "t", "f"));
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(PREFIX + "}\n");
        assertThat(first).isNotSameAs(second);
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp));
        return sb.toString();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertKeyValue(Object value, String expectedField) {
        String line = json(event(Level.INFO, "t", "e", "k", value));
        assertThat(line).as("value %s", value instanceof int[] ? Arrays.toString((int[]) value) : value)
                .isEqualTo(PREFIX + "," + expectedField + "}\n");
        parse(line);
    }

    private static void assertEvent(String message, String expectedEscaped) {
        assertEvent(message, expectedEscaped, message);
    }

    private static void assertEvent(String message, String expectedEscaped, String expectedParsed) {
        String line = json(event(Level.INFO, "t", message));
        assertThat(line).isEqualTo("{\"timestamp\":\"2026-02-27T12:00:00Z\",\"level\":\"info\",\"logger\":\"t\",\"event\":\""
                + expectedEscaped + "\"}\n");
        assertThat(parse(line).get("event").asText()).isEqualTo(expectedParsed);
    }

    private static void assertLevel(LoggingEvent e, String level) {
        assertThat(parse(json(e)).get("level").asText()).isEqualTo(level);
    }

    private static void assertTimestamp(String instant, String expected) {
        LoggingEvent e = event(Level.INFO, "t", "e");
        e.setInstant(Instant.parse(instant));
        assertThat(parse(json(e)).get("timestamp").asText()).as(instant).isEqualTo(expected);
    }

    private static Map<String, Object> orderedMap(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, String> orderedStringMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
