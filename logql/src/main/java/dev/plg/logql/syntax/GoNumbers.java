package dev.plg.logql.syntax;

import dev.plg.template.GoFmt;

/** Go {@code strconv.ParseFloat} / {@code ParseInt} with Go's error texts. */
public final class GoNumbers {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17};

    private GoNumbers() {
    }

    /** Go {@code strconv.ParseFloat(s, 64)}; throws with {@code strconv.ParseFloat: parsing "x": invalid syntax}. */
    public static double parseFloat(String s) {
        Double d = tryParseFloat(s);
        if (d == null) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoText.quote(s) + ": invalid syntax");
        }
        return d;
    }

    /** Go {@code strconv.ParseFloat}, or {@code null} when Go would reject the text. */
    public static Double tryParseFloat(String s) {
        int n = s.length();
        if (n == 0) {
            return null;
        }
        if (n <= 17) {
            // fast path, exact: at most 15 decimal digits fit a double's mantissa, and dividing by an
            // exact power of ten is correctly rounded, so this equals Double.parseDouble (Clinger)
            int i = 0;
            char c = s.charAt(0);
            if (c == '-' || c == '+') {
                i = 1;
            }
            long mantissa = 0;
            int digits = 0;
            int frac = -1;
            boolean ok = i < n;
            for (int k = i; k < n && ok; k++) {
                char ch = s.charAt(k);
                if (ch >= '0' && ch <= '9') {
                    mantissa = mantissa * 10 + (ch - '0');
                    digits++;
                    if (frac >= 0) {
                        frac++;
                    }
                } else if (ch == '.' && frac < 0) {
                    frac = 0;
                } else {
                    ok = false;
                }
            }
            if (ok && digits > 0 && digits <= 15) {
                double v = mantissa;
                if (frac > 0) {
                    v /= POW10[frac];
                }
                return c == '-' ? -v : v;
            }
        }
        return GoFmt.parseFloat(s);
    }
}
