package dev.plg.push;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Prometheus text form of a label set, {@code {app="api", level="error"}}, as carried in the
 * {@code labels} string of Loki's protobuf {@code StreamAdapter}.
 *
 * <p>{@link #format} writes what Promtail and Alloy send: pairs sorted by name, {@code ", "}
 * between pairs, values quoted as Go's {@code strconv.Quote} does ({@code \"}, {@code \\},
 * {@code \n}, {@code \t}, other control characters as {@code \x1f}, other non-printable code
 * points as backslash-u/U hex escapes; printable non-ASCII text such as Hangul kept as is).
 *
 * <p>{@link #parse} reads that form and the looser input Loki's {@code syntax.ParseLabels} accepts:
 * any whitespace around tokens, double-quoted values with every Go escape ({@code \a \b \f \n \r
 * \t \v \\ \" \xHH \ooo}, backslash-u with 4 and backslash-U with 8 hex digits) and
 * back-quoted raw values. It keeps the pairs in the order written and does not validate further
 * (duplicate names, {@code __} prefixes, empty values
 * are the store's business). Stateless and thread-safe.
 */
public final class LabelsText {
    private LabelsText() {}

    /** Formats {@code labels} sorted by name (then value), e.g. {@code {a="b", c="d"}}. */
    public static String format(List<LabelPair> labels) {
        requireNonNull(labels, "labels is null");
        LabelPair[] sorted = labels.toArray(new LabelPair[0]);
        Arrays.sort(sorted);
        StringBuilder out = new StringBuilder(16 + labels.size() * 24);
        out.append('{');
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(sorted[i].name()).append('=');
            appendQuoted(out, sorted[i].value());
        }
        return out.append('}').toString();
    }

    /** Appends {@code value} as a Go double-quoted string literal ({@code strconv.Quote}). */
    public static void appendQuoted(StringBuilder out, String value) {
        out.append('"');
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                cp = Character.toCodePoint(c, value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                cp = 0xFFFD; // a lone surrogate cannot be UTF-8 encoded; Go would see U+FFFD
            }
            if (isGoPrintable(cp)) {
                out.appendCodePoint(cp);
                continue;
            }
            switch (cp) {
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xF]);
                    } else if (cp < 0x10000) {
                        out.append("\\u");
                        appendHex(out, cp, 4);
                    } else {
                        out.append("\\U");
                        appendHex(out, cp, 8);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Parses a label set in Prometheus text form.
     *
     * @throws PushFormatException with a message of the form {@code 1:<column>: parse error: ...}
     *     (1-based character column, as Loki's LogQL parser reports); Loki prefixes it with
     *     {@code couldn't parse labels: } when it refuses a push
     */
    public static List<LabelPair> parse(String text) {
        requireNonNull(text, "text is null");
        return new Parser(text).parse();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void appendHex(StringBuilder out, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(value >> shift) & 0xF]);
        }
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and U+0020. */
    private static boolean isGoPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.CONNECTOR_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** One-shot recursive-descent parser over the text; {@code pos} is the next char to read. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        List<LabelPair> parse() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("syntax error: unexpected $end, expecting {");
            }
            if (text.charAt(pos) != '{') {
                throw error("syntax error: unexpected " + describe(text.charAt(pos)) + ", expecting {");
            }
            pos++;
            List<LabelPair> pairs = new ArrayList<>(8);
            skipSpace();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    String name = name();
                    skipSpace();
                    if (peek() != '=') {
                        throw error(peek() == -1 ? "syntax error: unexpected $end, expecting =" : "syntax error: unexpected "
                                + describe((char) peek()) + ", expecting =");
                    }
                    pos++;
                    skipSpace();
                    String value = value();
                    pairs.add(new LabelPair(name, value));
                    skipSpace();
                    int c = peek();
                    if (c == ',') {
                        pos++;
                        skipSpace();
                        continue;
                    }
                    if (c == '}') {
                        pos++;
                        break;
                    }
                    throw error(c == -1 ? "syntax error: unexpected $end, expecting } or ," : "syntax error: unexpected "
                            + describe((char) c) + ", expecting } or ,");
                }
            }
            skipSpace();
            if (pos < text.length()) {
                throw error("syntax error: unexpected " + describe(text.charAt(pos)) + " after }");
            }
            return pairs;
        }

        private String name() {
            int start = pos;
            int c = peek();
            if (c == -1) {
                throw error("syntax error: unexpected $end, expecting IDENTIFIER");
            }
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                throw error("unexpected character inside braces: '" + (char) c + "'");
            }
            pos++;
            while (pos < text.length()) {
                char ch = text.charAt(pos);
                if (ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
                    pos++;
                } else {
                    break;
                }
            }
            return text.substring(start, pos);
        }

        private String value() {
            int c = peek();
            if (c == '`') {
                int end = text.indexOf('`', pos + 1);
                if (end < 0) {
                    throw error("literal not terminated");
                }
                String raw = text.substring(pos + 1, end);
                pos = end + 1;
                return raw;
            }
            if (c != '"') {
                throw error(c == -1 ? "syntax error: unexpected $end, expecting STRING" : "syntax error: unexpected "
                        + describe((char) c) + ", expecting STRING");
            }
            int start = ++pos;
            // Fast path: no escapes, the value is a plain substring.
            while (pos < text.length()) {
                char ch = text.charAt(pos);
                if (ch == '"') {
                    return text.substring(start, pos++);
                }
                if (ch == '\\' || ch == '\n') {
                    break;
                }
                pos++;
            }
            StringBuilder out = new StringBuilder(pos - start + 16).append(text, start, pos);
            ByteArrayOutputStream pendingBytes = null; // \x and octal escapes are raw UTF-8 bytes in Go
            while (true) {
                if (pos >= text.length() || text.charAt(pos) == '\n') {
                    throw error("literal not terminated");
                }
                char ch = text.charAt(pos);
                if (ch == '"') {
                    pos++;
                    flush(out, pendingBytes);
                    return out.toString();
                }
                if (ch != '\\') {
                    flush(out, pendingBytes);
                    out.append(ch);
                    pos++;
                    continue;
                }
                int escapeAt = pos;
                if (++pos >= text.length()) {
                    throw error("literal not terminated");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'a' -> append(out, pendingBytes, 0x07);
                    case 'b' -> append(out, pendingBytes, '\b');
                    case 'f' -> append(out, pendingBytes, '\f');
                    case 'n' -> append(out, pendingBytes, '\n');
                    case 'r' -> append(out, pendingBytes, '\r');
                    case 't' -> append(out, pendingBytes, '\t');
                    case 'v' -> append(out, pendingBytes, 0x0B);
                    case '\\' -> append(out, pendingBytes, '\\');
                    case '"' -> append(out, pendingBytes, '"');
                    case 'x' -> {
                        pendingBytes = bytes(pendingBytes);
                        pendingBytes.write(digits(16, 2, escapeAt));
                    }
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        pos--;
                        int b = digits(8, 3, escapeAt);
                        if (b > 255) {
                            throw errorAt(escapeAt, "invalid char escape");
                        }
                        pendingBytes = bytes(pendingBytes);
                        pendingBytes.write(b);
                    }
                    case 'u', 'U' -> {
                        int cp = digits(16, e == 'u' ? 4 : 8, escapeAt);
                        if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
                            throw errorAt(escapeAt, "escape sequence is invalid Unicode code point");
                        }
                        append(out, pendingBytes, cp);
                    }
                    default -> throw errorAt(escapeAt, "invalid char escape");
                }
            }
        }

        private static ByteArrayOutputStream bytes(ByteArrayOutputStream pending) {
            return pending != null ? pending : new ByteArrayOutputStream(8);
        }

        private static void append(StringBuilder out, ByteArrayOutputStream pending, int codePoint) {
            flush(out, pending);
            out.appendCodePoint(codePoint);
        }

        private static void flush(StringBuilder out, ByteArrayOutputStream pending) {
            if (pending != null && pending.size() > 0) {
                out.append(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        }

        private int digits(int radix, int count, int escapeAt) {
            if (pos + count > text.length()) {
                throw errorAt(escapeAt, "literal not terminated");
            }
            int value = 0;
            for (int i = 0; i < count; i++) {
                int d = Character.digit(text.charAt(pos++), radix);
                if (d < 0) {
                    throw errorAt(escapeAt, "invalid char escape");
                }
                value = value * radix + d;
            }
            return value;
        }

        private int peek() {
            return pos < text.length() ? text.charAt(pos) : -1;
        }

        private void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        private static String describe(char c) {
            return "'" + c + "'";
        }

        private PushFormatException error(String what) {
            return errorAt(pos, what);
        }

        private PushFormatException errorAt(int at, String what) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < at && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new PushFormatException(line + ":" + column + ": parse error: " + what);
        }
    }
}
