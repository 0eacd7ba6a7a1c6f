/**
 * Compiled log pipelines: what the stages of a {@link dev.plg.logql.ast.LogExpr} do to one entry
 * (line filters, parsers, label filters, formatters, drop/keep, decolorize) and how a sample is
 * extracted for range aggregations (counting, bytes, unwrap). Compiled once per query
 * ({@link dev.plg.logql.pipeline.Pipelines}), then instantiated per stream and thread.
 *
 * <p>Pipeline errors never throw: they set the {@code __error__} / {@code __error_details__}
 * labels of the entry, as Loki does.
 */
package dev.plg.logql.pipeline;
