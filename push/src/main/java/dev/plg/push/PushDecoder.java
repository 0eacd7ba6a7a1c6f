package dev.plg.push;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * The one entry point the HTTP layer calls for {@code POST /loki/api/v1/push}: applies Loki's
 * content negotiation ({@code pkg/loghttp/push/push.go}, {@code ParseLokiRequest}) and decodes.
 *
 * <ol>
 *   <li>{@code Content-Encoding} (compared exactly, as Go's {@code switch} does): empty or absent →
 *       body as is; {@code snappy} → body as is (the protobuf path is snappy anyway; a JSON body
 *       then fails to parse, as in Loki); {@code gzip} → gunzip; {@code deflate} → raw DEFLATE
 *       (RFC 1951, Go's {@code compress/flate}, no zlib header); anything else →
 *       {@code Content-Encoding "br" not supported}.
 *   <li>{@code Content-Type}, parsed like Go's {@code mime.ParseMediaType} (case-insensitive,
 *       parameters ignored): {@code application/json} → {@link PushJson}; any other type,
 *       including {@code application/x-protobuf} → snappy block + {@link PushProtobuf}.
 *       An absent or blank header also selects protobuf (what Loki's code comment and our spec
 *       promise; note Loki 3.4.2's {@code mime.ParseMediaType("")} would answer
 *       {@code mime: no media type} instead). A malformed type fails with Go's mime message.
 * </ol>
 *
 * <p>Decompressed bodies are capped at {@link #DEFAULT_MAX_DECODED_BYTES} (or the given cap), so a
 * small compressed body cannot make the server allocate gigabytes. Stateless and thread-safe.
 */
public final class PushDecoder {
    /** The JSON content type; every other type is read as snappy-compressed protobuf. */
    public static final String APPLICATION_JSON = "application/json";

    /**
     * 100 MiB: Loki's {@code distributor.max_recv_msg_size} default, the largest push it accepts.
     * Applies to the body after gzip/deflate and to the protobuf after snappy.
     */
    public static final int DEFAULT_MAX_DECODED_BYTES = 100 << 20;

    private PushDecoder() {}

    /** {@link #decode(String, String, byte[], int)} with {@link #DEFAULT_MAX_DECODED_BYTES}. */
    public static PushRequest decode(String contentType, String contentEncoding, byte[] body) {
        return decode(contentType, contentEncoding, body, DEFAULT_MAX_DECODED_BYTES);
    }

    /**
     * Decodes a push body.
     *
     * @param contentType the {@code Content-Type} header, {@code null} if absent
     * @param contentEncoding the {@code Content-Encoding} header, {@code null} if absent
     * @param body the raw request body; not modified and not retained
     * @param maxDecodedBytes cap on the decompressed size of the body
     * @throws PushFormatException with Loki's message; answer {@code 400} with it as the body
     */
    public static PushRequest decode(String contentType, String contentEncoding, byte[] body, int maxDecodedBytes) {
        requireNonNull(body, "body is null");
        if (maxDecodedBytes <= 0) {
            throw new IllegalArgumentException("maxDecodedBytes must be positive: " + maxDecodedBytes);
        }
        int cap = Math.min(maxDecodedBytes, Integer.MAX_VALUE - 8);
        String encoding = contentEncoding == null ? "" : contentEncoding;
        byte[] decoded = switch (encoding) {
            case "", "snappy" -> body;
            case "gzip" -> inflate(body, cap, true);
            case "deflate" -> inflate(body, cap, false);
            default -> throw new PushFormatException("Content-Encoding \"" + encoding + "\" not supported");
        };
        if (APPLICATION_JSON.equals(mediaType(contentType))) {
            if (decoded.length > cap) {
                throw new PushFormatException(tooLarge(decoded.length, cap));
            }
            return PushJson.decode(decoded);
        }
        return PushProtobuf.decode(Snappy.decompress(decoded, cap));
    }

    /** dskit's message for an over-size push, which Loki answers too. */
    static String tooLarge(long actual, long max) {
        return "received message larger than max (" + actual + " vs " + max + ")";
    }

    /**
     * Go's {@code mime.ParseMediaType} media type: lower-cased, trimmed, parameters dropped;
     * {@code ""} for an absent or blank header (see the class comment).
     */
    static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon >= 0 ? header.substring(0, semicolon) : header).trim().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            return "";
        }
        int first = tokenEnd(type, 0);
        if (first == 0) {
            throw new PushFormatException("mime: no media type");
        }
        if (first == type.length()) {
            return type;
        }
        if (type.charAt(first) != '/') {
            throw new PushFormatException("mime: expected slash after first token");
        }
        int second = tokenEnd(type, first + 1);
        if (second == first + 1) {
            throw new PushFormatException("mime: expected token after slash");
        }
        if (second != type.length()) {
            throw new PushFormatException("mime: unexpected content after media subtype");
        }
        return type;
    }

    /** End of the RFC 1521 token starting at {@code from}. */
    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) {
                break;
            }
            i++;
        }
        return i;
    }

    /** gunzip ({@code gzip}) or raw inflate ({@code deflate}), with Go's error texts. */
    private static byte[] inflate(byte[] body, int cap, boolean gzip) {
        if (gzip && body.length == 0) {
            throw new PushFormatException("EOF");
        }
        Inflater inflater = gzip ? null : new Inflater(true); // true: raw DEFLATE, no zlib wrapper
        try (InputStream in = gzip
                ? new GZIPInputStream(new ByteArrayInputStream(body), 8192)
                : new InflaterInputStream(new ByteArrayInputStream(body), inflater, 8192)) {
            byte[] out = in.readNBytes(cap + 1);
            if (out.length > cap) {
                throw new PushFormatException(tooLarge(out.length, cap) + " after " + (gzip ? "gzip" : "deflate")
                        + " decompression");
            }
            return out;
        } catch (ZipException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("GZIP format") || m.contains("Unsupported compression method")) {
                throw new PushFormatException("gzip: invalid header", e);
            }
            if (m.contains("Corrupt GZIP trailer")) {
                throw new PushFormatException("gzip: invalid checksum", e);
            }
            throw new PushFormatException("flate: corrupt input", e);
        } catch (EOFException e) {
            throw new PushFormatException(e.getMessage() != null && e.getMessage().isEmpty() ? "EOF" : "unexpected EOF", e);
        } catch (IOException e) {
            throw new PushFormatException("unexpected EOF", e);
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }
}
