package dev.plg.push;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loki's JSON push body, streamed with jackson-core:
 *
 * <pre>
 * {"streams":[{"stream":{"app":"api","level":"error"},
 *              "values":[["1772193540123456789","line"],
 *                        ["1772193540123456790","line",{"trace_id":"abc"}]]}]}
 * </pre>
 *
 * <p>Decoding follows Loki 3.4.2 ({@code pkg/loghttp/query.go}, {@code LogProtoStream}):
 * <ul>
 *   <li>the timestamp must be a JSON <em>string</em> holding a signed decimal integer of Unix
 *       nanoseconds; a JSON number is refused, as Loki does;
 *   <li>the line must be a string; the optional third element is an object of string values
 *       (structured metadata); further elements are ignored; {@code null} values lists and
 *       {@code null} entries are skipped;
 *   <li>{@code stream} label values may be strings or other scalars (taken as their JSON text); a
 *       name given twice keeps its last value (Loki reads them into a map);
 *   <li>unknown keys are ignored; {@code "streams"} is matched case-insensitively (Go's JSON
 *       decoding of struct fields), the keys inside a stream exactly.
 * </ul>
 * Errors reproduce Loki's text, e.g. for a numeric timestamp: {@code loghttp.PushRequest.Streams:
 * []loghttp.LogProtoStream: unmarshalerDecoder: Value looks like Number/Boolean/None, but can't find
 * its end: ',' or '}' symbol, error found in #10 byte of ...|…|..., bigger context ...|…|...}.
 *
 * <p>Stateless and thread-safe.
 */
