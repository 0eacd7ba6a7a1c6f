package dev.plg.logql.ast;

/** {@code label_replace(expr, "dst", "replacement", "src", "regex")}. */
public record LabelReplace(SampleExpr inner, String destination, String replacement, String source, String regex)
        implements SampleExpr {
}
