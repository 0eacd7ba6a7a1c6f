package dev.plg.alerting.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plg.alerting.Alerting;
import dev.plg.alerting.AlertState;
import dev.plg.alerting.GroupStatus;
import dev.plg.alerting.RuleStatus;
import dev.plg.alerting.notify.NotificationLog;
import dev.plg.alerting.rules.AlertingRule;
import dev.plg.alerting.rules.RecordingRule;
import dev.plg.alerting.rules.RuleFiles;
import dev.plg.alerting.rules.RuleGroup;
import dev.plg.alerting.rules.RuleValidationException;
import dev.plg.alerting.template.GoFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Loki's ruler HTTP API over {@link Alerting}, as a Jetty 12 core handler to put in front of the
 * Loki API: {@code GET/POST/DELETE /loki/api/v1/rules[/{namespace}[/{group}]]} (and the
 * {@code /api/prom/rules} alias Grafana uses) with YAML bodies, and the Prometheus-compatible
 * {@code GET /prometheus/api/v1/rules} and {@code /prometheus/api/v1/alerts} JSON that Grafana's
 * alerting UI reads. {@link #handle} returns {@code false} for any other path, so the next handler
 * answers it.
 *
 * <p>Tenant: {@code X-Scope-OrgID} when auth is enabled (401 {@code no org id} without it), else
 * {@code fake}. Handlers block (Jetty runs them on virtual threads). Thread-safe.
 */
public final class RulerHandler extends Handler.Abstract {
    static final String NO_AUTH_TENANT = "fake";
    /**
     * PLG's own status for the UI's Alerts page: refused rule files, the recent notification
     * deliveries, and each alert's last notification
     * ({@code {"status":"success","data":{"ruleFileErrors":[...],"deliveries":[...],"notifications":[...]}}}).
     * A notification is {@code {fingerprint, labels, alertStatus, time, receiver, integration, status,
     * attempts, error}}, newest first; {@code error} is empty when the receiver accepted it.
     */
    public static final String PLG_STATUS = "/plg/api/v1/alerting/status";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final long MAX_BODY = 1 << 20;

    private final Alerting alerting;
    private final boolean authEnabled;

    public RulerHandler(Alerting alerting, boolean authEnabled) {
        this.alerting = requireNonNull(alerting, "alerting is null");
        this.authEnabled = authEnabled;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String rest;
        if (path.equals("/loki/api/v1/rules") || path.startsWith("/loki/api/v1/rules/")) {
            rest = path.substring("/loki/api/v1/rules".length());
        } else if (path.equals("/api/prom/rules") || path.startsWith("/api/prom/rules/")) {
            rest = path.substring("/api/prom/rules".length());
        } else if (path.equals("/prometheus/api/v1/rules") || path.equals("/prometheus/api/v1/alerts")
                || path.equals(PLG_STATUS)) {
            rest = null;
        } else {
            return false;
        }
        String tenant = authEnabled ? request.getHeaders().get("X-Scope-OrgID") : NO_AUTH_TENANT;
        if (tenant == null || tenant.isEmpty()) {
            text(response, callback, 401, "no org id");
            return true;
        }
        try {
            if (rest == null) {
                if (!request.getMethod().equals("GET") && !request.getMethod().equals("POST")) {
                    text(response, callback, 405, "405 method not allowed");
                } else if (path.equals(PLG_STATUS)) {
                    json(response, callback, 200, plgStatus());
                } else if (path.endsWith("/rules")) {
                    json(response, callback, 200, success("groups", prometheusRules(tenant, Request.extractQueryParameters(request))));
                } else {
                    json(response, callback, 200, success("alerts", prometheusAlerts(tenant)));
                }
            } else {
                ruler(request, response, callback, tenant, rest);
            }
        } catch (RuleValidationException | IllegalArgumentException e) {
            text(response, callback, 400, e.getMessage());
        } catch (UncheckedIOException e) {
            String msg = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            text(response, callback, msg.startsWith("unable to read rule dir") ? 400 : 500, msg);
        } catch (RuntimeException e) {
            text(response, callback, 500, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return true;
    }

    private void ruler(Request request, Response response, Callback callback, String tenant, String rest) throws IOException {
        String[] parts = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/", -1);
        if (parts.length > 2) {
            text(response, callback, 404, "404 page not found");
            return;
        }
        String ns = parts.length > 0 ? URLDecoder.decode(parts[0], StandardCharsets.UTF_8) : null;
        String group = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        switch (request.getMethod()) {
            case "GET" -> {
                Map<String, List<RuleGroup>> all;
                try {
                    all = alerting.ruleStore().namespaces(tenant);
                } catch (UncheckedIOException e) {
                    if (ns == null) {
                        throw e; // Loki's exact answer for the listing: 400 unable to read rule dir ...
                    }
                    all = Map.of(); // Grafana's ruler probe (/rules/test/test) must see "not found", not an error
                }
                if (ns == null) {
                    if (all.isEmpty()) {
                        text(response, callback, 404, "no rule groups found");
                    } else {
                        yaml(response, callback, RuleFiles.formatNamespaces(all));
                    }
                    return;
                }
                List<RuleGroup> groups = all.get(ns);
                if (groups == null) {
                    text(response, callback, 404, group == null ? "no rule groups found" : "group does not exist");
                    return;
                }
                if (group == null) {
                    Map<String, List<RuleGroup>> one = new LinkedHashMap<>();
                    one.put(ns, groups);
                    yaml(response, callback, RuleFiles.formatNamespaces(one));
                    return;
                }
                for (RuleGroup g : groups) {
                    if (g.name().equals(group)) {
                        yaml(response, callback, RuleFiles.formatGroup(g));
                        return;
                    }
                }
                text(response, callback, 404, "group does not exist");
            }
            case "POST" -> {
                if (ns == null || group != null) {
                    text(response, callback, 405, "405 method not allowed");
                    return;
                }
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                if (body.length() > MAX_BODY) {
                    text(response, callback, 400, "rule group too large");
                    return;
                }
                RuleGroup g = RuleFiles.parseGroup(body);
                alerting.ruleStore().putGroup(tenant, ns, g);
                alerting.reload();
                accepted(response, callback);
            }
            case "DELETE" -> {
                if (ns == null) {
                    text(response, callback, 405, "405 method not allowed");
                    return;
                }
                boolean removed = group == null ? alerting.ruleStore().deleteNamespace(tenant, ns)
                        : alerting.ruleStore().deleteGroup(tenant, ns, group);
                if (!removed) {
                    text(response, callback, 404, group == null ? "no rule groups found" : "group does not exist");
                    return;
                }
                alerting.reload();
                accepted(response, callback);
            }
            default -> text(response, callback, 405, "405 method not allowed");
        }
    }

    // ---- Prometheus-compatible JSON -----------------------------------------------------------

    private ArrayNode prometheusRules(String tenant, Fields params) {
        String type = params.getValue("type");
        if (type != null && !type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
            throw new IllegalArgumentException("unsupported rule type \"" + type + "\"");
        }
        List<String> files = values(params, "file");
        List<String> groupNames = values(params, "rule_group");
        List<String> ruleNames = values(params, "rule_name");
        ArrayNode groups = JSON.createArrayNode();
        for (GroupStatus g : alerting.status(tenant)) {
            if (!files.isEmpty() && !files.contains(g.namespace()) || !groupNames.isEmpty() && !groupNames.contains(g.group().name())) {
                continue;
            }
            ObjectNode go = JSON.createObjectNode();
            go.put("name", g.group().name());
            go.put("file", g.namespace());
            ArrayNode rules = go.putArray("rules");
            for (RuleStatus r : g.rules()) {
                if (!ruleNames.isEmpty() && !ruleNames.contains(r.rule().name())) {
                    continue;
                }
                switch (r.rule()) {
                    case AlertingRule a -> {
                        if ("record".equals(type)) {
                            continue;
                        }
                        ObjectNode o = rules.addObject();
                        o.put("state", r.state().wire());
                        o.put("name", a.alert());
                        o.put("query", a.expr());
                        o.put("duration", seconds(a.forDuration()));
                        o.put("keepFiringFor", seconds(a.keepFiringFor()));
                        labels(o.putObject("labels"), a.labels());
                        labels(o.putObject("annotations"), a.annotations());
                        ArrayNode alerts = o.putArray("alerts");
                        for (RuleStatus.ActiveAlert al : r.alerts()) {
                            alert(alerts.addObject(), al);
                        }
                        health(o, r);
                        o.put("type", "alerting");
                        o.put("lastEvaluation", time(r.lastEvaluation()));
                        o.put("evaluationTime", seconds(r.evaluationTime()));
                    }
                    case RecordingRule rec -> {
                        if ("alert".equals(type)) {
                            continue;
                        }
                        ObjectNode o = rules.addObject();
                        o.put("name", rec.record());
                        o.put("query", rec.expr());
                        labels(o.putObject("labels"), rec.labels());
                        health(o, r);
                        o.put("type", "recording");
                        o.put("lastEvaluation", time(r.lastEvaluation()));
                        o.put("evaluationTime", seconds(r.evaluationTime()));
                    }
                }
            }
            if (rules.isEmpty() && (type != null && !type.isEmpty() || !ruleNames.isEmpty())) {
                continue;
            }
            go.put("interval", seconds(g.interval()));
            go.put("limit", g.group().limit());
            go.put("lastEvaluation", time(g.lastEvaluation()));
            go.put("evaluationTime", seconds(g.evaluationTime()));
            groups.add(go);
        }
        return groups;
    }

    private ArrayNode prometheusAlerts(String tenant) {
        ArrayNode alerts = JSON.createArrayNode();
        for (GroupStatus g : alerting.status(tenant)) {
            for (RuleStatus r : g.rules()) {
                for (RuleStatus.ActiveAlert a : r.alerts()) {
                    if (a.state() != AlertState.INACTIVE) {
                        alert(alerts.addObject(), a);
                    }
                }
            }
        }
        return alerts;
    }

    private ObjectNode plgStatus() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "success");
        ObjectNode data = root.putObject("data");
        ArrayNode errors = data.putArray("ruleFileErrors");
        alerting.ruler().loadErrors().forEach(errors::add);
        ArrayNode deliveries = data.putArray("deliveries");
        for (NotificationLog.Delivery d : alerting.notificationLog().deliveries().reversed()) {
            ObjectNode o = deliveries.addObject();
            o.put("time", time(d.time()));
            o.put("receiver", d.receiver());
            o.put("integration", d.integration());
            o.put("groupKey", d.groupKey());
            o.put("status", d.status());
            o.put("alerts", d.alerts());
            o.put("attempts", d.attempts());
            o.put("error", d.error());
        }
        ArrayNode notifications = data.putArray("notifications");
        for (NotificationLog.AlertNotification n : alerting.notificationLog().lastNotifications().reversed()) {
            ObjectNode o = notifications.addObject();
            o.put("fingerprint", n.fingerprint());
            labels(o.putObject("labels"), n.labels());
            o.put("alertStatus", n.alertStatus());
            NotificationLog.Delivery d = n.delivery();
            o.put("time", time(d.time()));
            o.put("receiver", d.receiver());
            o.put("integration", d.integration());
            o.put("status", d.status());
            o.put("attempts", d.attempts());
            o.put("error", d.error());
        }
        return root;
    }

    private static void alert(ObjectNode o, RuleStatus.ActiveAlert a) {
        labels(o.putObject("labels"), a.labels());
        labels(o.putObject("annotations"), a.annotations());
        o.put("state", a.state().wire());
        if (a.activeAt() != null) {
            o.put("activeAt", time(a.activeAt()));
        }
        o.put("value", GoFormat.shortestE(a.value()));
    }

    private static void health(ObjectNode o, RuleStatus r) {
        o.put("health", r.health());
        o.put("lastError", r.lastError());
    }

    private static void labels(ObjectNode o, Map<String, String> m) {
        new TreeMap<>(m).forEach(o::put);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String time(Instant t) {
        return t == null ? ZERO_TIME : DateTimeFormatter.ISO_INSTANT.format(t);
    }

    private static List<String> values(Fields params, String name) {
        List<String> out = new java.util.ArrayList<>();
        for (String key : List.of(name, name + "[]")) {
            List<String> v = params.getValues(key);
            if (v != null) {
                out.addAll(v);
            }
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    private static ObjectNode success(String key, ArrayNode items) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "success");
        root.putObject("data").set(key, items);
        root.put("errorType", "");
        root.put("error", "");
        return root;
    }

    // ---- responses ----------------------------------------------------------------------------

    private static void accepted(Response response, Callback callback) {
        send(response, callback, 202, "application/json",
                "{\"status\":\"success\",\"data\":null,\"errorType\":\"\",\"error\":\"\"}");
    }

    private static void json(Response response, Callback callback, int status, ObjectNode body) throws IOException {
        send(response, callback, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void yaml(Response response, Callback callback, String body) {
        send(response, callback, 200, "application/yaml", body);
    }

    private static void text(Response response, Callback callback, int status, String body) {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        send(response, callback, status, "text/plain; charset=utf-8", body);
    }

    private static void send(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
