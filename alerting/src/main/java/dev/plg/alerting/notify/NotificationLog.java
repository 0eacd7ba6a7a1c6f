package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was notified, per integration and aggregation group (Alertmanager's nflog): the firing and
 * resolved alert fingerprints of the last successful notification and when it was sent. Decides
 * whether a flush must notify again, and survives restarts (a JSON file under the data directory),
 * so a restarted PLG does not repeat a notification. Also keeps the last {@value #DELIVERIES}
 * delivery attempts for the UI. Thread-safe.
 */
public final class NotificationLog {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DELIVERIES = 200;
    /**
     * Alerts whose last notification is remembered (and saved with the log, so the UI still shows it
     * after a restart); beyond it the least recently notified are forgotten. Bounds the file to ~0.5 MB.
     */
    static final int ALERTS = 1000;
    /** Alertmanager keeps its log 120h; older entries cannot suppress anything a 4h repeat would not resend anyway. */
    static final Duration RETENTION = Duration.ofHours(120);

    /** The last successful notification of one group to one integration. */
    public record Entry(Set<String> firing, Set<String> resolved, Instant timestamp) {
        public Entry {
            firing = Set.copyOf(firing);
            resolved = Set.copyOf(resolved);
            requireNonNull(timestamp, "timestamp is null");
        }
    }

    /** One finished delivery: {@code error} is empty on success. */
    public record Delivery(Instant time, String receiver, String integration, String groupKey, String status,
                           int alerts, int attempts, String error) {
    }

    /**
     * The last finished delivery that carried one alert (for the UI's Alerts page).
     *
     * @param fingerprint {@link Alert#fingerprint()} of {@code labels}
     * @param alertStatus {@code firing} or {@code resolved}: what the message said about this alert
     */
    public record AlertNotification(String fingerprint, Map<String, String> labels, String alertStatus, Delivery delivery) {
        public AlertNotification {
            requireNonNull(fingerprint, "fingerprint is null");
            labels = Map.copyOf(requireNonNull(labels, "labels is null"));
            requireNonNull(alertStatus, "alertStatus is null");
            requireNonNull(delivery, "delivery is null");
        }
    }

    private final Path file;
    private final InstantSource clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private final ArrayDeque<Delivery> deliveries = new ArrayDeque<>();
    /** In order of notification, oldest first (re-inserted on every delivery). */
    private final LinkedHashMap<String, AlertNotification> lastByAlert = new LinkedHashMap<>();

    /** @param file where entries persist; {@code null} keeps them in memory only */
    public NotificationLog(Path file, InstantSource clock) {
        this.file = file;
        this.clock = requireNonNull(clock, "clock is null");
        load();
    }

    public synchronized Entry get(String key) {
        return entries.get(key);
    }

    public synchronized void record(String key, Entry entry) {
        entries.put(key, entry);
        Instant cutoff = clock.instant().minus(RETENTION);
        entries.values().removeIf(e -> e.timestamp().isBefore(cutoff));
        save();
    }

    public synchronized void delivered(Delivery d) {
        if (deliveries.size() == DELIVERIES) {
            deliveries.removeFirst();
        }
        deliveries.addLast(d);
    }

    /** Records a finished delivery and, for each alert it carried, that it was that alert's last notification. */
    public synchronized void delivered(Delivery d, List<Alert> alerts) {
        delivered(d);
        for (Alert a : alerts) {
            String fp = a.fingerprint();
            lastByAlert.remove(fp);
            lastByAlert.put(fp, new AlertNotification(fp, a.labels(), a.resolved() ? "resolved" : "firing", d));
        }
        while (lastByAlert.size() > ALERTS) {
            lastByAlert.pollFirstEntry();
        }
        if (!alerts.isEmpty()) {
            save();
        }
    }

    /** The last notification of every alert notified (up to {@value #ALERTS}), oldest first. */
    public synchronized List<AlertNotification> lastNotifications() {
        return new ArrayList<>(lastByAlert.values());
    }

    /** The last notification that carried the alert with this fingerprint, if remembered. */
    public synchronized Optional<AlertNotification> lastNotification(String fingerprint) {
        return Optional.ofNullable(lastByAlert.get(fingerprint));
    }

    /** Recent deliveries, oldest first. */
    public synchronized List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    private void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            root.path("entries").properties().forEach(e -> {
                JsonNode v = e.getValue();
                entries.put(e.getKey(), new Entry(strings(v.path("firing")), strings(v.path("resolved")),
                        Instant.ofEpochMilli(v.path("timestamp").asLong())));
            });
            for (JsonNode n : root.path("alerts")) {
                Map<String, String> labels = new java.util.TreeMap<>();
                n.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                JsonNode d = n.path("delivery");
                Delivery delivery = new Delivery(Instant.ofEpochMilli(d.path("time").asLong()), d.path("receiver").asText(),
                        d.path("integration").asText(), d.path("groupKey").asText(), d.path("status").asText(),
                        d.path("alerts").asInt(), d.path("attempts").asInt(), d.path("error").asText());
                String fp = n.path("fingerprint").asText();
                lastByAlert.put(fp, new AlertNotification(fp, labels, n.path("alertStatus").asText(), delivery));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable notification log {}: {}", file, e.toString());
        }
    }

    private static Set<String> strings(JsonNode arr) {
        Set<String> s = new TreeSet<>();
        arr.forEach(n -> s.add(n.asText()));
        return s;
    }

    private void save() {
        if (file == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ObjectNode es = root.putObject("entries");
        entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode o = es.putObject(e.getKey());
            e.getValue().firing().stream().sorted().forEach(o.putArray("firing")::add);
            e.getValue().resolved().stream().sorted().forEach(o.putArray("resolved")::add);
            o.put("timestamp", e.getValue().timestamp().toEpochMilli());
        });
        // each alert's last notification, oldest first (added in the same version 1: older readers ignore it)
        ArrayNode alerts = root.putArray("alerts");
        for (AlertNotification n : lastByAlert.values()) {
            ObjectNode o = alerts.addObject();
            o.put("fingerprint", n.fingerprint());
            ObjectNode l = o.putObject("labels");
            new java.util.TreeMap<>(n.labels()).forEach(l::put);
            o.put("alertStatus", n.alertStatus());
            Delivery d = n.delivery();
            ObjectNode od = o.putObject("delivery");
            od.put("time", d.time().toEpochMilli());
            od.put("receiver", d.receiver());
            od.put("integration", d.integration());
            od.put("groupKey", d.groupKey());
            od.put("status", d.status());
            od.put("alerts", d.alerts());
            od.put("attempts", d.attempts());
            od.put("error", d.error());
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot write notification log {}: {}", file, e.toString());
        }
    }
}
