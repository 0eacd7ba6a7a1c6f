package dev.plg.benchmarks.store;

import dev.plg.push.PushbenchData;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import dev.plg.store.Limits;
import dev.plg.store.LogStore;
import dev.plg.store.PushResult;
import dev.plg.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's ingest path: {@link LogStore#push} of a decoded 2000-line pushbench request
 * (validation, service-name and level discovery, WAL encoding, group-committed fsync, head append),
 * with the background flusher cutting and compressing blocks in the same JVM. One op = one line.
 * Each invocation pushes fresh timestamps, so nothing is deduplicated away.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class StoreBenchmark {
    public static final int LINES = 2000;

    @Param({"true", "false"})
    public boolean wal;

    private Path dir;
    private LogStore store;
    private List<PushRequest> templates;
    private long shift;
    private PushRequest next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("plg-store-bench");
        store = open(dir, wal);
        PushbenchData data = new PushbenchData(42, System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L);
        templates = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            templates.add(data.nextBatch(LINES));
        }
    }

    static LogStore open(Path dir, boolean wal) throws IOException {
        Limits limits = Limits.defaults().toBuilder().ingestionRateMb(1 << 20).ingestionBurstSizeMb(1 << 20)
                .perStreamRateLimit(0).rejectOldSamples(false).creationGracePeriod(java.time.Duration.ofDays(365)).build();
        return LogStore.open(StoreConfig.defaults(dir).withWalEnabled(wal), limits);
    }

    /** A template moved forward in time so no entry repeats an earlier one. */
    @Setup(Level.Invocation)
    public void nextRequest() {
        PushRequest t = templates.get((int) (shift % templates.size()));
        long offset = (shift / templates.size()) * 40_000_000_000L;
        shift++;
        next = shifted(t, offset);
    }

    static PushRequest shifted(PushRequest t, long offset) {
        List<PushStream> streams = new ArrayList<>(t.streams().size());
        for (PushStream s : t.streams()) {
            List<PushEntry> entries = new ArrayList<>(s.entries().size());
            for (PushEntry e : s.entries()) {
                entries.add(new PushEntry(e.timestampNanos() + offset, e.line()));
            }
            streams.add(new PushStream(s.labels(), entries));
        }
        return new PushRequest(streams);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public PushResult push() {
        return store.push("fake", next);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
