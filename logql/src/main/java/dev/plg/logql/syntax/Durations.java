package dev.plg.logql.syntax;

/** Go {@code time.Duration} and Prometheus {@code model.Duration} parsing and printing, in nanoseconds. */
public final class Durations {
    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000L, M = 60 * S, H = 60 * M;

    private Durations() {
    }

    /**
     * Go {@code time.ParseDuration}. Throws {@link IllegalArgumentException} with Go's message,
     * e.g. {@code time: invalid duration "-"}.
     */
    public static long parseGo(String s) {
        String orig = s;
        int i = 0;
        int n = s.length();
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (n - i == 1 && s.charAt(i) == '0') {
            return 0;
        }
        if (i == n) {
            throw invalid(orig);
        }
        double total = 0;
        long totalExact = 0;
        boolean exact = true;
        while (i < n) {
            int start = i;
            long v = 0;
            boolean overflow = false;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (v > (Long.MAX_VALUE - 9) / 10) {
                    overflow = true;
                }
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            boolean pre = i != start;
            long frac = 0;
            double scale = 1;
            boolean post = false;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    if (scale < 1e18) {
                        frac = frac * 10 + (s.charAt(i) - '0');
                        scale *= 10;
                    }
                    i++;
                }
                post = i != fs;
            }
            if (!pre && !post) {
                throw invalid(orig);
            }
            if (overflow) {
                throw invalid(orig);
            }
            int us = i;
            while (i < n && s.charAt(i) != '.' && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                i++;
            }
            if (us == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + GoText.quote(orig));
            }
            String u = s.substring(us, i);
            long unit = switch (u) {
                case "ns" -> NS;
                case "us", "\u00b5s", "\u03bcs" -> US;
                case "ms" -> MS;
                case "s" -> S;
                case "m" -> M;
                case "h" -> H;
                default -> throw new IllegalArgumentException(
                        "time: unknown unit " + GoText.quote(u) + " in duration " + GoText.quote(orig));
            };
            if (v > Long.MAX_VALUE / unit) {
                throw invalid(orig);
            }
            long part = v * unit;
            if (frac > 0) {
                part += (long) ((double) frac * ((double) unit / scale));
            }
            totalExact += part;
            if (totalExact < 0) {
                throw invalid(orig);
            }
            total += part;
        }
        return neg ? -totalExact : totalExact;
    }

    private static IllegalArgumentException invalid(String orig) {
        return new IllegalArgumentException("time: invalid duration " + GoText.quote(orig));
    }

    /**
     * Prometheus {@code model.ParseDuration} ({@code 1y2w3d4h5m6s7ms}, no fractions). Returns -1 when
     * the text is not in that format.
     */
    public static long parsePrometheus(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            return -1;
        }
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        long[] mult = {365L * 24 * H, 7L * 24 * H, 24 * H, H, M, S, MS};
        int i = 0;
        int next = 0;
        long total = 0;
        while (i < s.length()) {
            int st = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (st == i) {
                return -1;
            }
            long v;
            try {
                v = Long.parseLong(s.substring(st, i));
            } catch (NumberFormatException e) {
                return -1;
            }
            int us = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String u = s.substring(us, i);
            int idx = -1;
            for (int k = next; k < units.length; k++) {
                if (units[k].equals(u)) {
                    idx = k;
                    break;
                }
            }
            if (idx < 0) {
                return -1;
            }
            next = idx + 1;
            if (v > Long.MAX_VALUE / mult[idx]) {
                return -1;
            }
            total += v * mult[idx];
            if (total < 0) {
                return -1;
            }
        }
        return total;
    }

    /** Loki's lexer: Prometheus format first, then Go's; throws with Go's message (without {@code time: }). */
    public static long parseLogQL(String s) {
        long p = parsePrometheus(s);
        if (p >= 0) {
            return p;
        }
        return parseGo(s);
    }

    /** Go {@code time.Duration.String()}: {@code 1h0m0s}, {@code 1.5s}, {@code 250ms}, {@code 100µs}. */
    public static String formatGo(long d) {
        if (d == 0) {
            return "0s";
        }
        boolean neg = d < 0;
        long u = Math.abs(d);
        StringBuilder sb = new StringBuilder();
        if (u < S) {
            long unit;
            String name;
            if (u < US) {
                unit = 1;
                name = "ns";
            } else if (u < MS) {
                unit = US;
                name = "\u00b5s";
            } else {
                unit = MS;
                name = "ms";
            }
            sb.append(fraction(u, unit)).append(name);
        } else {
            long h = u / H;
            long rem = u % H;
            long m = rem / M;
            rem = rem % M;
            if (h > 0) {
                sb.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                sb.append(m).append('m');
            }
            sb.append(fraction(rem, S)).append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    private static String fraction(long v, long unit) {
        long whole = v / unit;
        long frac = v % unit;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String f = Long.toString(frac);
        int width = Long.toString(unit).length() - 1;
        f = "0".repeat(width - f.length()) + f;
        int end = f.length();
        while (end > 0 && f.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + f.substring(0, end);
    }

    /** Prometheus {@code model.Duration.String()}: {@code 5m}, {@code 1h30m}, {@code 1d}, {@code 1w}. */
    public static String formatPrometheus(long nanos) {
        long ms = nanos / MS;
        if (ms == 0) {
            return "0s";
        }
        StringBuilder r = new StringBuilder();
        long[] mult = {1000L * 60 * 60 * 24 * 365, 1000L * 60 * 60 * 24 * 7, 1000L * 60 * 60 * 24, 1000L * 60 * 60,
            1000L * 60, 1000L, 1};
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int k = 0; k < mult.length; k++) {
            boolean exactOnly = k < 2;
            if (exactOnly && ms % mult[k] != 0) {
                continue;
            }
            long v = ms / mult[k];
            if (v > 0) {
                r.append(v).append(names[k]);
                ms -= v * mult[k];
            }
        }
        return r.toString();
    }
}
