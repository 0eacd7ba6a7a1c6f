package dev.plg.logql.pipeline.impl;

import dev.plg.logql.ParseException;
import dev.plg.logql.ast.Grouping;
import dev.plg.logql.ast.LabelFilter;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.Unwrap;
import dev.plg.logql.pipeline.SampleExtractor;
import dev.plg.logql.pipeline.SampleResult;
import dev.plg.logql.pipeline.StreamSampleExtractor;
import dev.plg.logql.pipeline.TemplatedLine;
import dev.plg.logql.syntax.ByteSizes;
import dev.plg.logql.syntax.Durations;
import dev.plg.logql.syntax.GoNumbers;
import dev.plg.logql.syntax.Printer;
import dev.plg.push.LabelPair;
import java.util.ArrayList;
import java.util.List;

/** The sample extractor of a range aggregation: 1 per entry, bytes per entry, or an unwrapped label. */
public final class CompiledExtractor implements SampleExtractor {
    enum Kind { COUNT, BYTES, UNWRAP }

    private final CompiledPipeline pipeline;
    /** The pipeline with parser hints (parsers extract only {@link #needed} labels), or null. */
    private final CompiledPipeline hinted;
    private final Kind kind;
    private final Unwrap unwrap;
    /** The unwrapped label's name, interned as the json stage's label names are, or null. */
    private final String unwrapLabel;
    /** Whether the hinted pipeline's json leaves the unwrapped label to the unwrap ({@link #deferrable}). */
    private final boolean unwrapDeferred;
    private final Compiler.LabelPredicate[] post;
    /** See {@link #givenRequiredSubstrings()}: built once, not for every stream scanned. */
    private final SampleExtractor given;

    public CompiledExtractor(RangeAggregation.Op op, LogRange range) {
        this(op, range, null);
    }

    /**
     * {@code grouping}: how the samples are grouped (null: not at all). With {@code by}, the series
     * labels beyond the grouping never matter, so parsers may skip every other label, as Loki's
     * parser hints do; an entry that ends with an error (whose series keeps all its labels) is run
     * again through the unhinted pipeline, so results are exactly those without hints.
     */
    public CompiledExtractor(RangeAggregation.Op op, LogRange range, Grouping grouping) {
        this.pipeline = new CompiledPipeline(range.selector(), false);
        java.util.Set<String> needed = neededLabels(range, grouping);
        String deferred = needed == null ? null : deferrable(range, grouping);
        this.hinted = needed == null ? null : new CompiledPipeline(range.selector(), false, needed, deferred);
        this.unwrap = range.unwrap();
        this.unwrapLabel = unwrap == null ? null : unwrap.label().intern();
        this.unwrapDeferred = unwrap != null && unwrap.label().equals(deferred);
        if (unwrap != null) {
            kind = Kind.UNWRAP;
        } else if (op == RangeAggregation.Op.BYTES_OVER_TIME || op == RangeAggregation.Op.BYTES_RATE) {
            kind = Kind.BYTES;
        } else {
            kind = Kind.COUNT;
        }
        List<Compiler.LabelPredicate> ps = new ArrayList<>();
        for (LabelFilter f : range.postUnwrapFilters()) {
            try {
                ps.add(Compiler.labelFilter(f));
            } catch (IllegalArgumentException e) {
                throw ParseException.stage("| " + Printer.labelFilter(f), e.getMessage());
            }
        }
        post = ps.toArray(Compiler.LabelPredicate[]::new);
        given = given(op, range);
    }

