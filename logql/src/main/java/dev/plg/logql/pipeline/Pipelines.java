package dev.plg.logql.pipeline;

import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.RangeAggregation;

/**
 * Compiles AST pieces into pipelines. Implemented by the logql module; the query engine calls it.
 * Compilation errors (bad regex, bad template) throw {@link IllegalArgumentException} with Loki's text.
 */
public final class Pipelines {
    private Pipelines() {
    }

    public static LogPipeline compile(LogExpr expr) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code op} decides the sample value: 1 per entry, bytes per entry, or the unwrapped label. */
    public static SampleExtractor compile(RangeAggregation.Op op, LogRange range) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
