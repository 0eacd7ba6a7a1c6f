package dev.plg.query;

import dev.plg.logql.ast.LabelFilter;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.MatchOp;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.Stage;
import dev.plg.logql.pipeline.EntryResult;
import dev.plg.logql.pipeline.LogPipeline;
import dev.plg.logql.pipeline.SampleExtractor;
import dev.plg.logql.pipeline.SampleResult;
import dev.plg.logql.pipeline.StreamPipeline;
import dev.plg.logql.pipeline.StreamSampleExtractor;
import dev.plg.push.LabelPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small stand-in for the logql module's pipelines, enough to test the engine: {@code |=} and
 * {@code !=} line filters, {@code name="v"} label filters over stream labels and structured
 * metadata, and {@code unwrap name} reading a structured-metadata value (a non-number sets
 * {@code __error__="SampleExtractionErr"}).
 */
final class StandInPipelines implements PipelineCompiler {
    @Override
    public LogPipeline compile(LogExpr expr) {
        return new LogPipeline() {
            @Override
            public StreamPipeline forStream(List<LabelPair> streamLabels) {
                return (ts, line, off, len, md) -> {
                    String s = new String(line, off, len, StandardCharsets.UTF_8);
                    if (!keep(expr, s, streamLabels, md)) {
                        return null;
                    }
                    return new EntryResult() {
                        @Override
                        public String line() {
                            return s;
                        }

                        @Override
                        public List<LabelPair> streamLabels() {
                            return streamLabels;
                        }

                        @Override
                        public List<LabelPair> structuredMetadata() {
                            return md;
                        }

                        @Override
                        public List<LabelPair> parsedLabels() {
                            return List.of();
                        }

                        @Override
                        public List<LabelPair> allLabels() {
                            return LabelSets.merge(streamLabels, md);
                        }
                    };
                };
            }

            @Override
            public List<String> requiredSubstrings() {
                return required(expr);
            }
        };
    }

    @Override
    public SampleExtractor compile(RangeAggregation.Op op, LogRange range) {
        LogExpr expr = range.selector();
        return new SampleExtractor() {
            @Override
            public StreamSampleExtractor forStream(List<LabelPair> streamLabels) {
                return (ts, line, off, len, md) -> {
                    String s = new String(line, off, len, StandardCharsets.UTF_8);
                    if (!keep(expr, s, streamLabels, md)) {
                        return null;
                    }
                    List<LabelPair> labels = LabelSets.merge(streamLabels, md);
                    double value = 1;
                    if (range.unwrap() != null) {
                        try {
                            value = Double.parseDouble(LabelSets.get(md, range.unwrap().label()));
                        } catch (NumberFormatException e) {
                            value = 0;
                            labels = LabelSets.with(labels, "__error__", "SampleExtractionErr");
                        }
                    } else if (op == RangeAggregation.Op.BYTES_OVER_TIME || op == RangeAggregation.Op.BYTES_RATE) {
                        value = len;
                    }
                    double v = value;
                    List<LabelPair> l = labels;
                    return new SampleResult() {
                        @Override
                        public double value() {
                            return v;
                        }

                        @Override
                        public List<LabelPair> labels() {
                            return l;
                        }
                    };
                };
            }

            @Override
            public List<String> requiredSubstrings() {
                return required(expr);
            }
        };
    }

    private static boolean keep(LogExpr expr, String line, List<LabelPair> stream, List<LabelPair> md) {
        for (Stage st : expr.stages()) {
            switch (st) {
                case Stage.LineFilter f -> {
                    boolean any = f.alternatives().stream().anyMatch(a -> line.contains(a.value()));
                    if (f.op().negated() == any) {
                        return false;
                    }
                }
                case Stage.LabelFilterStage lf when lf.filter() instanceof LabelFilter.StringFilter sf && sf.op() == MatchOp.EQ -> {
                    if (!LabelSets.get(LabelSets.merge(stream, md), sf.name()).equals(sf.value())) {
                        return false;
                    }
                }
                default -> throw new UnsupportedOperationException("stand-in pipeline cannot run " + st);
            }
        }
        return true;
    }

    private static List<String> required(LogExpr expr) {
        List<String> out = new ArrayList<>();
        for (Stage st : expr.stages()) {
            if (st instanceof Stage.LineFilter f && f.op() == Stage.LineFilterOp.CONTAINS && f.alternatives().size() == 1) {
                out.add(f.alternatives().getFirst().value());
            }
        }
        return out;
    }
}
