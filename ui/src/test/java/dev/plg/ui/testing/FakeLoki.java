package dev.plg.ui.testing;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A small Loki stand-in for tests: the read endpoints the UI calls ({@code query_range}, {@code query},
 * {@code labels}, {@code label/<n>/values}, the {@code tail} websocket) and JSON {@code push}, answering in
 * Loki 3.4's wire format. It understands only the LogQL the UI tests use:
 * a selector with {@code = != =~ !~} matchers, line filters {@code |= != |~}, {@code | json} with label
 * filters on parsed fields, and {@code [sum|count] [by (..)] (rate|count_over_time(<log query> [d])) [by (..)]}.
 * Anything else is answered with a Loki-style {@code parse error at line 1, col N: ...} 400.
 *
 * <p>Data: seed-style JSON lines from {@code app="python-starter-kit"} (services auth/api/worker, levels
 * info/warn/error/debug), one every 15 s over the six hours before start, from a fixed random seed.
 *
 * <p>Ruler: the seed rule {@code PythonStarterKitErrorRate} firing for {@code service="auth"} since 29 minutes
 * before start (pending 30 minutes before), in the answers of {@code /prometheus/api/v1/rules} and {@code /alerts},
 * PLG's {@code /plg/api/v1/alerting/status} with one failed Slack notification, and the two state changes as
 * Grafana's Loki state history ({@code {from="state-history"}} streams), as PLG's ruler writes them.
 */
