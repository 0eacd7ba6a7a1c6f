package dev.plg.store.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.store.io.ByteSink;
import dev.plg.store.io.ByteSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Templates and hole values read without rebuilding lines put every line back together byte for byte. */
class LineTemplatesTest {
    private static final long T0 = 1_767_225_600_123_456_789L;

    @ParameterizedTest
    @MethodSource("dev.plg.store.block.LineColumnsTest#blocks")
    void partsAndValuesInterleavedAreTheLine(List<String> lines) {
        assertInterleaved(lines.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Test
    void structlogLinesInEveryColumnModeAndManyTemplates() {
        Random rnd = new Random(7);
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String time = "2026-01-01T00:00:00." + String.format("%06d", i) + "Z";
            String extra = i % 3 == 0 ? ",\"attempt\":" + rnd.nextInt(5) : i % 3 == 1 ? ",\"n\":{\"x\":\"" + i + "\"}" : "";
            lines.add(("{\"timestamp\":\"" + time + "\",\"level\":\"" + (i % 7 == 0 ? "error" : "info") + "\",\"request_id\":\"req-"
                    + String.format("%016x", rnd.nextLong()) + "\",\"user_id\":\"user-" + rnd.nextInt(50000)
                    + "\",\"status\":" + (i % 5 == 0 ? 500 : 200) + ",\"duration_ms\":" + rnd.nextInt(9000) / 100.0
                    + ",\"code\":0" + rnd.nextInt(9) + extra + ",\"dup\":1,\"dup\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        LineTemplates t = assertInterleaved(lines);
        assertThat(t.templateCount()).isGreaterThan(1);
        // duration_ms (NUM without prefix), status and attempt (dictionaries of numbers) are numbers; code ("0" prefix) is not
        int first = t.template(0);
        List<String> numeric = new ArrayList<>();
        for (int k = 0; k < t.holeCount(first); k++) {
            if (t.numeric(first, k)) {
                numeric.add(new String(t.literals(first)[k], StandardCharsets.UTF_8));
            }
        }
        assertThat(numeric).containsExactly("\",\"status\":", ",\"duration_ms\":", ",\"attempt\":", ",\"dup\":", ",\"dup\":");
    }

    @Test
    void decimalIsTheNumbersValueWithoutRenderingIt() {
        Random rnd = new Random(3);
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            double d = (rnd.nextBoolean() ? -1 : 1) * rnd.nextInt(90_000_000) / 1000.0;
            lines.add(("{\"d\":" + d + ",\"big\":" + (9_007_199_254_740_993L + i) + ",\"i\":" + i * 7919L
                    + ",\"s\":\"v" + i + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        int exact = 0;
        for (Hole h : holes(assertInterleaved(lines), lines.size())) {
            if (h.key().contains("big") || h.key().contains("\"s\"")) {
                assertThat(h.decimal()).as(h.key() + h.text()).isNaN(); // 2^53 and above: not exact; strings: not numbers
            } else {
                assertThat(Double.doubleToRawLongBits(h.decimal())).as(h.key() + h.text())
                        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(h.text())));
                exact++;
            }
        }
        assertThat(exact).isEqualTo(2 * lines.size());
    }

    /** One hole of one entry: the literal before it, its rendered value and {@link LineTemplates#decimal}. */
    private record Hole(String key, String text, double decimal) {
    }

    private static List<Hole> holes(LineTemplates t, int entries) {
        List<Hole> holes = new ArrayList<>();
        for (int e = 0; e < entries; e++) {
            int tpl = t.template(e);
            for (int k = 0; k < t.holeCount(tpl); k++) {
                LineTemplates.Column col = t.column(e, k);
                int i = t.valueIndex(e, k);
                holes.add(new Hole(new String(t.literals(tpl)[k], StandardCharsets.UTF_8),
                        new String(col.bytes(), col.offset(i), col.length(i), StandardCharsets.UTF_8), t.decimal(e, k)));
            }
        }
        return holes;
    }

    /** A dictionary column's entries are read as numbers once per block: canonical plain decimals only. */
    @Test
    void decimalOfDictionaryValuesIsTheirNumberOrNaN() {
        List<byte[]> lines = new ArrayList<>();
        String[] codes = {"200", "-3.25", "05", "1e3", "-0", "x1", "0.5"};
        for (int i = 0; i < 600; i++) {
            lines.add(("{\"attempt\":" + (i % 5 + 1) + ",\"ratio\":" + (i % 3 == 0 ? "-1.5" : "2.25") + ",\"code\":\""
                    + codes[i % codes.length] + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        int numbers = 0;
        for (Hole h : holes(assertInterleaved(lines), lines.size())) {
            if (h.text().matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?") && !h.text().equals("-0")) {
                assertThat(Double.doubleToRawLongBits(h.decimal())).as(h.text())
                        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(h.text())));
                numbers++;
            } else {
                assertThat(h.decimal()).as(h.text()).isNaN();
            }
        }
        assertThat(numbers).isGreaterThan(2 * lines.size());
    }

    @Test
    void plainDecimalsAsParseFloatGivesThem() {
        java.util.Random rnd = new java.util.Random(11);
        for (int n = 0; n < 20_000; n++) {
            String text = (rnd.nextBoolean() ? "-" : "") + (rnd.nextInt(4) == 0 ? "0" : Long.toString(1 + (rnd.nextLong() >>> 1) % 99_999_999_999L))
                    + (rnd.nextBoolean() ? "." + Long.toString(rnd.nextLong() >>> 1).substring(0, 1 + rnd.nextInt(7)) : "");
            double d = LineTemplates.plainDecimal(text.getBytes(StandardCharsets.US_ASCII), 0, text.length());
            java.math.BigInteger mantissa = new java.math.BigInteger(text.replace("-", "").replace(".", ""));
            if (text.matches("-0(\\.0+)?") || mantissa.bitLength() > 53) {
                assertThat(d).as(text).isNaN(); // a negative zero, or a mantissa not exact in a double: the caller parses the text
            } else {
                assertThat(Double.doubleToRawLongBits(d)).as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
            }
        }
        for (String notPlain : List.of("05", "1e5", "1.", ".5", "+1", "1234567890123456789", "9007199254740993", "true", "")) {
            assertThat(LineTemplates.plainDecimal(notPlain.getBytes(StandardCharsets.US_ASCII), 0, notPlain.length())).as(notPlain).isNaN();
        }
    }

    @Test
    void exactDivisionOnlyBelowTwoToThe53() {
        assertThat(LineTemplates.exact(125, 1)).isEqualTo(12.5);
        assertThat(LineTemplates.exact(-5, 3)).isEqualTo(-0.005);
        assertThat(LineTemplates.exact(0, 2)).isEqualTo(0.0);
        assertThat(LineTemplates.exact((1L << 53) - 1, 0)).isEqualTo(9007199254740991.0);
        assertThat(LineTemplates.exact(1L << 53, 0)).isNaN();
        assertThat(LineTemplates.exact(-(1L << 53), 5)).isNaN();
    }

    @Test
    void canonicalNumbers() {
        for (String ok : List.of("0", "-0", "1", "-12", "3.50", "0.001", "123456789012345678")) {
            assertThat(LineTemplates.canonicalNumber(ok.getBytes(StandardCharsets.US_ASCII), 0, ok.length())).as(ok).isTrue();
        }
        for (String bad : List.of("", "-", "05", "1.", ".5", "1e5", "+1", "1.2.3", "true", "1 ")) {
            assertThat(LineTemplates.canonicalNumber(bad.getBytes(StandardCharsets.US_ASCII), 0, bad.length())).as(bad).isFalse();
        }
    }

    /** Encodes the lines, reads them as templates and checks every line; returns the templates. */
    private static LineTemplates assertInterleaved(List<byte[]> lines) {
        EntryColumns c = LineColumnsTest.columns(lines, T0, 1_000);
        ByteSink out = new ByteSink(64);
        LineColumns.encode(c, out);
        ByteSource in = new ByteSource(out.array(), 0, out.size());
        LineTemplates t = LineTemplates.read(in, lines.size(), c.timestamps());
        assertThat(in.remaining()).isZero();
        // backwards too: values are found by entry, not by reading order
        for (int e = lines.size() - 1; e >= 0; e--) {
            int tpl = t.template(e);
            byte[][] parts = t.literals(tpl);
            assertThat(parts.length).isEqualTo(t.holeCount(tpl) + 1);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int k = 0; k < t.holeCount(tpl); k++) {
                line.writeBytes(parts[k]);
                LineTemplates.Column col = t.column(e, k);
                int i = t.valueIndex(e, k);
                line.write(col.bytes(), col.offset(i), col.length(i));
                if (t.numeric(tpl, k)) {
                    assertThat(LineTemplates.canonicalNumber(col.bytes(), col.offset(i), col.length(i))).isTrue();
                }
            }
            line.writeBytes(parts[parts.length - 1]);
            assertThat(line.toByteArray()).as("line %d", e).isEqualTo(lines.get(e));
        }
        // one line at a time, values found by index (a fresh reader: nothing rendered before), in any order
        LineTemplates one = LineTemplates.read(new ByteSource(out.array(), 0, out.size()), lines.size(), c.timestamps());
        Random order = new Random(lines.size());
        for (int j = 0; j < lines.size(); j++) {
            int e = order.nextInt(lines.size());
            byte[] buf = new byte[one.lineLength(e) + 32];
            int len = one.line(e, buf);
            assertThat(len).isEqualTo(lines.get(e).length);
            assertThat(java.util.Arrays.copyOf(buf, len)).as("line %d alone", e).isEqualTo(lines.get(e));
        }
        // values found one by one, then (past the sparse reads) from whole columns: the same bytes
        LineTemplates found = LineTemplates.read(new ByteSource(out.array(), 0, out.size()), lines.size(), c.timestamps());
        LineTemplates.ValueRef ref = new LineTemplates.ValueRef();
        for (int e = 0; e < lines.size(); e++) {
            int tpl = found.template(e);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int k = 0; k < found.holeCount(tpl); k++) {
                line.writeBytes(found.literals(tpl)[k]);
                found.find(e, k, ref);
                line.write(ref.bytes, ref.offset, ref.length);
            }
            line.writeBytes(found.literals(tpl)[found.holeCount(tpl)]);
            assertThat(line.toByteArray()).as("line %d found", e).isEqualTo(lines.get(e));
        }
        return t;
    }
}
