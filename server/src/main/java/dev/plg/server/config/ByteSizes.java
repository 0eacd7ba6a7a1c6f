package dev.plg.server.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as Loki's {@code flagext.ByteSize} reads them (go-humanize {@code ParseBytes}):
 * SI units are powers of 1000 ({@code 256KB} = 256000), IEC units powers of 1024
 * ({@code 1MiB} = 1048576), case-insensitive, fractions and a bare number of bytes allowed.
 */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("^([0-9][0-9,]*(?:\\.[0-9]*)?|\\.[0-9]+)\\s*([a-zA-Z]*)$");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", 1000L), Map.entry("kb", 1000L), Map.entry("ki", 1024L), Map.entry("kib", 1024L),
            Map.entry("m", 1000_000L), Map.entry("mb", 1000_000L), Map.entry("mi", 1L << 20), Map.entry("mib", 1L << 20),
            Map.entry("g", 1000_000_000L), Map.entry("gb", 1000_000_000L), Map.entry("gi", 1L << 30), Map.entry("gib", 1L << 30),
            Map.entry("t", 1000_000_000_000L), Map.entry("tb", 1000_000_000_000L), Map.entry("ti", 1L << 40), Map.entry("tib", 1L << 40));

    private ByteSizes() {
    }

    /** Parses a size; throws {@link IllegalArgumentException} naming the input when it is not one. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot parse \"" + text + "\" as bytes");
        }
        Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("cannot parse \"" + text + "\" as bytes: unknown unit \"" + m.group(2) + "\"");
        }
        BigDecimal value = new BigDecimal(m.group(1).replace(",", "")).multiply(BigDecimal.valueOf(unit));
        return value.longValue();
    }

    /** Loki's text for a size (go-humanize {@code Bytes}-like, exact): {@code 256kB}, {@code 3MB}, {@code 1000B}. */
    public static String format(long bytes) {
        String[] names = {"B", "kB", "MB", "GB", "TB"};
        long v = bytes;
        int i = 0;
        while (i < names.length - 1 && v != 0 && v % 1000 == 0) {
            v /= 1000;
            i++;
        }
        return v + names[i];
    }
}
