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
    byte[] jsonGzip;
    byte[] protobuf;
    byte[] protobufSnappy;

    @Setup
    public void setUp() {
        request = SeedPushData.request(ENTRIES, 20260101L);
        json = PushJson.encode(request);
        jsonGzip = gzip(json);
        protobuf = PushProtobuf.encode(request);
        protobufSnappy = PushEncoder.protobufSnappy(request);
    }

    /** JSON body, as {@code pushbench.py} and most non-Alloy clients send it. */
    @Benchmark
    public PushRequest decodeJson() {
        return PushDecoder.decode("application/json", null, json);
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
