package dev.plg.logql.pipeline.impl;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.plg.logql.ParseException;
import dev.plg.logql.ast.CompareOp;
import dev.plg.logql.ast.LabelFilter;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.MatchOp;
import dev.plg.logql.ast.Matcher;
import dev.plg.logql.ast.Stage;
import dev.plg.logql.pipeline.TemplatedLine;
import dev.plg.logql.syntax.ByteSizes;
import dev.plg.logql.syntax.Durations;
import dev.plg.logql.syntax.GoNumbers;
import dev.plg.logql.syntax.Printer;
import dev.plg.logql.syntax.Regexes;
import dev.plg.template.Template;
import dev.plg.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compiles AST stages into {@link Op}s with Loki's semantics. */
public final class Compiler {
    static final String ERR_JSON = "JSONParserErr";
    static final String ERR_LOGFMT = "LogfmtParserErr";
    static final String ERR_LABEL_FILTER = "LabelFilterErr";
    static final String ERR_SAMPLE = "SampleExtractionErr";
    static final String ERR_TEMPLATE = "TemplateFormatErr";
    static final String EXTRACTED = "_extracted";

    private Compiler() {
    }

    /** The compiled stages of a log expression plus what block skipping may rely on. */
    record Compiled(List<Op> ops, List<String> requiredSubstrings, List<JsonFieldHint> jsonFieldHints,
                    boolean onlyLineFilters, List<ByteFilter> lineFilters) {
    }

    /**
     * {@code | json | field="value"}: the raw line must contain {@code needle}, but only where {@code field} is
     * not a stream label (the filter would then test the stream label, and json would name its own
     * {@code field_extracted}). The needle is {@link #jsonNeedle the value as it stands in JSON}.
     */
    record JsonFieldHint(String field, String needle) {
    }

    private static final java.util.regex.Pattern JSON_NUMBER =
            java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /**
     * What a line must contain for {@code | json} to extract {@code value} (a {@link #isPlainToken plain
     * token}, so JSON never escapes it): the quoted string {@code "value"}, unless the value could also be
     * a JSON number or literal ({@code "200"} matches {@code "status": 200}), then the bare value. The
     * quotes matter for skipping: the store's token filters test only tokens delimited inside the needle.
     */
    static String jsonNeedle(String value) {
        if (JSON_NUMBER.matcher(value).matches() || value.equals("true") || value.equals("false")
                || value.equals("null")) {
            return value;
        }
        return '"' + value + '"';
    }

    static Compiled compile(LogExpr expr) {
        return compile(expr, false);
    }

    /**
     * {@code parserHints}: Loki's parser hints of a log query (NewPipeline): JSON, logfmt, regexp and
     * pattern parsers test every label they extract against the first single-label filter of that name
     * anywhere in the pipeline, and drop the line when it fails, even if a later stage (label_format)
     * would have changed the label before that filter.
     */
    static Compiled compile(LogExpr expr, boolean parserHints) {
        return compile(expr, parserHints, null);
    }

    /**
     * {@code extract}: when not null, json (without parameters) and logfmt (without parameters) set
     * only labels whose final name is in it; they still read the whole line, so their errors are
     * those of a full parse.
     */
    static Compiled compile(LogExpr expr, boolean parserHints, java.util.Set<String> extract) {
        return compile(expr, parserHints, extract, null);
    }

