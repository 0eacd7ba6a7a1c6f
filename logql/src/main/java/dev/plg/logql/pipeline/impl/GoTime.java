package dev.plg.logql.pipeline.impl;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** A Go {@code time.Time} value for templates: formatting and parsing with Go layouts ({@code 2006-01-02T15:04:05Z07:00}). */
record GoTime(long epochNanos, ZoneId zone) {
    static final ZoneId LOCAL = ZoneOffset.UTC;

    ZonedDateTime zdt() {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L))
                .atZone(zone);
    }

    long unixSeconds() {
        return Math.floorDiv(epochNanos, 1_000_000_000L);
    }

    @Override
    public String toString() {
        return format("2006-01-02 15:04:05.999999999 -0700 MST");
    }

    private static final String[] CHUNKS = {"January", "Jan", "Monday", "Mon", "MST", "2006", "-07:00:00", "-070000",
        "-07:00", "-0700", "-07", "Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07", "002", "01", "02", "03", "04", "05",
        "06", "15", "_2", "1", "2", "3", "4", "5", "PM", "pm"};

    private static String chunkAt(String layout, int i) {
        for (String c : CHUNKS) {
            if (layout.startsWith(c, i)) {
                return c;
            }
        }
        if ((layout.startsWith(".0", i) || layout.startsWith(".9", i) || layout.startsWith(",0", i)
                || layout.startsWith(",9", i))) {
            char d = layout.charAt(i + 1);
            int j = i + 1;
            while (j < layout.length() && layout.charAt(j) == d) {
                j++;
            }
            if (j >= layout.length() || !Character.isDigit(layout.charAt(j))) {
                return layout.substring(i, j);
            }
        }
        return null;
    }

    String format(String layout) {
        ZonedDateTime t = zdt();
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < layout.length()) {
            String c = chunkAt(layout, i);
            if (c == null) {
                sb.append(layout.charAt(i));
                i++;
                continue;
            }
            i += c.length();
            int offSec = t.getOffset().getTotalSeconds();
            switch (c) {
                case "January" -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case "Jan" -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case "Monday" -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case "Mon" -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case "MST" -> {
                    String abbr = zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC") ? "UTC"
                            : t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                    sb.append(abbr);
                }
                case "2006" -> sb.append(String.format("%04d", t.getYear()));
                case "06" -> sb.append(String.format("%02d", t.getYear() % 100));
                case "01" -> sb.append(String.format("%02d", t.getMonthValue()));
                case "1" -> sb.append(t.getMonthValue());
                case "02" -> sb.append(String.format("%02d", t.getDayOfMonth()));
                case "2" -> sb.append(t.getDayOfMonth());
                case "_2" -> sb.append(String.format("%2d", t.getDayOfMonth()));
                case "002" -> sb.append(String.format("%03d", t.getDayOfYear()));
                case "15" -> sb.append(String.format("%02d", t.getHour()));
                case "03" -> sb.append(String.format("%02d", hour12(t.getHour())));
                case "3" -> sb.append(hour12(t.getHour()));
                case "04" -> sb.append(String.format("%02d", t.getMinute()));
                case "4" -> sb.append(t.getMinute());
                case "05" -> sb.append(String.format("%02d", t.getSecond()));
                case "5" -> sb.append(t.getSecond());
                case "PM" -> sb.append(t.getHour() >= 12 ? "PM" : "AM");
                case "pm" -> sb.append(t.getHour() >= 12 ? "pm" : "am");
                case "-07:00:00", "-070000", "-07:00", "-0700", "-07", "Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07" -> {
                    if (c.startsWith("Z") && offSec == 0) {
                        sb.append('Z');
                        break;
                    }
                    int a = Math.abs(offSec);
                    sb.append(offSec < 0 ? '-' : '+').append(String.format("%02d", a / 3600));
                    boolean colon = c.contains(":");
                    int digits = c.replace(":", "").length() - 1;
                    if (digits >= 4) {
                        sb.append(colon ? ":" : "").append(String.format("%02d", (a / 60) % 60));
                    }
                    if (digits >= 6) {
                        sb.append(colon ? ":" : "").append(String.format("%02d", a % 60));
                    }
                }
                default -> {
                    // fractional seconds
                    int n = c.length() - 1;
                    String frac = String.format("%09d", t.getNano()).substring(0, Math.min(9, n));
                    if (c.charAt(1) == '9') {
                        int end = frac.length();
                        while (end > 0 && frac.charAt(end - 1) == '0') {
                            end--;
                        }
                        if (end > 0) {
                            sb.append(c.charAt(0)).append(frac, 0, end);
                        }
                    } else {
                        sb.append(c.charAt(0)).append(frac);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static int hour12(int h) {
        int r = h % 12;
        return r == 0 ? 12 : r;
    }

    /** Go {@code time.ParseInLocation}; throws {@link IllegalArgumentException} when the value does not fit. */
    static GoTime parse(String layout, String value, ZoneId loc) {
        int year = 1;
        int month = 1;
        int day = 1;
        int hour = 0;
        int min = 0;
        int sec = 0;
        int nano = 0;
        boolean pm = false;
        boolean pmSet = false;
        ZoneId zone = null;
        int i = 0;
        int v = 0;
        while (i < layout.length()) {
            String c = chunkAt(layout, i);
            if (c == null) {
                if (v >= value.length() || value.charAt(v) != layout.charAt(i)) {
                    throw bad(layout, value);
                }
                i++;
                v++;
                continue;
            }
            i += c.length();
            switch (c) {
                case "2006" -> {
                    year = num(value, v, 4, 4, layout);
                    v += 4;
                }
                case "06" -> {
                    year = 1900 + num(value, v, 2, 2, layout);
                    if (year < 1969) {
                        year += 100;
                    }
                    v += 2;
                }
                case "01", "02", "15", "03", "04", "05" -> {
                    int x = num(value, v, 2, 2, layout);
                    v += 2;
                    switch (c) {
                        case "01" -> month = x;
                        case "02" -> day = x;
                        case "15", "03" -> hour = x;
                        case "04" -> min = x;
                        default -> sec = x;
                    }
                }
                case "1", "2", "3", "4", "5", "_2" -> {
                    if (c.equals("_2") && v < value.length() && value.charAt(v) == ' ') {
                        v++;
                    }
                    int len = (v + 1 < value.length() && Character.isDigit(value.charAt(v + 1))) ? 2 : 1;
                    int x = num(value, v, len, len, layout);
                    v += len;
                    switch (c) {
                        case "1" -> month = x;
                        case "2", "_2" -> day = x;
                        case "3" -> hour = x;
                        case "4" -> min = x;
                        default -> sec = x;
                    }
                }
                case "002" -> {
                    num(value, v, 3, 3, layout);
                    v += 3;
                }
                case "Jan", "January" -> {
                    boolean found = false;
                    for (Month m : Month.values()) {
                        String name = m.getDisplayName(c.equals("Jan") ? TextStyle.SHORT : TextStyle.FULL, Locale.ENGLISH);
                        if (value.regionMatches(true, v, name, 0, name.length())) {
                            month = m.getValue();
                            v += name.length();
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        throw bad(layout, value);
                    }
                }
                case "Mon", "Monday" -> {
                    boolean found = false;
                    for (DayOfWeek d : DayOfWeek.values()) {
                        String name = d.getDisplayName(c.equals("Mon") ? TextStyle.SHORT : TextStyle.FULL, Locale.ENGLISH);
                        if (value.regionMatches(true, v, name, 0, name.length())) {
                            v += name.length();
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        throw bad(layout, value);
                    }
                }
                case "PM", "pm" -> {
                    if (v + 2 > value.length()) {
                        throw bad(layout, value);
                    }
                    String ap = value.substring(v, v + 2).toUpperCase(Locale.ROOT);
                    pm = ap.equals("PM");
                    pmSet = true;
                    v += 2;
                }
                case "MST" -> {
                    int s = v;
                    while (v < value.length() && Character.isUpperCase(value.charAt(v))) {
                        v++;
                    }
                    String z = value.substring(s, v);
                    zone = z.equals("UTC") || z.equals("GMT") ? ZoneOffset.UTC : zone;
                }
                default -> {
                    if (c.startsWith("-") || c.startsWith("Z")) {
                        if (c.startsWith("Z") && v < value.length() && value.charAt(v) == 'Z') {
                            zone = ZoneOffset.UTC;
                            v++;
                            break;
                        }
                        if (v >= value.length() || (value.charAt(v) != '+' && value.charAt(v) != '-')) {
                            throw bad(layout, value);
                        }
                        int sign = value.charAt(v) == '-' ? -1 : 1;
                        v++;
                        int hh = num(value, v, 2, 2, layout);
                        v += 2;
                        int mm = 0;
                        int digits = c.replace(":", "").length() - 1;
                        if (digits >= 4) {
                            if (c.contains(":")) {
                                v++;
                            }
                            mm = num(value, v, 2, 2, layout);
                            v += 2;
                        }
                        zone = ZoneOffset.ofTotalSeconds(sign * (hh * 3600 + mm * 60));
                    } else {
                        // fractional seconds
                        if (v < value.length() && (value.charAt(v) == '.' || value.charAt(v) == ',')) {
                            v++;
                            int s = v;
                            while (v < value.length() && Character.isDigit(value.charAt(v))) {
                                v++;
                            }
                            String f = (value.substring(s, v) + "000000000").substring(0, 9);
                            nano = Integer.parseInt(f);
                        } else if (c.charAt(1) == '0') {
                            throw bad(layout, value);
                        }
                    }
                }
            }
            // Go also accepts fractional seconds after a seconds field even when the layout has none
            if ((c.equals("05") || c.equals("5")) && v < value.length() && value.charAt(v) == '.'
                    && (i >= layout.length() || layout.charAt(i) != '.')) {
                v++;
                int s = v;
                while (v < value.length() && Character.isDigit(value.charAt(v))) {
                    v++;
                }
                nano = Integer.parseInt((value.substring(s, v) + "000000000").substring(0, 9));
            }
        }
        if (v != value.length()) {
            throw bad(layout, value);
        }
        if (pmSet && pm && hour < 12) {
            hour += 12;
        } else if (pmSet && !pm && hour == 12) {
            hour = 0;
        }
        ZoneId z = zone == null ? loc : zone;
        ZonedDateTime t = LocalDateTime.of(year, month, day, hour, min, sec, nano).atZone(z);
        return new GoTime(t.toEpochSecond() * 1_000_000_000L + t.getNano(), z);
    }

    private static int num(String value, int v, int min, int max, String layout) {
        if (v + min > value.length()) {
            throw bad(layout, value);
        }
        int x = 0;
        for (int k = 0; k < max; k++) {
            char ch = value.charAt(v + k);
            if (!Character.isDigit(ch)) {
                throw bad(layout, value);
            }
            x = x * 10 + (ch - '0');
        }
        return x;
    }

    private static IllegalArgumentException bad(String layout, String value) {
        return new IllegalArgumentException("parsing time " + dev.plg.logql.syntax.GoText.quote(value) + " as "
                + dev.plg.logql.syntax.GoText.quote(layout) + ": cannot parse");
    }
}
