package dev.plg.logql.ast;

/** A parenthesized metric expression, kept so the printer reproduces the user's grouping. */
public record ParenExpr(SampleExpr inner) implements SampleExpr {
}
