package dev.plg.server.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12 serving a {@link LokiApi}: one HTTP/1.1 connector, handlers run on virtual threads,
 * WebSocket upgrades for {@code /tail}. {@link #start()} and {@link #close()} are called once each.
 */
public final class HttpServer implements AutoCloseable {
    /** How long in-flight requests get to finish on shutdown. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Server server;
    private final ServerConnector connector;
    private final LokiApi api;

    public HttpServer(String host, int port, LokiApi api) {
        this(host, port, api, null);
    }

    /**
     * @param front when not {@code null}, a handler asked first (the ruler API); requests it declines
     *     go to the Loki API
     */
    public HttpServer(String host, int port, LokiApi api, Handler front) {
        this.api = api;
        QueuedThreadPool threads = new QueuedThreadPool(16, 2, 60_000);
        threads.setName("plg-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("plg-http-v", 0).factory()));
        server = new Server(threads);
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(true);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(host == null || host.isEmpty() ? null : host);
        connector.setPort(port);
        connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofHours(1));
            container.setMaxTextMessageSize(1 << 20);
        });
        ws.setHandler(front == null ? api : new Handler.Sequence(front, api));
        server.setHandler(ws);
        api.tailEndpoint().container(ws.getServerWebSocketContainer());
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public InetSocketAddress address() {
        String host = connector.getHost();
        return new InetSocketAddress(host == null ? "0.0.0.0" : host, port());
    }

    @Override
    public void close() throws Exception {
        api.markStopping();
        server.stop();
        api.tailEndpoint().close();
    }
}
