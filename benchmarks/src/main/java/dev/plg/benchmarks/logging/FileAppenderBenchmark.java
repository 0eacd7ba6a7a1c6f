package dev.plg.benchmarks.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.plg.logging.JsonLineEncoder;
import dev.plg.logging.RotatingFileAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.logstash.logback.encoder.LogstashEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.event.KeyValuePair;

/**
 * One seed-shaped event appended to a size-rotated file (10 MB x 5, the seed's policy), end to
 * end: encoding, the write system call per line, rotation. PLG's {@link RotatingFileAppender} with
 * {@link JsonLineEncoder} against the usual Logback set-up, {@link RollingFileAppender} with a
 * {@link SizeBasedTriggeringPolicy}, a {@link FixedWindowRollingPolicy} and {@link LogstashEncoder}
 * (immediate flush, as Alloy needs lines on disk promptly). Files go to a fresh temporary directory.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.openjdk.jmh.Main FileAppenderBenchmark -f 1 -wi 2 -i 3 -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FileAppenderBenchmark {
    @Param({"plg", "logstash"})
    public String appender;

    Path dir;
    LoggerContext context;
    Appender<ILoggingEvent> target;
    ILoggingEvent event;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("plg-file-bench");
        context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        Path file = dir.resolve("app.log");
        switch (appender) {
            case "plg": {
                JsonLineEncoder encoder = new JsonLineEncoder();
                encoder.setContext(context);
                encoder.start();
                RotatingFileAppender a = new RotatingFileAppender();
                a.setContext(context);
                a.setName("plg");
                a.setPath(file);
                a.setMaxFileSize(10L * 1024 * 1024);
                a.setBackups(5);
                a.setEncoder(encoder);
                a.start();
                target = a;
                break;
            }
            case "logstash": {
                LogstashEncoder encoder = new LogstashEncoder();
                encoder.setContext(context);
                encoder.setIncludeContext(false);
                encoder.getFieldNames().setVersion("[ignore]");
                encoder.getFieldNames().setLevelValue("[ignore]");
                encoder.getFieldNames().setThread("[ignore]");
                encoder.start();
                RollingFileAppender<ILoggingEvent> a = new RollingFileAppender<>();
                a.setContext(context);
                a.setName("logstash");
                a.setFile(file.toString());
                FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
                rolling.setContext(context);
                rolling.setParent(a);
                rolling.setFileNamePattern(dir.resolve("app.log.%i").toString());
                rolling.setMinIndex(1);
                rolling.setMaxIndex(5);
                rolling.start();
                SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
                trigger.setContext(context);
                trigger.setMaxFileSize(new FileSize(10L * 1024 * 1024));
                trigger.start();
                a.setRollingPolicy(rolling);
                a.setTriggeringPolicy(trigger);
                a.setEncoder(encoder);
                a.start();
                target = a;
                break;
            }
            default:
                throw new IllegalArgumentException("unknown appender \"" + appender + "\"");
        }
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("request_id", "req-abc-123");
        mdc.put("user_id", "user-456");
        mdc.put("service", "auth");
        Logger logger = context.getLogger("auth");
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, "계정 잠김", null, null);
        e.setInstant(Instant.parse("2026-02-27T12:00:00Z"));
        e.setMDCPropertyMap(mdc);
        e.addKeyValuePair(new KeyValuePair("locked_until", "2026-02-28T00:00:00Z"));
        e.setThreadName("main");
        event = e;
        target.doAppend(event);
        if (Files.size(file) == 0) {
            throw new IllegalStateException(appender + " wrote nothing to " + file);
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        target.stop();
        context.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Benchmark
    public void append() {
        target.doAppend(event);
    }
}
