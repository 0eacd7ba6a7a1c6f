package dev.plg.alerting.template;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The subset of Go's text/template that Prometheus/Loki rule labels and annotations use:
 * text with actions {@code {{ pipeline }}} (with {@code {{-}} / {@code -}}} trimming), where a
 * pipeline is commands joined by {@code |}, each a function call or one operand. Operands:
 * {@code $labels.<name>}, {@code $labels}, {@code $value}, {@code $externalLabels.<name>},
 * {@code $externalURL}, {@code .Labels.<name>}, {@code .Value}, string and number literals.
 * Functions: {@code humanize}, {@code humanize1024}, {@code humanizePercentage},
 * {@code humanizeDuration}, {@code printf}, {@code toUpper}, {@code toLower}, {@code title}.
 * Control structures ({@code if}, {@code range}) are not supported and fail to parse.
 *
 * <p>Immutable and thread-safe once parsed.
 */
public final class Template {
    /** What a rule template can see. */
    public record Data(Map<String, String> labels, double value, Map<String, String> externalLabels, String externalUrl) {
        public Data {
            labels = new TreeMap<>(requireNonNull(labels, "labels is null"));
            externalLabels = new TreeMap<>(requireNonNull(externalLabels, "externalLabels is null"));
            requireNonNull(externalUrl, "externalUrl is null");
        }
    }

    private sealed interface Node permits Text, Action {
    }

    private record Text(String text) implements Node {
    }

    private record Action(List<List<Operand>> commands) implements Node {
    }

    private sealed interface Operand permits Var, Literal, Func {
    }

    /** A variable with an optional field path ({@code $labels.service} = Var("labels", "service")). */
    private record Var(String name, String field) implements Operand {
    }

    private record Literal(Object value) implements Operand {
    }

    private record Func(String name) implements Operand {
    }

    private static final List<String> FUNCTIONS = List.of("humanize", "humanize1024", "humanizePercentage",
            "humanizeDuration", "printf", "toUpper", "toLower", "title");

    private final List<Node> nodes;

