package dev.plg.template;

import static dev.plg.template.Functions.Type.ANY;
import static dev.plg.template.Functions.Type.BOOL;
import static dev.plg.template.Functions.Type.FLOAT64;
import static dev.plg.template.Functions.Type.INT;
import static dev.plg.template.Functions.Type.STRING;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The template functions shared by the product parts, written once: Go's {@code strings} package as Loki and
 * Alloy register it ({@link #goStrings()}) and the subset of sprig v3 they use ({@link #sprig()}), with sprig's
 * argument conversions (spf13/cast) and results. Time functions ({@code date}, {@code now}...) are not here: each
 * part registers its own with its time type.
 */
public final class Sprig {
    private Sprig() {
    }

    private static final Functions GO_STRINGS = Functions.builder()
            .add("ToLower", (env, a) -> ((String) a[0]).toLowerCase(Locale.ROOT), STRING)
            .add("ToUpper", (env, a) -> ((String) a[0]).toUpperCase(Locale.ROOT), STRING)
            .add("Replace", (env, a) -> replace((String) a[0], (String) a[1], (String) a[2], (Long) a[3]),
                    STRING, STRING, STRING, INT)
            .add("Trim", (env, a) -> trimCutset((String) a[0], (String) a[1], true, true), STRING, STRING)
            .add("TrimLeft", (env, a) -> trimCutset((String) a[0], (String) a[1], true, false), STRING, STRING)
            .add("TrimRight", (env, a) -> trimCutset((String) a[0], (String) a[1], false, true), STRING, STRING)
            .add("TrimPrefix", (env, a) -> trimPrefix((String) a[0], (String) a[1]), STRING, STRING)
            .add("TrimSuffix", (env, a) -> trimSuffix((String) a[0], (String) a[1]), STRING, STRING)
            .add("TrimSpace", (env, a) -> ((String) a[0]).strip(), STRING)
            .build();

    private static final Functions SPRIG = Functions.builder()
            // strings
            .add("lower", (env, a) -> ((String) a[0]).toLowerCase(Locale.ROOT), STRING)
            .add("upper", (env, a) -> ((String) a[0]).toUpperCase(Locale.ROOT), STRING)
            .add("title", (env, a) -> title((String) a[0]), STRING)
            .add("trim", (env, a) -> ((String) a[0]).strip(), STRING)
            .add("trunc", (env, a) -> trunc((Long) a[0], (String) a[1]), INT, STRING)
            .add("substr", (env, a) -> substr((Long) a[0], (Long) a[1], (String) a[2]), INT, INT, STRING)
            .add("contains", (env, a) -> ((String) a[1]).contains((String) a[0]), STRING, STRING)
            .add("hasPrefix", (env, a) -> ((String) a[1]).startsWith((String) a[0]), STRING, STRING)
            .add("hasSuffix", (env, a) -> ((String) a[1]).endsWith((String) a[0]), STRING, STRING)
            .add("indent", (env, a) -> indent((Long) a[0], (String) a[1]), INT, STRING)
            .add("nindent", (env, a) -> "\n" + indent((Long) a[0], (String) a[1]), INT, STRING)
            .add("replace", (env, a) -> ((String) a[2]).replace((String) a[0], (String) a[1]), STRING, STRING, STRING)
            .add("repeat", (env, a) -> repeat((Long) a[0], (String) a[1]), INT, STRING)
            .add("trimAll", (env, a) -> trimCutset((String) a[1], (String) a[0], true, true), STRING, STRING)
            .add("trimSuffix", (env, a) -> trimSuffix((String) a[1], (String) a[0]), STRING, STRING)
            .add("trimPrefix", (env, a) -> trimPrefix((String) a[1], (String) a[0]), STRING, STRING)
            .add("nospace", (env, a) -> ((String) a[0]).replaceAll("\\s+", ""), STRING)
            .addVariadic("quote", (env, a) -> quote(a, false), ANY)
            .addVariadic("squote", (env, a) -> quote(a, true), ANY)
            .addVariadic("cat", (env, a) -> cat(a), ANY)
            .add("toString", (env, a) -> Values.str(a[0]), ANY)
            .add("b64enc", (env, a) -> Base64.getEncoder().encodeToString(((String) a[0]).getBytes(StandardCharsets.UTF_8)),
                    STRING)
            .add("b64dec", (env, a) -> b64dec((String) a[0]), STRING)
            // regular expressions (Go's RE2 syntax and $1 / ${name} expansion)
            .add("regexReplaceAll", (env, a) -> replaceAll(compile((String) a[0]), (String) a[1], (String) a[2]),
                    STRING, STRING, STRING)
            .add("regexReplaceAllLiteral", (env, a) -> replaceAllLiteral(compile((String) a[0]), (String) a[1],
                    (String) a[2]), STRING, STRING, STRING)
            .add("regexMatch", (env, a) -> compile((String) a[0]).matcher((String) a[1]).find(), STRING, STRING)
            .add("regexFind", (env, a) -> {
                Matcher m = compile((String) a[0]).matcher((String) a[1]);
                return m.find() ? m.group() : "";
            }, STRING, STRING)
            // defaults and logic
            .addVariadic("default", (env, a) -> a.length < 2 || Values.empty(a[1]) ? a[0] : a[1], ANY, ANY)
            .add("empty", (env, a) -> Values.empty(a[0]), ANY)
            .addVariadic("coalesce", (env, a) -> coalesce(a), ANY)
            .add("ternary", (env, a) -> (Boolean) a[2] ? a[0] : a[1], ANY, ANY, BOOL)
            // numbers (spf13/cast conversions)
            .add("int", (env, a) -> Values.toInt64(a[0]), ANY)
            .add("int64", (env, a) -> Values.toInt64(a[0]), ANY)
            .add("float64", (env, a) -> Values.toFloat64(a[0]), ANY)
            .addVariadic("add", (env, a) -> {
                long s = 0;
                for (Object o : a) {
                    s += Values.toInt64(o);
                }
                return s;
            }, ANY)
            .add("add1", (env, a) -> Values.toInt64(a[0]) + 1, ANY)
            .add("sub", (env, a) -> Values.toInt64(a[0]) - Values.toInt64(a[1]), ANY, ANY)
            .addVariadic("mul", (env, a) -> {
                long s = Values.toInt64(a[0]);
                for (int i = 1; i < a.length; i++) {
                    s *= Values.toInt64(a[i]);
                }
                return s;
            }, ANY, ANY)
            .add("div", (env, a) -> Values.toInt64(a[0]) / nonZero(Values.toInt64(a[1])), ANY, ANY)
            .add("mod", (env, a) -> Values.toInt64(a[0]) % nonZero(Values.toInt64(a[1])), ANY, ANY)
            .addVariadic("max", (env, a) -> minMax(a, true), ANY, ANY)
            .addVariadic("min", (env, a) -> minMax(a, false), ANY, ANY)
            .addVariadic("addf", (env, a) -> {
                BigDecimal s = BigDecimal.ZERO;
                for (Object o : a) {
                    s = s.add(dec(o));
                }
                return s.doubleValue();
            }, ANY)
            .addVariadic("subf", (env, a) -> foldDec(a, BigDecimal::subtract), ANY, ANY)
            .addVariadic("mulf", (env, a) -> foldDec(a, BigDecimal::multiply), ANY, ANY)
            .addVariadic("divf", (env, a) -> {
                BigDecimal s = dec(a[0]);
                for (int i = 1; i < a.length; i++) {
                    BigDecimal d = dec(a[i]);
                    if (d.signum() == 0) {
                        throw new FunctionException("decimal division by 0");
                    }
                    s = s.divide(d, 16, RoundingMode.HALF_EVEN);
                }
                return s.doubleValue();
            }, ANY, ANY)
            .addVariadic("maxf", (env, a) -> minMaxf(a, true), ANY, ANY)
            .addVariadic("minf", (env, a) -> minMaxf(a, false), ANY, ANY)
            .add("ceil", (env, a) -> Math.ceil(Values.toFloat64(a[0])), ANY)
            .add("floor", (env, a) -> Math.floor(Values.toFloat64(a[0])), ANY)
            .addVariadic("round", (env, a) -> round(Values.toFloat64(a[0]), (Long) a[1],
                    a.length > 2 ? (Double) a[2] : 0.5), ANY, INT, FLOAT64)
            .build();

    /** Go's {@code strings} functions under Loki's/Alloy's names: {@code ToLower ToUpper Replace Trim* TrimSpace}. */
    public static Functions goStrings() {
        return GO_STRINGS;
    }

    /**
     * sprig v3 functions: {@code lower upper title trim trunc substr contains hasPrefix hasSuffix indent nindent
     * replace repeat trimAll trimSuffix trimPrefix nospace quote squote cat toString b64enc b64dec regexReplaceAll
     * regexReplaceAllLiteral regexMatch regexFind default empty coalesce ternary int int64 float64 add add1 sub mul
     * div mod max min addf subf mulf divf maxf minf ceil floor round}.
     */
    public static Functions sprig() {
        return SPRIG;
    }

    // ------------------------------------------------------------------ helpers

    private static long nonZero(long d) {
        if (d == 0) {
            throw new FunctionException("runtime error: integer divide by zero");
        }
        return d;
    }

    private static long minMax(Object[] a, boolean max) {
        long r = Values.toInt64(a[0]);
        for (int i = 1; i < a.length; i++) {
            long x = Values.toInt64(a[i]);
            r = max ? Math.max(r, x) : Math.min(r, x);
        }
        return r;
    }

    private static double minMaxf(Object[] a, boolean max) {
        double r = Values.toFloat64(a[0]);
        for (int i = 1; i < a.length; i++) {
            double x = Values.toFloat64(a[i]);
            r = max ? Math.max(r, x) : Math.min(r, x);
        }
        return r;
    }

    /** sprig's {@code subf}/{@code mulf}: the first argument combined with each of the rest, in decimal. */
    private static double foldDec(Object[] a, java.util.function.BinaryOperator<BigDecimal> op) {
        BigDecimal s = dec(a[0]);
        for (int i = 1; i < a.length; i++) {
            s = op.apply(s, dec(a[i]));
        }
        return s.doubleValue();
    }

    private static BigDecimal dec(Object v) {
        double d = Values.toFloat64(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return BigDecimal.ZERO;
        }
        return new BigDecimal(Double.toString(d));
    }

    /** sprig's {@code round(a, p, rOpt)}. */
    private static double round(double val, long places, double roundOn) {
        double pow = Math.pow(10, places);
        double digit = pow * val;
        double frac = digit - (digit < 0 ? Math.ceil(digit) : Math.floor(digit));
        double r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
        return r / pow;
    }

    private static Object coalesce(Object[] a) {
        for (Object o : a) {
            if (!Values.empty(o)) {
                return o;
            }
        }
        return null;
    }

    private static String quote(Object[] a, boolean single) {
        StringBuilder sb = new StringBuilder();
        for (Object o : a) {
            if (o == null) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            String s = Values.str(o);
            sb.append(single ? "'" + s + "'" : GoFmt.quote(s));
        }
        return sb.toString();
    }

    private static String cat(Object[] a) {
        StringBuilder sb = new StringBuilder();
        for (Object o : a) {
            if (o == null) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            GoFmt.appendValue(sb, o);
        }
        return sb.toString().strip();
    }

    private static String b64dec(String s) {
        try {
            return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** strings.Title: the first letter of each word upper-cased. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean prevLetter = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean letter = Character.isLetterOrDigit(cp) || cp == '_' || cp == '\'';
            sb.appendCodePoint(!prevLetter && letter ? Character.toTitleCase(cp) : cp);
            prevLetter = letter;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String trunc(long c, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (c < 0 && b.length + c > 0) {
            return new String(b, (int) (b.length + c), (int) -c, StandardCharsets.UTF_8);
        }
        if (c >= 0 && b.length > c) {
            return new String(b, 0, (int) c, StandardCharsets.UTF_8);
        }
        return s;
    }

    private static String substr(long start, long end, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (start < 0) {
            return new String(b, 0, (int) Math.max(0, Math.min(end, b.length)), StandardCharsets.UTF_8);
        }
        if (end < 0 || end > b.length) {
            return start > b.length ? "" : new String(b, (int) start, (int) (b.length - start), StandardCharsets.UTF_8);
        }
        if (start > end) {
            return "";
        }
        return new String(b, (int) start, (int) (end - start), StandardCharsets.UTF_8);
    }

    private static String indent(long spaces, String v) {
        String pad = " ".repeat((int) Math.max(0, spaces));
        return pad + v.replace("\n", "\n" + pad);
    }

    private static String repeat(long count, String s) {
        if (count < 0) {
            throw new FunctionException("strings: negative Repeat count");
        }
        return s.repeat((int) count);
    }

    /** strings.Replace(s, old, new, n): at most {@code n} replacements, all when {@code n < 0}. */
    static String replace(String s, String old, String neu, long n) {
        if (n < 0) {
            return s.replace(old, neu);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (long k = 0; k < n; k++) {
            int i = s.indexOf(old, from);
            if (i < 0) {
                break;
            }
            sb.append(s, from, i).append(neu);
            from = i + old.length();
            if (old.isEmpty()) {
                if (from < s.length()) {
                    sb.append(s.charAt(from));
                }
                from++;
            }
        }
        if (from <= s.length()) {
            sb.append(s.substring(Math.min(from, s.length())));
        }
        return sb.toString();
    }

    static String trimPrefix(String s, String p) {
        return s.startsWith(p) ? s.substring(p.length()) : s;
    }

    static String trimSuffix(String s, String p) {
        return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
    }

    static String trimCutset(String s, String cutset, boolean left, boolean right) {
        int st = 0;
        int en = s.length();
        while (left && st < en && cutset.indexOf(s.charAt(st)) >= 0) {
            st++;
        }
        while (right && en > st && cutset.indexOf(s.charAt(en - 1)) >= 0) {
            en--;
        }
        return s.substring(st, en);
    }

    /** {@code regexp.MustCompile}: a bad expression fails the call with Go's panic text. */
    public static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            String q = regex.indexOf('`') < 0 && regex.chars().allMatch(c -> c >= ' ' && c != 0x7f || c == '\t')
                    ? "`" + regex + "`" : GoFmt.quote(regex);
            throw new FunctionException("regexp: Compile(" + q + "): " + e.getMessage());
        }
    }

    /**
     * Go's {@code Regexp.ReplaceAllString}: every match replaced by {@code template} expanded as Go's
     * {@code Expand} does ({@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}; a name is the
     * longest run of letters, digits and {@code _}, so {@code $1x} is the group named {@code 1x}; unknown groups
     * are empty). Empty matches abutting a preceding match are ignored.
     */
    public static String replaceAll(Pattern p, String input, String template) {
        return replace(p, input, template, false);
    }

    /** Go's {@code Regexp.ReplaceAllLiteralString}. */
    public static String replaceAllLiteral(Pattern p, String input, String replacement) {
        return replace(p, input, replacement, true);
    }

    private static String replace(Pattern p, String s, String repl, boolean literal) {
        Matcher m = p.matcher(s);
        StringBuilder sb = null;
        int last = 0;
        int prevEnd = -1;
        java.util.Map<String, Integer> names = null;
        while (m.find()) {
            int st = m.start();
            int en = m.end();
            if (st == en && st == prevEnd) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length() + 16);
            }
            sb.append(s, last, st);
            if (literal) {
                sb.append(repl);
            } else {
                if (names == null) {
                    names = p.namedGroups();
                }
                expand(sb, repl, m, names);
            }
            last = en;
            prevEnd = en;
        }
        if (sb == null) {
            return s;
        }
        return sb.append(s, last, s.length()).toString();
    }

    private static void expand(StringBuilder sb, String t, Matcher m, java.util.Map<String, Integer> names) {
        int n = t.length();
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (c != '$') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && t.charAt(i + 1) == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            String name = null;
            int next = i + 1;
            if (i + 1 < n && t.charAt(i + 1) == '{') {
                int close = t.indexOf('}', i + 2);
                if (close > i + 2 && isName(t, i + 2, close)) {
                    name = t.substring(i + 2, close);
                    next = close + 1;
                }
            } else {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(t.charAt(j)) || t.charAt(j) == '_')) {
                    j++;
                }
                if (j > i + 1) {
                    name = t.substring(i + 1, j);
                    next = j;
                }
            }
            if (name == null) {
                sb.append('$');
                i++;
                continue;
            }
            i = next;
            int group = -1;
            if (name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                try {
                    group = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    group = -1;
                }
            } else if (names.containsKey(name)) {
                group = names.get(name);
            }
            if (group >= 0 && group <= m.groupCount()) {
                String g = m.group(group);
                if (g != null) {
                    sb.append(g);
                }
            }
        }
    }

    private static boolean isName(String t, int from, int to) {
        for (int k = from; k < to; k++) {
            char ch = t.charAt(k);
            if (!Character.isLetterOrDigit(ch) && ch != '_') {
                return false;
            }
        }
        return true;
    }
}
