package dev.plg.logql.ast;

/** {@code vector(1)}: one series without labels at every step. */
public record VectorLiteral(double value) implements SampleExpr {
}
