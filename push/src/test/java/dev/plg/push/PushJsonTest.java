package dev.plg.push;

import static dev.plg.push.LabelsTextTest.pairs;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PushJsonTest {
    @Test
    void decodesLokiJson() {
        assertDecodes("{\"streams\":[{\"stream\":{\"app\":\"api\",\"level\":\"error\"},\"values\":"
                        + "[[\"1772193540123456789\",\"boom\"],[\"1772193540123456790\",\"x\",{\"trace_id\":\"abc\"}]]}]}",
                new PushRequest(List.of(new PushStream(pairs("app", "api", "level", "error"), List.of(
                        new PushEntry(1772193540123456789L, "boom"),
                        new PushEntry(1772193540123456790L, "x", pairs("trace_id", "abc")))))));
        assertDecodes("{}", new PushRequest(List.of()));
        assertDecodes("null", new PushRequest(List.of()));
        assertDecodes("{\"streams\":null}", new PushRequest(List.of()));
        assertDecodes("{\"Streams\":[]}", new PushRequest(List.of()));
        // unknown keys, null values list, null entries, extra elements, missing elements
        assertDecodes("{\"x\":{\"y\":[1]},\"streams\":[{\"stream\":{\"a\":\"1\"},\"values\":null,\"extra\":[]},"
                        + "{\"stream\":{\"a\":\"2\"},\"values\":[null,[\"-5\",\"l\",{},\"more\",{\"z\":1}],[\"7\"],[]]}]}",
                new PushRequest(List.of(
                        new PushStream(pairs("a", "1"), List.of()),
                        new PushStream(pairs("a", "2"), List.of(new PushEntry(-5, "l"), new PushEntry(7, ""), new PushEntry(0, ""))))));
        // non-string label values become their JSON text; a repeated name keeps the last value
        assertDecodes("{\"streams\":[{\"stream\":{\"n\":12,\"b\":true,\"a\":\"x\",\"n\":\"13\"},\"values\":[]}]}",
                new PushRequest(List.of(new PushStream(pairs("n", "13", "b", "true", "a", "x"), List.of()))));
        // escapes and unicode
        assertDecodes("{\"streams\":[{\"stream\":{\"svc\":\"결제\\\"\\\\\"},\"values\":[[\"1\",\"\\uacc4\\uc815 \\n\\t \\ud83d\\ude00 ok\",{\"k\":\"\\\"v\\\"\"}]]}]}",
                new PushRequest(List.of(new PushStream(pairs("svc", "결제\"\\"),
                        List.of(new PushEntry(1, "계정 \n\t \uD83D\uDE00 ok", pairs("k", "\"v\"")))))));
        assertDecodes("{\"streams\":[{\"values\":[[\"9223372036854775807\",\"max\"],[\"-9223372036854775808\",\"min\"]]}]}",
                new PushRequest(List.of(new PushStream(List.of(), List.of(
                        new PushEntry(Long.MAX_VALUE, "max"), new PushEntry(Long.MIN_VALUE, "min"))))));
    }

    @Test
    void numericTimestampIsRefusedWithLokisExactMessage() {
        // spec/loki-captures/push-responses.txt, "numeric timestamp"
        assertError("{\"streams\":[{\"stream\":{\"app\":\"t\"},\"values\":[[1795543288340758872,\"x\"]]}]}",
                "loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: Value looks like "
                        + "Number/Boolean/None, but can't find its end: ',' or '}' symbol, error found in #10 byte of "
                        + "...|872,\"x\"]]}]}|..., bigger context ...|:{\"app\":\"t\"},\"values\":[[1795543288340758872,\"x\"]]}]}|...");
    }

    @Test
    void refusesMalformedBodies() {
        String stream = "loghttp.PushRequest.Streams: []loghttp.LogProtoStream: unmarshalerDecoder: ";
        assertErrorStartsWith("{\"streams\":[{\"values\":[[\"12x\",\"l\"]]}]}", stream + "Value looks like Number/Boolean/None");
        assertErrorStartsWith("{\"streams\":[{\"values\":[[\"\",\"l\"]]}]}", stream + "Value looks like Number/Boolean/None");
        assertErrorStartsWith("{\"streams\":[{\"values\":[[\"9223372036854775808\",\"l\"]]}]}",
                stream + "Value is number, but overflowed while parsing");
        assertErrorStartsWith("{\"streams\":[{\"values\":[[\"1\",2]]}]}", stream + "Value is string, but can't find closing '\"' symbol");
        assertErrorStartsWith("{\"streams\":[{\"values\":[[\"1\",\"l\",[]]]}]}", stream + "Value looks like object, but can't find closing '}' symbol");
        assertErrorStartsWith("{\"streams\":[{\"values\":[[\"1\",\"l\",{\"k\":1}]]}]}", stream + "Value is string, but can't find closing");
        assertErrorStartsWith("{\"streams\":[{\"values\":{}}]}", stream + "Value is array, but can't find closing ']' symbol");
        assertErrorStartsWith("{\"streams\":[{\"values\":[\"1\"]}]}", stream + "Value is array, but can't find closing ']' symbol");
        assertErrorStartsWith("{\"streams\":[{\"stream\":[]}]}", stream + "Value looks like object, but can't find closing '}' symbol");
        assertErrorStartsWith("{\"streams\":[{\"stream\":{\"a\":{}}}]}", stream + "Value is string, but can't find closing");
        assertErrorStartsWith("{\"streams\":[1]}", stream + "Value looks like object");
        assertErrorStartsWith("{\"streams\":{}}", "loghttp.PushRequest.Streams: []loghttp.LogProtoStream: decode slice: expect [ or n, but found {");
        assertErrorStartsWith("[]", "loghttp.PushRequest: ReadObjectCB: expect { or n, but found [");
        assertErrorStartsWith("{\"streams\":[{\"values\":[[\"1\",\"l\"]]", stream + "Unexpected end-of-input");
        assertErrorStartsWith("{\"streams\" 1}", "loghttp.PushRequest: Unexpected character");
        assertError("", "EOF");
    }

    @Test
    void errorContextIsTheBytesAroundTheEndOfTheBadStream() {
        String body = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",2]]},{\"stream\":{}}]}";
        int end = body.indexOf("]]}") + 3;
        assertThatThrownBy(() -> PushJson.decode(body.getBytes(UTF_8)))
                .hasMessageEndingWith("error found in #10 byte of ...|" + body.substring(end - 10, end + 10)
                        + "|..., bigger context ...|" + body.substring(end - 50, Math.min(body.length(), end + 50)) + "|...");
    }

    @Test
    void roundTripsWithMetadataUnicodeAndEscapes() {
        PushRequest request = new PushRequest(List.of(
                new PushStream(pairs("app", "결제-서비스", "quote", "a\"b\\c\nd"), List.of(
                        new PushEntry(1772193540123456789L, "{\"event\": \"계정 잠김\", \"ctl\": \"\u0001\u001f\"}"),
                        new PushEntry(1772193540123456790L, "tab\there 😀", pairs("trace_id", "abc", "사용자", "김철수")),
                        new PushEntry(-1, ""))),
                new PushStream(List.of(), List.of())));
        byte[] json = PushJson.encode(request);
        assertThat(PushJson.decode(json)).isEqualTo(request);
        assertThat(new String(json, UTF_8)).startsWith("{\"streams\":[{\"stream\":{\"app\":\"결제-서비스\",\"quote\":\"a\\\"b\\\\c\\nd\"},"
                + "\"values\":[[\"1772193540123456789\",");
    }

    @Test
    void decodesFromAStream() throws Exception {
        byte[] body = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"l\"]]}]}".getBytes(UTF_8);
        assertThat(PushJson.decode(new ByteArrayInputStream(body))).isEqualTo(PushJson.decode(body));
    }

    @Test
    void randomRequestsRoundTrip() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            PushRequest request = randomRequest(random);
            assertThat(PushJson.decode(PushJson.encode(request))).isEqualTo(request);
            assertThat(PushProtobuf.decode(PushProtobuf.encode(request))).isEqualTo(request);
        }
    }

    @Test
    void acceptsEscapedSurrogatePairsAndOtherWhitespace() {
        assertDecodes(" {\n\t\"streams\" : [ { \"values\" : [ [ \"1\" , \"\\ud83d\\ude00 \\u00e9\\/\" ] ] } ] } ",
                new PushRequest(List.of(new PushStream(List.of(), List.of(new PushEntry(1, "\uD83D\uDE00 é/"))))));
    }

    private static PushRequest randomRequest(Random random) {
        List<PushStream> streams = new java.util.ArrayList<>();
        for (int s = random.nextInt(4); s > 0; s--) {
            List<LabelPair> labels = new java.util.ArrayList<>();
            for (int l = 1, count = random.nextInt(4); l <= count; l++) { // sorted: protobuf sends them sorted
                labels.add(new LabelPair("l" + l, randomText(random)));
            }
            List<PushEntry> entries = new java.util.ArrayList<>();
            for (int e = random.nextInt(5); e > 0; e--) {
                List<LabelPair> metadata = random.nextBoolean() ? List.of()
                        : List.of(new LabelPair(randomText(random), randomText(random)));
                entries.add(new PushEntry(random.nextLong(), randomText(random), metadata));
            }
            streams.add(new PushStream(labels, entries));
        }
        return new PushRequest(streams);
    }

    private static final String[] PIECES = {"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "\u007f",
        "é", "결제", "\uD83D\uDE00", "{\"k\": \"v\"}", "0123456789", "\u2028"};

    private static String randomText(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return out.toString();
    }

    private static void assertDecodes(String json, PushRequest expected) {
        assertThat(PushJson.decode(json.getBytes(UTF_8))).as(json).isEqualTo(expected);
    }

    private static void assertError(String json, String message) {
        assertThatThrownBy(() -> PushJson.decode(json.getBytes(UTF_8))).as(json)
                .isInstanceOf(PushFormatException.class).hasMessage(message);
    }

    private static void assertErrorStartsWith(String json, String prefix) {
        assertThatThrownBy(() -> PushJson.decode(json.getBytes(UTF_8))).as(json)
                .isInstanceOf(PushFormatException.class).hasMessageStartingWith(prefix);
    }
}
