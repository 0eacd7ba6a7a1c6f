package dev.plg.logql.syntax;

import java.math.BigDecimal;

/** Go's text conventions that LogQL inherits: {@code strconv.Quote}, {@code strconv.Unquote}, float formatting. */
public final class GoText {
    private GoText() {
    }

    /** Go {@code strconv.Quote}: double-quoted, printable Unicode kept, the rest escaped. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 11 -> sb.append("\\v");
                default -> {
                    if (isPrint(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < ' ' || cp == 0x7f) {
                        sb.append("\\x").append(hex(cp, 2));
                    } else if (Character.isSurrogate((char) cp)) {
                        sb.append("\\ufffd");
                    } else if (cp < 0x10000) {
                        sb.append("\\u").append(hex(cp, 4));
                    } else {
                        sb.append("\\U").append(hex(cp, 8));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String hex(int v, int width) {
        String h = Integer.toHexString(v);
        return "0".repeat(Math.max(0, width - h.length())) + h;
    }

    /** Go {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    public static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                 Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /**
     * Unquotes a Go/Prometheus string literal including its quotes ({@code "..."}, {@code '...'} or a raw
     * {@code `...`}). Throws {@link IllegalArgumentException} with Go's message ({@code invalid syntax}).
     */
    public static String unquote(String lit) {
        int n = lit.length();
        if (n < 2) {
            throw new IllegalArgumentException("invalid syntax");
        }
        char q = lit.charAt(0);
        if (q != lit.charAt(n - 1)) {
            throw new IllegalArgumentException("invalid syntax");
        }
        String body = lit.substring(1, n - 1);
        if (q == '`') {
            if (body.indexOf('`') >= 0) {
                throw new IllegalArgumentException("invalid syntax");
            }
            return body.indexOf('\r') >= 0 ? body.replace("\r", "") : body;
        }
        if (q != '"' && q != '\'') {
            throw new IllegalArgumentException("invalid syntax");
        }
        if (body.indexOf('\\') < 0 && body.indexOf(q) < 0 && body.indexOf('\n') < 0) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); ) {
            char c = body.charAt(i);
            if (c == q || c == '\n') {
                throw new IllegalArgumentException("invalid syntax");
            }
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 >= body.length()) {
                throw new IllegalArgumentException("invalid syntax");
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> sb.append((char) 7);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append((char) 11);
                case '\\' -> sb.append('\\');
                case '\'', '"' -> {
                    if (e != q) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    sb.append(e);
                }
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len > body.length()) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    int v;
                    try {
                        v = Integer.parseUnsignedInt(body.substring(i, i + len), 16);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    i += len;
                    if (e == 'x') {
                        // A byte value: kept as the code point (Latin-1); lone bytes >= 0x80 are rare in queries.
                        sb.append((char) v);
                    } else {
                        if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
                            throw new IllegalArgumentException("invalid syntax");
                        }
                        sb.appendCodePoint(v);
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    String oct = e + body.substring(i, i + 2);
                    i += 2;
                    int v;
                    try {
                        v = Integer.parseInt(oct, 8);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    if (v > 255) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    sb.append((char) v);
                }
                default -> throw new IllegalArgumentException("invalid syntax");
            }
        }
        return sb.toString();
    }

    /** Go {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest decimal without exponent. */
    public static String formatFloatF(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Go {@code fmt.Sprint(float64)} / {@code strconv.FormatFloat(v, 'g', -1, 64)}. */
    public static String formatFloatG(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) { // Go: shortest %g switches to %e from exponent 6
            StringBuilder sb = new StringBuilder(sign);
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
            return sb.toString();
        }
        return sign + bd.abs().toPlainString();
    }

}
