package dev.plg.logql.ast;

import java.util.List;

/**
 * {@code lhs op [bool] [on|ignoring (..) [group_left|group_right (..)]] rhs}.
 * {@code matching} is {@code null} when neither on nor ignoring was written.
 */
public record BinaryOperation(Op op, SampleExpr lhs, SampleExpr rhs, boolean returnBool, VectorMatching matching)
        implements SampleExpr {
    public enum Op {
        OR("or", 1), AND("and", 2), UNLESS("unless", 2),
        EQ("==", 3), NEQ("!=", 3), GT(">", 3), GTE(">=", 3), LT("<", 3), LTE("<=", 3),
        ADD("+", 4), SUB("-", 4), MUL("*", 5), DIV("/", 5), MOD("%", 5), POW("^", 6);

        private final String symbol;
        private final int precedence;

        Op(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public String symbol() {
            return symbol;
        }

        /** Higher binds tighter; {@code ^} is right-associative, the rest left. */
        public int precedence() {
            return precedence;
        }

        public boolean isComparison() {
            return precedence == 3;
        }

        public boolean isSetOperator() {
            return this == OR || this == AND || this == UNLESS;
        }
    }

    /** {@code on (labels)} when {@code on}, else {@code ignoring (labels)}; cardinality and group_x include labels. */
    public record VectorMatching(boolean on, List<String> labels, Cardinality cardinality, List<String> include) {
        public VectorMatching {
            labels = List.copyOf(labels);
            include = List.copyOf(include);
        }
    }

    public enum Cardinality {
        ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY
    }
}
