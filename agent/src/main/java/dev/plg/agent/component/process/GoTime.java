package dev.plg.agent.component.process;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * Go {@code time.Parse} for the layouts {@code stage.timestamp} accepts: named layouts (RFC3339, …),
 * {@code Unix}/{@code UnixMs}/{@code UnixUs}/{@code UnixNs}, and Go reference layouts
 * ({@code 2006-01-02 15:04:05.000 -07:00}, …). Like Go, fractional seconds are accepted after the
 * seconds field even when the layout has none.
 */
final class GoTime {
    private GoTime() {
    }

    static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("ANSIC", "Mon Jan _2 15:04:05 2006"),
            Map.entry("UnixDate", "Mon Jan _2 15:04:05 MST 2006"),
            Map.entry("RubyDate", "Mon Jan 02 15:04:05 -0700 2006"),
            Map.entry("RFC822", "02 Jan 06 15:04 MST"),
            Map.entry("RFC822Z", "02 Jan 06 15:04 -0700"),
            Map.entry("RFC850", "Monday, 02-Jan-06 15:04:05 MST"),
            Map.entry("RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"),
            Map.entry("RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"),
            Map.entry("RFC3339", "2006-01-02T15:04:05Z07:00"),
            Map.entry("RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"),
            Map.entry("Kitchen", "3:04PM"),
            Map.entry("Stamp", "Jan _2 15:04:05"),
            Map.entry("StampMilli", "Jan _2 15:04:05.000"),
            Map.entry("StampMicro", "Jan _2 15:04:05.000000"),
            Map.entry("StampNano", "Jan _2 15:04:05.000000000"));

    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"};
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    private static final String[] TOKENS = {"January", "Monday", "2006", "-07:00:00", "-070000", "Z07:00:00", "Z070000",
            "-07:00", "-0700", "Z07:00", "Z0700", "Jan", "Mon", "MST", "-07", "Z07", "002", "01", "02", "03", "04", "05", "06",
            "15", "_2", "PM", "pm", "1", "2", "3", "4", "5"};

    /** Parses {@code value} with {@code format} (named, Unix*, or Go layout); {@code zone} applies to zone-less layouts. */
    static long parseNanos(String format, String value, ZoneId zone, int currentYear) {
        switch (format) {
            case "Unix" -> {
                int dot = value.indexOf('.');
                if (dot < 0) {
                    return Long.parseLong(value) * 1_000_000_000L;
                }
                long sec = Long.parseLong(value.substring(0, dot));
                String frac = (value.substring(dot + 1) + "000000000").substring(0, 9);
                return sec * 1_000_000_000L + Long.parseLong(frac);
            }
            case "UnixMs" -> {
                return Long.parseLong(value) * 1_000_000L;
            }
            case "UnixUs" -> {
                return Long.parseLong(value) * 1_000L;
            }
            case "UnixNs" -> {
                return Long.parseLong(value);
            }
            default -> {
                boolean named = NAMED.containsKey(format);
                String layout = named ? NAMED.get(format) : format;
                return parseLayout(layout, value, named ? ZoneOffset.UTC : zone, currentYear);
            }
        }
    }

    static long parseLayout(String layout, String value, ZoneId zone, int currentYear) {
        int li = 0;
        int vi = 0;
        int year = Integer.MIN_VALUE;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        long nanos = 0;
        int pm = -1;
        ZoneOffset offset = null;
        while (li < layout.length()) {
            String tok = tokenAt(layout, li);
            if (tok == null) {
                char lc = layout.charAt(li);
                if ((lc == '.' || lc == ',') && li + 1 < layout.length() && (layout.charAt(li + 1) == '0' || layout.charAt(li + 1) == '9')
                        && li > 0 && isSecondsEnd(layout, li)) {
                    int j = li + 1;
                    while (j < layout.length() && layout.charAt(j) == layout.charAt(li + 1)) {
                        j++;
                    }
                    boolean optional = layout.charAt(li + 1) == '9';
                    li = j;
                    if (vi < value.length() && (value.charAt(vi) == '.' || value.charAt(vi) == ',')) {
                        int[] r = fraction(value, vi + 1);
                        nanos = r[0];
                        vi = r[1];
                    } else if (!optional) {
                        throw bad(layout, value);
                    }
                    continue;
                }
                if (vi >= value.length() || value.charAt(vi) != lc) {
                    throw bad(layout, value);
                }
                li++;
                vi++;
                continue;
            }
            li += tok.length();
            switch (tok) {
                case "January", "Jan" -> {
                    int m = lookup(MONTHS, value, vi, tok.length() == 3);
                    month = m + 1;
                    vi += tok.length() == 3 ? 3 : MONTHS[m].length();
                }
                case "Monday", "Mon" -> {
                    int d = lookup(DAYS, value, vi, tok.length() == 3);
                    vi += tok.length() == 3 ? 3 : DAYS[d].length();
                }
                case "2006" -> {
                    year = num(value, vi, 4, 4, layout);
                    vi += 4;
                }
                case "06" -> {
                    year = 2000 + num(value, vi, 2, 2, layout);
                    if (year >= 2069) {
                        year -= 100;
                    }
                    vi += 2;
                }
                case "01", "1" -> {
                    int w = width(value, vi, tok.length(), 2);
                    month = num(value, vi, w, w, layout);
                    vi += w;
                }
                case "02", "2" -> {
                    int w = width(value, vi, tok.length(), 2);
                    day = num(value, vi, w, w, layout);
                    vi += w;
                }
                case "_2" -> {
                    if (vi < value.length() && value.charAt(vi) == ' ') {
                        vi++;
                    }
                    int w = width(value, vi, 1, 2);
                    day = num(value, vi, w, w, layout);
                    vi += w;
                }
                case "002" -> {
                    vi += 3;
                }
                case "15" -> {
                    int w = width(value, vi, 1, 2);
                    hour = num(value, vi, w, w, layout);
                    vi += w;
                }
                case "03", "3" -> {
                    int w = width(value, vi, tok.length(), 2);
                    hour = num(value, vi, w, w, layout);
                    vi += w;
                }
                case "04", "4" -> {
                    int w = width(value, vi, tok.length(), 2);
                    minute = num(value, vi, w, w, layout);
                    vi += w;
                }
                case "05", "5" -> {
                    int w = width(value, vi, tok.length(), 2);
                    second = num(value, vi, w, w, layout);
                    vi += w;
                    // Go accepts a fraction after the seconds even if the layout has none.
                    if (vi < value.length() && value.charAt(vi) == '.' && (li >= layout.length() || layout.charAt(li) != '.')
                            && vi + 1 < value.length() && Character.isDigit(value.charAt(vi + 1))) {
                        int[] r = fraction(value, vi + 1);
                        nanos = r[0];
                        vi = r[1];
                    }
                }
                case "PM", "pm" -> {
                    String ap = value.substring(vi, Math.min(value.length(), vi + 2)).toUpperCase(java.util.Locale.ROOT);
                    pm = ap.equals("PM") ? 1 : ap.equals("AM") ? 0 : -2;
                    if (pm == -2) {
                        throw bad(layout, value);
                    }
                    vi += 2;
                }
                case "MST" -> {
                    int j = vi;
                    while (j < value.length() && (Character.isUpperCase(value.charAt(j)))) {
                        j++;
                    }
                    String abbrev = value.substring(vi, j);
                    if (abbrev.equals("UTC") || abbrev.equals("GMT") || abbrev.equals("Z")) {
                        offset = ZoneOffset.UTC;
                    }
                    vi = j;
                }
                default -> {
                    // zone offsets: -0700, -07:00, -07, Z variants
                    if (tok.startsWith("Z") && vi < value.length() && value.charAt(vi) == 'Z') {
                        offset = ZoneOffset.UTC;
                        vi++;
                        break;
                    }
                    if (vi >= value.length() || (value.charAt(vi) != '+' && value.charAt(vi) != '-')) {
                        throw bad(layout, value);
                    }
                    int sign = value.charAt(vi) == '-' ? -1 : 1;
                    vi++;
                    int oh = num(value, vi, 2, 2, layout);
                    vi += 2;
                    int om = 0;
                    int os = 0;
                    boolean colon = tok.contains(":");
                    boolean hasMin = !tok.endsWith("07");
                    if (hasMin) {
                        if (colon) {
                            vi++;
                        }
                        om = num(value, vi, 2, 2, layout);
                        vi += 2;
                    }
                    if (tok.endsWith("0000") || tok.endsWith(":00:00")) {
                        if (colon) {
                            vi++;
                        }
                        os = num(value, vi, 2, 2, layout);
                        vi += 2;
                    }
                    offset = ZoneOffset.ofTotalSeconds(sign * (oh * 3600 + om * 60 + os));
                }
            }
        }
        if (vi != value.length()) {
            throw new IllegalArgumentException("parsing time \"" + value + "\" as \"" + layout + "\": extra text");
        }
        if (pm == 1 && hour < 12) {
            hour += 12;
        } else if (pm == 0 && hour == 12) {
            hour = 0;
        }
        if (year == Integer.MIN_VALUE) {
            year = currentYear;
        }
        LocalDateTime ldt = LocalDateTime.of(year, month, day, hour, minute, second, (int) nanos);
        Instant instant = offset != null ? ldt.toInstant(offset) : ZonedDateTime.of(ldt, zone).toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static boolean isSecondsEnd(String layout, int li) {
        return li >= 2 && (layout.startsWith("05", li - 2) || layout.charAt(li - 1) == '5');
    }

    private static int[] fraction(String value, int from) {
        int j = from;
        while (j < value.length() && Character.isDigit(value.charAt(j))) {
            j++;
        }
        String digits = value.substring(from, j);
        if (digits.isEmpty()) {
            return new int[]{0, from - 1};
        }
        String nine = (digits + "000000000").substring(0, 9);
        return new int[]{Integer.parseInt(nine), j};
    }

    private static String tokenAt(String layout, int i) {
        for (String t : TOKENS) {
            if (layout.startsWith(t, i)) {
                return t;
            }
        }
        return null;
    }

    private static int width(String value, int vi, int min, int max) {
        int w = 0;
        while (w < max && vi + w < value.length() && Character.isDigit(value.charAt(vi + w))) {
            w++;
        }
        return Math.max(min, w);
    }

    private static int num(String value, int vi, int min, int max, String layout) {
        if (vi + min > value.length()) {
            throw bad(layout, value);
        }
        try {
            return Integer.parseInt(value.substring(vi, vi + min));
        } catch (NumberFormatException e) {
            throw bad(layout, value);
        }
    }

    private static int lookup(String[] names, String value, int vi, boolean abbrev) {
        for (int k = 0; k < names.length; k++) {
            String n = abbrev ? names[k].substring(0, 3) : names[k];
            if (value.regionMatches(true, vi, n, 0, n.length())) {
                return k;
            }
        }
        throw new IllegalArgumentException("parsing time \"" + value + "\": unknown month or day name");
    }

    private static IllegalArgumentException bad(String layout, String value) {
        return new IllegalArgumentException("parsing time \"" + value + "\" as \"" + layout + "\": cannot parse");
    }
}
