package dev.plg.agent.component.process;

import com.google.re2j.Pattern;
import dev.plg.agent.model.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * The LogQL subset {@code stage.match} accepts: a stream selector ({@code =}, {@code !=}, {@code =~},
 * {@code !~}) followed by line filters ({@code |=}, {@code !=}, {@code |~}, {@code !~}). Regexes are
 * RE2, fully anchored for label matchers as in Loki.
 */
final class Selector {
    private record Matcher(String name, String op, String value, Pattern regex) {
        boolean matches(Labels labels) {
            String v = labels.get(name);
            if (v == null) {
                v = "";
            }
            return switch (op) {
                case "=" -> v.equals(value);
                case "!=" -> !v.equals(value);
                case "=~" -> regex.matcher(v).matches();
                default -> !regex.matcher(v).matches();
            };
        }
    }

    private record LineFilter(String op, String value, Pattern regex) {
        boolean matches(String line) {
            return switch (op) {
                case "|=" -> line.contains(value);
                case "!=" -> !line.contains(value);
                case "|~" -> regex.matcher(line).find();
                default -> !regex.matcher(line).find();
            };
        }
    }

    private final List<Matcher> matchers;
    private final List<LineFilter> filters;

    private Selector(List<Matcher> matchers, List<LineFilter> filters) {
        this.matchers = matchers;
        this.filters = filters;
    }

    boolean matches(Labels labels, String line) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        for (LineFilter f : filters) {
            if (!f.matches(line)) {
                return false;
            }
        }
        return true;
    }

    static Selector parse(String text) {
        int[] pos = {0};
        List<Matcher> matchers = new ArrayList<>();
        List<LineFilter> filters = new ArrayList<>();
        skip(text, pos);
        expect(text, pos, "{");
        while (true) {
            skip(text, pos);
            if (peek(text, pos, "}")) {
                pos[0]++;
                break;
            }
            String name = ident(text, pos);
            skip(text, pos);
            String op;
            if (peek(text, pos, "=~")) {
                op = "=~";
            } else if (peek(text, pos, "!~")) {
                op = "!~";
            } else if (peek(text, pos, "!=")) {
                op = "!=";
            } else if (peek(text, pos, "=")) {
                op = "=";
            } else {
                throw error(text, pos, "expected a label matcher operator");
            }
            pos[0] += op.length();
            skip(text, pos);
            String value = string(text, pos);
            matchers.add(new Matcher(name, op, value, op.contains("~") ? Pattern.compile("^(?:" + value + ")$") : null));
            skip(text, pos);
            if (peek(text, pos, ",")) {
                pos[0]++;
            }
        }
        if (matchers.isEmpty()) {
            throw error(text, pos, "queries require at least one regexp or equality matcher that does not have an empty-compatible value");
        }
        while (true) {
            skip(text, pos);
            if (pos[0] >= text.length()) {
                break;
            }
            String op = null;
            for (String o : new String[]{"|=", "!=", "|~", "!~"}) {
                if (peek(text, pos, o)) {
                    op = o;
                }
            }
            if (op == null) {
                throw error(text, pos, "only line filters (|=, !=, |~, !~) may follow the selector in stage.match");
            }
            pos[0] += 2;
            skip(text, pos);
            String value = string(text, pos);
            filters.add(new LineFilter(op, value, op.contains("~") ? Pattern.compile(value) : null));
        }
        return new Selector(List.copyOf(matchers), List.copyOf(filters));
    }

    private static IllegalArgumentException error(String text, int[] pos, String msg) {
        return new IllegalArgumentException("invalid selector syntax for match stage: parse error at col " + (pos[0] + 1) + ": " + msg
                + " in \"" + text + "\"");
    }

    private static void skip(String t, int[] p) {
        while (p[0] < t.length() && Character.isWhitespace(t.charAt(p[0]))) {
            p[0]++;
        }
    }

    private static boolean peek(String t, int[] p, String s) {
        return t.startsWith(s, p[0]);
    }

    private static void expect(String t, int[] p, String s) {
        if (!peek(t, p, s)) {
            throw error(t, p, "expected \"" + s + "\"");
        }
        p[0] += s.length();
    }

    private static String ident(String t, int[] p) {
        int s = p[0];
        while (p[0] < t.length() && (Character.isLetterOrDigit(t.charAt(p[0])) || t.charAt(p[0]) == '_')) {
            p[0]++;
        }
        if (s == p[0]) {
            throw error(t, p, "expected a label name");
        }
        return t.substring(s, p[0]);
    }

    private static String string(String t, int[] p) {
        if (peek(t, p, "`")) {
            int end = t.indexOf('`', p[0] + 1);
            if (end < 0) {
                throw error(t, p, "unterminated raw string");
            }
            String s = t.substring(p[0] + 1, end);
            p[0] = end + 1;
            return s;
        }
        expect(t, p, "\"");
        StringBuilder sb = new StringBuilder();
        while (p[0] < t.length() && t.charAt(p[0]) != '"') {
            char c = t.charAt(p[0]);
            if (c == '\\' && p[0] + 1 < t.length()) {
                char e = t.charAt(++p[0]);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
            p[0]++;
        }
        expect(t, p, "\"");
        return sb.toString();
    }
}
