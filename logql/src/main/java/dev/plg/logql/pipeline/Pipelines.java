package dev.plg.logql.pipeline;

import dev.plg.logql.ast.Grouping;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.pipeline.impl.CompiledExtractor;
import dev.plg.logql.pipeline.impl.CompiledPipeline;

/**
 * Compiles AST pieces into pipelines. Implemented by the logql module; the query engine calls it.
 * Compilation errors (bad regex, bad template) throw {@link IllegalArgumentException} with Loki's text
 * (a {@link dev.plg.logql.ParseException}: {@code parse error : stage '<stage>' : <cause>}).
 */
public final class Pipelines {
    private Pipelines() {
    }

    public static LogPipeline compile(LogExpr expr) {
        return new CompiledPipeline(expr);
    }

    /** {@code op} decides the sample value: 1 per entry, bytes per entry, or the unwrapped label. */
    public static SampleExtractor compile(RangeAggregation.Op op, LogRange range) {
        return new CompiledExtractor(op, range, null);
    }

    /**
     * As {@link #compile(RangeAggregation.Op, LogRange)} for samples grouped {@code by} {@code grouping}
     * (the range aggregation's own or one pushed down from an enclosing aggregation): parsers then
     * extract only the labels the query reads (Loki's parser hints); results are unchanged.
     */
    public static SampleExtractor compile(RangeAggregation.Op op, LogRange range, Grouping grouping) {
        return new CompiledExtractor(op, range, grouping);
    }
}
