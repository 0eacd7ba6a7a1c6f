package dev.plg.ui.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Proxies one browser websocket to the data source's {@code /loki/api/v1/tail} websocket, as Grafana's
 * data source proxy does for Explore's live tail.
 *
 * <p>The upstream connection is opened before the browser's upgrade is accepted, so a LogQL parse error
 * (Loki answers 400 before upgrading) reaches the browser as a plain HTTP 400 with Loki's text. Frames
 * from upstream are requested one at a time and only after the browser session is open, so nothing is
 * lost or buffered without bound. Client frames are forwarded as-is (Loki ignores them).
 */
public final class TailProxy implements WebSocketCreator {
    private static final Logger LOG = LoggerFactory.getLogger(TailProxy.class);
    /** Time allowed for the upstream handshake; Loki answers immediately unless it is down. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final URI upstream;
    private final Map<String, String> headers;

    TailProxy(HttpClient client, URI upstream, Map<String, String> headers) {
        this.client = requireNonNull(client, "client is null");
        this.upstream = requireNonNull(upstream, "upstream is null");
        this.headers = Map.copyOf(headers);
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        Bridge bridge = new Bridge();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        headers.forEach(builder::header);
        try {
            bridge.upstream = builder.buildAsync(upstream, bridge).get(CONNECT_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
            return bridge;
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException || e instanceof CompletionException
                    ? e.getCause() : e;
            if (cause instanceof WebSocketHandshakeException handshake) {
                int status = handshake.getResponse().statusCode();
                String text = explainRefusal(status);
                Response.writeError(request, response, callback, status >= 400 ? status : 502, text);
            } else {
                LOG.warn("cannot open tail websocket to {}: {}", upstream, String.valueOf(cause));
                Response.writeError(request, response, callback, 502,
                        "cannot connect to the data source at " + upstream.getHost() + ":" + upstream.getPort() + ": " + cause);
            }
            return null;
        }
    }

    /**
     * The JDK client drops the body of a refused handshake; Loki validates the query before upgrading,
     * so a plain GET of the same URL returns the same status with Loki's error text.
     */
    private String explainRefusal(int status) {
        String fallback = "tail request failed with HTTP " + status;
        try {
            URI http = URI.create(upstream.toString().replaceFirst("^ws", "http"));
            java.net.http.HttpRequest.Builder get = java.net.http.HttpRequest.newBuilder(http).timeout(CONNECT_TIMEOUT).GET();
            headers.forEach(get::header);
            java.net.http.HttpResponse<String> answer = client.send(get.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            String body = answer.body() == null ? "" : answer.body().strip();
            return answer.statusCode() == status && !body.isEmpty() ? body : fallback;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return fallback;
        }
    }

    /** Browser-side endpoint and upstream listener of one proxied tail. */
    public static final class Bridge implements Session.Listener.AutoDemanding, WebSocket.Listener {
        volatile WebSocket upstream;
        private volatile Session browser;
        private final StringBuilder partial = new StringBuilder();

        // browser side
        @Override
        public void onWebSocketOpen(Session session) {
            browser = session;
            upstream.request(1);
        }

        @Override
        public void onWebSocketText(String message) {
            WebSocket up = upstream;
            if (up != null) {
                up.sendText(message, true);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
            WebSocket up = upstream;
            if (up != null && !up.isOutputClosed()) {
                up.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(t -> null);
            }
            if (up != null) {
                up.abort();
            }
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            WebSocket up = upstream;
            if (up != null) {
                up.abort();
            }
        }

        // upstream side
        @Override
        public void onOpen(WebSocket webSocket) {
            // Deliberately no request(1): frames are pulled once the browser session is open.
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (!last) {
                webSocket.request(1);
                return null;
            }
            String message = partial.toString();
            partial.setLength(0);
            CompletableFuture<Void> sent = new CompletableFuture<>();
            Session session = browser;
            if (session == null || !session.isOpen()) {
                webSocket.abort();
                return null;
            }
            session.sendText(message, org.eclipse.jetty.websocket.api.Callback.from(
                    () -> { sent.complete(null); webSocket.request(1); },
                    failure -> { sent.complete(null); webSocket.abort(); }));
            return sent;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            Session session = browser;
            if (session != null && session.isOpen()) {
                int code = statusCode == WebSocket.NORMAL_CLOSURE || statusCode == StatusCode.SERVER_ERROR ? statusCode : StatusCode.NORMAL;
                session.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            Session session = browser;
            if (session != null && session.isOpen()) {
                session.close(StatusCode.SERVER_ERROR, "data source connection failed: " + error.getMessage(),
                        org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
        }
    }
}
