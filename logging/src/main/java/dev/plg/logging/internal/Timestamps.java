package dev.plg.logging.internal;

/**
 * ISO 8601 UTC timestamps written straight into a {@link JsonBuffer}, without allocating.
 *
 * <p>The shape is Python's {@code datetime.isoformat()} with {@code +00:00} replaced by {@code Z},
 * which is what structlog's {@code TimeStamper(fmt="iso", utc=True)} writes:
 * {@code 2026-02-27T12:00:00.123456Z}, and {@code 2026-02-27T12:00:00Z} when the sub-second part is
 * zero (the seed's sample line). The number of fraction digits is configurable (0, 3, 6 or 9).
 *
 * <p>Instances cache the date-time part of the last second seen; they are not thread-safe
 * (encoders keep one per thread).
 */
public final class Timestamps {
    private final int fractionDigits;
    private long cachedSecond = Long.MIN_VALUE;
    private final byte[] cached = new byte[19];

    public Timestamps(int fractionDigits) {
        if (fractionDigits != 0 && fractionDigits != 3 && fractionDigits != 6 && fractionDigits != 9) {
            throw new IllegalArgumentException("fraction digits must be 0, 3, 6 or 9, got " + fractionDigits);
        }
        this.fractionDigits = fractionDigits;
    }

    /** Writes the timestamp (without quotes) for the given epoch second and nano adjustment. */
    public void write(JsonBuffer out, long epochSecond, int nanos) {
        if (epochSecond != cachedSecond) {
            fill(epochSecond);
            cachedSecond = epochSecond;
        }
        out.writeRaw(cached);
        if (fractionDigits > 0) {
            long fraction;
            switch (fractionDigits) {
                case 3:
                    fraction = nanos / 1_000_000;
                    break;
                case 6:
                    fraction = nanos / 1_000;
                    break;
                default:
                    fraction = nanos;
                    break;
            }
            if (fraction != 0) {
                out.writeByte('.');
                out.writePadded(fraction, fractionDigits);
            }
        }
        out.writeByte('Z');
    }

    private void fill(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        int secOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // civil_from_days (H. Hinnant), proleptic Gregorian.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        byte[] c = cached;
        put(c, 0, y, 4);
        c[4] = '-';
        put(c, 5, m, 2);
        c[7] = '-';
        put(c, 8, d, 2);
        c[10] = 'T';
        put(c, 11, secOfDay / 3600, 2);
        c[13] = ':';
        put(c, 14, (secOfDay / 60) % 60, 2);
        c[16] = ':';
        put(c, 17, secOfDay % 60, 2);
    }

    private static void put(byte[] c, int at, long v, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
    }
}
