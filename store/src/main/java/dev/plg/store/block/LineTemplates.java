package dev.plg.store.block;

import dev.plg.store.io.ByteSource;
import dev.plg.store.io.CorruptDataException;
import java.util.Arrays;

/**
 * A block's column-wise lines ({@link LineColumns}) read as they are stored: every entry's template
 * (literal parts with holes between them) and each hole's value, without rebuilding any line. For
 * consumers that read values (a JSON parser whose result is fixed by the template) rather than lines.
 *
 * <p>Opening reads the templates and the template index; a column is decompressed and its values
 * rendered (exactly the bytes {@link LineColumns#decode} puts into the line) on first use, all of
 * the block's values of that column at once. Not thread-safe.
 */
public final class LineTemplates {
    private final int n;
    private final long[] ts;
    /** Per template: its literal parts (zero escapes undone), one more than its holes. */
    private final byte[][][] literals;
    /** Per template: the column of each hole. */
    private final int[][] holes;
    /** Per template and hole: how many earlier holes of the template use the same column. */
    private final int[][] occurrence;
    /** Each entry's template, or null when there is at most one. */
    private final int[] templateOf;
    private final byte[] columnData;
    private final int[] columnAt;
    private final int[] columnMode;
    private final Column[] columns;
    /** Per column: whether {@link #numeric} (null until asked). */
    private final Boolean[] numeric;
    /** Decompressed column sections (null until read). */
    private final ByteSource[] sections;
    /** Per column: each entry's first value index (null until used). */
    private final int[][] firsts;
    /** Per column: values found one by one so far. */
    private final int[] reads;

    private LineTemplates(int n, long[] ts, byte[][][] literals, int[][] holes, int[] templateOf, byte[] columnData,
                          int[] columnAt, int[] columnMode) {
        this.n = n;
        this.ts = ts;
        this.literals = literals;
        this.holes = holes;
        this.templateOf = templateOf;
        this.columnData = columnData;
        this.columnAt = columnAt;
        this.columnMode = columnMode;
        this.columns = new Column[columnAt.length];
        this.numeric = new Boolean[columnAt.length];
        this.sections = new ByteSource[columnAt.length];
        this.firsts = new int[columnAt.length][];
        this.reads = new int[columnAt.length];
        this.values = new Values[columnAt.length];
        this.occurrence = new int[holes.length][];
        for (int t = 0; t < holes.length; t++) {
            int[] h = holes[t];
            int[] occ = new int[h.length];
            for (int k = 0; k < h.length; k++) {
                if (h[k] >= columnAt.length) {
                    throw new CorruptDataException("column " + h[k] + " out of range");
                }
                for (int j = 0; j < k; j++) {
                    if (h[j] == h[k]) {
                        occ[k]++;
                    }
                }
            }
            occurrence[t] = occ;
        }
    }

    /**
     * Reads the line section of a version-3 block at {@code in} ({@code n} entries with timestamps
     * {@code ts}, not copied); leaves {@code in} after the line columns, as {@link LineColumns#skip} does.
     */
    public static LineTemplates read(ByteSource in, int n, long[] ts) {
        ByteSource tin = Sections.read(in);
        int templateCount = tin.readVarInt();
        byte[] buf = tin.array();
        byte[][][] literals = new byte[templateCount][][];
        int[][] holes = new int[templateCount][];
        for (int t = 0; t < templateCount; t++) {
            int len = tin.readVarInt();
            int p = tin.position();
            tin.skip(len);
            Template tp = Template.parse(buf, p, p + len, t);
            literals[t] = tp.literals();
            holes[t] = tp.columns();
        }
        int[] templateOf = LineColumns.readTemplateIndex(tin, n, templateCount);
        int columnCount = in.readVarInt();
        int[] at = new int[columnCount];
        int[] mode = new int[columnCount];
        for (int c = 0; c < columnCount; c++) {
            mode[c] = LineColumns.readMode(in);
            at[c] = in.position();
            Sections.skip(in);
        }
        return new LineTemplates(n, ts, literals, holes, templateOf, in.array(), at, mode);
    }

    public int entries() {
        return n;
    }

