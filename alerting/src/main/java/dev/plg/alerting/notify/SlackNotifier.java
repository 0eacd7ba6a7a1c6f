package dev.plg.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grafana's Slack integration: one attachment per notification (title, title link, text, colour,
 * footer, timestamp; mentions in {@code pretext}), posted to an incoming webhook
 * ({@code settings.url}, success = body {@code ok}) or, with {@code settings.token}, to
 * {@code chat.postMessage} (success = JSON {@code "ok": true}).
 *
 * <p>The {@code title} and {@code text} settings are used only when they hold no template
 * ({@code {{ }}}); otherwise Grafana's default title and message are rendered.
 */
public final class SlackNotifier implements Notifier {
    static final String CHAT_POST_MESSAGE = "https://slack.com/api/chat.postMessage";
    static final String FOOTER_ICON = "https://grafana.com/static/assets/img/fav32.png";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContactPoint.Integration integration;
    private final HttpSender http;
    private final String footer;

    SlackNotifier(ContactPoint.Integration integration, HttpSender http, String footer) {
        this.integration = integration;
        this.http = http;
        this.footer = footer;
    }

    /** The JSON body Grafana would post for {@code n}. */
    public static ObjectNode payload(ContactPoint.Integration in, Notification n, String footer) {
        ObjectNode root = JSON.createObjectNode();
        putIfSet(root, "channel", in.setting("recipient", ""));
        putIfSet(root, "username", in.setting("username", "PLG"));
        putIfSet(root, "icon_emoji", in.setting("icon_emoji", ""));
        putIfSet(root, "icon_url", in.setting("icon_url", ""));
        ObjectNode att = root.putArray("attachments").addObject();
        String title = literalOr(in.setting("title", ""), n.title());
        if (title.codePointCount(0, title.length()) > 1024) {
            title = title.substring(0, title.offsetByCodePoints(0, 1023)) + "…";
        }
        att.put("title", title);
        att.put("title_link", n.titleLink());
        att.put("text", literalOr(in.setting("text", ""), n.message()));
        att.put("fallback", title);
        att.put("footer", footer);
        att.put("footer_icon", FOOTER_ICON);
        att.put("color", n.status().equals("firing") ? "#D63232" : "#36a64f");
        att.put("ts", n.createdAt().getEpochSecond());
        String pretext = mentions(in);
        if (!pretext.isEmpty()) {
            att.putArray("mrkdwn_in").add("pretext");
            att.put("pretext", pretext);
        }
        return root;
    }

    private static String literalOr(String setting, String dflt) {
        return setting.isEmpty() || setting.contains("{{") ? dflt : setting;
    }

    private static String mentions(ContactPoint.Integration in) {
        List<String> parts = new ArrayList<>();
        switch (in.setting("mentionChannel", "")) {
            case "here" -> parts.add("<!here|here>");
            case "channel" -> parts.add("<!channel|channel>");
            default -> {
            }
        }
        for (String g : in.setting("mentionGroups", "").split(",")) {
            if (!g.isBlank()) {
                parts.add("<!subteam^" + g.trim() + ">");
            }
        }
        for (String u : in.setting("mentionUsers", "").split(",")) {
            if (!u.isBlank()) {
                parts.add("<@" + u.trim() + ">");
            }
        }
        return String.join(" ", parts);
    }

    private static void putIfSet(ObjectNode o, String key, String value) {
        if (!value.isEmpty()) {
            o.put(key, value);
        }
    }

    @Override
    public void send(Notification n) throws NotifyException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload(integration, n, footer));
        } catch (IOException e) {
            throw new NotifyException("cannot encode Slack message: " + e.getMessage(), false, e);
        }
        String token = integration.setting("token", "");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("User-Agent", "PLG");
        String url = integration.setting("url", CHAT_POST_MESSAGE);
        if (!token.isEmpty()) {
            headers.put("Authorization", "Bearer " + token);
        }
        HttpSender.Reply reply = http.send("POST", url, headers, body);
        if (reply.contentType().startsWith("application/json")) {
            try {
                JsonNode r = JSON.readTree(reply.body());
                if (!r.path("ok").asBoolean(false)) {
                    throw new NotifyException("Slack API error: " + r.path("error").asText(reply.body()), false);
                }
            } catch (IOException e) {
                throw new NotifyException("Slack answered invalid JSON: " + HttpSender.abbreviate(reply.body()), false, e);
            }
        } else if (!reply.body().trim().equals("ok")) {
            throw new NotifyException("Slack webhook error: " + HttpSender.abbreviate(reply.body()), false);
        }
    }
}
