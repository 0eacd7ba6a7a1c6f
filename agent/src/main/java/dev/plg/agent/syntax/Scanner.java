package dev.plg.agent.syntax;

import dev.plg.agent.syntax.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Alloy syntax scanner (mirrors {@code syntax/scanner}): comments, identifiers (Unicode letters),
 * numbers, Go-quoted and raw strings, operators, and automatic TERMINATOR insertion after a newline
 * (or EOF, or a comment running to the end of the line) that follows IDENT, NUMBER, FLOAT, STRING,
 * BOOL, NULL, {@code )}, {@code ]} or {@code }}. Stops at the first error.
 */
public final class Scanner {
    private final String file;
    private final String src;
    private int off;
    private int line = 1;
    private int col = 1;
    private boolean insertTerm;

    private Scanner(String file, String src) {
        this.file = file;
        this.src = src;
    }

    /** Scans the whole source; the last token is EOF. */
    public static List<Token> scan(String file, String src) {
        Scanner s = new Scanner(file, src);
        if (src.startsWith("\uFEFF")) {
            s.off = 1;
        }
        List<Token> out = new ArrayList<>();
        while (true) {
            Token t = s.next();
            out.add(t);
            if (t.kind() == Kind.EOF) {
                return out;
            }
        }
    }

    private ConfigException error(Pos pos, String msg) {
        return new ConfigException(file, pos, msg);
    }

    private int peek() {
        return off < src.length() ? src.codePointAt(off) : -1;
    }

    private int peekAt(int ahead) {
        int o = off;
        for (int i = 0; i < ahead && o < src.length(); i++) {
            o += Character.charCount(src.codePointAt(o));
        }
        return o < src.length() ? src.codePointAt(o) : -1;
    }

    private void advance() {
        int c = src.codePointAt(off);
        off += Character.charCount(c);
        if (c == '\n') {
            line++;
            col = 1;
        } else {
            col += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        }
    }

    private Pos pos() {
        return new Pos(line, col);
    }

