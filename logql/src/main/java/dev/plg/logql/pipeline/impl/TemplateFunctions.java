package dev.plg.logql.pipeline.impl;

import com.google.re2j.Pattern;
import dev.plg.logql.syntax.ByteSizes;
import dev.plg.logql.syntax.Durations;
import dev.plg.logql.syntax.GoNumbers;
import dev.plg.logql.syntax.GoText;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Go template builtins plus the functions Loki registers for line_format/label_format (incl. its sprig subset). */
final class TemplateFunctions {
    /** A function failure: the message follows Go's {@code template: name:1:...} prefix. */
    static final class FnError extends RuntimeException {
        FnError(String m) {
            super(m);
        }
    }

    private static final Set<String> NAMES = Set.of(
            // go builtins
            "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge",
            "html", "js", "urlquery", "slice",
            // loki
            "ToLower", "ToUpper", "Replace", "Trim", "TrimLeft", "TrimRight", "TrimPrefix", "TrimSuffix", "TrimSpace",
            "regexReplaceAll", "regexReplaceAllLiteral", "count", "urldecode", "urlencode", "bytes", "duration",
            "duration_seconds", "unixEpochMillis", "unixEpochNanos", "toDateInZone", "unixToTime", "alignLeft",
            "alignRight", "__line__", "__timestamp__",
            // sprig subset
            "lower", "upper", "title", "trunc", "substr", "contains", "hasPrefix", "hasSuffix", "indent", "nindent",
            "replace", "repeat", "trim", "trimAll", "trimSuffix", "trimPrefix", "int", "float64", "add", "sub", "mul",
            "div", "mod", "addf", "subf", "mulf", "divf", "max", "min", "maxf", "minf", "ceil", "floor", "round",
            "fromJson", "date", "toDate", "now", "unixEpoch", "default", "b64enc", "b64dec");

    private TemplateFunctions() {
    }

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    // ------------------------------------------------------------------ value helpers

    static String goType(Object v) {
        return switch (v) {
            case null -> "<nil>";
            case String s -> "string";
            case Long l -> "int";
            case Double d -> "float64";
            case Boolean b -> "bool";
            case GoTime t -> "time.Time";
            case Map<?, ?> m -> "map[string]string";
            case List<?> l -> "[]interface {}";
            default -> v.getClass().getSimpleName();
        };
    }

