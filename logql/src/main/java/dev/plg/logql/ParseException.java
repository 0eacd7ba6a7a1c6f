package dev.plg.logql;

/**
 * A parse or validation error, formatted as Loki's {@code logqlmodel.ParseError}:
 * {@code parse error at line L, col C: msg}, or {@code parse error : msg} when line and column are both 0
 * (semantic errors found after parsing, and stage errors).
 */
public final class ParseException extends LogQLException {
    private final int line;
    private final int column;
    private final String detail;

    public ParseException(String detail, int line, int column) {
        super(format(detail, line, column));
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** A semantic error without position ({@code parse error : msg}). */
    public static ParseException semantic(String detail) {
        return new ParseException(detail, 0, 0);
    }

    /** Loki's stage error: {@code parse error : stage '<stage>' : <cause>}. */
    public static ParseException stage(String stage, String cause) {
        return new ParseException("stage '" + stage + "' : " + cause, 0, 0);
    }

    private static String format(String detail, int line, int column) {
        if (line == 0 && column == 0) {
            return "parse error : " + detail;
        }
        return "parse error at line " + line + ", col " + column + ": " + detail;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the {@code parse error ...:} prefix. */
    public String detail() {
        return detail;
    }
}
