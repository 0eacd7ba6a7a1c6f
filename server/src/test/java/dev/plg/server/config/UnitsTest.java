package dev.plg.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitsTest {
    private static void duration(String text, Duration expected) {
        assertThat(Durations.parse(text)).as(text).isEqualTo(expected);
    }

    private static void bytes(String text, long expected) {
        assertThat(ByteSizes.parse(text)).as(text).isEqualTo(expected);
    }

    @Test
    void durationsAsLoki() {
        duration("0", Duration.ZERO);
        duration("0s", Duration.ZERO);
        duration("1h", Duration.ofHours(1));
        duration("168h", Duration.ofHours(168));
        duration("30d", Duration.ofDays(30));
        duration("1w", Duration.ofDays(7));
        duration("1y", Duration.ofDays(365));
        duration("1h30m", Duration.ofMinutes(90));
        duration("250ms", Duration.ofMillis(250));
        duration("1.5h", Duration.ofMinutes(90));
        duration("10us", Duration.ofNanos(10_000));
        duration("2m3s", Duration.ofSeconds(123));
        assertThatThrownBy(() -> Durations.parse("abc")).hasMessageContaining("cannot parse \"abc\" as a duration");
        assertThatThrownBy(() -> Durations.parse("5")).hasMessageContaining("cannot parse \"5\"");
    }

    @Test
    void durationsPrintAsPrometheus() {
        assertThat(Durations.format(Duration.ofHours(168))).isEqualTo("1w");
        assertThat(Durations.format(Duration.ofHours(721))).isEqualTo("30d1h");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void bytesAsHumanize() {
        bytes("256KB", 256_000);
        bytes("256kb", 256_000);
        bytes("1MB", 1_000_000);
        bytes("1MiB", 1 << 20);
        bytes("64KiB", 64 << 10);
        bytes("1.5MB", 1_500_000);
        bytes("1024", 1024);
        bytes("3 MB", 3_000_000);
        bytes("1GB", 1_000_000_000);
        assertThatThrownBy(() -> ByteSizes.parse("abc")).hasMessage("cannot parse \"abc\" as bytes");
        assertThatThrownBy(() -> ByteSizes.parse("12XB")).hasMessage("cannot parse \"12XB\" as bytes: unknown unit \"XB\"");
        assertThat(ByteSizes.format(256_000)).isEqualTo("256kB");
        assertThat(ByteSizes.format(3L << 20)).isEqualTo("3145728B");
    }

    @Test
    void environmentExpansion() {
        Map<String, String> env = Map.of("A", "x", "EMPTY", "");
        assertThat(EnvExpander.expand("${A}", env)).isEqualTo("x");
        assertThat(EnvExpander.expand("${B:-def}", env)).isEqualTo("def");
        assertThat(EnvExpander.expand("${EMPTY:-def}", env)).isEqualTo("def");
        assertThat(EnvExpander.expand("${B}", env)).isEqualTo("");
        assertThat(EnvExpander.expand("a $$ b ${A}/y", env)).isEqualTo("a $ b x/y");
        assertThat(EnvExpander.expand("$A stays", env)).isEqualTo("$A stays");
    }
}