    /**
     * Without unwrap, when every stage is a plain {@code |= "text"}: such a stage passes a line
     * exactly when the line holds its text, and those texts are {@link #requiredSubstrings()} (an
     * empty text passes every line). The same aggregation over the bare selector then gives the
     * same samples (this one, when there are no stages).
     */
    private SampleExtractor given(RangeAggregation.Op op, LogRange range) {
        List<dev.plg.logql.ast.Stage> stages = range.selector().stages();
        if (kind == Kind.UNWRAP || !stages.stream().allMatch(CompiledExtractor::plainContains)) {
            return null;
        }
        if (stages.isEmpty()) {
            return this;
        }
        LogRange bare = new LogRange(new dev.plg.logql.ast.LogExpr(range.selector().matchers(), List.of()), null, List.of(),
                range.rangeNanos(), range.offsetNanos());
        return new CompiledExtractor(op, bare, null);
    }

    /**
     * The labels a grouped sample can depend on: the grouping, every label a filter reads, the
     * unwrapped label. Null (all labels) without a {@code by} grouping, or when a stage may read
     * any label or rename labels (line_format, label_format, drop, keep).
     */
    static java.util.Set<String> neededLabels(LogRange range, Grouping grouping) {
        if (grouping == null || grouping.without()) {
            return null;
        }
        java.util.Set<String> needed = new java.util.HashSet<>(grouping.labels());
        boolean parser = false;
        for (dev.plg.logql.ast.Stage s : range.selector().stages()) {
            switch (s) {
                case dev.plg.logql.ast.Stage.LineFilter lf -> {
                }
                case dev.plg.logql.ast.Stage.Decolorize d -> {
                }
                case dev.plg.logql.ast.Stage.LabelFilterStage f -> addNames(f.filter(), needed);
                case dev.plg.logql.ast.Stage.JsonParser j -> parser |= j.extractions().isEmpty();
                case dev.plg.logql.ast.Stage.LogfmtParser l -> parser |= l.extractions().isEmpty();
                default -> {
                    return null;
                }
            }
        }
        if (!parser) {
            return null;
        }
        if (range.unwrap() != null) {
            needed.add(range.unwrap().label());
        }
        for (LabelFilter f : range.postUnwrapFilters()) {
            addNames(f, needed);
        }
        return java.util.Set.copyOf(needed);
    }