    /**
     * {@code deferred}: with {@code extract}, a label only an {@code unwrap} and numeric label
     * filters read; json (without parameters) over templated lines leaves it unset where a
     * template gives it a number hole ({@link JsonTemplates}, {@link LabelsBuilder#deferredHole}),
     * and those filters compare the hole's number ({@link #labelFilter(LabelFilter, String)}).
     */
    static Compiled compile(LogExpr expr, boolean parserHints, java.util.Set<String> extract, String deferred) {
        Map<String, LabelPredicate> hints = parserHints ? parserHints(expr) : Map.of();
        List<Op> ops = new ArrayList<>();
        List<String> required = new ArrayList<>();
        List<JsonFieldHint> jsonHints = new ArrayList<>();
        List<ByteFilter> leadingFilters = new ArrayList<>();
        boolean rewritten = false;
        boolean onlyFilters = true;
        boolean jsonSeen = false;
        boolean labelsChangedAfterJson = false;
        for (Stage s : reorder(expr.stages())) {
            Op op;
            try {
                op = extract == null ? compileStage(s) : switch (s) {
                    case Stage.JsonParser j when j.extractions().isEmpty() -> new JsonOp(extract, deferred);
                    case Stage.LogfmtParser l when l.extractions().isEmpty() ->
                            new LogfmtOp(l.strict(), l.keepEmpty(), extract);
                    case Stage.LabelFilterStage f when deferred != null -> new LabelFilterOp(labelFilter(f.filter(), deferred));
                    default -> compileStage(s);
                };
            } catch (ParseException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw ParseException.stage(Printer.stage(s), e.getMessage());
            }
            if (s instanceof Stage.LineFilter lf) {
                if (!rewritten && lf.op() == Stage.LineFilterOp.CONTAINS && lf.alternatives().size() == 1
                        && !lf.alternatives().get(0).ip() && !lf.alternatives().get(0).value().isEmpty()) {
                    required.add(lf.alternatives().get(0).value());
                }
                if (onlyFilters) {
                    leadingFilters.add(((LineFilterOp) op).filter);
                }
            } else {
                onlyFilters = false;
            }
            switch (s) {
                case Stage.LineFormat lf -> rewritten = true;
                case Stage.Unpack u -> rewritten = true;
                case Stage.Decolorize d -> rewritten = true;
                case Stage.JsonParser j -> {
                    if (j.extractions().isEmpty()) {
                        jsonSeen = true;
                        labelsChangedAfterJson = false;
                    } else {
                        labelsChangedAfterJson = true;
                    }
                }
                case Stage.LabelFormat lf -> labelsChangedAfterJson = true;
                case Stage.LogfmtParser l -> labelsChangedAfterJson = true;
                case Stage.RegexpParser r -> labelsChangedAfterJson = true;
                case Stage.PatternParser p -> labelsChangedAfterJson = true;
                case Stage.LabelFilterStage lfs -> {
                    if (jsonSeen && !rewritten && !labelsChangedAfterJson
                            && lfs.filter() instanceof LabelFilter.StringFilter sf && sf.op() == MatchOp.EQ
                            && isPlainToken(sf.value()) && !isAlwaysPresentLabel(sf.name())) {
                        jsonHints.add(new JsonFieldHint(sf.name(), jsonNeedle(sf.value())));
                    }
                }
                default -> {
                }
            }
            if (!hints.isEmpty() && (op instanceof JsonOp || op instanceof LogfmtOp || op instanceof RegexpOp
                    || op instanceof PatternOp)) {
                op = new HintedParserOp(op, hints);
            }
            ops.add(op);
        }
        return new Compiled(List.copyOf(ops), List.copyOf(required), List.copyOf(jsonHints), onlyFilters, List.copyOf(leadingFilters));
    }

    /**
     * Loki's MultiStageExpr.reorderStages: line filters move to the front of their segment, a segment ending
     * at a label filter (which stays after them), a line_format or an unpack. So a line filter after
     * decolorize, a parser or label_format in the same segment tests the line before decolorize.
     */
    static List<Stage> reorder(List<Stage> stages) {
        List<Stage> result = new ArrayList<>(stages.size());
        List<Stage> lineFilters = new ArrayList<>();
        List<Stage> rest = new ArrayList<>();
        for (Stage s : stages) {
            switch (s) {
                case Stage.LabelFilterStage f -> {
                    flush(result, lineFilters, rest);
                    result.add(f);
                }
                case Stage.LineFilter f -> lineFilters.add(f);
                case Stage.LineFormat f -> {
                    rest.add(f);
                    flush(result, lineFilters, rest);
                }
                case Stage.Unpack u -> {
                    rest.add(u);
                    flush(result, lineFilters, rest);
                }
                default -> rest.add(s);
            }
        }
        flush(result, lineFilters, rest);
        return result;
    }

    private static void flush(List<Stage> result, List<Stage> lineFilters, List<Stage> rest) {
        result.addAll(lineFilters);
        result.addAll(rest);
        lineFilters.clear();
        rest.clear();
    }

    /** Loki's NewParserHint label filters: single-label filters (not and/or), the first per label name. */
    private static Map<String, LabelPredicate> parserHints(LogExpr expr) {
        Map<String, LabelPredicate> hints = new java.util.LinkedHashMap<>();
        for (Stage s : expr.stages()) {
            if (s instanceof Stage.LabelFilterStage lfs) {
                LabelFilter f = lfs.filter();
                while (f instanceof LabelFilter.Parens p) {
                    f = p.inner();
                }
                String name = switch (f) {
                    case LabelFilter.StringFilter x -> x.name();
                    case LabelFilter.NumberFilter x -> x.name();
                    case LabelFilter.DurationFilter x -> x.name();
                    case LabelFilter.BytesFilter x -> x.name();
                    case LabelFilter.IpFilter x -> x.name();
                    default -> null;
                };
                if (name != null && !hints.containsKey(name)) {
                    try {
                        hints.put(name, labelFilter(f));
                    } catch (IllegalArgumentException e) {
                        // reported by compileStage with the stage text
                    }
                }
            }
        }
        return Map.copyOf(hints);
    }