public final class FakeLoki implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MATCHER = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");
    private static final Pattern METRIC = Pattern.compile(
            "^\\s*(?:(sum|count|max|min|avg)\\s*(?:by\\s*\\(([^)]*)\\))?\\s*\\()?\\s*(rate|count_over_time)\\s*\\((.*)\\[\\s*(\\d+[smhd])\\s*]\\s*\\)\\s*(?:\\)\\s*(?:by\\s*\\(([^)]*)\\))?)?\\s*$",
            Pattern.DOTALL);

    /** One stored line. */
    public record Entry(long tsNs, Map<String, String> labels, String line) {
    }

    private final Server server;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Tail> tails = new CopyOnWriteArrayList<>();
    private final URI uri;
    private long startedMs;

    private FakeLoki(Server server, URI uri) {
        this.server = server;
        this.uri = uri;
    }

    public static FakeLoki start() {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        FakeLoki[] self = new FakeLoki[1];
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> container.addMapping("/loki/api/v1/tail",
                (request, response, callback) -> {
                    String query = Request.extractQueryParameters(request).getValue("query");
                    try {
                        Query q = self[0].parse(query == null ? "" : query);
                        if (q.metric() != null) {
                            throw new ParseError("parse error : tail queries must be log queries");
                        }
                        return self[0].new Tail(q);
                    } catch (ParseError e) {
                        Response.writeError(request, response, callback, 400, e.getMessage());
                        return null;
                    }
                }));
        ws.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return self[0].handle(request, response, callback);
            }
        });
        server.setHandler(ws);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start fake Loki: " + e.getMessage(), e);
        }
        self[0] = new FakeLoki(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
        self[0].seed(System.currentTimeMillis());
        return self[0];
    }

    public URI uri() {
        return uri;
    }

    /** Adds a line now and sends it to matching live tails. */
    public void push(Map<String, String> labels, String line) {
        push(new Entry(System.currentTimeMillis() * 1_000_000L, Map.copyOf(labels), line));
    }

    private void push(Entry entry) {
        synchronized (entries) {
            entries.add(entry);
            entries.sort(Comparator.comparingLong(Entry::tsNs));
        }
        for (Tail tail : tails) {
            tail.offer(entry);
        }
    }

    private void seed(long nowMs) {
        startedMs = nowMs;
        Map<String, String> history = Map.of("from", "state-history", "orgID", "1", "group", "python-starter-kit",
                "folderUID", "seed-rules.yaml");
        entries.add(new Entry((nowMs - Duration.ofMinutes(30).toMillis()) * 1_000_000L, history, stateLine("Normal", "Pending", 0.2)));
        entries.add(new Entry((nowMs - Duration.ofMinutes(29).toMillis()) * 1_000_000L, history, stateLine("Pending", "Alerting", 0.5)));
        Random random = new Random(42);
        String[] services = {"auth", "api", "worker"};
        String[] events = {"login attempt", "request handled", "job finished", "cache miss", "password wrong", "account locked"};
        long start = nowMs - Duration.ofHours(6).toMillis();
        for (long t = start; t < nowMs - 5_000; t += 15_000) {
            String service = services[random.nextInt(services.length)];
            int r = random.nextInt(100);
            String level = r < 8 ? "error" : r < 20 ? "warning" : r < 30 ? "debug" : "info";
            String event = events[random.nextInt(events.length)];
            String line = "{\"timestamp\": \"" + java.time.Instant.ofEpochMilli(t) + "\", \"level\": \"" + level
                    + "\", \"logger\": \"" + service + "\", \"event\": \"" + event + "\", \"request_id\": \"req-" + random.nextInt(1000)
                    + "\", \"user_id\": \"user-" + random.nextInt(50) + "\", \"service\": \"" + service + "\"}";
            entries.add(new Entry(t * 1_000_000L, Map.of("app", "python-starter-kit", "env", "production",
                    "level", level, "service", service), line));
        }
    }

    private static String stateLine(String previous, String current, double value) {
        return "{\"schemaVersion\":1,\"previous\":\"" + previous + "\",\"current\":\"" + current + "\",\"values\":{\"A\":" + value
                + "},\"condition\":\"A\",\"dashboardUID\":\"\",\"panelID\":0,\"fingerprint\":\"f5e07095bcdf7ff6\","
                + "\"ruleTitle\":\"PythonStarterKitErrorRate\",\"ruleID\":0,\"ruleUID\":\"023b48651af0b104\","
                + "\"labels\":{\"alertname\":\"PythonStarterKitErrorRate\",\"service\":\"auth\",\"severity\":\"critical\"}}";
    }

    private ObjectNode firingAlert() {
        ObjectNode a = JSON.createObjectNode();
        a.putObject("labels").put("alertname", "PythonStarterKitErrorRate").put("service", "auth").put("severity", "critical");
        a.putObject("annotations").put("summary", "auth logs 500m ERROR lines per second");
        a.put("state", "firing");
        a.put("activeAt", java.time.Instant.ofEpochMilli(startedMs - Duration.ofMinutes(30).toMillis()).toString());
        a.put("value", "5e-01");
        return a;
    }

    private ObjectNode rules() {
        String now = java.time.Instant.ofEpochMilli(startedMs).toString();
        ObjectNode group = JSON.createObjectNode();
        group.put("name", "python-starter-kit").put("file", "seed-rules.yaml");
        ObjectNode rule = group.putArray("rules").addObject();
        rule.put("state", "firing").put("name", "PythonStarterKitErrorRate")
                .put("query", "sum by (service) (rate({app=\"python-starter-kit\", level=\"error\"}[5m])) > 0.1")
                .put("duration", 60.0).put("keepFiringFor", 0.0);
        rule.putObject("labels").put("severity", "critical");
        rule.putObject("annotations").put("summary", "{{ $labels.service }} logs {{ $value | humanize }} ERROR lines per second");
        rule.putArray("alerts").add(firingAlert());
        rule.put("health", "ok").put("lastError", "").put("type", "alerting").put("lastEvaluation", now).put("evaluationTime", 0.004);
        group.put("interval", 60.0).put("limit", 0).put("lastEvaluation", now).put("evaluationTime", 0.004);
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "success");
        root.putObject("data").putArray("groups").add(group);
        root.put("errorType", "").put("error", "");
        return root;
    }

    private ObjectNode alerts() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "success");
        root.putObject("data").putArray("alerts").add(firingAlert());
        root.put("errorType", "").put("error", "");
        return root;
    }

    private ObjectNode alertingStatus() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "success");
        ObjectNode data = root.putObject("data");
        data.putArray("ruleFileErrors");
        data.putArray("deliveries");
        ObjectNode n = data.putArray("notifications").addObject();
        n.put("fingerprint", "f5e07095bcdf7ff6");
        n.putObject("labels").put("alertname", "PythonStarterKitErrorRate").put("service", "auth").put("severity", "critical");
        n.put("alertStatus", "firing").put("time", java.time.Instant.ofEpochMilli(startedMs - Duration.ofMinutes(28).toMillis()).toString())
                .put("receiver", "slack-alerts").put("integration", "slack-alerts/slack-1").put("status", "firing")
                .put("attempts", 8).put("error", "slack answered 500: upstream down");
        return root;
    }

    // ---- HTTP -------------------------------------------------------------------------------------

    private boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        Fields params = Request.extractQueryParameters(request);
        try {
            switch (path) {
                case "/ready" -> text(response, callback, 200, "ready");
                case "/loki/api/v1/labels" -> {
                    ArrayNode data = JSON.createArrayNode();
                    List.of("app", "env", "level", "service").forEach(data::add);
                    json(response, callback, success(data));
                }
                case "/loki/api/v1/query_range" -> json(response, callback, queryRange(params));
                case "/loki/api/v1/query" -> json(response, callback, instant(params));
                case "/prometheus/api/v1/rules" -> json(response, callback, rules());
                case "/prometheus/api/v1/alerts" -> json(response, callback, alerts());
                case "/plg/api/v1/alerting/status" -> json(response, callback, alertingStatus());
                case "/loki/api/v1/push" -> {
                    JsonNode body = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
                    for (JsonNode stream : body.path("streams")) {
                        Map<String, String> labels = new TreeMap<>();
                        stream.path("stream").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                        for (JsonNode value : stream.path("values")) {
                            push(new Entry(Long.parseLong(value.get(0).asText()), Map.copyOf(labels), value.get(1).asText()));
                        }
                    }
                    response.setStatus(204);
                    callback.succeeded();
                }
                case "/loki/api/v1/tail" -> {
                    parse(params.getValue("query") == null ? "" : params.getValue("query"));
                    text(response, callback, 400, "websocket: the client is not using the websocket protocol");
                }
                default -> {
                    if (path.startsWith("/loki/api/v1/label/") && path.endsWith("/values")) {
                        String name = path.substring("/loki/api/v1/label/".length(), path.length() - "/values".length());
                        Query selector = params.getValue("query") == null ? null : parse(params.getValue("query"));
                        java.util.TreeSet<String> values = new java.util.TreeSet<>();
                        synchronized (entries) {
                            for (Entry e : entries) {
                                if ((selector == null || selector.matches(e)) && e.labels().containsKey(name)) {
                                    values.add(e.labels().get(name));
                                }
                            }
                        }
                        ArrayNode data = JSON.createArrayNode();
                        values.forEach(data::add);
                        json(response, callback, success(data));
                    } else {
                        text(response, callback, 404, "404 page not found");
                    }
                }
            }
        } catch (ParseError e) {
            text(response, callback, 400, e.getMessage());
        }
        return true;
    }

    private ObjectNode success(JsonNode data) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "success");
        root.set("data", data);
        return root;
    }

    private static long nanos(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        return value.length() > 12 ? Long.parseLong(value) : (long) (Double.parseDouble(value) * 1e9);
    }

    private ObjectNode queryRange(Fields params) {
        long now = System.currentTimeMillis() * 1_000_000L;
        long end = nanos(params.getValue("end"), now);
        long start = nanos(params.getValue("start"), end - Duration.ofHours(1).toNanos());
        Query q = parse(params.getValue("query") == null ? "" : params.getValue("query"));
        if (q.metric() != null) {
            String step = params.getValue("step");
            long stepNs = step == null ? 15_000_000_000L : step.endsWith("ms") ? Long.parseLong(step.replace("ms", "")) * 1_000_000L
                    : (long) (Double.parseDouble(step.replaceAll("s$", "")) * 1e9);
            return matrix(q, start, end, Math.max(stepNs, 1_000_000_000L));
        }
        int limit = params.getValue("limit") == null ? 100 : Integer.parseInt(params.getValue("limit"));
        boolean forward = "forward".equals(params.getValue("direction"));
        List<Entry> selected = new ArrayList<>();
        synchronized (entries) {
            for (Entry e : entries) {
                if (e.tsNs() >= start && e.tsNs() < end && q.matches(e)) {
                    selected.add(e);
                }
            }
        }
        if (!forward) {
            java.util.Collections.reverse(selected);
        }
        selected = selected.subList(0, Math.min(limit, selected.size()));
        ObjectNode data = JSON.createObjectNode();
        data.put("resultType", "streams");
        data.set("result", streams(selected));
        return success(data);
    }

    private ArrayNode streams(List<Entry> selected) {
        Map<Map<String, String>, ArrayNode> byStream = new java.util.LinkedHashMap<>();
        for (Entry e : selected) {
            byStream.computeIfAbsent(new TreeMap<>(e.labels()), k -> JSON.createArrayNode())
                    .addArray().add(Long.toString(e.tsNs())).add(e.line());
        }
        ArrayNode result = JSON.createArrayNode();
        byStream.forEach((labels, values) -> {
            ObjectNode stream = result.addObject();
            stream.set("stream", JSON.valueToTree(labels));
            stream.set("values", values);
        });
        return result;
    }

    private ObjectNode matrix(Query q, long start, long end, long stepNs) {
        Metric m = q.metric();
        Map<Map<String, String>, TreeMap<Long, Double>> series = new java.util.LinkedHashMap<>();
        long first = Math.floorDiv(start, stepNs) * stepNs;
        for (long t = first; t <= end; t += stepNs) {
            for (Map.Entry<Map<String, String>, Double> point : evaluate(q, t, m).entrySet()) {
                series.computeIfAbsent(point.getKey(), k -> new TreeMap<>()).put(t, point.getValue());
            }
        }
        ArrayNode result = JSON.createArrayNode();
        series.forEach((labels, points) -> {
            ObjectNode s = result.addObject();
            s.set("metric", JSON.valueToTree(labels));
            ArrayNode values = s.putArray("values");
            points.forEach((t, v) -> values.addArray().add(t / 1e9).add(format(v)));
        });
        ObjectNode data = JSON.createObjectNode();
        data.put("resultType", "matrix");
        data.set("result", result);
        return success(data);
    }

    private ObjectNode instant(Fields params) {
        long time = nanos(params.getValue("time"), System.currentTimeMillis() * 1_000_000L);
        Query q = parse(params.getValue("query") == null ? "" : params.getValue("query"));
        if (q.metric() == null) {
            throw new ParseError("parse error : log queries are not supported as an instant query type, please change your query to a range query type");
        }
        ArrayNode result = JSON.createArrayNode();
        evaluate(q, time, q.metric()).forEach((labels, v) -> {
            ObjectNode s = result.addObject();
            s.set("metric", JSON.valueToTree(labels));
            s.putArray("value").add(time / 1e9).add(format(v));
        });
        ObjectNode data = JSON.createObjectNode();
        data.put("resultType", "vector");
        data.set("result", result);
        return success(data);
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private Map<Map<String, String>, Double> evaluate(Query q, long t, Metric m) {
        Map<Map<String, String>, Double> counts = new java.util.LinkedHashMap<>();
        synchronized (entries) {
            for (Entry e : entries) {
                if (e.tsNs() > t - m.windowNs() && e.tsNs() <= t && q.matches(e)) {
                    Map<String, String> key;
                    if (m.aggregation() == null) {
                        key = new TreeMap<>(e.labels());
                    } else {
                        key = new TreeMap<>();
                        for (String label : m.by()) {
                            if (e.labels().containsKey(label)) {
                                key.put(label, e.labels().get(label));
                            }
                        }
                    }
                    counts.merge(key, 1.0, Double::sum);
                }
            }
        }
        if (m.function().equals("rate")) {
            counts.replaceAll((k, v) -> v / (m.windowNs() / 1e9));
        }
        if ("count".equals(m.aggregation())) {
            Map<Map<String, String>, Double> c = new java.util.LinkedHashMap<>();
            counts.forEach((k, v) -> c.merge(k, 1.0, Double::sum));
            return c;
        }
        return counts;
    }

    private static void json(Response response, Callback callback, JsonNode body) throws Exception {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=UTF-8");
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
    }

    private static void text(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, body + "\n", callback);
    }

    // ---- mini LogQL -------------------------------------------------------------------------------

    record Metric(String aggregation, List<String> by, String function, long windowNs) {
    }

    record Query(Predicate<Entry> filter, Metric metric) {
        boolean matches(Entry e) {
            return filter.test(e);
        }
    }

    static final class ParseError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ParseError(String message) {
            super(message);
        }
    }

    Query parse(String query) {
        Matcher metric = METRIC.matcher(query);
        if (metric.matches()) {
            String by = metric.group(2) != null ? metric.group(2) : metric.group(6);
            List<String> labels = by == null ? List.of() : java.util.Arrays.stream(by.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            String window = metric.group(5);
            long windowNs = Long.parseLong(window.substring(0, window.length() - 1)) * switch (window.charAt(window.length() - 1)) {
                case 's' -> 1_000_000_000L;
                case 'm' -> 60_000_000_000L;
                case 'h' -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            int offset = metric.start(4);
            Predicate<Entry> filter = parseLog(metric.group(4), offset);
            return new Query(filter, new Metric(metric.group(1), labels, metric.group(3), windowNs));
        }
        if (!query.stripLeading().startsWith("{")) {
            int col = query.length() - query.stripLeading().length() + 1;
            String token = query.strip().split("[\\s({\\[]", 2)[0];
            throw new ParseError("parse error at line 1, col " + col + ": syntax error: unexpected IDENTIFIER" + (token.isEmpty() ? "" : ""));
        }
        return new Query(parseLog(query, 0), null);
    }

    private static Predicate<Entry> parseLog(String text, int offset) {
        int open = text.indexOf('{');
        int close = text.indexOf('}');
        if (open < 0 || close < open) {
            throw new ParseError("parse error at line 1, col " + (offset + text.length() + 1) + ": syntax error: unexpected $end, expecting }");
        }
        List<Predicate<Entry>> filters = new ArrayList<>();
        String inner = text.substring(open + 1, close);
        if (!inner.isBlank()) {
            for (String part : inner.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                Matcher m = MATCHER.matcher(part);
                if (!m.matches()) {
                    throw new ParseError("parse error at line 1, col " + (offset + open + 2) + ": syntax error: unexpected " + part.strip());
                }
                filters.add(labelFilter(m.group(1), m.group(2), unquote(m.group(3)), false));
            }
        }
        String rest = text.substring(close + 1);
        int pos = offset + close + 1;
        boolean json = false;
        Pattern stage = Pattern.compile("\\s*(\\|=|!=|\\|~|!~)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"|\\s*\\|\\s*(json|logfmt)\\b|\\s*\\|\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
        while (!rest.isBlank()) {
            Matcher m = stage.matcher(rest);
            if (!m.lookingAt()) {
                int col = pos + (rest.length() - rest.stripLeading().length()) + 1;
                String trimmed = rest.strip();
                String unexpected = trimmed.startsWith("|") && trimmed.length() <= 2 ? "$end" : trimmed.split("\\s+", 2)[0];
                if (trimmed.matches("(\\|=|!=|\\|~|!~)")) {
                    throw new ParseError("parse error at line 1, col " + (pos + rest.length() + 1) + ": syntax error: unexpected $end, expecting STRING or ip");
                }
                throw new ParseError("parse error at line 1, col " + col + ": syntax error: unexpected " + unexpected);
            }
            if (m.group(1) != null) {
                String op = m.group(1);
                String needle = unquote(m.group(2));
                Pattern re = op.contains("~") ? Pattern.compile(needle) : null;
                filters.add(e -> switch (op) {
                    case "|=" -> e.line().contains(needle);
                    case "!=" -> !e.line().contains(needle);
                    case "|~" -> re.matcher(e.line()).find();
                    default -> !re.matcher(e.line()).find();
                });
            } else if (m.group(3) != null) {
                json = true;
            } else {
                filters.add(labelFilter(m.group(4), m.group(5), unquote(m.group(6)), json));
            }
            pos += m.end();
            rest = rest.substring(m.end());
        }
        return e -> filters.stream().allMatch(f -> f.test(e));
    }

    private static Predicate<Entry> labelFilter(String name, String op, String value, boolean parsed) {
        Pattern re = op.contains("~") ? Pattern.compile(value) : null;
        return e -> {
            String actual = e.labels().get(name);
            if (actual == null && parsed) {
                try {
                    JsonNode line = JSON.readTree(e.line());
                    actual = line.has(name) ? line.get(name).asText() : null;
                } catch (Exception ignored) {
                    actual = null;
                }
            }
            String v = actual == null ? "" : actual;
            return switch (op) {
                case "=" -> v.equals(value);
                case "!=" -> !v.equals(value);
                case "=~" -> re.matcher(v).matches();
                default -> !re.matcher(v).matches();
            };
        };
    }

    private static String unquote(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    // ---- tail ---------------------------------------------------------------------------------------

    /** One tail websocket: backfill of the last 100 matching lines, then each matching pushed line. */
    public final class Tail implements Session.Listener.AutoDemanding {
        private final Query query;
        private volatile Session session;

        Tail(Query query) {
            this.query = query;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            List<Entry> backfill = new ArrayList<>();
            synchronized (entries) {
                for (Entry e : entries) {
                    if (query.matches(e)) {
                        backfill.add(e);
                    }
                }
            }
            backfill = backfill.subList(Math.max(0, backfill.size() - 100), backfill.size());
            if (!backfill.isEmpty()) {
                send(backfill);
            }
            tails.add(this);
        }

        void offer(Entry e) {
            if (query.matches(e)) {
                send(List.of(e));
            }
        }

        private void send(List<Entry> list) {
            Session s = session;
            if (s == null || !s.isOpen()) {
                return;
            }
            ObjectNode frame = JSON.createObjectNode();
            frame.set("streams", streams(list));
            s.sendText(frame.toString(), org.eclipse.jetty.websocket.api.Callback.NOOP);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            tails.remove(this);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop fake Loki", e);
        }
    }
}
