package dev.plg.alerting.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grafana's webhook integration: the Alertmanager webhook JSON ({@code receiver}, {@code status},
 * {@code alerts[]}, {@code groupLabels}, {@code commonLabels}, {@code commonAnnotations},
 * {@code externalURL}, {@code groupKey}, {@code truncatedAlerts}) plus Grafana's {@code version "1"},
 * {@code orgId}, {@code title}, {@code state} and {@code message}. Settings: {@code url},
 * {@code httpMethod} (POST|PUT), {@code username}/{@code password} (basic auth),
 * {@code authorization_scheme}/{@code authorization_credentials}, {@code maxAlerts}.
 */
public final class WebhookNotifier implements Notifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final ContactPoint.Integration integration;
    private final HttpSender http;

    WebhookNotifier(ContactPoint.Integration integration, HttpSender http) {
        this.integration = integration;
        this.http = http;
    }

    public static ObjectNode payload(Notification n, int maxAlerts) {
        ObjectNode root = JSON.createObjectNode();
        root.put("receiver", n.receiver());
        root.put("status", n.status());
        root.put("orgId", 1);
        List<Alert> alerts = maxAlerts > 0 && n.alerts().size() > maxAlerts ? n.alerts().subList(0, maxAlerts) : n.alerts();
        ArrayNode arr = root.putArray("alerts");
        for (Alert a : alerts) {
            ObjectNode o = arr.addObject();
            o.put("status", a.resolved() ? "resolved" : "firing");
            putMap(o.putObject("labels"), a.labels());
            putMap(o.putObject("annotations"), a.annotations());
            o.put("startsAt", time(a.startsAt()));
            o.put("endsAt", a.endsAt() == null ? ZERO_TIME : time(a.endsAt()));
            o.put("generatorURL", a.generatorUrl());
            o.put("fingerprint", a.fingerprint());
            o.put("silenceURL", "");
            o.put("dashboardURL", "");
            o.put("panelURL", "");
            o.putObject("values").put("A", a.value());
            o.put("valueString", "[ var='A' labels={" + labelsText(a.labels()) + "} value="
                    + dev.plg.alerting.template.GoFormat.v(a.value()) + " ]");
        }
        putMap(root.putObject("groupLabels"), n.groupLabels());
        putMap(root.putObject("commonLabels"), n.commonLabels());
        putMap(root.putObject("commonAnnotations"), n.commonAnnotations());
        root.put("externalURL", n.externalUrl());
        root.put("version", "1");
        root.put("groupKey", n.groupKey());
        root.put("truncatedAlerts", n.alerts().size() - alerts.size());
        root.put("title", n.title());
        root.put("state", n.status().equals("firing") ? "alerting" : "ok");
        root.put("message", n.message());
        return root;
    }

    private static String labelsText(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        labels.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return b.toString();
    }

    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    static void putMap(ObjectNode o, Map<String, String> m) {
        Notification.ordered(m).forEach(o::put);
    }

    @Override
    public void send(Notification n) throws NotifyException {
        int max = 0;
        try {
            max = Integer.parseInt(integration.setting("maxAlerts", "0"));
        } catch (NumberFormatException ignored) {
            // Grafana treats a bad maxAlerts as 0 (no limit)
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload(n, max));
        } catch (IOException e) {
            throw new NotifyException("cannot encode webhook body: " + e.getMessage(), false, e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "PLG");
        String user = integration.setting("username", "");
        if (!user.isEmpty()) {
            String token = user + ":" + integration.setting("password", "");
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        String credentials = integration.setting("authorization_credentials", "");
        if (!credentials.isEmpty()) {
            headers.put("Authorization", integration.setting("authorization_scheme", "Bearer") + " " + credentials);
        }
        http.send(integration.setting("httpMethod", "POST"), integration.setting("url", ""), headers, body);
    }
}
