package dev.plg.benchmarks.query;

import dev.plg.query.QueryEngine;
import dev.plg.query.QueryLimits;
import dev.plg.query.QueryResult;
import dev.plg.store.read.Direction;
import java.util.concurrent.TimeUnit;
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

/**
 * Whole LogQL queries through {@link QueryEngine} over {@value #LINES} seed-style lines held in
 * memory ({@link MemoryLogSource}; no block skipping, so filters scan every line). Divide the raw
 * bytes ({@link MemoryLogSource#totalBytes()}, printed by {@code verify}) by the time per op for
 * bytes per second. The Loki figures were for 500k lines; this uses fewer so a run fits
 * in the CI machine's memory next to the other engineers' builds.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QueryEngineBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class QueryEngineBenchmark {
    static final int LINES = 200_000;
    static final long END_NS = SeedLogData.START_NS + SeedLogData.SPAN_NS;

    @Param({
        "sum(count_over_time({app=\"python-starter-kit\"}[30d]))",
        "count_over_time({app=\"python-starter-kit\"} |= \"계정 잠김\" [30d])",
        "{app=\"python-starter-kit\"} | json | user_id=\"user-4242\"",
        "sum by (service) (count_over_time({app=\"python-starter-kit\"} | json | attempt >= 3 [30d]))",
        "quantile_over_time(0.99, {app=\"python-starter-kit\"} | json | unwrap duration_ms [30d]) by (service)",
    })
    public String query;

    MemoryLogSource source;
    QueryEngine engine;

    @Setup
    public void setUp() {
        source = SeedLogData.generate(LINES, 42);
        engine = new QueryEngine(source, QueryLimits.DEFAULTS);
    }

    @Benchmark
    public QueryResult run() {
        return execute(engine, query);
    }

    static QueryResult execute(QueryEngine engine, String query) {
        if (query.startsWith("{")) {
            return engine.rangeQuery("fake", query, SeedLogData.START_NS, END_NS, 60_000_000_000L, 0, 100, Direction.BACKWARD);
        }
        return engine.instantQuery("fake", query, END_NS, 100, Direction.BACKWARD);
    }
}
