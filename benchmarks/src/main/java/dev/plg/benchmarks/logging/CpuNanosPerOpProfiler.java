package dev.plg.benchmarks.logging;

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
 * Reports CPU nanoseconds of the whole benchmark JVM (benchmark thread, GC, JIT) per operation,
 * next to JMH's wall-clock score. On a machine shared with other builds the wall-clock score
 * mostly measures how much CPU the neighbours left; CPU time per op does not, and it charges each
 * encoder for the garbage collection its allocation causes.
 *
 * <p>Use with {@code -prof dev.plg.benchmarks.logging.CpuNanosPerOpProfiler} and one benchmark
 * thread ({@code -t 1}, the default).
 */
public final class CpuNanosPerOpProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startCpuNanos;

    @Override
    public String getDescription() {
        return "CPU nanoseconds of the whole benchmark JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startCpuNanos = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // the JMH interface declares the raw type
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long cpu = os.getProcessCpuTime() - startCpuNanos;
        long ops = result.getMetadata().getAllOps();
        return List.of(new ScalarResult("cpu.ns/op", ops > 0 ? (double) cpu / ops : Double.NaN, "ns/op", AggregationPolicy.AVG));
    }
}
