package dev.plg.agent.syntax;

/** One scanned token: kind, place, and the literal text (for IDENT, NUMBER, FLOAT, STRING the source text). */
public record Token(Kind kind, Pos pos, String text) {

    /** Token kinds of Alloy's scanner; {@link #toString()} is the name Alloy prints in "expected X, got Y". */
    public enum Kind {
        EOF("EOF"), TERMINATOR("TERMINATOR"), IDENT("IDENT"), NUMBER("NUMBER"), FLOAT("FLOAT"),
        STRING("STRING"), BOOL("BOOL"), NULL("NULL"),
        OR("||"), AND("&&"), NOT("!"), ASSIGN("="), EQ("=="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">="),
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"),
        LCURLY("{"), RCURLY("}"), LPAREN("("), RPAREN(")"), LBRACK("["), RBRACK("]"), COMMA(","), DOT(".");

        private final String display;

        Kind(String display) {
            this.display = display;
        }

        @Override
        public String toString() {
            return display;
        }
    }
}