    public int templateCount() {
        return literals.length;
    }

    /** The template of entry {@code e}. */
    public int template(int e) {
        return templateOf == null ? 0 : templateOf[e];
    }

    /** Template {@code t}'s literal parts: part k precedes hole k; one part more than holes. Do not change them. */
    public byte[][] literals(int t) {
        return literals[t];
    }

    public int holeCount(int t) {
        return holes[t].length;
    }

    /**
     * Whether every value of template {@code t}'s hole {@code k} is a canonical JSON number
     * {@code -?(0|[1-9][0-9]*)(.[0-9]+)?}: its column is a NUM column without a prefix, or a
     * dictionary of such numbers. Renders no value.
     */
    public boolean numeric(int t, int k) {
        int c = holes[t][k];
        if (columnMode[c] != LineColumns.NUM && columnMode[c] != LineColumns.DICT) {
            return false;
        }
        Boolean known = numeric[c];
        if (known == null) {
            known = numericColumn(c);
            numeric[c] = known;
        }
        return known;
    }

    private boolean numericColumn(int c) {
        ByteSource s = section(c);
        s.readVarInt(); // values
        if (columnMode[c] == LineColumns.NUM) {
            return s.readVarInt() == 0; // no prefix
        }
        int d = s.readVarInt();
        byte[] b = s.array();
        for (int i = 0; i < d; i++) {
            int len = s.readVarInt();
            if (!canonicalNumber(b, s.position(), len)) {
                return false;
            }
            s.skip(len);
        }
        return true;
    }

