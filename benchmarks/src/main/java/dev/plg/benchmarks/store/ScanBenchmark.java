package dev.plg.benchmarks.store;

import dev.plg.push.PushbenchData;
import dev.plg.push.PushRequest;
import dev.plg.store.LogStore;
import dev.plg.store.read.Direction;
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.StreamRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading back through {@link dev.plg.store.read.LogSource}: {@value #LINES} pushbench lines in
 * 24 streams, all flushed to blocks, scanned whole (every block read, decompressed and merged),
 * and with a needle no line contains (every block skipped by its trigram filter). One op = one
 * stored line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class ScanBenchmark {
    public static final int LINES = 200_000;

    private Path dir;
    LogStore store;
    private List<StreamRef> streams;
    private static final ScanHints ABSENT = new ScanHints(List.of("\"user_id\":\"user-99999\""));

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("plg-scan-bench");
        store = StoreBenchmark.open(dir, false);
        // a fixed time base: the same lines every run, so the filters' false positives are the same too
        PushbenchData data = new PushbenchData(11, 1_767_225_600_000_000_000L); // 2026-01-01T00:00:00Z
        for (int i = 0; i < LINES / 2000; i++) {
            PushRequest r = data.nextBatch(2000);
            store.push("fake", r);
        }
        store.flush();
        streams = store.streams("fake", List.of(), 0, Long.MAX_VALUE);
    }

    long scan(ScanHints hints, Blackhole bh) {
        long n = 0;
        for (StreamRef ref : streams) {
            try (EntryCursor c = store.entries("fake", ref, 0, Long.MAX_VALUE, Direction.FORWARD, hints)) {
                while (c.next()) {
                    n++;
                    if (bh != null) {
                        bh.consume(c.lineLength());
                    }
                }
            }
        }
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long scanAll(Blackhole bh) {
        return scan(ScanHints.NONE, bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long scanSkippingEveryBlock(Blackhole bh) {
        return scan(ABSENT, bh);
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        StoreBenchmark.deleteTree(dir);
    }
}
