package dev.plg.logging;

import static dev.plg.logging.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleEncoderTest {

    @Test
    void reproducesTheSeedDevelopmentLine() {
        LoggingEvent e;
        try (BoundContext ignored = PlgLogging.bind("request_id", "req-abc-123", "service", "auth")) {
            e = event(Level.ERROR, "auth", "계정 잠김");
            e.getMDCPropertyMap();
        }
        assertThat(render(e, false))
                .isEqualTo("2026-02-27T12:00:00Z [error    ] 계정 잠김  logger=auth request_id=req-abc-123 service=auth\n");
    }

    @Test
    void padsEveryLevelToNineColumns() {
        assertLine(event(Level.DEBUG, "t", "e"), "2026-02-27T12:00:00Z [debug    ] e  logger=t\n");
        assertLine(event(Level.INFO, "t", "e"), "2026-02-27T12:00:00Z [info     ] e  logger=t\n");
        assertLine(event(Level.WARN, "t", "e"), "2026-02-27T12:00:00Z [warning  ] e  logger=t\n");
        LoggingEvent critical = event(Level.ERROR, "t", "e");
        critical.addMarker(PlgLogging.CRITICAL);
        assertLine(critical, "2026-02-27T12:00:00Z [critical ] e  logger=t\n");
    }

    @Test
    void keyValuesAreSortedAndRenderedAsJsonWhenNotStrings() {
        assertLine(event(Level.INFO, "auth", "로그인 시도", "method", "oauth2", "attempt", 3, "flags", java.util.List.of(1, 2)),
                "2026-02-27T12:00:00Z [info     ] 로그인 시도  attempt=3 flags=[1,2] logger=auth method=oauth2\n");
    }

    @Test
    void colorsUseStructlogsAnsiCodesOnlyWhenAsked() {
        String colored = render(event(Level.WARN, "t", "e", "k", "v"), true);
        assertThat(colored).isEqualTo("\u001b[2m2026-02-27T12:00:00Z\u001b[0m [\u001b[33mwarning  \u001b[0m] "
                + "\u001b[1me\u001b[0m  \u001b[36mk\u001b[0m=\u001b[35mv\u001b[0m \u001b[36mlogger\u001b[0m=\u001b[35mt\u001b[0m\n");
        assertThat(render(event(Level.WARN, "t", "e"), false)).doesNotContain("\u001b");
    }

    @Test
    void exceptionsFollowTheLineAsAJavaStackTrace() {
        String out = render(event(Level.ERROR, "t", "failed", new IllegalStateException("boom")), false);
        assertThat(out).startsWith("2026-02-27T12:00:00Z [error    ] failed  logger=t\njava.lang.IllegalStateException: boom\n");
        assertThat(out).contains("at " + ConsoleEncoderTest.class.getName());
    }

    @Test
    void autoColorsFollowNoColorAndDumbTerminals() {
        assertThat(PlgLogging.useColors(PlgLogging.ColorMode.ALWAYS, java.util.Map.of("NO_COLOR", "1"))).isTrue();
        assertThat(PlgLogging.useColors(PlgLogging.ColorMode.NEVER, java.util.Map.of())).isFalse();
        assertThat(PlgLogging.useColors(PlgLogging.ColorMode.AUTO, java.util.Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(PlgLogging.useColors(PlgLogging.ColorMode.AUTO, java.util.Map.of("TERM", "dumb"))).isFalse();
        // Surefire's forked JVM has no terminal.
        assertThat(PlgLogging.useColors(PlgLogging.ColorMode.AUTO, java.util.Map.of())).isFalse();
    }

    private static void assertLine(LoggingEvent e, String expected) {
        assertThat(render(e, false)).isEqualTo(expected);
    }

    private static String render(LoggingEvent e, boolean colors) {
        ConsoleEncoder encoder = new ConsoleEncoder();
        encoder.setColors(colors);
        return new String(encoder.encode(e), StandardCharsets.UTF_8);
    }
}
