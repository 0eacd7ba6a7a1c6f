package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message to one integration: the alerts of an aggregation group (Alertmanager's template
 * data). Firing alerts come first, then resolved ones.
 */
public record Notification(String receiver, String integrationUid, String groupKey, Map<String, String> groupLabels,
                           List<Alert> alerts, String externalUrl, Duration groupInterval, Instant createdAt) {
    public Notification {
        requireNonNull(receiver, "receiver is null");
        requireNonNull(integrationUid, "integrationUid is null");
        requireNonNull(groupKey, "groupKey is null");
        groupLabels = new TreeMap<>(requireNonNull(groupLabels, "groupLabels is null"));
        alerts = List.copyOf(requireNonNull(alerts, "alerts is null"));
        requireNonNull(externalUrl, "externalUrl is null");
        requireNonNull(groupInterval, "groupInterval is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** {@code firing} when any alert fires, else {@code resolved}. */
    public String status() {
        return firing().isEmpty() ? "resolved" : "firing";
    }

    public List<Alert> firing() {
        return alerts.stream().filter(a -> !a.resolved()).toList();
    }

    public List<Alert> resolved() {
        return alerts.stream().filter(Alert::resolved).toList();
    }

    /** Labels every alert shares with the same value. */
    public Map<String, String> commonLabels() {
        return common(alerts.stream().map(Alert::labels).toList());
    }

    public Map<String, String> commonAnnotations() {
        return common(alerts.stream().map(Alert::annotations).toList());
    }

    private static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>(maps.getFirst());
        for (Map<String, String> m : maps.subList(1, maps.size())) {
            out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return out;
    }

    /** Grafana's {@code default.title}: {@code [FIRING:1] <group values> (<other common values>)}. */
    public String title() {
        StringBuilder b = new StringBuilder("[").append(status().toUpperCase());
        if (status().equals("firing")) {
            b.append(':').append(firing().size());
            if (!resolved().isEmpty()) {
                b.append(", RESOLVED:").append(resolved().size());
            }
        }
        b.append("] ").append(String.join(" ", groupLabels.values())).append(' ');
        Map<String, String> common = commonLabels();
        if (common.size() > groupLabels.size()) {
            Map<String, String> rest = new TreeMap<>(common);
            rest.keySet().removeAll(groupLabels.keySet());
            b.append('(').append(String.join(" ", rest.values())).append(')');
        }
        return b.toString();
    }

    /** Grafana's {@code default.message} with each alert's value, labels, annotations and Explore link. */
    public String message() {
        StringBuilder b = new StringBuilder();
        List<Alert> firing = firing();
        List<Alert> resolved = resolved();
        if (!firing.isEmpty()) {
            b.append("**Firing**\n");
            alertList(b, firing);
            if (!resolved.isEmpty()) {
                b.append("\n\n");
            }
        }
        if (!resolved.isEmpty()) {
            b.append("**Resolved**\n");
            alertList(b, resolved);
        }
        return b.toString();
    }

    private static void alertList(StringBuilder b, List<Alert> alerts) {
        for (Alert a : alerts) {
            b.append("\nValue: ").append(dev.plg.alerting.template.GoFormat.v(a.value())).append("\nLabels:\n");
            a.labels().forEach((k, v) -> b.append(" - ").append(k).append(" = ").append(v).append('\n'));
            b.append("Annotations:\n");
            a.annotations().forEach((k, v) -> b.append(" - ").append(k).append(" = ").append(v).append('\n'));
            if (!a.generatorUrl().isEmpty()) {
                b.append("Source: ").append(a.generatorUrl()).append('\n');
            }
        }
    }

    /** The group's common generator URL, else the UI's alert list. */
    public String titleLink() {
        List<String> urls = new ArrayList<>(alerts.stream().map(Alert::generatorUrl).distinct().toList());
        if (urls.size() == 1 && !urls.getFirst().isEmpty()) {
            return urls.getFirst();
        }
        return externalUrl.replaceAll("/+$", "") + "/alerting/list";
    }

    /** A copy without the alerts an integration must not see (resolved ones when it disables resolve messages). */
    public Notification withAlerts(List<Alert> keep) {
        return new Notification(receiver, integrationUid, groupKey, groupLabels, keep, externalUrl, groupInterval, createdAt);
    }

    static Map<String, String> ordered(Map<String, String> m) {
        return new LinkedHashMap<>(new TreeMap<>(m));
    }
}
