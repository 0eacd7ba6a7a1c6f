package dev.plg.logql.syntax;

import dev.plg.logql.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Hand-written LogQL lexer following Loki's {@code lex.go} (Go text/scanner rules plus LogQL specifics). */
public final class Lexer {
    private static final Map<String, TokenType> TOKENS = new HashMap<>();
    private static final Map<String, TokenType> FUNCTIONS = new HashMap<>();

    static {
        for (TokenType t : new TokenType[]{TokenType.COMMA, TokenType.DOT, TokenType.OPEN_BRACE, TokenType.CLOSE_BRACE,
            TokenType.EQ, TokenType.NEQ, TokenType.RE, TokenType.NRE, TokenType.NPA, TokenType.PIPE_EXACT,
            TokenType.PIPE_MATCH, TokenType.PIPE_PATTERN, TokenType.PIPE, TokenType.UNWRAP, TokenType.OPEN_PARENTHESIS,
            TokenType.CLOSE_PARENTHESIS, TokenType.BY, TokenType.WITHOUT, TokenType.BOOL, TokenType.OPEN_BRACKET,
            TokenType.CLOSE_BRACKET, TokenType.LABEL_REPLACE, TokenType.OFFSET, TokenType.ON, TokenType.IGNORING,
            TokenType.GROUP_LEFT, TokenType.GROUP_RIGHT, TokenType.OR, TokenType.AND, TokenType.UNLESS, TokenType.ADD,
            TokenType.SUB, TokenType.MUL, TokenType.DIV, TokenType.MOD, TokenType.POW, TokenType.CMP_EQ, TokenType.GT,
            TokenType.GTE, TokenType.LT, TokenType.LTE, TokenType.JSON, TokenType.REGEXP, TokenType.LOGFMT,
            TokenType.UNPACK, TokenType.PATTERN, TokenType.LABEL_FMT, TokenType.LINE_FMT, TokenType.IP,
            TokenType.DECOLORIZE, TokenType.DROP, TokenType.KEEP}) {
            TOKENS.put(t.display(), t);
        }
        String[][] fns = {{"rate", "RATE"}, {"rate_counter", "RATE_COUNTER"}, {"count_over_time", "COUNT_OVER_TIME"},
            {"bytes_rate", "BYTES_RATE"}, {"bytes_over_time", "BYTES_OVER_TIME"}, {"avg_over_time", "AVG_OVER_TIME"},
            {"sum_over_time", "SUM_OVER_TIME"}, {"min_over_time", "MIN_OVER_TIME"}, {"max_over_time", "MAX_OVER_TIME"},
            {"stdvar_over_time", "STDVAR_OVER_TIME"}, {"stddev_over_time", "STDDEV_OVER_TIME"},
            {"quantile_over_time", "QUANTILE_OVER_TIME"}, {"first_over_time", "FIRST_OVER_TIME"},
            {"last_over_time", "LAST_OVER_TIME"}, {"absent_over_time", "ABSENT_OVER_TIME"}, {"vector", "VECTOR"},
            {"sum", "SUM"}, {"avg", "AVG"}, {"max", "MAX"}, {"min", "MIN"}, {"count", "COUNT"}, {"stddev", "STDDEV"},
            {"stdvar", "STDVAR"}, {"bottomk", "BOTTOMK"}, {"topk", "TOPK"}, {"sort", "SORT"}, {"sort_desc", "SORT_DESC"},
            {"label_replace", "LABEL_REPLACE"}, {"approx_topk", "APPROX_TOPK"}, {"bytes", "BYTES_CONV"},
            {"duration", "DURATION_CONV"}, {"duration_seconds", "DURATION_SECONDS_CONV"}, {"ip", "IP"}};
        for (String[] f : fns) {
            FUNCTIONS.put(f[0], TokenType.valueOf(f[1]));
        }
    }

    private final String src;
    private int pos;
    private int line = 1;
    private int col = 1;

    private Lexer(String src) {
        this.src = src;
    }

    /** Lexes the whole query; the last token is {@link TokenType#EOF}. */
    public static List<Token> lex(String query) {
        Lexer l = new Lexer(query);
        List<Token> out = new ArrayList<>();
        while (true) {
            Token t = l.next();
            out.add(t);
            if (t.type() == TokenType.EOF) {
                return out;
            }
        }
    }

    private int peekChar() {
        return pos < src.length() ? src.codePointAt(pos) : -1;
    }

    private int peekChar(int at) {
        return at < src.length() ? src.codePointAt(at) : -1;
    }