    private Template(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Parses {@code text}; fails with a {@link TemplateException} naming the problem. */
    public static Template parse(String text) {
        requireNonNull(text, "text is null");
        List<Node> nodes = new ArrayList<>();
        int i = 0;
        StringBuilder pending = new StringBuilder();
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                pending.append(text, i, text.length());
                break;
            }
            pending.append(text, i, open);
            int start = open + 2;
            boolean trimLeft = start + 1 < text.length() && text.charAt(start) == '-' && Character.isWhitespace(text.charAt(start + 1));
            if (trimLeft) {
                start++;
                int end = pending.length();
                while (end > 0 && Character.isWhitespace(pending.charAt(end - 1))) {
                    end--;
                }
                pending.setLength(end);
            }
            int close = findClose(text, start);
            if (close < 0) {
                throw new TemplateException("template: " + lineOf(text, open) + ": unclosed action");
            }
            int bodyEnd = close;
            boolean trimRight = close > start && text.charAt(close - 1) == '-' && close - 2 >= start
                    && Character.isWhitespace(text.charAt(close - 2));
            if (trimRight) {
                bodyEnd--;
            }
            if (!pending.isEmpty()) {
                nodes.add(new Text(pending.toString()));
                pending.setLength(0);
            }
            String body = text.substring(start, bodyEnd).trim();
            if (!(body.startsWith("/*") && body.endsWith("*/"))) {
                nodes.add(new Action(parsePipeline(body, text, open)));
            }
            i = close + 2;
            if (trimRight) {
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            }
        }
        if (!pending.isEmpty()) {
            nodes.add(new Text(pending.toString()));
        }
        return new Template(List.copyOf(nodes));
    }

    private static int findClose(String text, int from) {
        boolean inString = false;
        char quote = 0;
        for (int i = from; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    inString = false;
                }
            } else if (c == '"' || c == '`') {
                inString = true;
                quote = c;
            } else if (c == '}' && text.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    private static String lineOf(String text, int pos) {
        int line = 1;
        for (int i = 0; i < pos; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return "__alert:" + line;
    }

    private static List<List<Operand>> parsePipeline(String body, String text, int pos) {
        String where = "template: " + lineOf(text, pos) + ": ";
        if (body.isEmpty()) {
            throw new TemplateException(where + "missing value for command");
        }
        List<List<Operand>> commands = new ArrayList<>();
        List<Operand> current = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '|') {
                if (current.isEmpty()) {
                    throw new TemplateException(where + "missing command");
                }
                commands.add(current);
                current = new ArrayList<>();
                i++;
            } else if (c == '"' || c == '`') {
                int j = i + 1;
                StringBuilder s = new StringBuilder();
                while (j < body.length() && body.charAt(j) != c) {
                    char d = body.charAt(j);
                    if (d == '\\' && c == '"' && j + 1 < body.length()) {
                        char n = body.charAt(++j);
                        s.append(switch (n) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> n;
                        });
                    } else {
                        s.append(d);
                    }
                    j++;
                }
                if (j >= body.length()) {
                    throw new TemplateException(where + "unterminated quoted string");
                }
                current.add(new Literal(s.toString()));
                i = j + 1;
            } else {
                int j = i;
                while (j < body.length() && !Character.isWhitespace(body.charAt(j)) && body.charAt(j) != '|') {
                    j++;
                }
                current.add(operand(body.substring(i, j), where));
                i = j;
            }
        }
        if (current.isEmpty()) {
            throw new TemplateException(where + "missing command");
        }
        commands.add(current);
        return List.copyOf(commands);
    }

    private static Operand operand(String word, String where) {
        if (word.startsWith("$")) {
            int dot = word.indexOf('.');
            String name = dot < 0 ? word.substring(1) : word.substring(1, dot);
            String field = dot < 0 ? null : word.substring(dot + 1);
            if (!List.of("labels", "value", "externalLabels", "externalURL").contains(name)) {
                throw new TemplateException(where + "undefined variable \"$" + name + "\"");
            }
            return new Var(name, field);
        }
        if (word.startsWith(".")) {
            String[] parts = word.substring(1).split("\\.", 2);
            String name = switch (parts[0]) {
                case "Labels" -> "labels";
                case "Value" -> "value";
                case "ExternalLabels" -> "externalLabels";
                case "ExternalURL" -> "externalURL";
                default -> throw new TemplateException(where + "can't evaluate field " + parts[0]);
            };
            return new Var(name, parts.length > 1 ? parts[1] : null);
        }
        if (FUNCTIONS.contains(word)) {
            return new Func(word);
        }
        try {
            return new Literal(Double.parseDouble(word));
        } catch (NumberFormatException e) {
            throw new TemplateException(where + "function \"" + word + "\" not defined");
        }
    }

    /** Expands the template; fails with a {@link TemplateException} on a bad call (e.g. humanize of a non-number). */
    public String render(Data data) {
        StringBuilder out = new StringBuilder();
        for (Node n : nodes) {
            switch (n) {
                case Text t -> out.append(t.text());
                case Action a -> out.append(print(evalPipeline(a.commands(), data)));
            }
        }
        return out.toString();
    }

    /** Prometheus' behaviour: a template that fails to expand becomes {@code <error expanding template: ...>}. */
    public static String expand(String text, Data data) {
        try {
            return parse(text).render(data);
        } catch (TemplateException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        }
    }

    private static Object evalPipeline(List<List<Operand>> commands, Data data) {
        Object prev = null;
        boolean hasPrev = false;
        for (List<Operand> cmd : commands) {
            Operand head = cmd.getFirst();
            if (head instanceof Func f) {
                List<Object> args = new ArrayList<>();
                for (Operand o : cmd.subList(1, cmd.size())) {
                    args.add(value(o, data));
                }
                if (hasPrev) {
                    args.add(prev);
                }
                prev = call(f.name(), args);
            } else {
                if (cmd.size() > 1 || hasPrev) {
                    throw new TemplateException("template: __alert:1: can't give argument to non-function " + describe(head));
                }
                prev = value(head, data);
            }
            hasPrev = true;
        }
        return prev;
    }

    private static String describe(Operand o) {
        return switch (o) {
            case Var v -> "$" + v.name() + (v.field() == null ? "" : "." + v.field());
            case Literal l -> String.valueOf(l.value());
            case Func f -> f.name();
        };
    }

    private static Object value(Operand o, Data data) {
        return switch (o) {
            case Literal l -> l.value();
            case Func f -> call(f.name(), List.of());
            case Var v -> switch (v.name()) {
                case "labels" -> v.field() == null ? data.labels() : data.labels().getOrDefault(v.field(), "");
                case "externalLabels" -> v.field() == null ? data.externalLabels()
                        : data.externalLabels().getOrDefault(v.field(), "");
                case "externalURL" -> data.externalUrl();
                default -> data.value();
            };
        };
    }

    private static Object call(String name, List<Object> args) {
        if (name.equals("printf")) {
            if (args.isEmpty() || !(args.getFirst() instanceof String fmt)) {
                throw new TemplateException("template: __alert:1: wrong type for value; expected string");
            }
            return Printf.format(fmt, args.subList(1, args.size()));
        }
        if (args.size() != 1) {
            throw new TemplateException("template: __alert:1: wrong number of args for " + name + ": want 1 got " + args.size());
        }
        Object a = args.getFirst();
        return switch (name) {
            case "toUpper" -> print(a).toUpperCase(Locale.ROOT);
            case "toLower" -> print(a).toLowerCase(Locale.ROOT);
            case "title" -> title(print(a));
            case "humanize" -> Humanize.humanize(number(name, a));
            case "humanize1024" -> Humanize.humanize1024(number(name, a));
            case "humanizePercentage" -> Humanize.percentage(number(name, a));
            case "humanizeDuration" -> Humanize.duration(number(name, a));
            default -> throw new TemplateException("template: __alert:1: function \"" + name + "\" not defined");
        };
    }

    private static double number(String fn, Object a) {
        if (a instanceof Double d) {
            return d;
        }
        try {
            return Double.parseDouble(print(a));
        } catch (NumberFormatException e) {
            throw new TemplateException("template: __alert:1: error calling " + fn + ": strconv.ParseFloat: parsing "
                    + "\"" + print(a) + "\": invalid syntax");
        }
    }

    private static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return b.toString();
    }

    /** Go's {@code %v}. */
    static String print(Object o) {
        return switch (o) {
            case null -> "<no value>";
            case Double d -> GoFormat.v(d);
            case Map<?, ?> m -> {
                StringBuilder b = new StringBuilder("map[");
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        b.append(' ');
                    }
                    first = false;
                    b.append(e.getKey()).append(':').append(e.getValue());
                }
                yield b.append(']').toString();
            }
            default -> o.toString();
        };
    }
}
