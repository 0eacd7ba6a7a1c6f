package dev.plg.query;

import dev.plg.push.LabelPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer of a query, one record per Loki {@code resultType}: {@link Streams} ({@code streams}),
 * {@link Matrix} ({@code matrix}), {@link Vector} ({@code vector}) and {@link Scalar} ({@code scalar}).
 * Sample timestamps are Unix milliseconds (Loki prints them as seconds with up to 3 decimals); log
 * entry timestamps are Unix nanoseconds. {@code toString()} prints a compact text form used by tests.
 */
public sealed interface QueryResult {
    QueryStats stats();

    /** Loki's {@code resultType}. */
    String resultType();

    /** One log entry: the (formatted) line and its non-stream labels, split the categorize-labels way. */
    record LogEntry(long timestampNanos, String line, List<LabelPair> structuredMetadata, List<LabelPair> parsed) {
        public LogEntry {
            java.util.Objects.requireNonNull(line, "line is null");
            structuredMetadata = List.copyOf(structuredMetadata);
            parsed = List.copyOf(parsed);
        }
    }

    /** Entries of one label set, in the query's direction. */
    record LogStream(List<LabelPair> labels, List<LogEntry> entries) {
        public LogStream {
            labels = List.copyOf(labels);
            entries = List.copyOf(entries);
        }
    }

    /**
     * A log query's answer. {@link #streams()} is grouped by stream labels (the
     * {@code categorize-labels} encoding, where each entry carries structured metadata and parsed
     * labels separately); {@link #plainStreams()} regroups by all labels merged (the default encoding).
     */
    record Streams(List<LogStream> streams, QueryStats stats) implements QueryResult {
        public Streams {
            streams = List.copyOf(streams);
            java.util.Objects.requireNonNull(stats, "stats is null");
        }

        @Override
        public String resultType() {
            return "streams";
        }

        /** Streams keyed by stream + structured metadata + parsed labels, entries keep their order. */
        public List<LogStream> plainStreams() {
            Map<List<LabelPair>, List<LogEntry>> groups = new LinkedHashMap<>();
            for (LogStream s : streams) {
                for (LogEntry e : s.entries()) {
                    List<LabelPair> all = LabelSets.merge(s.labels(), e.structuredMetadata(), e.parsed());
                    groups.computeIfAbsent(all, k -> new ArrayList<>())
                            .add(new LogEntry(e.timestampNanos(), e.line(), List.of(), List.of()));
                }
            }
            List<LogStream> out = new ArrayList<>(groups.size());
            groups.forEach((labels, entries) -> out.add(new LogStream(labels, entries)));
            out.sort(LabelSets.STREAM_ORDER);
            return out;
        }

        public int entryCount() {
            int n = 0;
            for (LogStream s : streams) {
                n += s.entries().size();
            }
            return n;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (LogStream s : plainStreams()) {
                b.append(LabelSets.format(s.labels())).append('\n');
                for (LogEntry e : s.entries()) {
                    b.append("  ").append(e.timestampNanos()).append(' ').append(e.line()).append('\n');
                }
            }
            return b.toString();
        }
    }

    /** One series of a matrix: parallel arrays of timestamps (ms, ascending) and values. */
    record Series(List<LabelPair> labels, long[] timestampsMillis, double[] values) {
        public Series {
            labels = List.copyOf(labels);
            if (timestampsMillis.length != values.length) {
                throw new IllegalArgumentException("timestamps and values differ in length: "
                        + timestampsMillis.length + " != " + values.length);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Series s && labels.equals(s.labels)
                    && Arrays.equals(timestampsMillis, s.timestampsMillis) && Arrays.equals(values, s.values);
        }

        @Override
        public int hashCode() {
            return labels.hashCode() * 31 + Arrays.hashCode(timestampsMillis);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(LabelSets.format(labels)).append(" =>");
            for (int i = 0; i < values.length; i++) {
                b.append(' ').append(formatValue(values[i])).append(" @").append(formatTime(timestampsMillis[i]));
            }
            return b.toString();
        }
    }

    /** A range query's metric answer, series sorted by labels. */
    record Matrix(List<Series> series, QueryStats stats) implements QueryResult {
        public Matrix {
            series = List.copyOf(series);
            java.util.Objects.requireNonNull(stats, "stats is null");
        }

        @Override
        public String resultType() {
            return "matrix";
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (Series s : series) {
                b.append(s).append('\n');
            }
            return b.toString();
        }
    }

    /** One sample of an instant vector. */
    record Sample(List<LabelPair> labels, long timestampMillis, double value) {
        public Sample {
            labels = List.copyOf(labels);
        }

        @Override
        public String toString() {
            return LabelSets.format(labels) + " => " + formatValue(value) + " @" + formatTime(timestampMillis);
        }
    }

    /** An instant query's metric answer: sorted by labels, or by value after {@code sort}/{@code sort_desc}. */
    record Vector(List<Sample> samples, QueryStats stats) implements QueryResult {
        public Vector {
            samples = List.copyOf(samples);
            java.util.Objects.requireNonNull(stats, "stats is null");
        }

        @Override
        public String resultType() {
            return "vector";
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (Sample s : samples) {
                b.append(s).append('\n');
            }
            return b.toString();
        }
    }

    /** An instant query of a literal. */
    record Scalar(long timestampMillis, double value, QueryStats stats) implements QueryResult {
        public Scalar {
            java.util.Objects.requireNonNull(stats, "stats is null");
        }

        @Override
        public String resultType() {
            return "scalar";
        }

        @Override
        public String toString() {
            return "scalar " + formatValue(value) + " @" + formatTime(timestampMillis) + "\n";
        }
    }

    /** A sample value as Loki writes it: shortest round-trip decimal, {@code NaN}, {@code +Inf}, {@code -Inf}. */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Milliseconds as seconds with up to 3 decimals ({@code 1767225600}, {@code 1767225600.5}). */
    static String formatTime(long millis) {
        long s = Math.floorDiv(millis, 1000);
        long ms = Math.floorMod(millis, 1000);
        if (ms == 0) {
            return Long.toString(s);
        }
        String frac = String.format("%03d", ms).replaceAll("0+$", "");
        return s + "." + frac;
    }

    /** Keeps map insertion for callers that want label maps. */
    static Map<String, String> toMap(List<LabelPair> labels) {
        Map<String, String> m = new TreeMap<>();
        for (LabelPair p : labels) {
            m.put(p.name(), p.value());
        }
        return m;
    }
}
