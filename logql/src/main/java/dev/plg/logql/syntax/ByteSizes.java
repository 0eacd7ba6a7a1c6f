package dev.plg.logql.syntax;

import java.util.Locale;
import java.util.Map;

/** {@code github.com/dustin/go-humanize} byte sizes: {@code ParseBytes} (KB=1000, KiB=1024) and {@code Bytes}. */
public final class ByteSizes {
    private static final Map<String, Double> UNITS = Map.ofEntries(
            Map.entry("b", 1d), Map.entry("", 1d),
            Map.entry("kib", 1024d), Map.entry("ki", 1024d), Map.entry("kb", 1e3), Map.entry("k", 1e3),
            Map.entry("mib", Math.pow(1024, 2)), Map.entry("mi", Math.pow(1024, 2)), Map.entry("mb", 1e6), Map.entry("m", 1e6),
            Map.entry("gib", Math.pow(1024, 3)), Map.entry("gi", Math.pow(1024, 3)), Map.entry("gb", 1e9), Map.entry("g", 1e9),
            Map.entry("tib", Math.pow(1024, 4)), Map.entry("ti", Math.pow(1024, 4)), Map.entry("tb", 1e12), Map.entry("t", 1e12),
            Map.entry("pib", Math.pow(1024, 5)), Map.entry("pi", Math.pow(1024, 5)), Map.entry("pb", 1e15), Map.entry("p", 1e15),
            Map.entry("eib", Math.pow(1024, 6)), Map.entry("ei", Math.pow(1024, 6)), Map.entry("eb", 1e18), Map.entry("e", 1e18));

    private ByteSizes() {
    }

    /**
     * Parses {@code 12KB}, {@code 1.5 MiB}, {@code 512}. Returns the value as an unsigned long (held in a
     * long); throws {@link IllegalArgumentException} with go-humanize's / strconv's message.
     */
    public static long parse(String s) {
        int last = 0;
        boolean comma = false;
        while (last < s.length()) {
            char c = s.charAt(last);
            if (!(Character.isDigit(c) || c == '.' || c == ',')) {
                break;
            }
            if (c == ',') {
                comma = true;
            }
            last++;
        }
        String num = s.substring(0, last);
        if (comma) {
            num = num.replace(",", "");
        }
        double f = GoNumbers.parseFloat(num);
        String extra = s.substring(last).strip().toLowerCase(Locale.ROOT);
        Double m = UNITS.get(extra);
        if (m == null) {
            throw new IllegalArgumentException("unhandled size name: " + extra);
        }
        f *= m;
        if (f >= 1.8446744073709552E19) {
            throw new IllegalArgumentException("too large: " + s);
        }
        if (f >= 9.223372036854775807E18) {
            return (long) (f - 9.223372036854775807E18) + Long.MIN_VALUE;
        }
        return (long) f;
    }

    /** go-humanize {@code Bytes} (SI units, base 1000), e.g. {@code 12 kB}, {@code 1.5 MB}, {@code 512 B}. */
    public static String format(long v) {
        double s = v < 0 ? (double) (v >>> 1) * 2 : v;
        if (s < 10) {
            return String.format(Locale.ROOT, "%d B", v);
        }
        String[] sizes = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int e = (int) Math.floor(Math.log(s) / Math.log(1000));
        String suffix = sizes[e];
        double val = Math.floor(s / Math.pow(1000, e) * 10 + 0.5) / 10;
        return val < 10 ? String.format(Locale.ROOT, "%.1f %s", val, suffix)
                : String.format(Locale.ROOT, "%.0f %s", val, suffix);
    }
}
