package dev.plg.alerting.rules;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus' {@code model.Duration} text form, used by rule files ({@code interval}, {@code for},
 * {@code keep_firing_for}): a sequence of {@code <n><unit>} with units {@code y w d h m s ms} in that
 * order ({@code 1h30m}, {@code 5m}, {@code 0s}); a year is 365 days.
 */
public final class PromDuration {
    private static final Pattern PATTERN = Pattern.compile(
            "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L};
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};

    private PromDuration() {
    }

    /** Parses {@code text}; fails with Prometheus' message {@code not a valid duration string: "<text>"}. */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PATTERN.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
        }
        long millis = 0;
        for (int i = 0; i < UNITS.length; i++) {
            String g = m.group(i + 1);
            if (g != null) {
                try {
                    millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(g), UNIT_MILLIS[i]));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new IllegalArgumentException("duration out of range: \"" + text + "\"");
                }
            }
        }
        return Duration.ofMillis(millis);
    }

    /** Formats as Prometheus does: largest units first, zero parts skipped, {@code 0s} for zero. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < UNITS.length; i++) {
            long n = ms / UNIT_MILLIS[i];
            if (n > 0) {
                b.append(n).append(UNITS[i]);
                ms -= n * UNIT_MILLIS[i];
            }
        }
        return b.toString();
    }
}
