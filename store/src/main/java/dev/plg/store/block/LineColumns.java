package dev.plg.store.block;

import dev.plg.store.io.ByteSink;
import dev.plg.store.io.ByteSource;
import dev.plg.store.io.CorruptDataException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * C | C x column: mode u8 | [byte set] | n (values) | mode data:
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
 * In block version 4 a column's mode byte has {@link #BYTE_SET} (0x80) set when a byte set follows
 * it, outside the section: 16 bytes, bit {@code i & 7} of byte {@code i >>> 3} set for every byte
 * {@code b} the column's values may hold, where {@code i = b} for ASCII and {@code (b >>> 2) & 31}
 * (shared with the control bytes) above: a superset, NUM giving its alphabet and prefix. TIME and
 * HEX columns have none (their alphabets are fixed and HEX is stored as it is, so reading it costs
 * nothing); nor has a head's uncompressed form.
 */
public final class LineColumns {
    public static final int MAX_COLUMNS = 255;
    static final int RAW = 0;
    static final int DICT = 1;
    static final int HEX = 2;
    static final int TIME = 3;
    static final int NUM = 4;
    static final int LITERAL_ZERO = 0xFF;
    /** Flag on a column's mode byte: a byte set ({@link #BYTE_SET_BYTES} bytes) follows. */
    static final int BYTE_SET = 0x80;
    static final int BYTE_SET_BYTES = 16;
    /** The bytes a HEX value renders with after its prefix; NUM's; TIME's (all of them). */
    static final byte[] HEX_ALPHABET = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] NUM_ALPHABET = "0123456789.-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] TIME_ALPHABET = "0123456789-T:.Z".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private LineColumns() {}

    static void addToByteSet(byte[] set, byte[] alphabet) {
        addToByteSet(set, alphabet, 0, alphabet.length);
    }

    static void addToByteSet(byte[] set, byte[] buf, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            int b = byteSetIndex(buf[i] & 0xFF);
            set[b >>> 3] |= (byte) (1 << (b & 7));
        }
    }

    /** A byte's bit in a byte set: its own below 0x80, above that one of 32 shared with the control bytes. */
    private static int byteSetIndex(int b) {
        return b < 0x80 ? b : (b >>> 2) & 31;
    }

    /** A column's mode, its byte set (if any) passed over. */
    static int readMode(ByteSource in) {
        int mode = in.readByte();
        if ((mode & BYTE_SET) != 0) {
            in.skip(BYTE_SET_BYTES);
            mode &= ~BYTE_SET;
        }
        return mode;
    }

    /** A column's byte set, one flag per byte value: after its mode byte when it carries {@link #BYTE_SET}. */
    private static boolean[] readByteSet(ByteSource in) {
        byte[] bits = new byte[BYTE_SET_BYTES];
        for (int i = 0; i < BYTE_SET_BYTES; i++) {
            bits[i] = (byte) in.readByte();
        }
        boolean[] set = new boolean[256];
        for (int b = 0; b < 256; b++) {
            int i = byteSetIndex(b);
            set[b] = (bits[i >>> 3] >>> (i & 7) & 1) != 0;
        }
        return set;
    }

    /** Writes the column-wise form of {@code entries}' lines to {@code out}. */
    public static void encode(EntryColumns entries, ByteSink out) {
        LineEncoder.encode(entries, out, null);
    }

    /**
     * As {@link #encode}, no section compressed: for a form kept in memory ({@link LineTemplates#read}
     * reads it as it reads a block's).
     */
    public static void encodeUncompressed(EntryColumns entries, ByteSink out) {
        LineEncoder.encodeUncompressed(entries, out);
    }

    // ---- NUM: prefix, then a canonical decimal -?(0|[1-9][0-9]*)(.[0-9]+)? of at most 18 digits

    private static final int MAX_NUM_DIGITS = 18;

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

    /** The length {@link #renderNumber} gives mantissa x 10^-scale, without rendering it. */
    static int renderedLength(long mantissa, int scale) {
        if (mantissa == Long.MIN_VALUE) {
            throw new CorruptDataException("number mantissa " + mantissa + " out of range");
        }
        long m = Math.abs(mantissa);
        long ip = scale == 0 ? m : m / POW10[scale];
        int id = 1;
        while (id < POW10.length && ip >= POW10[id]) {
            id++;
        }
        return (mantissa < 0 ? 1 : 0) + id + (scale > 0 ? 1 + scale : 0);
    }

    /**
     * The mantissa of {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?} with at most 18 digits and not a
     * negative zero (exactly the texts {@link #renderNumber} renders back), its scale put in
     * {@code scales[at]}; {@code Long.MIN_VALUE} (and {@code scales} untouched) for any other text.
     */
    static long parseDecimal(byte[] b, int o, int len, byte[] scales, int at) {
        int end = o + len;
        boolean negative = len > 0 && b[o] == '-';
        int p = negative ? o + 1 : o;
        if (p >= end || !isDigit(b[p]) || (b[p] == '0' && p + 1 < end && isDigit(b[p + 1]))) {
            return Long.MIN_VALUE;
        }
        long m = 0;
        int digits = 0;
        while (p < end && isDigit(b[p])) {
            m = m * 10 + (b[p++] - '0');
            digits++;
        }
        int scale = 0;
        if (p < end) {
            if (b[p] != '.' || p + 1 == end) {
                return Long.MIN_VALUE;
            }
            p++;
            while (p < end && isDigit(b[p])) {
                m = m * 10 + (b[p++] - '0');
                scale++;
            }
            if (p < end) {
                return Long.MIN_VALUE;
            }
        }
        if (digits + scale > MAX_NUM_DIGITS || (negative && m == 0)) {
            return Long.MIN_VALUE;
        }
        scales[at] = (byte) scale;
        return negative ? -m : m;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
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

    static final int TIME_LENGTH = 27;

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
            HEX_PAIRS[2 * i] = HEX_ALPHABET[i >>> 4];
            HEX_PAIRS[2 * i + 1] = HEX_ALPHABET[i & 15];
            HEX_SHORTS[i] = HEX_ALPHABET[i >>> 4] | HEX_ALPHABET[i & 15] << 8;
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
        int[] templateOf = readTemplateIndex(tin, n, templateCount);
        ColumnReader[] cols = readColumns(in);
        // Literal bytes of every template (zero escapes undone), and one plan per template:
        // (literal offset, literal length, column) per hole, then the last literal's offset and length.
        int literalBytes = 0;
        for (int i = 0; i < templateCount; i++) {
            literalBytes += tLen[i];
        }
        byte[] lit = new byte[literalBytes + SLACK];
        int litAt = 0;
        int[][] plans = new int[templateCount][];
        for (int t = 0; t < templateCount; t++) {
            Template tp = Template.parse(buf, tOff[t], tOff[t] + tLen[t], t);
            int holes = tp.columns().length;
            int[] plan = new int[3 * holes + 2];
            for (int k = 0; k <= holes; k++) {
                byte[] run = tp.literals()[k];
                System.arraycopy(run, 0, lit, litAt, run.length);
                plan[3 * k] = litAt;
                plan[3 * k + 1] = run.length;
                litAt += run.length;
                if (k < holes) {
                    int c = tp.columns()[k];
                    if (c >= cols.length) {
                        throw new CorruptDataException("column " + c + " out of range");
                    }
                    plan[3 * k + 2] = c;
                }
            }
            plans[t] = plan;
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
        ColumnReader[] cols = readColumns(in);
        long total = 0;
        for (int e = 0; e < n; e++) {
            int t = templateOf == null ? 0 : templateOf[e];
            int l = literal[t];
            for (int c : holes[t]) {
                if (c >= cols.length) {
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

    /**
     * Which lines hold every needle (UTF-8 bytes, at most 64, none empty), found on the templates and
     * columns without rebuilding any line; {@code null} when that cannot be decided exactly, and the
     * caller searches rebuilt lines instead. Leaves {@code in} after the line columns.
     *
     * <p>A hole's value is bordered in its template by literal bytes ({@code "} around strings;
     * {@code :} and {@code , } ] }} or a space around numbers). A match that straddles a border holds
     * the border byte; so when a needle holds border bytes of the block only as its first or last
     * byte (as {@code "user-4242"} does), every match lies inside one literal run of the line's
     * template or inside one value taken with its two border bytes. Literal runs are searched once
     * per template, dictionary entries once per block and border pair; other values are rendered
     * alone and searched only when every needle byte can occur in them (hex digits and the prefix for
     * HEX, digits and {@code -T:.Z} for TIME, ...).
     */
    public static boolean[] search(ByteSource in, int n, long[] ts, byte[][] needles) {
        return search(in, n, () -> ts, needles);
    }

    /**
     * {@link #search(ByteSource, int, long[], byte[][])} with the entries' timestamps asked of
     * {@code timestamps} only when the needles make a TIME column worth reading (its values render
     * relative to each entry's time): a caller that has not decoded them may never need to.
     */
    public static boolean[] search(ByteSource in, int n, java.util.function.Supplier<long[]> timestamps, byte[][] needles) {
        int k = needles.length;
        if (k > 64) {
            return null;
        }
        if (k == 0) {
            skip(in);
            boolean[] all = new boolean[n];
            Arrays.fill(all, true);
            return all;
        }
        ByteSource tin = Sections.read(in);
        boolean[] border = new boolean[ADJACENT_HOLES + 1];
        TemplateSearch[] templates = readTemplates(tin, needles, border);
        int[] templateOf = readTemplateIndex(tin, n, templates.length);
        if (!decidable(needles, border)) {
            skipColumns(in);
            return null;
        }
        ValueSearch[] values = searchColumns(in, needles, templates);
        dropDictionariesWithoutHits(templates, values);
        for (TemplateSearch t : templates) {
            t.keepSearched(values);
        }
        long[] ts = null;
        for (ValueSearch v : values) {
            if (v.reader != null && v.reader.mode == TIME) {
                ts = timestamps.get();
                break;
            }
        }
        return searchRows(templates, templateOf, values, ts, n, k == 64 ? -1L : (1L << k) - 1);
    }

    /**
     * The row walk of {@link #search}, alone so that the JIT compiles this loop as one small unit;
     * {@code ts} null when no TIME column is searched (no other kind reads an entry's time).
     */
    private static boolean[] searchRows(TemplateSearch[] templates, int[] templateOf, ValueSearch[] values, long[] ts, int n,
                                        long all) {
        boolean[] hit = new boolean[n];
        for (int e = 0; e < n; e++) {
            TemplateSearch t = templates[templateOf == null ? 0 : templateOf[e]];
            long found = t.literalHits;
            int[] cols = t.columns;
            for (int j = 0; j < cols.length; j++) {
                found |= values[cols[j]].next(ts == null ? 0 : ts[e], t.context[j]);
            }
            hit[e] = found == all;
        }
        return hit;
    }

    /** A dictionary none of whose entries holds a needle (within the borders it stands in) needs no reading. */
    private static void dropDictionariesWithoutHits(TemplateSearch[] templates, ValueSearch[] values) {
        boolean[] dictHit = new boolean[values.length];
        for (TemplateSearch t : templates) {
            for (int j = 0; j < t.columns.length; j++) {
                int c = t.columns[j];
                if (c < values.length && values[c].isDict()) {
                    dictHit[c] |= values[c].canHit(t.context[j]);
                }
            }
        }
        for (int c = 0; c < values.length; c++) {
            if (values[c].isDict() && !dictHit[c]) {
                values[c] = ValueSearch.NONE;
            }
        }
    }

    /** The templates with their literal runs searched; their border bytes marked in {@code border}. */
    private static TemplateSearch[] readTemplates(ByteSource tin, byte[][] needles, boolean[] border) {
        int templateCount = tin.readVarInt();
        byte[] buf = tin.array();
        TemplateSearch[] templates = new TemplateSearch[templateCount];
        for (int t = 0; t < templateCount; t++) {
            int len = tin.readVarInt();
            int p = tin.position();
            tin.skip(len);
            templates[t] = TemplateSearch.of(buf, p, p + len, t, needles, border);
        }
        return templates;
    }

    /** Whether no needle holds a border byte but as its first or last byte (and no holes touch). */
    private static boolean decidable(byte[][] needles, boolean[] border) {
        if (border[ADJACENT_HOLES]) {
            return false;
        }
        for (byte[] needle : needles) {
            for (int i = 1; i < needle.length - 1; i++) {
                if (border[needle[i] & 0xFF]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Marks, in a border set, a template with two holes side by side. */
    private static final int ADJACENT_HOLES = 256;
    /** A hole at the start or end of its template: no border byte on that side. */
    private static final int NO_BORDER = 256;

    /** One template of a block as {@link #search} uses it. */
    private static final class TemplateSearch {
        /** The needles found in a literal run (bit i: needle i). */
        long literalHits;
        /** The column of each hole (after {@link #keepSearched}: of each hole that can hold a needle). */
        int[] columns;
        /** Each hole's border bytes: left << 9 | right, {@link #NO_BORDER} for none. */
        int[] context;

        /** Template {@code index} ({@code buf[p, end)}) with its literal runs searched; its border bytes marked in {@code border}. */
        static TemplateSearch of(byte[] buf, int p, int end, int index, byte[][] needles, boolean[] border) {
            Template tp = Template.parse(buf, p, end, index);
            byte[][] runs = tp.literals();
            int holes = tp.columns().length;
            TemplateSearch t = new TemplateSearch();
            t.columns = tp.columns();
            t.context = new int[holes];
            for (byte[] run : runs) {
                t.literalHits |= searchRun(run, needles);
            }
            for (int k = 0; k < holes; k++) {
                byte[] before = runs[k];
                byte[] after = runs[k + 1];
                int left = before.length > 0 ? before[before.length - 1] & 0xFF : NO_BORDER;
                int right = after.length > 0 ? after[0] & 0xFF : NO_BORDER;
                if (after.length == 0 && k + 1 < holes) {
                    // the splitter never puts two holes side by side; if a block did, no byte borders them
                    border[ADJACENT_HOLES] = true;
                }
                if (left != NO_BORDER) {
                    border[left] = true;
                }
                if (right != NO_BORDER) {
                    border[right] = true;
                }
                t.context[k] = left << 9 | right;
            }
            return t;
        }

        /** Drops the holes whose column can hold no needle: they need no reading. */
        void keepSearched(ValueSearch[] values) {
            int m = 0;
            for (int j = 0; j < columns.length; j++) {
                if (columns[j] >= values.length) {
                    throw new CorruptDataException("column " + columns[j] + " out of range");
                }
                if (values[columns[j]] != ValueSearch.NONE) {
                    columns[m] = columns[j];
                    context[m++] = context[j];
                }
            }
            columns = Arrays.copyOf(columns, m);
            context = Arrays.copyOf(context, m);
        }
    }

    /**
     * The line columns, each as a {@link ValueSearch} for the needles ({@link ValueSearch#NONE} when
     * none can occur in its values with the border bytes it stands between in the templates); a
     * column whose byte set (or a TIME column, whose alphabet) cannot hold any needle is not even
     * decompressed.
     */
    private static ValueSearch[] searchColumns(ByteSource in, byte[][] needles, TemplateSearch[] templates) {
        int columnCount = in.readVarInt();
        ValueSearch[] values = new ValueSearch[columnCount];
        for (int c = 0; c < columnCount; c++) {
            int mode = in.readByte();
            boolean[] stored = null;
            if ((mode & BYTE_SET) != 0) {
                stored = readByteSet(in);
                mode &= ~BYTE_SET;
            } else if (mode == TIME) {
                stored = TIME_SET;
            }
            int[] contexts = contextsOf(templates, c);
            if (contexts.length == 0 || stored != null && !ValueSearch.anyFits(needles, stored, contexts)) {
                Sections.skip(in);
                values[c] = ValueSearch.NONE;
            } else {
                values[c] = ValueSearch.of(ColumnReader.read(mode, Sections.read(in)), needles, contexts, stored);
            }
        }
        return values;
    }

    /** The bytes a TIME value can hold, as a search's byte set (the same for every TIME column). */
    private static final boolean[] TIME_SET = ValueSearch.byteSet(TIME_ALPHABET, null, 0, 0);

    /** The distinct border contexts (see {@link TemplateSearch#context}) column {@code c} stands in. */
    private static int[] contextsOf(TemplateSearch[] templates, int c) {
        int[] found = new int[4];
        int n = 0;
        for (TemplateSearch t : templates) {
            for (int j = 0; j < t.columns.length; j++) {
                if (t.columns[j] != c) {
                    continue;
                }
                int ctx = t.context[j];
                boolean seen = false;
                for (int i = 0; i < n && !seen; i++) {
                    seen = found[i] == ctx;
                }
                if (!seen) {
                    if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = ctx;
                }
            }
        }
        return Arrays.copyOf(found, n);
    }

    private static void skipColumns(ByteSource in) {
        int columnCount = in.readVarInt();
        for (int c = 0; c < columnCount; c++) {
            readMode(in);
            Sections.skip(in);
        }
    }

    private static long searchRun(byte[] run, byte[][] needles) {
        long found = 0;
        for (int i = 0; i < needles.length; i++) {
            if (indexOf(run, 0, run.length, needles[i]) >= 0) {
                found |= 1L << i;
            }
        }
        return found;
    }

    /** First position of {@code needle} in {@code hay[from, to)}, or -1. */
    static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        int m = needle.length;
        if (m == 0) {
            return from;
        }
        byte first = needle[0];
        for (int i = from, last = to - m; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            int j = 1;
            while (j < m && hay[i + j] == needle[j]) {
                j++;
            }
            if (j == m) {
                return i;
            }
        }
        return -1;
    }

    /** The needles found in each value of one column (with its border bytes), value by value (see {@link #search}). */
    private static final class ValueSearch {
        static final ValueSearch NONE = new ValueSearch(null, null, null);

        private final ColumnReader reader;
        /** Otherwise: the needles that can occur in a value (the others never do), rendered to {@link #scratch}. */
        private final byte[][] needles;
        private final int[] needleBits;
        /** DICT: per border context seen, the needles in each entry with those borders. */
        private int[] dictContexts;
        private long[][] dictHits;
        private int dictSeen;
        private byte[] scratch;

        private ValueSearch(ColumnReader reader, byte[][] needles, int[] needleBits) {
            this.reader = reader;
            this.needles = needles;
            this.needleBits = needleBits;
        }

        /**
         * The search of column {@code r}'s values for the needles that can occur in one of them taken with
         * the border bytes of one of its {@code contexts}: a value's own bytes anywhere in the needle, the
         * left border byte only as its first byte, the right one only as its last. The bytes a value can
         * hold are the column's {@code stored} byte set when it has one.
         */
        static ValueSearch of(ColumnReader r, byte[][] needles, int[] contexts, boolean[] stored) {
            boolean[] possible = stored != null ? stored : switch (r.mode) {
                case HEX -> byteSet(HEX_ALPHABET, r.buf, r.prefixAt, r.prefix);
                case NUM -> byteSet(NUM_ALPHABET, r.buf, r.prefixAt, r.prefix);
                default -> null; // RAW and DICT without a byte set (block versions 2 and 3): any byte
            };
            List<byte[]> kept = new ArrayList<>();
            List<Integer> bits = new ArrayList<>();
            for (int i = 0; i < needles.length; i++) {
                if (possible == null || anyFits(new byte[][] {needles[i]}, possible, contexts)) {
                    kept.add(needles[i]);
                    bits.add(i);
                }
            }
            if (kept.isEmpty()) {
                return NONE;
            }
            ValueSearch v = new ValueSearch(r, kept.toArray(byte[][]::new), bits.stream().mapToInt(Integer::intValue).toArray());
            if (r.mode == DICT) {
                v.dictContexts = new int[4];
                v.dictHits = new long[4][];
            }
            return v;
        }

        static boolean[] byteSet(byte[] alphabet, byte[] buf, int prefixAt, int prefix) {
            boolean[] set = new boolean[256];
            for (byte b : alphabet) {
                set[b & 0xFF] = true;
            }
            for (int i = 0; i < prefix; i++) {
                set[buf[prefixAt + i] & 0xFF] = true;
            }
            return set;
        }

        /** Whether some needle fits a value of the byte set {@code set} with the borders of some context. */
        static boolean anyFits(byte[][] needles, boolean[] set, int[] contexts) {
            for (byte[] needle : needles) {
                for (int context : contexts) {
                    if (fits(needle, set, context >>> 9, context & 0x1FF)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean fits(byte[] needle, boolean[] set, int left, int right) {
            int last = needle.length - 1;
            for (int p = 0; p <= last; p++) {
                int b = needle[p] & 0xFF;
                if (!set[b] && !(p == 0 && b == left) && !(p == last && b == right)) {
                    return false;
                }
            }
            return true;
        }

        boolean isDict() {
            return dictHits != null;
        }

        /** DICT: whether some entry holds a needle within the border bytes {@code context}. */
        boolean canHit(int context) {
            for (long h : dictHits(context)) {
                if (h != 0) {
                    return true;
                }
            }
            return false;
        }

        /** The needles in the column's next value, taken with the border bytes {@code context}. */
        long next(long entryTs, int context) {
            if (dictHits != null) {
                return dictHits(context)[reader.nextDictIndex()];
            }
            int max = reader.maxNextLength() + 2 + SLACK;
            byte[] s = scratch;
            if (s == null || s.length < max) {
                s = scratch = new byte[Math.max(256, max)];
            }
            int end = reader.next(s, 1, entryTs);
            return searchBordered(s, end, context);
        }

        /** The needles in {@code s[1, end)} with the context's border bytes around it. */
        private long searchBordered(byte[] s, int end, int context) {
            int left = context >>> 9;
            int right = context & 0x1FF;
            int from = 1;
            if (left != NO_BORDER) {
                s[0] = (byte) left;
                from = 0;
            }
            if (right != NO_BORDER) {
                s[end++] = (byte) right;
            }
            long found = 0;
            for (int i = 0; i < needles.length; i++) {
                if (indexOf(s, from, end, needles[i]) >= 0) {
                    found |= 1L << needleBits[i];
                }
            }
            return found;
        }

        /** The needles in each dictionary entry with the border bytes {@code context}, found once. */
        private long[] dictHits(int context) {
            for (int i = 0; i < dictSeen; i++) {
                if (dictContexts[i] == context) {
                    return dictHits[i];
                }
            }
            ColumnReader r = reader;
            long[] hits = new long[r.dictOff.length];
            byte[] s = new byte[2];
            for (int d = 0; d < hits.length; d++) {
                int len = r.dictLen[d];
                if (s.length < len + 2) {
                    s = new byte[len + 2];
                }
                System.arraycopy(r.buf, r.dictOff[d], s, 1, len);
                hits[d] = searchBordered(s, 1 + len, context);
            }
            if (dictSeen == dictContexts.length) {
                dictContexts = Arrays.copyOf(dictContexts, dictSeen * 2);
                dictHits = Arrays.copyOf(dictHits, dictSeen * 2);
            }
            dictContexts[dictSeen] = context;
            dictHits[dictSeen++] = hits;
            return hits;
        }
    }

    /** Moves {@code in} past the line columns without decompressing them (to the metadata after them). */
    public static void skip(ByteSource in) {
        Sections.skip(in);
        skipColumns(in);
    }

    /** The hole columns of one template, in order; its literal byte count goes to {@code literal[t]}. */
    private static int[] templateHoles(byte[] buf, int p, int end, int t, int[] literal) {
        Template tp = Template.parse(buf, p, end, t);
        literal[t] = tp.literalBytes();
        return tp.columns();
    }

    /** The line columns after the templates: count, then each column's mode byte and section. */
    private static ColumnReader[] readColumns(ByteSource in) {
        int columnCount = in.readVarInt();
        ColumnReader[] cols = new ColumnReader[columnCount];
        for (int c = 0; c < columnCount; c++) {
            int mode = readMode(in);
            cols[c] = ColumnReader.read(mode, Sections.read(in));
        }
        return cols;
    }

    /** Each line's template number, or null when there is at most one template. */
    static int[] readTemplateIndex(ByteSource tin, int n, int templateCount) {
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
    static final class ColumnReader {
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

        /** DICT: the dictionary index of the next value. */
        int nextDictIndex() {
            if (next >= n) {
                throw new CorruptDataException("column has only " + n + " values");
            }
            return buf[idxAt + next++] & 0xFF;
        }

        /** An upper bound of the next value's rendered length, for sizing {@link #next}'s output. */
        int maxNextLength() {
            return switch (mode) {
                case HEX -> len;
                case NUM -> prefix + 21;
                case TIME -> TIME_LENGTH;
                case DICT -> next < n ? dictLen[buf[idxAt + next] & 0xFF] : 0;
                default -> next < n ? prefix + lens[next] : 0;
            };
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

        /** NUM: value {@code i}'s mantissa, gathered from its byte planes. */
        long mantissa(int i) {
            long v = 0;
            for (int plane = 0, p = dataAt + i; plane < this.len; plane++, p += n) {
                v |= (buf[p] & 0xFFL) << (plane * 8);
            }
            return signed ? (v >>> 1) ^ -(v & 1) : v;
        }

        private int numberLength(int i) {
            return renderedLength(mantissa(i), buf[idxAt + i]);
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
            return renderNumber(mantissa(i), buf[idxAt + i], out, at + prefix);
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
