package dev.plg.push;

import static dev.plg.push.LabelsTextTest.pairs;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class PushDecoderTest {
    private static final PushRequest REQUEST = new PushRequest(List.of(new PushStream(pairs("app", "api", "svc", "결제"),
            List.of(new PushEntry(1772193540123456789L, "계정 잠김 \"quoted\"", pairs("trace_id", "abc")),
                    new PushEntry(1772193540123456790L, "second")))));
    private static final byte[] JSON = PushJson.encode(REQUEST);
    private static final byte[] PROTO = PushEncoder.protobufSnappy(REQUEST);

    @Test
    void choosesTheCodecByContentTypeAndEncoding() throws IOException {
        assertDecodes("application/json", null, JSON);
        assertDecodes("application/json", "", JSON);
        assertDecodes("Application/JSON; charset=utf-8", null, JSON);
        assertDecodes(" application/json ", null, JSON);
        assertDecodes("application/json", "gzip", gzip(JSON));
        assertDecodes("application/json", "deflate", deflate(JSON));
        assertDecodes("application/x-protobuf", null, PROTO);
        assertDecodes("application/x-protobuf", "snappy", PROTO);
        assertDecodes("application/x-protobuf", "gzip", gzip(PROTO));
        assertDecodes(null, null, PROTO); // no Content-Type: snappy protobuf
        assertDecodes("", "snappy", PROTO);
        assertDecodes("text/plain", null, PROTO); // any other type: snappy protobuf
        assertDecodes("protobuf", null, PROTO); // a bare token is a valid media type for Go
    }

    @Test
    void refusesWithLokisMessages() throws IOException {
        assertError("application/json", "br", JSON, "Content-Encoding \"br\" not supported");
        assertError("application/json", "GZIP", JSON, "Content-Encoding \"GZIP\" not supported"); // Go compares exactly
        assertError("application/json", "snappy", PROTO, "loghttp.PushRequest: ");
        assertError(null, null, JSON, "snappy: corrupt input");
        assertError("application/x-protobuf", null, new byte[0], "snappy: corrupt input");
        assertError("application/x-protobuf", null, new byte[] {(byte) 0x80}, "snappy: corrupt input");
        assertError("application/x-protobuf", null, Arrays.copyOf(PROTO, PROTO.length - 3), "snappy: corrupt input");
        assertError("application/x-protobuf", null, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f},
                "snappy: decoded block is too large");
        assertError("application/x-protobuf", null, new byte[] {0x01, 0x00, 0x0a}, "unexpected EOF"); // 1-byte literal: a stream tag, no length
        assertError("application/json", "gzip", JSON, "gzip: invalid header");
        assertError("application/json", "gzip", new byte[0], "EOF");
        assertError("application/json", "gzip", Arrays.copyOf(gzip(JSON), 30), "unexpected EOF");
        assertError("application/json", "deflate", new byte[] {(byte) 0xff, 0x00}, "flate: corrupt input");
        assertError("application/", null, JSON, "mime: expected token after slash");
        assertError("application json", null, JSON, "mime: expected slash after first token");
        assertError("application/json x", null, JSON, "mime: unexpected content after media subtype");
        assertError("/json", null, JSON, "mime: no media type");
    }

    @Test
    void capsTheDecompressedSize() throws IOException {
        byte[] big = new byte[10_000];
        Arrays.fill(big, (byte) ' ');
        System.arraycopy(JSON, 0, big, 0, JSON.length);
        assertThat(PushDecoder.decode("application/json", "gzip", gzip(big), 10_000)).isEqualTo(REQUEST);
        assertError("application/json", "gzip", gzip(big), 9_999,
                "received message larger than max (10000 vs 9999) after gzip decompression");
        assertError("application/json", null, big, 9_999, "received message larger than max (10000 vs 9999)");
        int protoLength = PushProtobuf.encode(REQUEST).length;
        assertError("application/x-protobuf", null, PROTO, protoLength - 1,
                "received message larger than max (" + protoLength + " vs " + (protoLength - 1) + ")");
        assertThatThrownBy(() -> PushDecoder.decode(null, null, PROTO, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertDecodes(String contentType, String contentEncoding, byte[] body) {
        assertThat(PushDecoder.decode(contentType, contentEncoding, body)).as(contentType + " / " + contentEncoding)
                .isEqualTo(REQUEST);
    }

    private static void assertError(String contentType, String contentEncoding, byte[] body, String messageStart) {
        assertError(contentType, contentEncoding, body, PushDecoder.DEFAULT_MAX_DECODED_BYTES, messageStart);
    }

    private static void assertError(String contentType, String contentEncoding, byte[] body, int max, String messageStart) {
        assertThatThrownBy(() -> PushDecoder.decode(contentType, contentEncoding, body, max))
                .as(contentType + " / " + contentEncoding)
                .isInstanceOf(PushFormatException.class)
                .hasMessageStartingWith(messageStart);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] deflate(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void jsonEncodingIsUtf8() {
        assertThat(new String(PushEncoder.json(REQUEST), UTF_8)).contains("\"svc\":\"결제\"");
    }
}
