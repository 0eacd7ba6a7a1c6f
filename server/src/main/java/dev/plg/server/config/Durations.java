package dev.plg.server.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Loki's YAML reads them: Prometheus style ({@code 168h}, {@code 30d}, {@code 1w},
 * {@code 1h30m}, {@code 0}) and Go style ({@code 1.5h}, {@code 250ms}, {@code 10us}).
 */
public final class Durations {
    /** Prometheus {@code model.ParseDuration}: units in descending order, each at most once. */
    private static final Pattern PROMETHEUS = Pattern.compile(
            "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
    /** Go {@code time.ParseDuration}: signed sequence of decimal numbers with units. */
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private static final long[] PROMETHEUS_UNIT_MS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };

    private Durations() {
    }

    /** Parses a duration; throws {@link IllegalArgumentException} naming the input when it is not one. */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("cannot parse \"" + text + "\" as a duration: empty");
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PROMETHEUS.matcher(s);
        if (m.matches()) {
            long ms = 0;
            for (int i = 0; i < PROMETHEUS_UNIT_MS.length; i++) {
                String g = m.group(i + 1);
                if (g != null) {
                    ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(g), PROMETHEUS_UNIT_MS[i]));
                }
            }
            return Duration.ofMillis(ms);
        }
        return parseGo(s, text);
    }

    private static Duration parseGo(String s, String original) {
        boolean negative = false;
        int pos = 0;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            pos = 1;
        }
        Matcher m = GO_PART.matcher(s);
        double nanos = 0;
        boolean any = false;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("cannot parse \"" + original + "\" as a duration: want e.g. 30s, 5m, 168h, 30d");
            }
            double value = Double.parseDouble(m.group(1));
            double unit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> throw new IllegalStateException(m.group(2));
            };
            nanos += value * unit;
            any = true;
            pos = m.end();
        }
        if (!any) {
            throw new IllegalArgumentException("cannot parse \"" + original + "\" as a duration: want e.g. 30s, 5m, 168h, 30d");
        }
        long n = Math.round(nanos);
        return Duration.ofNanos(negative ? -n : n);
    }

    /** Prometheus-style text of a duration ({@code 168h}, {@code 30d}, {@code 1m30s}, {@code 0s}), as Loki prints it. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        if (ms < 0) {
            b.append('-');
            ms = -ms;
        }
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        // Prometheus prints weeks and years only when they divide exactly; keep it simple: d h m s ms.
        long[] sizes = PROMETHEUS_UNIT_MS;
        for (int i = 0; i < units.length; i++) {
            if (i < 2 && ms % sizes[i] != 0) {
                continue;
            }
            long q = ms / sizes[i];
            if (q > 0) {
                b.append(q).append(units[i]);
                ms -= q * sizes[i];
            }
        }
        return b.toString();
    }
}
