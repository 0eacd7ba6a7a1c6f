package dev.plg.logql.ast;

/** A number (scalar), possibly negative ({@code -1}). */
public record NumberLiteral(double value) implements SampleExpr {
}
