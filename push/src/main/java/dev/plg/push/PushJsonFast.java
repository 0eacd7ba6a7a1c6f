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
    /** Output of escaped strings before their exact-size copy. */
    private byte[] scratch = new byte[1024];

    private PushJsonFast(byte[] body) {
        this.b = body;
    }

    /** The decoded request, or {@code null} when the body is not of the plain shape. */
    static PushRequest decode(byte[] body) {
        if (!Utf8.isValid(body)) {
            // Checked once for the whole body, so strings are copied without looking at their
            // non-ASCII bytes ({@link #unescapeWords}); Jackson's path decides about the rest.
            return null;
        }
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

    /**
     * The label set at {@code pos}. Clients send the same few label objects in push after push,
     * so parsed sets are kept by their exact bytes (whitespace included): a known object costs a
     * scan, a hash and a compare of its bytes, and the parser below runs only for new ones.
     */
    private List<LabelPair> labels() {
        int start = pos;
        int end = objectEnd(start);
        if (end < 0 || end - start > MAX_KNOWN_LABELS_BYTES) {
            return parseLabels();
        }
        LabelsKey key = new LabelsKey(b, start, end);
        List<LabelPair> known = KNOWN_LABELS.get(key);
        if (known != null) {
            pos = end;
            return known;
        }
        List<LabelPair> labels = List.copyOf(parseLabels());
        if (pos == end) {
            if (KNOWN_LABELS.size() >= MAX_KNOWN_LABELS) {
                KNOWN_LABELS.clear();
            }
            KNOWN_LABELS.put(new LabelsKey(Arrays.copyOfRange(b, start, end), 0, end - start), labels);
        }
        return labels;
    }

    /**
     * Parsed label objects by their bytes; cleared when full (clients reuse few label sets). Only
     * objects of up to {@link #MAX_KNOWN_LABELS_BYTES} are kept, so the whole stays within a few
     * MB whatever clients send.
     */
    private static final java.util.concurrent.ConcurrentHashMap<LabelsKey, List<LabelPair>> KNOWN_LABELS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_KNOWN_LABELS = 2048;
    private static final int MAX_KNOWN_LABELS_BYTES = 512;

    /**
     * The end (after its '}') of the object at {@code start}, when it holds only strings (no
     * nested object or array); -1 otherwise. Strings are skipped escape by escape, so a brace
     * inside one does not end the object.
     */
    private int objectEnd(int start) {
        byte[] b = this.b;
        if (b[start] != '{') {
            return -1;
        }
        for (int i = start + 1; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                for (i++; i < b.length && b[i] != '"'; i++) {
                    if (b[i] == '\\') {
                        i++;
                    }
                }
            } else if (c == '}') {
                return i + 1;
            } else if (c == '{' || c == '[') {
                return -1;
            }
        }
        return -1;
    }

    /** A range of bytes as a map key: equal when the bytes are. */
    private static final class LabelsKey {
        private final byte[] bytes;
        private final int from;
        private final int to;
        private final int hash;

        LabelsKey(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.from = from;
            this.to = to;
            int h = 1;
            for (int i = from; i < to; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LabelsKey k && hash == k.hash && Arrays.equals(bytes, from, to, k.bytes, k.from, k.to);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private List<LabelPair> parseLabels() {
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

    /**
     * A JSON string at {@code pos} as text. A plain run (printable ASCII, no escape) becomes a
     * String straight from the body; anything else goes through {@link #escapedString}.
     */
    private String text() {
        byte[] b = this.b;
        int i = pos;
        if (b[i] != '"') {
            throw BAIL;
        }
        int start = ++i;
        i = plainEnd(b, i);
        if (b[i] == '"') {
            pos = i + 1;
            return ascii(b, start, i - start);
        }
        return new String(escapedString(start, i), StandardCharsets.UTF_8);
    }

    /**
     * The end of a plain run from {@code i}: printable ASCII without quote or backslash, the common
     * case for short strings (the byte there is a quote when the string ends plainly).
     */
    private static int plainEnd(byte[] b, int i) {
        byte c;
        while ((c = b[i]) >= 0x20 && c != '"' && c != '\\') {
            i++;
        }
        return i;
    }

    /**
     * ASCII bytes as a String: what decoding them as UTF-8 gives, through the small Latin-1
     * constructor rather than the general decoder (which the JIT would inline, large, into each
     * caller; label names and values are decoded for every stream of every push).
     */
    @SuppressWarnings("deprecation")
    private static String ascii(byte[] b, int start, int length) {
        return new String(b, 0, start, length);
    }

    /** A JSON string at {@code pos} as UTF-8 bytes, escapes resolved. */
    private byte[] string() {
        byte[] b = this.b;
        int i = pos;
        if (b[i] != '"') {
            throw BAIL;
        }
        int start = ++i;
        i = plainEnd(b, i);
        if (b[i] == '"') {
            pos = i + 1;
            return Arrays.copyOfRange(b, start, i);
        }
        return escapedString(start, i);
    }

    /**
     * The string from {@code start} (after its quote) on, whose plain run ended at {@code i}: one
     * pass into {@link #scratch}, resolving escapes and checking UTF-8, then one exact copy.
     */
    private byte[] escapedString(int start, int i) {
        int n = i - start;
        byte[] out = scratch(n + 64);
        System.arraycopy(b, start, out, 0, n);
        while (true) {
            long next = unescapeWords(i, out, n);
            i = (int) (next >>> 32);
            n = (int) next;
            if (b[i] != '"') {
                // something the word loop leaves to the careful one (or near the end of a buffer)
                next = unescape(i, out, n);
                i = (int) (next >>> 32);
                n = (int) next;
            }
            if (b[i] == '"') {
                pos = i + 1;
                return Arrays.copyOf(out, n);
            }
            out = scratch(out.length * 2);
        }
    }

    /**
     * The common part of {@link #unescape}, for strings dense with simple escapes (a JSON log line
     * inside a JSON push has an escaped quote every few bytes): copies from {@code i} to {@code out}
     * at {@code n} eight bytes at a time, each word stored at once and the bytes after an escape
     * stored again one place further left. Where it goes next never waits on a byte it read, only
     * on the word's event bits, so the escapes of a word cost a few register operations each.
     * Stops, returning as {@link #unescape} does, at the closing quote, at anything else it leaves
     * to {@link #unescape} (a control byte, a unicode or unknown escape) and near the end of
     * either buffer. Every byte it passes is plain: the body is valid UTF-8 ({@link #decode}).
     */
    private long unescapeWords(int i, byte[] out, int n) {
        byte[] b = this.b;
        int delta = n - i; // out index - input index; one less after each escape
        // two 8-byte stores may reach 15 bytes past a word's start, in and out
        int limit = Math.min(b.length - 16, i + (out.length - n) - 24);
        int p = i;
        words:
        while (p < limit) {
            long x = (long) LONGS.get(b, p);
            LONGS.set(out, p + delta, x);
            long events = zeroBytes(x ^ BACKSLASHES) | zeroBytes(x ^ QUOTES) | zeroBytes(x & CONTROL_BITS);
            while (events != 0) {
                int k = Long.numberOfTrailingZeros(events) >>> 3;
                int pos = p + k;
                if ((int) (x >>> (k << 3) & 0xFF) != '\\') {
                    return (long) pos << 32 | (pos + delta); // the closing quote, or a control byte
                }
                if (k == 7) {
                    p = pos; // the escaped byte is in the next word: start a word at the backslash
                    continue words;
                }
                byte r = UNESCAPE[(int) (x >>> ((k + 1) << 3)) & 0xFF];
                if (r == 0) {
                    return (long) pos << 32 | (pos + delta); // a unicode escape (backslash u), or an invalid one
                }
                out[pos + delta] = r;
                LONGS.set(out, pos + delta + 1, (long) LONGS.get(b, pos + 2));
                delta--;
                events &= ~(0xFFFFL << (k << 3)); // the backslash and the byte it escapes
            }
            p += 8;
        }
        // stopped by a limit, maybe inside a UTF-8 sequence: hand over at its first byte, which
        // the careful loop checks from
        while (p > i && (b[p] & 0xC0) == 0x80) {
            p--;
        }
        return (long) p << 32 | (p + delta);
    }

    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long QUOTES = 0x2222222222222222L;
    /** A byte below 0x20 has none of these bits. */
    private static final long CONTROL_BITS = 0xE0E0E0E0E0E0E0E0L;
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;

    /** 0x80 in each byte of {@code t} that is zero, exactly (no borrow between bytes). */
    private static long zeroBytes(long t) {
        return ~(((t & LOW_SEVEN) + LOW_SEVEN) | t | LOW_SEVEN);
    }

    /**
     * Copies string bytes from {@code i} to {@code out} at {@code n}, escapes resolved, until the
     * closing quote or until {@code out} may be too short. Output never grows faster than input
     * (an escape or a UTF-8 sequence writes at most what it reads), so reading at most the free
     * room minus one escape's worth keeps every write in bounds. Returns the input position (high
     * 32 bits) and the output length (low 32 bits).
     */
    private long unescape(int i, byte[] out, int n) {
        byte[] b = this.b;
        int stop = i + (out.length - n) - 16;
        int stop8 = Math.min(stop, b.length - 8);
        while (i < stop) {
            // Eight bytes at a time: all eight copied, then the position moved past the plain
            // ones (up to the first special byte, if any). Byte by byte only near the end.
            byte c;
            if (i < stop8) {
                long x = (long) LONGS.get(b, i);
                long special = specialMask(x);
                LONGS.set(out, n, x);
                if (special == 0) {
                    i += 8;
                    n += 8;
                    continue;
                }
                int plain = Long.numberOfTrailingZeros(special) >>> 3;
                i += plain;
                n += plain;
                c = b[i];
            } else {
                while ((c = b[i]) >= 0x20 && c != '"' && c != '\\' && i < stop) {
                    out[n++] = c;
                    i++;
                }
            }
            if (c == '"' || i >= stop) {
                break;
            }
            if (c == '\\') {
                byte r = UNESCAPE[b[i + 1] & 0xFF];
                if (r != 0) {
                    out[n++] = r;
                    i += 2;
                } else {
                    long next = unicode(i + 2, out, n);
                    i = (int) (next >>> 32);
                    n = (int) next;
                }
            } else if (c < 0) {
                int len = sequenceLength(b, i);
                out[n] = c;
                out[n + 1] = b[i + 1];
                if (len > 2) {
                    out[n + 2] = b[i + 2];
                    if (len > 3) {
                        out[n + 3] = b[i + 3];
                    }
                }
                n += len;
                i += len;
            } else {
                throw BAIL; // control character
            }
        }
        return (long) i << 32 | n;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;

    /**
     * The high bit of each of the eight bytes (little-endian) that may be a quote, a backslash, a
     * control character or non-ASCII; 0 when none is. The lowest bit set is always exact (a byte
     * above a special one may be flagged by a borrow, never one below).
     */
    private static long specialMask(long x) {
        long ctl = (x - 0x2020202020202020L) & ~x;
        long quote = x ^ 0x2222222222222222L;
        quote = (quote - ONES) & ~quote;
        long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
        backslash = (backslash - ONES) & ~backslash;
        return (x | ctl | quote | backslash) & HIGH_BITS;
    }

    private static final byte[] UNESCAPE = new byte[256];

    static {
        UNESCAPE['"'] = '"';
        UNESCAPE['\\'] = '\\';
        UNESCAPE['/'] = '/';
        UNESCAPE['b'] = '\b';
        UNESCAPE['f'] = '\f';
        UNESCAPE['n'] = '\n';
        UNESCAPE['r'] = '\r';
        UNESCAPE['t'] = '\t';
    }

    /** {@link #scratch}, grown (contents kept) to at least {@code size}. */
    private byte[] scratch(int size) {
        if (size > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(size, scratch.length * 2));
        }
        return scratch;
    }

    /** Length of the strictly valid multi-byte UTF-8 sequence at {@code i}; bails otherwise. */
    private static int sequenceLength(byte[] b, int i) {
        int end = Utf8.sequenceEnd(b, i);
        if (end < 0) {
            throw BAIL;
        }
        return end - i;
    }

    /**
     * The escape whose four hex digits start at {@code at} (with its low surrogate escape if any),
     * written to {@code out} at {@code n}; returns the next input position (high 32 bits) and the
     * new output length (low 32 bits).
     */
    private long unicode(int at, byte[] out, int n) {
        if (b[at - 1] != 'u') {
            throw BAIL;
        }
        int cp = hex4(at);
        at += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (b[at] != '\\' || b[at + 1] != 'u') {
                throw BAIL;
            }
            int low = hex4(at + 2);
            if (low < 0xDC00 || low > 0xDFFF) {
                throw BAIL;
            }
            at += 6;
            cp = Character.toCodePoint((char) cp, (char) low);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            throw BAIL;
        }
        if (cp < 0x80) {
            out[n++] = (byte) cp;
        } else if (cp < 0x800) {
            out[n++] = (byte) (0xC0 | cp >> 6);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out[n++] = (byte) (0xE0 | cp >> 12);
            out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        } else {
            out[n++] = (byte) (0xF0 | cp >> 18);
            out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
            out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        }
        return (long) at << 32 | n;
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