    static String print(Object v) {
        return switch (v) {
            case null -> "<no value>";
            case String s -> s;
            case Long l -> Long.toString(l);
            case Integer i -> Integer.toString(i);
            case Double d -> GoText.formatFloatG(d);
            case Boolean b -> b.toString();
            case GoTime t -> t.toString();
            case List<?> l -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i > 0 ? " " : "").append(print(l.get(i)));
                }
                yield sb.append(']').toString();
            }
            case Map<?, ?> m -> "map" + new java.util.TreeMap<>(m).toString().replace(", ", " ").replace("=", ":");
            default -> v.toString();
        };
    }

    static boolean truth(Object v) {
        return switch (v) {
            case null -> false;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Double d -> d != 0;
            case Boolean b -> b;
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** spf13/cast ToString. */
    static String str(Object v) {
        return switch (v) {
            case null -> "";
            case String s -> s;
            default -> print(v);
        };
    }

    /** spf13/cast ToInt64 (errors become 0). */
    static long toInt64(Object v) {
        return switch (v) {
            case null -> 0;
            case Long l -> l;
            case Double d -> (long) (double) d;
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                String t = s.strip();
                try {
                    if (t.startsWith("0x") || t.startsWith("0X")) {
                        yield Long.parseLong(t.substring(2), 16);
                    }
                    yield Long.parseLong(t);
                } catch (NumberFormatException e) {
                    yield 0;
                }
            }
            default -> 0;
        };
    }

    /** spf13/cast ToFloat64 (errors become 0). */
    static double toFloat64(Object v) {
        return switch (v) {
            case null -> 0;
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                Double d = GoNumbers.tryParseFloat(s.strip());
                yield d == null ? 0 : d;
            }
            default -> 0;
        };
    }

    private static long intArg(Object v, String fn) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d)) {
            return (long) (double) d;
        }
        throw new FnError(" error calling " + fn + ": wrong type for value; expected int; got " + goType(v));
    }

    private static String strArg(Object v, String fn) {
        if (v instanceof String s) {
            return s;
        }
        throw new FnError(" error calling " + fn + ": wrong type for value; expected string; got " + goType(v));
    }

    private static void arity(String fn, List<Object> a, int n) {
        if (a.size() != n) {
            throw new FnError(" wrong number of args for " + fn + ": want " + n + " got " + a.size());
        }
    }

    private static GoTime timeArg(Object v) {
        if (v instanceof GoTime t) {
            return t;
        }
        if (v instanceof Long l) {
            return new GoTime(l * 1_000_000_000L, GoTime.LOCAL);
        }
        if (v instanceof Double d) {
            return new GoTime((long) (d * 1e9), GoTime.LOCAL);
        }
        return new GoTime(0, GoTime.LOCAL);
    }

    private static BigDecimal dec(Object v) {
        double d = toFloat64(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return BigDecimal.ZERO;
        }
        return new BigDecimal(Double.toString(d));
    }

    // ------------------------------------------------------------------ dispatch

    static Object call(String fn, List<Object> a, GoTemplate.Ctx ctx) {
        switch (fn) {
            case "__line__":
                return ctx.line();
            case "__timestamp__":
                return new GoTime(ctx.ts(), GoTime.LOCAL);
            case "now":
                return new GoTime(System.currentTimeMillis() * 1_000_000L, GoTime.LOCAL);
            // ---- go builtins
            case "and": {
                Object last = null;
                for (Object o : a) {
                    last = o;
                    if (!truth(o)) {
                        return o;
                    }
                }
                return last;
            }
            case "or": {
                Object last = null;
                for (Object o : a) {
                    last = o;
                    if (truth(o)) {
                        return o;
                    }
                }
                return last;
            }
            case "not":
                arity(fn, a, 1);
                return !truth(a.get(0));
            case "len": {
                arity(fn, a, 1);
                Object o = a.get(0);
                if (o instanceof String s) {
                    return (long) s.getBytes(StandardCharsets.UTF_8).length;
                }
                if (o instanceof List<?> l) {
                    return (long) l.size();
                }
                if (o instanceof Map<?, ?> m) {
                    return (long) m.size();
                }
                throw new FnError(" error calling len: len of type " + goType(o));
            }
            case "index": {
                Object cur = a.get(0);
                for (int i = 1; i < a.size(); i++) {
                    if (cur instanceof Map<?, ?> m) {
                        Object v = m.get(str(a.get(i)));
                        cur = v == null ? "" : v;
                    } else if (cur instanceof List<?> l) {
                        cur = l.get((int) toInt64(a.get(i)));
                    } else {
                        throw new FnError(" error calling index: can't index item of type " + goType(cur));
                    }
                }
                return cur;
            }
            case "print": {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0 && !(a.get(i) instanceof String) && !(a.get(i - 1) instanceof String)) {
                        sb.append(' ');
                    }
                    sb.append(print(a.get(i)));
                }
                return sb.toString();
            }
            case "println": {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < a.size(); i++) {
                    sb.append(i > 0 ? " " : "").append(print(a.get(i)));
                }
                return sb.append('\n').toString();
            }
            case "printf":
                return GoPrintf.sprintf(strArg(a.get(0), fn), a.subList(1, a.size()));
            case "eq": {
                Object x = a.get(0);
                for (int i = 1; i < a.size(); i++) {
                    if (compare(x, a.get(i), fn) == 0) {
                        return true;
                    }
                }
                return false;
            }
            case "ne":
                return compare(a.get(0), a.get(1), fn) != 0;
            case "lt":
                return compare(a.get(0), a.get(1), fn) < 0;
            case "le":
                return compare(a.get(0), a.get(1), fn) <= 0;
            case "gt":
                return compare(a.get(0), a.get(1), fn) > 0;
            case "ge":
                return compare(a.get(0), a.get(1), fn) >= 0;
            case "html":
                return str(a.get(0)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        .replace("\"", "&#34;").replace("'", "&#39;");
            case "js":
                return str(a.get(0)).replace("\\", "\\\\").replace("'", "\\'").replace("\"", "\\\"");
            case "urlquery":
                return URLEncoder.encode(str(a.get(0)), StandardCharsets.UTF_8);
            case "slice": {
                String s = str(a.get(0));
                int from = a.size() > 1 ? (int) toInt64(a.get(1)) : 0;
                int to = a.size() > 2 ? (int) toInt64(a.get(2)) : s.length();
                return s.substring(from, to);
            }
            // ---- loki
            case "ToLower", "lower":
                return strArg(a.get(a.size() - 1), fn).toLowerCase(Locale.ROOT);
            case "ToUpper", "upper":
                return strArg(a.get(a.size() - 1), fn).toUpperCase(Locale.ROOT);
            case "Replace": {
                arity(fn, a, 4);
                return goReplace(strArg(a.get(0), fn), strArg(a.get(1), fn), strArg(a.get(2), fn), intArg(a.get(3), fn));
            }
            case "Trim":
                return trimCutset(strArg(a.get(0), fn), strArg(a.get(1), fn), true, true);
            case "TrimLeft":
                return trimCutset(strArg(a.get(0), fn), strArg(a.get(1), fn), true, false);
            case "TrimRight":
                return trimCutset(strArg(a.get(0), fn), strArg(a.get(1), fn), false, true);
            case "TrimPrefix": {
                String s = strArg(a.get(0), fn);
                String p = strArg(a.get(1), fn);
                return s.startsWith(p) ? s.substring(p.length()) : s;
            }
            case "TrimSuffix": {
                String s = strArg(a.get(0), fn);
                String p = strArg(a.get(1), fn);
                return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
            }
            case "TrimSpace", "trim":
                return str(a.get(0)).strip();
            case "regexReplaceAll", "regexReplaceAllLiteral": {
                arity(fn, a, 3);
                Pattern p;
                try {
                    p = Pattern.compile(str(a.get(0)));
                } catch (RuntimeException e) {
                    throw new FnError(" error calling " + fn + ": " + e.getMessage());
                }
                String s = str(a.get(1));
                String repl = str(a.get(2));
                if (fn.equals("regexReplaceAllLiteral")) {
                    return p.matcher(s).replaceAll(com.google.re2j.Matcher.quoteReplacement(repl));
                }
                return p.matcher(s).replaceAll(goExpandToJava(repl));
            }
            case "count": {
                Pattern p = Pattern.compile(str(a.get(0)));
                com.google.re2j.Matcher m = p.matcher(str(a.get(1)));
                long n = 0;
                while (m.find()) {
                    n++;
                }
                return n;
            }
            case "urldecode":
                try {
                    return URLDecoder.decode(str(a.get(0)), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new FnError(" error calling urldecode: " + e.getMessage());
                }
            case "urlencode":
                return URLEncoder.encode(str(a.get(0)), StandardCharsets.UTF_8);
            case "bytes": {
                try {
                    long b = ByteSizes.parse(str(a.get(0)));
                    return b >= 0 ? (double) b : (double) (b >>> 1) * 2.0;
                } catch (IllegalArgumentException e) {
                    throw new FnError(" error calling bytes: " + e.getMessage());
                }
            }
            case "duration", "duration_seconds": {
                try {
                    return Durations.parseGo(str(a.get(0))) / 1e9;
                } catch (IllegalArgumentException e) {
                    throw new FnError(" error calling " + fn + ": " + e.getMessage());
                }
            }
            case "unixEpoch":
                return Long.toString(timeArg(a.get(0)).unixSeconds());
            case "unixEpochMillis":
                return Long.toString(Math.floorDiv(timeArg(a.get(0)).epochNanos(), 1_000_000L));
            case "unixEpochNanos":
                return Long.toString(timeArg(a.get(0)).epochNanos());
            case "unixToTime": {
                String e = str(a.get(0));
                long i;
                try {
                    i = Long.parseLong(e);
                } catch (NumberFormatException ex) {
                    throw new FnError(" error calling unixToTime: unable to parse time '" + e + "': strconv.ParseInt: parsing "
                            + GoText.quote(e) + ": invalid syntax");
                }
                long nanos = switch (e.length()) {
                    case 5 -> i * 86400L * 1_000_000_000L;
                    case 10 -> i * 1_000_000_000L;
                    case 13 -> i * 1_000_000L;
                    case 16 -> i * 1_000L;
                    case 19 -> i;
                    default -> throw new FnError(" error calling unixToTime: unable to parse time '" + e
                            + "': unsupported length " + e.length());
                };
                return new GoTime(nanos, GoTime.LOCAL);
            }
            case "toDateInZone": {
                ZoneId z;
                try {
                    z = ZoneId.of(str(a.get(1)));
                } catch (RuntimeException e) {
                    z = GoTime.LOCAL;
                }
                try {
                    return GoTime.parse(str(a.get(0)), str(a.get(2)), z);
                } catch (RuntimeException e) {
                    return new GoTime(-62135596800L * 1_000_000_000L, z);
                }
            }
            case "toDate":
                try {
                    return GoTime.parse(str(a.get(0)), str(a.get(1)), GoTime.LOCAL);
                } catch (RuntimeException e) {
                    return new GoTime(-62135596800L * 1_000_000_000L, GoTime.LOCAL);
                }
            case "date":
                return timeArg(a.get(1)).format(str(a.get(0)));
            case "alignLeft", "alignRight": {
                long count = intArg(a.get(0), fn);
                String s = strArg(a.get(1), fn);
                int[] cps = s.codePoints().toArray();
                if (count < 0 || count == cps.length) {
                    return s;
                }
                int pad = (int) count - cps.length;
                if (pad > 0) {
                    return fn.equals("alignLeft") ? s + " ".repeat(pad) : " ".repeat(pad) + s;
                }
                return fn.equals("alignLeft") ? new String(cps, 0, (int) count)
                        : new String(cps, cps.length - (int) count, (int) count);
            }
            // ---- sprig
            case "title": {
                String s = str(a.get(0));
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
            case "trunc": {
                long c = toInt64(a.get(0));
                String s = str(a.get(1));
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                if (c < 0 && b.length + c > 0) {
                    return new String(b, (int) (b.length + c), (int) -c, StandardCharsets.UTF_8);
                }
                if (c >= 0 && b.length > c) {
                    return new String(b, 0, (int) c, StandardCharsets.UTF_8);
                }
                return s;
            }
            case "substr": {
                long start = toInt64(a.get(0));
                long end = toInt64(a.get(1));
                byte[] b = str(a.get(2)).getBytes(StandardCharsets.UTF_8);
                if (start < 0) {
                    return new String(b, 0, (int) Math.min(end, b.length), StandardCharsets.UTF_8);
                }
                if (end < 0 || end > b.length) {
                    return start > b.length ? "" : new String(b, (int) start, (int) (b.length - start), StandardCharsets.UTF_8);
                }
                if (start > end) {
                    return "";
                }
                return new String(b, (int) start, (int) (end - start), StandardCharsets.UTF_8);
            }
            case "contains":
                return str(a.get(1)).contains(str(a.get(0)));
            case "hasPrefix":
                return str(a.get(1)).startsWith(str(a.get(0)));
            case "hasSuffix":
                return str(a.get(1)).endsWith(str(a.get(0)));
            case "indent", "nindent": {
                String pad = " ".repeat((int) Math.max(0, toInt64(a.get(0))));
                String r = pad + str(a.get(1)).replace("\n", "\n" + pad);
                return fn.equals("nindent") ? "\n" + r : r;
            }
            case "replace":
                return str(a.get(2)).replace(str(a.get(0)), str(a.get(1)));
            case "repeat":
                return str(a.get(1)).repeat((int) Math.max(0, toInt64(a.get(0))));
            case "trimAll":
                return trimCutset(str(a.get(1)), str(a.get(0)), true, true);
            case "trimSuffix": {
                String s = str(a.get(1));
                String p = str(a.get(0));
                return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
            }
            case "trimPrefix": {
                String s = str(a.get(1));
                String p = str(a.get(0));
                return s.startsWith(p) ? s.substring(p.length()) : s;
            }
            case "int":
                return toInt64(a.get(0));
            case "float64":
                return toFloat64(a.get(0));
            case "add": {
                long s = 0;
                for (Object o : a) {
                    s += toInt64(o);
                }
                return s;
            }
            case "sub":
                return toInt64(a.get(0)) - toInt64(a.get(1));
            case "mul": {
                long s = toInt64(a.get(0));
                for (int i = 1; i < a.size(); i++) {
                    s *= toInt64(a.get(i));
                }
                return s;
            }
            case "div": {
                long d = toInt64(a.get(1));
                if (d == 0) {
                    throw new FnError(" error calling div: runtime error: integer divide by zero");
                }
                return toInt64(a.get(0)) / d;
            }
            case "mod": {
                long d = toInt64(a.get(1));
                if (d == 0) {
                    throw new FnError(" error calling mod: runtime error: integer divide by zero");
                }
                return toInt64(a.get(0)) % d;
            }
            case "addf": {
                BigDecimal s = BigDecimal.ZERO;
                for (Object o : a) {
                    s = s.add(dec(o));
                }
                return s.doubleValue();
            }
            case "subf": {
                BigDecimal s = dec(a.get(0));
                for (int i = 1; i < a.size(); i++) {
                    s = s.subtract(dec(a.get(i)));
                }
                return s.doubleValue();
            }
            case "mulf": {
                BigDecimal s = dec(a.get(0));
                for (int i = 1; i < a.size(); i++) {
                    s = s.multiply(dec(a.get(i)));
                }
                return s.doubleValue();
            }
            case "divf": {
                BigDecimal s = dec(a.get(0));
                for (int i = 1; i < a.size(); i++) {
                    BigDecimal d = dec(a.get(i));
                    if (d.signum() == 0) {
                        throw new FnError(" error calling divf: decimal division by 0");
                    }
                    s = s.divide(d, 16, RoundingMode.HALF_EVEN);
                }
                return s.doubleValue();
            }
            case "max", "min": {
                long r = toInt64(a.get(0));
                for (int i = 1; i < a.size(); i++) {
                    long x = toInt64(a.get(i));
                    r = fn.equals("max") ? Math.max(r, x) : Math.min(r, x);
                }
                return r;
            }
            case "maxf", "minf": {
                double r = toFloat64(a.get(0));
                for (int i = 1; i < a.size(); i++) {
                    double x = toFloat64(a.get(i));
                    r = fn.equals("maxf") ? Math.max(r, x) : Math.min(r, x);
                }
                return r;
            }
            case "ceil":
                return Math.ceil(toFloat64(a.get(0)));
            case "floor":
                return Math.floor(toFloat64(a.get(0)));
            case "round": {
                double roundOn = a.size() > 2 ? toFloat64(a.get(2)) : 0.5;
                double val = toFloat64(a.get(0));
                double pow = Math.pow(10, toFloat64(a.get(1)));
                double digit = pow * val;
                double frac = digit - (digit < 0 ? Math.ceil(digit) : Math.floor(digit));
                double r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
                return r / pow;
            }
            case "default": {
                Object given = a.size() > 1 ? a.get(1) : null;
                return truth(given) ? given : a.get(0);
            }
            case "b64enc":
                return Base64.getEncoder().encodeToString(str(a.get(0)).getBytes(StandardCharsets.UTF_8));
            case "b64dec":
                try {
                    return new String(Base64.getDecoder().decode(str(a.get(0))), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            case "fromJson":
                return Map.of();
            default:
                throw new FnError(" function \"" + fn + "\" not defined");
        }
    }

    private static int compare(Object x, Object y, String fn) {
        if (x instanceof String a && y instanceof String b) {
            return a.compareTo(b);
        }
        if ((x instanceof Long || x instanceof Double) && (y instanceof Long || y instanceof Double)) {
            if (x instanceof Long a && y instanceof Long b) {
                return Long.compare(a, b);
            }
            return Double.compare(toFloat64(x), toFloat64(y));
        }
        if (x instanceof Boolean a && y instanceof Boolean b && (fn.equals("eq") || fn.equals("ne"))) {
            return a.equals(b) ? 0 : 1;
        }
        if (x == null || y == null) {
            return x == y ? 0 : 1;
        }
        throw new FnError(" error calling " + fn + ": incompatible types for comparison");
    }

    private static String goReplace(String s, String old, String neu, long n) {
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

    private static String trimCutset(String s, String cutset, boolean left, boolean right) {
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

    /** Go's {@code $1}, {@code ${1}}, {@code $name} expansion to RE2J's replacement syntax. */
    private static String goExpandToJava(String repl) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < repl.length(); i++) {
            char c = repl.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '$') {
                if (i + 1 < repl.length() && repl.charAt(i + 1) == '$') {
                    sb.append("\\$");
                    i++;
                } else if (i + 1 < repl.length() && repl.charAt(i + 1) == '{') {
                    int close = repl.indexOf('}', i);
                    if (close < 0) {
                        sb.append("\\$");
                        continue;
                    }
                    String name = repl.substring(i + 2, close);
                    sb.append(name.chars().allMatch(Character::isDigit) ? "$" + name : "${" + name + "}");
                    i = close;
                } else {
                    int j = i + 1;
                    while (j < repl.length() && (Character.isLetterOrDigit(repl.charAt(j)) || repl.charAt(j) == '_')) {
                        j++;
                    }
                    String name = repl.substring(i + 1, j);
                    if (name.isEmpty()) {
                        sb.append("\\$");
                    } else if (name.chars().allMatch(Character::isDigit)) {
                        sb.append("${").append(name).append('}').setLength(sb.length() - name.length() - 3);
                        sb.append('$').append(name);
                    } else {
                        sb.append("${").append(name).append('}');
                    }
                    i = j - 1;
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @SuppressWarnings("unused")
    private static final MathContext UNUSED = MathContext.DECIMAL64;
}
