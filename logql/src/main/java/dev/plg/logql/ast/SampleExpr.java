package dev.plg.logql.ast;

/** A metric expression: evaluates to a vector/matrix (or a scalar for literals). */
public sealed interface SampleExpr extends Expr
        permits RangeAggregation, VectorAggregation, BinaryOperation, LabelReplace, VectorLiteral, NumberLiteral, ParenExpr {
}
