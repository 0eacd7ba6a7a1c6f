package dev.plg.store.block;

import dev.plg.store.io.ByteSink;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The encoding side of {@link LineColumns} (layout and splitting rules are documented there):
 * splits every line into its template and column values, then writes the template section and
 * one section per column in the first mode all its values fit.
 *
 * <p>Why it is shaped like this: encoding runs once per block on the flusher thread, so its
 * loops are compiled on-stack (OSR) while the JVM is cold, and every compilation of a big method
 * compiles all of it. Each loop therefore lives in a small method of its own whose body calls
 * small helpers ({@link #splitLine}, {@link #addValue}, {@link #keyId}, {@link #endLine}, one
 * method per column mode), and no call in a hot loop has more than one receiver class. One
 * instance per thread keeps its arrays between blocks, so a block allocates little besides its
 * output. Not thread-safe.
 */
final class LineEncoder {
    private static final ThreadLocal<LineEncoder> PER_THREAD = ThreadLocal.withInitial(LineEncoder::new);
    /** Scratch arrays above this many values are dropped after the block (an unusually large block). */
    private static final int KEEP_VALUES = 1 << 16;

    /**
     * Writes the column-wise form of {@code entries}' lines to {@code out} and, when
     * {@code filter} is not null, adds every line's trigrams and tokens to it.
     */
    static void encode(EntryColumns entries, ByteSink out, TrigramBloom filter) {
        encode(PER_THREAD.get(), entries, out, filter);
    }

    /**
     * As {@link #encode(EntryColumns, ByteSink, TrigramBloom)}, every line split by the full scan
     * when {@code predictTemplates} is false (tests: prediction must give the same bytes).
     */
    static void encode(EntryColumns entries, ByteSink out, TrigramBloom filter, boolean predictTemplates) {
        encode(new LineEncoder(predictTemplates), entries, out, filter);
    }

    /**
     * As {@link #encode(EntryColumns, ByteSink, TrigramBloom)} without a filter and with every
     * section stored as it is, not compressed: a form kept in memory and read often (a head's lines
     * as templates), where zstd would cost on every read and save little.
     */
    static void encodeUncompressed(EntryColumns entries, ByteSink out) {
        LineEncoder enc = new LineEncoder(true);
        enc.compress = false;
        enc.byteSets = false;
        encode(enc, entries, out, null);
    }

    /** As {@link #encode(EntryColumns, ByteSink, TrigramBloom)} in the layout of block version 2 or 3: no byte sets. */
    static void encodeWithoutByteSets(EntryColumns entries, ByteSink out, TrigramBloom filter) {
        LineEncoder enc = new LineEncoder(true);
        enc.byteSets = false;
        encode(enc, entries, out, filter);
    }

    private static void encode(LineEncoder enc, EntryColumns entries, ByteSink out, TrigramBloom filter) {
        try {
            enc.filter = filter;
            enc.run(entries, out);
        } finally {
            enc.release();
        }
    }

    private LineEncoder() {
        this(true);
    }

    private LineEncoder(boolean predictTemplates) {
        this.predictTemplates = predictTemplates;
    }

    /** One column's values as slices of the lines array, with their line index. */
    private static final class Column {
        int n;
        int[] off = new int[64];
        int[] len = new int[64];
        int[] line = new int[64];

        void add(int o, int l, int lineIndex) {
            if (n == off.length) {
                grow();
            }
            off[n] = o;
            len[n] = l;
            line[n] = lineIndex;
            n++;
        }

        private void grow() {
            off = Arrays.copyOf(off, n * 2);
            len = Arrays.copyOf(len, n * 2);
            line = Arrays.copyOf(line, n * 2);
        }

        void shrinkIfHuge() {
            if (off.length > KEEP_VALUES) {
                off = new int[64];
                len = new int[64];
                line = new int[64];
            }
        }
    }

    // The block being encoded.
    private byte[] lines;
    private int[] lineOffsets;
    private int[] lineLengths;

    // Columns, keyed by key name (slices of `lines`).
    private Column[] columns = new Column[16];
    private int columnCount;
    private int[] keyOff = new int[16];
    private int[] keyLen = new int[16];
    private final SliceTable keys = new SliceTable();

    // Key prediction: lines of a stream mostly repeat the previous line's keys in the same order.
    private int[] prevKeys = new int[16];
    private int[] lineKeys = new int[16];
    private int prevKeyCount;
    private int keyIndex;

    // The current line's template, and every distinct template so far (slices of `templates`).
    private final ByteSink t = new ByteSink(512);
    private final ByteSink templates = new ByteSink(4096);
    private int[] templateOff = new int[16];
    private int[] templateLen = new int[16];
    private int templateCount;
    private final SliceTable templateIds = new SliceTable();
    private int prevTemplate = -1;
    private int[] templateOf = new int[64];

    /**
     * Template prediction: a line is first matched against the previous line's template, using
     * the line that created that template (its literal runs are slices of {@code lines} between
     * its holes). A line matches when its bytes equal every literal run and each hole holds a
     * value ending where the full scan would end it (a string's closing quote; a bare value's
     * delimiter). The full scan ({@link #cutLine}) decides only from a run's own bytes and a bare
     * value's first byte, both checked here, so a match splits the line exactly as the scan
     * would, without copying it into a template and looking the template up.
     */
    private final boolean predictTemplates;
    private int[] templateLine = new int[16];
    private int[] templateHoleFrom = new int[16];
    private int[] templateHoles = new int[16];
    /** Every template's holes in its first line, template after template: start, end, column. */
    private int[] knownHoleStart = new int[64];
    private int[] knownHoleEnd = new int[64];
    private int[] knownHoleColumn = new int[64];
    private int knownHoles;

    /**
     * The block's filter, filled from the split rather than line by line: a template's literal
     * runs once, when the template is new, and every value with two bytes of context on each side
     * (its window) for the trigrams that cross a hole, column by column, where a DICT column skips
     * a window equal to its value's first one. Tokens never cross a hole (a value is bounded by
     * quotes, or by {@code :} and one of {@code , } ] space tab} or the line's end), and every
     * trigram of a line lies inside one literal run or within a value's window, so this adds
     * exactly the items of every line ({@code LineColumnsTest} compares the words).
     */
    private TrigramBloom filter;
    /** Whether sections are zstd-compressed (see {@link Sections#write}); false only for {@link #encodeUncompressed}. */
    private boolean compress = true;
    /** Whether columns carry their byte sets (block version 4; not in a head's form, which is never searched by column). */
    private boolean byteSets = true;
    /** The length of the common prefix of the values of the column being written (NUM). */
    private int valuePrefix;
    private final byte[] byteSet = new byte[LineColumns.BYTE_SET_BYTES];
    /** The current line's holes: value start and end in {@code lines}. */
    private int[] holeStart = new int[16];
    private int[] holeEnd = new int[16];

    // Per-column scratch.
    private final ByteSink section = new ByteSink(1 << 16);
    private long[] longs = new long[64];
    private byte[] bytes = new byte[64];
    private final SliceTable dict = new SliceTable();

    private void run(EntryColumns entries, ByteSink out) {
        int n = entries.count();
        begin(entries);
        splitLines(n);
        writeTemplates(n, out);
        writeColumns(entries.timestamps(), out);
    }

    private void splitLines(int n) {
        for (int e = 0; e < n; e++) {
            splitLine(e);
        }
    }

    private void writeColumns(long[] ts, ByteSink out) {
        out.writeVarInt(columnCount);
        for (int c = 0; c < columnCount; c++) {
            section.reset();
            int mode = writeColumn(columns[c], ts);
            if (byteSets && mode != LineColumns.TIME && mode != LineColumns.HEX) {
                out.writeByte(mode | LineColumns.BYTE_SET);
                writeByteSet(columns[c], mode, out);
            } else {
                out.writeByte(mode);
            }
            Sections.write(out, section, compress);
        }
    }

    /**
     * The bytes column {@code c}'s values can hold (a superset), as {@link LineColumns#BYTE_SET_BYTES}
     * bytes: the alphabet and the common prefix for NUM, the entries' bytes for DICT, every value's
     * bytes for RAW.
     */
    private void writeByteSet(Column c, int mode, ByteSink out) {
        byte[] set = byteSet;
        Arrays.fill(set, (byte) 0);
        switch (mode) {
            case LineColumns.NUM -> {
                LineColumns.addToByteSet(set, LineColumns.NUM_ALPHABET);
                LineColumns.addToByteSet(set, lines, c.off[0], valuePrefix);
            }
            case LineColumns.DICT -> {
                for (int id = 0; id < dict.size(); id++) {
                    int i = dict.firstUse(id);
                    LineColumns.addToByteSet(set, lines, c.off[i], c.len[i]);
                }
            }
            default -> {
                for (int i = 0; i < c.n; i++) {
                    LineColumns.addToByteSet(set, lines, c.off[i], c.len[i]);
                }
            }
        }
        out.writeBytes(set, 0, set.length);
    }

    private void begin(EntryColumns entries) {
        lines = entries.lines();
        lineOffsets = entries.lineOffsets();
        lineLengths = entries.lineLengths();
        columnCount = 0;
        keys.reset();
        prevKeyCount = 0;
        keyIndex = 0;
        templates.reset();
        templateCount = 0;
        templateIds.reset();
        prevTemplate = -1;
        knownHoles = 0;
        if (templateOf.length < entries.count()) {
            templateOf = new int[Math.max(entries.count(), templateOf.length * 2)];
        }
    }

    /** Drops references to the block and scratch that grew unusually large. */
    private void release() {
        filter = null;
        lines = null;
        lineOffsets = null;
        lineLengths = null;
        for (int c = 0; c < columns.length && columns[c] != null; c++) {
            columns[c].n = 0;
            columns[c].shrinkIfHuge();
        }
        if (templateOf.length > KEEP_VALUES) {
            templateOf = new int[64];
        }
        if (longs.length > KEEP_VALUES) {
            longs = new long[64];
            bytes = new byte[64];
        }
        if (templates.array().length > (1 << 20) || t.array().length > (1 << 20) || section.array().length > (4 << 20)) {
            PER_THREAD.remove();
        }
    }

    // ---- splitting

    /** Splits line {@code e}: values go to their columns, the rest to the line's template. */
    private void splitLine(int e) {
        int p = prevTemplate;
        if (p >= 0 && predictTemplates && sameTemplate(e, p)) {
            templateOf[e] = p;
            return;
        }
        cutLine(e);
    }

    /**
     * Whether line {@code e} has template {@code p} (see {@link #predictTemplates}); when it has,
     * its values are in their columns, otherwise nothing changed.
     */
    private boolean sameTemplate(int e, int p) {
        byte[] b = lines;
        int at = lineOffsets[e];
        int end = at + lineLengths[e];
        int first = templateLine[p];
        int run = lineOffsets[first];
        int from = templateHoleFrom[p];
        int holes = templateHoles[p];
        for (int h = 0; h < holes; h++) {
            int hs = knownHoleStart[from + h];
            int len = hs - run;
            int vs = at + len;
            int ve = vs >= end || !sameBytes(b, run, b, at, len) ? -1 : valueEnd(b, vs, end, b[hs - 1] == '"');
            if (ve < 0) {
                return unadd(from, h);
            }
            columns[knownHoleColumn[from + h]].add(vs, ve - vs, e);
            at = ve;
            run = knownHoleEnd[from + h];
        }
        int len = lineOffsets[first] + lineLengths[first] - run;
        if (end - at != len || !sameBytes(b, run, b, at, len)) {
            return unadd(from, holes);
        }
        return true;
    }

    /** End of the value at {@code vs} as the full scan ends it, or -1 when the scan would not take it as a value. */
    private static int valueEnd(byte[] b, int vs, int end, boolean quoted) {
        if (quoted) {
            return stringEnd(b, vs, end);
        }
        return startsBareValue(b[vs]) ? bareValueEnd(b, vs, end) : -1;
    }

    /** Takes back the values of the first {@code added} holes of a line that did not match its predicted template. */
    private boolean unadd(int from, int added) {
        for (int h = 0; h < added; h++) {
            columns[knownHoleColumn[from + h]].n--;
        }
        return false;
    }

    /** Remembers new template {@code p}'s first line {@code e} and its holes (the keys rolled over into {@link #prevKeys}). */
    private void rememberTemplate(int p, int e) {
        int holes = prevKeyCount;
        if (p == templateLine.length) {
            templateLine = Arrays.copyOf(templateLine, p * 2);
            templateHoleFrom = Arrays.copyOf(templateHoleFrom, p * 2);
            templateHoles = Arrays.copyOf(templateHoles, p * 2);
        }
        if (knownHoles + holes > knownHoleStart.length) {
            int size = Math.max(knownHoles + holes, knownHoleStart.length * 2);
            knownHoleStart = Arrays.copyOf(knownHoleStart, size);
            knownHoleEnd = Arrays.copyOf(knownHoleEnd, size);
            knownHoleColumn = Arrays.copyOf(knownHoleColumn, size);
        }
        templateLine[p] = e;
        templateHoleFrom[p] = knownHoles;
        templateHoles[p] = holes;
        System.arraycopy(holeStart, 0, knownHoleStart, knownHoles, holes);
        System.arraycopy(holeEnd, 0, knownHoleEnd, knownHoles, holes);
        System.arraycopy(prevKeys, 0, knownHoleColumn, knownHoles, holes);
        knownHoles += holes;
    }

    /** The full scan of line {@code e}: finds its keys and values and builds its template. */
    private void cutLine(int e) {
        byte[] b = lines;
        int off = lineOffsets[e];
        int end = off + lineLengths[e];
        t.reset();
        int copied = off;
        int i = off;
        while (i < end) {
            if (b[i] != '"') {
                i++;
                continue;
            }
            int keyStart = i + 1;
            int keyEnd = stringEnd(b, keyStart, end);
            if (keyEnd < 0) {
                break;
            }
            i = keyEnd + 1;
            if (i + 1 >= end || b[i] != ':') {
                continue;
            }
            int vs = i + 1;
            int ve;
            if (b[vs] == '"') {
                ve = stringEnd(b, vs + 1, end);
                if (ve < 0) {
                    break;
                }
                vs++;
                i = ve + 1;
            } else if (startsBareValue(b[vs])) {
                ve = bareValueEnd(b, vs, end);
                i = ve;
            } else {
                continue;
            }
            if (addValue(keyStart, keyEnd - keyStart, vs, ve, copied, e)) {
                copied = ve;
            }
        }
        appendLiteral(t, b, copied, end);
        if (endLine(e) && filter != null) {
            filterLiterals(off, end);
        }
    }

    /** Adds a new template's literal runs to the filter (values are added column by column, see {@link #filterValues}). */
    private void filterLiterals(int off, int end) {
        int holes = prevKeyCount; // endLine rolled this line's keys over
        int run = off;
        for (int h = 0; h < holes; h++) {
            addRun(run, holeStart[h]);
            run = holeEnd[h];
        }
        addRun(run, end);
    }

    private void addRun(int from, int to) {
        filter.addTrigrams(lines, from, to - from);
        filter.addTokens(lines, from, to - from);
    }

    private static boolean startsBareValue(byte v) {
        return v == '-' || (v >= '0' && v <= '9') || v == 't' || v == 'f' || v == 'n';
    }

    /** End of a bare value (number, true, false, null) starting at {@code i}. */
    private static int bareValueEnd(byte[] b, int i, int end) {
        while (i < end && !ENDS_BARE_VALUE[b[i] & 0xFF]) {
            i++;
        }
        return i;
    }

    /** The bytes that end a bare value: {@code , } ] space tab} (one load per byte instead of five compares). */
    private static final boolean[] ENDS_BARE_VALUE = new boolean[256];

    static {
        for (char c : new char[] {',', '}', ']', ' ', '\t'}) {
            ENDS_BARE_VALUE[c] = true;
        }
    }

    /** Index of the closing quote of the string whose content starts at {@code i}, or -1. */
    private static int stringEnd(byte[] b, int i, int end) {
        while (i < end) {
            i = nextQuoteOrBackslash(b, i, end);
            if (i >= end) {
                return -1;
            }
            if (b[i] == '"') {
                return i;
            }
            i += 2; // a backslash escapes the next byte
        }
        return -1;
    }

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    /** Index of the first {@code "} or {@code \} at or after {@code i}, or {@code end}: eight bytes per step. */
    private static int nextQuoteOrBackslash(byte[] b, int i, int end) {
        while (i + 8 <= end) {
            long w = (long) LONGS.get(b, i);
            long q = w ^ QUOTES;
            long s = w ^ BACKSLASHES;
            // The lowest byte that is zero in q or s is exact (borrows only mark bytes above it).
            long hit = ((q - ONES) & ~q | (s - ONES) & ~s) & HIGHS;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
            i += 8;
        }
        while (i < end && b[i] != '"' && b[i] != '\\') {
            i++;
        }
        return i;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Cuts the value {@code [vs, ve)} of key {@code [keyStart, +keyLen)} out of line {@code e}:
     * the literal since {@code copied} and a hole go to the template. False when the block
     * already has {@link LineColumns#MAX_COLUMNS} columns and this key is not one of them.
     */
    private boolean addValue(int keyStart, int keyLen, int vs, int ve, int copied, int e) {
        int id = keyId(keyStart, keyLen);
        if (id < 0) {
            return false;
        }
        if (keyIndex == lineKeys.length) {
            lineKeys = Arrays.copyOf(lineKeys, keyIndex * 2);
        }
        if (keyIndex == holeStart.length) {
            holeStart = Arrays.copyOf(holeStart, keyIndex * 2);
            holeEnd = Arrays.copyOf(holeEnd, keyIndex * 2);
        }
        holeStart[keyIndex] = vs;
        holeEnd[keyIndex] = ve;
        lineKeys[keyIndex++] = id;
        appendLiteral(t, lines, copied, vs);
        t.writeByte(0);
        t.writeByte(id);
        columns[id].add(vs, ve - vs, e);
        return true;
    }

    /** The column of a key: predicted from the previous line, else looked up, else added; -1 when full. */
    private int keyId(int keyStart, int len) {
        if (keyIndex < prevKeyCount) {
            int guess = prevKeys[keyIndex];
            if (keyLen[guess] == len && sameBytes(lines, keyOff[guess], lines, keyStart, len)) {
                return guess;
            }
        }
        int hash = SliceTable.hash(lines, keyStart, len);
        int id = keys.find(lines, keyStart, len, hash, lines, keyOff, keyLen);
        if (id >= 0) {
            return id;
        }
        return addColumn(keyStart, len, hash);
    }

    private int addColumn(int keyStart, int len, int hash) {
        if (columnCount == LineColumns.MAX_COLUMNS) {
            return -1;
        }
        int id = columnCount++;
        if (id == keyOff.length) {
            keyOff = Arrays.copyOf(keyOff, id * 2);
            keyLen = Arrays.copyOf(keyLen, id * 2);
        }
        if (id == columns.length) {
            columns = Arrays.copyOf(columns, id * 2);
        }
        if (columns[id] == null) {
            columns[id] = new Column();
        }
        keyOff[id] = keyStart;
        keyLen[id] = len;
        keys.add(id, hash);
        return id;
    }

    /** Whether {@code len} bytes at {@code aOff} and {@code bOff} are equal: words for keys and short values. */
    private static boolean sameBytes(byte[] a, int aOff, byte[] b, int bOff, int len) {
        if (len >= 8) {
            for (int i = 0; i < len - 8; i += 8) {
                if ((long) LONGS.get(a, aOff + i) != (long) LONGS.get(b, bOff + i)) {
                    return false;
                }
            }
            return (long) LONGS.get(a, aOff + len - 8) == (long) LONGS.get(b, bOff + len - 8);
        }
        if (len >= 4) {
            return (int) INTS.get(a, aOff) == (int) INTS.get(b, bOff) && (int) INTS.get(a, aOff + len - 4) == (int) INTS.get(b, bOff + len - 4);
        }
        for (int i = 0; i < len; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
    }

    private static void appendLiteral(ByteSink t, byte[] b, int from, int to) {
        int run = from;
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                t.writeBytes(b, run, i - run);
                t.writeByte(0);
                t.writeByte(LineColumns.LITERAL_ZERO);
                run = i + 1;
            }
        }
        t.writeBytes(b, run, to - run);
    }

    /** Files the finished template of line {@code e} and rolls the key prediction over; true when the template is new. */
    private boolean endLine(int e) {
        int[] swap = prevKeys;
        prevKeys = lineKeys;
        lineKeys = swap.length >= prevKeys.length ? swap : new int[prevKeys.length];
        prevKeyCount = keyIndex;
        keyIndex = 0;
        int size = t.size();
        int p = prevTemplate;
        boolean isNew = false;
        if (p < 0 || templateLen[p] != size || !Arrays.equals(t.array(), 0, size, templates.array(), templateOff[p], templateOff[p] + size)) {
            int known = templateCount;
            p = templateId();
            isNew = p == known;
            prevTemplate = p;
            if (isNew) {
                rememberTemplate(p, e);
            }
        }
        templateOf[e] = p;
        return isNew;
    }

    /** The id of the current template, added when new. */
    private int templateId() {
        int size = t.size();
        int hash = SliceTable.hash(t.array(), 0, size);
        int id = templateIds.find(t.array(), 0, size, hash, templates.array(), templateOff, templateLen);
        if (id >= 0) {
            return id;
        }
        id = templateCount++;
        if (id == templateOff.length) {
            templateOff = Arrays.copyOf(templateOff, id * 2);
            templateLen = Arrays.copyOf(templateLen, id * 2);
        }
        templates.writeVarInt(size);
        templateOff[id] = templates.size();
        templateLen[id] = size;
        templates.writeBytes(t.array(), 0, size);
        templateIds.add(id, hash);
        return id;
    }

    // ---- writing

    private void writeTemplates(int n, ByteSink out) {
        section.reset();
        section.writeVarInt(templateCount);
        section.writeBytes(templates.array(), 0, templates.size()); // each: varint length, bytes
        if (templateCount > 1) {
            for (int e = 0; e < n; e++) {
                section.writeVarInt(templateOf[e]);
            }
        }
        Sections.write(out, section, compress);
    }

    /** Writes the column's values to {@link #section} and adds them to the filter; returns the mode. */
    private int writeColumn(Column c, long[] ts) {
        ensureScratch(c.n);
        int mode = writeValues(c, ts);
        if (filter != null) {
            filterValues(c, mode == LineColumns.DICT);
        }
        return mode;
    }

    /**
     * Adds every value's window to the filter: in a DICT column only those unlike their value's
     * first use; in the others only what is not in the common prefix with the previous value's
     * window (times, ids with a prefix).
     */
    private void filterValues(Column c, boolean dictionary) {
        if (dictionary) {
            filterDictValues(c);
            return;
        }
        if (c.n > 0) {
            addWindow(c, 0);
        }
        for (int i = 1; i < c.n; i++) {
            addWindowAfter(c, i);
        }
    }

    private void filterDictValues(Column c) {
        for (int i = 0; i < c.n; i++) {
            if (!sameWindow(c, i, dict.firstUse(bytes[i] & 0xFF))) {
                addWindow(c, i);
            }
        }
    }

    /**
     * Adds value {@code i}'s window but the trigrams and tokens value {@code i - 1}'s window
     * already added: trigrams inside the windows' common prefix, and tokens that end before a
     * non-token byte of the values' common prefix (or all, when the values are equal) when both
     * values start equally far into their windows.
     */
    private void addWindowAfter(Column c, int i) {
        int o = c.off[i];
        int end = o + c.len[i];
        int line = c.line[i];
        int from = Math.max(lineOffsets[line], o - 2);
        int to = Math.min(lineOffsets[line] + lineLengths[line], end + 2);
        int po = c.off[i - 1];
        int pl = c.line[i - 1];
        int pFrom = Math.max(lineOffsets[pl], po - 2);
        int pTo = Math.min(lineOffsets[pl] + lineLengths[pl], po + c.len[i - 1] + 2);
        int common = commonLength(lines, from, pFrom, Math.min(to - from, pTo - pFrom));
        int skip = Math.max(0, common - 2);
        filter.addTrigrams(lines, from + skip, to - from - skip);
        int tokensFrom = o;
        if (o - from == po - pFrom) {
            int same = Math.min(common - (o - from), Math.min(c.len[i], c.len[i - 1]));
            if (same == c.len[i] && same == c.len[i - 1]) {
                return; // equal values: equal tokens
            }
            tokensFrom = o + lastNonToken(lines, o, same);
        }
        filter.addTokens(lines, tokensFrom, end - tokensFrom);
    }

    /** How many bytes at {@code x} and {@code y} are equal, up to {@code max}: eight per step. */
    private static int commonLength(byte[] b, int x, int y, int max) {
        int p = 0;
        while (p + 8 <= max) {
            long d = (long) LONGS.get(b, x + p) ^ (long) LONGS.get(b, y + p);
            if (d != 0) {
                return p + (Long.numberOfTrailingZeros(d) >>> 3);
            }
            p += 8;
        }
        while (p < max && b[x + p] == b[y + p]) {
            p++;
        }
        return p;
    }

    /** Index (from {@code o}) of the last non-token byte among the {@code n} at {@code o}, or 0 when none. */
    private static int lastNonToken(byte[] b, int o, int n) {
        for (int q = n - 1; q > 0; q--) {
            if (!TrigramBloom.isTokenByte(b[o + q])) {
                return q;
            }
        }
        return 0;
    }

    private void addWindow(Column c, int i) {
        int o = c.off[i];
        int end = o + c.len[i];
        int line = c.line[i];
        int lineStart = lineOffsets[line];
        int from = Math.max(lineStart, o - 2);
        filter.addTrigrams(lines, from, Math.min(lineStart + lineLengths[line], end + 2) - from);
        filter.addTokens(lines, o, end - o);
    }

    /**
     * Whether value {@code i}'s window (up to two bytes each side within its line) equals value
     * {@code j}'s, given both values are equal.
     */
    private boolean sameWindow(Column c, int i, int j) {
        if (i == j) {
            return false;
        }
        int oi = c.off[i];
        int oj = c.off[j];
        int before = Math.min(2, oi - lineOffsets[c.line[i]]);
        if (before != Math.min(2, oj - lineOffsets[c.line[j]])) {
            return false;
        }
        int ei = oi + c.len[i];
        int ej = oj + c.len[j];
        int after = Math.min(2, lineOffsets[c.line[i]] + lineLengths[c.line[i]] - ei);
        if (after != Math.min(2, lineOffsets[c.line[j]] + lineLengths[c.line[j]] - ej)) {
            return false;
        }
        return sameBytes(lines, oi - before, lines, oj - before, before) && sameBytes(lines, ei, lines, ej, after);
    }

    private int writeValues(Column c, long[] ts) {
        if (parseTimes(c)) {
            writeTimes(c, ts);
            return LineColumns.TIME;
        }
        int hp = hexPrefix(c, lines);
        if (hp >= 0) {
            writeHex(c, hp);
            return LineColumns.HEX;
        }
        if (c.n >= 8 && buildDict(c)) {
            writeDict(c);
            return LineColumns.DICT;
        }
        int prefix = commonPrefix(c);
        valuePrefix = prefix;
        if (parseNumbers(c, prefix)) {
            writeNumbers(c, prefix);
            return LineColumns.NUM;
        }
        writeRaw(c, prefix);
        return LineColumns.RAW;
    }

    private void ensureScratch(int n) {
        if (longs.length < n) {
            longs = new long[Math.max(n, longs.length * 2)];
            bytes = new byte[longs.length];
        }
    }

    // TIME

    /** Parses every value into {@link #longs} as microseconds; false when one does not fit TIME. */
    private boolean parseTimes(Column c) {
        if (c.n == 0) {
            return false;
        }
        for (int i = 0; i < c.n; i++) {
            if (c.len[i] != LineColumns.TIME_LENGTH) {
                return false;
            }
            long micros = LineColumns.parseMicros(lines, c.off[i]);
            if (micros == Long.MIN_VALUE || !rendersBack(micros, c.off[i])) {
                return false;
            }
            longs[i] = micros;
        }
        return true;
    }

    /**
     * Whether a parsed time renders back to the same text. Parsing accepts only in-range fields,
     * which render back unchanged, except a day past the month's end (Feb 30 rolls into March):
     * only days after the 28th are rendered and compared.
     */
    private boolean rendersBack(long micros, int o) {
        byte[] b = lines;
        int day = (b[o + 8] - '0') * 10 + (b[o + 9] - '0');
        if (day <= 28) {
            return true;
        }
        byte[] rendered = bytes.length >= LineColumns.TIME_LENGTH ? bytes : new byte[LineColumns.TIME_LENGTH];
        LineColumns.renderMicros(micros, rendered, 0);
        return Arrays.equals(rendered, 0, LineColumns.TIME_LENGTH, b, o, o + LineColumns.TIME_LENGTH);
    }

    private void writeTimes(Column c, long[] ts) {
        ByteSink out = section;
        out.writeVarInt(c.n);
        for (int i = 0; i < c.n; i++) {
            out.writeZigZag(longs[i] - Math.floorDiv(ts[c.line[i]], 1000));
        }
    }

    // HEX

    /** Value of a lowercase hex digit, -1 for any other byte. */
    private static final byte[] HEX_VALUE = new byte[256];

    static {
        Arrays.fill(HEX_VALUE, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX_VALUE[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX_VALUE[c] = (byte) (c - 'a' + 10);
        }
    }

    private static boolean isHex(byte c) {
        return HEX_VALUE[c & 0xFF] >= 0;
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
            common = matching(lines, o, first, common);
            hexFrom = Math.max(hexFrom, hexStart(lines, o, len));
        }
        int prefix = (len - hexFrom) % 2 == 0 ? hexFrom : hexFrom + 1;
        if (prefix > common || len - prefix < 8) {
            return -1;
        }
        return prefix;
    }

    /** How many of the first {@code max} bytes at {@code a} and {@code b} are equal. */
    private static int matching(byte[] lines, int a, int b, int max) {
        int p = 0;
        while (p < max && lines[a + p] == lines[b + p]) {
            p++;
        }
        return p;
    }

    /** Start of the run of hex digits that ends the value at {@code o}. */
    private static int hexStart(byte[] lines, int o, int len) {
        int q = len;
        while (q > 0 && isHex(lines[o + q - 1])) {
            q--;
        }
        return q;
    }

    private void writeHex(Column c, int hp) {
        ByteSink out = section;
        int len = c.len[0];
        out.writeVarInt(c.n);
        out.writeVarInt(len);
        out.writeVarInt(hp);
        out.writeBytes(lines, c.off[0], hp);
        int per = (len - hp) / 2;
        out.ensure(per * c.n);
        byte[] dst = out.array();
        int at = out.size();
        for (int i = 0; i < c.n; i++) {
            at = hexBytes(lines, c.off[i] + hp, per, dst, at);
        }
        out.skip(at - out.size());
    }

    private static int hexBytes(byte[] src, int from, int pairs, byte[] dst, int at) {
        for (int j = 0; j < pairs; j++) {
            dst[at++] = (byte) ((HEX_VALUE[src[from + 2 * j] & 0xFF] << 4) | HEX_VALUE[src[from + 2 * j + 1] & 0xFF]);
        }
        return at;
    }

    // DICT

    /**
     * Assigns every value its dictionary index in {@link #bytes}; false when the column has more
     * than 256 distinct values or fewer than 4 uses per value.
     */
    private boolean buildDict(Column c) {
        dict.reset();
        int size = 0;
        for (int i = 0; i < c.n; i++) {
            int o = c.off[i];
            int l = c.len[i];
            int hash = SliceTable.hash(lines, o, l);
            int id = dict.findValue(lines, o, l, hash, c);
            if (id < 0) {
                if (size == 256 || size * 4 > c.n) {
                    return false;
                }
                id = size++;
                dict.addValue(id, i, hash);
            }
            bytes[i] = (byte) id;
        }
        return true;
    }

    private void writeDict(Column c) {
        ByteSink out = section;
        out.writeVarInt(c.n);
        int size = dict.size();
        out.writeVarInt(size);
        for (int id = 0; id < size; id++) {
            int i = dict.firstUse(id);
            out.writeVarInt(c.len[i]);
            out.writeBytes(lines, c.off[i], c.len[i]);
        }
        out.writeBytes(bytes, 0, c.n);
    }

    // NUM and RAW

    private int commonPrefix(Column c) {
        int prefix = c.len[0];
        int first = c.off[0];
        for (int i = 1; i < c.n && prefix > 0; i++) {
            prefix = matching(lines, c.off[i], first, Math.min(prefix, c.len[i]));
        }
        return prefix;
    }

    /**
     * Parses every value after the prefix as a canonical decimal into {@link #longs} (mantissa)
     * and {@link #bytes} (scale); false when one is not (NUM mode does not fit).
     */
    private boolean parseNumbers(Column c, int prefix) {
        if (c.n < 8) {
            return false;
        }
        for (int i = 0; i < c.n; i++) {
            long m = LineColumns.parseDecimal(lines, c.off[i] + prefix, c.len[i] - prefix, bytes, i);
            if (m == Long.MIN_VALUE) {
                return false;
            }
            longs[i] = m;
        }
        return true;
    }

    private void writeNumbers(Column c, int prefix) {
        ByteSink out = section;
        int n = c.n;
        out.writeVarInt(n);
        out.writeVarInt(prefix);
        out.writeBytes(lines, c.off[0], prefix);
        out.writeBytes(bytes, 0, n);
        // Mantissas as fixed-width little-endian integers, one byte plane after the other: each
        // plane has its own statistics (high planes are mostly zeros), which zstd's entropy coder
        // uses better than it can varints.
        boolean signed = anyNegative(longs, n);
        long max = signed ? zigzag(longs, n) : or(longs, n);
        int width = Math.max(1, (64 - Long.numberOfLeadingZeros(max) + 7) / 8);
        out.writeByte(signed ? 1 : 0);
        out.writeByte(width);
        writePlanes(longs, n, width, out);
    }

    private static boolean anyNegative(long[] v, int n) {
        boolean negative = false;
        for (int i = 0; i < n; i++) {
            negative |= v[i] < 0;
        }
        return negative;
    }

    /** Zigzags every value in place; returns their OR. */
    private static long zigzag(long[] v, int n) {
        long or = 0;
        for (int i = 0; i < n; i++) {
            v[i] = (v[i] << 1) ^ (v[i] >> 63);
            or |= v[i];
        }
        return or;
    }

    private static long or(long[] v, int n) {
        long or = 0;
        for (int i = 0; i < n; i++) {
            or |= v[i];
        }
        return or;
    }

    /** {@code values} as {@code width}-byte little-endian integers, one byte plane after the other. */
    static void writePlanes(long[] values, int n, int width, ByteSink out) {
        out.ensure(n * width);
        byte[] dst = out.array();
        int at = out.size();
        for (int plane = 0; plane < width; plane++) {
            int shift = plane * 8;
            for (int i = 0; i < n; i++) {
                dst[at++] = (byte) (values[i] >>> shift);
            }
        }
        out.skip(n * width);
    }

    private void writeRaw(Column c, int prefix) {
        ByteSink out = section;
        out.writeVarInt(c.n);
        out.writeVarInt(prefix);
        out.writeBytes(lines, c.off[0], prefix);
        for (int i = 0; i < c.n; i++) {
            out.writeVarInt(c.len[i] - prefix);
        }
        for (int i = 0; i < c.n; i++) {
            out.writeBytes(lines, c.off[i] + prefix, c.len[i] - prefix);
        }
    }

    /**
     * Open-addressing map from byte slices to dense ids 0..size-1, without allocation per entry.
     * The slices themselves stay where they are (the caller passes their offsets and lengths).
     */
    private static final class SliceTable {
        private int[] slots = new int[64]; // id + 1; 0 = empty
        private int[] hashes = new int[32];
        private int[] first = new int[32]; // DICT only: index of the value's first use
        private int size;

        /** A hash of the slice, eight bytes per step (a multiply per word, not per byte). */
        static int hash(byte[] b, int off, int len) {
            long h = len * 0x9E3779B97F4A7C15L;
            int end = off + len;
            if (len >= 8) {
                for (int i = off; i + 8 < end; i += 8) {
                    h = (h ^ (long) LONGS.get(b, i)) * 0xC2B2AE3D27D4EB4FL;
                }
                h = (h ^ (long) LONGS.get(b, end - 8)) * 0xC2B2AE3D27D4EB4FL; // the last eight, overlapping
            } else {
                for (int i = off; i < end; i++) {
                    h = (h ^ (b[i] & 0xFF)) * 0x100000001B3L;
                }
            }
            return (int) (h ^ (h >>> 29));
        }

        void reset() {
            if (size > 0) {
                Arrays.fill(slots, 0);
                size = 0;
            }
        }

        int size() {
            return size;
        }

        int firstUse(int id) {
            return first[id];
        }

        /** The id of slice {@code [off, +len)} of {@code b}; entries are {@code data[offs[id], +lens[id])}. */
        int find(byte[] b, int off, int len, int hash, byte[] data, int[] offs, int[] lens) {
            int mask = slots.length - 1;
            for (int s = mix(hash) & mask; slots[s] != 0; s = (s + 1) & mask) {
                int id = slots[s] - 1;
                if (hashes[id] == hash && lens[id] == len && Arrays.equals(b, off, off + len, data, offs[id], offs[id] + len)) {
                    return id;
                }
            }
            return -1;
        }

        /** As {@link #find} for column values: entries are values {@code firstUse(id)} of {@code c}. */
        int findValue(byte[] b, int off, int len, int hash, Column c) {
            int mask = slots.length - 1;
            for (int s = mix(hash) & mask; slots[s] != 0; s = (s + 1) & mask) {
                int id = slots[s] - 1;
                int i = first[id];
                if (hashes[id] == hash && c.len[i] == len && sameBytes(b, off, b, c.off[i], len)) {
                    return id;
                }
            }
            return -1;
        }

        /** Adds the entry {@code id} (== size) with its hash. */
        void add(int id, int hash) {
            addValue(id, 0, hash);
        }

        void addValue(int id, int firstUse, int hash) {
            if ((size + 1) * 2 > slots.length) {
                rehash();
            }
            if (id == hashes.length) {
                hashes = Arrays.copyOf(hashes, id * 2);
                first = Arrays.copyOf(first, id * 2);
            }
            hashes[id] = hash;
            first[id] = firstUse;
            size++;
            place(id);
        }

        private void place(int id) {
            int mask = slots.length - 1;
            int s = mix(hashes[id]) & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = id + 1;
        }

        private void rehash() {
            slots = new int[slots.length * 2];
            for (int id = 0; id < size; id++) {
                place(id);
            }
        }

        private static int mix(int h) {
            return (h * 0x9E3779B1) ^ (h >>> 16);
        }
    }
}
