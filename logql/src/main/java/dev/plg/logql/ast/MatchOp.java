package dev.plg.logql.ast;

/** Equality and regex match operators of selectors and string label filters. */
public enum MatchOp {
    EQ("="), NEQ("!="), RE("=~"), NRE("!~");

    private final String symbol;

    MatchOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
