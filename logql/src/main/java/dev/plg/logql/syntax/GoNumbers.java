package dev.plg.logql.syntax;

/** Go {@code strconv.ParseFloat} / {@code ParseInt} with Go's error texts. */
public final class GoNumbers {
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
        int i = 0;
        char c0 = s.charAt(0);
        if (c0 == '+' || c0 == '-') {
            i++;
        }
        String rest = s.substring(i);
        String lower = rest.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) {
            return c0 == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return i == 0 ? Double.NaN : null;
        }
        if (lower.startsWith("0x")) {
            try {
                String t = rest.replace("_", "");
                if (!t.contains("p") && !t.contains("P")) {
                    t = t + "p0";
                }
                double v = Double.parseDouble(t);
                return c0 == '-' ? -v : v;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        // decimal: digits [. digits] [e [+-] digits], at least one digit in mantissa
        boolean digits = false;
        int j = i;
        while (j < n && Character.isDigit(s.charAt(j)) && s.charAt(j) < 128) {
            j++;
            digits = true;
        }
        if (j < n && s.charAt(j) == '.') {
            j++;
            while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                j++;
                digits = true;
            }
        }
        if (!digits) {
            return null;
        }
        if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            j++;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int es = j;
            while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                j++;
            }
            if (es == j) {
                return null;
            }
        }
        if (j != n) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