    /** Runs a parser with {@link LabelsBuilder#guardParsed}; drops the line when an extracted label fails its hint. */
    static final class HintedParserOp implements Op {
        final Op parser;
        private final Map<String, LabelPredicate> hints;

        HintedParserOp(Op parser, Map<String, LabelPredicate> hints) {
            this.parser = parser;
            this.hints = hints;
        }

        @Override
        public boolean process(EntryState e) {
            LabelsBuilder lbs = e.labels();
            lbs.guardParsed(hints);
            boolean ok = parser.process(e);
            return lbs.endGuard() && ok;
        }
    }

    /** Values a JSON encoder writes verbatim: ASCII letters, digits, '-', '_', '.', ':' (no escaping). */
    private static boolean isPlainToken(String v) {
        if (v.length() < 3) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == ':')) {
                return false;
            }
        }
        return true;
    }

    /** Labels the store attaches to entries whatever the line says (a filter on them proves nothing about the line). */
    private static boolean isAlwaysPresentLabel(String name) {
        return name.equals("detected_level") || name.equals("service_name") || name.startsWith("__");
    }

    static Op compileStage(Stage s) {
        return switch (s) {
            case Stage.LineFilter lf -> new LineFilterOp(lineFilter(lf));
            case Stage.JsonParser j -> j.extractions().isEmpty() ? new JsonOp() : new JsonExprOp(j.extractions());
            case Stage.LogfmtParser l -> l.extractions().isEmpty() ? new LogfmtOp(l.strict(), l.keepEmpty())
                    : new LogfmtExprOp(l.strict(), l.extractions());
            case Stage.RegexpParser r -> new RegexpOp(r.regex());
            case Stage.PatternParser p -> new PatternOp(PatternExpr.parse(p.pattern()));
            case Stage.Unpack u -> new UnpackOp();
            case Stage.LabelFilterStage f -> new LabelFilterOp(labelFilter(f.filter()));
            case Stage.LineFormat lf -> new LineFormatOp(template("line", lf.template(), "invalid line template: "));
            case Stage.LabelFormat lf -> labelFormat(lf);
            case Stage.Drop d -> new DropOp(d.items());
            case Stage.Keep k -> new KeepOp(k.items());
            case Stage.Decolorize d -> new DecolorizeOp();
        };
    }

    private static Template template(String name, String text, String prefix) {
        try {
            return TemplateFunctions.parse(name, text);
        } catch (TemplateException e) {
            throw new IllegalArgumentException(prefix + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ line filters

    static ByteFilter lineFilter(Stage.LineFilter lf) {
        List<ByteFilter> alts = new ArrayList<>();
        for (Stage.LineFilterValue v : lf.alternatives()) {
            alts.add(single(lf.op(), v));
        }
        ByteFilter any = ByteFilter.anyOf(alts);
        return lf.op().negated() ? ByteFilter.not(any) : any;
    }

    private static ByteFilter single(Stage.LineFilterOp op, Stage.LineFilterValue v) {
        if (v.ip()) {
            IpMatcher m = IpMatcher.parse(v.value());
            return m::lineContains;
        }
        return switch (op) {
            case CONTAINS, NOT_CONTAINS -> v.value().isEmpty() ? ByteFilter.TRUE : new ByteFilter.Contains(v.value());
            case MATCH, NOT_MATCH -> regexFilter(v.value());
            case PATTERN, NOT_PATTERN -> {
                PatternExpr p = PatternExpr.parseLenient(v.value());
                yield p::test;
            }
        };
    }

    static ByteFilter regexFilter(String re) {
        Pattern p;
        try {
            p = Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(Regexes.goMessage(e));
        }
        if (re.isEmpty()) {
            return ByteFilter.TRUE;
        }
        if (isLiteral(re)) {
            return new ByteFilter.Contains(re);
        }
        if (re.startsWith("(?i)") && isLiteral(re.substring(4)) && isAscii(re)) {
            return new ByteFilter.ContainsFold(re.substring(4));
        }
        return new ByteFilter.Regex(p);
    }

    private static boolean isLiteral(String re) {
        if (re.isEmpty()) {
            return false;
        }
        for (int i = 0; i < re.length(); i++) {
            if ("\\.+*?()|[]{}^$".indexOf(re.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    static final class LineFilterOp implements Op {
        final ByteFilter filter;

        LineFilterOp(ByteFilter filter) {
            this.filter = filter;
        }

        @Override
        public boolean process(EntryState e) {
            return filter.test(e.buf(), e.off(), e.len());
        }
    }

    // ------------------------------------------------------------------ parsers

    /** Loki's sanitizeLabelKey: trim, prefix a leading digit with '_', other characters become '_'. */
    static String sanitize(String key, boolean isPrefix) {
        String k = key.strip();
        if (k.isEmpty()) {
            return k;
        }
        StringBuilder sb = null;
        if (isPrefix && k.charAt(0) >= '0' && k.charAt(0) <= '9') {
            sb = new StringBuilder("_");
        }
        for (int i = 0; i < k.length(); ) {
            int cp = k.codePointAt(i);
            boolean ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' || (cp >= '0' && cp <= '9');
            if (!ok && sb == null) {
                sb = new StringBuilder(k.length()).append(k, 0, i);
            }
            if (sb != null) {
                sb.append(ok ? (char) cp : '_');
            }
            i += Character.charCount(cp);
        }
        return sb == null ? k : sb.toString();
    }

    /** The label name a parser uses for a sanitized key: {@code _extracted} when it clashes with a stream label. */
    static String extractedName(LabelsBuilder lbs, String name) {
        if (name.isEmpty()) {
            return name;
        }
        return lbs.baseHas(name) ? name + EXTRACTED : name;
    }

    static void setParsed(LabelsBuilder lbs, String name, String value) {
        if (name.isEmpty()) {
            return;
        }
        if (lbs.baseHas(name)) {
            name = name + EXTRACTED;
        }
        lbs.set(LabelsBuilder.PARSED, name, value);
    }

    /** Returned by a parser's visitor to stop early; never an error. */
    static final String STOP = new String("stop parsing");

    static final class JsonOp implements Op {
        /** Label names to set (null: all). */
        private final java.util.Set<String> extract;
        /** See {@link JsonTemplates}: the label left to the unwrap on templated lines, or null. */
        private final String deferred;

        JsonOp() {
            this(null);
        }

        JsonOp(java.util.Set<String> extract) {
            this(extract, null);
        }

        JsonOp(java.util.Set<String> extract, String deferred) {
            this.extract = extract;
            this.deferred = deferred;
        }

        @Override
        public boolean process(EntryState e) {
            LabelsBuilder lbs = e.labels();
            KeyCache cache = e.keyCache(this);
            TemplatedLine line = e.templated();
            if (line != null && templates(cache, lbs).apply(line, lbs)) {
                return true;
            }
            byte[] b = e.buf();
            cache.startLine();
            if (cache.visitor == null) {
                // with `extract`, a key whose label is not wanted names "" (never set), decided once per key
                cache.namer = extract == null ? raw -> extractedName(lbs, sanitize(raw, true))
                        : raw -> wanted(extractedName(lbs, sanitize(raw, true)), extract);
                cache.visitor = visitor(null, lbs, cache, extract);
            }
            String err = JsonScan.objectEach(b, e.off(), e.off() + e.len(), (JsonScan.MemberVisitor) cache.visitor);
            if (err != null && err != STOP) {
                lbs.setErr(ERR_JSON);
                lbs.setErrDetails(err);
            }
            return true;
        }

        private JsonTemplates templates(KeyCache cache, LabelsBuilder lbs) {
            JsonTemplates t = cache.templates;
            if (t == null) {
                t = new JsonTemplates(extract, lbs.base(), deferred);
                cache.templates = t;
            }
            return t;
        }

        private static String walk(byte[] b, int from, int to, String prefix, LabelsBuilder lbs, KeyCache cache,
                                   java.util.Set<String> extract) {
            return JsonScan.objectEach(b, from, to, visitor(prefix, lbs, cache, extract));
        }

        private static JsonScan.MemberVisitor visitor(String prefix, LabelsBuilder lbs, KeyCache cache,
                                                      java.util.Set<String> extract) {
            return (data, ks, ke, esc, vs, ve, type) -> {
                switch (type) {
                    case STRING, NUMBER, BOOLEAN -> {
                        if (prefix == null && !esc) {
                            String name = cache.get(data, ks, ke, cache.namer);
                            if (!name.isEmpty()) {
                                lbs.set(LabelsBuilder.PARSED, name, value(data, vs, ve, type));
                                if (lbs.guardRejected()) {
                                    // a label failed its filter hint: the line is dropped whatever follows
                                    return STOP;
                                }
                            }
                            return null;
                        }
                        String rawKey = esc ? JsonScan.unescape(data, ks, ke) : new String(data, ks, ke - ks, StandardCharsets.UTF_8);
                        String name = prefix == null ? sanitize(rawKey, true) : prefix + "_" + sanitize(rawKey, false);
                        if (extract == null || extract.contains(lbs.baseHas(name) ? name + EXTRACTED : name)) {
                            setParsed(lbs, name, value(data, vs, ve, type));
                        }
                        return null;
                    }
                    case OBJECT -> {
                        String rawKey = esc ? JsonScan.unescape(data, ks, ke) : new String(data, ks, ke - ks, StandardCharsets.UTF_8);
                        String p = prefix == null ? sanitize(rawKey, true) : prefix + "_" + sanitize(rawKey, false);
                        return walk(data, vs, ve, p, lbs, cache, extract);
                    }
                    default -> {
                        return null;
                    }
                }
            };
        }

        private static String wanted(String name, java.util.Set<String> extract) {
            return extract.contains(name) ? name : "";
        }

        private static String value(byte[] data, int vs, int ve, JsonScan.Type type) {
            return type == JsonScan.Type.STRING ? JsonScan.unescape(data, vs, ve)
                    : new String(data, vs, ve - vs, StandardCharsets.UTF_8);
        }
    }

    static final class JsonExprOp implements Op {
        private final String[] ids;
        private final String[][] paths;

        JsonExprOp(List<Stage.Extraction> extractions) {
            ids = new String[extractions.size()];
            paths = new String[extractions.size()][];
            for (int i = 0; i < ids.length; i++) {
                Stage.Extraction x = extractions.get(i);
                ids[i] = x.label();
                String expr = x.expression() == null ? x.label() : x.expression();
                paths[i] = JsonPath.parse(expr);
            }
        }

        @Override
        public boolean process(EntryState e) {
            LabelsBuilder lbs = e.labels();
            byte[] b = e.buf();
            int s = e.off();
            int end = s + e.len();
            int first = JsonScan.nextToken(b, s, end);
            if (first < 0 || (b[first] != '{' && b[first] != '[')) {
                lbs.setErr(ERR_JSON);
                return true;
            }
            JsonScan.Value v = new JsonScan.Value();
            for (int i = 0; i < ids.length; i++) {
                String value = "";
                if (JsonScan.get(b, s, end, paths[i], v)) {
                    value = switch (v.type) {
                        case NULL -> "";
                        case OBJECT, ARRAY, NUMBER, BOOLEAN -> new String(b, v.start, v.end - v.start, StandardCharsets.UTF_8);
                        case STRING -> JsonScan.unescape(b, v.start, v.end);
                    };
                } else if (lbs.get(ids[i]) != null) {
                    continue;
                }
                lbs.set(LabelsBuilder.PARSED, ids[i], value);
            }
            return true;
        }
    }

    static final class LogfmtOp implements Op {
        private final boolean strict;
        private final boolean keepEmpty;
        /** Label names to set (null: all). */
        private final java.util.Set<String> extract;

        LogfmtOp(boolean strict, boolean keepEmpty) {
            this(strict, keepEmpty, null);
        }

        LogfmtOp(boolean strict, boolean keepEmpty, java.util.Set<String> extract) {
            this.strict = strict;
            this.keepEmpty = keepEmpty;
            this.extract = extract;
        }

        @Override
        public boolean process(EntryState e) {
            LabelsBuilder lbs = e.labels();
            KeyCache cache = e.keyCache(this);
            cache.startLine();
            if (cache.namer == null) {
                cache.namer = raw -> extractedName(lbs, sanitize(raw, true));
            }
            String err = Logfmt.scan(e.buf(), e.off(), e.len(), strict, (b, ks, ke, v) -> {
                if (v != null && v.indexOf('\uFFFD') >= 0) {
                    v = null;
                }
                if (!keepEmpty && (v == null || v.isEmpty())) {
                    return;
                }
                String name = cache.get(b, ks, ke, cache.namer);
                if (name.isEmpty() || (extract != null && !extract.contains(name))) {
                    return;
                }
                lbs.set(LabelsBuilder.PARSED, name, v == null ? "" : v);
            });
            if (strict && err != null) {
                lbs.setErr(ERR_LOGFMT);
                lbs.setErrDetails(err);
            }
            return true;
        }
    }

    static final class LogfmtExprOp implements Op {
        private final boolean strict;
        private final String[] ids;
        private final String[] keys;

        LogfmtExprOp(boolean strict, List<Stage.Extraction> extractions) {
            this.strict = strict;
            ids = new String[extractions.size()];
            keys = new String[extractions.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = extractions.get(i).label();
                keys[i] = extractions.get(i).expression() == null ? ids[i] : extractions.get(i).expression();
            }
        }

        @Override
        public boolean process(EntryState e) {
            LabelsBuilder lbs = e.labels();
            String err = Logfmt.scan(e.buf(), e.off(), e.len(), strict, (b, ks, ke, v) -> {
                String k = new String(b, ks, ke - ks, StandardCharsets.UTF_8);
                for (int i = 0; i < keys.length; i++) {
                    if (keys[i].equals(k)) {
                        String val = v == null || v.indexOf('\uFFFD') >= 0 ? "" : v;
                        setParsed(lbs, ids[i], val);
                    }
                }
            });
            if (strict && err != null) {
                lbs.setErr(ERR_LOGFMT);
                lbs.setErrDetails(err);
            }
            return true;
        }
    }

    static final class RegexpOp implements Op {
        private final Pattern pattern;
        private final String[] groupNames;

        RegexpOp(String re) {
            String err = Regexes.regexpParserError(re);
            if (err != null) {
                throw new IllegalArgumentException(err);
            }
            pattern = Pattern.compile(re);
            groupNames = new String[pattern.groupCount() + 1];
            for (Map.Entry<String, Integer> en : pattern.namedGroups().entrySet()) {
                groupNames[en.getValue()] = en.getKey();
            }
        }

        @Override
        public boolean process(EntryState e) {
            com.google.re2j.Matcher m = pattern.matcher(e.lineString());
            if (!m.find()) {
                return true;
            }
            LabelsBuilder lbs = e.labels();
            for (int g = 1; g < groupNames.length; g++) {
                if (groupNames[g] == null) {
                    continue;
                }
                String v = m.group(g);
                setParsed(lbs, groupNames[g], v == null ? "" : v);
            }
            return true;
        }
    }

    static final class PatternOp implements Op {
        private final PatternExpr pattern;

        PatternOp(PatternExpr pattern) {
            this.pattern = pattern;
        }

        @Override
        public boolean process(EntryState e) {
            LabelsBuilder lbs = e.labels();
            byte[] b = e.buf();
            pattern.matches(b, e.off(), e.len(),
                    (name, s, end) -> setParsed(lbs, name, new String(b, s, end - s, StandardCharsets.UTF_8)));
            return true;
        }
    }

    static final class UnpackOp implements Op {
        @Override
        public boolean process(EntryState e) {
            LabelsBuilder lbs = e.labels();
            byte[] b = e.buf();
            List<String> pairs = new ArrayList<>();
            String[] entry = new String[1];
            String err = JsonScan.objectEach(b, e.off(), e.off() + e.len(), (data, ks, ke, esc, vs, ve, type) -> {
                if (type != JsonScan.Type.STRING) {
                    return null;
                }
                String key = esc ? JsonScan.unescape(data, ks, ke) : new String(data, ks, ke - ks, StandardCharsets.UTF_8);
                if (key.equals("_entry")) {
                    entry[0] = JsonScan.unescape(data, vs, ve);
                    return null;
                }
                pairs.add(key);
                pairs.add(JsonScan.unescape(data, vs, ve));
                return null;
            });
            if (err != null) {
                lbs.setErr(ERR_JSON);
                lbs.setErrDetails(err);
                return true;
            }
            if (entry[0] != null) {
                for (int i = 0; i < pairs.size(); i += 2) {
                    String k = pairs.get(i);
                    if (lbs.baseHas(k)) {
                        k = k + EXTRACTED;
                    }
                    lbs.set(LabelsBuilder.PARSED, sanitize(k, true), pairs.get(i + 1));
                }
                e.setLine(entry[0]);
            }
            return true;
        }
    }

    // ------------------------------------------------------------------ label filters

    interface LabelPredicate {
        boolean test(LabelsBuilder lbs);
    }

    static final class LabelFilterOp implements Op {
        final LabelPredicate predicate;

        LabelFilterOp(LabelPredicate predicate) {
            this.predicate = predicate;
        }

        @Override
        public boolean process(EntryState e) {
            return predicate.test(e.labels());
        }
    }

    static LabelPredicate labelFilter(LabelFilter f) {
        return labelFilter(f, null);
    }

    /**
     * {@code deferred}: a label json may leave unset on templated lines, its value being the
     * number in hole {@link LabelsBuilder#deferredHole} (see {@link #compile(LogExpr, boolean,
     * java.util.Set, String)}); a number filter on it then reads the hole. Null: none.
     */
    static LabelPredicate labelFilter(LabelFilter f, String deferred) {
        return switch (f) {
            case LabelFilter.And a -> {
                LabelPredicate l = labelFilter(a.left(), deferred);
                LabelPredicate r = labelFilter(a.right(), deferred);
                yield lbs -> l.test(lbs) & r.test(lbs);
            }
            case LabelFilter.Or o -> {
                LabelPredicate l = labelFilter(o.left(), deferred);
                LabelPredicate r = labelFilter(o.right(), deferred);
                yield lbs -> l.test(lbs) || r.test(lbs);
            }
            case LabelFilter.Parens p -> labelFilter(p.inner(), deferred);
            case LabelFilter.StringFilter s -> stringFilter(new Matcher(s.name(), s.op(), s.value()));
            case LabelFilter.NumberFilter n when n.name().equals(deferred) -> new HoleNumeric(n.name(), n.op(), n.value());
            case LabelFilter.NumberFilter n -> numeric(n.name(), n.op(), v -> GoNumbers.parseFloat(v), n.value());
            case LabelFilter.DurationFilter d ->
                    numeric(d.name(), d.op(), v -> (double) Durations.parseGo(v), (double) d.nanos());
            case LabelFilter.BytesFilter b ->
                    numeric(b.name(), b.op(), v -> unsigned(ByteSizes.parse(v)), unsigned(b.bytes()));
            case LabelFilter.IpFilter ip -> {
                IpMatcher m = IpMatcher.parse(ip.cidr());
                String name = ip.name();
                yield lbs -> {
                    String v = lbs.get(name);
                    if (v == null) {
                        return false;
                    }
                    boolean in = m.contains(IpMatcher.parseIp(v.strip()));
                    return ip.negated() != in;
                };
            }
        };
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    private interface Conv {
        double convert(String v);
    }

    private static LabelPredicate numeric(String label, CompareOp op, Conv conv, double target) {
        String name = label.intern(); // parsed label names of templates are interned: found by identity
        return lbs -> {
            String v = lbs.get(name);
            return v != null && compare(lbs, v, conv, op, target);
        };
    }

    /** Whether {@code v} (converted) passes {@code op target}; true with {@code __error__} set when it does not convert. */
    private static boolean compare(LabelsBuilder lbs, String v, Conv conv, CompareOp op, double target) {
        double x;
        try {
            x = conv.convert(v);
        } catch (IllegalArgumentException ex) {
            if (!lbs.hasErr()) {
                lbs.setErr(ERR_LABEL_FILTER);
                lbs.setErrDetails(ex.getMessage());
            }
            return true;
        }
        return compare(x, op, target);
    }

    private static boolean compare(double x, CompareOp op, double target) {
        return switch (op) {
            case EQ -> x == target;
            case NEQ -> x != target;
            case GT -> x > target;
            case GTE -> x >= target;
            case LT -> x < target;
            case LTE -> x <= target;
        };
    }

    /**
     * A number filter on the deferred label: as {@link #numeric} when the label is set (by another
     * json key, structured metadata, the bytes path), else on hole {@link LabelsBuilder#deferredHole}
     * of {@link LabelsBuilder#deferredLine} when json left it there: a canonical decimal is read
     * without a String (from the store when it knows it), anything else (1e5, true) as a String.
     */
    static final class HoleNumeric implements LabelPredicate {
        private final String name;
        private final CompareOp op;
        private final double target;

        HoleNumeric(String label, CompareOp op, double target) {
            this.name = label.intern();
            this.op = op;
            this.target = target;
        }

        @Override
        public boolean test(LabelsBuilder lbs) {
            int k = lbs.deferredHole;
            String v = k < 0 ? lbs.get(name) : lbs.deferredValue(name);
            if (v == null) {
                if (k < 0) {
                    return false;
                }
                double x = JsonTemplates.holeNumber(lbs.deferredLine, k);
                if (!Double.isNaN(x)) {
                    return compare(x, op, target);
                }
                v = JsonTemplates.holeText(lbs.deferredLine, k);
            }
            return compare(lbs, v, GoNumbers::parseFloat, op, target);
        }
    }

    static LabelPredicate stringFilter(Matcher m) {
        String name = m.name().intern();
        StringMatcher sm = StringMatcher.of(m.op(), m.value());
        if (name.equals(LabelsBuilder.ERROR)) {
            return lbs -> !lbs.errorPreserved() ? sm.matches(lbs.err()) : true;
        }
        if (name.equals(LabelsBuilder.ERROR_DETAILS)) {
            return lbs -> sm.matches(lbs.errDetails());
        }
        return lbs -> {
            String v = lbs.get(name);
            return sm.matches(v == null ? "" : v);
        };
    }

    /** Equality or anchored-regex matching of a label value (Prometheus matcher semantics). */
    interface StringMatcher {
        boolean matches(String v);

        static StringMatcher of(MatchOp op, String value) {
            return switch (op) {
                case EQ -> value::equals;
                case NEQ -> v -> !value.equals(v);
                case RE -> {
                    Pattern p = compileAnchored(value);
                    yield v -> p.matches(v);
                }
                case NRE -> {
                    Pattern p = compileAnchored(value);
                    yield v -> !p.matches(v);
                }
            };
        }
    }

    static Pattern compileAnchored(String re) {
        try {
            return Pattern.compile("^(?s:" + re + ")$");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(Regexes.goMessage(e));
        }
    }

    // ------------------------------------------------------------------ formatters

    static final class LineFormatOp implements Op {
        private final Template template;

        LineFormatOp(Template template) {
            this.template = template;
        }

        @Override
        public boolean process(EntryState e) {
            LabelsBuilder lbs = e.labels();
            try {
                e.setLine(TemplateFunctions.execute(template, lbs.map(), e));
            } catch (TemplateException ex) {
                lbs.setErr(ERR_TEMPLATE);
                lbs.setErrDetails(ex.getMessage());
            }
            return true;
        }
    }

    private static Op labelFormat(Stage.LabelFormat lf) {
        List<Stage.LabelFormatItem> items = lf.items();
        java.util.Set<String> seen = new java.util.HashSet<>();
        Template[] templates = new Template[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Stage.LabelFormatItem it = items.get(i);
            if (!seen.add(it.destination())) {
                throw new IllegalArgumentException("multiple label name '" + it.destination() + "' not allowed in a single format operation");
            }
            if (!it.rename()) {
                templates[i] = template("label", it.source(), "invalid template for label '" + it.destination() + "': ");
            }
        }
        return e -> {
            LabelsBuilder lbs = e.labels();
            Map<String, String> data = null;
            for (int i = 0; i < items.size(); i++) {
                Stage.LabelFormatItem it = items.get(i);
                if (it.rename()) {
                    String v = lbs.get(it.source());
                    if (v != null) {
                        int cat = lbs.categoryOf(it.source());
                        lbs.del(it.source());
                        lbs.set(cat < 0 ? LabelsBuilder.PARSED : cat, it.destination(), v);
                    }
                    continue;
                }
                if (data == null) {
                    data = lbs.map();
                }
                try {
                    String v = TemplateFunctions.execute(templates[i], data, e);
                    lbs.set(LabelsBuilder.PARSED, it.destination(), v);
                } catch (TemplateException ex) {
                    lbs.setErr(ERR_TEMPLATE);
                    lbs.setErrDetails(ex.getMessage());
                }
            }
            return true;
        };
    }

    /** The compiled matcher of each drop/keep item, {@code null} for a bare label name. */
    private static StringMatcher[] namedMatchers(List<Stage.NamedMatcher> items) {
        StringMatcher[] matchers = new StringMatcher[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Matcher m = items.get(i).matcher();
            if (m != null) {
                matchers[i] = StringMatcher.of(m.op(), m.value());
            }
        }
        return matchers;
    }

    static final class DropOp implements Op {
        private final List<Stage.NamedMatcher> items;
        private final StringMatcher[] matchers;

        DropOp(List<Stage.NamedMatcher> items) {
            this.items = items;
            matchers = namedMatchers(items);
        }

        @Override
        public boolean process(EntryState e) {
            LabelsBuilder lbs = e.labels();
            for (int i = 0; i < items.size(); i++) {
                Stage.NamedMatcher nm = items.get(i);
                String name = nm.matcher() != null ? nm.matcher().name() : nm.name();
                if (name.equals(LabelsBuilder.ERROR)) {
                    if (matchers[i] == null || matchers[i].matches(lbs.err())) {
                        lbs.setErr("");
                    }
                    continue;
                }
                if (name.equals(LabelsBuilder.ERROR_DETAILS)) {
                    if (matchers[i] == null || matchers[i].matches(lbs.errDetails())) {
                        lbs.setErrDetails("");
                    }
                    continue;
                }
                String v = lbs.get(name);
                if (matchers[i] == null) {
                    if (v != null) {
                        lbs.del(name);
                    }
                } else if (matchers[i].matches(v == null ? "" : v)) {
                    lbs.del(name);
                }
            }
            return true;
        }
    }

    static final class KeepOp implements Op {
        private final List<Stage.NamedMatcher> items;
        private final StringMatcher[] matchers;

        KeepOp(List<Stage.NamedMatcher> items) {
            this.items = items;
            matchers = namedMatchers(items);
        }

        @Override
        public boolean process(EntryState e) {
            LabelsBuilder lbs = e.labels();
            List<String> toDelete = new ArrayList<>();
            lbs.forEach((name, value) -> {
                for (int i = 0; i < items.size(); i++) {
                    Stage.NamedMatcher nm = items.get(i);
                    if (nm.matcher() == null) {
                        if (nm.name().equals(name)) {
                            return;
                        }
                    } else if (nm.matcher().name().equals(name) && matchers[i].matches(value)) {
                        return;
                    }
                }
                toDelete.add(name);
            });
            for (String n : toDelete) {
                lbs.del(n);
            }
            return true;
        }
    }

    static final class DecolorizeOp implements Op {
        private static final Pattern ANSI = Pattern.compile(
                "[\\x{1B}\\x{9B}][\\[\\]()#;?]*(?:(?:(?:[a-zA-Z\\d]*(?:;[a-zA-Z\\d]*)*)?\\x{07})|"
                        + "(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PRZcf-ntqry=><~]))");

        @Override
        public boolean process(EntryState e) {
            byte[] b = e.buf();
            int off = e.off();
            int len = e.len();
            boolean found = false;
            for (int i = off; i < off + len; i++) {
                if (b[i] == 0x1b || (b[i] & 0xff) == 0xc2) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return true;
            }
            e.setLine(ANSI.matcher(e.lineString()).replaceAll(""));
            return true;
        }
    }
}
