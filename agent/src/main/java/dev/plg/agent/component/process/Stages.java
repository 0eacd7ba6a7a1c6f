package dev.plg.agent.component.process;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.plg.agent.component.Args;
import dev.plg.agent.component.Schema;
import dev.plg.agent.component.Schema.Type;
import dev.plg.agent.model.Labels;
import dev.plg.agent.model.Metrics;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Schemas and compilers of every {@code stage.*} block of {@code loki.process}. */
public final class Stages {
    private Stages() {
    }

    /** Stage block names in the order the docs list them. */
    public static final List<String> NAMES = List.of("stage.json", "stage.logfmt", "stage.regex", "stage.labels",
            "stage.static_labels", "stage.label_drop", "stage.label_keep", "stage.structured_metadata",
            "stage.structured_metadata_drop", "stage.timestamp", "stage.output", "stage.template", "stage.replace",
            "stage.match", "stage.drop", "stage.limit", "stage.multiline", "stage.pack", "stage.tenant", "stage.metrics",
            "stage.decolorize", "stage.sampling");

    /** Adds every stage block (repeatable, in order) to {@code b}. */
    public static Schema.Builder addStageBlocks(Schema.Builder b) {
        for (String n : NAMES) {
            b.blocks(n, schemaSupplier(n));
        }
        return b;
    }

    private static Supplier<Schema> schemaSupplier(String name) {
        return () -> schema(name);
    }

    static Schema schema(String name) {
        return switch (name) {
            case "stage.json" -> Schema.builder().optional("expressions", Type.MAP_STRING).optional("regex", Type.STRING)
                    .optional("source", Type.STRING).optional("drop_malformed", Type.BOOL, false).build();
            case "stage.logfmt" -> Schema.builder().optional("mapping", Type.MAP_STRING).optional("regex", Type.STRING)
                    .optional("source", Type.STRING).build();
            case "stage.regex" -> Schema.builder().required("expression", Type.STRING).optional("source", Type.STRING)
                    .optional("labels_from_groups", Type.BOOL, false).build();
            case "stage.labels" -> Schema.builder().required("values", Type.MAP_STRING)
                    .optional("source_type", Type.STRING, "extracted").build();
            case "stage.static_labels" -> Schema.builder().required("values", Type.MAP_STRING).build();
            case "stage.label_drop", "stage.label_keep", "stage.structured_metadata_drop" ->
                    Schema.builder().required("values", Type.LIST_STRING).build();
            case "stage.structured_metadata" -> Schema.builder().optional("values", Type.MAP_STRING)
                    .optional("regex", Type.STRING).build();
            case "stage.timestamp" -> Schema.builder().required("source", Type.STRING).required("format", Type.STRING)
                    .optional("fallback_formats", Type.LIST_STRING).optional("location", Type.STRING)
                    .optional("action_on_failure", Type.STRING, "fudge")
                    .optional("action_on_duplicate_timestamp", Type.STRING, "keep").build();
            case "stage.output" -> Schema.builder().required("source", Type.STRING).build();
            case "stage.template" -> Schema.builder().required("source", Type.STRING).required("template", Type.STRING).build();
            case "stage.replace" -> Schema.builder().required("expression", Type.STRING).optional("source", Type.STRING)
                    .optional("replace", Type.STRING, "").build();
            case "stage.match" -> addStageBlocks(Schema.builder().required("selector", Type.STRING)
                    .optional("action", Type.STRING, "keep").optional("drop_counter_reason", Type.STRING, "match_stage")
                    .optional("pipeline_name", Type.STRING, "")).build();
            case "stage.drop" -> Schema.builder().optional("source", Type.STRING, "").optional("separator", Type.STRING, ";")
                    .optional("expression", Type.STRING).optional("value", Type.STRING).optional("older_than", Type.DURATION)
                    .optional("longer_than", Type.SIZE).optional("drop_counter_reason", Type.STRING, "drop_stage").build();
            case "stage.limit" -> Schema.builder().required("rate", Type.FLOAT).required("burst", Type.INT)
                    .optional("drop", Type.BOOL, false).optional("by_label_name", Type.STRING, "")
                    .optional("max_distinct_labels", Type.INT, 10_000L).build();
            case "stage.multiline" -> Schema.builder().required("firstline", Type.STRING).optional("max_lines", Type.INT, 128L)
                    .optional("max_wait_time", Type.DURATION, Duration.ofSeconds(3))
                    .optional("trim_newlines", Type.BOOL, true).build();
            case "stage.pack" -> Schema.builder().required("labels", Type.LIST_STRING)
                    .optional("ingest_timestamp", Type.BOOL, true).build();
            case "stage.tenant" -> Schema.builder().optional("label", Type.STRING).optional("source", Type.STRING)
                    .optional("value", Type.STRING).build();
            case "stage.metrics" -> Schema.builder()
                    .blocks("metric.counter", Stages::counterSchema)
                    .blocks("metric.gauge", Stages::gaugeSchema)
                    .blocks("metric.histogram", Stages::histogramSchema).build();
            case "stage.decolorize" -> Schema.EMPTY;
            case "stage.sampling" -> Schema.builder().required("rate", Type.FLOAT)
                    .optional("drop_counter_reason", Type.STRING, "sampling_stage").build();
            default -> throw new IllegalArgumentException("unknown stage " + name);
        };
    }

