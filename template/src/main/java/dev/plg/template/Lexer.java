package dev.plg.template;

import java.util.ArrayList;
import java.util.List;

/** Go's {@code text/template/parse} lexer (delimiters {@code {{ }}}, trim markers, comments), run eagerly. */
final class Lexer {
    enum T {
        ERROR, BOOL, CHAR, CHAR_CONSTANT, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER, LEFT_DELIM, LEFT_PAREN, NUMBER,
        PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE,
        // keywords
        BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH;

        boolean keyword() {
            return ordinal() >= BLOCK.ordinal();
        }
    }

    record Item(T typ, int pos, String val, int line) {
        @Override
        public String toString() {
            if (typ == T.EOF) {
                return "EOF";
            }
            if (typ == T.ERROR) {
                return val;
            }
            if (typ.keyword()) {
                return "<" + val + ">";
            }
            if (val.codePointCount(0, val.length()) > 10) {
                return GoFmt.quote(val.substring(0, val.offsetByCodePoints(0, 10))) + "...";
            }
            return GoFmt.quote(val);
        }
    }

    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";

    private final String in;
    private final List<Item> items = new ArrayList<>();
    private final int[] lineStarts;
    private int pos;
    private int start;
    private int parenDepth;

    private Lexer(String in) {
        this.in = in;
        List<Integer> nl = new ArrayList<>();
        for (int i = 0; i < in.length(); i++) {
            if (in.charAt(i) == '\n') {
                nl.add(i);
            }
        }
        lineStarts = nl.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<Item> lex(String in) {
        Lexer l = new Lexer(in);
        l.run();
        return l.items;
    }

    /** 1-based line of a char offset. */
    int lineAt(int p) {
        int lo = 0;
        int hi = lineStarts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lineStarts[mid] < p) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo + 1;
    }

    private void emit(T t) {
        items.add(new Item(t, start, in.substring(start, pos), lineAt(start)));
        start = pos;
    }

    private void ignore() {
        start = pos;
    }

    /** Records an error item and stops lexing. */
    private boolean error(String msg) {
        items.add(new Item(T.ERROR, start, msg, lineAt(start)));
        return false;
    }

    private int peek() {
        return pos < in.length() ? in.codePointAt(pos) : -1;
    }

    private int next() {
        if (pos >= in.length()) {
            pos++;
            return -1;
        }
        int c = in.codePointAt(pos);
        pos += Character.charCount(c);
        return c;
    }

