package dev.plg.benchmarks.push;

import dev.plg.push.PushDecoder;
import dev.plg.push.PushEncoder;
import dev.plg.push.PushJson;
import dev.plg.push.PushProtobuf;
import dev.plg.push.PushRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Push codec throughput in <em>lines per second</em> (one op = one log line; each invocation
 * handles a {@value #ENTRIES}-line push). The ingest target is 265k lines per CPU-second end to
 * end, so these should sit well above it.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp <classpath> org.openjdk.jmh.Main
 * PushCodecBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PushCodecBenchmark.ENTRIES)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PushCodecBenchmark {
    /** Lines per push: Promtail/Alloy batches are 1 MiB or 1 s; the conformance pushes up to 1500 lines. */
    static final int ENTRIES = 1000;

    PushRequest request;
    byte[] json;
    /** {@link #json} with a leading unknown key, which the byte-level fast path declines at once. */
    byte[] jsonJacksonOnly;
    byte[] jsonGzip;
    byte[] protobuf;
    byte[] protobufSnappy;

    @Setup
    public void setUp() {
        request = SeedPushData.request(ENTRIES, 20260101L);
        json = PushJson.encode(request);
        byte[] prefix = "{\"x\":0,".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        jsonJacksonOnly = new byte[json.length + prefix.length - 1];
        System.arraycopy(prefix, 0, jsonJacksonOnly, 0, prefix.length);
        System.arraycopy(json, 1, jsonJacksonOnly, prefix.length, json.length - 1);
        jsonGzip = gzip(json);
        protobuf = PushProtobuf.encode(request);
        protobufSnappy = PushEncoder.protobufSnappy(request);
    }

    /** JSON body, as {@code pushbench.py} and most non-Alloy clients send it. */
    @Benchmark
    public PushRequest decodeJson() {
        return PushDecoder.decode("application/json", null, json);
    }

    /**
     * JSON decoding plus each line's UTF-8 bytes, what the store takes: the fast path hands over
     * its bytes, so this is the decode itself.
     */
    @Benchmark
    public long decodeJsonToUtf8() {
        return utf8Bytes(PushDecoder.decode("application/json", null, json));
    }

    /** As {@link #decodeJsonToUtf8} through the Jackson decoder: Strings, then encoded to UTF-8. */
    @Benchmark
    public long decodeJsonToUtf8Jackson() {
        return utf8Bytes(PushDecoder.decode("application/json", null, jsonJacksonOnly));
    }

    private static long utf8Bytes(PushRequest request) {
        long n = 0;
        for (var stream : request.streams()) {
            for (var entry : stream.entries()) {
                n += entry.lineUtf8().length;
            }
        }
        return n;
    }

    @Benchmark
    public PushRequest decodeJsonGzip() {
        return PushDecoder.decode("application/json", "gzip", jsonGzip);
    }

    /** What Alloy and Promtail send: snappy block + protobuf. */
    @Benchmark
    public PushRequest decodeProtobufSnappy() {
        return PushDecoder.decode("application/x-protobuf", null, protobufSnappy);
    }

    /** The protobuf codec alone, without snappy. */
    @Benchmark
    public PushRequest decodeProtobuf() {
        return PushProtobuf.decode(protobuf);
    }

    /** Agent side: what {@code loki.write} does per batch. */
    @Benchmark
    public byte[] encodeProtobufSnappy() {
        return PushEncoder.protobufSnappy(request);
    }

    @Benchmark
    public byte[] encodeJson() {
        return PushJson.encode(request);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 4);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
