package dev.plg.agent.component;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prometheus relabeling ({@code rule} blocks of {@code loki.relabel} and {@code discovery.relabel}). */
public final class Relabel {
    private Relabel() {
    }

    public enum Action { REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE }

    /** One compiled rule. {@code regex} is anchored as {@code ^(?s:<regex>)$}. */
    public record Rule(List<String> sourceLabels, String separator, Pattern regex, long modulus, String targetLabel,
                       String replacement, Action action) {
        public Rule {
            sourceLabels = List.copyOf(sourceLabels);
        }
    }

    /** The {@code rules} export: a capsule value other components may use. */
    public record Rules(List<Rule> rules) {
        public Rules {
            rules = List.copyOf(rules);
        }
    }

    public static Schema ruleSchema() {
        return Schema.builder()
                .optional("source_labels", Schema.Type.LIST_STRING)
                .optional("separator", Schema.Type.STRING, ";")
                .optional("regex", Schema.Type.STRING, "(.*)")
                .optional("modulus", Schema.Type.INT, 0L)
                .optional("target_label", Schema.Type.STRING, "")
                .optional("replacement", Schema.Type.STRING, "$1")
                .optional("action", Schema.Type.STRING, "replace")
                .build();
    }

    /** Builds rules from decoded {@code rule} blocks, validating them as Prometheus does. */
    public static Rules compile(List<Args> blocks) {
        List<Rule> out = new ArrayList<>();
        for (Args a : blocks) {
            String actionText = a.string("action");
            Action action;
            try {
                action = Action.valueOf(actionText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unrecognized action type \"" + actionText + "\"");
            }
            Pattern regex;
            try {
                regex = Pattern.compile("^(?s:" + a.string("regex") + ")$");
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid regex " + a.string("regex") + ": " + e.getMessage());
            }
            String target = a.string("target_label");
            switch (action) {
                case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> {
                    if (target.isEmpty()) {
                        throw new IllegalArgumentException("relabel configuration for " + actionText + " action requires 'target_label' value");
                    }
                }
                default -> {
                }
            }
            if (action == Action.HASHMOD && a.integer("modulus") == 0) {
                throw new IllegalArgumentException("relabel configuration for hashmod requires non-zero modulus");
            }
            if ((action == Action.LOWERCASE || action == Action.UPPERCASE) && a.isSet("replacement")) {
                throw new IllegalArgumentException("'replacement' can not be set for " + actionText + " action");
            }
            out.add(new Rule(a.list("source_labels"), a.string("separator"), regex, a.integer("modulus"), target,
                    a.string("replacement"), action));
        }
        return new Rules(out);
    }

    /** Applies rules to {@code labels} in place; false when the set is dropped. */
    public static boolean apply(List<Rule> rules, Map<String, String> labels) {
        for (Rule r : rules) {
            if (!applyOne(r, labels)) {
                return false;
            }
        }
        return true;
    }

    private static boolean applyOne(Rule r, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.sourceLabels().size(); i++) {
            if (i > 0) {
                sb.append(r.separator());
            }
            String v = labels.get(r.sourceLabels().get(i));
            sb.append(v == null ? "" : v);
        }
        String val = sb.toString();
        switch (r.action()) {
            case DROP -> {
                return !r.regex().matcher(val).matches();
            }
            case KEEP -> {
                return r.regex().matcher(val).matches();
            }
            case DROPEQUAL -> {
                return !val.equals(labels.getOrDefault(r.targetLabel(), ""));
            }
            case KEEPEQUAL -> {
                return val.equals(labels.getOrDefault(r.targetLabel(), ""));
            }
            case REPLACE -> {
                Matcher m = r.regex().matcher(val);
                if (!m.matches()) {
                    return true;
                }
                String target = expand(m, r.targetLabel());
                String res = expand(m, r.replacement());
                if (target.isEmpty()) {
                    return true;
                }
                if (res.isEmpty()) {
                    labels.remove(target);
                } else {
                    labels.put(target, res);
                }
                return true;
            }
            case LOWERCASE -> {
                labels.put(r.targetLabel(), val.toLowerCase(Locale.ROOT));
                return true;
            }
            case UPPERCASE -> {
                labels.put(r.targetLabel(), val.toUpperCase(Locale.ROOT));
                return true;
            }
            case HASHMOD -> {
                labels.put(r.targetLabel(), Long.toString(hashmod(val, r.modulus())));
                return true;
            }
            case LABELMAP -> {
                for (Map.Entry<String, String> e : List.copyOf(labels.entrySet())) {
                    Matcher m = r.regex().matcher(e.getKey());
                    if (m.matches()) {
                        labels.put(expand(m, r.replacement()), e.getValue());
                    }
                }
                return true;
            }
            case LABELDROP -> {
                labels.keySet().removeIf(k -> r.regex().matcher(k).matches());
                return true;
            }
            case LABELKEEP -> {
                labels.keySet().removeIf(k -> !r.regex().matcher(k).matches());
                return true;
            }
        }
        return true;
    }

    static long hashmod(String val, long modulus) {
        try {
            byte[] sum = MessageDigest.getInstance("MD5").digest(val.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 8; i < 16; i++) {
                v = (v << 8) | (sum[i] & 0xff);
            }
            return new BigInteger(Long.toUnsignedString(v)).mod(BigInteger.valueOf(modulus)).longValue();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. */
    public static String expand(Matcher m, String template) {
        if (template.indexOf('$') < 0) {
            return template;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                sb.append(c);
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                sb.append('$');
                i++;
                continue;
            }
            String name;
            if (n == '{') {
                int end = template.indexOf('}', i + 2);
                if (end < 0) {
                    sb.append(c);
                    continue;
                }
                name = template.substring(i + 2, end);
                i = end;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                if (j == i + 1) {
                    sb.append(c);
                    continue;
                }
                name = template.substring(i + 1, j);
                i = j - 1;
            }
            String g = null;
            if (name.chars().allMatch(Character::isDigit)) {
                int idx = Integer.parseInt(name);
                if (idx <= m.groupCount()) {
                    g = m.group(idx);
                }
            } else {
                try {
                    g = m.group(name);
                } catch (RuntimeException ignored) {
                    g = null;
                }
            }
            if (g != null) {
                sb.append(g);
            }
        }
        return sb.toString();
    }
}
