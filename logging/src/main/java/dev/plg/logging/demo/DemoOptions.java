package dev.plg.logging.demo;

import dev.plg.logging.LogLevel;
import dev.plg.logging.PlgLogging;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of {@link DemoService}. Defaults ({@link #defaults()}): {@code ./data/logs},
 * app {@code python-starter-kit} (the seed's app), production (JSON file, so the agent has
 * something to tail), DEBUG, 20 lines/s, run until stopped, no line limit, random seed 42, the
 * library's 10 MB x 5 rotation.
 *
 * @param logDir where {@code <appName>.log} is written
 * @param appName file name stem
 * @param env production writes the JSON file; development prints console lines
 * @param level threshold (the demo emits debug through critical)
 * @param linesPerSecond target rate; 0 means as fast as possible
 * @param duration stop after this long; {@link Duration#ZERO} means until {@link DemoService#stop()}
 * @param maxLines stop after this many lines; 0 means no limit
 * @param seed seed of the traffic generator (same seed, same sequence of events)
 * @param maxFileSize rotation size in bytes
 * @param backups rotated files kept
 */
public record DemoOptions(Path logDir, String appName, PlgLogging.Env env, LogLevel level, double linesPerSecond,
        Duration duration, long maxLines, long seed, long maxFileSize, int backups) {
    public static final Path DEFAULT_LOG_DIR = Path.of("data", "logs");
    public static final String DEFAULT_APP_NAME = "python-starter-kit";
    public static final double DEFAULT_RATE = 20;

    public DemoOptions {
        Objects.requireNonNull(logDir, "logDir is null");
        Objects.requireNonNull(appName, "appName is null");
        Objects.requireNonNull(env, "env is null");
        Objects.requireNonNull(level, "level is null");
        Objects.requireNonNull(duration, "duration is null");
        if (!(linesPerSecond >= 0) || Double.isInfinite(linesPerSecond)) {
            throw new IllegalArgumentException("linesPerSecond must be a finite number >= 0, got " + linesPerSecond);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
        if (maxLines < 0) {
            throw new IllegalArgumentException("maxLines must be >= 0, got " + maxLines);
        }
        // Validates app name, sizes and backups the same way the library does.
        new PlgLogging.Options(logDir, appName, env, level, maxFileSize, backups, PlgLogging.ColorMode.AUTO);
    }

    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_LOG_DIR, DEFAULT_APP_NAME, PlgLogging.Env.PRODUCTION, LogLevel.DEBUG,
                DEFAULT_RATE, Duration.ZERO, 0, 42, 10L * 1024 * 1024, 5);
    }

    /**
     * Defaults overridden by the library's variables ({@code LOG_DIR}, {@code APP_ENV},
     * {@code LOG_LEVEL}, {@code APP_NAME}, {@code LOG_MAX_BYTES}, {@code LOG_BACKUPS}); invalid
     * values keep the default and are reported to {@code warnings}.
     */
    public static DemoOptions fromEnvironment(Map<String, String> environment, Consumer<String> warnings) {
        DemoOptions d = defaults();
        PlgLogging.Options o = d.loggingOptions().overriddenBy(environment, warnings);
        return new DemoOptions(o.logDir(), o.appName(), o.env(), o.level(), d.linesPerSecond, d.duration,
                d.maxLines, d.seed, o.maxFileSize(), o.backups());
    }

    /** The library options the demo's private logger context is configured with. */
    public PlgLogging.Options loggingOptions() {
        return new PlgLogging.Options(logDir, appName, env, level, maxFileSize, backups, PlgLogging.ColorMode.AUTO);
    }

    public DemoOptions withLogDir(Path logDir) {
        return new DemoOptions(logDir, appName, env, level, linesPerSecond, duration, maxLines, seed, maxFileSize, backups);
    }

    public DemoOptions withAppName(String appName) {
        return new DemoOptions(logDir, appName, env, level, linesPerSecond, duration, maxLines, seed, maxFileSize, backups);
    }

    public DemoOptions withEnv(PlgLogging.Env env) {
        return new DemoOptions(logDir, appName, env, level, linesPerSecond, duration, maxLines, seed, maxFileSize, backups);
    }

    public DemoOptions withLevel(LogLevel level) {
        return new DemoOptions(logDir, appName, env, level, linesPerSecond, duration, maxLines, seed, maxFileSize, backups);
    }

    public DemoOptions withLinesPerSecond(double linesPerSecond) {
        return new DemoOptions(logDir, appName, env, level, linesPerSecond, duration, maxLines, seed, maxFileSize, backups);
    }

    public DemoOptions withDuration(Duration duration) {
        return new DemoOptions(logDir, appName, env, level, linesPerSecond, duration, maxLines, seed, maxFileSize, backups);
    }

    public DemoOptions withMaxLines(long maxLines) {
        return new DemoOptions(logDir, appName, env, level, linesPerSecond, duration, maxLines, seed, maxFileSize, backups);
    }

    public DemoOptions withSeed(long seed) {
        return new DemoOptions(logDir, appName, env, level, linesPerSecond, duration, maxLines, seed, maxFileSize, backups);
    }

    public DemoOptions withRotation(long maxFileSize, int backups) {
        return new DemoOptions(logDir, appName, env, level, linesPerSecond, duration, maxLines, seed, maxFileSize, backups);
    }

    /** {@code <logDir>/<appName>.log}. */
    public Path logFile() {
        return logDir.resolve(appName + ".log");
    }
}
