package dev.plg.alerting.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's API v2: {@code POST <url>/api/v2/alerts} with a JSON array of
 * {@code {labels, annotations, startsAt, endsAt, generatorURL}}, as Prometheus and Loki's ruler
 * send it. A firing alert carries {@code endsAt = now + 4 × resend interval} so that Alertmanager
 * resolves it by itself if PLG stops sending, which is why it is re-sent every interval.
 * Used both as the {@code prometheus-alertmanager} contact point type and for the ruler's
 * {@code alertmanager_url}.
 */
public final class AlertmanagerNotifier implements Notifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String basicUser;
    private final String basicPassword;
    private final HttpSender http;

    AlertmanagerNotifier(String baseUrl, String basicUser, String basicPassword, HttpSender http) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.basicUser = basicUser;
        this.basicPassword = basicPassword;
        this.http = http;
    }

    /** The v2 body for {@code alerts}; firing alerts expire at {@code now + 4 × resend}. */
    public static ArrayNode payload(List<Alert> alerts, Instant now, Duration resend) {
        ArrayNode arr = JSON.createArrayNode();
        for (Alert a : alerts) {
            ObjectNode o = arr.addObject();
            WebhookNotifier.putMap(o.putObject("labels"), a.labels());
            WebhookNotifier.putMap(o.putObject("annotations"), a.annotations());
            o.put("startsAt", WebhookNotifier.time(a.startsAt()));
            o.put("endsAt", WebhookNotifier.time(a.endsAt() != null ? a.endsAt() : now.plus(resend.multipliedBy(4))));
            o.put("generatorURL", a.generatorUrl());
        }
        return arr;
    }

    @Override
    public void send(Notification n) throws NotifyException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload(n.alerts(), n.createdAt(), n.groupInterval()));
        } catch (IOException e) {
            throw new NotifyException("cannot encode alerts: " + e.getMessage(), false, e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "PLG");
        if (!basicUser.isEmpty()) {
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (basicUser + ":" + basicPassword).getBytes(StandardCharsets.UTF_8)));
        }
        http.send("POST", baseUrl + "/api/v2/alerts", headers, body);
    }

    @Override
    public boolean resendEveryInterval() {
        return true;
    }
}
