package dev.plg.store.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.store.io.ByteSink;
import dev.plg.store.io.ByteSource;
import dev.plg.store.io.CorruptDataException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LineColumnsTest {
    private static final long T0 = 1_767_225_600_123_456_789L; // 2026-01-01T00:00:00.123456789Z

    /** Byte strings that must come back exactly, JSON or not. */
    static Stream<List<String>> blocks() {
        return Stream.of(
                List.of(""),
                List.of("plain text line", "another, with \"quotes\": and colons"),
                List.of("{\"a\":1,\"b\":\"x\"}", "{\"b\":\"y\",\"a\":-2.5e3}", "{\"a\":true,\"c\":null}"),
                List.of("{\"k\":\"esc \\\" quote\",\"n\":\"\\\\\"}", "{\"k\":\"unterminated", "\"k\":", "\"k\":\"", "\"\\"),
                List.of("nul\0byte", "{\"z\":\"a\0b\"}\0", "\0\0"),
                List.of("{\"nested\":{\"x\":1,\"y\":[1,2,{\"x\":\"q\"}]},\"x\":3}", "{\"s\": \"space before\" , \"t\" :1}"),
                List.of("{\"event\":\"로그인 시도\",\"emoji\":\"😀\"}", "{\"event\":\"계정 잠김\"}"),
                numbers("1", "22", "-3", "4.50", "0.07", "123456789012345678", "9.0", "10", "11"),
                numbers("1", "22", "-0", "4", "5", "6", "7", "8", "9"),
                numbers("1", "007", "3", "4", "5", "6", "7", "8", "1e5"),
                numbers("1.", "2", "3", "4", "5", "6", "7", "8", "9", "1234567890123456789"),
                numbers("user-1", "user-22", "user-333", "user-4", "user-5", "user-6", "user-7", "user-8", "user-"),
                numbers("user-1", "user-22", "user-333", "user-4", "user-5", "user-6", "user-7", "user-8", "user-9"),
                List.of("{\"t\":\"2026-01-01T00:00:00.123456Z\"}", "{\"t\":\"2026-02-30T00:00:00.000000Z\"}", "{\"t\":\"not a time at all, 27 b\"}"),
                List.of("\"a\":1\"b\":\"x\"\"c\":\"\",\"d\":2 \"e\":3", "x\"k\":-", "\"k\":\"v\"", "ab\"k\":\"\"cd", "\"\":\"\""),
                manyKeys(),
                dictionaryInContexts(),
                escapesAtEveryOffset(),
                predictedTemplates());
    }

    /** Lines that share all or part of the previous line's template, so the encoder predicts it and must notice where it stops. */
    private static List<String> predictedTemplates() {
        return List.of("{\"a\":\"x\",\"b\":1}", "{\"a\":\"yy\",\"b\":22}", "{\"a\":\"x\\\"y\",\"b\":1}", "{\"a\":\"x\",\"b\":\"1\"}",
                "{\"a\":\"x\",\"b\":1}", "{\"a\":\"x\",\"b\":1}extra", "{\"a\":\"x\",\"b\":1", "{\"a\":\"x\",\"b\":", "{\"a\":\"x\",\"b\"",
                "{\"a\":\"x\",\"b\":1}", "{\"a\":\"unterminated", "{\"a\":\"x\",\"b\":1}", "{\"a\":\"x\",\"b\":1 ,\"c\":2}", "{\"a\":\"x\",\"b\":1}",
                "{\"a\":\"x\",\"b\":x}", "{\"a\":\"x\",\"b\":1}", "{\"a\":\"\",\"b\":1}", "{\"a\":\"x\",\"b\":1}", "{\"a\":\"x\",\"B\":1}",
                "{\"a\":\"x\",\"b\":1}", "{\"a\":\"x\0\",\"b\":1}", "{\"a\":\"x\",\"b\":1}\0", "{\"a\":\"x\",\"b\":1}", "{\"a\":\"x\",\"b\":1}",
                "{\"a\":\"a \\\\\",\"b\":1}", "{\"a\":\"x\",\"b\":1}", "{\"a\":\"x\",\"b\":1}}", "{\"a\":\"x\",\"b\":1}", "{\"a\":\"x\"");
    }

    /** Escaped quotes and backslashes at every position of the 8-byte steps that find string ends. */
    private static List<String> escapesAtEveryOffset() {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            String pad = "a".repeat(k);
            lines.add("{\"k" + pad + "\":\"" + pad + "\\\"" + "b".repeat(20 - k) + "\\\\\",\"x\":\"" + pad + "\"}");
        }
        lines.add("{\"k\":\"" + "c".repeat(17) + "\\"); // ends inside an escape
        return lines;
    }

    /** A DICT column whose equal values sit between different bytes (the filter's windows differ). */
    private static List<String> dictionaryInContexts() {
        String[] shapes = {"{\"k\":\"%s\",\"z\":1}", "\"k\":\"%s\"", "x\"k\":%s", "\"k\":%s", "{\"k\":\"%s\"}", "{\"k\":%s}"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            lines.add(String.format(shapes[i % shapes.length], "t" + (i / shapes.length) % 3));
        }
        return lines;
    }

    /** More keys than a block has columns: the rest stay in the templates. */
    private static List<String> manyKeys() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            StringBuilder b = new StringBuilder("{");
            for (int k = 0; k < 10; k++) {
                b.append("\"key").append(i * 10 + k).append("\":\"v").append(i % 3).append("\",");
            }
            lines.add(b.append("\"end\":").append(i).append('}').toString());
        }
        return lines;
    }

    private static List<String> numbers(String... values) {
        return java.util.Arrays.stream(values).map(v -> "{\"n\":" + (v.startsWith("u") ? "\"" + v + "\"" : v) + "}").toList();
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void everyLineComesBackByteForByte(List<String> lines) {
        assertRoundTrip(lines.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Test
    void structlogLinesUseEveryColumnMode() {
        Random rnd = new Random(5);
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long ts = T0 + i * 1_234_567L;
            String time = render(Math.floorDiv(ts, 1000));
            lines.add(("{\"timestamp\":\"" + time + "\",\"level\":\"" + (i % 7 == 0 ? "error" : "info") + "\",\"request_id\":\"req-"
                    + String.format("%016x%016x", rnd.nextLong(), rnd.nextLong()) + "\",\"user_id\":\"user-" + rnd.nextInt(50000)
                    + "\",\"status\":200,\"duration_ms\":" + rnd.nextInt(9000) / 100.0 + "}").getBytes(StandardCharsets.UTF_8));
        }
        EntryColumns c = columns(lines, T0, 1_234_567L);
        ByteSink out = new ByteSink(1024);
        LineColumns.encode(c, out);
        // one template; columns: timestamp TIME, level DICT, request_id HEX, user_id RAW, status DICT, duration RAW
        ByteSource in = new ByteSource(out.array(), 0, out.size());
        assertThat(Sections.read(in).readVarInt()).as("templates").isEqualTo(1);
        assertThat(in.readVarInt()).isEqualTo(6);
        List<Integer> modes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            modes.add(LineColumns.readMode(in));
            Sections.read(in);
        }
        assertThat(modes).containsExactly(LineColumns.TIME, LineColumns.DICT, LineColumns.HEX, LineColumns.NUM, LineColumns.DICT,
                LineColumns.NUM);
        assertRoundTrip(lines, T0, 1_234_567L);
        assertThat(out.size()).as("hex ids as bytes, times as deltas").isLessThan((int) c.rawLineBytes() / 4);
    }

    /** Short literals and values of every length around the 8- and 16-byte word copies of decode. */
    @Test
    void shortRunsOfEveryLengthComeBack() {
        Random rnd = new Random(11);
        String abc = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int round = 0; round < 20; round++) {
            List<byte[]> lines = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                StringBuilder b = new StringBuilder();
                int keys = rnd.nextInt(4);
                for (int k = 0; k < keys; k++) {
                    b.append(abc, 0, rnd.nextInt(20)).append("\"k").append(k).append("\":");
                    // few distinct values (DICT) in some rounds, many (RAW) in others
                    int len = round % 2 == 0 ? rnd.nextInt(3) * 7 : rnd.nextInt(25);
                    b.append('"').append(abc, 0, len).append('"');
                }
                b.append(abc, 0, rnd.nextInt(18));
                lines.add(b.toString().getBytes(StandardCharsets.UTF_8));
            }
            assertRoundTrip(lines);
        }
    }

    @Test
    void numbersRenderFromMantissaAndScale() {
        Object[][] cases = {
            {0L, 0, "0"}, {7L, 0, "7"}, {-7L, 0, "-7"}, {10L, 0, "10"}, {123456789012345678L, 0, "123456789012345678"},
            {5L, 1, "0.5"}, {-5L, 3, "-0.005"}, {450L, 2, "4.50"}, {90L, 1, "9.0"}, {12345L, 2, "123.45"},
            {1L, 18, "0.000000000000000001"}, {999999999999999999L, 18, "0.999999999999999999"},
            {Long.MAX_VALUE, 0, Long.toString(Long.MAX_VALUE)}, {-Long.MAX_VALUE, 1, "-922337203685477580.7"},
        };
        for (Object[] c : cases) {
            byte[] out = new byte[24];
            int end = LineColumns.renderNumber((long) c[0], (int) c[1], out, 2);
            assertThat(new String(out, 2, end - 2, StandardCharsets.US_ASCII)).as("%s e-%s", c[0], c[1]).isEqualTo(c[2]);
        }
        assertThatThrownBy(() -> LineColumns.renderNumber(Long.MIN_VALUE, 0, new byte[24], 0)).isInstanceOf(CorruptDataException.class);
    }

    @Test
    void timesRenderAsTheyParse() {
        for (long micros : new long[] {0, 1, 951_782_400_000_000L, 4_102_444_799_999_999L, 1_767_225_600_123_456L}) {
            byte[] b = new byte[27];
            LineColumns.renderMicros(micros, b, 0);
            assertThat(LineColumns.parseMicros(b, 0)).as(new String(b, StandardCharsets.US_ASCII)).isEqualTo(micros);
        }
    }

    /**
     * The encoder accepts a value into TIME or NUM mode without rendering it back (days up to the
     * 28th, canonical decimals): each text here is a column of its own, and its mode must be the
     * expected one, with the line coming back exactly either way.
     */
    static Stream<Object[]> columnModes() {
        return Stream.of(
                new Object[] {"\"2026-01-31T23:59:59.999999Z\"", LineColumns.TIME},
                new Object[] {"\"2024-02-29T00:00:00.000000Z\"", LineColumns.TIME},
                new Object[] {"\"2000-02-29T00:00:00.000000Z\"", LineColumns.TIME},
                new Object[] {"\"2100-02-29T00:00:00.000000Z\"", LineColumns.RAW},
                new Object[] {"\"2026-04-31T00:00:00.000000Z\"", LineColumns.RAW},
                new Object[] {"\"2026-13-01T00:00:00.000000Z\"", LineColumns.RAW},
                new Object[] {"\"2026-01-01T24:00:00.000000Z\"", LineColumns.RAW},
                new Object[] {"\"2026-01-01 00:00:00.000000Z\"", LineColumns.RAW},
                new Object[] {"\"0000-03-01T00:00:00.000000Z\"", LineColumns.TIME},
                new Object[] {"0", LineColumns.NUM},
                new Object[] {"-1.25", LineColumns.NUM},
                new Object[] {"0.050", LineColumns.NUM},
                new Object[] {"123456789012345678", LineColumns.NUM},
                new Object[] {"1234567890123456789", LineColumns.RAW},
                new Object[] {"0.00000000000000001", LineColumns.NUM},
                new Object[] {"-0", LineColumns.RAW},
                new Object[] {"-0.0", LineColumns.RAW},
                new Object[] {"00", LineColumns.RAW},
                new Object[] {"01.5", LineColumns.RAW},
                new Object[] {"1.", LineColumns.RAW},
                new Object[] {"1.2.3", LineColumns.RAW},
                new Object[] {"-", LineColumns.RAW},
                new Object[] {"1e5", LineColumns.RAW},
                new Object[] {"true", LineColumns.RAW});
    }

    @ParameterizedTest
    @MethodSource("columnModes")
    void valuesGetTheModeTheyRenderBackIn(String value, int mode) {
        // 8 values (the minimum for NUM), all the same: a DICT would need 4 uses per value, so
        // the seven others are distinct fillers that fit whatever the tested value fits.
        List<byte[]> lines = new ArrayList<>();
        lines.add(("{\"v\":" + value + "}").getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i < 8; i++) {
            String filler = value.startsWith("\"") ? "\"2026-01-0" + i + "T00:00:00.000000Z\"" : Integer.toString(i);
            lines.add(("{\"v\":" + filler + "}").getBytes(StandardCharsets.UTF_8));
        }
        EntryColumns c = columns(lines, T0, 1_000);
        ByteSink out = new ByteSink(256);
        LineColumns.encode(c, out);
        ByteSource in = new ByteSource(out.array(), 0, out.size());
        Sections.read(in);
        assertThat(in.readVarInt()).isEqualTo(1);
        assertThat(LineColumns.readMode(in)).as(value).isEqualTo(mode);
        assertRoundTrip(lines);
    }

    @Test
    void damagedColumnsAreReportedNotCrashedOn() {
        List<byte[]> lines = List.of("{\"a\":\"x\"}".getBytes(StandardCharsets.UTF_8), "{\"a\":\"yy\"}".getBytes(StandardCharsets.UTF_8));
        EntryColumns c = columns(lines, T0, 1);
        ByteSink out = new ByteSink(64);
        LineColumns.encode(c, out);
        byte[] b = out.toByteArray();
        assertThatThrownBy(() -> LineColumns.decode(new ByteSource(b), 2, c.timestamps(), c.rawLineBytes() + 1, new int[2], new int[2]))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("expected " + (c.rawLineBytes() + 1));
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 2);
        assertThatThrownBy(() -> LineColumns.decode(new ByteSource(cut), 2, c.timestamps(), c.rawLineBytes(), new int[2], new int[2]))
                .isInstanceOf(CorruptDataException.class);
    }

    private static String render(long micros) {
        byte[] b = new byte[27];
        LineColumns.renderMicros(micros, b, 0);
        return new String(b, StandardCharsets.US_ASCII);
    }

    static EntryColumns columns(List<byte[]> lines, long t0, long step) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int n = lines.size();
        long[] ts = new long[n];
        int[] offs = new int[n];
        int[] lens = new int[n];
        for (int i = 0; i < n; i++) {
            ts[i] = t0 + i * step;
            offs[i] = all.size();
            lens[i] = lines.get(i).length;
            all.writeBytes(lines.get(i));
        }
        return new EntryColumns(n, ts, all.toByteArray(), offs, lens, List.of(), null);
    }

    private static void assertRoundTrip(List<byte[]> lines) {
        assertRoundTrip(lines, T0, 1_000);
    }

    private static void assertRoundTrip(List<byte[]> lines, long t0, long step) {
        EntryColumns c = columns(lines, t0, step);
        ByteSink out = new ByteSink(64);
        LineColumns.encode(c, out);
        int n = lines.size();
        int[] lens = assertDecodesTo(out, c, lines);
        // the lengths alone, without rebuilding: the same, and the reader ends where decode ends
        int[] sizes = new int[n];
        ByteSource again = new ByteSource(out.array(), 0, out.size());
        LineColumns.decodeLengths(again, n, c.timestamps(), c.rawLineBytes(), sizes);
        assertThat(again.remaining()).isZero();
        assertThat(sizes).isEqualTo(lens);
        assertFilterHoldsEveryLine(c);
        assertSearchAgreesWithLines(out, c, lines);
        // predicting each line's template from the previous line splits exactly as scanning every line
        ByteSink scanned = new ByteSink(64);
        LineEncoder.encode(c, scanned, null, false);
        assertThat(java.util.Arrays.copyOf(out.array(), out.size())).isEqualTo(java.util.Arrays.copyOf(scanned.array(), scanned.size()));
    }

    /**
     * {@link LineColumns#search} finds exactly the lines a plain substring search of the rebuilt lines
     * finds, for pieces of the lines themselves (one needle and two at once), whenever it decides at all.
     * Returns how many needle sets it decided.
     */
    private static int assertSearchAgreesWithLines(ByteSink out, EntryColumns c, List<byte[]> lines) {
        Random rnd = new Random(lines.size());
        List<byte[][]> sets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] line = lines.get(rnd.nextInt(lines.size()));
            if (line.length == 0) {
                continue;
            }
            int from = rnd.nextInt(line.length);
            byte[] a = java.util.Arrays.copyOfRange(line, from, Math.min(line.length, from + 1 + rnd.nextInt(8)));
            sets.add(new byte[][] {a});
            byte[] other = lines.get(rnd.nextInt(lines.size()));
            if (other.length > 0) {
                int f2 = rnd.nextInt(other.length);
                sets.add(new byte[][] {a, java.util.Arrays.copyOfRange(other, f2, Math.min(other.length, f2 + 1 + rnd.nextInt(4)))});
            }
        }
        sets.add(new byte[0][]);
        sets.add(new byte[][] {"not in any line".getBytes(StandardCharsets.UTF_8)});
        int decided = 0;
        for (byte[][] needles : sets) {
            boolean[] hit = LineColumns.search(new ByteSource(out.array(), 0, out.size()), c.count(), c.timestamps(), needles);
            if (hit == null) {
                continue;
            }
            decided++;
            for (int i = 0; i < lines.size(); i++) {
                boolean all = true;
                for (byte[] needle : needles) {
                    all &= LineColumns.indexOf(lines.get(i), 0, lines.get(i).length, needle) >= 0;
                }
                assertThat(hit[i]).as("line %d %s for %s", i, new String(lines.get(i), StandardCharsets.UTF_8),
                        java.util.Arrays.stream(needles).map(n -> new String(n, StandardCharsets.UTF_8)).toList()).isEqualTo(all);
            }
        }
        return decided;
    }

    /** 400 structlog-style JSON lines (a time, a Korean event, ids, free text, a number) and one plain line. */
    private static List<byte[]> structlogLines() {
        Random rnd = new Random(9);
        String[] events = {"로그인 시도", "계정 잠김", "cache miss", "request completed"};
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long ts = T0 + i * 1_234_567L;
            lines.add(("{\"timestamp\":\"" + render(Math.floorDiv(ts, 1000)) + "\",\"event\":\"" + events[i % events.length]
                    + "\",\"request_id\":\"req-" + String.format("%016x%016x", rnd.nextLong(), rnd.nextLong())
                    + "\",\"user_id\":\"user-" + rnd.nextInt(50000) + "\",\"msg\":\"free text " + rnd.nextInt(1000)
                    + (i % 3 == 0 ? " with \\\"quotes\\\"" : "") + "\",\"duration_ms\":" + rnd.nextInt(9000) / 100.0
                    + (i % 5 == 0 ? ",\"extra\":[1,2]" : "") + "}").getBytes(StandardCharsets.UTF_8));
        }
        lines.add("plain text, not JSON: 계정 잠김 req-00".getBytes(StandardCharsets.UTF_8));
        return lines;
    }

    private static ByteSink encoded(EntryColumns c) {
        ByteSink out = new ByteSink(1024);
        LineColumns.encode(c, out);
        return out;
    }

    @Test
    void searchPassesOverColumnsWhoseByteSetCannotHoldTheNeedle() {
        List<byte[]> lines = structlogLines();
        EntryColumns c = columns(lines, T0, 1_234_567L);
        byte[] b = encoded(c).toByteArray();
        // damage the stored bytes of the last NUM column (duration_ms, zstd'd): reading it now fails
        ByteSource in = new ByteSource(b);
        Sections.skip(in);
        int columnCount = in.readVarInt();
        int from = -1;
        int to = -1;
        for (int col = 0; col < columnCount; col++) {
            int mode = LineColumns.readMode(in);
            ByteSource section = new ByteSource(b, in.position(), b.length - in.position());
            section.readVarInt(); // raw length
            int stored = section.readVarInt();
            if (mode == LineColumns.NUM && stored > 0) {
                from = section.position();
                to = from + stored;
            }
            Sections.skip(in);
        }
        assertThat(from).as("a compressed NUM column").isNotNegative();
        java.util.Arrays.fill(b, from, to, (byte) 0x5A);
        assertThatThrownBy(() -> LineColumns.decode(new ByteSource(b), c.count(), c.timestamps(), c.rawLineBytes(), new int[c.count()], new int[c.count()]))
                .isInstanceOf(CorruptDataException.class);
        // a needle with a byte no number holds never reads that column: answered exactly all the same
        for (String word : List.of("계정 잠김", "\"cache miss\"", "free text", "user-4")) {
            boolean[] hit = LineColumns.search(new ByteSource(b), c.count(), c.timestamps(), new byte[][] {word.getBytes(StandardCharsets.UTF_8)});
            assertThat(hit).as(word).isNotNull();
            for (int i = 0; i < lines.size(); i++) {
                assertThat(hit[i]).as("%s in line %d", word, i).isEqualTo(new String(lines.get(i), StandardCharsets.UTF_8).contains(word));
            }
        }
        // digits fit a number: the damaged column is read, and the damage reported
        assertThatThrownBy(() -> LineColumns.search(new ByteSource(b), c.count(), c.timestamps(), new byte[][] {"12".getBytes(StandardCharsets.UTF_8)}))
                .isInstanceOf(CorruptDataException.class);
    }

    @Test
    void columnsWithoutByteSetsAsInVersion3StillDecodeAndSearch() {
        List<byte[]> lines = structlogLines();
        EntryColumns c = columns(lines, T0, 1_234_567L);
        ByteSink withSets = encoded(c);
        ByteSink without = new ByteSink(1024);
        LineEncoder.encodeWithoutByteSets(c, without, null);
        assertThat(without.size()).as("no byte sets").isLessThan(withSets.size());
        assertDecodesTo(without, c, lines);
        assertThat(assertSearchAgreesWithLines(without, c, lines)).isPositive();
    }

    /** Decodes {@code out} (the encoded {@code c}) and checks that it rebuilds {@code lines} exactly; returns the line lengths. */
    private static int[] assertDecodesTo(ByteSink out, EntryColumns c, List<byte[]> lines) {
        int n = lines.size();
        int[] offs = new int[n];
        int[] lens = new int[n];
        ByteSource in = new ByteSource(out.array(), 0, out.size());
        byte[] rebuilt = LineColumns.decode(in, n, c.timestamps(), c.rawLineBytes(), offs, lens);
        assertThat(in.remaining()).isZero();
        for (int i = 0; i < n; i++) {
            assertThat(java.util.Arrays.copyOfRange(rebuilt, offs[i], offs[i] + lens[i])).as("line %d", i).isEqualTo(lines.get(i));
        }
        return lens;
    }

    @Test
    void lineSearchOnColumnsDecidesWordsAndMatchesLikeRebuiltLines() {
        List<byte[]> lines = structlogLines();
        EntryColumns c = columns(lines, T0, 1_234_567L);
        ByteSink out = encoded(c);
        assertSearchAgreesWithLines(out, c, lines);
        String someUser = new String(lines.get(7), StandardCharsets.UTF_8).replaceAll(".*\"user_id\":(\"user-[0-9]+\").*", "$1");
        assertThat(someUser).matches("\"user-[0-9]+\"");
        // border bytes (here quotes) as first or last byte still decide: a JSON field's value, whole
        for (String word : List.of("계정 잠김", "req-0", "user-4", "2026-01-01T00", "free text 1", "miss", "extra", "1.5", "quotes",
                "\"계정 잠김\"", someUser, "\"free text 1", "miss\"", "\"", ":1", "\"req-0", "\"user-1")) {
            byte[][] needles = {word.getBytes(StandardCharsets.UTF_8)};
            boolean[] hit = LineColumns.search(new ByteSource(out.array(), 0, out.size()), c.count(), c.timestamps(), needles);
            assertThat(hit).as("decided on the columns: %s", word).isNotNull();
            int expected = 0;
            int found = 0;
            for (int i = 0; i < lines.size(); i++) {
                boolean has = new String(lines.get(i), StandardCharsets.UTF_8).contains(word);
                expected += has ? 1 : 0;
                found += hit[i] ? 1 : 0;
                assertThat(hit[i]).as("%s in line %d", word, i).isEqualTo(has);
            }
            assertThat(found).as(word).isEqualTo(expected).isPositive();
        }
        // a needle with a border byte could straddle a value's edge: not decided here
        assertThat(LineColumns.search(new ByteSource(out.array(), 0, out.size()), c.count(), c.timestamps(),
                new byte[][] {"\"event\":\"계정".getBytes(StandardCharsets.UTF_8)})).isNull();
    }

    /** The filter the encoder fills from the split lines has exactly the bits of adding every line whole. */
    private static void assertFilterHoldsEveryLine(EntryColumns c) {
        int words = TrigramBloom.wordsFor(c.rawLineBytes());
        TrigramBloom byLine = new TrigramBloom(new long[words], TrigramBloom.HASHES);
        for (int i = 0; i < c.count(); i++) {
            byLine.addLine(c.lines(), c.lineOffsets()[i], c.lineLengths()[i]);
        }
        TrigramBloom bySplit = new TrigramBloom(new long[words], TrigramBloom.HASHES);
        LineEncoder.encode(c, new ByteSink(64), bySplit);
        assertThat(bySplit.words()).isEqualTo(byLine.words());
    }
}