    private static Schema.Builder metricBase() {
        return Schema.builder().required("name", Type.STRING).optional("description", Type.STRING, "")
                .optional("prefix", Type.STRING, "loki_process_custom_").optional("source", Type.STRING)
                .optional("value", Type.STRING).optional("max_idle_duration", Type.DURATION, Duration.ofMinutes(5));
    }

    static Schema counterSchema() {
        return metricBase().required("action", Type.STRING).optional("match_all", Type.BOOL, false)
                .optional("count_entry_bytes", Type.BOOL, false).build();
    }

    static Schema gaugeSchema() {
        return metricBase().required("action", Type.STRING).build();
    }

    static Schema histogramSchema() {
        return metricBase().required("buckets", Type.LIST_FLOAT).build();
    }

    /** Everything a stage needs from its component. */
    record Context(String componentId, Metrics metrics) {
    }

    static Stage compile(String name, Args a, Context ctx) {
        return switch (name) {
            case "stage.json" -> new JsonStage(a.map("expressions"), a.string("regex"), a.string("source"), a.bool("drop_malformed"));
            case "stage.logfmt" -> logfmt(a);
            case "stage.regex" -> regex(a);
            case "stage.labels" -> labels(a);
            case "stage.static_labels" -> staticLabels(a);
            case "stage.label_drop" -> {
                List<String> names = a.list("values");
                yield w -> {
                    for (String n : names) {
                        w.labels = w.labels.without(n);
                    }
                    return null;
                };
            }
            case "stage.label_keep" -> {
                Set<String> keep = Set.copyOf(a.list("values"));
                yield w -> {
                    Labels l = w.labels;
                    for (int i = 0; i < w.labels.size(); i++) {
                        if (!keep.contains(w.labels.name(i))) {
                            l = l.without(w.labels.name(i));
                        }
                    }
                    w.labels = l;
                    return null;
                };
            }
            case "stage.structured_metadata" -> structuredMetadata(a);
            case "stage.structured_metadata_drop" -> {
                Set<String> drop = Set.copyOf(a.list("values"));
                yield w -> {
                    w.structuredMetadata = w.structuredMetadata.stream().filter(p -> !drop.contains(p.name())).toList();
                    return null;
                };
            }
            case "stage.timestamp" -> new TimestampStage(a);
            case "stage.output" -> {
                String source = a.string("source");
                yield w -> {
                    Object v = w.extracted().get(source);
                    if (v != null) {
                        w.setLine(Work.asString(v));
                    }
                    return null;
                };
            }
            case "stage.template" -> template(a);
            case "stage.replace" -> replace(a);
            case "stage.drop" -> drop(a);
            case "stage.limit" -> limit(a);
            case "stage.pack" -> pack(a);
            case "stage.tenant" -> tenant(a);
            case "stage.metrics" -> new MetricsStage(a, ctx);
            case "stage.decolorize" -> {
                Pattern ansi = Pattern.compile("\\x1b\\[[0-9;]*[a-zA-Z]");
                yield w -> {
                    if (w.line().indexOf('\u001b') >= 0) {
                        w.setLine(ansi.matcher(w.line()).replaceAll(""));
                    }
                    return null;
                };
            }
            case "stage.sampling" -> {
                double rate = a.floating("rate");
                if (rate < 0 || rate > 1) {
                    throw new IllegalArgumentException("sampling rate must be between 0.0 and 1.0, received " + rate);
                }
                String reason = a.string("drop_counter_reason");
                yield w -> ThreadLocalRandom.current().nextDouble() < rate ? null : reason;
            }
            default -> throw new IllegalArgumentException("stage " + name + " is not supported by this agent");
        };
    }

