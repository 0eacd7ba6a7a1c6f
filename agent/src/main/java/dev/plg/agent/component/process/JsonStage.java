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
            input = w.line;
            utf8 = w.lineUtf8();
        }
        boolean ok;
        try {
            ok = topLevel != null && regex == null ? streaming(input, utf8, w) : tree(input, w);
        } catch (IOException | RuntimeException e) {
            ok = false;
        }
        return !ok && dropMalformed ? "malformed_json" : null;
    }

    private boolean streaming(String input, byte[] utf8, Work w) throws IOException {
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
