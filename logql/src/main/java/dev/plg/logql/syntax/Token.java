package dev.plg.logql.syntax;

/**
 * One lexed token. {@code text} is the identifier / number text or the unquoted string value;
 * {@code value} holds nanoseconds for DURATION and RANGE, bytes for BYTES. Line and column are 1-based
 * (column counts characters), as Loki's scanner reports them.
 */
public record Token(TokenType type, String text, long value, int line, int column, int offset) {
}