    private static Pattern compileRegex(String expr) {
        try {
            return Pattern.compile(expr);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("could not compile regular expression \"" + expr + "\": " + e.getMessage());
        }
    }

    private static Stage logfmt(Args a) {
        Map<String, String> mapping = a.map("mapping");
        String re = a.string("regex");
        if (mapping.isEmpty() && (re == null || re.isEmpty())) {
            throw new IllegalArgumentException("logfmt mapping or regex is required");
        }
        Pattern regex = re == null || re.isEmpty() ? null : compileRegex(re);
        String source = a.string("source");
        return w -> {
            String input = source == null ? w.line() : Work.asString(w.extracted().get(source));
            if (input == null) {
                return null;
            }
            Map<String, String> kv = Logfmt.parse(input);
            Map<String, Object> ex = w.extracted();
            for (Map.Entry<String, String> m : mapping.entrySet()) {
                String field = m.getValue().isEmpty() ? m.getKey() : m.getValue();
                String v = kv.get(field);
                if (v != null) {
                    ex.put(m.getKey(), v);
                }
            }
            if (regex != null) {
                for (Map.Entry<String, String> e : kv.entrySet()) {
                    if (regex.matcher(e.getKey()).matches()) {
                        ex.put(e.getKey(), e.getValue());
                    }
                }
            }
            return null;
        };
    }