    private void backup(int c) {
        pos -= c < 0 ? 1 : Character.charCount(c);
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAlphaNumeric(int c) {
        return c == '_' || Character.isLetter(c) || Character.isDigit(c);
    }

    private boolean hasLeftTrimMarker(int p) {
        return p + 1 < in.length() && in.charAt(p) == '-' && isSpace(in.charAt(p + 1));
    }

    private boolean hasRightTrimMarker(int p) {
        return p >= 0 && p + 1 < in.length() && isSpace(in.charAt(p)) && in.charAt(p + 1) == '-';
    }

    /** 0 = not at a right delimiter, 1 = at {@code }}}, 2 = at {@code -}}} (trim marker). */
    private int atRightDelim() {
        if (hasRightTrimMarker(pos) && in.startsWith(RIGHT, pos + 2)) {
            return 2;
        }
        return in.startsWith(RIGHT, pos) ? 1 : 0;
    }

    private int leftTrimLength(int p) {
        int i = p;
        while (i < in.length() && isSpace(in.charAt(i))) {
            i++;
        }
        return i - p;
    }

    private void run() {
        boolean ok = true;
        while (ok) {
            // lexText
            int x = in.indexOf(LEFT, pos);
            if (x < 0) {
                pos = in.length();
                if (pos > start) {
                    emit(T.TEXT);
                }
                items.add(new Item(T.EOF, pos, "", lineAt(pos)));
                return;
            }
            pos = x;
            int trim = 0;
            if (hasLeftTrimMarker(x + LEFT.length())) {
                int e = x;
                while (e > start && isSpace(in.charAt(e - 1))) {
                    e--;
                }
                trim = x - e;
            }
            pos -= trim;
            if (pos > start) {
                emit(T.TEXT);
            }
            pos += trim;
            ignore();
            ok = leftDelim();
        }
    }

    private boolean leftDelim() {
        pos += LEFT.length();
        boolean trimSpace = hasLeftTrimMarker(pos);
        int afterMarker = trimSpace ? 2 : 0;
        if (in.startsWith("/*", pos + afterMarker)) {
            pos += afterMarker;
            ignore();
            return comment();
        }
        emit(T.LEFT_DELIM);
        pos += afterMarker;
        ignore();
        parenDepth = 0;
        return insideAction();
    }

    private boolean comment() {
        pos += 2;
        int x = in.indexOf("*/", pos);
        if (x < 0) {
            return error("unclosed comment");
        }
        pos = x + 2;
        int delim = atRightDelim();
        if (delim == 0) {
            return error("comment ends before closing delimiter");
        }
        if (delim == 2) {
            pos += 2;
        }
        pos += RIGHT.length();
        if (delim == 2) {
            pos += leftTrimLength(pos);
        }
        ignore();
        return true;
    }

    private boolean rightDelim() {
        boolean trimSpace = atRightDelim() == 2;
        if (trimSpace) {
            pos += 2;
            ignore();
        }
        pos += RIGHT.length();
        emit(T.RIGHT_DELIM);
        if (trimSpace) {
            pos += leftTrimLength(pos);
            ignore();
        }
        return true;
    }

    private boolean insideAction() {
        while (true) {
            if (atRightDelim() != 0) {
                if (parenDepth == 0) {
                    return rightDelim();
                }
                return error("unclosed left paren");
            }
            int r = next();
            if (r < 0) {
                return error("unclosed action");
            } else if (isSpace(r)) {
                backup(r);
                int numSpaces = 0;
                while (isSpace(peek())) {
                    next();
                    numSpaces++;
                }
                if (hasRightTrimMarker(pos - 1) && in.startsWith(RIGHT, pos - 1 + 2)) {
                    pos--;
                    if (numSpaces == 1) {
                        return rightDelim();
                    }
                }
                emit(T.SPACE);
            } else if (r == '=') {
                emit(T.ASSIGN);
            } else if (r == ':') {
                if (next() != '=') {
                    return error("expected :=");
                }
                emit(T.DECLARE);
            } else if (r == '|') {
                emit(T.PIPE);
            } else if (r == '"') {
                if (!quote()) {
                    return false;
                }
            } else if (r == '`') {
                int x = in.indexOf('`', pos);
                if (x < 0) {
                    return error("unterminated raw quoted string");
                }
                pos = x + 1;
                emit(T.RAW_STRING);
            } else if (r == '$') {
                if (!variableOrField(T.VARIABLE)) {
                    return false;
                }
            } else if (r == '\'') {
                if (!charConstant()) {
                    return false;
                }
            } else if (r == '.' && pos < in.length() && (in.charAt(pos) < '0' || in.charAt(pos) > '9')) {
                if (!variableOrField(T.FIELD)) {
                    return false;
                }
            } else if (r == '.' || r == '+' || r == '-' || (r >= '0' && r <= '9')) {
                backup(r);
                if (!number()) {
                    return false;
                }
            } else if (isAlphaNumeric(r)) {
                backup(r);
                if (!identifier()) {
                    return false;
                }
            } else if (r == '(') {
                emit(T.LEFT_PAREN);
                parenDepth++;
            } else if (r == ')') {
                parenDepth--;
                if (parenDepth < 0) {
                    return error("unexpected right paren");
                }
                emit(T.RIGHT_PAREN);
            } else if (r <= 0x7f && GoFmt.isPrint(r)) {
                emit(T.CHAR);
            } else {
                return error("unrecognized character in action: " + rune(r));
            }
        }
    }

    /** Go's {@code %#U}: {@code U+0041 'A'}. */
    private static String rune(int r) {
        String h = Integer.toHexString(r).toUpperCase(java.util.Locale.ROOT);
        String u = "U+" + "0".repeat(Math.max(0, 4 - h.length())) + h;
        return GoFmt.isPrint(r) ? u + " '" + new String(Character.toChars(r)) + "'" : u;
    }

    private boolean atTerminator() {
        int r = peek();
        if (isSpace(r)) {
            return true;
        }
        return switch (r) {
            case -1, '.', ',', '|', ':', ')', '(' -> true;
            default -> in.startsWith(RIGHT, pos);
        };
    }

    private boolean identifier() {
        while (true) {
            int r = next();
            if (isAlphaNumeric(r)) {
                continue;
            }
            backup(r);
            String word = in.substring(start, pos);
            if (!atTerminator()) {
                return error("bad character " + rune(r));
            }
            T kw = switch (word) {
                case "block" -> T.BLOCK;
                case "break" -> T.BREAK;
                case "continue" -> T.CONTINUE;
                case "define" -> T.DEFINE;
                case "else" -> T.ELSE;
                case "end" -> T.END;
                case "if" -> T.IF;
                case "range" -> T.RANGE;
                case "nil" -> T.NIL;
                case "template" -> T.TEMPLATE;
                case "with" -> T.WITH;
                case "true", "false" -> T.BOOL;
                default -> T.IDENTIFIER;
            };
            emit(kw);
            return true;
        }
    }

    private boolean variableOrField(T typ) {
        if (atTerminator()) {
            emit(typ == T.VARIABLE ? T.VARIABLE : T.DOT);
            return true;
        }
        int r;
        while (true) {
            r = next();
            if (!isAlphaNumeric(r)) {
                backup(r);
                break;
            }
        }
        if (!atTerminator()) {
            return error("bad character " + rune(r));
        }
        emit(typ);
        return true;
    }

    private boolean charConstant() {
        return quoted('\'', T.CHAR_CONSTANT, "unterminated character constant");
    }

    private boolean quote() {
        return quoted('"', T.STRING, "unterminated quoted string");
    }

    /** Go's lexChar / lexQuote: up to the closing {@code close}, backslash escapes skipped, no newline. */
    private boolean quoted(char close, T type, String unterminated) {
        while (true) {
            int r = next();
            if (r == '\\') {
                r = next();
                if (r >= 0 && r != '\n') {
                    continue;
                }
            }
            if (r < 0 || r == '\n') {
                return error(unterminated);
            }
            if (r == close) {
                break;
            }
        }
        emit(type);
        return true;
    }

    private boolean accept(String valid) {
        int r = next();
        if (r >= 0 && valid.indexOf(r) >= 0) {
            return true;
        }
        backup(r);
        return false;
    }

    private void acceptRun(String valid) {
        while (true) {
            int r = next();
            if (r < 0 || valid.indexOf(r) < 0) {
                backup(r);
                return;
            }
        }
    }

    private boolean number() {
        accept("+-");
        String digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX")) {
                digits = "0123456789abcdefABCDEF_";
            } else if (accept("oO")) {
                digits = "01234567_";
            } else if (accept("bB")) {
                digits = "01_";
            }
        }
        acceptRun(digits);
        if (accept(".")) {
            acceptRun(digits);
        }
        if (digits.length() == 11 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        if (digits.length() == 23 && accept("pP")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        if (isAlphaNumeric(peek())) {
            next();
            return error("bad number syntax: " + GoFmt.quote(in.substring(start, Math.min(pos, in.length()))));
        }
        emit(T.NUMBER);
        return true;
    }
}
