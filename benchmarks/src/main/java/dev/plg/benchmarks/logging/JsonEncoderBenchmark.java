package dev.plg.benchmarks.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.plg.logging.JsonLineEncoder;
import dev.plg.logging.internal.JsonBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
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
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.event.KeyValuePair;

/**
 * One log event to JSON bytes, PLG's {@link JsonLineEncoder} against the encoders Java apps use
 * today, on the same events: logstash-logback-encoder 8.1 ({@link LogstashEncoder}), Logback's own
 * {@link JsonEncoder}, and Log4j2's {@link JsonTemplateLayout} with a template in the seed's shape.
 *
 * <p>Event shapes ({@code shape}):
 * <ul>
 *   <li>{@code seed}: the seed's line — ERROR "계정 잠김" from logger {@code auth} with
 *       {@code request_id}, {@code user_id}, {@code service} in the MDC and {@code locked_until}
 *       as a key-value (Log4j has no key-values: it gets all four as context data);</li>
 *   <li>{@code plain}: an INFO line without context;</li>
 *   <li>{@code exception}: a WARN line with two fields and an exception with one cause.</li>
 * </ul>
 * Each op encodes the next of {@value #RING} pre-built events whose timestamps advance 1 ms, so
 * per-second timestamp caches behave as under real load. The competitors are configured to drop
 * fields the seed's schema does not have (thread, version, level value, sequence numbers) so all
 * write about the same JSON. {@code *Bytes} benchmarks return a fresh {@code byte[]} (Logback's
 * {@code Encoder} contract); {@code *Reused} ones write into a buffer kept across calls.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.openjdk.jmh.Main JsonEncoderBenchmark -f 1 -wi 2 -i 3 -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JsonEncoderBenchmark {
    /** Events in the ring: enough to defeat per-event caching, small enough to stay in cache. */
    static final int RING = 1024;

    /** Log4j template producing the seed's fields (Log4j level names stay uppercase). */
    static final String LOG4J_TEMPLATE = "{"
            + "\"timestamp\":{\"$resolver\":\"timestamp\",\"pattern\":{\"format\":\"yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'\",\"timeZone\":\"UTC\"}},"
            + "\"level\":{\"$resolver\":\"level\",\"field\":\"name\"},"
            + "\"logger\":{\"$resolver\":\"logger\",\"field\":\"name\"},"
            + "\"event\":{\"$resolver\":\"message\",\"stringified\":true},"
            + "\"mdc\":{\"$resolver\":\"mdc\",\"flatten\":true},"
            + "\"exc_type\":{\"$resolver\":\"exception\",\"field\":\"className\"},"
            + "\"exc_value\":{\"$resolver\":\"exception\",\"field\":\"message\"},"
            + "\"frames\":{\"$resolver\":\"exception\",\"field\":\"stackTrace\",\"stackTrace\":{\"stringified\":false}}"
            + "}";

    @Param({"seed", "plain", "exception"})
    public String shape;

    ILoggingEvent[] logbackEvents;
    LogEvent[] log4jEvents;
    int next;

    JsonLineEncoder plg;
    JsonBuffer plgBuffer;
    LogstashEncoder logstash;
    JsonEncoder logbackJson;
    JsonTemplateLayout log4j;
    ReusedDestination log4jDestination;

    @Setup
    public void setUp() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        SplittableRandom random = new SplittableRandom(20260227L);
        long start = Instant.parse("2026-02-27T12:00:00Z").toEpochMilli();
        logbackEvents = new ILoggingEvent[RING];
        log4jEvents = new LogEvent[RING];
        for (int i = 0; i < RING; i++) {
            Instant at = Instant.ofEpochMilli(start + i).plusNanos(random.nextInt(1_000_000));
            Shape s = Shape.of(shape, random);
            logbackEvents[i] = s.logback(context, at);
            log4jEvents[i] = s.log4j(at);
        }

        plg = new JsonLineEncoder();
        plg.setContext(context);
        plg.start();
        plgBuffer = new JsonBuffer();

        logstash = new LogstashEncoder();
        logstash.setContext(context);
        logstash.setIncludeContext(false);
        logstash.getFieldNames().setVersion("[ignore]");
        logstash.getFieldNames().setLevelValue("[ignore]");
        logstash.getFieldNames().setThread("[ignore]");
        logstash.start();

        logbackJson = new JsonEncoder();
        logbackJson.setContext(context);
        logbackJson.setWithSequenceNumber(false);
        logbackJson.setWithNanoseconds(false);
        logbackJson.setWithThreadName(false);
        logbackJson.setWithContext(false);
        logbackJson.setWithMessage(false);
        logbackJson.setWithFormattedMessage(true);
        logbackJson.setWithArguments(false);
        logbackJson.start();

        log4j = JsonTemplateLayout.newBuilder()
                .setConfiguration(new DefaultConfiguration())
                .setEventTemplate(LOG4J_TEMPLATE)
                .setStackTraceEnabled(true)
                .build();
        log4jDestination = new ReusedDestination();
        selfCheck();
    }

    /** Fails the run if any encoder does not write the event's content (a benchmark of nothing). */
    void selfCheck() {
        String[] outputs = {
            utf8(plgBytes()), utf8(logstashBytes()), utf8(logbackJsonBytes()), utf8(log4jBytes()),
        };
        plgBuffer.reset();
        plg.encodeTo(logbackEvents[0], plgBuffer);
        String reused = plgBuffer.toString();
        String expected = logbackEvents[0].getFormattedMessage();
        for (String out : outputs) {
            if (!out.contains(expected) || !out.startsWith("{")) {
                throw new IllegalStateException("encoder output lacks \"" + expected + "\": " + out);
            }
        }
        if (!reused.contains(expected)) {
            throw new IllegalStateException("reused-buffer output lacks \"" + expected + "\": " + reused);
        }
        next = 0;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private int index() {
        int i = next;
        next = (i + 1) & (RING - 1);
        return i;
    }

    @Benchmark
    public byte[] plgBytes() {
        return plg.encode(logbackEvents[index()]);
    }

    @Benchmark
    public int plgReused() {
        JsonBuffer b = plgBuffer;
        b.reset();
        plg.encodeTo(logbackEvents[index()], b);
        return b.length();
    }

    @Benchmark
    public byte[] logstashBytes() {
        return logstash.encode(logbackEvents[index()]);
    }

    @Benchmark
    public byte[] logbackJsonBytes() {
        return logbackJson.encode(logbackEvents[index()]);
    }

    @Benchmark
    public byte[] log4jBytes() {
        return log4j.toByteArray(log4jEvents[index()]);
    }

    @Benchmark
    public int log4jReused() {
        log4jDestination.written = 0;
        log4j.encode(log4jEvents[index()], log4jDestination);
        return log4jDestination.written + log4jDestination.buffer.position();
    }

    /** A destination that keeps one heap buffer and counts drained bytes (no I/O). */
    static final class ReusedDestination implements ByteBufferDestination {
        final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        int written;

        @Override
        public ByteBuffer getByteBuffer() {
            return buffer;
        }

        @Override
        public ByteBuffer drain(ByteBuffer buf) {
            written += buf.position();
            buf.clear();
            return buf;
        }

        @Override
        public void writeBytes(ByteBuffer data) {
            written += data.remaining();
            data.position(data.limit());
        }

        @Override
        public void writeBytes(byte[] data, int offset, int length) {
            written += length;
        }
    }

    /** One event described once and built for both logging APIs. */
    record Shape(ch.qos.logback.classic.Level level, String logger, String message, Map<String, String> mdc,
            Map<String, Object> keyValues, Throwable thrown) {

        static Shape of(String name, SplittableRandom random) {
            switch (name) {
                case "seed": {
                    Map<String, String> mdc = new LinkedHashMap<>();
                    mdc.put("request_id", "req-" + Integer.toHexString(0x100000 + random.nextInt(0xEFFFFF)));
                    mdc.put("user_id", "user-" + (100 + random.nextInt(900)));
                    mdc.put("service", "auth");
                    return new Shape(Level.ERROR, "auth", "계정 잠김", mdc, Map.of("locked_until", "2026-02-28T00:00:00Z"), null);
                }
                case "plain":
                    return new Shape(Level.INFO, "dev.plg.demo.api.RequestHandler", "request completed in 12 ms",
                            Map.of(), Map.of(), null);
                case "exception": {
                    Map<String, Object> kv = new LinkedHashMap<>();
                    kv.put("attempt", 3);
                    kv.put("path", "/api/v1/orders");
                    IllegalStateException error = failure();
                    return new Shape(Level.WARN, "billing", "payment retry failed", Map.of(), kv, error);
                }
                default:
                    throw new IllegalArgumentException("unknown shape \"" + name + "\"");
            }
        }

        private static IllegalStateException failure() {
            try {
                throw new java.net.SocketTimeoutException("Read timed out after 3000 ms");
            } catch (java.net.SocketTimeoutException e) {
                return new IllegalStateException("payment gateway did not answer", e);
            }
        }

        ILoggingEvent logback(LoggerContext context, Instant at) {
            Logger l = context.getLogger(logger);
            LoggingEvent e = new LoggingEvent(Logger.class.getName(), l, level, message, thrown, null);
            e.setInstant(at);
            e.setMDCPropertyMap(mdc);
            keyValues.forEach((k, v) -> e.addKeyValuePair(new KeyValuePair(k, v)));
            e.getThrowableProxy();
            e.getFormattedMessage();
            return e;
        }

        LogEvent log4j(Instant at) {
            SortedArrayStringMap data = new SortedArrayStringMap();
            mdc.forEach(data::putValue);
            keyValues.forEach((k, v) -> data.putValue(k, String.valueOf(v)));
            MutableInstant instant = new MutableInstant();
            instant.initFromEpochSecond(at.getEpochSecond(), at.getNano());
            return Log4jLogEvent.newBuilder()
                    .setLoggerName(logger)
                    .setLevel(org.apache.logging.log4j.Level.toLevel(level.toString()))
                    .setMessage(new SimpleMessage(message))
                    .setContextData(data)
                    .setThrown(thrown)
                    .setInstant(instant)
                    .build();
        }
    }
}
