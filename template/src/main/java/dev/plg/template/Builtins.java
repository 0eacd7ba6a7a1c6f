package dev.plg.template;

import static dev.plg.template.Functions.Type.ANY;
import static dev.plg.template.Functions.Type.STRING;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Go's predefined template functions ({@code text/template/funcs.go}). */
final class Builtins {
    private Builtins() {
    }

    private static final Functions FUNCS = Functions.builder()
            .addVariadic("and", (env, a) -> andOr(a, false), ANY, ANY)
            .addVariadic("or", (env, a) -> andOr(a, true), ANY, ANY)
            .add("not", (env, a) -> !Values.truth(a[0]), ANY)
            .add("len", (env, a) -> len(a[0]), ANY)
            .addVariadic("index", (env, a) -> index(a[0], Arrays.copyOfRange(a, 1, a.length), null), ANY, ANY)
            .addVariadic("slice", (env, a) -> slice(a[0], Arrays.copyOfRange(a, 1, a.length)), ANY, ANY)
            .addVariadic("print", (env, a) -> GoFmt.sprint(a), ANY)
            .addVariadic("printf", (env, a) -> GoFmt.sprintf((String) a[0], Arrays.copyOfRange(a, 1, a.length)), STRING, ANY)
            .addVariadic("println", (env, a) -> GoFmt.sprintln(a), ANY)
            .addVariadic("html", (env, a) -> html(evalArgs(a)), ANY)
            .addVariadic("js", (env, a) -> js(evalArgs(a)), ANY)
            .addVariadic("urlquery", (env, a) -> Builtins.queryEscape(evalArgs(a)), ANY)
            .addVariadic("eq", (env, a) -> Values.eq(a, 1), ANY, ANY)
            .add("ne", (env, a) -> !Values.eq(a, 1), ANY, ANY)
            .add("lt", (env, a) -> Values.lt(a[0], a[1]), ANY, ANY)
            .add("le", (env, a) -> Values.le(a[0], a[1]), ANY, ANY)
            .add("gt", (env, a) -> !Values.le(a[0], a[1]), ANY, ANY)
            .add("ge", (env, a) -> !Values.lt(a[0], a[1]), ANY, ANY)
            .build();

    static Functions.Def get(String name) {
        return FUNCS.lookupOwn(name);
    }

    private static Object andOr(Object[] a, boolean or) {
        Object v = null;
        for (Object o : a) {
            v = o;
            if (Values.truth(o) == or) {
                return o;
            }
        }
        return v;
    }

    private static long len(Object o) {
        return switch (o) {
            case null -> throw new FunctionException("len of nil pointer");
            case String s -> s.getBytes(StandardCharsets.UTF_8).length;
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            case Object[] arr -> arr.length;
            default -> throw new FunctionException("len of type " + GoFmt.typeName(o));
        };
    }

    private static int indexArg(Object index, int cap) {
        if (index == null) {
            throw new FunctionException("cannot index slice/array with nil");
        }
        if (!Values.isInt(index)) {
            throw new FunctionException("cannot index slice/array with type " + GoFmt.typeName(index));
        }
        long x = ((Number) index).longValue();
        if (x < 0 || x > cap) {
            throw new FunctionException("index out of range: " + x);
        }
        return (int) x;
    }

    static final Functions.Def INDEX = FUNCS.lookupOwn("index");
    static final Functions.Def AND = FUNCS.lookupOwn("and");
    static final Functions.Def OR = FUNCS.lookupOwn("or");

    /** Go's {@code index}; {@code mapZero} is what a missing map entry reads as (the map's element zero value). */
    static Object index(Object item, Object[] indexes, Object mapZero) {
        if (item == null) {
            throw new FunctionException("index of untyped nil");
        }
        for (Object index : indexes) {
            switch (item) {
                case null -> throw new FunctionException("index of nil pointer");
                case List<?> l -> {
                    int x = indexArg(index, l.size());
                    if (x >= l.size()) {
                        throw new FunctionException("index out of range: " + x);
                    }
                    item = l.get(x);
                }
                case Object[] arr -> {
                    int x = indexArg(index, arr.length);
                    if (x >= arr.length) {
                        throw new FunctionException("index out of range: " + x);
                    }
                    item = arr[x];
                }
                case String s -> {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    int x = indexArg(index, b.length);
                    if (x >= b.length) {
                        throw new FunctionException("index out of range: " + x);
                    }
                    item = (long) (b[x] & 0xff);
                }
                case Map<?, ?> m -> {
                    if (index != null && !(index instanceof String) && !m.isEmpty()
                            && m.keySet().iterator().next() instanceof String) {
                        throw new FunctionException("value has type " + GoFmt.typeName(index) + "; should be string");
                    }
                    Object v = m.get(index);
                    item = v != null || m.containsKey(index) ? v : mapZero;
                }
                default -> throw new FunctionException("can't index item of type " + GoFmt.typeName(item));
            }
        }
        return item;
    }

    private static Object slice(Object item, Object[] indexes) {
        if (item == null) {
            throw new FunctionException("slice of untyped nil");
        }
        if (indexes.length > 3) {
            throw new FunctionException("too many slice indexes: " + indexes.length);
        }
        int len;
        byte[] bytes = null;
        switch (item) {
            case String s -> {
                if (indexes.length == 3) {
                    throw new FunctionException("cannot 3-index slice a string");
                }
                bytes = s.getBytes(StandardCharsets.UTF_8);
                len = bytes.length;
            }
            case List<?> l -> len = l.size();
            default -> throw new FunctionException("can't slice item of type " + GoFmt.typeName(item));
        }
        int[] idx = {0, len, len};
        for (int i = 0; i < indexes.length; i++) {
            idx[i] = indexArg(indexes[i], len);
        }
        if (idx[0] > idx[1]) {
            throw new FunctionException("invalid slice index: " + idx[0] + " > " + idx[1]);
        }
        if (indexes.length == 3 && idx[1] > idx[2]) {
            throw new FunctionException("invalid slice index: " + idx[1] + " > " + idx[2]);
        }
        if (bytes != null) {
            return new String(bytes, idx[0], idx[1] - idx[0], StandardCharsets.UTF_8);
        }
        return List.copyOf(((List<?>) item).subList(idx[0], idx[1]));
    }

    /** Go's {@code evalArgs}: a lone string as is, else {@code fmt.Sprint} with nil printed as {@code <no value>}. */
    private static String evalArgs(Object[] a) {
        if (a.length == 1 && a[0] instanceof String s) {
            return s;
        }
        Object[] p = a.clone();
        for (int i = 0; i < p.length; i++) {
            if (p[i] == null) {
                p[i] = "<no value>";
            }
        }
        return GoFmt.sprint(p);
    }

    /** Go's {@code template.HTMLEscapeString}. */
    static String html(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '"' -> "&#34;";
                case '\'' -> "&#39;";
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case 0 -> "\uFFFD";
                default -> null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Go's {@code template.JSEscapeString}. */
    static String js(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '<' -> sb.append("\\u003C");
                case '>' -> sb.append("\\u003E");
                case '&' -> sb.append("\\u0026");
                case '=' -> sb.append("\\u003D");
                default -> {
                    if (cp < ' ') {
                        sb.append(String.format("\\u%04X", cp));
                    } else if (cp < 0x80 || GoFmt.isPrint(cp)) {
                        sb.appendCodePoint(cp);
                    } else {
                        sb.append(String.format("\\u%04X", cp));
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Go's {@code url.QueryEscape}: space becomes {@code +}, only {@code A-Za-z0-9-_.~} stay. */
    static String queryEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
            }
        }
        return sb.toString();
    }
}
