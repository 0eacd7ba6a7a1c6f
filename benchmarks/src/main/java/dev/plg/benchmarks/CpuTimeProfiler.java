package dev.plg.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports operations per <em>CPU</em>-second ({@code cpu.ops/s}) and CPU nanoseconds per operation
 * ({@code cpu.ns/op}) of the benchmark JVM (all its threads: benchmark,
 * GC, JIT), next to JMH's wall-clock score. The ingest target is stated per CPU-second
 * ({@code shared/bench/pushbench.py} divides lines by server CPU time), and on a shared machine the
 * wall-clock score mostly measures how much CPU the neighbours left over.
 *
 * <p>Use with {@code -prof dev.plg.benchmarks.CpuTimeProfiler}; meaningful with one benchmark
 * thread ({@code -t 1}, the default).
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startCpuNanos;

    @Override
    public String getDescription() {
        return "operations per CPU-second of the whole benchmark JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startCpuNanos = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // the JMH interface declares the raw type
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - startCpuNanos;
        double cpuSeconds = cpuNanos / 1e9;
        long ops = result.getMetadata().getAllOps();
        return List.of(
                new ScalarResult("cpu.ops/s", cpuSeconds > 0 ? ops / cpuSeconds : Double.NaN, "ops/cpu-s", AggregationPolicy.AVG),
                new ScalarResult("cpu.ns/op", ops > 0 ? (double) cpuNanos / ops : Double.NaN, "ns/op", AggregationPolicy.AVG));
    }
}
