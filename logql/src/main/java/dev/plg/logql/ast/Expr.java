package dev.plg.logql.ast;

/** Any LogQL expression: a log query or a metric (sample) query. */
public sealed interface Expr permits LogExpr, SampleExpr {
}
