package dev.plg.push;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level fast path against the Jackson decoder: same result, or declined. */
class PushJsonFastTest {
    private static final String LINE_HANGUL = "{\"event\":\"계정 잠김\",\"user\":\"김철수\",\"level\":\"warn\"}";

    @Test
    void takesThePlainShapeAndAgreesWithJackson() {
        String[] bodies = {
            "{\"streams\":[]}",
            " {\n\t\"streams\" : [ ] } \n",
            "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[]}]}",
            "{\"streams\":[{\"values\":[[\"1\",\"x\"]],\"stream\":{\"app\":\"api\"}}]}",
            "{\"streams\":[{\"stream\":{\"app\":\"api\",\"level\":\"error\"},\"values\":[[\"1772193540123456789\",\"boom\"],"
                    + "[\"1772193540123456790\",\"x\",{\"trace_id\":\"abc\"}]]}]}",
            "{\"streams\": [{\"stream\": {\"a\": \"1\"}, \"values\": [[\"5\", \"\"], [\"6\", \"l\", {}]]}, "
                    + "{\"stream\": {\"a\": \"2\"}, \"values\": [[\"0\", \"y\"]]}]}",
            // escapes of every kind, Hangul, emoji raw and escaped, a JSON line inside the JSON
            "{\"streams\":[{\"stream\":{\"svc\":\"결제\\\"\\\\\"},\"values\":[[\"1\",\"\\uacc4\\uc815 \\n\\t\\r\\b\\f\\/ "
                    + "\\ud83d\\ude00 😀 ok\",{\"k\":\"\\\"v\\\"\",\"사용자\":\"김\"}]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"" + escape(LINE_HANGUL) + "\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"\\u0000\\u001f\\u007f\\u0080\\u07ff\\u0800\\uffff\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"9223372036854775807\",\"max\"],[\"-9223372036854775807\",\"m\"],"
                    + "[\"-0\",\"z\"],[\"000123\",\"lead\"]]}]}",
            // metadata keys may repeat (kept as pairs by both)
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"l\",{\"k\":\"1\",\"k\":\"2\"}]]}]}",
        };
        for (String body : bodies) {
            byte[] bytes = body.getBytes(UTF_8);
            PushRequest fast = PushJsonFast.decode(bytes);
            assertThat(fast).as(body).isNotNull();
            assertThat(fast).as(body).isEqualTo(PushJson.decodeWithJackson(bytes));
        }
    }

