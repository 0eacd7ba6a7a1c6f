package dev.plg.logql.pipeline.impl;

import dev.plg.logql.ParseException;
import dev.plg.logql.ast.LabelFilter;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.Unwrap;
import dev.plg.logql.pipeline.SampleExtractor;
import dev.plg.logql.pipeline.SampleResult;
import dev.plg.logql.pipeline.StreamSampleExtractor;
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
    private final Kind kind;
    private final Unwrap unwrap;
    private final Compiler.LabelPredicate[] post;

    public CompiledExtractor(RangeAggregation.Op op, LogRange range) {
        this.pipeline = new CompiledPipeline(range.selector(), false);
        this.unwrap = range.unwrap();
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
    }

    @Override
    public StreamSampleExtractor forStream(List<LabelPair> streamLabels) {
        CompiledPipeline.Stream stream = (CompiledPipeline.Stream) pipeline.forStream(streamLabels);
        return new Stream(stream);
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
        private EntryState current;
        private double value;

        Stream(CompiledPipeline.Stream stream) {
            this.stream = stream;
        }

        @Override
        public SampleResult process(long ts, byte[] line, int offset, int length, List<LabelPair> md) {
            EntryState s = stream.run(ts, line, offset, length, md);
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
                    String v = lbs.get(unwrap.label());
                    value = 0;
                    if (v == null || v.isEmpty()) {
                        // Loki (labelSampleExtractor, issue 6713) skips an entry without the label, even on error
                        return null;
                    }
                    try {
                        value = convert(unwrap.conversion(), v);
                    } catch (IllegalArgumentException e) {
                        if (!lbs.hasErr()) {
                            lbs.setErr(Compiler.ERR_SAMPLE);
                            lbs.setErrDetails(e.getMessage());
                        }
                    }
                    for (Compiler.LabelPredicate p : post) {
                        if (!p.test(lbs)) {
                            return null;
                        }
                    }
                    // the unwrapped label is the sample value, not part of the series (kept on error series, as Loki)
                    if (!lbs.hasErr()) {
                        lbs.del(unwrap.label());
                    }
                }
            }
            return this;
        }

        @Override
        public double value() {
            return value;
        }

        @Override
        public List<LabelPair> labels() {
            return current.allLabels();
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
