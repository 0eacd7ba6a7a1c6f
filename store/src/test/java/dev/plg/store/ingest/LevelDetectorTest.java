package dev.plg.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.push.LabelPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases from the conformance data, where Loki 3.4.2's answers show the detected level. */
class LevelDetectorTest {
    private static void assertLevel(String line, String expected) {
        assertThat(LevelDetector.detect(List.of(new LabelPair("app", "x")), List.of(), line)).as(line).isEqualTo(expected);
    }

    @Test
    void fromTheLine() {
        assertLevel("{\"timestamp\": \"2026-01-01T00:00:46Z\", \"level\": \"debug\", \"event\": \"x\"}", "debug");
        assertLevel("{\"lvl\": \"WARNING\", \"level\": \"Info\"}", "info");
        assertLevel("{\"msg\": \"upstream error\", \"nested\": {\"level\": \"debug\"}}", "error");
        assertLevel("ts=2026-01-01T00:00:01.510Z level=WARN caller=proxy.go:88 msg=\"cache hit\"", "warn");
        assertLevel("ts=2026 level=info msg=\"upstream said \\\"busy\\\"\"", "info");
        assertLevel("checkout step=payment result=failed order_id=ORD-0215", "unknown");
        assertLevel("10.0.0.132 - - [01/Jan/2026:00:00:04 +0000] \"PUT /error.html HTTP/1.1\" 200 143142", "error");
        assertLevel("192.168.0.150 - frank [01/Jan/2026:05:59:58 +0000] \"GET / HTTP/1.1\" 499 120368", "unknown");
        assertLevel("2026-01-01 05:59:37,339 INFO [api.middleware] Login failed user=kim", "info");
        assertLevel("2026-01-01 05:58:42,716 DEBUG [api.middleware] Cache warmed: 5994 keys", "unknown");
        assertLevel("2026-01-01 05:56:13,600 WARNING [auth.views] locked user=lee attempt=7", "warn");
        assertLevel("CRITICAL: disk full", "critical");
        assertLevel("", "unknown");
    }

    @Test
    void labelsAndMetadataWinAsIs() {
        assertThat(LevelDetector.detect(List.of(new LabelPair("level", "warning")), List.of(), "level=error")).isEqualTo("warning");
        assertThat(LevelDetector.detect(List.of(), List.of(new LabelPair("severity", "Notice")), "error")).isEqualTo("Notice");
    }
}
