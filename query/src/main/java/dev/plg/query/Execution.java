package dev.plg.query;

import dev.plg.store.read.LogSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The state of one running query: tenant, source, deadline, cancellation and cost counters.
 * Counters are {@link LongAdder}s because scan tasks of many streams add to them concurrently;
 * everything else is immutable.
 */
final class Execution {
    /** How many entries a scan loop processes between deadline checks (a clock read costs ~20 ns). */
    static final int CHECK_EVERY = 4096;

    final String tenant;
    final LogSource source;
    final QueryLimits limits;
    final PipelineCompiler compiler;
    private final long startedNanos;
    private final long deadlineNanos;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    final LongAdder linesProcessed = new LongAdder();
    final LongAdder bytesProcessed = new LongAdder();
    final LongAdder metadataBytes = new LongAdder();
    final LongAdder postFilterLines = new LongAdder();
    final LongAdder streams = new LongAdder();

    /** Smallest step index at which a range aggregation produced an {@code __error__} series (pipeline error). */
    int firstErrorStep = Integer.MAX_VALUE;
    List<dev.plg.push.LabelPair> firstErrorLabels;

    Execution(String tenant, LogSource source, QueryLimits limits, PipelineCompiler compiler) {
        this.tenant = java.util.Objects.requireNonNull(tenant, "tenant is null");
        this.source = source;
        this.limits = limits;
        this.compiler = compiler;
        this.startedNanos = System.nanoTime();
        long timeout = limits.queryTimeout().toNanos();
        this.deadlineNanos = timeout <= 0 ? Long.MAX_VALUE : startedNanos + timeout;
    }

    /** Throws when the query timed out or another task of it failed. */
    void check() {
        if (cancelled.get()) {
            throw new QueryException(QueryException.Category.CANCELED, "The request was cancelled by the client.");
        }
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw new QueryException(QueryException.Category.TIMEOUT, QueryException.TIMEOUT_MESSAGE);
        }
    }

    void cancel() {
        cancelled.set(true);
    }

    synchronized void recordError(int step, List<dev.plg.push.LabelPair> labels) {
        if (step < firstErrorStep) {
            firstErrorStep = step;
            firstErrorLabels = labels;
        }
    }

    QueryStats stats(long entriesReturned) {
        return new QueryStats(System.nanoTime() - startedNanos, linesProcessed.sum(), bytesProcessed.sum(),
                metadataBytes.sum(), postFilterLines.sum(), entriesReturned, streams.sum());
    }

    /**
     * Runs {@code task} over every item on virtual threads and returns the results in item order.
     * The first failure cancels the remaining tasks (they see it through {@link #check()}) and is rethrown.
     */
    <T, R> List<R> parallel(List<T> items, Function<T, R> task) {
        if (items.size() <= 1) {
            List<R> out = new ArrayList<>(items.size());
            for (T t : items) {
                out.add(task.apply(t));
            }
            return out;
        }
        List<R> out = new ArrayList<>(items.size());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T t : items) {
                futures.add(pool.submit(() -> task.apply(t)));
            }
            RuntimeException failure = null;
            for (Future<R> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    cancelled.set(true);
                    if (failure == null || (failure instanceof QueryException q
                            && q.category() == QueryException.Category.CANCELED)) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new QueryException(QueryException.Category.INTERNAL, String.valueOf(e.getCause()), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled.set(true);
                    throw new QueryException(QueryException.Category.CANCELED, "The request was cancelled by the client.");
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return out;
    }
}
