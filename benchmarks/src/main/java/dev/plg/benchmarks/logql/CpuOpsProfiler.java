package dev.plg.benchmarks.logql;

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
 * Operations per CPU-second of the benchmark JVM, next to JMH's wall-clock score: the pipeline targets are
 * stated per CPU-second, and on a shared machine the wall clock mostly measures the neighbours.
 * Use with {@code -prof dev.plg.benchmarks.logql.CpuOpsProfiler} and one benchmark thread.
 */
public final class CpuOpsProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long start;

    @Override
    public String getDescription() {
        return "operations per CPU-second of the benchmark JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // the JMH interface declares the raw type
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        double cpu = (os.getProcessCpuTime() - start) / 1e9;
        long ops = result.getMetadata().getAllOps();
        return List.of(new ScalarResult("cpu.ops/s", cpu > 0 ? ops / cpu : Double.NaN, "ops/cpu-s", AggregationPolicy.AVG));
    }
}
