package dev.plg.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One HTTP request/response pair as the API handlers see it: parameters (query string and form
 * body merged), headers, body bytes, and one of {@link #json}, {@link #text} or {@link #noContent}
 * to answer. Used by one (virtual) thread; answering twice is a bug.
 */
public final class Exchange {
    static final String JSON = "application/json; charset=UTF-8";
    static final String TEXT = "text/plain; charset=utf-8";

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String path;
    private final long nowNanos;
    private Params params;
    private boolean bodyTaken;
    private boolean answered;

    Exchange(Request request, Response response, Callback callback, String path, long nowNanos) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.path = path;
        this.nowNanos = nowNanos;
    }

    public Request request() {
        return request;
    }

    public Response response() {
        return response;
    }

    public Callback callback() {
        return callback;
    }

    public String path() {
        return path;
    }

    public String method() {
        return request.getMethod();
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Query-string and (for POST) form parameters, read once. */
    public Params params() {
        if (params == null) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            boolean post = "POST".equals(request.getMethod());
            bodyTaken |= post; // a POST form's body is read here
            Fields fields;
            try {
                fields = post ? Request.getParameters(request)
                        : Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw ApiException.badRequest("cannot read form parameters: " + e.getMessage());
            }
            for (Fields.Field f : fields) {
                values.computeIfAbsent(f.getName(), k -> new ArrayList<>()).addAll(f.getValues());
            }
            params = new Params(values, nowNanos);
        }
        return params;
    }

    /** The request's Content-Length, -1 when it has none (chunked). */
    public long declaredLength() {
        return request.getLength();
    }

    /** The request body, refused with 413 when longer than {@code maxBytes}. */
    public byte[] body(long maxBytes) throws IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw new ApiException(413, "request body too large: " + declared + " bytes, limit " + maxBytes);
        }
        bodyTaken = true;
        try (InputStream in = Request.asInputStream(request)) {
            if (declared >= 0) {
                // The usual case (every client sends Content-Length): one exact allocation, one copy.
                byte[] data = new byte[(int) declared];
                int n = in.readNBytes(data, 0, data.length);
                if (n != declared) {
                    throw ApiException.badRequest("unexpected EOF: read " + n + " of " + declared + " bytes");
                }
                return data;
            }
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (data.length > maxBytes) {
                throw new ApiException(413, "request body too large: more than " + maxBytes + " bytes");
            }
            return data;
        }
    }

    public void json(int status, byte[] body) {
        send(status, JSON, body);
    }

    public void json(byte[] body) {
        send(200, JSON, body);
    }

    /** Plain text as Loki's errors: {@code text/plain; charset=utf-8} with {@code nosniff}. */
    public void text(int status, String body) {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        send(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    public void noContent() {
        answer();
        response.setStatus(204);
        callback.succeeded();
    }

    public void send(int status, String contentType, byte[] body) {
        answer();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * Reads and drops a request body nobody has read, when it is at most {@code maxBytes} long, so that an
     * answer given before the body was read (a 401 for a push without a tenant, a 413, a 405) reaches a
     * client that is still sending it and the connection stays open. Go's HTTP server, which Loki uses, does
     * the same for up to 256 KiB. A longer or unfinished body is left alone: Jetty then closes the connection
     * after the answer, as Go does.
     */
    void discardUnreadBody(long maxBytes) {
        if (bodyTaken || answered) {
            return;
        }
        bodyTaken = true;
        long declared = request.getLength();
        if (declared == 0 || declared > maxBytes) {
            return;
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] drop = new byte[8192];
            long left = maxBytes;
            for (int n; left > 0 && (n = in.read(drop, 0, (int) Math.min(drop.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or sent a broken body: the answer is still given, Jetty closes the connection.
        }
    }

    /** Marks the exchange as answered by someone else (e.g. a WebSocket upgrade). */
    void handedOff() {
        answer();
    }

    boolean answered() {
        return answered;
    }

    private void answer() {
        if (answered) {
            throw new IllegalStateException("answered twice: " + path);
        }
        answered = true;
    }
}
