package dev.plg.server.http;

import dev.plg.store.read.Direction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Query parameters parsed exactly as Loki 3.4.2 does ({@code pkg/loghttp/params.go}), with its
 * defaults and its error texts. All times are Unix nanoseconds.
 *
 * <p>Immutable view over the decoded request parameters (query string and form body merged).
 */
public final class Params {
    /** Loki's {@code defaultSince}: start defaults to end minus one hour. */
    static final long DEFAULT_SINCE_NANOS = 3600L * 1_000_000_000L;
    /** Loki's {@code defaultQueryLimit}. */
    public static final int DEFAULT_LIMIT = 100;
    /** Loki's {@code maxResolution}: points per series of a range query. */
    static final long MAX_POINTS = 11_000;

    private static final Pattern PROM_DURATION = Pattern.compile(
            "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
    private static final long[] PROM_UNIT_MS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };

    private final Map<String, List<String>> values;
    private final long nowNanos;

    public Params(Map<String, List<String>> values, long nowNanos) {
        this.values = Map.copyOf(values);
        this.nowNanos = nowNanos;
    }

    /** First value of a parameter, or {@code ""} when absent (as Go's {@code Form.Get}). */
    public String get(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    public List<String> all(String name) {
        List<String> v = values.get(name);
        return v == null ? List.of() : v;
    }

    public long now() {
        return nowNanos;
    }

    /** {@code start} and {@code end} with Loki's defaults ({@code end}=now, {@code start}=end-since). */
    public long[] bounds() {
        long since = DEFAULT_SINCE_NANOS;
        String sinceText = get("since");
        if (!sinceText.isEmpty()) {
            try {
                since = parsePrometheusDuration(sinceText);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("could not parse 'since' parameter: " + e.getMessage());
            }
        }
        long end;
        try {
            end = timestamp(get("end"), nowNanos);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("could not parse 'end' parameter: " + e.getMessage());
        }
        long endOrNow = Math.min(end, nowNanos);
        long start;
        try {
            start = timestamp(get("start"), endOrNow - since);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("could not parse 'start' parameter: " + e.getMessage());
        }
        return new long[] {start, end};
    }

    /** {@code time} of an instant query (default now); errors are not prefixed, as in Loki. */
    public long time() {
        try {
            return timestamp(get("time"), nowNanos);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** {@code limit}: default 100, must be positive. */
    public int limit() {
        String text = get("limit");
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        long l;
        try {
            l = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("strconv.ParseInt: parsing " + quote(text) + ": invalid syntax");
        }
        if (l <= 0) {
            throw ApiException.badRequest("limit must be a positive value");
        }
        return (int) Math.min(l, Integer.MAX_VALUE);
    }

    /** {@code direction}: {@code backward} by default, case-insensitive. */
    public Direction direction() {
        String text = get("direction");
        if (text.isEmpty()) {
            return Direction.BACKWARD;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "forward" -> Direction.FORWARD;
            case "backward" -> Direction.BACKWARD;
            default -> throw ApiException.badRequest("invalid direction '" + text + "'");
        };
    }

    /** {@code step} in nanoseconds: float seconds or a duration, default max(floor(range/250s), 1s). */
    public long step(long start, long end) {
        String text = get("step");
        long step;
        if (text.isEmpty()) {
            long seconds = Math.max((long) Math.floor((end - start) / 1e9 / 250), 1);
            step = seconds * 1_000_000_000L;
        } else {
            step = secondsOrDuration(text);
        }
        if (step <= 0) {
            throw ApiException.badRequest(
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > MAX_POINTS) {
            throw ApiException.badRequest("exceeded maximum resolution of 11,000 points per time series. "
                    + "Try increasing the value of the step parameter");
        }
        return step;
    }

    /** {@code interval} in nanoseconds, 0 when absent. */
    public long interval() {
        String text = get("interval");
        return text.isEmpty() ? 0 : secondsOrDuration(text);
    }

    static long secondsOrDuration(String text) {
        try {
            double seconds = Double.parseDouble(text);
            if (!text.toLowerCase(Locale.ROOT).contains("n")) { // Go's ParseFloat also takes NaN/Inf; Loki then overflows
                double ns = seconds * 1e9;
                if (ns > Long.MAX_VALUE || ns < Long.MIN_VALUE) {
                    throw ApiException.badRequest("cannot parse " + quote(text) + " to a valid duration. It overflows int64");
                }
                return (long) ns;
            }
        } catch (NumberFormatException ignored) {
            // not a number: try a duration
        }
        try {
            return parsePrometheusDuration(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cannot parse " + quote(text) + " to a valid duration");
        }
    }

    /** Prometheus {@code model.ParseDuration} in nanoseconds. */
    static long parsePrometheusDuration(String text) {
        if (text.equals("0")) {
            return 0;
        }
        Matcher m = PROM_DURATION.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: " + quote(text));
        }
        long ms = 0;
        for (int i = 0; i < PROM_UNIT_MS.length; i++) {
            if (m.group(i + 1) != null) {
                ms += Long.parseLong(m.group(i + 1)) * PROM_UNIT_MS[i];
            }
        }
        return ms * 1_000_000L;
    }

    /**
     * Loki's {@code parseTimestamp}: empty → default; with a '.' and a float → seconds (fraction
     * rounded to ms); an integer of at most 10 digits → seconds, longer → nanoseconds; else RFC 3339.
     */
    public static long timestamp(String value, long defaultNanos) {
        if (value.isEmpty()) {
            return defaultNanos;
        }
        if (value.contains(".")) {
            try {
                double t = Double.parseDouble(value);
                double whole = t < 0 ? Math.ceil(t) : Math.floor(t);
                double frac = Math.round((t - whole) * 1000) / 1000.0;
                return (long) whole * 1_000_000_000L + Math.round(frac * 1e9);
            } catch (NumberFormatException ignored) {
                // fall through to the integer and RFC 3339 forms
            }
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            try {
                Instant i = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                return i.getEpochSecond() * 1_000_000_000L + i.getNano();
            } catch (DateTimeParseException e2) {
                String reason = isOutOfRange(value) ? "value out of range" : "invalid syntax";
                throw new IllegalArgumentException("strconv.ParseInt: parsing " + quote(value) + ": " + reason);
            }
        }
        return value.length() <= 10 ? n * 1_000_000_000L : n;
    }

    private static boolean isOutOfRange(String value) {
        return value.matches("[+-]?\\d+");
    }

    /** Go's {@code %q} for the simple strings that appear in these messages. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
