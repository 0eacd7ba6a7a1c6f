package dev.plg.agent.component.process;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stage.json}: extracts values from a JSON object line (or an extracted value) with a subset of
 * JMESPath (field names, quoted names, {@code a.b}, {@code a[0]}). When every expression is a
 * top-level field, a streaming parse reads only those fields (the seed's case); otherwise the
 * document is parsed into a tree once.
 */
final class JsonStage implements Stage {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** A compiled path: strings are field names, integers are array indexes. */
    record Path(String target, List<Object> steps) {
    }

    private final List<Path> paths;
    private final Map<String, List<String>> topLevel; // field → targets (fast path), or null
    private final java.util.regex.Pattern regex;
    private final String source;
    private final boolean dropMalformed;

    JsonStage(Map<String, String> expressions, String regex, String source, boolean dropMalformed) {
        if (expressions.isEmpty() && (regex == null || regex.isEmpty())) {
            throw new IllegalArgumentException("expressions or regex is required");
        }
        if (source != null && source.isEmpty()) {
            throw new IllegalArgumentException("empty source");
        }
        this.paths = new ArrayList<>();
        boolean allTop = true;
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            String expr = e.getValue().isEmpty() ? e.getKey() : e.getValue();
            Path p = new Path(e.getKey(), compile(expr));
            paths.add(p);
            allTop &= p.steps().size() == 1 && p.steps().getFirst() instanceof String;
        }
        if (allTop) {
            Map<String, List<String>> m = new HashMap<>();
            for (Path p : paths) {
                m.computeIfAbsent((String) p.steps().getFirst(), k -> new ArrayList<>()).add(p.target());
            }
            topLevel = m;
        } else {
            topLevel = null;
        }
        this.regex = regex == null || regex.isEmpty() ? null : java.util.regex.Pattern.compile(regex);
        this.source = source;
        this.dropMalformed = dropMalformed;
    }

    /** Compiles the supported JMESPath subset; anything else is a config error. */
    static List<Object> compile(String expr) {
        List<Object> steps = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        boolean expectName = true;
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"') {
                int end = expr.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("could not compile JMES expression \"" + expr + "\": unterminated quoted identifier");
                }
                steps.add(expr.substring(i + 1, end));
                i = end + 1;
                expectName = false;
            } else if (c == '[') {
                int end = expr.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("could not compile JMES expression \"" + expr + "\": unterminated index");
                }
                try {
                    steps.add(Integer.parseInt(expr.substring(i + 1, end).trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("could not compile JMES expression \"" + expr + "\": only numeric indexes are supported");
                }
                i = end + 1;
                expectName = false;
            } else if (c == '.') {
                if (expectName) {
                    throw new IllegalArgumentException("could not compile JMES expression \"" + expr + "\": unexpected '.'");
                }
                expectName = true;
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '@') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(expr.charAt(j)) || expr.charAt(j) == '_')) {
                    j++;
                }
                if (j == i) {
                    j++;
                }
                steps.add(expr.substring(i, j));
                i = j;
                expectName = false;
            } else {
                throw new IllegalArgumentException("could not compile JMES expression \"" + expr + "\": unsupported character '" + c + "'");
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("could not compile JMES expression \"" + expr + "\"");
        }
        return steps;
    }

    @Override
    public String apply(Work w) {
        String input;
        byte[] utf8 = null;
        if (source != null) {
            Object v = w.extracted().get(source);
            if (v == null) {
                return null;
            }
            input = Work.asString(v);
        } else {
            utf8 = w.lineUtf8();
            input = utf8 == null ? w.line() : null; // the byte scanner needs no String
        }
        boolean ok;
        try {
            ok = topLevel != null && regex == null ? streaming(input, utf8, w) : tree(input != null ? input : w.line(), w);
        } catch (IOException | RuntimeException e) {
            ok = false;
        }
        return !ok && dropMalformed ? "malformed_json" : null;
    }

    /** Wanted top-level names as UTF-8, for the byte scanner. */
    private byte[][] wantedNames;
    private List<String>[] wantedTargets;

    @SuppressWarnings("unchecked")
    private void prepareScanner() {
        if (wantedNames == null) {
            wantedNames = new byte[topLevel.size()][];
            wantedTargets = new List[topLevel.size()];
            int k = 0;
            for (Map.Entry<String, List<String>> e : topLevel.entrySet()) {
                wantedNames[k] = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                wantedTargets[k++] = e.getValue();
            }
        }
    }

    /**
     * Fast path for the seed's case: scans a UTF-8 JSON object for the wanted top-level fields whose
     * values are plain strings, numbers, booleans or null, without a parser object. Returns null
     * when anything unusual shows up (escapes in a wanted value, nested wanted values, odd syntax), and
     * the caller falls back to Jackson, so results are always Jackson's.
     */
    private Boolean scan(byte[] b, Work w) {
        prepareScanner();
        int n = b.length;
        int i = ws(b, 0);
        if (i >= n || b[i] != '{') {
            return null;
        }
        i = ws(b, i + 1);
        Object[] found = null;
        int foundCount = 0;
        if (i < n && b[i] == '}') {
            return finishScan(found, w);
        }
        while (i < n) {
            if (b[i] != '"') {
                return null;
            }
            int ks = i + 1;
            int ke = ks;
            while (ke < n && b[ke] != '"') {
                if (b[ke] == '\\') {
                    return null;
                }
                ke++;
            }
            if (ke >= n) {
                return null;
            }
            i = ws(b, ke + 1);
            if (i >= n || b[i] != ':') {
                return null;
            }
            i = ws(b, i + 1);
            if (i >= n) {
                return null;
            }
            int want = -1;
            for (int k = 0; k < wantedNames.length; k++) {
                byte[] name = wantedNames[k];
                if (name.length == ke - ks && java.util.Arrays.equals(b, ks, ke, name, 0, name.length)) {
                    want = k;
                    break;
                }
            }
            byte c = b[i];
            if (c == '"') {
                int vs = i + 1;
                int ve = vs;
                boolean escaped = false;
                while (ve < n && b[ve] != '"') {
                    if (b[ve] == '\\') {
                        escaped = true;
                        ve++;
                    }
                    ve++;
                }
                if (ve >= n) {
                    return null;
                }
                if (want >= 0) {
                    if (escaped) {
                        return null;
                    }
                    if (found == null) {
                        found = new Object[wantedNames.length];
                    }
                    if (found[want] == null) {
                        foundCount++;
                    }
                    found[want] = intern(b, vs, ve);
                }
                i = ve + 1;
            } else if (c == '{' || c == '[') {
                if (want >= 0) {
                    return null;
                }
                int depth = 0;
                while (i < n) {
                    byte d = b[i];
                    if (d == '"') {
                        i++;
                        while (i < n && b[i] != '"') {
                            if (b[i] == '\\') {
                                i++;
                            }
                            i++;
                        }
                    } else if (d == '{' || d == '[') {
                        depth++;
                    } else if (d == '}' || d == ']') {
                        depth--;
                        if (depth == 0) {
                            i++;
                            break;
                        }
                    }
                    i++;
                }
            } else {
                int vs = i;
                while (i < n && b[i] != ',' && b[i] != '}' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r') {
                    i++;
                }
                if (want >= 0) {
                    String lit = new String(b, vs, i - vs, java.nio.charset.StandardCharsets.US_ASCII);
                    Object v;
                    switch (lit) {
                        case "true" -> v = Boolean.TRUE;
                        case "false" -> v = Boolean.FALSE;
                        case "null" -> v = NULL_MARK;
                        default -> {
                            try {
                                v = Double.parseDouble(lit);
                            } catch (NumberFormatException e) {
                                return null;
                            }
                        }
                    }
                    if (found == null) {
                        found = new Object[wantedNames.length];
                    }
                    if (found[want] == null) {
                        foundCount++;
                    }
                    found[want] = v;
                }
            }
            if (foundCount == wantedNames.length) {
                return finishScan(found, w); // everything wanted was found (Jackson path does the same)
            }
            i = ws(b, i);
            if (i >= n) {
                return null;
            }
            if (b[i] == ',') {
                i = ws(b, i + 1);
                continue;
            }
            if (b[i] == '}') {
                return finishScan(found, w);
            }
            return null;
        }
        return null;
    }

    private static final Object NULL_MARK = new Object();

    /** Slots of the value cache: label-like values (levels, services) repeat from a small set. */
    private static final int INTERN_SLOTS = 512;
    /** Longer values (ids, messages) are rarely repeated: not worth a slot. */
    private static final int INTERN_MAX_BYTES = 48;
    private final byte[][] internKeys = new byte[INTERN_SLOTS][];
    private final String[] internValues = new String[INTERN_SLOTS];

    /**
     * The String of UTF-8 {@code b[from, to)}, shared with earlier equal values: no new String per line
     * for the seed's {@code level}/{@code service}, and its hash is computed once for the label cache.
     * Direct-mapped (a collision just replaces the slot). Called under the pipeline's lock.
     */
    private String intern(byte[] b, int from, int to) {
        int len = to - from;
        if (len > INTERN_MAX_BYTES) {
            return new String(b, from, len, java.nio.charset.StandardCharsets.UTF_8);
        }
        int h = len;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 15)) & (INTERN_SLOTS - 1);
        byte[] k = internKeys[slot];
        if (k != null && java.util.Arrays.equals(k, 0, k.length, b, from, to)) {
            return internValues[slot];
        }
        String v = new String(b, from, len, java.nio.charset.StandardCharsets.UTF_8);
        internKeys[slot] = java.util.Arrays.copyOfRange(b, from, to);
        internValues[slot] = v;
        return v;
    }

    private Boolean finishScan(Object[] found, Work w) {
        Map<String, Object> out = w.extracted();
        for (int k = 0; k < wantedNames.length; k++) {
            Object v = found == null ? null : found[k];
            for (String target : wantedTargets[k]) {
                if (v == null) {
                    out.putIfAbsent(target, null);
                } else {
                    out.put(target, v == NULL_MARK ? null : v);
                }
            }
        }
        return Boolean.TRUE;
    }

    private static int ws(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    private boolean streaming(String input, byte[] utf8, Work w) throws IOException {
        if (utf8 != null) {
            Boolean fast = scan(utf8, w);
            if (fast != null) {
                return fast;
            }
        }
        if (input == null) {
            input = w.line();
        }
        if (input.isEmpty() || input.charAt(0) != '{' && input.stripLeading().indexOf('{') != 0) {
            return false;
        }
        Map<String, Object> out = null;
        int found = 0;
        try (JsonParser p = utf8 != null ? FACTORY.createParser(utf8) : FACTORY.createParser(input)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken vt = p.nextToken();
                List<String> targets = topLevel.get(name);
                if (targets == null) {
                    p.skipChildren();
                    continue;
                }
                Object value = switch (vt) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> null;
                    default -> MAPPER.writeValueAsString(p.readValueAsTree());
                };
                if (out == null) {
                    out = w.extracted();
                }
                for (String target : targets) {
                    out.put(target, value);
                }
                found++;
                if (found == topLevel.size()) {
                    return true; // everything wanted was found; the rest is not validated (Loki-like leniency)
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return false;
            }
        }
        if (found < topLevel.size()) {
            Map<String, Object> m = w.extracted();
            for (Map.Entry<String, List<String>> e : topLevel.entrySet()) {
                for (String target : e.getValue()) {
                    m.putIfAbsent(target, null);
                }
            }
        }
        return true;
    }

    private boolean tree(String input, Work w) throws IOException {
        JsonNode root = MAPPER.readTree(input);
        if (root == null || !root.isObject()) {
            return false;
        }
        Map<String, Object> out = w.extracted();
        for (Path p : paths) {
            JsonNode cur = root;
            for (Object step : p.steps()) {
                if (cur == null) {
                    break;
                }
                cur = step instanceof Integer idx ? (cur.isArray() ? cur.get(idx < 0 ? cur.size() + idx : idx) : null) : cur.get((String) step);
            }
            out.put(p.target(), toValue(cur));
        }
        if (regex != null) {
            var it = root.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (regex.matcher(e.getKey()).matches()) {
                    out.put(e.getKey(), toValue(e.getValue()));
                }
            }
        }
        return true;
    }

    private static Object toValue(JsonNode n) throws IOException {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return MAPPER.writeValueAsString(n);
    }
}
