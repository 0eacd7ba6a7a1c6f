package dev.plg.alerting;

import static java.util.Objects.requireNonNull;

import dev.plg.alerting.notify.AlertmanagerForwarder;
import dev.plg.alerting.notify.Dispatcher;
import dev.plg.alerting.notify.NotificationConfig;
import dev.plg.alerting.notify.NotificationConfigLoader;
import dev.plg.alerting.notify.NotificationLog;
import dev.plg.alerting.remote.RemoteWriter;
import dev.plg.alerting.rules.RuleStore;
import dev.plg.query.QueryEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting component, wired: rule store → {@link Ruler} (through the query engine) →
 * {@link Dispatcher} (Grafana contact points and policy) and Alertmanager forwarding, recording
 * rules → remote_write. One scheduler thread calls {@link #tick()} every
 * {@link AlertingOptions#tickInterval()}; deliveries run on per-receiver virtual threads.
 *
 * <p>Lifecycle: {@link #start} once, {@link #close()} once (idempotent). Thread-safe.
 */
public final class Alerting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);
    static final String NOTIFICATION_LOG_FILE = "notification-log.json";

    private final AlertingOptions options;
    private final RuleStore store;
    private final Ruler ruler;
    private final Dispatcher dispatcher;
    private final AlertmanagerForwarder forwarder;
    private final RemoteWriter remoteWriter;
    private final NotificationLog log;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private volatile boolean closed;

    private Alerting(AlertingOptions options, QueryEngine engine, StateHistorySink history) {
        this.options = options;
        this.store = new RuleStore(options.rulesDirectory());
        NotificationConfig config = NotificationConfigLoader.load(options.provisioningDirectory(), options.env());
        this.http = HttpClient.newBuilder().connectTimeout(options.sendTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.log = new NotificationLog(options.dataDirectory().resolve(NOTIFICATION_LOG_FILE), options.clock());
        this.dispatcher = new Dispatcher(config, log, options.clock(), options.uiBaseUrl(), options.retry(), http,
                options.sendTimeout(), "PLG");
        this.forwarder = new AlertmanagerForwarder(options.alertmanagerUrls(), log, options.clock(),
                options.resendDelay(), options.uiBaseUrl(), options.retry(), http, options.sendTimeout());
        this.remoteWriter = options.remoteWriteUrl() == null || options.remoteWriteUrl().isEmpty() ? null
                : new RemoteWriter(URI.create(options.remoteWriteUrl()), "", http, options.sendTimeout(),
                        options.retry().initialBackoff(), options.retry().maxAttempts());
        this.ruler = new Ruler(store, engine, options, alerts -> {
            dispatcher.put(alerts);
            forwarder.put(alerts);
        }, samples -> {
            if (remoteWriter != null) {
                remoteWriter.write(samples);
            }
        }, history);
        List<String> errors = ruler.reload();
        LOG.info("alerting started: {} rule group(s) from {}, {} refused file(s), {} contact point(s)",
                ruler.status(null).size(), options.rulesDirectory(), errors.size(), config.contactPoints().size());
        if (options.tickInterval().isZero()) {
            scheduler = null;
        } else {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("plg-ruler").daemon().factory());
            long ms = options.tickInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::safeTick, 0, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Loads rules and provisioning, restores state, and (unless {@code tickInterval} is zero)
     * starts evaluating.
     *
     * @throws IllegalArgumentException when the provisioning files are invalid (names the file)
     */
    public static Alerting start(AlertingOptions options, QueryEngine engine) {
        return start(options, engine, StateHistorySink.NONE);
    }

    /**
     * As {@link #start(AlertingOptions, QueryEngine)}, writing every alert state change to
     * {@code history} as Grafana's Loki state history ({@link StateHistory}).
     */
    public static Alerting start(AlertingOptions options, QueryEngine engine, StateHistorySink history) {
        requireNonNull(options, "options is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(history, "history is null");
        return new Alerting(options, engine, history);
    }

    /** One scheduler step: evaluate due groups, then flush due notification groups. */
    public void tick() {
        if (closed) {
            return;
        }
        ruler.evaluateDue();
        dispatcher.flushDue();
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("ruler tick failed", e);
        }
    }

    /** Re-reads the rules directory now (after an API change); returns refused files. */
    public List<String> reload() {
        return ruler.reload();
    }

    public AlertingOptions options() {
        return options;
    }

    public RuleStore ruleStore() {
        return store;
    }

    public Ruler ruler() {
        return ruler;
    }

    /** Status of the tenant's groups ({@code null}: all tenants). */
    public List<GroupStatus> status(String tenant) {
        return ruler.status(tenant);
    }

    public NotificationLog notificationLog() {
        return log;
    }

    /** Aggregation groups currently held by the dispatcher. */
    public int notificationGroups() {
        return dispatcher.groupCount();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dispatcher.close();
        forwarder.close();
        if (remoteWriter != null) {
            remoteWriter.close();
        }
        http.shutdownNow();
    }
}
