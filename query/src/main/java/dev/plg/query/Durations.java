package dev.plg.query;

/** Durations as Prometheus' {@code model.Duration} prints them ({@code 30d1h}, {@code 5m}, {@code 0s}). */
final class Durations {
    private Durations() {
    }

    static String format(long nanos) {
        long ms = nanos / 1_000_000L;
        if (ms == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long[] units = {365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1};
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        if (ms < 0) {
            b.append('-');
            ms = -ms;
        }
        for (int i = 0; i < units.length; i++) {
            long n = ms / units[i];
            if (n > 0) {
                b.append(n).append(names[i]);
                ms -= n * units[i];
            }
        }
        return b.toString();
    }
}
