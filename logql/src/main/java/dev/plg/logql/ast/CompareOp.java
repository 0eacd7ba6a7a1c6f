package dev.plg.logql.ast;

/** Comparison operators of numeric, duration and bytes label filters. {@code EQ} is {@code ==} (also written {@code =}). */
public enum CompareOp {
    EQ("=="), NEQ("!="), GT(">"), GTE(">="), LT("<"), LTE("<=");

    private final String symbol;

    CompareOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