    /**
     * The label json may leave unset on templated lines ({@link JsonTemplates}, deferred label)
     * because only the unwrap and number filters ({@code >}, {@code ==}, ... on a number) read it,
     * both able to take its value from the hole: the one parser is a json without parameters, the
     * other stages are line filters, label filters and decolorize, and neither the grouping (a
     * {@code by}), another kind of filter nor a filter after the unwrap reads the label. The
     * unwrapped label when it qualifies, else the first number-filtered one that does; else null.
     * Only for the hinted pipeline, whose error entries are run again without hints.
     */
    static String deferrable(LogRange range, Grouping grouping) {
        if (grouping == null || grouping.without()) {
            return null;
        }
        java.util.Set<String> other = new java.util.HashSet<>(grouping.labels());
        java.util.Set<String> numeric = new java.util.LinkedHashSet<>();
        int parsers = 0;
        boolean json = false;
        for (dev.plg.logql.ast.Stage s : range.selector().stages()) {
            switch (s) {
                case dev.plg.logql.ast.Stage.LabelFilterStage f -> addNames(f.filter(), numeric, other);
                case dev.plg.logql.ast.Stage.JsonParser j -> {
                    parsers++;
                    json = j.extractions().isEmpty();
                }
                case dev.plg.logql.ast.Stage.LineFilter lf -> {
                }
                case dev.plg.logql.ast.Stage.Decolorize d -> {
                }
                default -> parsers += 2;
            }
        }
        for (LabelFilter f : range.postUnwrapFilters()) {
            addNames(f, other);
        }
        if (parsers != 1 || !json) {
            return null;
        }
        if (range.unwrap() != null && !other.contains(range.unwrap().label())) {
            return range.unwrap().label();
        }
        for (String name : numeric) {
            if (!other.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** The names number filters in {@code f} read into {@code numeric}, those other filters read into {@code other}. */
    private static void addNames(LabelFilter f, java.util.Set<String> numeric, java.util.Set<String> other) {
        switch (f) {
            case LabelFilter.NumberFilter x -> numeric.add(x.name());
            case LabelFilter.And x -> {
                addNames(x.left(), numeric, other);
                addNames(x.right(), numeric, other);
            }
            case LabelFilter.Or x -> {
                addNames(x.left(), numeric, other);
                addNames(x.right(), numeric, other);
            }
            case LabelFilter.Parens x -> addNames(x.inner(), numeric, other);
            default -> addNames(f, other);
        }
    }

    private static void addNames(LabelFilter f, java.util.Set<String> out) {
        switch (f) {
            case LabelFilter.StringFilter x -> out.add(x.name());
            case LabelFilter.NumberFilter x -> out.add(x.name());
            case LabelFilter.DurationFilter x -> out.add(x.name());
            case LabelFilter.BytesFilter x -> out.add(x.name());
            case LabelFilter.IpFilter x -> out.add(x.name());
            case LabelFilter.And x -> {
                addNames(x.left(), out);
                addNames(x.right(), out);
            }
            case LabelFilter.Or x -> {
                addNames(x.left(), out);
                addNames(x.right(), out);
            }
            case LabelFilter.Parens x -> addNames(x.inner(), out);
        }
    }

    @Override
    public StreamSampleExtractor forStream(List<LabelPair> streamLabels) {
        CompiledPipeline.Stream stream = (CompiledPipeline.Stream) pipeline.forStream(streamLabels);
        CompiledPipeline.Stream fast = hinted == null ? null : (CompiledPipeline.Stream) hinted.forStream(streamLabels);
        return new Stream(stream, fast);
    }

    /** Only a stage (or unwrap) reads the line: without any, the sample is a count or the line's length. */
    @Override
    public boolean needsLine() {
        return kind == Kind.UNWRAP || pipeline.ops().length > 0 || hinted != null;
    }

    @Override
    public SampleExtractor givenRequiredSubstrings() {
        return given;
    }

    private static boolean plainContains(dev.plg.logql.ast.Stage s) {
        return s instanceof dev.plg.logql.ast.Stage.LineFilter lf && lf.op() == dev.plg.logql.ast.Stage.LineFilterOp.CONTAINS
                && lf.alternatives().size() == 1 && !lf.alternatives().get(0).ip();
    }

    @Override
    public boolean readsTemplates() {
        return pipeline.readsTemplates();
    }

    @Override
    public List<String> requiredSubstrings() {
        return pipeline.requiredSubstrings();
    }

    @Override
    public List<String> requiredSubstrings(List<LabelPair> streamLabels) {
        return pipeline.requiredSubstrings(streamLabels);
    }

    private final class Stream implements StreamSampleExtractor, SampleResult {
        private final CompiledPipeline.Stream stream;
        private final CompiledPipeline.Stream fast;
        private EntryState current;
        private double value;
        /** Whether the unwrapped label is to be dropped from {@link #current}'s labels (not done yet). */
        private boolean unwrapDropped;

        Stream(CompiledPipeline.Stream stream, CompiledPipeline.Stream fast) {
            this.stream = stream;
            this.fast = fast;
        }

        @Override
        public SampleResult process(long ts, byte[] line, int offset, int length, List<LabelPair> md) {
            if (fast != null) {
                SampleResult r = process(fast, ts, line, offset, length, md);
                // an error series keeps all its labels: redo the entry without hints (rare)
                if (r == null || !current.labels().hasErr()) {
                    return r;
                }
            }
            return process(stream, ts, line, offset, length, md);
        }

        @Override
        public SampleResult process(long ts, TemplatedLine line, List<LabelPair> md) {
            if (fast != null) {
                SampleResult r = sample(fast.run(ts, line, md), line);
                // an error series keeps all its labels: redo the entry without hints (rare)
                if (r == null || !current.labels().hasErr()) {
                    return r;
                }
            }
            return sample(stream.run(ts, line, md), line);
        }

        private SampleResult process(CompiledPipeline.Stream stream, long ts, byte[] line, int offset, int length,
                                     List<LabelPair> md) {
            return sample(stream.run(ts, line, offset, length, md), null);
        }

        /** The sample of an entry the stages kept ({@code s}; its templated line or null), or null. */
        private SampleResult sample(EntryState s, TemplatedLine line) {
            unwrapDropped = false;
            if (s == null) {
                return null;
            }
            current = s;
            switch (kind) {
                case COUNT -> value = 1;
                case BYTES -> value = s.len();
                case UNWRAP -> {
                    LabelsBuilder lbs = s.labels();
                    lbs.preserveError();
                    int k = unwrapDeferred ? lbs.deferredHole : -1;
                    String v = k >= 0 ? lbs.deferredValue(unwrapLabel) : lbs.get(unwrapLabel);
                    // a deferred label was not set: its value is the hole's (unless metadata of that name wins)
                    if (k >= 0 && v == null ? !unwrapHole(lbs, line, k) : !unwrapValue(lbs, v)) {
                        return null;
                    }
                    for (Compiler.LabelPredicate p : post) {
                        if (!p.test(lbs)) {
                            return null;
                        }
                    }
                    // the unwrapped label is the sample value, not part of the series (kept on error series, as Loki);
                    // deleted only when the labels are asked for (a grouped sample reads just a few values)
                    unwrapDropped = !lbs.hasErr();
                }
            }
            return this;
        }

        /** Sets {@link #value} from the unwrapped label's value {@code v}; false when the entry has no sample. */
        private boolean unwrapValue(LabelsBuilder lbs, String v) {
            value = 0;
            if (v == null || v.isEmpty()) {
                // Loki (labelSampleExtractor, issue 6713) skips an entry without the label, even on error
                return false;
            }
            try {
                value = convert(unwrap.conversion(), v);
            } catch (IllegalArgumentException e) {
                if (!lbs.hasErr()) {
                    lbs.setErr(Compiler.ERR_SAMPLE);
                    lbs.setErrDetails(e.getMessage());
                }
            }
            return true;
        }

        /**
         * As {@link #unwrapValue} for the value in number-position hole {@code k} (a JSON number
         * token or true/false, never empty): a plain unwrap of a canonical decimal takes the
         * number without a String, from the store when it knows it, else from the bytes.
         */
        private boolean unwrapHole(LabelsBuilder lbs, TemplatedLine line, int k) {
            if (unwrap.conversion() == Unwrap.Conversion.NONE) {
                double d = JsonTemplates.holeNumber(line, k);
                if (!Double.isNaN(d)) {
                    value = d;
                    return true;
                }
            }
            return unwrapValue(lbs, JsonTemplates.holeText(line, k));
        }

        @Override
        public double value() {
            return value;
        }

        @Override
        public List<LabelPair> labels() {
            if (unwrapDropped) {
                current.labels().del(unwrap.label());
                unwrapDropped = false;
            }
            return current.allLabels();
        }

        /**
         * The builder's {@link LabelsBuilder#untouchedToken()}: the labels are then the stream's
         * and that metadata list's, less the unwrapped label when {@link #unwrapDropped}, which
         * is the same for every such sample of this extractor (set exactly when an unwrap sample
         * has no error, and an error gives no token).
         */
        @Override
        public Object labelsToken() {
            return current.labels().untouchedToken();
        }

        @Override
        public String labelValue(String name) {
            if (unwrapDropped && (name == unwrapLabel || name.equals(unwrapLabel))) {
                return null;
            }
            return current.labels().resultValue(name);
        }
    }

    static double convert(Unwrap.Conversion c, String v) {
        return switch (c) {
            case NONE -> GoNumbers.parseFloat(v.strip());
            case DURATION, DURATION_SECONDS -> Durations.parseGo(v.strip()) / 1e9;
            case BYTES -> {
                long b = ByteSizes.parse(v.strip());
                yield b >= 0 ? b : (double) (b >>> 1) * 2.0;
            }
        };
    }
}
