package dev.plg.benchmarks.store;

import dev.plg.push.PushbenchData;
import dev.plg.push.LabelPair;
import dev.plg.store.block.BlockFormat;
import dev.plg.store.block.EntryColumns;
import dev.plg.store.block.TrigramBloom;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Block encode (sort-free: entries arrive sorted; trigram filter, zstd) and decode (checksums,
 * zstd, columns) of one block of pushbench lines at the default 1 MiB target. One op = one line.
 * {@link #ENTRIES} lines of about 290 bytes make one block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class BlockBenchmark {
    public static final int ENTRIES = 3600;

    EntryColumns columns;
    byte[] encoded;
    private final TrigramBloom.Builder bloom = new TrigramBloom.Builder();

    @Setup
    public void setUp() {
        columns = sampleBlock(ENTRIES);
        encoded = BlockFormat.encode(1, 1, columns, bloom);
    }

    /** {@code n} pushbench lines as one stream's sorted columns, all with detected_level=info. */
    public static EntryColumns sampleBlock(int n) {
        PushbenchData data = new PushbenchData(7, 1_767_225_600_000_000_000L);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        long[] ts = new long[n];
        int[] offs = new int[n];
        int[] lens = new int[n];
        for (int i = 0; i < n; i++) {
            PushbenchData.Line l = data.nextLine();
            byte[] b = l.text().getBytes(StandardCharsets.UTF_8);
            ts[i] = l.timestampNanos();
            offs[i] = lines.size();
            lens[i] = b.length;
            lines.writeBytes(b);
        }
        return new EntryColumns(n, ts, lines.toByteArray(), offs, lens,
                List.of(List.of(new LabelPair("detected_level", "info"))), null);
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public byte[] encode() {
        return BlockFormat.encode(1, 1, columns, bloom);
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public EntryColumns decode() {
        return BlockFormat.parse(encoded, "bench.blk").columns();
    }

    private static final byte[][] EVENT = {"계정 잠김".getBytes(StandardCharsets.UTF_8)};
    private static final byte[][] REQUEST_ID = {"req-0000".getBytes(StandardCharsets.UTF_8)};
    private static final byte[][] USER_VALUE = {"\"user-4242\"".getBytes(StandardCharsets.UTF_8)};

    /** Which lines hold a dictionary value's text (pushbench's `|= "계정 잠김"`), on the columns. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public boolean[] searchDictionary() {
        return search(EVENT);
    }

    /** Which lines hold `req-0000` (a hex column's values rendered one by one), on the columns. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public boolean[] searchHex() {
        return search(REQUEST_ID);
    }

    /** Which lines hold the JSON-field hint `"user-4242"` (a number column with a prefix, in its quotes), on the columns. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public boolean[] searchNumber() {
        return search(USER_VALUE);
    }

    private boolean[] search(byte[][] needles) {
        BlockFormat.Block b = BlockFormat.parse(encoded, "bench.blk");
        boolean[] hits = b.search(b.timestamps(), needles);
        if (hits == null) {
            throw new IllegalStateException("not decided on the columns");
        }
        return hits;
    }
}
