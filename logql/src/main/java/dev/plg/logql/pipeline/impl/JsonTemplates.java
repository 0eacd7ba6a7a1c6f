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
 * <p>Per stream and stage (lives in its {@link KeyCache}); not thread-safe.
 */
final class JsonTemplates {
    private static final int MAX_SHAPES = 256;
    private static final byte MARK = 1;
    private static final String NUMBER_MARK = "-1234567.0";
    private static final Shape NOT_FAST = new Shape(new String[0], new String[0], new int[0], new boolean[0], new int[0]);

    private final Set<String> extract;
    private final List<LabelPair> base;
    private final IdentityHashMap<Object, Shape> shapes = new IdentityHashMap<>();
    private Object lastKey;
    private Shape last;

    JsonTemplates(Set<String> extract, List<LabelPair> base) {
        this.extract = extract;
        this.base = base;
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
            s = learn(line, extract, base);
            shapes.put(key, s);
        }
        lastKey = key;
        last = s;
        return s;
    }

    /** What the json stage does with one template's lines; {@link #NOT_FAST} when it cannot be told from the template. */
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
        return plain.sameAs(tricky) ? plain.checking(line) : NOT_FAST;
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
            names[i] = lbs.trace.get(2 * i);
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

        Shape(String[] names, String[] constants, int[] hole, boolean[] number, int[] numberHoles) {
            this.names = names;
            this.constants = constants;
            this.hole = hole;
            this.number = number;
            this.numberHoles = numberHoles;
            this.byCode = new String[names.length][];
        }

        /** This shape without checking holes {@code line} knows to hold JSON numbers only. */
        Shape checking(TemplatedLine line) {
            int[] keep = java.util.Arrays.stream(numberHoles).filter(k -> !line.holeNumeric(k)).toArray();
            return new Shape(names, constants, hole, number, keep);
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