    private static Stage regex(Args a) {
        Pattern p = compileRegex(a.string("expression"));
        String source = a.string("source");
        if (source != null && source.isEmpty()) {
            throw new IllegalArgumentException("empty source");
        }
        boolean toLabels = a.bool("labels_from_groups");
        Map<String, Integer> groups = p.namedGroups();
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("regex expression requires at least one named capture group");
        }
        return w -> {
            String input = source == null ? w.line() : Work.asString(w.extracted().get(source));
            if (input == null) {
                return null;
            }
            Matcher m = p.matcher(input);
            if (!m.find()) {
                return null;
            }
            Map<String, Object> ex = w.extracted();
            for (Map.Entry<String, Integer> g : groups.entrySet()) {
                String v = m.group(g.getValue());
                if (v != null) {
                    ex.put(g.getKey(), v);
                    if (toLabels) {
                        w.labels = w.labels.with(g.getKey(), v);
                    }
                }
            }
            return null;
        };
    }

    private static void checkLabelName(String n) {
        if (n.isEmpty()) {
            throw new IllegalArgumentException("invalid label name: \"\"");
        }
    }

    private static Stage labels(Args a) {
        Map<String, String> values = a.map("values");
        String sourceType = a.string("source_type");
        if (!sourceType.equals("extracted") && !sourceType.equals("structured_metadata")) {
            throw new IllegalArgumentException("invalid source_type \"" + sourceType + "\"");
        }
        String[] names = values.keySet().toArray(new String[0]);
        String[] sources = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            checkLabelName(names[i]);
            String s = values.get(names[i]);
            sources[i] = s == null || s.isEmpty() ? names[i] : s;
        }
        boolean fromMetadata = sourceType.equals("structured_metadata");
        LabelCache cache = new LabelCache(names);
        return w -> {
            String[] vals = new String[names.length];
            if (fromMetadata) {
                for (int i = 0; i < names.length; i++) {
                    for (var p : w.structuredMetadata) {
                        if (p.name().equals(sources[i])) {
                            vals[i] = p.value();
                        }
                    }
                }
            } else {
                Map<String, Object> ex = w.extractedOrNull();
                if (ex == null) {
                    return null;
                }
                for (int i = 0; i < names.length; i++) {
                    vals[i] = Work.asString(ex.get(sources[i]));
                }
            }
            w.labels = cache.apply(w.labels, vals);
            return null;
        };
    }

    /**
     * Memoises "these labels plus these values" so the hot path does not rebuild label sets for every
     * line (a few distinct combinations repeat millions of times). Bounded; cleared when full.
     */
    static final class LabelCache {
        private static final int MAX = 4096;
        private final String[] names;
        private final HashMap<Key, Labels> cache = new HashMap<>();

        private record Key(Labels base, List<String> values) {
        }

        LabelCache(String[] names) {
            this.names = names;
        }

        Labels apply(Labels base, String[] vals) {
            Key k = new Key(base, java.util.Arrays.asList(vals));
            Labels hit = cache.get(k);
            if (hit != null) {
                return hit;
            }
            Labels l = base;
            for (int i = 0; i < names.length; i++) {
                if (vals[i] != null) {
                    l = l.with(names[i], vals[i]);
                }
            }
            if (cache.size() >= MAX) {
                cache.clear();
            }
            cache.put(k, l);
            return l;
        }
    }

    private static Stage staticLabels(Args a) {
        Map<String, String> values = a.map("values");
        values.keySet().forEach(Stages::checkLabelName);
        HashMap<Labels, Labels> cache = new HashMap<>();
        return w -> {
            Labels base = w.labels;
            Labels out = cache.get(base);
            if (out == null) {
                out = base;
                for (Map.Entry<String, String> e : values.entrySet()) {
                    out = out.with(e.getKey(), e.getValue());
                }
                if (cache.size() >= 4096) {
                    cache.clear();
                }
                cache.put(base, out);
            }
            w.labels = out;
            return null;
        };
    }

    private static Stage structuredMetadata(Args a) {
        Map<String, String> values = a.map("values");
        String re = a.string("regex");
        Pattern regex = re == null || re.isEmpty() ? null : compileRegex(re);
        return w -> {
            for (Map.Entry<String, String> e : values.entrySet()) {
                String src = e.getValue().isEmpty() ? e.getKey() : e.getValue();
                String labelValue = w.labels.get(src);
                if (labelValue != null) {
                    w.putStructuredMetadata(e.getKey(), labelValue);
                    w.labels = w.labels.without(src);
                    continue;
                }
                String v = Work.asString(w.extracted().get(src));
                if (v != null) {
                    w.putStructuredMetadata(e.getKey(), v);
                }
            }
            if (regex != null) {
                for (Map.Entry<String, Object> e : new TreeMap<>(w.extracted()).entrySet()) {
                    if (regex.matcher(e.getKey()).matches() && e.getValue() != null) {
                        w.putStructuredMetadata(e.getKey(), Work.asString(e.getValue()));
                    }
                }
            }
            return null;
        };
    }

    /** Alloy's template data: extracted values as strings, {@code .Value} (if the source exists) and {@code .Entry}. */
    private static Map<String, Object> templateData(Work w, Object value) {
        Map<String, Object> data = new HashMap<>();
        w.extracted().forEach((k, v) -> {
            if (v != null) {
                data.put(k, Work.asString(v));
            }
        });
        if (value != null) {
            data.put("Value", Work.asString(value));
        }
        data.put("Entry", w.line());
        return data;
    }

    private static Stage template(Args a) {
        String source = a.string("source");
        dev.plg.template.Template t = AlloyTemplates.parse(a.string("template"));
        return w -> {
            Object cur = w.extracted().get(source);
            String out = AlloyTemplates.render(t, templateData(w, cur));
            if (out != null && out.isEmpty()) {
                w.extracted().remove(source);
            } else if (out != null) {
                w.extracted().put(source, out);
            }
            return null;
        };
    }

    private static Stage replace(Args a) {
        Pattern p = compileRegex(a.string("expression"));
        String source = a.string("source");
        String replace = a.string("replace");
        dev.plg.template.Template t = replace.contains("{{") ? AlloyTemplates.parse(replace) : null;
        Map<String, Integer> named = p.namedGroups();
        return w -> {
            String input = source == null ? w.line() : Work.asString(w.extracted().get(source));
            if (input == null) {
                return null;
            }
            Matcher m = p.matcher(input);
            StringBuilder sb = new StringBuilder();
            int last = 0;
            boolean any = false;
            while (m.find()) {
                any = true;
                for (Map.Entry<String, Integer> g : named.entrySet()) {
                    if (m.group(g.getValue()) != null) {
                        w.extracted().put(g.getKey(), m.group(g.getValue()));
                    }
                }
                if (m.groupCount() == 0) {
                    sb.append(input, last, m.start());
                    sb.append(render(t, replace, w, m.group()));
                    last = m.end();
                    continue;
                }
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.start(g) < 0 || m.start(g) < last) {
                        continue;
                    }
                    sb.append(input, last, m.start(g));
                    sb.append(render(t, replace, w, m.group(g)));
                    last = m.end(g);
                }
            }
            if (!any) {
                return null;
            }
            sb.append(input.substring(last));
            if (source == null) {
                w.setLine(sb.toString());
            } else {
                w.extracted().put(source, sb.toString());
            }
            return null;
        };
    }

    private static String render(dev.plg.template.Template t, String replace, Work w, String value) {
        if (t == null) {
            return replace;
        }
        String out = AlloyTemplates.render(t, templateData(w, value));
        return out == null ? value : out;
    }

    private static Stage drop(Args a) {
        String source = a.string("source");
        String separator = a.string("separator");
        String expr = a.string("expression");
        String value = a.string("value");
        Duration olderThan = a.duration("older_than");
        Long longerThan = a.isSet("longer_than") ? a.size("longer_than") : null;
        String reason = a.string("drop_counter_reason");
        if (source.isEmpty() && expr == null && olderThan == null && longerThan == null) {
            throw new IllegalArgumentException("drop stage config must contain at least one of `source`, `expression`, `older_than` or `longer_than`");
        }
        if (expr != null && value != null) {
            throw new IllegalArgumentException("drop stage config cannot contain both `expression` and `value`");
        }
        if (value != null && source.isEmpty()) {
            throw new IllegalArgumentException("drop stage config using `value` requires `source`");
        }
        Pattern regex = expr == null ? null : compileRegex(expr);
        List<String> sources = source.isEmpty() ? List.of() : List.of(source.split(","));
        return w -> {
            if (longerThan != null && w.line().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= longerThan) {
                return null;
            }
            if (olderThan != null && w.timestampNanos > System.currentTimeMillis() * 1_000_000L - olderThan.toNanos()) {
                return null;
            }
            if (!sources.isEmpty()) {
                List<String> vals = new ArrayList<>();
                for (String s : sources) {
                    Object v = w.extracted().get(s.strip());
                    if (v == null) {
                        return null;
                    }
                    vals.add(Work.asString(v));
                }
                String joined = String.join(separator, vals);
                if (value != null && !joined.equals(value)) {
                    return null;
                }
                if (regex != null && !regex.matcher(joined).matches()) {
                    return null;
                }
            } else if (regex != null && !regex.matcher(w.line()).matches()) {
                return null;
            }
            return reason;
        };
    }

    private static Stage limit(Args a) {
        double rate = a.floating("rate");
        long burst = a.integer("burst");
        boolean drop = a.bool("drop");
        String byLabel = a.string("by_label_name");
        long maxDistinct = a.integer("max_distinct_labels");
        if (!byLabel.isEmpty() && !drop) {
            throw new IllegalArgumentException("by_label_name requires drop = true");
        }
        Map<String, double[]> buckets = new LinkedHashMap<>();
        return w -> {
            String k = byLabel.isEmpty() ? "" : w.labels.get(byLabel);
            if (k == null) {
                return null;
            }
            double[] b = buckets.get(k);
            if (b == null) {
                if (buckets.size() >= maxDistinct) {
                    buckets.remove(buckets.keySet().iterator().next());
                }
                b = new double[]{burst, System.nanoTime()};
                buckets.put(k, b);
            }
            while (true) {
                long now = System.nanoTime();
                b[0] = Math.min(burst, b[0] + (now - b[1]) / 1e9 * rate);
                b[1] = now;
                if (b[0] >= 1) {
                    b[0] -= 1;
                    return null;
                }
                if (drop) {
                    return "ratelimit_drop_stage";
                }
                try {
                    Thread.sleep(Math.max(1, (long) ((1 - b[0]) / rate * 1000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        };
    }

    private static Stage pack(Args a) {
        List<String> names = a.list("labels");
        boolean ingestTs = a.bool("ingest_timestamp");
        return w -> {
            TreeMap<String, String> packed = new TreeMap<>();
            for (String n : names) {
                String v = w.labels.get(n);
                if (v != null) {
                    packed.put(n, v);
                    w.labels = w.labels.without(n);
                } else {
                    Object ev = w.extracted().get(n);
                    if (ev != null) {
                        packed.put(n, Work.asString(ev));
                    }
                }
            }
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<String, String> e : packed.entrySet()) {
                jsonString(sb, e.getKey());
                sb.append(':');
                jsonString(sb, e.getValue());
                sb.append(',');
            }
            sb.append("\"_entry\":");
            jsonString(sb, w.line());
            sb.append('}');
            w.setLine(sb.toString());
            if (ingestTs) {
                w.timestampNanos = System.currentTimeMillis() * 1_000_000L;
            }
            return null;
        };
    }

    static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static Stage tenant(Args a) {
        String label = a.string("label");
        String source = a.string("source");
        String value = a.string("value");
        int n = (label != null ? 1 : 0) + (source != null ? 1 : 0) + (value != null ? 1 : 0);
        if (n != 1) {
            throw new IllegalArgumentException("exactly one of label, source or value must be set in tenant stage");
        }
        return w -> {
            String t;
            if (value != null) {
                t = value;
            } else if (label != null) {
                t = w.labels.get(label);
            } else {
                t = Work.asString(w.extracted().get(source));
            }
            if (t != null && !t.isEmpty()) {
                w.labels = w.labels.with("__tenant_id__", t);
            }
            return null;
        };
    }

    /** {@code stage.timestamp}. */
    static final class TimestampStage implements Stage {
        private final String source;
        private final List<String> formats;
        private final ZoneId zone;
        private final boolean fudge;
        private final boolean fudgeDuplicates;
        private final Map<Labels, long[]> last = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Labels, long[]> e) {
                return size() > 10_000;
            }
        });

        TimestampStage(Args a) {
            source = a.string("source");
            formats = new ArrayList<>();
            formats.add(a.string("format"));
            formats.addAll(a.list("fallback_formats"));
            String loc = a.string("location");
            try {
                zone = loc == null ? ZoneOffset.UTC : ZoneId.of(loc);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid location specified: " + loc);
            }
            String onFailure = a.string("action_on_failure");
            if (!onFailure.equals("fudge") && !onFailure.equals("skip")) {
                throw new IllegalArgumentException("invalid action on failure \"" + onFailure + "\"");
            }
            fudge = onFailure.equals("fudge");
            fudgeDuplicates = a.string("action_on_duplicate_timestamp").equals("fudge");
        }

        @Override
        public String apply(Work w) {
            Object v = w.extracted().get(source);
            if (v == null) {
                return null;
            }
            String s = v instanceof Double d ? new java.math.BigDecimal(d).toPlainString() : Work.asString(v);
            int year = java.time.Year.now(ZoneOffset.UTC).getValue();
            for (String f : formats) {
                try {
                    long ts = GoTime.parseNanos(f, s.strip(), zone, year);
                    long[] prev = last.get(w.labels);
                    if (fudgeDuplicates && prev != null && prev[0] == ts) {
                        prev[1] += 1;
                        w.timestampNanos = prev[1];
                        return null;
                    }
                    last.put(w.labels, new long[]{ts, ts});
                    w.timestampNanos = ts;
                    return null;
                } catch (RuntimeException ignored) {
                    // try the next format
                }
            }
            if (fudge) {
                long[] prev = last.get(w.labels);
                if (prev != null) {
                    prev[1] += 1;
                    w.timestampNanos = prev[1];
                }
            }
            return null;
        }
    }
}