    /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?}. */
    static boolean canonicalNumber(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        if (i < end && b[i] == '-') {
            i++;
        }
        int digits = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i == digits || (b[digits] == '0' && i - digits > 1)) {
            return false;
        }
        if (i == end) {
            return true;
        }
        if (b[i] != '.') {
            return false;
        }
        int frac = ++i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i == end && i > frac;
    }

    /**
     * Hole {@code k}'s value of entry {@code e} as a double, when its column is a NUM column
     * without a prefix and the value's mantissa is below 2^53 (then mantissa / 10^scale, a division
     * of two exact doubles, is the correctly rounded value of its text, as Go's
     * {@code strconv.ParseFloat} gives it); else NaN. Renders nothing.
     */
    public double decimal(int e, int k) {
        int t = template(e);
        int c = holes[t][k];
        int mode = columnMode[c];
        if (mode != LineColumns.NUM && mode != LineColumns.DICT) {
            return Double.NaN;
        }
        Values v = values(c);
        LineColumns.ColumnReader r = v.r;
        int i = v.first[e] + occurrence[t][k];
        if (mode == LineColumns.DICT) {
            return dictDecimals(c, r)[r.buf[r.idxAt + i] & 0xFF];
        }
        if (r.prefix != 0) {
            return Double.NaN;
        }
        return exact(r.mantissa(i), r.buf[r.idxAt + i]);
    }

    /** Per DICT column: each entry's {@link #plainDecimal} (null until asked). */
    private double[][] dictDecimals;

    private double[] dictDecimals(int c, LineColumns.ColumnReader r) {
        if (dictDecimals == null) {
            dictDecimals = new double[columnMode.length][];
        }
        double[] d = dictDecimals[c];
        if (d == null) {
            d = new double[r.dictOff.length];
            for (int code = 0; code < d.length; code++) {
                d[code] = plainDecimal(r.buf, r.dictOff[code], r.dictLen[code]);
            }
            dictDecimals[c] = d;
        }
        return d;
    }

    /**
     * A number as a NUM column would hold it ({@link LineColumns#parseDecimal}: a canonical decimal
     * of at most 18 digits, not a negative zero) as {@link #exact} gives it (so exactly what Go's
     * {@code strconv.ParseFloat} gives); NaN for any other text.
     */
    static double plainDecimal(byte[] b, int off, int len) {
        byte[] scale = new byte[1];
        long mantissa = LineColumns.parseDecimal(b, off, len, scale, 0);
        return mantissa == Long.MIN_VALUE ? Double.NaN : exact(mantissa, scale[0]);
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18};

    /** mantissa x 10^-scale when that division is exact-rounded (|mantissa| < 2^53), else NaN. */
    static double exact(long mantissa, int scale) {
        if (mantissa <= -(1L << 53) || mantissa >= 1L << 53 || scale < 0 || scale >= POW10.length) {
            return Double.NaN;
        }
        return mantissa / POW10[scale];
    }

    /** The column holding hole {@code k} of entry {@code e}'s template, rendered on first use. */
    public Column column(int e, int k) {
        int c = holes[template(e)][k];
        Column col = columns[c];
        return col != null ? col : render(c);
    }

    /** The index in {@link #column(int, int)} of hole {@code k}'s value of entry {@code e}. */
    public int valueIndex(int e, int k) {
        int t = template(e);
        return columns[holes[t][k]].first[e] + occurrence[t][k];
    }

    /**
     * One column's values in block order: value i is {@code bytes()} from {@code offset(i)} for
     * {@code length(i)}; {@code code(i)} is its dictionary number (equal numbers, equal bytes) or -1.
     */
    public static final class Column {
        final byte[] bytes;
        final int[] off;
        final int[] len;
        final int[] code;
        /** Per entry: the index of its first value in this column. */
        final int[] first;

        Column(byte[] bytes, int[] off, int[] len, int[] code, int[] first) {
            this.bytes = bytes;
            this.off = off;
            this.len = len;
            this.code = code;
            this.first = first;
        }

        public byte[] bytes() {
            return bytes;
        }

        public int offset(int i) {
            return off[i];
        }

        public int length(int i) {
            return len[i];
        }

        public int code(int i) {
            return code == null ? -1 : code[i];
        }
    }

    /** Column {@code c}'s section, decompressed once. */
    private ByteSource section(int c) {
        ByteSource s = sections[c];
        if (s == null) {
            s = Sections.read(new ByteSource(columnData, columnAt[c], columnData.length - columnAt[c]));
            sections[c] = s;
        }
        return new ByteSource(s.array(), s.position(), s.remaining());
    }

    private Column render(int c) {
        ByteSource section = section(c);
        LineColumns.ColumnReader r = LineColumns.ColumnReader.read(columnMode[c], section);
        int[] perTemplate = perTemplate(c);
        int[] first = firsts(c, r);
        int total = r.n;
        int[] off = new int[total];
        int[] len = new int[total];
        Column col = r.mode == LineColumns.DICT ? dictionary(r, off, len, first)
                : rendered(r, perTemplate, off, len, first);
        columns[c] = col;
        return col;
    }

    /** How many holes of each template column {@code c} fills. */
    private int[] perTemplate(int c) {
        int[] perTemplate = new int[holes.length];
        for (int t = 0; t < holes.length; t++) {
            for (int h : holes[t]) {
                if (h == c) {
                    perTemplate[t]++;
                }
            }
        }
        return perTemplate;
    }

    /** Per entry, the index of its first value in column {@code c} (whose reader {@code r} says how many it holds). */
    private int[] firsts(int c, LineColumns.ColumnReader r) {
        int[] f = firsts[c];
        if (f != null) {
            return f;
        }
        int[] perTemplate = perTemplate(c);
        f = new int[n];
        int total = 0;
        for (int e = 0; e < n; e++) {
            f[e] = total;
            total += perTemplate[template(e)];
        }
        if (total != r.n) {
            throw new CorruptDataException("column " + c + " holds " + r.n + " values, its holes " + total);
        }
        firsts[c] = f;
        return f;
    }

    // ---- one line at a time: each value found by its index, nothing else rendered

    /** Column readers for finding values by index (null until used). */
    private final Values[] values;

    /** Column {@code c}'s values by index. */
    private Values values(int c) {
        Values v = values[c];
        if (v == null) {
            LineColumns.ColumnReader r = LineColumns.ColumnReader.read(columnMode[c], section(c));
            v = new Values(r, firsts(c, r));
            values[c] = v;
        }
        return v;
    }

    /** Values of a column read one by one before the whole column is rendered at once. */
    private static final int SPARSE_READS = 64;

    /** Where one value is: {@code bytes} from {@code offset} for {@code length}; {@code code} its dictionary number or -1. */
    public static final class ValueRef {
        public byte[] bytes;
        public int offset;
        public int length;
        public int code;
        private byte[] scratch = new byte[64];
    }

    /**
     * Finds hole {@code k}'s value of entry {@code e}: in its column rendered whole once the column
     * was asked for often (a scan reading most lines), else alone (into {@code ref}'s own buffer,
     * valid until the next call with it) or in the column's dictionary.
     */
    public void find(int e, int k, ValueRef ref) {
        int t = template(e);
        int c = holes[t][k];
        Column col = columns[c];
        if (col == null && ++reads[c] > SPARSE_READS) {
            col = render(c);
        }
        if (col != null) {
            int i = col.first[e] + occurrence[t][k];
            ref.bytes = col.bytes;
            ref.offset = col.off[i];
            ref.length = col.len[i];
            ref.code = col.code(i);
            return;
        }
        Values v = values(c);
        int i = v.first[e] + occurrence[t][k];
        LineColumns.ColumnReader r = v.r;
        if (r.mode == LineColumns.DICT) {
            int d = r.buf[r.idxAt + i] & 0xFF;
            ref.bytes = r.buf;
            ref.offset = r.dictOff[d];
            ref.length = r.dictLen[d];
            ref.code = d;
            return;
        }
        int len = v.length(i);
        if (ref.scratch.length < len + 32) {
            ref.scratch = new byte[len + 64];
        }
        ref.bytes = ref.scratch;
        ref.offset = 0;
        ref.length = v.render(i, ref.scratch, 0, ts[e]);
        ref.code = -1;
    }

    /** Per template: its literal bytes (null until used). */
    private int[] literalBytes;

    /**
     * The length of entry {@code e}'s line, from its template and its values' lengths (none rendered):
     * each value's length found alone, so sizing a few lines never walks whole columns.
     */
    public int lineLength(int e) {
        int t = template(e);
        if (literalBytes == null) {
            literalBytes = new int[literals.length];
            for (int i = 0; i < literals.length; i++) {
                for (byte[] p : literals[i]) {
                    literalBytes[i] += p.length;
                }
            }
        }
        int len = literalBytes[t];
        int[] h = holes[t];
        int[] occ = occurrence[t];
        for (int k = 0; k < h.length; k++) {
            Values v = values(h[k]);
            len += v.length(v.first[e] + occ[k]);
        }
        return len;
    }

    /** Rebuilds entry {@code e}'s line into {@code out} (at least {@link #lineLength} + 32 bytes) at 0; returns its length. */
    public int line(int e, byte[] out) {
        int t = template(e);
        byte[][] parts = literals[t];
        int[] h = holes[t];
        int at = 0;
        for (int k = 0; k < h.length; k++) {
            System.arraycopy(parts[k], 0, out, at, parts[k].length);
            at += parts[k].length;
            Values v = values(h[k]);
            at = v.render(v.first[e] + occurrence[t][k], out, at, ts[e]);
        }
        byte[] last = parts[h.length];
        System.arraycopy(last, 0, out, at, last.length);
        return at + last.length;
    }

    /** One column's values by index: where each starts in the column's bytes (RAW, TIME), found once. */
    private static final class Values {
        final LineColumns.ColumnReader r;
        final int[] first;
        /** RAW: each value's data offset; TIME: each value's varint offset (null for other modes). */
        final int[] at;
        final int dataStart;

        Values(LineColumns.ColumnReader r, int[] first) {
            this.r = r;
            this.first = first;
            this.dataStart = r.dataAt;
            if (r.mode == LineColumns.RAW) {
                at = new int[r.n];
                int p = r.dataAt;
                for (int i = 0; i < r.n; i++) {
                    at[i] = p;
                    p += r.lens[i];
                }
            } else if (r.mode == LineColumns.TIME) {
                at = new int[r.n];
                int p = r.dataAt;
                byte[] b = r.buf;
                for (int i = 0; i < r.n; i++) {
                    at[i] = p;
                    while (b[p++] < 0) {
                        // varint continuation bytes (read() checked they are complete)
                    }
                }
            } else {
                at = null;
            }
        }

        int length(int i) {
            return switch (r.mode) {
                case LineColumns.DICT -> r.dictLen[r.buf[r.idxAt + i] & 0xFF];
                case LineColumns.HEX -> r.len;
                case LineColumns.TIME -> LineColumns.TIME_LENGTH;
                case LineColumns.NUM -> r.prefix + LineColumns.renderedLength(r.mantissa(i), r.buf[r.idxAt + i]);
                default -> r.prefix + r.lens[i];
            };
        }

        int render(int i, byte[] out, int at, long entryTs) {
            byte[] b = r.buf;
            switch (r.mode) {
                case LineColumns.DICT -> {
                    int d = b[r.idxAt + i] & 0xFF;
                    System.arraycopy(b, r.dictOff[d], out, at, r.dictLen[d]);
                    return at + r.dictLen[d];
                }
                case LineColumns.HEX -> {
                    System.arraycopy(b, r.prefixAt, out, at, r.prefix);
                    int o = at + r.prefix;
                    int bytes = (r.len - r.prefix) / 2;
                    for (int j = 0, d = dataStart + i * bytes; j < bytes; j++, d++) {
                        out[o++] = HEX[(b[d] >> 4) & 15];
                        out[o++] = HEX[b[d] & 15];
                    }
                    return o;
                }
                case LineColumns.TIME -> {
                    long z = 0;
                    int p = this.at[i];
                    for (int shift = 0; ; shift += 7) {
                        byte x = b[p++];
                        z |= (long) (x & 0x7F) << shift;
                        if (x >= 0) {
                            break;
                        }
                    }
                    LineColumns.renderMicros(((z >>> 1) ^ -(z & 1)) + Math.floorDiv(entryTs, 1000), out, at);
                    return at + LineColumns.TIME_LENGTH;
                }
                case LineColumns.NUM -> {
                    System.arraycopy(b, r.prefixAt, out, at, r.prefix);
                    return LineColumns.renderNumber(r.mantissa(i), b[r.idxAt + i], out, at + r.prefix);
                }
                default -> {
                    System.arraycopy(b, r.prefixAt, out, at, r.prefix);
                    System.arraycopy(b, this.at[i], out, at + r.prefix, r.lens[i]);
                    return at + r.prefix + r.lens[i];
                }
            }
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Dictionary values stay in the column's bytes: no copy. */
    private static Column dictionary(LineColumns.ColumnReader r, int[] off, int[] len, int[] first) {
        int[] code = new int[r.n];
        for (int i = 0; i < r.n; i++) {
            int d = r.buf[r.idxAt + i] & 0xFF;
            code[i] = d;
            off[i] = r.dictOff[d];
            len[i] = r.dictLen[d];
        }
        return new Column(r.buf, off, len, code, first);
    }

    /** Every value rendered as the line holds it, one after the other. */
    private Column rendered(LineColumns.ColumnReader r, int[] perTemplate, int[] off, int[] len, int[] first) {
        byte[] out = new byte[Math.toIntExact(renderBound(r)) + 32];
        int at = 0;
        int i = 0;
        for (int e = 0; e < n; e++) {
            int cnt = perTemplate[template(e)];
            for (int j = 0; j < cnt; j++) {
                off[i] = at;
                at = r.next(out, at, ts[e]);
                len[i] = at - off[i];
                i++;
            }
        }
        return new Column(out, off, len, null, first);
    }

    /** At least the bytes of all of a column's rendered values. */
    private static long renderBound(LineColumns.ColumnReader r) {
        long n = r.n;
        return switch (r.mode) {
            case LineColumns.RAW -> {
                long sum = n * r.prefix;
                for (int l : r.lens) {
                    sum += l;
                }
                yield sum;
            }
            case LineColumns.HEX -> n * r.len;
            case LineColumns.TIME -> n * LineColumns.TIME_LENGTH;
            case LineColumns.NUM -> n * (r.prefix + 40L);
            default -> throw new CorruptDataException("unknown column mode " + r.mode);
        };
    }
}
