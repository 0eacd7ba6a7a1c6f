package dev.plg.alerting.rules;

import dev.plg.alerting.template.Template;
import dev.plg.alerting.template.TemplateException;
import dev.plg.logql.LogQL;
import dev.plg.logql.LogQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads, validates and writes rule groups in Loki's ruler YAML (Prometheus' rule file format with
 * LogQL expressions). Validation follows Loki's {@code ValidateGroups}: group names present and
 * unique, exactly one of {@code alert}/{@code record}, {@code expr} set and parsable as LogQL,
 * recording rules without {@code for}/{@code annotations} and with a valid metric name, valid label
 * and annotation names, templates that parse. Unknown keys are refused as Prometheus' strict
 * decoder does. Stateless and thread-safe.
 */
public final class RuleFiles {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "limit", "rules", "query_offset", "labels");
    private static final Set<String> RULE_KEYS = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations");

    private RuleFiles() {
    }

    /** A whole file: {@code groups: [...]}. Errors are prefixed with {@code source + ": "}. */
    public static List<RuleGroup> parseFile(String source, String yaml) {
        List<String> errors = new ArrayList<>();
        List<RuleGroup> groups = new ArrayList<>();
        Object root;
        try {
            root = load(yaml);
        } catch (YamlEngineException e) {
            throw new RuleValidationException(List.of(source + ": " + firstLine(e.getMessage())));
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new RuleValidationException(List.of(source + ": rule file must be a map with key 'groups'"));
        }
        for (Object k : top.keySet()) {
            if (!"groups".equals(k)) {
                errors.add(source + ": field " + k + " not found in type rulefmt.RuleGroups");
            }
        }
        Object list = top.get("groups");
        if (list != null && !(list instanceof List<?>)) {
            errors.add(source + ": 'groups' must be a list");
        } else if (list != null) {
            Set<String> names = new HashSet<>();
            int i = 0;
            for (Object g : (List<?>) list) {
                i++;
                List<String> groupErrors = new ArrayList<>();
                RuleGroup group = group(g, i, groupErrors);
                if (group != null && !names.add(group.name())) {
                    groupErrors.add("groupname: \"" + group.name() + "\" is repeated in the same file");
                }
                for (String e : groupErrors) {
                    errors.add(source + ": " + e);
                }
                if (group != null) {
                    groups.add(group);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleValidationException(errors);
        }
        return List.copyOf(groups);
    }

    /** One group, as {@code POST /loki/api/v1/rules/<namespace>} receives it. */
    public static RuleGroup parseGroup(String yaml) {
        Object root;
        try {
            root = load(yaml);
        } catch (YamlEngineException e) {
            throw new RuleValidationException(List.of("unable to decode rule group: " + firstLine(e.getMessage())));
        }
        List<String> errors = new ArrayList<>();
        RuleGroup g = group(root, 1, errors);
        if (!errors.isEmpty()) {
            throw new RuleValidationException(errors);
        }
        return g;
    }

    /** Validates a group built in code (same checks as the parser). */
    public static void validate(RuleGroup group) {
        List<String> errors = new ArrayList<>();
        if (group.name().isEmpty()) {
            errors.add("group 1: Groupname must not be empty");
        }
        for (Rule r : group.rules()) {
            validateRule(r, group.name(), errors);
        }
        if (!errors.isEmpty()) {
            throw new RuleValidationException(errors);
        }
    }

    private static Object load(String yaml) {
        return new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(yaml);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid YAML";
        }
        return s.replace('\n', ' ').trim();
    }

    private static RuleGroup group(Object node, int index, List<String> errors) {
        if (!(node instanceof Map<?, ?> m)) {
            errors.add("group " + index + ": must be a map");
            return null;
        }
        for (Object k : m.keySet()) {
            if (!GROUP_KEYS.contains(String.valueOf(k))) {
                errors.add("field " + k + " not found in type rulefmt.RuleGroup");
            }
        }
        String name = string(m.get("name"));
        if (name == null || name.isEmpty()) {
            errors.add("group " + index + ": Groupname must not be empty");
            name = "";
        }
        Duration interval = Duration.ZERO;
        if (m.get("interval") != null) {
            try {
                interval = PromDuration.parse(String.valueOf(m.get("interval")));
            } catch (IllegalArgumentException e) {
                errors.add("group \"" + name + "\": interval: " + e.getMessage());
            }
        }
        int limit = 0;
        if (m.get("limit") != null) {
            if (m.get("limit") instanceof Number n && n.longValue() >= 0 && n.longValue() <= Integer.MAX_VALUE) {
                limit = n.intValue();
            } else {
                errors.add("group \"" + name + "\": limit must be a non-negative integer, got " + m.get("limit"));
            }
        }
        Map<String, String> groupLabels = stringMap(m.get("labels"), "group \"" + name + "\": labels", errors);
        List<Rule> rules = new ArrayList<>();
        Object rulesNode = m.get("rules");
        if (rulesNode != null && !(rulesNode instanceof List<?>)) {
            errors.add("group \"" + name + "\": rules must be a list");
        } else if (rulesNode != null) {
            int ri = 0;
            for (Object r : (List<?>) rulesNode) {
                ri++;
                Rule rule = rule(r, name, ri, groupLabels, errors);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        return new RuleGroup(name, interval, limit, rules);
    }

    private static Rule rule(Object node, String group, int index, Map<String, String> groupLabels, List<String> errors) {
        String where = "group \"" + group + "\", rule " + index;
        if (!(node instanceof Map<?, ?> m)) {
            errors.add(where + ": must be a map");
            return null;
        }
        String alert = string(m.get("alert"));
        String record = string(m.get("record"));
        String ruleName = alert != null ? alert : record != null ? record : "";
        where = where + ", \"" + ruleName + "\"";
        int before = errors.size();
        for (Object k : m.keySet()) {
            if (!RULE_KEYS.contains(String.valueOf(k))) {
                errors.add(where + ": field " + k + " not found in type rulefmt.RuleNode");
            }
        }
        String expr = string(m.get("expr"));
        Duration forD = duration(m.get("for"), where + ": for", errors);
        Duration keep = duration(m.get("keep_firing_for"), where + ": keep_firing_for", errors);
        Map<String, String> labels = new LinkedHashMap<>(groupLabels);
        labels.putAll(stringMap(m.get("labels"), where + ": labels", errors));
        Map<String, String> annotations = stringMap(m.get("annotations"), where + ": annotations", errors);
        if (alert != null && record != null && !alert.isEmpty() && !record.isEmpty()) {
            errors.add(where + ": only one of 'record' and 'alert' must be set");
            return null;
        }
        if ((alert == null || alert.isEmpty()) && (record == null || record.isEmpty())) {
            errors.add(where + ": one of 'record' or 'alert' must be set");
            return null;
        }
        if (record != null && !record.isEmpty()) {
            if (!annotations.isEmpty()) {
                errors.add(where + ": invalid field 'annotations' in recording rule");
            }
            if (m.get("for") != null) {
                errors.add(where + ": invalid field 'for' in recording rule");
            }
            if (m.get("keep_firing_for") != null) {
                errors.add(where + ": invalid field 'keep_firing_for' in recording rule");
            }
        }
        Rule rule = alert != null && !alert.isEmpty()
                ? new AlertingRule(alert, expr == null ? "" : expr, forD, keep, labels, annotations)
                : new RecordingRule(record, expr == null ? "" : expr, labels);
        List<String> ruleErrors = new ArrayList<>();
        validateRule(rule, group, ruleErrors);
        for (String e : ruleErrors) {
            errors.add(where + ": " + e);
        }
        return errors.size() == before ? rule : null;
    }

    /** Loki's {@code validateRuleNode} checks for one rule, messages without the location prefix. */
    private static void validateRule(Rule rule, String group, List<String> errors) {
        if (rule.expr().isBlank()) {
            errors.add("field 'expr' must be set in rule");
        } else {
            try {
                LogQL.parse(rule.expr());
            } catch (LogQLException e) {
                String kind = rule instanceof RecordingRule ? "record" : "alert";
                errors.add("could not parse expression for " + kind + " '" + rule.name() + "' in group '" + group
                        + "': " + e.getMessage());
            }
        }
        if (rule instanceof RecordingRule r && !METRIC_NAME.matcher(r.record()).matches()) {
            errors.add("invalid recording rule name: " + r.record());
        }
        for (Map.Entry<String, String> e : rule.labels().entrySet()) {
            if (!LABEL_NAME.matcher(e.getKey()).matches() || e.getKey().equals("__name__")) {
                errors.add("invalid label name: " + e.getKey());
            }
        }
        if (rule instanceof AlertingRule a) {
            for (Map.Entry<String, String> e : a.annotations().entrySet()) {
                if (!LABEL_NAME.matcher(e.getKey()).matches()) {
                    errors.add("invalid annotation name: " + e.getKey());
                }
                checkTemplate("annotation", e.getKey(), e.getValue(), errors);
            }
            for (Map.Entry<String, String> e : a.labels().entrySet()) {
                checkTemplate("label", e.getKey(), e.getValue(), errors);
            }
        }
    }

    private static void checkTemplate(String kind, String key, String text, List<String> errors) {
        try {
            Template.parse(text);
        } catch (TemplateException e) {
            errors.add("invalid template in " + kind + " '" + key + "': " + e.getMessage());
        }
    }

    private static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Duration duration(Object o, String where, List<String> errors) {
        if (o == null) {
            return Duration.ZERO;
        }
        try {
            return PromDuration.parse(String.valueOf(o));
        } catch (IllegalArgumentException e) {
            errors.add(where + ": " + e.getMessage());
            return Duration.ZERO;
        }
    }

    private static Map<String, String> stringMap(Object o, String where, List<String> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o == null) {
            return out;
        }
        if (!(o instanceof Map<?, ?> m)) {
            errors.add(where + " must be a map of strings");
            return out;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
        return out;
    }

    // ---- writing ------------------------------------------------------------------------------

    /** A file: {@code groups: [...]}. */
    public static String formatFile(List<RuleGroup> groups) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("groups", groups.stream().map(RuleFiles::toMap).toList());
        return dump(root);
    }

    /** One group (what {@code GET /loki/api/v1/rules/<ns>/<group>} answers). */
    public static String formatGroup(RuleGroup group) {
        return dump(toMap(group));
    }

    /** {@code namespace: [groups]} (what {@code GET /loki/api/v1/rules[/<ns>]} answers). */
    public static String formatNamespaces(Map<String, List<RuleGroup>> namespaces) {
        Map<String, Object> root = new LinkedHashMap<>();
        namespaces.forEach((ns, groups) -> root.put(ns, groups.stream().map(RuleFiles::toMap).toList()));
        return dump(root);
    }

    private static Map<String, Object> toMap(RuleGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        if (!g.interval().isZero()) {
            m.put("interval", PromDuration.format(g.interval()));
        }
        if (g.limit() > 0) {
            m.put("limit", g.limit());
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Rule r : g.rules()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            switch (r) {
                case AlertingRule a -> {
                    rm.put("alert", a.alert());
                    rm.put("expr", a.expr());
                    if (!a.forDuration().isZero()) {
                        rm.put("for", PromDuration.format(a.forDuration()));
                    }
                    if (!a.keepFiringFor().isZero()) {
                        rm.put("keep_firing_for", PromDuration.format(a.keepFiringFor()));
                    }
                    if (!a.labels().isEmpty()) {
                        rm.put("labels", new LinkedHashMap<>(a.labels()));
                    }
                    if (!a.annotations().isEmpty()) {
                        rm.put("annotations", new LinkedHashMap<>(a.annotations()));
                    }
                }
                case RecordingRule rec -> {
                    rm.put("record", rec.record());
                    rm.put("expr", rec.expr());
                    if (!rec.labels().isEmpty()) {
                        rm.put("labels", new LinkedHashMap<>(rec.labels()));
                    }
                }
            }
            rules.add(rm);
        }
        m.put("rules", rules);
        return m;
    }

    private static String dump(Object o) {
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
                .setDefaultScalarStyle(ScalarStyle.PLAIN).setIndent(2).setIndicatorIndent(2)
                .setIndentWithIndicator(true).setWidth(4096).build();
        return new Dump(settings).dumpToString(o);
    }
}
