package dev.plg.agent.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Alloy's standard library: {@code sys.env}, {@code constants.*}, {@code coalesce}, {@code array.concat},
 * {@code encoding.*}, {@code string.*}, {@code file.path_join}, {@code convert.nonsensitive} and the
 * deprecated bare aliases ({@code env}, {@code concat}, {@code json_decode}, {@code format}, ...).
 */
public final class Stdlib {
    private Stdlib() {
    }

    /** Agent version reported by {@code constants.version}. */
    public static final String VERSION = "v1.13.2-plg";
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Map<String, Value> ROOT = build();

    private static Map<String, Value> build() {
        Map<String, Value> sys = Map.of("env", fn("sys.env", Stdlib::env));
        Map<String, Value> constants = new LinkedHashMap<>();
        constants.put("hostname", Value.of(hostname()));
        constants.put("os", Value.of(goos()));
        constants.put("arch", Value.of(goarch()));
        constants.put("version", Value.of(VERSION));

        Map<String, Value> string = new LinkedHashMap<>();
        string.put("format", fn("string.format", Stdlib::format));
        string.put("join", fn("string.join", Stdlib::join));
        string.put("split", fn("string.split", a -> {
            arity(a, 2);
            List<Value> out = new ArrayList<>();
            String s = str(a, 0);
            String sep = str(a, 1);
            if (sep.isEmpty()) {
                s.codePoints().forEach(c -> out.add(Value.of(new String(Character.toChars(c)))));
            } else {
                int from = 0;
                while (true) {
                    int k = s.indexOf(sep, from);
                    if (k < 0) {
                        out.add(Value.of(s.substring(from)));
                        break;
                    }
                    out.add(Value.of(s.substring(from, k)));
                    from = k + sep.length();
                }
            }
            return new Value.Array(out);
        }));
        string.put("replace", fn("string.replace", a -> {
            arity(a, 3);
            return Value.of(str(a, 0).replace(str(a, 1), str(a, 2)));
        }));
        string.put("to_lower", fn("string.to_lower", a -> Value.of(str1(a).toLowerCase(Locale.ROOT))));
        string.put("to_upper", fn("string.to_upper", a -> Value.of(str1(a).toUpperCase(Locale.ROOT))));
        string.put("trim", fn("string.trim", a -> {
            arity(a, 2);
            return Value.of(trim(str(a, 0), str(a, 1), true, true));
        }));
        string.put("trim_prefix", fn("string.trim_prefix", a -> {
            arity(a, 2);
            String s = str(a, 0);
            String p = str(a, 1);
            return Value.of(s.startsWith(p) ? s.substring(p.length()) : s);
        }));
        string.put("trim_suffix", fn("string.trim_suffix", a -> {
            arity(a, 2);
            String s = str(a, 0);
            String p = str(a, 1);
            return Value.of(s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
        }));
        string.put("trim_space", fn("string.trim_space", a -> Value.of(str1(a).strip())));

        Map<String, Value> array = new LinkedHashMap<>();
        array.put("concat", fn("array.concat", Stdlib::concat));
        array.put("combine_maps", fn("array.combine_maps", a -> {
            throw new EvalException("array.combine_maps is experimental and not available at stability level generally-available");
        }));
        array.put("group_by", fn("array.group_by", a -> {
            throw new EvalException("array.group_by is experimental and not available at stability level generally-available");
        }));

        Map<String, Value> encoding = new LinkedHashMap<>();
        encoding.put("from_json", fn("encoding.from_json", Stdlib::fromJson));
        encoding.put("to_json", fn("encoding.to_json", Stdlib::toJson));
        encoding.put("from_yaml", fn("encoding.from_yaml", a -> {
            throw new EvalException("encoding.from_yaml is not supported by this agent");
        }));
        encoding.put("from_base64", fn("encoding.from_base64",
                a -> Value.of(new String(Base64.getDecoder().decode(str1(a)), StandardCharsets.UTF_8))));
        encoding.put("to_base64", fn("encoding.to_base64",
                a -> Value.of(Base64.getEncoder().encodeToString(str1(a).getBytes(StandardCharsets.UTF_8)))));
        encoding.put("from_URLbase64", fn("encoding.from_URLbase64",
                a -> Value.of(new String(Base64.getUrlDecoder().decode(str1(a)), StandardCharsets.UTF_8))));
        encoding.put("to_URLbase64", fn("encoding.to_URLbase64",
                a -> Value.of(Base64.getUrlEncoder().encodeToString(str1(a).getBytes(StandardCharsets.UTF_8)))));
        encoding.put("url_encode", fn("encoding.url_encode", a -> Value.of(URLEncoder.encode(str1(a), StandardCharsets.UTF_8))));
        encoding.put("url_decode", fn("encoding.url_decode", a -> Value.of(URLDecoder.decode(str1(a), StandardCharsets.UTF_8))));

        Map<String, Value> file = Map.of("path_join", fn("file.path_join", a -> {
            if (a.isEmpty()) {
                return Value.of("");
            }
            Path p = Path.of(str(a, 0));
            for (int i = 1; i < a.size(); i++) {
                p = p.resolve(str(a, i));
            }
            return Value.of(p.normalize().toString());
        }));
        Value nonsensitive = fn("convert.nonsensitive", a -> {
            arity(a, 1);
            if (a.getFirst() instanceof Value.Capsule c && c.value() instanceof Secret s) {
                return Value.of(s.value());
            }
            if (a.getFirst() instanceof Value.Str s) {
                return s;
            }
            throw new EvalException("expected secret, got " + a.getFirst().typeName());
        });

        Map<String, Value> root = new LinkedHashMap<>();
        root.put("sys", new Value.Obj(sys));
        root.put("constants", new Value.Obj(constants));
        root.put("string", new Value.Obj(string));
        root.put("array", new Value.Obj(array));
        root.put("encoding", new Value.Obj(encoding));
        root.put("file", new Value.Obj(file));
        root.put("convert", new Value.Obj(Map.of("nonsensitive", nonsensitive)));
        root.put("coalesce", fn("coalesce", Stdlib::coalesce));
        root.put("json_path", fn("json_path", a -> {
            throw new EvalException("json_path is not supported by this agent");
        }));
        // Deprecated aliases, still accepted by Alloy.
        root.put("env", fn("env", Stdlib::env));
        root.put("concat", fn("concat", Stdlib::concat));
        root.put("json_decode", fn("json_decode", Stdlib::fromJson));
        root.put("yaml_decode", encoding.get("from_yaml"));
        root.put("base64_decode", encoding.get("from_base64"));
        root.put("nonsensitive", nonsensitive);
        root.put("format", string.get("format"));
        root.put("join", string.get("join"));
        root.put("split", string.get("split"));
        root.put("replace", string.get("replace"));
        root.put("to_lower", string.get("to_lower"));
        root.put("to_upper", string.get("to_upper"));
        root.put("trim", string.get("trim"));
        root.put("trim_prefix", string.get("trim_prefix"));
        root.put("trim_suffix", string.get("trim_suffix"));
        root.put("trim_space", string.get("trim_space"));
        return Map.copyOf(root);
    }

    /** A secret string: may be assigned where a secret is expected, not where a string is. */
    public record Secret(String value) {
        @Override
        public String toString() {
            return "(secret)";
        }
    }

    private static Value fn(String name, Value.Function f) {
        return new Value.Func(name, f);
    }

    private static void arity(List<Value> a, int n) {
        if (a.size() != n) {
            throw new EvalException("expected " + n + " arguments, got " + a.size());
        }
    }

    private static String str(List<Value> a, int i) {
        Value v = a.get(i);
        if (v instanceof Value.Str s) {
            return s.value();
        }
        if (v instanceof Value.Num n) {
            return n.text();
        }
        throw new EvalException("expected string, got " + v.typeName());
    }

    private static String str1(List<Value> a) {
        arity(a, 1);
        return str(a, 0);
    }

    private static Value env(List<Value> a) {
        String v = System.getenv(str1(a));
        return Value.of(v == null ? "" : v);
    }

    private static String hostname() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isEmpty()) {
            return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    private static String goos() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return "darwin";
        }
        if (os.contains("win")) {
            return "windows";
        }
        return os.contains("linux") ? "linux" : os;
    }

    private static String goarch() {
        String a = System.getProperty("os.arch", "");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    private static boolean isZero(Value v) {
        return switch (v) {
            case Value.Null ignored -> true;
            case Value.Str s -> s.value().isEmpty();
            case Value.Array a -> a.elements().isEmpty();
            case Value.Obj o -> o.fields().isEmpty();
            case Value.Bool b -> !b.value();
            case Value.Num n -> n.doubleValue() == 0;
            case Value.Func ignored -> false;
            case Value.Capsule ignored -> false;
        };
    }

    private static Value coalesce(List<Value> a) {
        if (a.isEmpty()) {
            return Value.NULL;
        }
        for (Value v : a) {
            if (!isZero(v)) {
                return v;
            }
        }
        return a.getLast();
    }

    private static Value concat(List<Value> a) {
        List<Value> out = new ArrayList<>();
        for (Value v : a) {
            if (!(v instanceof Value.Array arr)) {
                throw new EvalException("expected array, got " + v.typeName());
            }
            out.addAll(arr.elements());
        }
        return new Value.Array(out);
    }

    private static Value join(List<Value> a) {
        arity(a, 2);
        if (!(a.get(0) instanceof Value.Array arr)) {
            throw new EvalException("expected array, got " + a.get(0).typeName());
        }
        List<String> parts = new ArrayList<>();
        for (Value v : arr.elements()) {
            parts.add(str(List.of(v), 0));
        }
        return Value.of(String.join(str(a, 1), parts));
    }

    private static String trim(String s, String cutset, boolean left, boolean right) {
        int b = 0;
        int e = s.length();
        while (left && b < e && cutset.indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (right && e > b && cutset.indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }

    private static Value fromJson(List<Value> a) {
        try {
            return fromJsonNode(JSON.readTree(str1(a)));
        } catch (EvalException e) {
            throw e;
        } catch (Exception e) {
            throw new EvalException("invalid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public static Value fromJsonNode(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Value.NULL;
        }
        if (n.isTextual()) {
            return Value.of(n.textValue());
        }
        if (n.isBoolean()) {
            return Value.of(n.booleanValue());
        }
        if (n.isIntegralNumber()) {
            return Value.of(n.longValue());
        }
        if (n.isNumber()) {
            return Value.of(n.doubleValue());
        }
        if (n.isArray()) {
            List<Value> out = new ArrayList<>();
            for (JsonNode c : n) {
                out.add(fromJsonNode(c));
            }
            return new Value.Array(out);
        }
        Map<String, Value> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), fromJsonNode(e.getValue()));
        }
        return new Value.Obj(m);
    }

    private static Value toJson(List<Value> a) {
        arity(a, 1);
        if (!(a.getFirst() instanceof Value.Obj)) {
            throw new EvalException("expected object, got " + a.getFirst().typeName());
        }
        return Value.of(toJsonNode(a.getFirst()).toString());
    }

    private static JsonNode toJsonNode(Value v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (v) {
            case Value.Null ignored -> f.nullNode();
            case Value.Bool b -> f.booleanNode(b.value());
            case Value.Num n -> n.integral() ? f.numberNode(n.longValue()) : f.numberNode(n.doubleValue());
            case Value.Str s -> f.textNode(s.value());
            case Value.Array arr -> {
                ArrayNode an = f.arrayNode();
                arr.elements().forEach(e -> an.add(toJsonNode(e)));
                yield an;
            }
            case Value.Obj o -> {
                ObjectNode on = f.objectNode();
                o.fields().forEach((k, e) -> on.set(k, toJsonNode(e)));
                yield on;
            }
            case Value.Func fn -> f.textNode("function");
            case Value.Capsule c -> f.textNode(c.value().toString());
        };
    }

    /** Go {@code fmt.Sprintf} for the verbs configs use: {@code %s %d %v %q %f %x %t %%}. */
    static Value format(List<Value> a) {
        if (a.isEmpty()) {
            throw new EvalException("format requires at least 1 argument");
        }
        String fmt = str(a, 0);
        StringBuilder sb = new StringBuilder();
        int arg = 1;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            int j = i + 1;
            while (j < fmt.length() && "+-# 0123456789.".indexOf(fmt.charAt(j)) >= 0) {
                j++;
            }
            if (j >= fmt.length()) {
                sb.append("%!(NOVERB)");
                break;
            }
            char verb = fmt.charAt(j);
            String flags = fmt.substring(i + 1, j);
            i = j;
            if (verb == '%') {
                sb.append('%');
                continue;
            }
            if (arg >= a.size()) {
                sb.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Value v = a.get(arg++);
            sb.append(switch (verb) {
                case 'd' -> v instanceof Value.Num n ? Long.toString(n.integral() ? n.longValue() : (long) n.doubleValue())
                        : "%!d(" + v.typeName() + ")";
                case 'f' -> v instanceof Value.Num n ? String.format(Locale.ROOT, "%" + (flags.isEmpty() ? ".6" : flags) + "f", n.doubleValue())
                        : "%!f(" + v.typeName() + ")";
                case 'x' -> v instanceof Value.Num n ? Long.toHexString(n.longValue())
                        : java.util.HexFormat.of().formatHex(plain(v).getBytes(StandardCharsets.UTF_8));
                case 'q' -> "\"" + plain(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
                default -> plain(v);
            });
        }
        return Value.of(sb.toString());
    }

    static String plain(Value v) {
        return switch (v) {
            case Value.Str s -> s.value();
            case Value.Num n -> n.text();
            case Value.Bool b -> Boolean.toString(b.value());
            case Value.Null ignored -> "<nil>";
            default -> toJsonNode(v).toString();
        };
    }
}
