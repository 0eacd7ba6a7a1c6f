/**
 * The LogQL abstract syntax tree: sealed families of immutable records that mirror the language
 * (Loki's {@code pkg/logql/syntax/ast.go}). The tree holds no runtime objects (no compiled
 * regexes, no templates); compilation into pipelines and evaluators happens elsewhere, through
 * exhaustive switches over these types.
 *
 * <pre>
 * Expr ─┬─ LogExpr            {selector} | stage | stage ...
 *       └─ SampleExpr ─┬─ RangeAggregation   rate(LogRange) / quantile_over_time(q, LogRange) by (..)
 *                      ├─ VectorAggregation  sum by (..) (SampleExpr), topk(k, SampleExpr)
 *                      ├─ BinaryOperation    lhs op [bool] [on/ignoring(..) group_left/right(..)] rhs
 *                      ├─ LabelReplace       label_replace(SampleExpr, dst, replacement, src, regex)
 *                      ├─ VectorLiteral      vector(1)
 *                      └─ NumberLiteral      1.5
 * </pre>
 */
package dev.plg.logql.ast;
