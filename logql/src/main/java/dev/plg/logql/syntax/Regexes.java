package dev.plg.logql.syntax;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.HashSet;
import java.util.Set;

/** Regex helpers: Go's error texts and the checks of Loki's regexp and pattern parser stages. */
public final class Regexes {
    private Regexes() {
    }

    /** Go's {@code regexp} error text: {@code error parsing regexp: missing closing ]: `[`}. */
    public static String goMessage(PatternSyntaxException e) {
        return "error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`";
    }

    /** Prometheus {@code model.LabelName.IsValid}: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    public static boolean isValidLabelName(String n) {
        if (n.isEmpty()) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Loki's {@code NewRegexpParser} checks; {@code null} when the expression is usable. */
    public static String regexpParserError(String re) {
        Pattern p;
        try {
            p = Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            return goMessage(e);
        }
        if (p.groupCount() == 0) {
            return "at least one named capture must be supplied";
        }
        Set<String> seen = new HashSet<>();
        for (String n : namedGroupsInOrder(re)) {
            if (!isValidLabelName(n)) {
                return "invalid extracted label name '" + n + "'";
            }
            if (!seen.add(n)) {
                return "duplicate extracted label name '" + n + "'";
            }
        }
        if (seen.isEmpty()) {
            return "at least one named capture must be supplied";
        }
        return null;
    }

    /** Names of {@code (?P<name>...)} / {@code (?<name>...)} groups in order of appearance. */
    public static java.util.List<String> namedGroupsInOrder(String re) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (c == '(' && re.startsWith("(?P<", i) || c == '(' && re.startsWith("(?<", i)) {
                int s = re.indexOf('<', i) + 1;
                int e = re.indexOf('>', s);
                if (e > s) {
                    names.add(re.substring(s, e));
                }
            }
        }
        return names;
    }

    /** Loki's {@code pattern.New} checks; {@code null} when the pattern is usable. */
    public static String patternParserError(String pattern) {
        try {
            dev.plg.logql.pipeline.impl.PatternExpr.parse(pattern);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