    private int advance() {
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        if (c == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        return c;
    }

    private ParseException error(String msg, int l, int c) {
        return new ParseException(msg, l, c);
    }

    private Token next() {
        while (true) {
            while (pos < src.length() && isGoWhitespace(peekChar())) {
                advance();
            }
            if (pos < src.length() && peekChar() == '#') {
                while (pos < src.length() && peekChar() != '\n') {
                    advance();
                }
                continue;
            }
            break;
        }
        int sl = line;
        int sc = col;
        int so = pos;
        if (pos >= src.length()) {
            return new Token(TokenType.EOF, "", 0, sl, sc, so);
        }
        int c = peekChar();
        if (isDigit(c) || (c == '.' && isDigit(peekChar(pos + 1)))) {
            String num = scanNumber(sl, sc);
            return numberLike(num, sl, sc, so);
        }
        if (c == '"' || c == '\'') {
            advance();
            while (true) {
                if (pos >= src.length() || peekChar() == '\n') {
                    throw error("literal not terminated", sl, sc);
                }
                int ch = advance();
                if (ch == '\\') {
                    if (pos >= src.length()) {
                        throw error("literal not terminated", sl, sc);
                    }
                    advance();
                } else if (ch == c) {
                    break;
                }
            }
            if (c == '\'') {
                // Go's scanner reads a char literal; Loki then treats it as an identifier-like token.
                return new Token(TokenType.IDENTIFIER, src.substring(so, pos), 0, sl, sc, so);
            }
            return stringToken(src.substring(so, pos), sl, sc, so);
        }
        if (c == '`') {
            advance();
            while (true) {
                if (pos >= src.length()) {
                    throw error("literal not terminated", sl, sc);
                }
                if (advance() == '`') {
                    break;
                }
            }
            return stringToken(src.substring(so, pos), sl, sc, so);
        }
        if (isIdentStart(c)) {
            while (pos < src.length() && isIdentPart(peekChar())) {
                advance();
            }
            String text = src.substring(so, pos);
            String lower = text.toLowerCase(Locale.ROOT);
            TokenType fn = FUNCTIONS.get(lower);
            if (fn != null) {
                if (isFunction(pos)) {
                    return new Token(fn, text, 0, sl, sc, so);
                }
                return new Token(TokenType.IDENTIFIER, text, 0, sl, sc, so);
            }
            TokenType kw = TOKENS.get(lower);
            if (kw != null) {
                return new Token(kw, text, 0, sl, sc, so);
            }
            return new Token(TokenType.IDENTIFIER, text, 0, sl, sc, so);
        }
        if (c == '[') {
            advance();
            StringBuilder sb = new StringBuilder();
            while (pos < src.length()) {
                int r = advance();
                if (r == ']') {
                    String d = sb.toString();
                    long nanos;
                    try {
                        nanos = Durations.parseLogQL(d);
                    } catch (IllegalArgumentException e) {
                        String m = e.getMessage();
                        if (m.startsWith("time: ")) {
                            m = m.substring(6);
                        }
                        throw error(m, 0, sc);
                    }
                    return new Token(TokenType.RANGE, d, nanos, sl, sc, so);
                }
                sb.appendCodePoint(r);
            }
            throw error("missing closing ']' in duration", line, col);
        }
        if (c == '-') {
            advance();
            if (peekChar() == '-') {
                int save = pos;
                int end = pos;
                while (end < src.length() && (Character.isLetter(src.codePointAt(end)) || src.charAt(end) == '-')) {
                    end += Character.charCount(src.codePointAt(end));
                }
                String flag = "-" + src.substring(save, end);
                if (flag.equals("--strict") || flag.equals("--keep-empty")) {
                    while (pos < end) {
                        advance();
                    }
                    return new Token(TokenType.PARSER_FLAG, flag, 0, sl, sc, so);
                }
            }
            Token d = tryDuration("-", sl, sc, so);
            if (d != null) {
                return d;
            }
            return new Token(TokenType.SUB, "-", 0, sl, sc, so);
        }
        // operators: two characters first
        if (pos + 1 < src.length()) {
            String two = src.substring(pos, pos + 2);
            TokenType t = TOKENS.get(two);
            if (t != null) {
                advance();
                advance();
                return new Token(t, two, 0, sl, sc, so);
            }
        }
        advance();
        String one = src.substring(so, pos);
        TokenType t = TOKENS.get(one);
        if (t != null) {
            return new Token(t, one, 0, sl, sc, so);
        }
        return new Token(TokenType.IDENTIFIER, one, 0, sl, sc, so);
    }

    private Token stringToken(String lit, int sl, int sc, int so) {
        try {
            return new Token(TokenType.STRING, GoText.unquote(lit), 0, sl, sc, so);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), line, col);
        }
    }

    private String scanNumber(int sl, int sc) {
        int start = pos;
        if (peekChar() == '0' && pos + 1 < src.length()) {
            int p = Character.toLowerCase(src.charAt(pos + 1));
            if (p == 'x' || p == 'b' || p == 'o') {
                advance();
                advance();
                int ds = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(peekChar()) || peekChar() == '_')) {
                    int ch = Character.toLowerCase(peekChar());
                    boolean ok = p == 'x' ? (isDigit(ch) || (ch >= 'a' && ch <= 'f'))
                            : p == 'b' ? (ch == '0' || ch == '1') : (ch >= '0' && ch <= '7');
                    if (!ok && ch != '_') {
                        break;
                    }
                    advance();
                }
                if (ds == pos) {
                    String kind = p == 'x' ? "hexadecimal" : p == 'b' ? "binary" : "octal";
                    throw error(kind + " literal has no digits", line, col);
                }
                return src.substring(start, pos);
            }
        }
        while (isDigit(peekChar()) || peekChar() == '_') {
            advance();
        }
        if (peekChar() == '.') {
            advance();
            while (isDigit(peekChar()) || peekChar() == '_') {
                advance();
            }
        }
        if (peekChar() == 'e' || peekChar() == 'E') {
            int save = pos;
            int saveCol = col;
            advance();
            if (peekChar() == '+' || peekChar() == '-') {
                advance();
            }
            if (!isDigit(peekChar())) {
                throw error("exponent has no digits", line, col);
            }
            while (isDigit(peekChar())) {
                advance();
            }
            if (save < 0 || saveCol < 0) {
                throw new IllegalStateException();
            }
        }
        return src.substring(start, pos);
    }

    private Token numberLike(String num, int sl, int sc, int so) {
        Token d = tryDuration(num, sl, sc, so);
        if (d != null) {
            return d;
        }
        // bytes
        int end = pos;
        while (end < src.length()) {
            int r = src.codePointAt(end);
            if (!(Character.isDigit(r) || isBytesRune(r) || r == '.')) {
                break;
            }
            end += Character.charCount(r);
        }
        if (end > pos) {
            String text = num + src.substring(pos, end);
            try {
                long b = ByteSizes.parse(text);
                while (pos < end) {
                    advance();
                }
                return new Token(TokenType.BYTES, text, b, sl, sc, so);
            } catch (IllegalArgumentException ignored) {
                // not a byte size
            }
        }
        return new Token(TokenType.NUMBER, num, 0, sl, sc, so);
    }

    private Token tryDuration(String prefix, int sl, int sc, int so) {
        int end = pos;
        while (end < src.length()) {
            int r = src.codePointAt(end);
            if (isGoWhitespace(r) || !(Character.isDigit(r) || isDurationRune(r) || r == '.')) {
                break;
            }
            end += Character.charCount(r);
        }
        if (end == pos) {
            return null;
        }
        String text = prefix + src.substring(pos, end);
        long nanos;
        try {
            nanos = Durations.parseLogQL(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        while (pos < end) {
            advance();
        }
        return new Token(TokenType.DURATION, text, nanos, sl, sc, so);
    }

    /** Loki's isFunction: after optional spaces, '(' or by/without followed by '('. */
    private boolean isFunction(int at) {
        int i = skipSpaces(at);
        if (i < src.length() && src.charAt(i) == '(') {
            return true;
        }
        for (String kw : new String[]{"by", "without"}) {
            if (src.regionMatches(true, i, kw, 0, kw.length())) {
                int j = skipSpaces(i + kw.length());
                return j < src.length() && src.charAt(j) == '(';
            }
        }
        return false;
    }

    private int skipSpaces(int i) {
        while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDurationRune(int r) {
        return r == 'n' || r == 'u' || r == '\u00b5' || r == 'm' || r == 's' || r == 'h' || r == 'd' || r == 'w' || r == 'y';
    }

    private static boolean isBytesRune(int r) {
        return r == 'B' || r == 'i' || r == 'k' || r == 'K' || r == 'M' || r == 'G' || r == 'T' || r == 'P';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isGoWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isIdentStart(int c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isIdentPart(int c) {
        return c == '_' || Character.isLetter(c) || Character.isDigit(c);
    }
}
