package dev.plg.push;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte-level fast path of {@link PushJson#decode(byte[])} for the common, well-formed body:
 *
 * <pre>
 * {"streams":[{"stream":{"k":"v",...},"values":[["ts","line"],["ts","line",{"k":"v"}],...]},...]}
 * </pre>
 *
 * Lines become UTF-8 byte arrays ({@link PushEntry#ofUtf8}) straight from the body: a copy of the
 * range, with JSON escapes resolved. Anything else (other keys, {@code null}s, numbers, a key
 * given twice, fewer or more than 2 or 3 elements in a value, invalid or non-shortest UTF-8, a
 * lone surrogate escape, control characters, trailing bytes) makes {@link #decode} return
 * {@code null}, and the caller decodes the whole body with the Jackson decoder, so results and
 * error texts for every unusual body stay exactly that decoder's.
 *
 * <p>One instance per body; not thread-safe.
 */
final class PushJsonFast {
    /** Thrown to abandon the fast path; no stack trace (it is control flow). */
    private static final class Bail extends RuntimeException {
        Bail() {
            super(null, null, false, false);
        }
    }

    private static final Bail BAIL = new Bail();

    private final byte[] b;
    private int pos;
    /** Unescaped string bytes of the current string. */
    private byte[] scratch = new byte[256];

    private PushJsonFast(byte[] body) {
        this.b = body;
    }

    /** The decoded request, or {@code null} when the body is not of the plain shape. */
    static PushRequest decode(byte[] body) {
        try {
            return new PushJsonFast(body).request();
        } catch (Bail | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private PushRequest request() {
        skipSpace();
        expect('{');
        skipSpace();
        if (!key("streams")) {
            throw BAIL;
        }
        expect('[');
        List<PushStream> streams = new ArrayList<>();
        skipSpace();
        if (b[pos] == ']') {
            pos++;
        } else {
            do {
                skipSpace();
                streams.add(stream());
                skipSpace();
            } while (comma(']'));
        }
        skipSpace();
        expect('}');
        for (; pos < b.length; pos++) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                throw BAIL;
            }
        }
        return new PushRequest(streams);
    }

    private PushStream stream() {
        expect('{');
        List<LabelPair> labels = null;
        List<PushEntry> entries = null;
        skipSpace();
        do {
            skipSpace();
            if (labels == null && key("stream")) {
                labels = labels();
            } else if (entries == null && key("values")) {
                entries = entries();
            } else {
                throw BAIL;
            }
            skipSpace();
        } while (comma('}'));
        if (labels == null || entries == null) {
            throw BAIL;
        }
        return new PushStream(labels, entries);
    }

    private List<LabelPair> labels() {
        List<LabelPair> labels = new ArrayList<>(8);
        pairs(labels);
        for (int i = 1; i < labels.size(); i++) {
            String name = labels.get(i).name();
            for (int j = 0; j < i; j++) {
                if (labels.get(j).name().equals(name)) {
                    throw BAIL; // Jackson's path keeps the last value in the first place
                }
            }
        }
        return labels;
    }

    /** A non-empty object of string values, appended in order. */
    private void pairs(List<LabelPair> out) {
        expect('{');
        skipSpace();
        do {
            skipSpace();
            String name = text();
            skipSpace();
            expect(':');
            skipSpace();
            out.add(new LabelPair(name, text()));
            skipSpace();
        } while (comma('}'));
    }

    private List<PushEntry> entries() {
        expect('[');
        List<PushEntry> entries = new ArrayList<>(64);
        skipSpace();
        if (b[pos] == ']') {
            pos++;
            return entries;
        }
        do {
            skipSpace();
            entries.add(entry());
            skipSpace();
        } while (comma(']'));
        return entries;
    }

    private PushEntry entry() {
        expect('[');
        skipSpace();
        long ts = timestamp();
        skipSpace();
        expect(',');
        skipSpace();
        byte[] line = string();
        skipSpace();
        List<LabelPair> md = List.of();
        if (b[pos] == ',') {
            pos++;
            skipSpace();
            if (b[pos + 1] == '}') {
                expect('{');
                pos++;
            } else {
                md = new ArrayList<>(4);
                pairs(md);
            }
            skipSpace();
        }
        expect(']');
        return PushEntry.ofUtf8(ts, line, md);
    }

    /** A quoted signed decimal integer that fits a long (jsonparser.ParseInt's accepted set). */
    private long timestamp() {
        expect('"');
        boolean negative = b[pos] == '-';
        if (negative) {
            pos++;
        }
        int start = pos;
        long v = 0;
        int d;
        while ((d = b[pos] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || digits > 19 || v < 0) {
            throw BAIL; // 19 digits can wrap; v < 0 catches it unless it wrapped twice, which 19 digits cannot
        }
        expect('"');
        return negative ? -v : v;
    }

    /** After a value: true on ',', false on {@code close}; anything else bails. */
    private boolean comma(char close) {
        byte c = b[pos++];
        if (c == ',') {
            return true;
        }
        if (c != close) {
            throw BAIL;
        }
        return false;
    }

    /** {@code "name":} (exact bytes, no escapes); consumes it only when it matches. */
    private boolean key(String name) {
        int n = name.length();
        if (b[pos] != '"' || b[pos + n + 1] != '"') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + 1 + i] != name.charAt(i)) {
                return false;
            }
        }
        pos += n + 2;
        skipSpace();
        expect(':');
        skipSpace();
        return true;
    }

    private void expect(char c) {
        if (b[pos] != c) {
            throw BAIL;
        }
        pos++;
    }

    private void skipSpace() {
        byte c;
        while ((c = b[pos]) == ' ' || c == '\n' || c == '\r' || c == '\t') {
            pos++;
        }
    }

    private String text() {
        byte[] s = string();
        return new String(s, StandardCharsets.UTF_8);
    }

    /** A JSON string at {@code pos} as UTF-8 bytes, escapes resolved. */
    private byte[] string() {
        expect('"');
        int start = pos;
        // Plain run: no escapes, all ASCII printable. The common case for short strings.
        byte c;
        while ((c = b[pos]) >= 0x20 && c != '"' && c != '\\') {
            pos++;
        }
        if (c == '"') {
            pos++;
            return Arrays.copyOfRange(b, start, pos - 1);
        }
        return slowString(start);
    }

    /** Rest of a string with escapes or non-ASCII bytes, from {@code start} (after the quote). */
    private byte[] slowString(int start) {
        int n = pos - start;
        ensure(n + 16);
        System.arraycopy(b, start, scratch, 0, n);
        while (true) {
            byte c = b[pos];
            if (c == '"') {
                pos++;
                return Arrays.copyOf(scratch, n);
            }
            if (n + 8 > scratch.length) {
                ensure(n + 8);
            }
            if (c == '\\') {
                n = escape(n);
            } else if (c >= 0x20) {
                scratch[n++] = c;
                pos++;
            } else if (c >= 0) {
                throw BAIL; // control character
            } else {
                n = multiByte(n);
            }
        }
    }

    private void ensure(int size) {
        if (size > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(size, scratch.length * 2));
        }
    }

    /** Copies one strictly valid multi-byte UTF-8 sequence at {@code pos}. */
    private int multiByte(int n) {
        int c = b[pos] & 0xFF;
        int len;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            throw BAIL;
        }
        int second = b[pos + 1] & 0xFF;
        if (second < lo || second > hi) {
            throw BAIL;
        }
        for (int i = 2; i < len; i++) {
            if ((b[pos + i] & 0xC0) != 0x80) {
                throw BAIL;
            }
        }
        System.arraycopy(b, pos, scratch, n, len);
        pos += len;
        return n + len;
    }

    /** Resolves the escape at {@code pos} (a backslash) into scratch at {@code n}. */
    private int escape(int n) {
        byte e = b[pos + 1];
        pos += 2;
        byte out;
        switch (e) {
            case '"' -> out = '"';
            case '\\' -> out = '\\';
            case '/' -> out = '/';
            case 'b' -> out = '\b';
            case 'f' -> out = '\f';
            case 'n' -> out = '\n';
            case 'r' -> out = '\r';
            case 't' -> out = '\t';
            case 'u' -> {
                return unicode(n);
            }
            default -> throw BAIL;
        }
        scratch[n] = out;
        return n + 1;
    }

    /** The four hex digits of a backslash-u escape at {@code pos}, with its low surrogate if any. */
    private int unicode(int n) {
        int cp = hex4(pos);
        pos += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (b[pos] != '\\' || b[pos + 1] != 'u') {
                throw BAIL;
            }
            int low = hex4(pos + 2);
            if (low < 0xDC00 || low > 0xDFFF) {
                throw BAIL;
            }
            pos += 6;
            cp = Character.toCodePoint((char) cp, (char) low);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            throw BAIL;
        }
        byte[] s = scratch;
        if (cp < 0x80) {
            s[n++] = (byte) cp;
        } else if (cp < 0x800) {
            s[n++] = (byte) (0xC0 | cp >> 6);
            s[n++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            s[n++] = (byte) (0xE0 | cp >> 12);
            s[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            s[n++] = (byte) (0x80 | cp & 0x3F);
        } else {
            s[n++] = (byte) (0xF0 | cp >> 18);
            s[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
            s[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            s[n++] = (byte) (0x80 | cp & 0x3F);
        }
        return n;
    }

    private int hex4(int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(b[at + i], 16);
            if (d < 0) {
                throw BAIL;
            }
            v = v << 4 | d;
        }
        return v;
    }
}
