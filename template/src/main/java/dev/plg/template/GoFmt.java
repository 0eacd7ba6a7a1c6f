package dev.plg.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Go's {@code fmt} and {@code strconv} for template values: {@code Sprint}, {@code Sprintln}, {@code Sprintf}
 * (verbs {@code v s q d b o x X c U e E f F g G t T %}, flags {@code +-# 0}, width, precision), {@code %v} of
 * numbers/lists/maps, {@code strconv.Quote/Unquote/ParseFloat} and exact float formatting (rounding on the binary
 * value, half to even). Value model: {@code null} (nil), String, Boolean, Long/Integer (int), Double (float64),
 * List, Map; anything else prints with {@code toString()}.
 */
public final class GoFmt {
    private GoFmt() {
    }

    // ------------------------------------------------------------------ %v

    /** {@code fmt.Sprint(v)}: Go's {@code %v}. */
    public static String toString(Object v) {
        if (v instanceof String s) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        appendValue(sb, v);
        return sb.toString();
    }

    /** Appends Go's {@code %v} of {@code v}. */
    public static void appendValue(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("<nil>");
            case String s -> sb.append(s);
            case Long l -> sb.append(l.longValue());
            case Integer i -> sb.append(i.intValue());
            case Double d -> {
                double x = d;
                if (x == (long) x && Math.abs(x) < 1e6 && !(x == 0 && 1 / x < 0)) {
                    sb.append((long) x); // %v of an integral float64 below 1e6 prints as an integer
                } else {
                    sb.append(formatFloat(x, 'g', -1));
                }
            }
            case Float f -> sb.append(formatFloat(f, 'g', -1));
            case Boolean b -> sb.append(b.booleanValue());
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    appendValue(sb, l.get(i));
                }
                sb.append(']');
            }
            case Map<?, ?> m -> {
                sb.append("map[");
                boolean first = true;
                for (Map.Entry<?, ?> e : sorted(m).entrySet()) {
                    if (!first) {
                        sb.append(' ');
                    }
                    first = false;
                    appendValue(sb, e.getKey());
                    sb.append(':');
                    appendValue(sb, e.getValue());
                }
                sb.append(']');
            }
            default -> sb.append(v);
        }
    }

    /** The map in Go's {@code fmtsort} order (keys ascending). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Map<?, ?> sorted(Map<?, ?> m) {
        if (m instanceof SortedMap<?, ?> || m.size() < 2) {
            return m;
        }
        try {
            return new TreeMap(m);
        } catch (ClassCastException | NullPointerException e) {
            return m;
        }
    }

    /** Go's type name of a template value, as errors print it ({@code string}, {@code int}, {@code float64}...). */
    public static String typeName(Object v) {
        return switch (v) {
            case null -> "<nil>";
            case String s -> "string";
            case Long l -> "int";
            case Integer i -> "int";
            case Double d -> "float64";
            case Float f -> "float32";
            case Boolean b -> "bool";
            case List<?> l -> "[]interface {}";
            case Map<?, ?> m -> m.isEmpty() || m.values().iterator().next() instanceof String
                    ? "map[string]string" : "map[string]interface {}";
            default -> v.getClass().getSimpleName();
        };
    }

    /** {@code fmt.Sprint}: operands joined with a space when neither side is a string. */
    public static String sprint(Object[] args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (i > 0 && !(args[i] instanceof String) && !(args[i - 1] instanceof String)) {
                sb.append(' ');
            }
            appendValue(sb, args[i]);
        }
        return sb.toString();
    }

    /** {@code fmt.Sprintln}: operands joined with spaces, then a newline. */
    public static String sprintln(Object[] args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            appendValue(sb, args[i]);
        }
        return sb.append('\n').toString();
    }

    // ------------------------------------------------------------------ Sprintf

    /** {@code fmt.Sprintf(format, args...)} including Go's {@code %!verb(type=value)} error forms. */
    public static String sprintf(String format, Object[] args) {
        StringBuilder sb = new StringBuilder(format.length() + 16);
        int ai = 0;
        int n = format.length();
        int i = 0;
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                i++;
                continue;
            }
            i++;
            boolean minus = false;
            boolean plus = false;
            boolean sharp = false;
            boolean space = false;
            boolean zero = false;
            for (; i < n; i++) {
                char f = format.charAt(i);
                if (f == '-') {
                    minus = true;
                } else if (f == '+') {
                    plus = true;
                } else if (f == '#') {
                    sharp = true;
                } else if (f == ' ') {
                    space = true;
                } else if (f == '0') {
                    zero = !minus;
                } else {
                    break;
                }
            }
            int width = -1;
            if (i < n && format.charAt(i) == '*') {
                i++;
                if (ai < args.length && args[ai] instanceof Number w && !(w instanceof Double)) {
                    width = (int) w.longValue();
                    if (width < 0) {
                        minus = true;
                        width = -width;
                    }
                    ai++;
                } else {
                    sb.append("%!(BADWIDTH)");
                    ai++;
                }
            } else {
                int ws = i;
                while (i < n && format.charAt(i) >= '0' && format.charAt(i) <= '9') {
                    i++;
                }
                if (i > ws) {
                    width = Integer.parseInt(format.substring(ws, Math.min(i, ws + 6)));
                }
            }
            int prec = -1;
            if (i < n && format.charAt(i) == '.') {
                i++;
                if (i < n && format.charAt(i) == '*') {
                    i++;
                    if (ai < args.length && args[ai] instanceof Number p && !(p instanceof Double)) {
                        prec = (int) Math.max(-1, p.longValue());
                        ai++;
                    } else {
                        sb.append("%!(BADPREC)");
                        ai++;
                    }
                } else {
                    int ps = i;
                    while (i < n && format.charAt(i) >= '0' && format.charAt(i) <= '9') {
                        i++;
                    }
                    prec = i > ps ? Integer.parseInt(format.substring(ps, Math.min(i, ps + 6))) : 0;
                }
            }
            if (i >= n) {
                sb.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                sb.append('%');
                continue;
            }
            if (ai >= args.length) {
                sb.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            Object a = args[ai++];
            Spec spec = new Spec(minus, plus, sharp, space, zero, width, prec, (char) verb);
            formatOne(sb, spec, a);
        }
        if (ai < args.length) {
            sb.append("%!(EXTRA ");
            for (int k = ai; k < args.length; k++) {
                if (k > ai) {
                    sb.append(", ");
                }
                sb.append(typeName(args[k])).append('=');
                appendValue(sb, args[k]);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private record Spec(boolean minus, boolean plus, boolean sharp, boolean space, boolean zero, int width, int prec,
                        char verb) {
    }

    private static boolean isInt(Object a) {
        return a instanceof Long || a instanceof Integer || a instanceof Short || a instanceof Byte;
    }

    private static boolean isFloat(Object a) {
        return a instanceof Double || a instanceof Float;
    }

    private static void formatOne(StringBuilder sb, Spec s, Object a) {
        char verb = s.verb();
        if (verb == 'T') {
            pad(sb, s, typeName(a), false);
            return;
        }
        if (a == null) {
            if (verb == 'v' || verb == 's') {
                pad(sb, s, "<nil>", false);
            } else {
                sb.append("%!").append(verb).append("(<nil>)");
            }
            return;
        }
        switch (a) {
            case Boolean b -> {
                if (verb == 'v' || verb == 't') {
                    pad(sb, s, b.toString(), false);
                    return;
                }
            }
            case String str -> {
                switch (verb) {
                    case 'v', 's' -> {
                        pad(sb, s, s.prec() >= 0 ? truncRunes(str, s.prec()) : str, false);
                        return;
                    }
                    case 'q' -> {
                        String t = s.prec() >= 0 ? truncRunes(str, s.prec()) : str;
                        pad(sb, s, s.sharp() && t.indexOf('`') < 0 ? "`" + t + "`" : (s.plus() ? quoteAscii(t) : quote(t)), false);
                        return;
                    }
                    case 'x', 'X' -> {
                        String t = s.prec() >= 0 ? truncRunes(str, s.prec()) : str;
                        StringBuilder h = new StringBuilder();
                        for (byte by : t.getBytes(StandardCharsets.UTF_8)) {
                            if (s.space() && !h.isEmpty()) {
                                h.append(' ');
                            }
                            if (s.sharp() && (s.space() || h.isEmpty())) {
                                h.append(verb == 'x' ? "0x" : "0X");
                            }
                            String hx = Integer.toHexString((by & 0xff) | 0x100).substring(1);
                            h.append(verb == 'X' ? hx.toUpperCase(Locale.ROOT) : hx);
                        }
                        pad(sb, s, h.toString(), false);
                        return;
                    }
                    default -> {
                    }
                }
            }
            default -> {
            }
        }
        if (isInt(a)) {
            long v = ((Number) a).longValue();
            String body;
            switch (verb) {
                case 'v', 'd' -> body = Long.toString(Math.abs(v)).replace("-", "");
                case 'b' -> body = Long.toBinaryString(Math.abs(v));
                case 'o', 'O' -> body = (verb == 'O' ? "0o" : s.sharp() ? "0" : "") + Long.toOctalString(Math.abs(v));
                case 'x' -> body = (s.sharp() ? "0x" : "") + Long.toHexString(Math.abs(v));
                case 'X' -> body = (s.sharp() ? "0X" : "") + Long.toHexString(Math.abs(v)).toUpperCase(Locale.ROOT);
                case 'c' -> {
                    pad(sb, s, new String(Character.toChars((int) v)), false);
                    return;
                }
                case 'q' -> {
                    pad(sb, s, quoteRune((int) v), false);
                    return;
                }
                case 'U' -> {
                    String h = Long.toHexString(v).toUpperCase(Locale.ROOT);
                    pad(sb, s, "U+" + "0".repeat(Math.max(0, 4 - h.length())) + h, false);
                    return;
                }
                case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                    bad(sb, verb, a);
                    return;
                }
                default -> {
                    bad(sb, verb, a);
                    return;
                }
            }
            if (v == Long.MIN_VALUE && (verb == 'v' || verb == 'd')) {
                body = "9223372036854775808";
            }
            if (s.prec() >= 0) {
                if (s.prec() == 0 && v == 0) {
                    body = "";
                }
                while (body.length() < s.prec()) {
                    body = "0" + body;
                }
            }
            String sign = v < 0 ? "-" : s.plus() ? "+" : s.space() ? " " : "";
            padNumber(sb, s, sign, body, s.prec() < 0);
            return;
        }
        if (isFloat(a)) {
            double v = ((Number) a).doubleValue();
            char f = switch (verb) {
                case 'v' -> 'g';
                case 'e', 'E', 'f', 'F', 'g', 'G' -> verb;
                default -> 0;
            };
            if (f == 0) {
                bad(sb, verb, a);
                return;
            }
            String body = formatFloat(Math.abs(v), Character.toLowerCase(f) == 'f' ? 'f' : Character.toLowerCase(f),
                    s.prec() < 0 && (f == 'e' || f == 'E' || f == 'f' || f == 'F') ? 6 : s.prec());
            if (Character.isUpperCase(f)) {
                body = body.toUpperCase(Locale.ROOT);
            }
            boolean neg = v < 0 || (v == 0 && 1 / v < 0);
            if (Double.isNaN(v)) {
                neg = false;
                body = "NaN";
            } else if (Double.isInfinite(v)) {
                body = "Inf";
            }
            String sign = neg ? "-" : s.plus() || Double.isInfinite(v) ? "+" : s.space() ? " " : "";
            padNumber(sb, s, sign, body, !Double.isNaN(v) && !Double.isInfinite(v));
            return;
        }
        if (verb == 'v' || verb == 's') {
            pad(sb, s, toString(a), false);
            return;
        }
        bad(sb, verb, a);
    }

    private static void bad(StringBuilder sb, char verb, Object a) {
        sb.append("%!").append(verb).append('(').append(typeName(a)).append('=');
        appendValue(sb, a);
        sb.append(')');
    }

    private static String truncRunes(String s, int n) {
        int cps = s.codePointCount(0, s.length());
        return cps <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
    }

    private static void pad(StringBuilder sb, Spec s, String body, boolean unused) {
        int len = body.codePointCount(0, body.length());
        if (s.width() <= len) {
            sb.append(body);
            return;
        }
        String fill = (s.zero() && !s.minus() ? "0" : " ").repeat(s.width() - len);
        if (s.minus()) {
            sb.append(body).append(" ".repeat(s.width() - len));
        } else {
            sb.append(fill).append(body);
        }
    }

    private static void padNumber(StringBuilder sb, Spec s, String sign, String body, boolean zeroOk) {
        int len = sign.length() + body.length();
        if (s.width() <= len) {
            sb.append(sign).append(body);
        } else if (s.minus()) {
            sb.append(sign).append(body).append(" ".repeat(s.width() - len));
        } else if (s.zero() && zeroOk) {
            sb.append(sign).append("0".repeat(s.width() - len)).append(body);
        } else {
            sb.append(" ".repeat(s.width() - len)).append(sign).append(body);
        }
    }

    // ------------------------------------------------------------------ floats

    /**
     * {@code strconv.FormatFloat(x, fmt, prec, 64)} for {@code fmt} in {@code e f g}; {@code prec < 0} is the
     * shortest representation that round-trips.
     */
    public static String formatFloat(double x, char fmt, int prec) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "+Inf" : "-Inf";
        }
        String sign = x < 0 || (x == 0 && 1 / x < 0) ? "-" : "";
        double ax = Math.abs(x);
        boolean shortest = prec < 0;
        if (fmt == 'f' && !shortest) {
            return sign + new BigDecimal(ax).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
        }
        BigDecimal bd;
        if (shortest) {
            bd = ax == 0 ? BigDecimal.ZERO : new BigDecimal(Double.toString(ax));
        } else if (fmt == 'e') {
            bd = round(ax, prec + 1);
        } else {
            bd = round(ax, prec == 0 ? 1 : prec);
        }
        String digits;
        int dp;
        if (bd.signum() == 0) {
            digits = "0";
            dp = 1;
        } else {
            BigDecimal st = bd.stripTrailingZeros();
            digits = st.unscaledValue().toString();
            dp = digits.length() - st.scale();
        }
        int nd = digits.length();
        if (bd.signum() == 0) {
            nd = shortest ? 1 : nd;
        }
        switch (fmt) {
            case 'e' -> {
                return sign + eForm(digits, dp - 1, shortest ? nd - 1 : prec);
            }
            case 'f' -> {
                return sign + fForm(digits, dp, Math.max(nd - dp, 0));
            }
            default -> {
                int p = shortest ? nd : (prec == 0 ? 1 : prec);
                int eprec = p;
                if (!shortest && eprec > nd && nd >= dp) {
                    eprec = nd;
                }
                if (shortest) {
                    eprec = 6;
                }
                int exp = dp - 1;
                if (bd.signum() == 0) {
                    exp = 0;
                }
                if (exp < -4 || exp >= eprec) {
                    if (p > nd) {
                        p = nd;
                    }
                    return sign + eForm(digits, exp, p - 1);
                }
                if (p > dp) {
                    p = nd;
                }
                return sign + fForm(digits, bd.signum() == 0 ? 1 : dp, Math.max(p - dp, 0));
            }
        }
    }

    private static BigDecimal round(double ax, int sig) {
        if (ax == 0) {
            return BigDecimal.ZERO;
        }
        return new BigDecimal(ax).round(new MathContext(sig, RoundingMode.HALF_EVEN));
    }

    private static String eForm(String digits, int exp, int prec) {
        StringBuilder d = new StringBuilder(digits);
        while (d.length() < prec + 1) {
            d.append('0');
        }
        String mant = prec == 0 ? d.substring(0, 1) : d.charAt(0) + "." + d.substring(1, prec + 1);
        int ae = Math.abs(exp);
        return mant + "e" + (exp < 0 ? "-" : "+") + (ae < 10 ? "0" : "") + ae;
    }

    /** Digits with the decimal point after {@code dp} of them and exactly {@code frac} fraction digits. */
    private static String fForm(String digits, int dp, int frac) {
        StringBuilder sb = new StringBuilder();
        if (dp <= 0) {
            sb.append('0');
        } else {
            for (int i = 0; i < dp; i++) {
                sb.append(i < digits.length() ? digits.charAt(i) : '0');
            }
        }
        if (frac > 0) {
            sb.append('.');
            for (int i = 0; i < frac; i++) {
                int k = dp + i;
                sb.append(k >= 0 && k < digits.length() ? digits.charAt(k) : '0');
            }
        }
        return sb.toString();
    }

    /** Go's {@code url.QueryEscape}: space becomes {@code +}, only {@code A-Za-z0-9-_.~} stay as they are. */
    public static String queryEscape(String s) {
        return Builtins.queryEscape(s);
    }

    // ------------------------------------------------------------------ strconv

    /** {@code strconv.Quote}: double-quoted, printable Unicode kept, the rest escaped. */
    public static String quote(String s) {
        return quote(s, '"', false);
    }

    private static String quoteAscii(String s) {
        return quote(s, '"', true);
    }

    private static String quoteRune(int r) {
        return quote(new String(Character.toChars(r)), '\'', false);
    }

    private static String quote(String s, char q, boolean ascii) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append(q);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == q || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
                continue;
            }
            switch (cp) {
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 11 -> sb.append("\\v");
                default -> {
                    if (isPrint(cp) && !(ascii && cp >= 0x80)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < ' ' || cp == 0x7f) {
                        sb.append("\\x").append(hex(cp, 2));
                    } else if (cp >= 0xD800 && cp < 0xE000) {
                        sb.append("\\ufffd");
                    } else if (cp < 0x10000) {
                        sb.append("\\u").append(hex(cp, 4));
                    } else {
                        sb.append("\\U").append(hex(cp, 8));
                    }
                }
            }
        }
        return sb.append(q).toString();
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
     * {@code strconv.Unquote} of a Go literal including its quotes ({@code "..."}, {@code '...'} or raw
     * {@code `...`}); throws {@link IllegalArgumentException} {@code invalid syntax} like Go.
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
            if (q == '\'' && body.codePointCount(0, body.length()) != 1) {
                throw new IllegalArgumentException("invalid syntax");
            }
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
                    int v;
                    try {
                        v = Integer.parseInt(e + body.substring(i, i + 2), 8);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    i += 2;
                    if (v > 255) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    sb.append((char) v);
                }
                default -> throw new IllegalArgumentException("invalid syntax");
            }
        }
        String out = sb.toString();
        if (q == '\'' && out.codePointCount(0, out.length()) != 1) {
            throw new IllegalArgumentException("invalid syntax");
        }
        return out;
    }

    /** Go {@code strconv.ParseFloat(s, 64)}, or {@code null} where Go reports a syntax error. */
    public static Double parseFloat(String s) {
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
        String lower = rest.toLowerCase(Locale.ROOT);
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
        boolean digits = false;
        int j = i;
        while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
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

    /**
     * Go {@code strconv.ParseInt(s, 0, 64)} (base prefixes {@code 0x 0o 0b}, a leading {@code 0} is octal,
     * underscores only with a prefix), or {@code null} where Go reports an error.
     */
    public static Long parseInt(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        int radix = 10;
        boolean prefixed = false;
        if (body.length() > 1 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
                body = body.substring(2);
                prefixed = true;
            } else {
                radix = 8;
                body = body.substring(1);
                prefixed = true;
            }
        }
        if (body.indexOf('_') >= 0) {
            // base 0: underscores only between digits (or after a base prefix)
            if (body.endsWith("_") || body.contains("__") || (!prefixed && body.startsWith("_"))) {
                return null;
            }
            body = body.replace("_", "");
        }
        final int rdx = radix;
        if (body.isEmpty() || !body.chars().allMatch(ch -> Character.digit(ch, rdx) >= 0 && ch < 128)) {
            return null;
        }
        try {
            return Long.parseLong((neg ? "-" : "") + body, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