    @Test
    void declinesEverythingUnusual() {
        String[] bodies = {
            "", "null", "{}", "[]", "{\"Streams\":[]}", "{\"streams\":null}", "{\"streams\":[]} x", "{\"streams\":[],\"x\":1}",
            "{\"x\":1,\"streams\":[]}", "\uFEFF{\"streams\":[]}",
            "{\"streams\":[null]}",
            "{\"streams\":[{\"values\":[[\"1\",\"l\"]]}]}", // no stream labels
            "{\"streams\":[{\"stream\":{\"a\":\"b\"}}]}", // no values
            "{\"streams\":[{\"stream\":{},\"values\":[]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":null}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[],\"extra\":1}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"stream\":{\"a\":\"c\"},\"values\":[]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\",\"a\":\"c\"},\"values\":[]}]}", // duplicate label name
            "{\"streams\":[{\"stream\":{\"a\":1},\"values\":[]}]}",
            "{\"streams\":[{\"str\\u0065am\":{\"a\":\"b\"},\"values\":[]}]}", // escaped key
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[null]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"l\",{},\"more\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[1,\"l\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",2]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",null]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"l\",{\"k\":1}]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"l\",[]]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"\",\"l\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"12x\",\"l\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"+1\",\"l\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"9223372036854775808\",\"l\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"-9223372036854775808\",\"l\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"99999999999999999999\",\"l\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"tab\there\"]]}]}", // raw control character
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"\\x\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"\\ud83d\"]]}]}", // lone high surrogate
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"\\ude00\"]]}]}", // lone low surrogate
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"\\ud83d\\u0041\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"\\u12g4\"]]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"l\"]]}]",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"l",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"l\"],]}]}",
            "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"l\"]]},]}",
        };
        for (String body : bodies) {
            assertThat(PushJsonFast.decode(body.getBytes(UTF_8))).as(body).isNull();
        }
    }

    @Test
    void declinesInvalidUtf8() {
        int[][] sequences = {
            {0x80}, {0xBF}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xC2}, {0xC2, 0x41}, {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF},
            {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xEA, 0xB0}, {0xEA, 0x41, 0x80}, {0xF0, 0x80, 0x80, 0x80},
            {0xF0, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {0xF0, 0x9F, 0x98},
        };
        for (int[] sequence : sequences) {
            byte[] body = body(sequence);
            assertThat(PushJsonFast.decode(body)).as(java.util.Arrays.toString(sequence)).isNull();
        }
        // and the boundaries that are valid are taken
        int[][] valid = {{0xC2, 0x80}, {0xDF, 0xBF}, {0xE0, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xEE, 0x80, 0x80},
            {0xF0, 0x90, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}};
        for (int[] sequence : valid) {
            byte[] body = body(sequence);
            assertThat(PushJsonFast.decode(body)).as(java.util.Arrays.toString(sequence)).isNotNull()
                    .isEqualTo(PushJson.decodeWithJackson(body));
        }
    }

    @Test
    void specialBytesAtEveryOffsetOfALongPlainRun() {
        String[] specials = {"\\\"", "\\\\", "\\n", "\\u00e9", "é", "계", "😀", "\u007f"};
        for (String special : specials) {
            for (int at = 0; at <= 40; at++) {
                String line = "a".repeat(at) + special + "b".repeat(40 - at);
                byte[] body = ("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"" + line + "\"]]}]}").getBytes(UTF_8);
                assertThat(PushJsonFast.decode(body)).as(line).isNotNull().isEqualTo(PushJson.decodeWithJackson(body));
            }
        }
        for (int at = 0; at <= 40; at++) {
            byte[] body = ("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\""
                    + "a".repeat(at) + "\u0001" + "b".repeat(40 - at) + "\"]]}]}").getBytes(UTF_8);
            assertThat(PushJsonFast.decode(body)).as("control character at %d", at).isNull();
        }
    }

    @Test
    void linesAreTheUnescapedBytes() {
        byte[] body = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"\\\"계정\\\"\\n😀\"]]}]}".getBytes(UTF_8);
        PushEntry entry = PushJsonFast.decode(body).streams().getFirst().entries().getFirst();
        assertThat(entry.lineUtf8()).isEqualTo("\"계정\"\n😀".getBytes(UTF_8));
        assertThat(entry.line()).isEqualTo("\"계정\"\n😀");
    }

    @Test
    void labelObjectsSeenBeforeDecodeAsJacksonDoes() {
        // Label objects are kept by their bytes: the second decode of each comes from there.
        String[] labelObjects = {
            "{\"app\":\"api\",\"env\":\"prod\"}",
            "{ \"app\" : \"api\" , \"env\":\"prod\" }",
            "{\"env\":\"prod\",\"app\":\"api\"}",
            "{\"app\":\"a}b\",\"x\":\"]{[\"}",
            "{\"app\":\"q\\\"}\\\\\",\"k\":\"v\"}",
            "{\"svc\":\"결제\",\"k\":\"\\u0041\"}",
        };
        for (int round = 0; round < 2; round++) {
            for (String labels : labelObjects) {
                for (String line : List.of("one", "two")) {
                    String body = "{\"streams\":[{\"stream\":" + labels + ",\"values\":[[\"1\",\"" + line + "\"]]},"
                            + "{\"stream\":" + labels + ",\"values\":[[\"2\",\"" + line + "\"]]}]}";
                    byte[] bytes = body.getBytes(UTF_8);
                    assertThat(PushJsonFast.decode(bytes)).as(body).isNotNull().isEqualTo(PushJson.decodeWithJackson(bytes));
                }
            }
        }
        // Declined as before, seen before or not: a repeated name, a nested value, an empty object.
        for (int round = 0; round < 2; round++) {
            for (String labels : List.of("{\"a\":\"1\",\"a\":\"2\"}", "{\"a\":{\"b\":\"c\"}}", "{\"a\":[\"b\"]}", "{}")) {
                byte[] bytes = ("{\"streams\":[{\"stream\":" + labels + ",\"values\":[[\"1\",\"x\"]]}]}").getBytes(UTF_8);
                assertThat(PushJsonFast.decode(bytes)).as(labels).isNull();
            }
        }
    }

    @Test
    void randomBodiesDecodeAsJacksonDoes() {
        Random random = new Random(7);
        int fast = 0;
        for (int i = 0; i < 2000; i++) {
            String body = randomBody(random);
            byte[] bytes = body.getBytes(UTF_8);
            PushRequest viaFast = PushJsonFast.decode(bytes);
            if (viaFast != null) {
                fast++;
                assertThat(viaFast).as(body).isEqualTo(PushJson.decodeWithJackson(bytes));
            }
            assertThat(PushJson.decode(bytes)).as(body).isEqualTo(PushJson.decodeWithJackson(bytes));
        }
        assertThat(fast).isGreaterThan(1500);
    }

    @Test
    void longLinesDenseWithEscapesDecodeAsJacksonDoes() {
        // lines long enough for the word-at-a-time copy, escapes and multi-byte characters at every
        // offset of a word, some longer than the decoder's first buffer
        Random random = new Random(13);
        for (int i = 0; i < 600; i++) {
            StringBuilder body = new StringBuilder("{\"streams\":[{\"stream\":{\"app\":").append(jsonText(random))
                    .append("},\"values\":[");
            for (int e = 1 + random.nextInt(3); e > 0; e--) {
                StringBuilder line = new StringBuilder("\"");
                for (int p = random.nextInt(random.nextBoolean() ? 60 : 600); p > 0; p--) {
                    line.append(random.nextInt(3) == 0 ? "abcdefghij".substring(random.nextInt(10)) : PIECES[random.nextInt(PIECES.length)]);
                }
                body.append("[\"").append(i).append("\",").append(line).append("\",{\"k\":").append(jsonText(random)).append("}]")
                        .append(e > 1 ? "," : "");
            }
            String text = body.append("]}]}").toString();
            byte[] bytes = text.getBytes(UTF_8);
            PushRequest fast = PushJsonFast.decode(bytes);
            assertThat(fast).as(text).isNotNull();
            assertThat(fast).as(text).isEqualTo(PushJson.decodeWithJackson(bytes));
        }
    }

    @Test
    void encodedRequestsTakeTheFastPath() {
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            List<PushStream> streams = new ArrayList<>();
            for (int s = 1 + random.nextInt(3); s > 0; s--) {
                List<PushEntry> entries = new ArrayList<>();
                for (int e = random.nextInt(5); e > 0; e--) {
                    List<LabelPair> md = random.nextBoolean() ? List.of() : List.of(new LabelPair("k" + e, text(random)));
                    entries.add(new PushEntry(random.nextLong(1L << 62), text(random), md));
                }
                streams.add(new PushStream(List.of(new LabelPair("app", text(random) + "x")), entries));
            }
            PushRequest request = new PushRequest(streams);
            byte[] json = PushJson.encode(request);
            assertThat(PushJsonFast.decode(json)).as(new String(json, UTF_8)).isEqualTo(request);
        }
    }

    private static byte[] body(int[] sequence) {
        byte[] head = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"x".getBytes(UTF_8);
        byte[] tail = "y\"]]}]}".getBytes(UTF_8);
        byte[] out = new byte[head.length + sequence.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = 0; i < sequence.length; i++) {
            out[head.length + i] = (byte) sequence[i];
        }
        System.arraycopy(tail, 0, out, head.length + sequence.length, tail.length);
        return out;
    }

    private static final String[] PIECES = {"a", "Z", " ", "é", "결제", "😀", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0001",
        "\\u00e9", "\\uacc4", "\\ud83d\\ude00", "{\\\"k\\\": \\\"v\\\"}", "0123456789", "\u2028", "\u007f"};

    /** JSON text of a string value: pieces already escaped as JSON wants. */
    private static String jsonText(Random random) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = random.nextInt(12); i > 0; i--) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return out.append('"').toString();
    }

    private static final String[] SPACE = {"", "", "", " ", "\n  ", "\t"};

    private static String sp(Random random) {
        return SPACE[random.nextInt(SPACE.length)];
    }

    private static String randomBody(Random random) {
        StringBuilder b = new StringBuilder("{").append(sp(random)).append("\"streams\"").append(sp(random)).append(':').append(sp(random)).append('[');
        for (int s = random.nextInt(4); s > 0; s--) {
            b.append(sp(random)).append("{\"stream\":{");
            int labels = 1 + random.nextInt(3);
            for (int l = 0; l < labels; l++) {
                b.append(l > 0 ? "," : "").append(sp(random)).append("\"l").append(l).append("\":").append(sp(random)).append(jsonText(random));
            }
            b.append("},").append(sp(random)).append("\"values\":[");
            for (int e = random.nextInt(5); e > 0; e--) {
                b.append("[\"").append(random.nextLong() >> random.nextInt(64)).append("\",").append(sp(random)).append(jsonText(random));
                int md = random.nextInt(4);
                if (md == 1) {
                    b.append(",{}");
                } else if (md >= 2) {
                    b.append(",{").append(jsonText(random)).append(':').append(jsonText(random)).append('}');
                }
                b.append(']').append(e > 1 ? "," : "");
            }
            b.append("]}").append(s > 1 ? "," : "");
        }
        return b.append(sp(random)).append("]}").toString();
    }

    private static String text(Random random) {
        String[] pieces = {"a", "\"", "\\", "/", "\n", "\u0001", "é", "결제", "\uD83D\uDE00", "{\"k\": \"v\"}", "\u2028"};
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
