package dev.plg.push;

import static dev.plg.push.LabelsTextTest.pairs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushProtobufTest {
    @Test
    void realPromtailBodyDecodesToTheCapturedJson() throws IOException {
        // promtail-push-sample.{bin,json}: a real Promtail 3.4.2 push and decode_push.py's reading of it
        PushRequest decoded = PushDecoder.decode("application/x-protobuf", null, resource("promtail-push-sample.bin"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> expected = (List<Map<String, Object>>) ((Map<String, Object>) readJson(
                resource("promtail-push-sample.json"))).get("streams");

        assertThat(decoded.streams()).hasSize(expected.size()).hasSize(3);
        for (int s = 0; s < expected.size(); s++) {
            PushStream stream = decoded.streams().get(s);
            Map<String, Object> want = expected.get(s);
            assertThat(stream.unparsableLabels()).isNull();
            assertThat(LabelsText.format(stream.labels())).isEqualTo(want.get("labels"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> wantEntries = (List<Map<String, Object>>) want.get("entries");
            assertThat(stream.entries()).hasSize(wantEntries.size());
            for (int e = 0; e < wantEntries.size(); e++) {
                PushEntry entry = stream.entries().get(e);
                assertThat(entry.timestampNanos()).isEqualTo(wantEntries.get(e).get("ts_ns"));
                assertThat(entry.line()).isEqualTo(wantEntries.get(e).get("line"));
                assertThat(entry.structuredMetadata()).isEmpty();
                assertThat(wantEntries.get(e).get("structuredMetadata")).isEqualTo(List.of());
            }
        }
        assertThat(decoded.streams().getFirst().labels()).isEqualTo(pairs("app", "python-starter-kit", "env", "production",
                "filename", "/var/log/app/python-starter-kit.log", "level", "error", "service", "auth"));
        assertThat(decoded.streams().getFirst().entries().getFirst().line()).contains("\"event\": \"계정 잠김\"");
    }

    @Test
    void reEncodingThePromtailBodyGivesTheSameProtobufBytes() throws IOException {
        byte[] protobuf = Snappy.decompress(resource("promtail-push-sample.bin"), Integer.MAX_VALUE);
        assertThat(PushProtobuf.encode(PushProtobuf.decode(protobuf))).isEqualTo(protobuf);
    }

    @Test
    void roundTripsWithMetadataUnicodeAndEscapedLabels() {
        PushRequest request = new PushRequest(List.of(
                new PushStream(pairs("app", "결제", "env", "prod", "path", "C:\\logs\\\"x\"\n"), List.of(
                        new PushEntry(1772193540123456789L, "{\"event\": \"비밀번호 틀림\", \"attempt\": 3}"),
                        new PushEntry(1772193540000000000L, "tab\there 😀", pairs("trace_id", "abc", "사용자", "김철수", "empty", "")),
                        new PushEntry(0, ""),
                        new PushEntry(-1_500_000_000L, "before 1970"))),
                new PushStream(pairs("a", "1"), List.of())));
        byte[] encoded = PushProtobuf.encode(request);
        assertThat(PushProtobuf.decode(encoded)).isEqualTo(request);
        assertThat(PushDecoder.decode("application/x-protobuf", "snappy", PushEncoder.protobufSnappy(request))).isEqualTo(request);
    }

    @Test
    void encodesLabelsAsPromtailDoesSortedWithGoQuoting() {
        PushRequest request = new PushRequest(List.of(new PushStream(pairs("level", "error", "app", "a\"b"),
                List.of(new PushEntry(1_000_000_001L, "x")))));
        // stream{labels=1, entry=2{timestamp=1{seconds=1, nanos=1}, line=2}}
        String labels = "{app=\"a\\\"b\", level=\"error\"}";
        assertThat(HexFormat.of().formatHex(PushProtobuf.encode(request))).isEqualTo("0a" + "28" + "0a" + "1b"
                + HexFormat.of().formatHex(labels.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "12" + "09" + "0a" + "04" + "0801" + "1001" + "12" + "01" + "78");
    }

    @Test
    void unparsableLabelTextIsKeptRawWithTheEntries() throws IOException {
        byte[] message = message(out -> {
            out.writeTag(1, 2);
            byte[] stream = nested(s -> {
                s.writeString(1, "{1abc=\"x\"}");
                s.writeByteArray(2, nested(e -> e.writeString(2, "line")));
            });
            out.writeByteArrayNoTag(stream);
        });
        PushStream stream = PushProtobuf.decode(message).streams().getFirst();
        assertThat(stream.labels()).isEmpty();
        assertThat(stream.unparsableLabels()).isEqualTo("{1abc=\"x\"}");
        assertThat(stream.entries()).containsExactly(new PushEntry(0, "line"));
    }

    @Test
    void skipsHashParsedAndUnknownFields() throws IOException {
        byte[] message = message(out -> {
            out.writeUInt64(7, 99); // unknown top-level field
            out.writeByteArray(1, nested(s -> {
                s.writeString(1, "{a=\"b\"}");
                s.writeUInt64(3, 123456789L); // hash
                s.writeByteArray(2, nested(e -> {
                    e.writeByteArray(1, nested(t -> t.writeInt64(1, 5)));
                    e.writeString(2, "l");
                    e.writeByteArray(4, nested(p -> p.writeString(1, "parsed"))); // query-side only
                    e.writeFixed32(9, 1);
                }));
            }));
        });
        assertThat(PushProtobuf.decode(message)).isEqualTo(new PushRequest(List.of(
                new PushStream(pairs("a", "b"), List.of(new PushEntry(5_000_000_000L, "l"))))));
    }

    @Test
    void refusesMalformedMessages() throws IOException {
        byte[] valid = PushProtobuf.encode(new PushRequest(List.of(new PushStream(pairs("a", "b"),
                List.of(new PushEntry(1, "line"))))));
        assertDecodeError(java.util.Arrays.copyOf(valid, valid.length - 2), "unexpected EOF");
        assertDecodeError(message(out -> out.writeUInt64(1, 5)), "proto: wrong wireType = 0 for field Streams");
        assertDecodeError(message(out -> out.writeByteArray(1, nested(s -> s.writeUInt32(1, 1)))),
                "proto: wrong wireType = 0 for field Labels");
        assertDecodeError(message(out -> out.writeByteArray(1, nested(s -> s.writeByteArray(2,
                        nested(e -> e.writeByteArray(1, nested(t -> t.writeInt32(2, 1_000_000_000)))))))),
                "timestamp: seconds:0 nanos:1000000000: nanos not in range [0, 1e9)");
        assertDecodeError(message(out -> out.writeByteArray(1, nested(s -> s.writeByteArray(2,
                        nested(e -> e.writeByteArray(1, nested(t -> t.writeInt64(1, Long.MAX_VALUE / 10)))))))),
                "timestamp: seconds:922337203685477580 nanos:0: outside the range of Unix nanoseconds (1677-09-21 to 2262-04-11)");
    }

    private static void assertDecodeError(byte[] message, String expected) {
        assertThatThrownBy(() -> PushProtobuf.decode(message)).isInstanceOf(PushFormatException.class).hasMessage(expected);
    }

    interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] message(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        writer.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] nested(Writer writer) throws IOException {
        return message(writer);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PushProtobufTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** A tiny JSON tree reader (Map, List, String, Long, Boolean, null) for expected-value files. */
    static Object readJson(byte[] json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            return readValue(p);
        }
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, readValue(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalStateException("unexpected " + t);
        }
    }
}
