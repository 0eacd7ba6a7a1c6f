package dev.plg.query;

import dev.plg.logql.ast.Grouping;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.pipeline.LogPipeline;
import dev.plg.logql.pipeline.Pipelines;
import dev.plg.logql.pipeline.SampleExtractor;

/**
 * The engine's seam to the logql module's pipeline compiler ({@link Pipelines}). Exists so engine
 * tests can run with a hand-written stand-in while the real pipelines are being written.
 * Implementations throw {@link IllegalArgumentException} with Loki's text for a bad stage.
 */
interface PipelineCompiler {
    LogPipeline compile(LogExpr expr);

    SampleExtractor compile(RangeAggregation.Op op, LogRange range);

    /** An extractor for samples grouped by {@code grouping} (may skip labels the grouping never reads). */
    default SampleExtractor compile(RangeAggregation.Op op, LogRange range, Grouping grouping) {
        return compile(op, range);
    }

    PipelineCompiler LOGQL = new PipelineCompiler() {
        @Override
        public LogPipeline compile(LogExpr expr) {
            return Pipelines.compile(expr);
        }

        @Override
        public SampleExtractor compile(RangeAggregation.Op op, LogRange range) {
            return Pipelines.compile(op, range);
        }

        @Override
        public SampleExtractor compile(RangeAggregation.Op op, LogRange range, Grouping grouping) {
            return Pipelines.compile(op, range, grouping);
        }
    };
}
