package dev.plg.logql.pipeline.impl;

import dev.plg.logql.pipeline.TemplatedLine;
import dev.plg.push.LabelPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The {@code json} stage over {@link TemplatedLine templated lines}: the labels of a line are those
 * of its template with the hole values filled in, so each template is parsed once, not each line.
 *
 * <p>A template's labels are learnt by running the real {@link Compiler.JsonOp} (same {@code extract}
 * set, same stream labels) on a synthetic line: the template with a unique placeholder in every hole
 * (a marker string in string position, a number token in number position). Each label set during
 * that run (in order, duplicates included, as the parser hints see them) is a constant, or exactly
 * one hole's placeholder; anything else (a parse error, a placeholder inside a longer value, a hole
 * neither in string nor in number position) makes the template "not fast": its lines are parsed
 * as bytes. A second run with placeholders full of JSON punctuation and escapes must give the same
 * labels, so a value's bytes cannot change how the line parses.
 *
 * <p>Per line, a string hole's value is {@link JsonScan#unescape} of its bytes, exactly what the
 * parser does with the same bytes; a number-position hole must be a number token (first byte
 * {@code -} or a digit, then only {@code -+.0-9eE}) or {@code true}/{@code false}, which the parser
 * takes verbatim, else that line is parsed as bytes. Dictionary values are converted once per code.
 *
 * <p>A <em>deferred</em> label (a label only an {@code unwrap} and number filters read, see
 * {@link CompiledExtractor#deferrable}) whose final value in a template comes from a number-position
 * hole is not set at all: {@link LabelsBuilder#deferredHole} names the hole, and the extractor and
 * the filters ({@link Compiler.HoleNumeric}) read the number from it without a String.
 *
 * <p>Per stream and stage (lives in its {@link KeyCache}); not thread-safe.
 */
final class JsonTemplates {
    private static final int MAX_SHAPES = 256;
    private static final byte MARK = 1;
    private static final String NUMBER_MARK = "-1234567.0";
    private static final Shape NOT_FAST = new Shape(new String[0], new String[0], new int[0], new boolean[0], new int[0]);

    private final Set<String> extract;
    private final List<LabelPair> base;
    /** The deferred label's name, or null. */
    private final String deferred;
    private final IdentityHashMap<Object, Shape> shapes = new IdentityHashMap<>();
    /**
     * Shapes learnt from a template's text, before any block's facts ({@link Shape#checking}) are
     * applied: the next block with the same template (a new key) is not parsed again.
     */
    private final java.util.HashMap<TemplateText, Shape> learnt = new java.util.HashMap<>();
    private Object lastKey;
    private Shape last;

    JsonTemplates(Set<String> extract, List<LabelPair> base) {
        this(extract, base, null);
    }

    JsonTemplates(Set<String> extract, List<LabelPair> base, String deferred) {
        this.extract = extract;
        this.base = base;
        this.deferred = deferred;
    }

    /** Sets the parsed labels of {@code line} into {@code lbs}; false (nothing set) when it must be parsed as bytes. */
    boolean apply(TemplatedLine line, LabelsBuilder lbs) {
        Object key = line.templateKey();
        Shape s = key == lastKey ? last : shape(line, key);
        return s != NOT_FAST && s.apply(line, lbs);
    }

    private Shape shape(TemplatedLine line, Object key) {
        Shape s = shapes.get(key);
        if (s == null) {
            if (shapes.size() >= MAX_SHAPES) {
                shapes.clear(); // keys are per block: old blocks' templates are not seen again
            }
            s = forBlock(line);
            shapes.put(key, s);
        }
        lastKey = key;
        last = s;
        return s;
    }

    /** The shape of {@code line}'s template in its block: learnt once per template text, then checked per block. */
    private Shape forBlock(TemplatedLine line) {
        TemplateText text = TemplateText.of(line);
        Shape s = learnt.get(text);
        if (s == null) {
            if (learnt.size() >= MAX_SHAPES) {
                learnt.clear();
            }
            s = learn(line, extract, base);
            if (deferred != null && s != NOT_FAST) {
                s = s.deferring(deferred);
            }
            learnt.put(text, s);
        }
        return s == NOT_FAST ? NOT_FAST : s.checking(line);
    }

    /** A template's literal parts, compared by content. */
    record TemplateText(byte[][] parts, int hash) {
        static TemplateText of(TemplatedLine line) {
            byte[][] parts = new byte[line.holeCount() + 1][];
            for (int k = 0; k < parts.length; k++) {
                parts[k] = line.literal(k);
            }
            return new TemplateText(parts, java.util.Arrays.deepHashCode(parts));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TemplateText t && t.hash == hash && java.util.Arrays.deepEquals(t.parts, parts);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * What the json stage does with one template's lines, before any block's facts are applied
     * (see {@link Shape#checking}); {@link #NOT_FAST} when it cannot be told from the template.
     */
    static Shape learn(TemplatedLine line, Set<String> extract, List<LabelPair> base) {
        int holes = line.holeCount();
        boolean[] number = new boolean[holes];
        for (int k = 0; k <= holes; k++) {
            byte[] lit = line.literal(k);
            if (contains(lit, new byte[] {MARK}) || contains(lit, NUMBER_MARK.getBytes(StandardCharsets.US_ASCII))) {
                return NOT_FAST;
            }
            if (k == holes) {
                break;
            }
            byte[] next = line.literal(k + 1);
            int lastByte = lit.length == 0 ? -1 : lit[lit.length - 1];
            if (lastByte == '"' && next.length > 0 && next[0] == '"') {
                number[k] = false;
            } else if (lastByte == ':') {
                number[k] = true;
            } else {
                return NOT_FAST;
            }
        }
        Shape plain = run(line, number, false, extract, base);
        if (plain == NOT_FAST) {
            return NOT_FAST;
        }
        Shape tricky = run(line, number, true, extract, base);
        return plain.sameAs(tricky) ? plain : NOT_FAST;
    }

    /** The placeholder of hole {@code k}: plain or full of punctuation and escapes. */
    static byte[] placeholder(int k, boolean number, boolean tricky) {
        String p;
        if (number) {
            p = NUMBER_MARK + k + (tricky ? "e+5" : "");
        } else {
            p = (char) MARK + Integer.toString(k) + (char) MARK + (tricky ? "\\\"{[,:]} \\\\\\u00e9\\n" : "");
        }
        return p.getBytes(StandardCharsets.UTF_8);
    }

    private static Shape run(TemplatedLine line, boolean[] number, boolean tricky, Set<String> extract,
                             List<LabelPair> base) {
        int holes = number.length;
        byte[][] ph = new byte[holes][];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int k = 0; k < holes; k++) {
            out.writeBytes(line.literal(k));
            ph[k] = placeholder(k, number[k], tricky);
            out.writeBytes(ph[k]);
        }
        out.writeBytes(line.literal(holes));
        byte[] synthetic = out.toByteArray();
        LabelsBuilder lbs = new LabelsBuilder(base);
        lbs.trace = new ArrayList<>();
        EntryState state = new EntryState(lbs);
        state.reset(0, synthetic, 0, synthetic.length, null);
        new Compiler.JsonOp(extract).process(state);
        if (lbs.hasErr() || !lbs.errDetails().isEmpty()) {
            return NOT_FAST;
        }
        // what each placeholder becomes as a label value
        String[] expect = new String[holes];
        for (int k = 0; k < holes; k++) {
            expect[k] = number[k] ? new String(ph[k], StandardCharsets.US_ASCII) : JsonScan.unescape(ph[k], 0, ph[k].length);
        }
        int m = lbs.trace.size() / 2;
        String[] names = new String[m];
        String[] constants = new String[m];
        int[] hole = new int[m];
        boolean[] isNumber = new boolean[m];
        for (int i = 0; i < m; i++) {
            names[i] = lbs.trace.get(2 * i).intern(); // as filters' and groupings' names: compared by identity first
            String v = lbs.trace.get(2 * i + 1);
            hole[i] = -1;
            for (int k = 0; k < holes; k++) {
                if (v.equals(expect[k])) {
                    hole[i] = k;
                    isNumber[i] = number[k];
                }
            }
            if (hole[i] < 0) {
                if (v.indexOf(MARK) >= 0 || v.contains(NUMBER_MARK)) {
                    return NOT_FAST; // a placeholder inside a longer value
                }
                constants[i] = v;
            }
        }
        int numbers = 0;
        for (boolean b : number) {
            numbers += b ? 1 : 0;
        }
        int[] numberHoles = new int[numbers];
        for (int k = 0, j = 0; k < holes; k++) {
            if (number[k]) {
                numberHoles[j++] = k;
            }
        }
        return new Shape(names, constants, hole, isNumber, numberHoles);
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18};

    /**
     * A canonical decimal {@code -?(0|[1-9][0-9]*)(.[0-9]+)?} of at most 18 digits whose digits
     * make an integer below 2^53, as Go's {@code strconv.ParseFloat} reads it: the integer divided
     * by a power of ten (both exact doubles, so the quotient is the correctly rounded value); NaN
     * for any other text (the caller parses those as Strings).
     */
    static double decimal(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        boolean negative = i < end && b[i] == '-';
        if (negative) {
            i++;
        }
        int start = i;
        long m = 0;
        int scale = -1;
        for (; i < end; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                m = m * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0 && i > start && i + 1 < end) {
                scale = 0;
            } else {
                return Double.NaN;
            }
        }
        int digits = end - start - (scale >= 0 ? 1 : 0);
        if (digits == 0 || digits > 18 || m >= 1L << 53 || (b[start] == '0' && start + 1 < end && b[start + 1] != '.')) {
            return Double.NaN;
        }
        double x = scale <= 0 ? (double) m : (double) m / POW10[scale];
        return negative ? -x : x;
    }

    /**
     * The number in hole {@code k} of {@code line} when it is a plain decimal ({@link #decimal}):
     * from the store when it knows it ({@link TemplatedLine#holeDouble}), else from the hole's
     * bytes; NaN otherwise (then read {@link #holeText} as a String).
     */
    static double holeNumber(TemplatedLine line, int k) {
        double x = line.holeDouble(k);
        return Double.isNaN(x) ? decimal(line.holeBytes(k), line.holeOffset(k), line.holeLength(k)) : x;
    }

    /** Hole {@code k}'s value as a String, for a number-position hole (a JSON number token or true/false: ASCII). */
    static String holeText(TemplatedLine line, int k) {
        return new String(line.holeBytes(k), line.holeOffset(k), line.holeLength(k), StandardCharsets.ISO_8859_1);
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** One template's labels: per label set (in the parser's order) its name and a constant or a hole. */
    static final class Shape {
        final String[] names;
        final String[] constants;
        final int[] hole;
        final boolean[] number;
        /**
         * Every hole in number position, whether a label reads it or not: the parser reads every
         * value (also of keys {@code extract} leaves out) and fails on one it cannot type.
         */
        final int[] numberHoles;
        /** Per label: converted values by dictionary code (null until used). */
        private final String[][] byCode;

        /** The hole whose number is the deferred label's value (that label is not among {@link #names}), or -1. */
        final int deferredHole;

        Shape(String[] names, String[] constants, int[] hole, boolean[] number, int[] numberHoles) {
            this(names, constants, hole, number, numberHoles, -1);
        }

        private Shape(String[] names, String[] constants, int[] hole, boolean[] number, int[] numberHoles, int deferredHole) {
            this.names = names;
            this.constants = constants;
            this.hole = hole;
            this.number = number;
            this.numberHoles = numberHoles;
            this.deferredHole = deferredHole;
            this.byCode = new String[names.length][];
        }

        /**
         * This shape with label {@code name} deferred when its last setting (the one that stays)
         * is a number-position hole: every setting of it is left out. Else this shape.
         */
        Shape deferring(String name) {
            int last = -1;
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    last = i;
                }
            }
            if (last < 0 || hole[last] < 0 || !number[last]) {
                return this;
            }
            int[] keep = java.util.stream.IntStream.range(0, names.length).filter(i -> !names[i].equals(name)).toArray();
            String[] n = new String[keep.length];
            String[] c = new String[keep.length];
            int[] h = new int[keep.length];
            boolean[] num = new boolean[keep.length];
            for (int j = 0; j < keep.length; j++) {
                n[j] = names[keep[j]];
                c[j] = constants[keep[j]];
                h[j] = hole[keep[j]];
                num[j] = number[keep[j]];
            }
            return new Shape(n, c, h, num, numberHoles, hole[last]);
        }

        /**
         * This shape for {@code line}'s block (fresh dictionary caches), without checking holes the
         * block knows to hold JSON numbers only. Once per block: a plain loop, no stream pipeline.
         */
        Shape checking(TemplatedLine line) {
            int[] keep = new int[numberHoles.length];
            int n = 0;
            for (int k : numberHoles) {
                if (!line.holeNumeric(k)) {
                    keep[n++] = k;
                }
            }
            return new Shape(names, constants, hole, number, java.util.Arrays.copyOf(keep, n), deferredHole);
        }

        boolean sameAs(Shape o) {
            return o != NOT_FAST && java.util.Arrays.equals(names, o.names) && java.util.Arrays.equals(constants, o.constants)
                    && java.util.Arrays.equals(hole, o.hole) && java.util.Arrays.equals(number, o.number)
                    && java.util.Arrays.equals(numberHoles, o.numberHoles);
        }

        boolean apply(TemplatedLine line, LabelsBuilder lbs) {
            for (int k : numberHoles) {
                if (!numberToken(line, k)) {
                    return false;
                }
            }
            lbs.deferredHole = deferredHole;
            lbs.deferredLine = line;
            java.util.Map<String, Compiler.LabelPredicate> guard = lbs.guard();
            if (guard != null && !guard.isEmpty() && setHinted(line, lbs, guard)) {
                return true; // dropped
            }
            int m = names.length;
            for (int i = 0; i < m; i++) {
                set(line, lbs, i);
                if (lbs.guardRejected()) {
                    break; // the line is dropped: the parser stops here too
                }
            }
            return true;
        }

        private void set(TemplatedLine line, LabelsBuilder lbs, int i) {
            int k = hole[i];
            lbs.set(LabelsBuilder.PARSED, names[i], k < 0 ? constants[i] : value(line, i, k));
        }

        /** The parser hints the hinted labels were found for, and those labels (in the parser's order). */
        private Object hintsSeen;
        private int[] hinted;

        /**
         * Sets the labels that have a parser hint first, in the parser's order; true when one fails
         * its hint. A line is dropped when any label fails its hint, whichever is set first (each
         * hint reads only its own label), and then its other labels never matter: most lines a
         * hinted query drops cost only their hinted values. The caller then sets every label in
         * order, as the parser would (setting a hinted label again gives it the same value).
         */
        private boolean setHinted(TemplatedLine line, LabelsBuilder lbs, java.util.Map<String, Compiler.LabelPredicate> guard) {
            if (hintsSeen != guard) {
                hinted = java.util.stream.IntStream.range(0, names.length).filter(i -> guard.containsKey(names[i])).toArray();
                hintsSeen = guard;
            }
            for (int i : hinted) {
                set(line, lbs, i);
                if (lbs.guardRejected()) {
                    return true;
                }
            }
            return false;
        }

        private String value(TemplatedLine line, int i, int k) {
            int code = line.holeCode(k);
            if (code < 0 || code > 255) {
                return convert(line, i, k);
            }
            String[] cache = byCode[i];
            if (cache == null) {
                cache = new String[256];
                byCode[i] = cache;
            }
            String v = cache[code];
            if (v == null) {
                v = convert(line, i, k);
                cache[code] = v;
            }
            return v;
        }

        private String convert(TemplatedLine line, int i, int k) {
            byte[] b = line.holeBytes(k);
            int off = line.holeOffset(k);
            int len = line.holeLength(k);
            return number[i] ? new String(b, off, len, StandardCharsets.ISO_8859_1) : JsonScan.unescape(b, off, off + len);
        }

        /** A value the parser reads as the same token as its placeholder, and takes verbatim. */
        private static boolean numberToken(TemplatedLine line, int k) {
            byte[] b = line.holeBytes(k);
            int off = line.holeOffset(k);
            int len = line.holeLength(k);
            if (len == 0) {
                return false;
            }
            byte c0 = b[off];
            if (c0 == 't' || c0 == 'f') {
                return JsonScan.eq(b, off, len, "true") || JsonScan.eq(b, off, len, "false");
            }
            if (c0 != '-' && (c0 < '0' || c0 > '9')) {
                return false;
            }
            for (int i = off + 1, end = off + len; i < end; i++) {
                byte c = b[i];
                if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                    return false;
                }
            }
            return true;
        }
    }
}
