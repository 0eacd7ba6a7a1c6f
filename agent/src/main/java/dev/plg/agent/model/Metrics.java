package dev.plg.agent.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.DoubleSupplier;

/**
 * A small Prometheus registry (counters, gauges, histograms with label sets) rendered in the text
 * exposition format on {@code /metrics}. Thread-safe; families are created once and looked up by name.
 */
public final class Metrics {
    public enum Type { COUNTER, GAUGE, HISTOGRAM }

    private final Map<String, Family> families = new ConcurrentHashMap<>();

    public Family counter(String name, String help, String... labelNames) {
        return family(name, help, Type.COUNTER, null, labelNames);
    }

    public Family gauge(String name, String help, String... labelNames) {
        return family(name, help, Type.GAUGE, null, labelNames);
    }

    public Family histogram(String name, String help, double[] buckets, String... labelNames) {
        return family(name, help, Type.HISTOGRAM, buckets, labelNames);
    }

    private Family family(String name, String help, Type type, double[] buckets, String... labelNames) {
        Family f = families.computeIfAbsent(name, n -> new Family(n, help, type, buckets, labelNames));
        if (f.type != type || !Arrays.equals(f.labelNames, labelNames)) {
            throw new IllegalArgumentException("metric " + name + " already registered with another type or labels");
        }
        return f;
    }

    /** Registers a gauge computed on scrape. */
    public void gaugeFunction(String name, String help, DoubleSupplier supplier) {
        family(name, help, Type.GAUGE, null).labels().supplier = supplier;
    }

    /** Removes the series of {@code name} whose first label values equal {@code prefix}. */
    public void removeSeries(String name, String... prefix) {
        Family f = families.get(name);
        if (f != null) {
            f.series.keySet().removeIf(k -> k.size() >= prefix.length && k.subList(0, prefix.length).equals(List.of(prefix)));
        }
    }

    /** Current value of a counter/gauge series, or 0. For tests and the status page. */
    public double value(String name, String... labelValues) {
        Family f = families.get(name);
        if (f == null) {
            return 0;
        }
        Series s = f.series.get(List.of(labelValues));
        return s == null ? 0 : s.get();
    }

    /** Sum over all series of a family. */
    public double sum(String name) {
        Family f = families.get(name);
        if (f == null) {
            return 0;
        }
        double total = 0;
        for (Series s : f.series.values()) {
            total += s.get();
        }
        return total;
    }

    public String render() {
        StringBuilder sb = new StringBuilder(4096);
        List<String> names = new ArrayList<>(families.keySet());
        names.sort(null);
        for (String n : names) {
            families.get(n).render(sb);
        }
        return sb.toString();
    }

    public static final class Family {
        final String name;
        final String help;
        final Type type;
        final double[] buckets;
        final String[] labelNames;
        final Map<List<String>, Series> series = new ConcurrentHashMap<>();

        Family(String name, String help, Type type, double[] buckets, String[] labelNames) {
            this.name = name;
            this.help = help;
            this.type = type;
            this.buckets = buckets;
            this.labelNames = labelNames.clone();
        }

        public Series labels(String... values) {
            if (values.length != labelNames.length) {
                throw new IllegalArgumentException("metric " + name + " needs " + labelNames.length + " label values, got " + values.length);
            }
            List<String> key = List.of(values);
            Series s = series.get(key);
            if (s == null) {
                s = series.computeIfAbsent(key, k -> new Series(buckets));
            }
            return s;
        }

        void render(StringBuilder sb) {
            sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
            sb.append("# TYPE ").append(name).append(' ').append(type.name().toLowerCase(java.util.Locale.ROOT)).append('\n');
            for (Map.Entry<List<String>, Series> e : series.entrySet()) {
                Series s = e.getValue();
                if (type == Type.HISTOGRAM) {
                    double cum = 0;
                    for (int i = 0; i < buckets.length; i++) {
                        cum += s.bucketCounts[i].sum();
                        line(sb, name + "_bucket", e.getKey(), "le", fmt(buckets[i]), cum);
                    }
                    line(sb, name + "_bucket", e.getKey(), "le", "+Inf", s.count.sum());
                    line(sb, name + "_sum", e.getKey(), null, null, s.value.sum());
                    line(sb, name + "_count", e.getKey(), null, null, s.count.sum());
                } else {
                    line(sb, name, e.getKey(), null, null, s.get());
                }
            }
        }

        private void line(StringBuilder sb, String metric, List<String> values, String extraName, String extraValue, double v) {
            sb.append(metric);
            if (!values.isEmpty() || extraName != null) {
                sb.append('{');
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(labelNames[i]).append('=');
                    Labels.quote(sb, values.get(i));
                }
                if (extraName != null) {
                    if (!values.isEmpty()) {
                        sb.append(',');
                    }
                    sb.append(extraName).append("=\"").append(extraValue).append('"');
                }
                sb.append('}');
            }
            sb.append(' ').append(fmt(v)).append('\n');
        }

        private static String fmt(double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return Long.toString((long) v);
            }
            return Double.toString(v);
        }
    }

    /** One series; counters use {@link #add}, gauges also {@link #set}. */
    public static final class Series {
        final DoubleAdder value = new DoubleAdder();
        final DoubleAdder count = new DoubleAdder();
        final DoubleAdder[] bucketCounts;
        final double[] buckets;
        volatile DoubleSupplier supplier;

        Series(double[] buckets) {
            this.buckets = buckets;
            if (buckets != null) {
                bucketCounts = new DoubleAdder[buckets.length];
                for (int i = 0; i < buckets.length; i++) {
                    bucketCounts[i] = new DoubleAdder();
                }
            } else {
                bucketCounts = null;
            }
        }

        public void inc() {
            value.add(1);
        }

        public void add(double d) {
            value.add(d);
        }

        public synchronized void set(double d) {
            value.reset();
            value.add(d);
        }

        public void observe(double d) {
            value.add(d);
            count.add(1);
            for (int i = 0; i < buckets.length; i++) {
                if (d <= buckets[i]) {
                    bucketCounts[i].add(1);
                    break;
                }
            }
        }

        public double get() {
            DoubleSupplier s = supplier;
            return s != null ? s.getAsDouble() : value.sum();
        }
    }
}
