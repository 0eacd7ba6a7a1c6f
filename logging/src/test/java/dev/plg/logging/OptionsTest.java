package dev.plg.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.logging.PlgLogging.ColorMode;
import dev.plg.logging.PlgLogging.Env;
import dev.plg.logging.PlgLogging.Options;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsAreTheSeeds() {
        assertThat(Options.defaults()).isEqualTo(new Options(Path.of("/var/log/app"), "app", Env.DEVELOPMENT,
                LogLevel.INFO, 10L * 1024 * 1024, 5, ColorMode.AUTO));
        assertThat(Options.defaults().logFile()).isEqualTo(Path.of("/var/log/app/app.log"));
    }

    @Test
    void everyVariableMapsToItsOption() {
        Options o = Options.fromEnvironment(Map.of("APP_ENV", "production", "LOG_DIR", "/tmp/x", "LOG_LEVEL", "debug",
                "APP_NAME", "python-starter-kit", "LOG_MAX_BYTES", "1MB", "LOG_BACKUPS", "2", "LOG_COLOR", "always"));
        assertThat(o).isEqualTo(new Options(Path.of("/tmp/x"), "python-starter-kit", Env.PRODUCTION, LogLevel.DEBUG,
                1024 * 1024, 2, ColorMode.ALWAYS));
        assertThat(Options.fromEnvironment(Map.of("NO_COLOR", "1")).color()).isEqualTo(ColorMode.NEVER);
    }

    @Test
    void invalidVariablesKeepDefaultsAndSayWhy() {
        List<String> warnings = new ArrayList<>();
        Options o = Options.fromEnvironment(Map.of("APP_ENV", "staging", "LOG_LEVEL", "LOUD", "APP_NAME", "a/b",
                "LOG_MAX_BYTES", "ten", "LOG_BACKUPS", "-1"), warnings::add);
        assertThat(o).isEqualTo(Options.defaults());
        assertThat(warnings).hasSize(5);
        assertThat(String.join("\n", warnings)).contains("\"staging\"", "\"LOUD\"", "\"a/b\"", "\"ten\"", "\"-1\"");
    }

    @Test
    void levelsAcceptPythonAndSlf4jNames() {
        assertLevel("warning", LogLevel.WARNING);
        assertLevel("WARN", LogLevel.WARNING);
        assertLevel("Critical", LogLevel.CRITICAL);
        assertLevel("fatal", LogLevel.CRITICAL);
        assertLevel(" info ", LogLevel.INFO);
        assertLevel("trace", LogLevel.TRACE);
        assertLevel("off", LogLevel.OFF);
        assertThatThrownBy(() -> LogLevel.parse("verbose")).hasMessageContaining("cannot parse log level \"verbose\"");
    }

    @Test
    void sizesAcceptUnits() {
        assertThat(PlgLogging.parseSize("10485760")).isEqualTo(10485760L);
        assertThat(PlgLogging.parseSize("10MB")).isEqualTo(10485760L);
        assertThat(PlgLogging.parseSize("512 kb")).isEqualTo(524288L);
        assertThat(PlgLogging.parseSize("1G")).isEqualTo(1073741824L);
        assertThatThrownBy(() -> PlgLogging.parseSize("-5")).hasMessageContaining("cannot parse size \"-5\"");
    }

    @Test
    void optionsAreCheckedAtBirth() {
        assertThatThrownBy(() -> Options.defaults().withAppName("../etc")).hasMessageContaining("\"../etc\"");
        assertThatThrownBy(() -> Options.defaults().withBackups(-1)).hasMessageContaining("backups must be >= 0");
        assertThatThrownBy(() -> Options.defaults().withMaxFileSize(-1)).hasMessageContaining("maxFileSize");
        assertThatThrownBy(() -> Options.defaults().withLogDir(null)).hasMessage("logDir is null");
    }

    private static void assertLevel(String text, LogLevel expected) {
        assertThat(LogLevel.parse(text)).as(text).isEqualTo(expected);
    }
}
