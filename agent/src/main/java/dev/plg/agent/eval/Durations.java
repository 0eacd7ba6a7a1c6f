package dev.plg.agent.eval;

import java.time.Duration;

/** Go {@code time.ParseDuration}: {@code ns us µs ms s m h}, decimals, concatenation; no {@code d}. */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String s) {
        String orig = s;
        if (s.isEmpty()) {
            throw new EvalException("time: invalid duration \"" + orig + "\"");
        }
        boolean neg = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw new EvalException("time: invalid duration \"" + orig + "\"");
        }
        double totalNanos = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            boolean pre = i > start;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                post = i > fs;
            }
            if (!pre && !post) {
                throw new EvalException("time: invalid duration \"" + orig + "\"");
            }
            double v = Double.parseDouble(s.substring(start, i));
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) {
                i++;
            }
            String unit = s.substring(us, i);
            if (unit.isEmpty()) {
                throw new EvalException("time: missing unit in duration \"" + orig + "\"");
            }
            long mult = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new EvalException("time: unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
            };
            totalNanos += v * mult;
        }
        long n = Math.round(totalNanos);
        return Duration.ofNanos(neg ? -n : n);
    }

    /** Formats like Go's {@code Duration.String()} for common values ({@code 1s}, {@code 500ms}, {@code 5m0s}). */
    public static String format(Duration d) {
        long ns = d.toNanos();
        if (ns == 0) {
            return "0s";
        }
        if (ns < 1_000) {
            return ns + "ns";
        }
        if (ns < 1_000_000) {
            return trim(ns / 1e3) + "µs";
        }
        if (ns < 1_000_000_000) {
            return trim(ns / 1e6) + "ms";
        }
        long h = ns / 3_600_000_000_000L;
        long m = ns / 60_000_000_000L % 60;
        double sec = (ns % 60_000_000_000L) / 1e9;
        StringBuilder sb = new StringBuilder();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        sb.append(trim(sec)).append('s');
        return sb.toString();
    }

    private static String trim(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
