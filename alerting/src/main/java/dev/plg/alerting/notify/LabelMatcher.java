package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.regex.Pattern;

/** A routing matcher ({@code severity = critical}, {@code service =~ "auth|api"}); regexes are anchored. */
public record LabelMatcher(String name, String op, String value) {
    public LabelMatcher {
        requireNonNull(name, "name is null");
        requireNonNull(op, "op is null");
        requireNonNull(value, "value is null");
        if (!op.equals("=") && !op.equals("!=") && !op.equals("=~") && !op.equals("!~")) {
            throw new IllegalArgumentException("unknown matcher operator \"" + op + "\" in " + name + op + value);
        }
        if (op.endsWith("~")) {
            Pattern.compile(value);
        }
    }

    /** Parses {@code name="value"} / {@code name=~"re"} (Alertmanager's string form; quotes optional). */
    public static LabelMatcher parse(String text) {
        String t = text.trim();
        int i = 0;
        while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_')) {
            i++;
        }
        String name = t.substring(0, i);
        String rest = t.substring(i).trim();
        String op;
        if (rest.startsWith("=~") || rest.startsWith("!~") || rest.startsWith("!=")) {
            op = rest.substring(0, 2);
        } else if (rest.startsWith("=")) {
            op = "=";
        } else {
            throw new IllegalArgumentException("bad matcher \"" + text + "\": expected =, !=, =~ or !~ after the label name");
        }
        String value = rest.substring(op.length()).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("bad matcher \"" + text + "\": missing label name");
        }
        return new LabelMatcher(name, op, value);
    }

    public boolean matches(Map<String, String> labels) {
        String v = labels.getOrDefault(name, "");
        return switch (op) {
            case "=" -> v.equals(value);
            case "!=" -> !v.equals(value);
            case "=~" -> Pattern.compile("^(?:" + value + ")$").matcher(v).matches();
            default -> !Pattern.compile("^(?:" + value + ")$").matcher(v).matches();
        };
    }

    @Override
    public String toString() {
        return name + op + "\"" + value + "\"";
    }
}
