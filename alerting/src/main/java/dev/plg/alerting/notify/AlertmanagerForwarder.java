package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loki's {@code ruler.alertmanager_url}: every firing alert goes to each Alertmanager (API v2)
 * when it starts firing and again every {@code resendDelay} (Prometheus' {@code resend_delay},
 * 1m), and a resolved alert once when it resolves; routing, grouping and silencing are then
 * Alertmanager's job. Thread-safe; sends through one {@link DeliveryQueue} per URL.
 */
public final class AlertmanagerForwarder implements AutoCloseable {
    private record Sent(Instant at, boolean resolved) {
    }

    private final List<DeliveryQueue> queues = new ArrayList<>();
    private final InstantSource clock;
    private final Duration resendDelay;
    private final String externalUrl;
    private final Map<String, Sent> sent = new HashMap<>();

    public AlertmanagerForwarder(List<String> urls, NotificationLog log, InstantSource clock, Duration resendDelay,
                                 String externalUrl, RetryPolicy retry, HttpClient http, Duration sendTimeout) {
        this.clock = requireNonNull(clock, "clock is null");
        this.resendDelay = requireNonNull(resendDelay, "resendDelay is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        HttpSender sender = new HttpSender(http, sendTimeout);
        for (String url : urls) {
            queues.add(new DeliveryQueue("alertmanager " + HttpSender.redact(url),
                    new AlertmanagerNotifier(url, "", "", sender), retry, log, clock));
        }
    }

    /** Sends what is due among {@code alerts} (one evaluation's firing and recently resolved alerts). */
    public synchronized void put(Collection<Alert> alerts) {
        if (queues.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Alert> due = new ArrayList<>();
        for (Alert a : alerts) {
            Sent s = sent.get(a.fingerprint());
            boolean send = a.resolved() ? s != null && !s.resolved()
                    : s == null || s.resolved() || !s.at().plus(resendDelay).isAfter(now);
            if (send) {
                due.add(a);
                sent.put(a.fingerprint(), new Sent(now, a.resolved()));
            }
        }
        sent.values().removeIf(s -> s.resolved() && s.at().plus(Duration.ofHours(1)).isBefore(now));
        if (due.isEmpty()) {
            return;
        }
        Notification n = new Notification("alertmanager", "alertmanager_url", "{}", Map.of(), due, externalUrl,
                resendDelay, now);
        for (DeliveryQueue q : queues) {
            q.offer(new DeliveryQueue.Job(n, () -> { }, () -> { }));
        }
    }

    @Override
    public void close() {
        queues.forEach(DeliveryQueue::close);
    }
}
