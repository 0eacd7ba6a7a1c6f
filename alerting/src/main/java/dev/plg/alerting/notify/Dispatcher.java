package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Alertmanager's dispatcher, in process: routes alerts through the policy tree into aggregation
 * groups (route × {@code group_by} label values), flushes a new group after {@code group_wait}
 * and then every {@code group_interval}, and for each integration of the group's contact point
 * decides from the {@link NotificationLog} whether to notify (new firing alerts, newly resolved
 * ones unless {@code disableResolveMessage}, or {@code repeat_interval} elapsed). Resolved alerts
 * leave the group after the flush that reported them.
 *
 * <p>Thread-safe. {@link #put} and {@link #flushDue} are called by the ruler's thread; delivery
 * callbacks come from the queues' threads. Nothing here blocks on a receiver.
 */
public final class Dispatcher implements AutoCloseable {
    /** An alert not refreshed by the ruler for this long (its rule was deleted) counts as resolved; Alertmanager's resolve_timeout. */
    static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(5);

    private static final class Group {
        final Route route;
        final String key;
        final Map<String, String> labels;
        final Map<String, Alert> alerts = new LinkedHashMap<>();
        final Map<String, Instant> updated = new HashMap<>();
        Instant nextFlush;
        int inFlight;

        Group(Route route, String key, Map<String, String> labels, Instant nextFlush) {
            this.route = route;
            this.key = key;
            this.labels = labels;
            this.nextFlush = nextFlush;
        }
    }

    private final NotificationConfig config;
    private final NotificationLog log;
    private final InstantSource clock;
    private final String externalUrl;
    private final Map<String, DeliveryQueue> queues = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    /** Entries of notifications still being delivered: they count as sent until they fail. */
    private final Map<String, NotificationLog.Entry> inFlight = new HashMap<>();

    /**
     * @param externalUrl the UI's base URL (links in messages)
     * @param footer Slack footer text
     */
    public Dispatcher(NotificationConfig config, NotificationLog log, InstantSource clock, String externalUrl,
                      RetryPolicy retry, HttpClient http, Duration sendTimeout, String footer) {
        this.config = requireNonNull(config, "config is null");
        this.log = requireNonNull(log, "log is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        HttpSender sender = new HttpSender(http, sendTimeout);
        for (ContactPoint cp : config.contactPoints()) {
            for (ContactPoint.Integration in : cp.integrations()) {
                Notifier n = switch (in.type()) {
                    case "slack" -> new SlackNotifier(in, sender, footer);
                    case "webhook" -> new WebhookNotifier(in, sender);
                    case "prometheus-alertmanager" -> new AlertmanagerNotifier(in.setting("url", ""),
                            in.setting("basicAuthUser", ""), in.setting("basicAuthPassword", ""), sender);
                    default -> throw new IllegalArgumentException("unsupported integration type " + in.type());
                };
                queues.put(in.uid(), new DeliveryQueue(cp.name() + "/" + in.uid(), n, retry, log, clock));
            }
        }
    }

    public NotificationLog log() {
        return log;
    }

    /** Adds or refreshes alerts (firing ones and recently resolved ones) from one evaluation. */
    public synchronized void put(Collection<Alert> alerts) {
        if (config.policy() == null) {
            return;
        }
        Instant now = clock.instant();
        for (Alert a : alerts) {
            for (Route.Matched m : config.policy().match(a.labels())) {
                Map<String, String> gl = new TreeMap<>();
                for (Map.Entry<String, String> e : a.labels().entrySet()) {
                    if (m.route().groupByAll() || m.route().groupBy().contains(e.getKey())) {
                        gl.put(e.getKey(), e.getValue());
                    }
                }
                String key = m.path() + ":" + format(gl) + "/" + m.route().receiver();
                Group g = groups.computeIfAbsent(key, k -> new Group(m.route(), k, gl, now.plus(m.route().groupWait())));
                g.alerts.put(a.fingerprint(), a);
                g.updated.put(a.fingerprint(), now);
            }
        }
    }

    /** Flushes every group whose time has come. */
    public synchronized void flushDue() {
        Instant now = clock.instant();
        for (Group g : new ArrayList<>(groups.values())) {
            if (!now.isBefore(g.nextFlush) && g.inFlight == 0) {
                flush(g, now);
                g.nextFlush = now.plus(g.route.groupInterval());
                if (g.alerts.isEmpty()) {
                    groups.remove(g.key);
                }
            }
        }
    }

    /** Number of aggregation groups (for tests and metrics). */
    public synchronized int groupCount() {
        return groups.size();
    }

    private void flush(Group g, Instant now) {
        for (Map.Entry<String, Alert> e : g.alerts.entrySet()) {
            Alert a = e.getValue();
            if (!a.resolved() && g.updated.get(e.getKey()).plus(RESOLVE_TIMEOUT).isBefore(now)) {
                e.setValue(new Alert(a.labels(), a.annotations(), a.startsAt(), now, a.generatorUrl(), a.value()));
            }
        }
        List<Alert> sorted = g.alerts.values().stream()
                .sorted(Comparator.comparing((Alert a) -> a.labels().toString())).toList();
        List<Alert> firing = sorted.stream().filter(a -> !a.resolved()).toList();
        List<Alert> resolved = sorted.stream().filter(Alert::resolved).toList();
        Set<String> firingFps = firing.stream().map(Alert::fingerprint).collect(Collectors.toSet());
        Set<String> resolvedFps = resolved.stream().map(Alert::fingerprint).collect(Collectors.toSet());
        ContactPoint cp = config.contactPoint(g.route.receiver());
        for (ContactPoint.Integration in : cp.integrations()) {
            String logKey = in.uid() + "|" + g.key;
            DeliveryQueue q = queues.get(in.uid());
            boolean sendResolved = !in.disableResolveMessage();
            boolean resend = q.notifier().resendEveryInterval() && !firing.isEmpty();
            NotificationLog.Entry last = inFlight.containsKey(logKey) ? inFlight.get(logKey) : log.get(logKey);
            if (!resend && !needsUpdate(last, firingFps, resolvedFps, sendResolved, g.route.repeatInterval(), now)) {
                continue;
            }
            List<Alert> payload = new ArrayList<>(firing);
            if (sendResolved) {
                payload.addAll(resolved);
            }
            NotificationLog.Entry entry = new NotificationLog.Entry(firingFps, resolvedFps, now);
            if (payload.isEmpty()) {
                log.record(logKey, entry);
                continue;
            }
            Notification n = new Notification(g.route.receiver(), in.uid(), groupKey(g), g.labels, payload, externalUrl,
                    g.route.groupInterval(), now);
            g.inFlight++;
            inFlight.put(logKey, entry);
            q.offer(new DeliveryQueue.Job(n, () -> done(g, logKey, entry, true), () -> done(g, logKey, entry, false)));
        }
        g.alerts.values().removeIf(Alert::resolved);
    }

    private synchronized void done(Group g, String logKey, NotificationLog.Entry entry, boolean delivered) {
        g.inFlight--;
        inFlight.remove(logKey, entry);
        if (delivered) {
            log.record(logKey, entry);
        }
    }

    /** Alertmanager's dedup stage. */
    static boolean needsUpdate(NotificationLog.Entry entry, Set<String> firing, Set<String> resolved, boolean sendResolved,
                               Duration repeat, Instant now) {
        if (entry == null) {
            return !firing.isEmpty();
        }
        if (!entry.firing().isEmpty() && firing.isEmpty()) {
            return true;
        }
        if (!entry.firing().containsAll(firing)) {
            return true;
        }
        if (sendResolved && !entry.resolved().containsAll(resolved)) {
            return true;
        }
        if (firing.isEmpty()) {
            return false;
        }
        return !entry.timestamp().plus(repeat).isAfter(now);
    }

    private static String groupKey(Group g) {
        int slash = g.key.lastIndexOf('/');
        return g.key.substring(0, slash);
    }

    static String format(Map<String, String> labels) {
        StringBuilder b = new StringBuilder("{");
        labels.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append("=\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        return b.append('}').toString();
    }

    @Override
    public void close() {
        queues.values().forEach(DeliveryQueue::close);
    }
}