public final class PushJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Emoji as one 4-byte UTF-8 sequence, not as an escaped surrogate pair.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    // Messages of github.com/buger/jsonparser, which Loki uses inside a stream object.
    private static final String MALFORMED_STRING = "Value is string, but can't find closing '\"' symbol";
    private static final String MALFORMED_VALUE = "Value looks like Number/Boolean/None, but can't find its end: ',' or '}' symbol";
    private static final String MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";
    private static final String MALFORMED_ARRAY = "Value is array, but can't find closing ']' symbol";
    private static final String OVERFLOW_INTEGER = "Value is number, but overflowed while parsing";

    // json-iterator's error prefixes (the operation it was in when the error was found).
    private static final String IN_REQUEST = "loghttp.PushRequest";
    private static final String IN_STREAMS = "loghttp.PushRequest.Streams: []loghttp.LogProtoStream";
    private static final String IN_STREAM = IN_STREAMS + ": unmarshalerDecoder";

    private PushJson() {}

    /** Reads the whole stream and decodes it; see {@link #decode(byte[])}. */
    public static PushRequest decode(InputStream body) throws IOException {
        requireNonNull(body, "body is null");
        return decode(body.readAllBytes());
    }

    /**
     * Decodes a JSON push body (UTF-8). The common plain shape is read straight from the bytes
     * ({@link PushJsonFast}, lines kept as UTF-8); any other body goes through jackson-core.
     *
     * @throws PushFormatException with Loki's message when the body is not a valid push request
     */
    public static PushRequest decode(byte[] body) {
        requireNonNull(body, "body is null");
        PushRequest fast = PushJsonFast.decode(body);
        return fast != null ? fast : new Decoder(body).decode();
    }

    /** The jackson-core decoder alone (what every body the fast path declines goes through). */
    static PushRequest decodeWithJackson(byte[] body) {
        return new Decoder(body).decode();
    }

    /** Encodes {@code request} as a Loki JSON push body (UTF-8, compact). */
    public static byte[] encode(PushRequest request) {
        requireNonNull(request, "request is null");
        ByteArrayBuilder out = new ByteArrayBuilder(256 + request.entryCount() * 200);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeArrayFieldStart("streams");
            for (PushStream stream : request.streams()) {
                g.writeStartObject();
                g.writeObjectFieldStart("stream");
                for (LabelPair label : stream.labels()) {
                    g.writeStringField(label.name(), label.value());
                }
                g.writeEndObject();
                g.writeArrayFieldStart("values");
                for (PushEntry entry : stream.entries()) {
                    g.writeStartArray();
                    g.writeString(Long.toString(entry.timestampNanos()));
                    byte[] line = entry.lineUtf8();
                    g.writeUTF8String(line, 0, line.length);
                    if (!entry.structuredMetadata().isEmpty()) {
                        g.writeStartObject();
                        for (LabelPair pair : entry.structuredMetadata()) {
                            g.writeStringField(pair.name(), pair.value());
                        }
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: writes to memory
        }
        return out.toByteArray();
    }

    /** One decoding pass over one body; not reusable. */
    private static final class Decoder {
        private final byte[] body;
        /** Byte offset of the '{' of the stream object being read, -1 outside one. */
        private int streamStart = -1;

        Decoder(byte[] body) {
            this.body = body;
        }

        PushRequest decode() {
            try (JsonParser p = FACTORY.createParser(body)) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    throw new PushFormatException("EOF");
                }
                if (t == JsonToken.VALUE_NULL) {
                    return new PushRequest(List.of());
                }
                if (t != JsonToken.START_OBJECT) {
                    throw jsoniter(IN_REQUEST + ": ReadObjectCB", "expect { or n, but found " + firstChar(p), tokenEnd(p));
                }
                List<PushStream> streams = List.of();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken v = p.nextToken();
                    if (!key.equalsIgnoreCase("streams")) {
                        p.skipChildren();
                    } else if (v == JsonToken.START_ARRAY) {
                        streams = streams(p);
                    } else if (v == JsonToken.VALUE_NULL) {
                        streams = List.of();
                    } else {
                        throw jsoniter(IN_STREAMS + ": decode slice", "expect [ or n, but found " + firstChar(p), tokenEnd(p));
                    }
                }
                return new PushRequest(streams);
            } catch (JsonProcessingException e) {
                int at = e.getLocation() == null ? body.length : clamp(e.getLocation().getByteOffset());
                throw jsoniter(streamStart >= 0 ? IN_STREAM : IN_REQUEST, e.getOriginalMessage(), at, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // cannot happen: reads from memory
            }
        }

        private List<PushStream> streams(JsonParser p) throws IOException {
            List<PushStream> streams = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                streamStart = clamp(p.currentTokenLocation().getByteOffset());
                if (t == JsonToken.VALUE_NULL) {
                    streams.add(new PushStream(List.of(), List.of()));
                } else if (t != JsonToken.START_OBJECT) {
                    throw streamError(MALFORMED_OBJECT, p);
                } else {
                    streams.add(stream(p));
                }
                streamStart = -1;
            }
            return streams;
        }

        private PushStream stream(JsonParser p) throws IOException {
            List<LabelPair> labels = List.of();
            List<PushEntry> entries = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                switch (key) {
                    case "stream" -> labels = labels(p, v);
                    case "values" -> {
                        if (v == JsonToken.START_ARRAY) {
                            entries = entries(p);
                        } else if (v == JsonToken.VALUE_NULL) {
                            entries = List.of();
                        } else {
                            throw streamError(MALFORMED_ARRAY, p);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new PushStream(labels, entries);
        }

        private List<LabelPair> labels(JsonParser p, JsonToken t) throws IOException {
            if (t != JsonToken.START_OBJECT) {
                throw streamError(MALFORMED_OBJECT, p);
            }
            List<LabelPair> labels = new ArrayList<>(8);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    throw streamError(MALFORMED_STRING, p);
                }
                String value = p.getText();
                int existing = indexOf(labels, name);
                if (existing >= 0) {
                    labels.set(existing, new LabelPair(name, value));
                } else {
                    labels.add(new LabelPair(name, value));
                }
            }
            return labels;
        }

        private List<PushEntry> entries(JsonParser p) throws IOException {
            List<PushEntry> entries = new ArrayList<>(64);
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw streamError(MALFORMED_ARRAY, p);
                }
                entries.add(entry(p));
            }
            return entries;
        }

        private PushEntry entry(JsonParser p) throws IOException {
            long timestamp = 0;
            String line = "";
            List<LabelPair> metadata = List.of();
            int i = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                switch (i++) {
                    case 0 -> {
                        if (t != JsonToken.VALUE_STRING) {
                            throw streamError(MALFORMED_VALUE, p);
                        }
                        timestamp = parseNanos(p);
                    }
                    case 1 -> {
                        if (t != JsonToken.VALUE_STRING) {
                            throw streamError(MALFORMED_STRING, p);
                        }
                        line = p.getText();
                    }
                    case 2 -> {
                        if (t != JsonToken.START_OBJECT) {
                            throw streamError(MALFORMED_OBJECT, p);
                        }
                        metadata = metadata(p);
                    }
                    default -> p.skipChildren();
                }
            }
            return new PushEntry(timestamp, line, metadata);
        }

        private List<LabelPair> metadata(JsonParser p) throws IOException {
            List<LabelPair> pairs = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw streamError(MALFORMED_STRING, p);
                }
                if (pairs == null) {
                    pairs = new ArrayList<>(4);
                }
                pairs.add(new LabelPair(name, p.getText()));
            }
            return pairs == null ? List.of() : pairs;
        }

        /** jsonparser.ParseInt on the string's characters, without creating a String. */
        private long parseNanos(JsonParser p) throws IOException {
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            int length = p.getTextLength();
            int i = offset;
            int end = offset + length;
            boolean negative = false;
            if (i < end && chars[i] == '-') {
                negative = true;
                i++;
            }
            if (i == end) {
                throw streamError(MALFORMED_VALUE, p);
            }
            long value = 0;
            for (; i < end; i++) {
                int d = chars[i] - '0';
                if (d < 0 || d > 9) {
                    throw streamError(MALFORMED_VALUE, p);
                }
                // Accumulate negatively so that Long.MIN_VALUE is representable.
                if (value < (Long.MIN_VALUE + d) / 10) {
                    throw streamError(OVERFLOW_INTEGER, p);
                }
                value = value * 10 - d;
            }
            if (!negative) {
                if (value == Long.MIN_VALUE) {
                    throw streamError(OVERFLOW_INTEGER, p);
                }
                value = -value;
            }
            return value;
        }

        /** An error inside a stream object: Loki reports it once the whole object was read. */
        private PushFormatException streamError(String message, JsonParser p) {
            int end = objectEnd(streamStart);
            if (end < 0) {
                end = tokenEnd(p);
            }
            return jsoniter(IN_STREAM, message, end);
        }

        private int tokenEnd(JsonParser p) {
            return clamp(p.currentLocation().getByteOffset());
        }

        /** Offset just past the object starting at {@code start}, or -1 if it is not closed. */
        private int objectEnd(int start) {
            if (start < 0 || start >= body.length || body[start] != '{') {
                return -1;
            }
            int depth = 0;
            boolean inString = false;
            for (int i = start; i < body.length; i++) {
                byte b = body[i];
                if (inString) {
                    if (b == '\\') {
                        i++;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if ((b == '}' || b == ']') && --depth == 0) {
                    return i + 1;
                }
            }
            return -1;
        }

        private String firstChar(JsonParser p) throws IOException {
            int at = clamp(p.currentTokenLocation().getByteOffset());
            return at < body.length ? String.valueOf((char) (body[at] & 0xFF)) : "";
        }

        private int clamp(long offset) {
            return (int) Math.max(0, Math.min(body.length, offset));
        }

        private PushFormatException jsoniter(String operation, String message, int head) {
            return jsoniter(operation, message, head, null);
        }

        /** json-iterator's {@code ReportError} text: 10 bytes around the error, then 50. */
        private PushFormatException jsoniter(String operation, String message, int head, Throwable cause) {
            int peekStart = Math.max(0, head - 10);
            int peekEnd = Math.min(body.length, head + 10);
            int contextStart = Math.max(0, head - 50);
            int contextEnd = Math.min(body.length, head + 50);
            String text = operation + ": " + message + ", error found in #" + (head - peekStart) + " byte of ...|"
                    + new String(body, peekStart, peekEnd - peekStart, StandardCharsets.UTF_8) + "|..., bigger context ...|"
                    + new String(body, contextStart, contextEnd - contextStart, StandardCharsets.UTF_8) + "|...";
            return cause == null ? new PushFormatException(text) : new PushFormatException(text, cause);
        }

        private static int indexOf(List<LabelPair> labels, String name) {
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).name().equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
