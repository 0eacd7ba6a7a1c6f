package dev.plg.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

/** Builders for Logback events and readers for written lines, shared by the tests. */
final class TestEvents {
    static final Instant SEED_TIME = Instant.parse("2026-02-27T12:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final LoggerContext CONTEXT = new LoggerContext();

    static {
        CONTEXT.setMDCAdapter(MDC.getMDCAdapter());
    }

    private TestEvents() {
    }

    static Logger logger(String name) {
        return CONTEXT.getLogger(name);
    }

    static LoggingEvent event(Level level, String logger, String message, Object... keyValues) {
        return event(level, logger, message, null, keyValues);
    }

    static LoggingEvent event(Level level, String logger, String message, Throwable thrown, Object... keyValues) {
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger(logger), level, message, thrown, null);
        e.setInstant(SEED_TIME);
        for (int i = 0; i < keyValues.length; i += 2) {
            e.addKeyValuePair(new KeyValuePair((String) keyValues[i], keyValues[i + 1]));
        }
        return e;
    }

    static LoggingEvent withMdc(LoggingEvent e, Map<String, String> mdc) {
        e.setMDCPropertyMap(mdc);
        return e;
    }

    static String json(LoggingEvent e) {
        return new String(new JsonLineEncoder().encode(e), StandardCharsets.UTF_8);
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /** Every line of {@code file}, each parsed; fails naming the first line that is not JSON. */
    static List<JsonNode> readJsonLines(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                out.add(parse(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
