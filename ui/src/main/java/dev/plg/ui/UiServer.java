package dev.plg.ui;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;

import dev.plg.ui.http.Sessions;
import dev.plg.ui.http.UiHandler;
import dev.plg.ui.provisioning.Provisioning;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The PLG web UI: Grafana's role in the seed. Loads the provisioning directory once at start, serves the
 * web app and proxies queries to each data source's Loki HTTP API (Grafana's {@code access: proxy}).
 *
 * <p>Lifecycle: {@link #start} returns a listening server; {@link #close} stops it (idempotent).
 */
public final class UiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UiServer.class);

    private final Server server;
    private final Provisioning provisioning;
    private final URI uri;

    private UiServer(Server server, Provisioning provisioning, URI uri) {
        this.server = server;
        this.provisioning = provisioning;
        this.uri = uri;
    }

    /**
     * Loads provisioning and starts listening.
     *
     * @throws dev.plg.ui.provisioning.ProvisioningException when a provisioning file is invalid
     * @throws IllegalStateException when the port cannot be bound
     */
    public static UiServer start(UiOptions options) {
        requireNonNull(options, "options is null");
        Provisioning loaded = Provisioning.load(options.provisioningDir(), options.env());
        Provisioning provisioning = options.lokiUrl().map(loaded::withLokiUrl).orElse(loaded);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("plg-ui");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        UiHandler handler = new UiHandler(provisioning,
                new Sessions(options.adminUser(), options.adminPassword(), InstantSource.system()),
                options.homeDashboardUid(), options.webRoot(), client);
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(5));
        });
        webSockets.setHandler(handler);
        server.setHandler(webSockets);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot start the UI on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        handler.setWebSocketContainer(webSockets.getServerWebSocketContainer());
        String host = options.host().equals("0.0.0.0") ? "localhost" : options.host();
        URI uri = URI.create("http://" + host + ":" + connector.getLocalPort());
        LOG.info("UI listening on {} ({} data sources, {} dashboards from {})", uri,
                provisioning.dataSources().size(), provisioning.dashboards().size(), options.provisioningDir());
        return new UiServer(server, provisioning, uri);
    }

    /** Base URL, e.g. {@code http://localhost:3000}. */
    public URI uri() {
        return uri;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    public int port() {
        return uri.getPort();
    }

    /** What was provisioned at start. */
    public Provisioning provisioning() {
        return provisioning;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the UI: " + e.getMessage(), e);
        }
    }
}
