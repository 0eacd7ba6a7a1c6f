package dev.plg.store.block;

import dev.plg.store.io.ByteSink;
import dev.plg.store.io.ByteSource;
import dev.plg.store.io.CorruptDataException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The lines of a version-2 block, stored column-wise: every line is split into a <em>template</em>
 * (the line with the values of its {@code "key":value} pairs cut out) and the cut values, which go
 * to one column per key. JSON log lines of one stream share a handful of templates, and each
 * column holds values of one kind (ids, levels, timestamps), which compress far better together
 * than interleaved. Lines that are not JSON simply become templates without holes. Decoding
 * rebuilds every line byte for byte.
 *
 * <h2>Splitting (no JSON validation; any byte string round-trips)</h2>
 * A quoted string (backslash escapes honoured) directly followed by {@code :} is a key. If the
 * next byte opens a string, the string's content (between the quotes, escapes kept verbatim) is
 * the value; if it is one of {@code -0123456789tfn}, the bytes up to the next {@code , } ] } or
 * space/tab are the value. Anything else (objects, arrays, whitespace) stays in the template. At
 * most {@link #MAX_COLUMNS} keys per block get a column; values of further keys stay inline.
 *
 * <h2>Template bytes</h2>
 * A hole is {@code 0x00 c} (c = column index, 0..254); a literal {@code 0x00} byte of the line is
 * written {@code 0x00 0xFF}.
 *
 * <h2>Layout (inside the block's compressed payload; varints)</h2>
 * <pre>
 * T | T x (len, template bytes) | if T > 1: entryCount x template index
 * C | C x column: mode u8 | n (values) | mode data:
 *     0 RAW:  P | P prefix bytes (common to all values) | n x (len - P) | the rest of every value
 *     1 DICT: D | D x (len, bytes) | n x u8 index                       (D <= 256)
 *     2 HEX:  L | P | P prefix bytes | n x (L - P) / 2 bytes             (every value: the same
 *             P-byte prefix, then lowercase hex digits, L bytes in all; stored as binary)
 *     3 TIME: n x zigzag (value's microseconds - entry timestamp / 1000) (every value renders
 *             exactly as yyyy-MM-ddTHH:mm:ss.ffffffZ, UTC)
 *     4 NUM:  P | P prefix bytes | n x u8 scale | u8 signed | u8 W | W planes x n bytes
 *             (every value: the common P-byte prefix, then a decimal that renders back exactly
 *             from mantissa x 10^-scale, at most 18 digits; mantissas zigzagged when signed, as W-byte
 *             little-endian integers stored plane by plane: all lowest bytes first)
 * </pre>
 * Every column body (and the template section) is one {@link Sections section}: zstd'd on its own.
 * A column's mode is the first of TIME, HEX, DICT, NUM that every value of the block fits, else RAW.
 */
public final class LineColumns {
    public static final int MAX_COLUMNS = 255;
    static final int RAW = 0;
    static final int DICT = 1;
    static final int HEX = 2;
    static final int TIME = 3;
    static final int NUM = 4;
    private static final int LITERAL_ZERO = 0xFF;

    private LineColumns() {}

    /** One column while encoding: values as slices of the lines array, with their line index. */
    private static final class Column {
        int n;
        int[] off = new int[64];
        int[] len = new int[64];
        int[] line = new int[64];

        void add(int o, int l, int lineIndex) {
            if (n == off.length) {
                off = Arrays.copyOf(off, n * 2);
                len = Arrays.copyOf(len, n * 2);
                line = Arrays.copyOf(line, n * 2);
            }
            off[n] = o;
            len[n] = l;
            line[n] = lineIndex;
            n++;
        }
    }

    /** Hash key over a byte slice (templates and key names). */
    private record Slice(byte[] b, int off, int len, int hash) {
        static Slice of(byte[] b, int off, int len) {
            int h = 1;
            for (int i = off; i < off + len; i++) {
                h = 31 * h + b[i];
            }
            return new Slice(b, off, len, h);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slice s && s.hash == hash && Arrays.equals(b, off, off + len, s.b, s.off, s.off + s.len);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Writes the column-wise form of {@code entries}' lines to {@code out}. */
    public static void encode(EntryColumns entries, ByteSink out) {
        int n = entries.count();
        byte[] lines = entries.lines();
        HashMap<Slice, Integer> columnIds = new HashMap<>();
        Column[] columns = new Column[8];
        int columnCount = 0;
        HashMap<Slice, Integer> templateIds = new HashMap<>();
        ByteSink templates = new ByteSink(4096);
        int templateCount = 0;
        int[] templateOf = new int[n];
        ByteSink t = new ByteSink(512);
        int[] keyOffs = new int[8];
        int[] keyLens = new int[8];
        int[] prevKeys = new int[16];
        int[] lineKeys = new int[16];
        int prevKeyCount = 0;
        int keyIndex = 0;
        byte[] prevTemplate = null;
        int prevTemplateId = -1;
        for (int e = 0; e < n; e++) {
            int off = entries.lineOffsets()[e];
            int end = off + entries.lineLengths()[e];
            t.reset();
            int copied = off;
            int i = off;
            while (i < end) {
                byte c = lines[i];
                if (c != '"') {
                    i++;
                    continue;
                }
                int keyStart = i + 1;
                int keyEnd = stringEnd(lines, keyStart, end);
                if (keyEnd < 0) {
                    break;
                }
                i = keyEnd + 1;
                if (i + 1 >= end || lines[i] != ':') {
                    continue;
                }
                int vs = i + 1;
                int ve;
                byte v = lines[vs];
                if (v == '"') {
                    int close = stringEnd(lines, vs + 1, end);
                    if (close < 0) {
                        break;
                    }
                    vs = vs + 1;
                    ve = close;
                    i = close + 1;
                } else if (v == '-' || (v >= '0' && v <= '9') || v == 't' || v == 'f' || v == 'n') {
                    ve = vs;
                    while (ve < end && lines[ve] != ',' && lines[ve] != '}' && lines[ve] != ']' && lines[ve] != ' ' && lines[ve] != '\t') {
                        ve++;
                    }
                    i = ve;
                } else {
                    continue;
                }
                int keyLen = keyEnd - keyStart;
                Integer id = null;
                // Lines of a stream mostly repeat the previous line's keys in the same order.
                if (keyIndex < prevKeyCount) {
                    int guess = prevKeys[keyIndex];
                    if (keyLens[guess] == keyLen && Arrays.equals(lines, keyOffs[guess], keyOffs[guess] + keyLen, lines, keyStart, keyEnd)) {
                        id = guess;
                    }
                }
                if (id == null) {
                    id = columnIds.get(Slice.of(lines, keyStart, keyLen));
                }
                if (id == null) {
                    if (columnCount == MAX_COLUMNS) {
                        continue;
                    }
                    id = columnCount;
                    columnIds.put(Slice.of(lines, keyStart, keyLen), id);
                    if (columnCount == columns.length) {
                        columns = Arrays.copyOf(columns, columnCount * 2);
                        keyOffs = Arrays.copyOf(keyOffs, columnCount * 2);
                        keyLens = Arrays.copyOf(keyLens, columnCount * 2);
                    }
                    keyOffs[columnCount] = keyStart;
                    keyLens[columnCount] = keyLen;
                    columns[columnCount++] = new Column();
                }
                if (keyIndex == lineKeys.length) {
                    lineKeys = Arrays.copyOf(lineKeys, keyIndex * 2);
                }
                lineKeys[keyIndex++] = id;
                appendLiteral(t, lines, copied, vs);
                t.writeByte(0);
                t.writeByte(id);
                columns[id].add(vs, ve - vs, e);
                copied = ve;
            }
            appendLiteral(t, lines, copied, end);
            int[] swap = prevKeys;
            prevKeys = lineKeys;
            lineKeys = swap.length >= prevKeys.length ? swap : new int[prevKeys.length];
            prevKeyCount = keyIndex;
            keyIndex = 0;
            int tid;
            if (prevTemplate != null && Arrays.equals(t.array(), 0, t.size(), prevTemplate, 0, prevTemplate.length)) {
                tid = prevTemplateId;
            } else {
                Slice tk = Slice.of(t.array(), 0, t.size());
                Integer known = templateIds.get(tk);
                prevTemplate = t.toByteArray();
                if (known == null) {
                    known = templateCount++;
                    templateIds.put(Slice.of(prevTemplate, 0, prevTemplate.length), known);
                    templates.writeVarInt(t.size());
                    templates.writeBytes(t.array(), 0, t.size());
                }
                tid = known;
                prevTemplateId = tid;
            }
            templateOf[e] = tid;
        }
        ByteSink section = new ByteSink(templates.size() + 16 + (templateCount > 1 ? n * 2 : 0));
        section.writeVarInt(templateCount);
        section.writeBytes(templates.array(), 0, templates.size());
        if (templateCount > 1) {
            for (int e = 0; e < n; e++) {
                section.writeVarInt(templateOf[e]);
            }
        }
        Sections.write(out, section);
        out.writeVarInt(columnCount);
        long[] ts = entries.timestamps();
        for (int c = 0; c < columnCount; c++) {
            section.reset();
            out.writeByte(writeColumn(columns[c], lines, ts, section));
            Sections.write(out, section);
        }
    }

    /** Index of the closing quote of the string whose content starts at {@code i}, or -1. */
    private static int stringEnd(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            i += c == '\\' ? 2 : 1;
        }
        return -1;
    }

    private static void appendLiteral(ByteSink t, byte[] b, int from, int to) {
        int run = from;
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                t.writeBytes(b, run, i - run);
                t.writeByte(0);
                t.writeByte(LITERAL_ZERO);
                run = i + 1;
            }
        }
        t.writeBytes(b, run, to - run);
    }

    /** Writes the column's values to {@code out}; returns the mode. */
    private static int writeColumn(Column c, byte[] lines, long[] ts, ByteSink out) {
        if (fitsTime(c, lines, ts)) {
            out.writeVarInt(c.n);
            for (int i = 0; i < c.n; i++) {
                out.writeZigZag(parseMicros(lines, c.off[i]) - Math.floorDiv(ts[c.line[i]], 1000));
            }
            return TIME;
        }
        int hp = hexPrefix(c, lines);
        if (hp >= 0) {
            int len = c.len[0];
            out.writeVarInt(c.n);
            out.writeVarInt(len);
            out.writeVarInt(hp);
            out.writeBytes(lines, c.off[0], hp);
            for (int i = 0; i < c.n; i++) {
                int o = c.off[i];
                for (int j = hp; j < len; j += 2) {
                    out.writeByte((hexValue(lines[o + j]) << 4) | hexValue(lines[o + j + 1]));
                }
            }
            return HEX;
        }
        if (c.n >= 8) {
            HashMap<Slice, Integer> dict = new HashMap<>();
            byte[] idx = new byte[c.n];
            ByteSink values = new ByteSink(256);
            boolean fits = true;
            for (int i = 0; i < c.n && fits; i++) {
                Slice s = Slice.of(lines, c.off[i], c.len[i]);
                Integer id = dict.get(s);
                if (id == null) {
                    if (dict.size() == 256 || dict.size() * 4 > c.n) {
                        fits = false;
                        break;
                    }
                    id = dict.size();
                    dict.put(s, id);
                    values.writeVarInt(s.len());
                    values.writeBytes(lines, s.off(), s.len());
                }
                idx[i] = (byte) (int) id;
            }
            if (fits) {
                out.writeVarInt(c.n);
                out.writeVarInt(dict.size());
                out.writeBytes(values.array(), 0, values.size());
                out.writeBytes(idx, 0, c.n);
                return DICT;
            }
        }
        // The values' common prefix once, then the rest of every value.
        int prefix = c.len[0];
        int first = c.off[0];
        for (int i = 1; i < c.n && prefix > 0; i++) {
            int o = c.off[i];
            int p = 0;
            int max = Math.min(prefix, c.len[i]);
            while (p < max && lines[o + p] == lines[first + p]) {
                p++;
            }
            prefix = p;
        }
        if (writeNumbers(c, lines, prefix, out)) {
            return NUM;
        }
        out.writeVarInt(c.n);
        out.writeVarInt(prefix);
        out.writeBytes(lines, first, prefix);
        for (int i = 0; i < c.n; i++) {
            out.writeVarInt(c.len[i] - prefix);
        }
        for (int i = 0; i < c.n; i++) {
            out.writeBytes(lines, c.off[i] + prefix, c.len[i] - prefix);
        }
        return RAW;
    }

    // ---- NUM: prefix, then a canonical decimal -?(0|[1-9][0-9]*)(.[0-9]+)? of at most 18 digits

    private static final int MAX_NUM_DIGITS = 18;

    /** Writes the column in NUM mode and returns true when every value after the prefix fits. */
    private static boolean writeNumbers(Column c, byte[] lines, int prefix, ByteSink out) {
        if (c.n < 8) {
            return false;
        }
        long[] mantissa = new long[c.n];
        byte[] scale = new byte[c.n];
        byte[] rendered = new byte[MAX_NUM_DIGITS + 3];
        for (int i = 0; i < c.n; i++) {
            int o = c.off[i] + prefix;
            int len = c.len[i] - prefix;
            long m = 0;
            int digits = 0;
            int s = -1;
            boolean negative = len > 0 && lines[o] == '-';
            for (int j = negative ? 1 : 0; j < len; j++) {
                byte b = lines[o + j];
                if (b == '.' && s < 0) {
                    s = 0;
                } else if (b >= '0' && b <= '9' && digits < MAX_NUM_DIGITS) {
                    m = m * 10 + (b - '0');
                    digits++;
                    if (s >= 0) {
                        s++;
                    }
                } else {
                    return false;
                }
            }
            if (digits == 0 || s == 0) {
                return false;
            }
            mantissa[i] = negative ? -m : m;
            scale[i] = (byte) Math.max(s, 0);
            int r = renderNumber(mantissa[i], scale[i], rendered);
            if (r != len || !Arrays.equals(rendered, 0, r, lines, o, o + len)) {
                return false;
            }
        }
        out.writeVarInt(c.n);
        out.writeVarInt(prefix);
        out.writeBytes(lines, c.off[0], prefix);
        out.writeBytes(scale, 0, c.n);
        // Mantissas as fixed-width little-endian integers, one byte plane after the other: each
        // plane has its own statistics (high planes are mostly zeros), which zstd's entropy coder
        // uses better than it can varints.
        boolean signed = false;
        long max = 0;
        for (int i = 0; i < c.n; i++) {
            signed |= mantissa[i] < 0;
        }
        for (int i = 0; i < c.n; i++) {
            long v = signed ? (mantissa[i] << 1) ^ (mantissa[i] >> 63) : mantissa[i];
            mantissa[i] = v;
            max |= v;
        }
        int width = Math.max(1, (64 - Long.numberOfLeadingZeros(max) + 7) / 8);
        out.writeByte(signed ? 1 : 0);
        out.writeByte(width);
        for (int plane = 0; plane < width; plane++) {
            int shift = plane * 8;
            for (int i = 0; i < c.n; i++) {
                out.writeByte((int) (mantissa[i] >>> shift));
            }
        }
        return true;
    }

    /** Renders mantissa x 10^-scale into {@code out}; returns the length. */
    static int renderNumber(long mantissa, int scale, byte[] out) {
        return renderNumber(mantissa, scale, out, 0);
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /**
     * Renders mantissa x 10^-scale ({@code 0 <= scale <= 18}) into {@code out} at {@code at}:
     * the integer part (at least one digit), then {@code .} and exactly {@code scale} digits when
     * scale > 0. Returns the position after it.
     */
    static int renderNumber(long mantissa, int scale, byte[] out, int at) {
        if (mantissa == Long.MIN_VALUE) {
            throw new CorruptDataException("number mantissa " + mantissa + " out of range");
        }
        long m = Math.abs(mantissa);
        if (mantissa < 0) {
            out[at++] = '-';
        }
        long ip = scale == 0 ? m : m / POW10[scale];
        int id = 1;
        while (id < POW10.length && ip >= POW10[id]) {
            id++;
        }
        int end = at + id;
        putDigits(ip, out, end, id);
        if (scale > 0) {
            out[end] = '.';
            end += 1 + scale;
            putDigits(m - ip * POW10[scale], out, end, scale);
        }
        return end;
    }

    /** Writes the lowest {@code digits} decimal digits of {@code v >= 0} ending before {@code end}, zero-padded. */
    private static void putDigits(long v, byte[] out, int end, int digits) {
        int p = end;
        int stop = end - digits;
        while (p - stop >= 2) {
            long q = v / 100;
            int r = (int) (v - q * 100) << 1;
            out[p - 1] = DIGIT_PAIRS[r + 1];
            out[p - 2] = DIGIT_PAIRS[r];
            p -= 2;
            v = q;
        }
        if (p > stop) {
            out[p - 1] = (byte) ('0' + v % 10);
        }
    }

    // ---- TIME: yyyy-MM-ddTHH:mm:ss.ffffffZ

    private static final int TIME_LENGTH = 27;

    private static boolean fitsTime(Column c, byte[] lines, long[] ts) {
        byte[] rendered = new byte[TIME_LENGTH];
        for (int i = 0; i < c.n; i++) {
            if (c.len[i] != TIME_LENGTH) {
                return false;
            }
            long micros = parseMicros(lines, c.off[i]);
            if (micros == Long.MIN_VALUE) {
                return false;
            }
            renderMicros(micros, rendered, 0);
            if (!Arrays.equals(rendered, 0, TIME_LENGTH, lines, c.off[i], c.off[i] + TIME_LENGTH)) {
                return false;
            }
        }
        return c.n > 0;
    }

    /** Microseconds since the epoch of a {@code yyyy-MM-ddTHH:mm:ss.ffffffZ} text, or MIN_VALUE. */
    static long parseMicros(byte[] b, int o) {
        if (b[o + 4] != '-' || b[o + 7] != '-' || b[o + 10] != 'T' || b[o + 13] != ':' || b[o + 16] != ':' || b[o + 19] != '.' || b[o + 26] != 'Z') {
            return Long.MIN_VALUE;
        }
        long y = digits(b, o, 4);
        long mo = digits(b, o + 5, 2);
        long d = digits(b, o + 8, 2);
        long h = digits(b, o + 11, 2);
        long mi = digits(b, o + 14, 2);
        long s = digits(b, o + 17, 2);
        long f = digits(b, o + 20, 6);
        if ((y | mo | d | h | mi | s | f) < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) {
            return Long.MIN_VALUE;
        }
        long days = daysFromCivil(y, mo, d);
        return ((days * 86400 + h * 3600 + mi * 60 + s) * 1_000_000L) + f;
    }

    private static long digits(byte[] b, int o, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int c = b[o + i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }

    /** Howard Hinnant's days_from_civil. */
    private static long daysFromCivil(long y, long m, long d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    static void renderMicros(long micros, byte[] out, int o) {
        long secs = Math.floorDiv(micros, 1_000_000L);
        long f = Math.floorMod(micros, 1_000_000L);
        long days = Math.floorDiv(secs, 86400);
        long sod = Math.floorMod(secs, 86400);
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        y += m <= 2 ? 1 : 0;
        put(out, o, y, 4);
        out[o + 4] = '-';
        put(out, o + 5, m, 2);
        out[o + 7] = '-';
        put(out, o + 8, d, 2);
        out[o + 10] = 'T';
        put(out, o + 11, sod / 3600, 2);
        out[o + 13] = ':';
        put(out, o + 14, sod / 60 % 60, 2);
        out[o + 16] = ':';
        put(out, o + 17, sod % 60, 2);
        out[o + 19] = '.';
        put(out, o + 20, f, 6);
        out[o + 26] = 'Z';
    }

    private static void put(byte[] out, int o, long v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[o + i] = (byte) ('0' + (v % 10 + 10) % 10);
            v /= 10;
        }
    }

    // ---- HEX

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static int hexValue(byte c) {
        return c <= '9' ? c - '0' : c - 'a' + 10;
    }

    /** The prefix length P when every value fits HEX mode, else -1. */
    private static int hexPrefix(Column c, byte[] lines) {
        if (c.n < 8) {
            return -1;
        }
        int len = c.len[0];
        int first = c.off[0];
        int common = len;
        int hexFrom = 0;
        for (int i = 0; i < c.n; i++) {
            if (c.len[i] != len) {
                return -1;
            }
            int o = c.off[i];
            int p = 0;
            while (p < common && lines[o + p] == lines[first + p]) {
                p++;
            }
            common = p;
            int q = len;
            while (q > 0 && isHex(lines[o + q - 1])) {
                q--;
            }
            hexFrom = Math.max(hexFrom, q);
        }
        int prefix = (len - hexFrom) % 2 == 0 ? hexFrom : hexFrom + 1;
        if (prefix > common || len - prefix < 8) {
            return -1;
        }
        return prefix;
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    // ---- decode

    /** Two ASCII digits per value 0..99, for rendering two digits with one lookup. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** Two lowercase hex digits per byte value. */
    private static final byte[] HEX_PAIRS = new byte[512];
    /** The two hex digits of a byte value as a little-endian 16-bit word. */
    private static final int[] HEX_SHORTS = new int[256];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        for (int i = 0; i < 256; i++) {
            HEX_PAIRS[2 * i] = HEX_DIGITS[i >>> 4];
            HEX_PAIRS[2 * i + 1] = HEX_DIGITS[i & 15];
            HEX_SHORTS[i] = HEX_DIGITS[i >>> 4] | HEX_DIGITS[i & 15] << 8;
        }
    }

    /**
     * Rebuilds the lines: fills {@code offsets} and {@code lengths} and returns the line bytes
     * ({@code rawBytes} long).
     *
     * <p>Every template is turned once into a plan (literal runs, with escaped zero bytes already
     * restored, and the column of each hole), so rebuilding a line is a few array copies with one
     * column value between each, never a scan of the template bytes.
     */
    public static byte[] decode(ByteSource in, int n, long[] ts, long rawBytes, int[] offsets, int[] lengths) {
        if (rawBytes > Integer.MAX_VALUE - 16) {
            throw new CorruptDataException("raw line bytes " + rawBytes + " out of range");
        }
        ByteSource tin = Sections.read(in);
        int templateCount = tin.readVarInt();
        byte[] buf = tin.array();
        int[] tOff = new int[templateCount];
        int[] tLen = new int[templateCount];
        for (int i = 0; i < templateCount; i++) {
            tLen[i] = tin.readVarInt();
            tOff[i] = tin.position();
            tin.skip(tLen[i]);
        }
        int[] templateOf = null;
        if (templateCount > 1) {
            templateOf = new int[n];
            for (int e = 0; e < n; e++) {
                int t = tin.readVarInt();
                if (t >= templateCount) {
                    throw new CorruptDataException("template index " + t + " out of range");
                }
                templateOf[e] = t;
            }
        } else if (templateCount == 0 && n > 0) {
            throw new CorruptDataException("no templates for " + n + " lines");
        }
        int columnCount = in.readVarInt();
        ColumnReader[] cols = new ColumnReader[columnCount];
        for (int c = 0; c < columnCount; c++) {
            int mode = in.readByte();
            cols[c] = ColumnReader.read(mode, Sections.read(in));
        }
        // Literal bytes of every template (zero escapes undone), and one plan per template:
        // (literal offset, literal length, column) per hole, then the last literal's offset and length.
        int literalBytes = 0;
        for (int i = 0; i < templateCount; i++) {
            literalBytes += tLen[i];
        }
        byte[] lit = new byte[literalBytes + SLACK];
        int litAt = 0;
        int[][] plans = new int[templateCount][];
        int[] plan = new int[32];
        for (int t = 0; t < templateCount; t++) {
            int p = tOff[t];
            int end = p + tLen[t];
            int k = 0;
            int runStart = litAt;
            while (p < end) {
                byte b = buf[p];
                if (b != 0) {
                    lit[litAt++] = b;
                    p++;
                    continue;
                }
                if (p + 1 >= end) {
                    throw new CorruptDataException("template " + t + " ends inside a hole");
                }
                int c = buf[p + 1] & 0xFF;
                p += 2;
                if (c == LITERAL_ZERO) {
                    lit[litAt++] = 0;
                    continue;
                }
                if (c >= columnCount) {
                    throw new CorruptDataException("column " + c + " out of range");
                }
                if (k + 5 > plan.length) {
                    plan = Arrays.copyOf(plan, plan.length * 2);
                }
                plan[k++] = runStart;
                plan[k++] = litAt - runStart;
                plan[k++] = c;
                runStart = litAt;
            }
            plan[k++] = runStart;
            plan[k++] = litAt - runStart;
            plans[t] = Arrays.copyOf(plan, k);
        }
        // SLACK spare bytes at the end let short copies move whole 8-byte words past a value's end:
        // the bytes written beyond it are overwritten by what follows (or lie past the last line).
        byte[] out = new byte[(int) rawBytes + SLACK];
        int at = 0;
        try {
            int[] only = templateCount == 1 ? plans[0] : null;
            for (int e = 0; e < n; e++) {
                int[] pl = only != null ? only : plans[templateOf[e]];
                offsets[e] = at;
                int last = pl.length - 2;
                for (int k = 0; k < last; k += 3) {
                    int l = pl[k + 1];
                    copy(lit, pl[k], out, at, l);
                    at = cols[pl[k + 2]].next(out, at + l, ts[e]);
                }
                int l = pl[last + 1];
                copy(lit, pl[last], out, at, l);
                at += l;
                lengths[e] = at - offsets[e];
            }
        } catch (IndexOutOfBoundsException e) {
            throw new CorruptDataException("lines do not fit their recorded size " + rawBytes, e);
        }
        if (at != rawBytes) {
            throw new CorruptDataException("lines rebuilt to " + at + " bytes, expected " + rawBytes);
        }
        return out;
    }

    /**
     * The line lengths alone (into {@code lengths}), without rebuilding any line: for scans that
     * count or size entries but never read their bytes. Checks that they add up to {@code rawBytes};
     * leaves {@code in} after the line columns, as {@link #decode} does.
     */
    public static void decodeLengths(ByteSource in, int n, long[] ts, long rawBytes, int[] lengths) {
        ByteSource tin = Sections.read(in);
        int templateCount = tin.readVarInt();
        byte[] buf = tin.array();
        int[] literal = new int[templateCount];
        int[][] holes = new int[templateCount][];
        for (int t = 0; t < templateCount; t++) {
            int len = tin.readVarInt();
            int p = tin.position();
            tin.skip(len);
            holes[t] = templateHoles(buf, p, p + len, t, literal);
        }
        int[] templateOf = readTemplateIndex(tin, n, templateCount);
        int columnCount = in.readVarInt();
        ColumnReader[] cols = new ColumnReader[columnCount];
        for (int c = 0; c < columnCount; c++) {
            int mode = in.readByte();
            cols[c] = ColumnReader.read(mode, Sections.read(in));
        }
        long total = 0;
        for (int e = 0; e < n; e++) {
            int t = templateOf == null ? 0 : templateOf[e];
            int l = literal[t];
            for (int c : holes[t]) {
                if (c >= columnCount) {
                    throw new CorruptDataException("column " + c + " out of range");
                }
                l += cols[c].skip(ts[e]);
            }
            lengths[e] = l;
            total += l;
        }
        if (total != rawBytes) {
            throw new CorruptDataException("lines add up to " + total + " bytes, expected " + rawBytes);
        }
    }

    /** Moves {@code in} past the line columns without decompressing them (to the metadata after them). */
    public static void skip(ByteSource in) {
        Sections.skip(in);
        int columnCount = in.readVarInt();
        for (int c = 0; c < columnCount; c++) {
            in.readByte();
            Sections.skip(in);
        }
    }

    /** The hole columns of one template, in order; its literal byte count goes to {@code literal[t]}. */
    private static int[] templateHoles(byte[] buf, int p, int end, int t, int[] literal) {
        int[] holes = new int[8];
        int k = 0;
        int lit = 0;
        while (p < end) {
            if (buf[p] != 0) {
                lit++;
                p++;
                continue;
            }
            if (p + 1 >= end) {
                throw new CorruptDataException("template " + t + " ends inside a hole");
            }
            int c = buf[p + 1] & 0xFF;
            p += 2;
            if (c == LITERAL_ZERO) {
                lit++;
                continue;
            }
            if (k == holes.length) {
                holes = Arrays.copyOf(holes, k * 2);
            }
            holes[k++] = c;
        }
        literal[t] = lit;
        return Arrays.copyOf(holes, k);
    }

    private static int[] readTemplateIndex(ByteSource tin, int n, int templateCount) {
        if (templateCount == 0 && n > 0) {
            throw new CorruptDataException("no templates for " + n + " lines");
        }
        if (templateCount <= 1) {
            return null;
        }
        int[] templateOf = new int[n];
        for (int e = 0; e < n; e++) {
            int t = tin.readVarInt();
            if (t >= templateCount) {
                throw new CorruptDataException("template index " + t + " out of range");
            }
            templateOf[e] = t;
        }
        return templateOf;
    }

    private static final int SLACK = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Copies {@code len} bytes; runs of up to 16 bytes as one or two 8-byte words, which may write
     * up to 16 bytes past {@code to + len} (the caller's output has {@link #SLACK} spare bytes and is
     * written front to back, so those bytes are overwritten later). Cheaper than the arraycopy stub
     * for the short literal runs and dictionary values of a line.
     */
    private static void copy(byte[] src, int from, byte[] dst, int to, int len) {
        if (len <= 16 && from + 16 <= src.length && to + 16 <= dst.length) {
            LONGS.set(dst, to, (long) LONGS.get(src, from));
            if (len > 8) {
                LONGS.set(dst, to + 8, (long) LONGS.get(src, from + 8));
            }
        } else {
            System.arraycopy(src, from, dst, to, len);
        }
    }

    /** Sequential reader of one column's values. */
    private static final class ColumnReader {
        byte[] buf;
        int mode;
        int n;
        int next;
        // RAW
        int[] lens;
        int dataAt;
        // DICT
        int[] dictOff;
        int[] dictLen;
        int idxAt;
        // HEX
        int len;
        int prefixAt;
        int prefix;
        // TIME: varint deltas at dataAt (all n of them checked to be there)
        long lastSecond = Long.MIN_VALUE;
        final byte[] lastRendered = new byte[TIME_LENGTH];
        // NUM
        boolean signed;

        static ColumnReader read(int mode, ByteSource in) {
            ColumnReader r = new ColumnReader();
            r.buf = in.array();
            r.mode = mode;
            r.n = in.readVarInt();
            switch (r.mode) {
                case RAW -> {
                    r.prefix = in.readVarInt();
                    r.prefixAt = in.position();
                    in.skip(r.prefix);
                    r.lens = new int[r.n];
                    long total = 0;
                    for (int i = 0; i < r.n; i++) {
                        r.lens[i] = in.readVarInt();
                        total += r.lens[i];
                    }
                    r.dataAt = in.position();
                    in.skip(Math.toIntExact(total));
                }
                case DICT -> {
                    int d = in.readVarInt();
                    r.dictOff = new int[d];
                    r.dictLen = new int[d];
                    for (int i = 0; i < d; i++) {
                        r.dictLen[i] = in.readVarInt();
                        r.dictOff[i] = in.position();
                        in.skip(r.dictLen[i]);
                    }
                    r.idxAt = in.position();
                    in.skip(r.n);
                    for (int i = 0; i < r.n; i++) {
                        if ((r.buf[r.idxAt + i] & 0xFF) >= d) {
                            throw new CorruptDataException("dictionary index " + (r.buf[r.idxAt + i] & 0xFF) + " out of range");
                        }
                    }
                }
                case HEX -> {
                    r.len = in.readVarInt();
                    r.prefix = in.readVarInt();
                    if (r.prefix > r.len || (r.len - r.prefix) % 2 != 0) {
                        throw new CorruptDataException("hex column of length " + r.len + " with prefix " + r.prefix);
                    }
                    r.prefixAt = in.position();
                    in.skip(r.prefix);
                    r.dataAt = in.position();
                    in.skip(Math.toIntExact((long) r.n * (r.len - r.prefix) / 2));
                }
                case NUM -> {
                    r.prefix = in.readVarInt();
                    r.prefixAt = in.position();
                    in.skip(r.prefix);
                    r.idxAt = in.position();
                    in.skip(r.n);
                    for (int i = 0; i < r.n; i++) {
                        int scale = r.buf[r.idxAt + i];
                        if (scale < 0 || scale > MAX_NUM_DIGITS) {
                            throw new CorruptDataException("number scale " + scale + " out of range");
                        }
                    }
                    r.signed = in.readByte() == 1;
                    r.len = in.readByte();
                    if (r.len < 1 || r.len > 8) {
                        throw new CorruptDataException("number width " + r.len + " out of range");
                    }
                    r.dataAt = in.position();
                    in.skip(Math.toIntExact((long) r.n * r.len));
                }
                case TIME -> {
                    r.dataAt = in.position();
                    for (int i = 0; i < r.n; i++) {
                        in.readZigZag();
                    }
                }
                default -> throw new CorruptDataException("unknown column mode " + r.mode);
            }
            return r;
        }

        /** Writes the next value at {@code at}; returns the position after it. Small enough to inline. */
        int next(byte[] out, int at, long entryTs) {
            if (next >= n) {
                throw new CorruptDataException("column has only " + n + " values");
            }
            int i = next++;
            switch (mode) {
                case DICT -> {
                    int d = buf[idxAt + i] & 0xFF;
                    int l = dictLen[d];
                    copy(buf, dictOff[d], out, at, l);
                    return at + l;
                }
                case HEX -> {
                    return nextHex(out, at);
                }
                case NUM -> {
                    return nextNumber(out, at, i);
                }
                case TIME -> {
                    return nextTime(out, at, entryTs);
                }
                default -> {
                    return nextRaw(out, at, i);
                }
            }
        }

        /** Moves past the next value without writing it; returns its rendered length (a reader is either skipped or read, never both). */
        int skip(long entryTs) {
            if (next >= n) {
                throw new CorruptDataException("column has only " + n + " values");
            }
            int i = next++;
            switch (mode) {
                case DICT -> {
                    return dictLen[buf[idxAt + i] & 0xFF];
                }
                case HEX -> {
                    return len;
                }
                case NUM -> {
                    return prefix + numberLength(i);
                }
                case TIME -> {
                    return TIME_LENGTH;
                }
                default -> {
                    return prefix + lens[i];
                }
            }
        }

        private int numberLength(int i) {
            int scale = buf[idxAt + i];
            long v = 0;
            for (int plane = 0, p = dataAt + i; plane < this.len; plane++, p += n) {
                v |= (buf[p] & 0xFFL) << (plane * 8);
            }
            if (signed) {
                v = (v >>> 1) ^ -(v & 1);
            }
            if (v == Long.MIN_VALUE) {
                throw new CorruptDataException("number mantissa " + v + " out of range");
            }
            long m = Math.abs(v);
            long ip = scale == 0 ? m : m / POW10[scale];
            int id = 1;
            while (id < POW10.length && ip >= POW10[id]) {
                id++;
            }
            return (v < 0 ? 1 : 0) + id + (scale > 0 ? 1 + scale : 0);
        }

        private int nextHex(byte[] out, int at) {
            byte[] buf = this.buf;
            copy(buf, prefixAt, out, at, prefix);
            int o = at + prefix;
            int end = o + len - prefix;
            int d = dataAt;
            int[] hs = HEX_SHORTS;
            while (o + 8 <= end) {
                long w = hs[buf[d] & 0xFF] | (long) hs[buf[d + 1] & 0xFF] << 16 | (long) hs[buf[d + 2] & 0xFF] << 32
                        | (long) hs[buf[d + 3] & 0xFF] << 48;
                LONGS.set(out, o, w);
                o += 8;
                d += 4;
            }
            while (o < end) {
                int v = (buf[d++] & 0xFF) << 1;
                out[o] = HEX_PAIRS[v];
                out[o + 1] = HEX_PAIRS[v + 1];
                o += 2;
            }
            dataAt = d;
            return o;
        }

        private int nextNumber(byte[] out, int at, int i) {
            byte[] buf = this.buf;
            copy(buf, prefixAt, out, at, prefix);
            int scale = buf[idxAt + i];
            long v = 0;
            for (int plane = 0, p = dataAt + i; plane < this.len; plane++, p += n) {
                v |= (buf[p] & 0xFFL) << (plane * 8);
            }
            if (signed) {
                v = (v >>> 1) ^ -(v & 1);
            }
            return renderNumber(v, scale, out, at + prefix);
        }

        private int nextTime(byte[] out, int at, long entryTs) {
            byte[] buf = this.buf;
            // A varint known to be complete: read() walked all n of them.
            int p = dataAt;
            long z = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = buf[p++];
                z |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
            dataAt = p;
            long micros = ((z >>> 1) ^ -(z & 1)) + Math.floorDiv(entryTs, 1000);
            long second = Math.floorDiv(micros, 1_000_000L);
            if (second != lastSecond) {
                // Neighbouring values mostly share their second: render the date and time once.
                renderMicros(second * 1_000_000L, lastRendered, 0);
                lastSecond = second;
            }
            byte[] r = lastRendered;
            LONGS.set(out, at, (long) LONGS.get(r, 0));
            LONGS.set(out, at + 8, (long) LONGS.get(r, 8));
            LONGS.set(out, at + 16, (long) LONGS.get(r, 16));
            int f = (int) (micros - second * 1_000_000L);
            int hi = f / 10_000;
            int rest = f - hi * 10_000;
            int mid = rest / 100;
            int lo = rest - mid * 100;
            out[at + 20] = DIGIT_PAIRS[2 * hi];
            out[at + 21] = DIGIT_PAIRS[2 * hi + 1];
            out[at + 22] = DIGIT_PAIRS[2 * mid];
            out[at + 23] = DIGIT_PAIRS[2 * mid + 1];
            out[at + 24] = DIGIT_PAIRS[2 * lo];
            out[at + 25] = DIGIT_PAIRS[2 * lo + 1];
            out[at + 26] = 'Z';
            return at + TIME_LENGTH;
        }

        private int nextRaw(byte[] out, int at, int i) {
            int l = lens[i];
            copy(buf, prefixAt, out, at, prefix);
            System.arraycopy(buf, dataAt, out, at + prefix, l);
            dataAt += l;
            return at + prefix + l;
        }
    }
}
