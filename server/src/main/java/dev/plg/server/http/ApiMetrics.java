package dev.plg.server.http;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters and latency histograms of the HTTP API, by route and status code, written in
 * the Prometheus text format under Loki's metric name {@code loki_request_duration_seconds}.
 * Thread-safe; recording is lock-free.
 */
public final class ApiMetrics {
    /** Latency bucket bounds in seconds (Loki's DefBuckets-like spread, from 1 ms to 60 s). */
    private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private record Key(String method, String route, int status) {
    }

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void record(long nanos) {
            double seconds = nanos / 1e9;
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].increment();
                }
            }
            count.increment();
            sumNanos.add(nanos);
        }
    }

    private final Map<Key, Histogram> histograms = new ConcurrentHashMap<>();

    public void record(String method, String route, int status, long nanos) {
        histograms.computeIfAbsent(new Key(method, route, status), k -> new Histogram()).record(nanos);
    }

    public void writeTo(StringBuilder out) {
        out.append("# HELP loki_request_duration_seconds Time (in seconds) spent serving HTTP requests.\n");
        out.append("# TYPE loki_request_duration_seconds histogram\n");
        histograms.forEach((key, h) -> {
            String labels = "method=\"" + key.method() + "\",route=\"" + key.route() + "\",status_code=\"" + key.status() + "\"";
            for (int i = 0; i < BUCKETS.length; i++) {
                out.append("loki_request_duration_seconds_bucket{").append(labels).append(",le=\"")
                        .append(formatBound(BUCKETS[i])).append("\"} ").append(h.counts[i].sum()).append('\n');
            }
            long count = h.count.sum();
            out.append("loki_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ").append(count).append('\n');
            out.append("loki_request_duration_seconds_sum{").append(labels).append("} ")
                    .append(String.format(Locale.ROOT, "%.9f", h.sumNanos.sum() / 1e9)).append('\n');
            out.append("loki_request_duration_seconds_count{").append(labels).append("} ").append(count).append('\n');
        });
    }

    private static String formatBound(double b) {
        return b == Math.rint(b) ? Long.toString((long) b) : Double.toString(b);
    }
}
