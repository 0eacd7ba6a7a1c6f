package dev.plg.server;

import static java.util.Objects.requireNonNull;

import dev.plg.alerting.Alerting;
import dev.plg.alerting.AlertingOptions;
import dev.plg.alerting.http.RulerHandler;
import dev.plg.logging.demo.DemoOptions;
import dev.plg.logging.demo.DemoService;
import dev.plg.server.config.LokiConfig;
import dev.plg.server.http.HttpServer;
import dev.plg.server.http.LokiApi;
import dev.plg.server.http.PushTarget;
import dev.plg.server.http.ReadBackend;
import dev.plg.query.QueryEngine;
import dev.plg.store.LogStore;
import dev.plg.store.PushResult;
import dev.plg.store.StoreConfig;
import dev.plg.ui.UiOptions;
import dev.plg.ui.UiServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that constructs PLG's parts and starts them in the order data flows:
 * storage (WAL replay) → query → ruler → HTTP API → agent → demo → UI; {@link #close()} stops them in reverse.
 * Each part is optional except the store.
 */
public final class Stack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Stack.class);

    /**
     * What to run.
     *
     * @param store the Loki configuration of the store (listen address, data directory, limits)
     * @param demo when present, the demo service writing JSON logs
     * @param agent when present, the agent started after the API (Alloy config and its options)
     * @param alertingProvisioning Grafana alerting provisioning folder (contact points, policies) for the
     *     ruler; the ruler itself runs whenever {@code common.storage.filesystem.rules_directory} is set
     * @param ui when present, the web UI, pointed at this store
     */
    public record Options(LokiConfig store, Optional<DemoOptions> demo, Optional<AgentPart> agent,
                          Optional<Path> alertingProvisioning, Optional<UiOptions> ui) {
        public Options {
            requireNonNull(store, "store is null");
            requireNonNull(demo, "demo is null");
            requireNonNull(agent, "agent is null");
            requireNonNull(alertingProvisioning, "alertingProvisioning is null");
            requireNonNull(ui, "ui is null");
        }

        public Options(LokiConfig store, Optional<DemoOptions> demo, Optional<AgentPart> agent) {
            this(store, demo, agent, Optional.empty(), Optional.empty());
        }

        public static Options storeOnly(LokiConfig store) {
            return new Options(store, Optional.empty(), Optional.empty());
        }
    }

    /** A part started after the API, e.g. the agent; {@code start} returns what to close. */
    @FunctionalInterface
    public interface AgentPart {
        AutoCloseable start(String storePushUrl, Consumer<String> announce) throws Exception;
    }

    private final Deque<Named> started = new ArrayDeque<>();
    private final LogStore store;
    private final HttpServer http;

    private record Named(String name, AutoCloseable part) {
    }

    private Stack(LogStore store, HttpServer http) {
        this.store = store;
        this.http = http;
    }

    /**
     * Starts everything {@code options} asks for; {@code announce} receives one human line per
     * part saying where it listens or writes. On failure, what was started is stopped again.
     */
    public static Stack start(Options options, Consumer<String> announce) throws Exception {
        LokiConfig config = options.store();
        if (!config.ignoredKeys().isEmpty()) {
            LOG.info("config {}: accepted but not used by PLG: {}", config.source(), String.join(", ", config.ignoredKeys()));
        }
        Deque<Named> parts = new ArrayDeque<>();
        try {
            long t0 = System.nanoTime();
            StoreConfig storeConfig = StoreConfig.defaults(config.storage().dataDirectory())
                    .withRetentionEnabled(config.retentionEnabled());
            LogStore store = LogStore.open(storeConfig, config.limits());
            parts.push(new Named("store", store));
            LOG.info("store opened in {} ms ({})", millisSince(t0), storeConfig.dataDirectory().toAbsolutePath());

            QueryEngine engine = new QueryEngine(store, Backends.queryLimits(config));
            ReadBackend read = Backends.read(engine);

            RulerHandler ruler = null;
            if (!config.storage().rulesDirectory().isEmpty()) {
                AlertingOptions alertingOptions = AlertingOptions.defaults(Path.of(config.storage().rulesDirectory()),
                        storeConfig.dataDirectory().resolve("ruler"));
                if (options.alertingProvisioning().isPresent()) {
                    alertingOptions = alertingOptions.withProvisioning(options.alertingProvisioning().get(), System.getenv());
                }
                if (options.ui().isPresent()) {
                    UiOptions ui = options.ui().get();
                    String uiHost = ui.host().equals("0.0.0.0") ? "localhost" : ui.host();
                    alertingOptions = alertingOptions.withUiBaseUrl("http://" + uiHost + ":" + ui.port());
                }
                // alert state changes go into this store as Grafana's Loki state history ({from="state-history"}),
                // where the UI's dashboards read them back as annotations
                Alerting alerting = Alerting.start(alertingOptions, engine, (tenant, request) -> {
                    PushResult r = store.push(tenant, request);
                    if (r.category() != PushResult.Category.OK) {
                        LOG.warn("alert state history not stored: {}", r.message());
                    }
                });
                parts.push(new Named("alerting", alerting));
                ruler = new RulerHandler(alerting, config.authEnabled());
            }
            PushTarget push = Backends.push(store);
            LokiApi api = new LokiApi(new LokiApi.Settings(config.authEnabled(), config.limits().maxEntriesLimitPerQuery()),
                    push, read, () -> StoreMetricsText.format(store.metrics()), () -> ConfigYaml.format(config),
                    Stack::nowNanos);
            HttpServer http = new HttpServer(config.server().httpListenAddress(), config.server().httpListenPort(), api, ruler);
            http.start();
            parts.push(new Named("http", http));
            String host = config.server().httpListenAddress().isEmpty() ? "0.0.0.0" : config.server().httpListenAddress();
            String shownHost = host.equals("0.0.0.0") ? "localhost" : host;
            announce.accept("store   http://" + shownHost + ":" + http.port() + "  (Loki API; data in "
                    + storeConfig.dataDirectory() + ")");

            if (ruler != null) {
                announce.accept("ruler   rules from " + config.storage().rulesDirectory() + " (Loki ruler API on the store's port)");
            }

            Stack stack = new Stack(store, http);
            if (options.agent().isPresent()) {
                String connectHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
                AutoCloseable agent = options.agent().get().start(
                        "http://" + connectHost + ":" + http.port() + "/loki/api/v1/push", announce);
                parts.push(new Named("agent", agent));
            }
            if (options.demo().isPresent()) {
                DemoService demo = new DemoService(options.demo().get());
                Thread thread = Thread.ofPlatform().name("plg-demo").daemon().start(demo);
                parts.push(new Named("demo", () -> {
                    demo.close();
                    thread.join(Duration.ofSeconds(5));
                }));
                announce.accept("demo    writing " + demo.logFile());
            }
            if (options.ui().isPresent()) {
                String connectHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
                UiServer ui = UiServer.start(options.ui().get().withLokiUrl(URI.create("http://" + connectHost + ":" + http.port())));
                parts.push(new Named("ui", ui));
                announce.accept("ui      " + ui.uri() + "  (explore, dashboards, live tail)");
            }
            stack.started.addAll(parts);
            return stack;
        } catch (Exception | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    public int httpPort() {
        return http.port();
    }

    public LogStore store() {
        return store;
    }

    /** Stops every part in reverse start order; each part is closed even if an earlier one fails. */
    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(Deque<Named> parts) {
        while (!parts.isEmpty()) {
            Named n = parts.pop();
            long t0 = System.nanoTime();
            try {
                n.part().close();
                LOG.info("stopped {} in {} ms", n.name(), millisSince(t0));
            } catch (Exception e) {
                LOG.warn("stopping {} failed", n.name(), e);
            }
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