    private Token next() {
        while (true) {
            int c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || (c == '\n' && !insertTerm)) {
                advance();
                continue;
            }
            Pos p = pos();
            if (c == '\n') {
                advance();
                insertTerm = false;
                return new Token(Kind.TERMINATOR, p, "\n");
            }
            if (c == -1) {
                if (insertTerm) {
                    insertTerm = false;
                    return new Token(Kind.TERMINATOR, p, "");
                }
                return new Token(Kind.EOF, p, "");
            }
            if (c == '/' && peekAt(1) == '/') {
                while (peek() != -1 && peek() != '\n') {
                    advance();
                }
                continue; // the newline (or EOF) produces the terminator if one is pending
            }
            if (c == '/' && peekAt(1) == '*') {
                advance();
                advance();
                boolean newline = false;
                while (true) {
                    int d = peek();
                    if (d == -1) {
                        throw error(p, "block comment not terminated");
                    }
                    if (d == '*' && peekAt(1) == '/') {
                        advance();
                        advance();
                        break;
                    }
                    if (d == '\n') {
                        newline = true;
                    }
                    advance();
                }
                if (newline && insertTerm) {
                    insertTerm = false;
                    return new Token(Kind.TERMINATOR, p, "\n");
                }
                continue;
            }
            Token t = scanToken(c, p);
            insertTerm = switch (t.kind()) {
                case IDENT, NUMBER, FLOAT, STRING, BOOL, NULL, RPAREN, RBRACK, RCURLY -> true;
                default -> false;
            };
            return t;
        }
    }

    private Token scanToken(int c, Pos p) {
        int start = off;
        if (Character.isLetter(c) || c == '_') {
            while (peek() != -1 && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                advance();
            }
            String text = src.substring(start, off);
            return switch (text) {
                case "true", "false" -> new Token(Kind.BOOL, p, text);
                case "null" -> new Token(Kind.NULL, p, text);
                default -> new Token(Kind.IDENT, p, text);
            };
        }
        if (isDigit(c) || (c == '.' && isDigit(peekAt(1)))) {
            return scanNumber(p);
        }
        if (c == '"') {
            return scanString(p);
        }
        if (c == '`') {
            advance();
            while (true) {
                int d = peek();
                if (d == -1) {
                    throw error(p, "raw string literal not terminated");
                }
                advance();
                if (d == '`') {
                    break;
                }
            }
            return new Token(Kind.STRING, p, src.substring(start, off));
        }
        if (c == '\'') {
            throw error(p, "illegal single-quoted string; use double quotes");
        }
        advance();
        int n = peek();
        Kind k = switch (c) {
            case '|' -> {
                if (n != '|') {
                    throw error(p, "illegal character U+007C '|'");
                }
                advance();
                yield Kind.OR;
            }
            case '&' -> {
                if (n != '&') {
                    throw error(p, "illegal character U+0026 '&'");
                }
                advance();
                yield Kind.AND;
            }
            case '!' -> twoChar(n, Kind.NEQ, Kind.NOT);
            case '=' -> twoChar(n, Kind.EQ, Kind.ASSIGN);
            case '<' -> twoChar(n, Kind.LTE, Kind.LT);
            case '>' -> twoChar(n, Kind.GTE, Kind.GT);
            case '+' -> Kind.ADD;
            case '-' -> Kind.SUB;
            case '*' -> Kind.MUL;
            case '/' -> Kind.DIV;
            case '%' -> Kind.MOD;
            case '^' -> Kind.POW;
            case '{' -> Kind.LCURLY;
            case '}' -> Kind.RCURLY;
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case '[' -> Kind.LBRACK;
            case ']' -> Kind.RBRACK;
            case ',' -> Kind.COMMA;
            case '.' -> Kind.DOT;
            default -> throw error(p, illegalChar(c));
        };
        return new Token(k, p, src.substring(start, off));
    }

    static String illegalChar(int c) {
        if (c == 0) {
            return "illegal character NUL";
        }
        return String.format("illegal character U+%04X '%s'", c, new String(Character.toChars(c)));
    }

    private Kind twoChar(int n, Kind withEq, Kind single) {
        if (n == '=') {
            advance();
            return withEq;
        }
        return single;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private Token scanNumber(Pos p) {
        int start = off;
        boolean isFloat = false;
        while (isDigit(peek())) {
            advance();
        }
        if (peek() == '.' && isDigit(peekAt(1)) || (peek() == '.' && off == start)) {
            isFloat = true;
            advance();
            while (isDigit(peek())) {
                advance();
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            isFloat = true;
            advance();
            if (peek() == '+' || peek() == '-') {
                advance();
            }
            if (!isDigit(peek())) {
                throw error(pos(), "exponent has no digits");
            }
            while (isDigit(peek())) {
                advance();
            }
        }
        return new Token(isFloat ? Kind.FLOAT : Kind.NUMBER, p, src.substring(start, off));
    }

    private Token scanString(Pos p) {
        int start = off;
        advance();
        while (true) {
            int c = peek();
            if (c == -1 || c == '\n') {
                throw error(p, "string literal not terminated");
            }
            if (c == '"') {
                advance();
                break;
            }
            if (c == '\\') {
                Pos ep = pos();
                advance();
                scanEscape(ep);
                continue;
            }
            advance();
        }
        return new Token(Kind.STRING, p, src.substring(start, off));
    }

    private void scanEscape(Pos ep) {
        int c = peek();
        int n;
        int base;
        long max;
        switch (c) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\', '"' -> {
                advance();
                return;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                n = 3;
                base = 8;
                max = 255;
            }
            case 'x' -> {
                advance();
                n = 2;
                base = 16;
                max = 255;
            }
            case 'u' -> {
                advance();
                n = 4;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case 'U' -> {
                advance();
                n = 8;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            default -> {
                if (c == -1) {
                    throw error(ep, "escape sequence not terminated");
                }
                throw error(ep, "unknown escape sequence");
            }
        }
        long x = 0;
        for (int i = 0; i < n; i++) {
            int d = peek();
            if (d == -1) {
                throw error(ep, "escape sequence not terminated");
            }
            int v = Character.digit(d, base);
            if (v < 0) {
                throw error(pos(), String.format("illegal character U+%04X '%s' in escape sequence", d, new String(Character.toChars(d))));
            }
            x = x * base + v;
            advance();
        }
        if (x > max || (x >= 0xD800 && x < 0xE000 && base == 16 && n >= 4)) {
            throw error(ep, "escape sequence is invalid Unicode code point");
        }
    }
}
