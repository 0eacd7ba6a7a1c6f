package dev.plg.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.plg.push.LabelPair;
import dev.plg.push.PushDecoder;
import dev.plg.push.PushFormatException;
import dev.plg.push.PushRequest;
import dev.plg.query.DetectedFields;
import dev.plg.query.QueryException;
import dev.plg.query.QueryResult;
import dev.plg.store.read.Direction;
import dev.plg.store.read.StreamStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loki 3.4.2's HTTP API over PLG: routing, tenancy, parameter parsing, Loki's JSON shapes and
 * error texts. Holds no logic beyond translation: pushes go to a {@link PushTarget}, reads to a
 * {@link ReadBackend}.
 *
 * <p>Runs on Jetty's virtual threads: handlers block freely. Thread-safe.
 */
public final class LokiApi extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(LokiApi.class);

    /** Loki's tenant when {@code auth_enabled: false}. */
    public static final String NO_AUTH_TENANT = "fake";
    static final String TENANT_HEADER = "X-Scope-OrgID";
    static final String ENCODING_FLAGS_HEADER = "X-Loki-Response-Encoding-Flags";
    static final String CATEGORIZE_LABELS = "categorize-labels";
    /** An error answered before the body was read first reads and drops a body up to this size (Go's 256 KiB). */
    static final long UNREAD_BODY_DRAIN_BYTES = 256 << 10;

    /** Raw push bodies larger than this are refused with 413: Loki's {@code max_recv_msg_size} (100 MiB). */
    static final long MAX_PUSH_BODY_BYTES = PushDecoder.DEFAULT_MAX_DECODED_BYTES;
    private static final String TOO_LARGE_PREFIX = "received message larger than max";
    static final String BUILD_VERSION = "3.4.2+plg.0.1.0";

    /** Settings of the API (from the Loki config). */
    public record Settings(boolean authEnabled, int maxEntriesLimitPerQuery) {
    }

    private final Settings settings;
    private final PushTarget pushTarget;
    private final ReadBackend read;
    private final ApiMetrics metrics;
    private final Supplier<String> metricsText;
    private final Supplier<String> configYaml;
    private final LongSupplier clock;
    private final TailEndpoint tail;
    private final PushAdmission pushAdmission = PushAdmission.forHeap(Runtime.getRuntime().maxMemory());
    private volatile boolean stopping;

    /**
     * @param metricsText writes the other components' Prometheus text (store, WAL, queries) for {@code /metrics}
     * @param configYaml the effective configuration for {@code /config}
     * @param clock Unix nanoseconds "now" (a fixed clock in tests)
     */
    public LokiApi(Settings settings, PushTarget pushTarget, ReadBackend read, Supplier<String> metricsText,
                   Supplier<String> configYaml, LongSupplier clock) {
        this.settings = settings;
        this.pushTarget = pushTarget;
        this.read = read;
        this.metrics = new ApiMetrics();
        this.metricsText = metricsText;
        this.configYaml = configYaml;
        this.clock = clock;
        this.tail = new TailEndpoint(read);
    }

    /** After this, {@code /ready} answers 503 {@code Application is stopping}. */
    public void markStopping() {
        stopping = true;
    }

    public TailEndpoint tailEndpoint() {
        return tail;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long began = System.nanoTime();
        String path = Request.getPathInContext(request);
        Exchange ex = new Exchange(request, response, callback, path, clock.getAsLong());
        String route = "other";
        int status = 200;
        try {
            route = route(ex);
            status = response.getStatus();
        } catch (ApiException e) {
            status = e.status();
            answerError(ex, e.status(), e.getMessage());
        } catch (QueryException e) {
            status = e.httpStatus();
            answerError(ex, e.httpStatus(), e.getMessage());
        } catch (PushFormatException e) {
            status = e.getMessage().startsWith(TOO_LARGE_PREFIX) ? 413 : 400;
            answerError(ex, status, e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.warn("{} {} failed", request.getMethod(), path, e);
            status = 500;
            answerError(ex, 500, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        metrics.record(request.getMethod(), route, status, System.nanoTime() - began);
        return true;
    }

    private static void answerError(Exchange ex, int status, String message) {
        if (!ex.answered()) {
            ex.discardUnreadBody(UNREAD_BODY_DRAIN_BYTES);
            ex.text(status, message);
        } else {
            LOG.debug("error after the answer was sent: {} {}", status, message);
        }
    }

    /** Dispatches; returns the route name used in metrics. */
    private String route(Exchange ex) throws IOException {
        String path = ex.path();
        String method = ex.method();
        boolean get = method.equals("GET") || method.equals("HEAD");
        boolean getOrPost = get || method.equals("POST");
        if (path.startsWith("/loki/api/v1/")) {
            String sub = path.substring("/loki/api/v1/".length());
            switch (sub) {
                case "push" -> {
                    requirePost(ex);
                    push(ex);
                    return "loki_api_v1_push";
                }
                case "query_range" -> {
                    requireGetOrPost(getOrPost);
                    queryRange(ex);
                    return "loki_api_v1_query_range";
                }
                case "query" -> {
                    requireGetOrPost(getOrPost);
                    instantQuery(ex);
                    return "loki_api_v1_query";
                }
                case "labels", "label" -> {
                    requireGetOrPost(getOrPost);
                    labels(ex);
                    return "loki_api_v1_labels";
                }
                case "series" -> {
                    requireGetOrPost(getOrPost);
                    series(ex);
                    return "loki_api_v1_series";
                }
                case "index/stats" -> {
                    requireGetOrPost(getOrPost);
                    indexStats(ex);
                    return "loki_api_v1_index_stats";
                }
                case "index/volume" -> {
                    requireGetOrPost(getOrPost);
                    volume(ex, false);
                    return "loki_api_v1_index_volume";
                }
                case "index/volume_range" -> {
                    requireGetOrPost(getOrPost);
                    volume(ex, true);
                    return "loki_api_v1_index_volume_range";
                }
                case "tail" -> {
                    tail.handle(ex, tenant(ex), categorize(ex));
                    return "loki_api_v1_tail";
                }
                case "format_query" -> {
                    requireGetOrPost(getOrPost);
                    formatQuery(ex);
                    return "loki_api_v1_format_query";
                }
                case "status/buildinfo" -> {
                    buildInfo(ex);
                    return "loki_api_v1_status_buildinfo";
                }
                case "detected_labels" -> {
                    detectedLabels(ex);
                    return "loki_api_v1_detected_labels";
                }
                case "detected_fields" -> {
                    requireGetOrPost(getOrPost);
                    detectedFields(ex, null);
                    return "loki_api_v1_detected_fields";
                }
                case "patterns" -> {
                    tenant(ex);
                    ex.json("{\"status\":\"success\",\"data\":[]}".getBytes(StandardCharsets.UTF_8));
                    return "loki_api_v1_patterns";
                }
                case "rules" -> {
                    ex.text(400, "GetRuleGroup unsupported in rule local store");
                    return "loki_api_v1_rules";
                }
                default -> {
                    if (sub.startsWith("label/") && sub.endsWith("/values")) {
                        requireGetOrPost(getOrPost);
                        String name = URLDecoder.decode(sub.substring("label/".length(), sub.length() - "/values".length()),
                                StandardCharsets.UTF_8);
                        labelValues(ex, name);
                        return "loki_api_v1_label_name_values";
                    }
                    if (sub.startsWith("detected_field/") && sub.endsWith("/values")) {
                        requireGetOrPost(getOrPost);
                        String name = URLDecoder.decode(sub.substring("detected_field/".length(),
                                sub.length() - "/values".length()), StandardCharsets.UTF_8);
                        detectedFields(ex, name);
                        return "loki_api_v1_detected_field_values";
                    }
                    if (sub.startsWith("rules/")) {
                        ex.text(400, "GetRuleGroup unsupported in rule local store");
                        return "loki_api_v1_rules";
                    }
                    notFound(ex);
                    return "notfound";
                }
            }
        }
        switch (path) {
            case "/api/prom/push" -> {
                requirePost(ex);
                push(ex);
                return "api_prom_push";
            }
            case "/ready" -> {
                if (stopping) {
                    ex.text(503, "Application is stopping");
                } else {
                    ex.text(200, "ready");
                }
                return "ready";
            }
            case "/metrics" -> {
                StringBuilder out = new StringBuilder(8192);
                out.append(metricsText.get());
                metrics.writeTo(out);
                ex.send(200, "text/plain; version=0.0.4; charset=utf-8",
                        out.toString().getBytes(StandardCharsets.UTF_8));
                return "metrics";
            }
            case "/config" -> {
                ex.send(200, "text/plain; charset=utf-8", configYaml.get().getBytes(StandardCharsets.UTF_8));
                return "config";
            }
            case "/services" -> {
                ex.text(200, "server => Running\nstore => Running\nquerier => Running\n");
                return "services";
            }
            case "/prometheus/api/v1/rules" -> {
                ex.json("{\"status\":\"success\",\"data\":{\"groups\":[]},\"errorType\":\"\",\"error\":\"\"}"
                        .getBytes(StandardCharsets.UTF_8));
                return "prometheus_api_v1_rules";
            }
            case "/prometheus/api/v1/alerts" -> {
                ex.json("{\"status\":\"success\",\"data\":{\"alerts\":[]},\"errorType\":\"\",\"error\":\"\"}"
                        .getBytes(StandardCharsets.UTF_8));
                return "prometheus_api_v1_alerts";
            }
            default -> {
                if (path.equals("/api/prom/rules") || path.startsWith("/api/prom/rules/")) {
                    ex.text(400, "GetRuleGroup unsupported in rule local store");
                    return "api_prom_rules";
                }
                notFound(ex);
                return "notfound";
            }
        }
    }

    private static void notFound(Exchange ex) {
        ex.text(404, "404 page not found");
    }

    private static void requirePost(Exchange ex) {
        if (!ex.method().equals("POST")) {
            throw new ApiException(405, "405 method not allowed");
        }
    }

    private static void requireGetOrPost(boolean ok) {
        if (!ok) {
            throw new ApiException(405, "405 method not allowed");
        }
    }

    /** The tenant: {@code X-Scope-OrgID} with auth enabled (401 {@code no org id} without it), else {@code fake}. */
    String tenant(Exchange ex) {
        if (!settings.authEnabled()) {
            return NO_AUTH_TENANT;
        }
        String org = ex.header(TENANT_HEADER);
        if (org == null || org.isBlank()) {
            throw new ApiException(401, "no org id");
        }
        return org.strip();
    }

    /** Whether the first {@code X-Loki-Response-Encoding-Flags} header lists {@code categorize-labels}. */
    static boolean categorize(Exchange ex) {
        String flags = ex.header(ENCODING_FLAGS_HEADER);
        if (flags == null) {
            return false;
        }
        for (String f : flags.split(",")) {
            if (f.equals(CATEGORIZE_LABELS)) {
                return true;
            }
        }
        return false;
    }

    // ---- push ----

    private void push(Exchange ex) throws IOException {
        String tenant = tenant(ex);
        long declared = ex.declaredLength();
        if (declared > MAX_PUSH_BODY_BYTES) {
            ex.body(MAX_PUSH_BODY_BYTES); // refuses with Loki's 413 before taking any memory
        }
        String encoding = ex.header("Content-Encoding");
        int cost = pushAdmission.cost(declared, encoding != null && !encoding.isBlank());
        try (PushAdmission.Ticket admitted = pushAdmission.admit(cost)) {
            byte[] body = ex.body(MAX_PUSH_BODY_BYTES);
            PushRequest request = PushDecoder.decode(ex.header("Content-Type"), encoding, body);
            PushTarget.PushOutcome outcome = pushTarget.push(tenant, request);
            if (outcome.status() == 204) {
                ex.noContent();
            } else {
                ex.text(outcome.status(), outcome.message());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "push interrupted while waiting for memory: server is stopping");
        }
    }

    // ---- queries ----

    private void queryRange(Exchange ex) {
        String tenant = tenant(ex);
        Params p = ex.params();
        String query = p.get("query");
        long[] bounds = p.bounds();
        long start = bounds[0];
        long end = bounds[1];
        if (end < start) {
            throw ApiException.badRequest("end timestamp must not be before or equal to start time");
        }
        int limit = p.limit();
        Direction direction = p.direction();
        long step = p.step(start, end);
        long interval = p.interval();
        QueryResult result = read.rangeQuery(tenant, query, start, end, step, interval, limit, direction);
        ex.json(Json.queryResponse(result, categorize(ex)));
    }

    private void instantQuery(Exchange ex) {
        String tenant = tenant(ex);
        Params p = ex.params();
        String query = p.get("query");
        long time = p.time();
        int limit = p.limit();
        Direction direction = p.direction();
        QueryResult result = read.instantQuery(tenant, query, time, limit, direction);
        ex.json(Json.queryResponse(result, categorize(ex)));
    }

    /** Loki's answer to a metadata query whose start is after its end (no split to merge). */
    private static void requireOrderedForMetadata(long start, long end) {
        if (end < start) {
            throw new ApiException(500, "merging responses requires at least one response");
        }
    }

    private void labels(Exchange ex) {
        String tenant = tenant(ex);
        Params p = ex.params();
        long[] b = p.bounds();
        requireOrderedForMetadata(b[0], b[1]);
        ex.json(Json.stringList(read.labels(tenant, p.get("query"), b[0], b[1])));
    }

    private void labelValues(Exchange ex, String name) {
        String tenant = tenant(ex);
        Params p = ex.params();
        long[] b = p.bounds();
        requireOrderedForMetadata(b[0], b[1]);
        ex.json(Json.stringList(read.labelValues(tenant, name, p.get("query"), b[0], b[1])));
    }

    private void series(Exchange ex) {
        String tenant = tenant(ex);
        Params p = ex.params();
        long[] b = p.bounds();
        requireOrderedForMetadata(b[0], b[1]);
        List<String> matchers = new ArrayList<>(p.all("match[]"));
        matchers.addAll(p.all("match"));
        ex.json(Json.series(read.series(tenant, matchers, b[0], b[1])));
    }

    private void indexStats(Exchange ex) {
        String tenant = tenant(ex);
        Params p = ex.params();
        long[] b = p.bounds();
        StreamStats s = read.indexStats(tenant, p.get("query"), b[0], b[1]);
        String body = "{\"streams\":" + s.streams() + ",\"chunks\":" + s.chunks() + ",\"bytes\":" + s.bytes()
                + ",\"entries\":" + s.entries() + "}";
        ex.json(body.getBytes(StandardCharsets.UTF_8));
    }

    private void volume(Exchange ex, boolean range) {
        String tenant = tenant(ex);
        Params p = ex.params();
        String query = p.get("query");
        if (query.isEmpty()) {
            throw ApiException.badRequest("query parameter is required");
        }
        long[] b = p.bounds();
        if (b[1] < b[0]) {
            throw ApiException.badRequest("end timestamp must not be before or equal to start time");
        }
        int limit = p.limit();
        long step = range ? p.step(b[0], b[1]) : 0;
        List<String> targets = new ArrayList<>();
        for (String t : p.get("targetLabels").split(",")) {
            if (!t.isBlank()) {
                targets.add(t.strip());
            }
        }
        String aggregateBy = p.get("aggregateBy");
        if (!aggregateBy.isEmpty() && !aggregateBy.equals("series") && !aggregateBy.equals("labels")) {
            throw ApiException.badRequest("invalid aggregation option");
        }
        QueryResult result = read.volume(tenant, query, b[0], b[1], step, limit, targets, aggregateBy.equals("labels"));
        ex.json(Json.queryResponse(result, false));
    }

    private void formatQuery(Exchange ex) {
        String query = ex.params().get("query");
        try (Json.Body body = new Json.Body()) {
            JsonGenerator g = body.gen();
            int status;
            try {
                String formatted = read.formatQuery(query);
                g.writeStartObject();
                g.writeStringField("status", "success");
                g.writeStringField("data", formatted);
                g.writeEndObject();
                status = 200;
            } catch (QueryException | ApiException e) {
                g.writeStartObject();
                g.writeStringField("status", "invalid-query");
                g.writeStringField("error", e.getMessage());
                g.writeEndObject();
                status = 400;
            }
            ex.send(status, "application/json; charset=utf-8", body.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void buildInfo(Exchange ex) {
        String version = Runtime.version().toString();
        String body = "{\"version\":\"" + BUILD_VERSION + "\",\"revision\":\"\",\"branch\":\"\",\"buildUser\":\"\","
                + "\"buildDate\":\"\",\"goVersion\":\"java" + version + "\"}";
        ex.send(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code detected_labels}: label names of the selected streams with their number of values. */
    private void detectedLabels(Exchange ex) {
        String tenant = tenant(ex);
        Params p = ex.params();
        long[] b = p.bounds();
        String query = p.get("query");
        List<List<LabelPair>> series = read.series(tenant, query.isBlank() ? List.of() : List.of(query), b[0], b[1]);
        Map<String, TreeSet<String>> values = new TreeMap<>();
        for (List<LabelPair> s : series) {
            for (LabelPair l : s) {
                values.computeIfAbsent(l.name(), k -> new TreeSet<>()).add(l.value());
            }
        }
        try (Json.Body body = new Json.Body()) {
            JsonGenerator g = body.gen();
            g.writeStartObject();
            g.writeArrayFieldStart("detectedLabels");
            for (Map.Entry<String, TreeSet<String>> e : values.entrySet()) {
                g.writeStartObject();
                g.writeStringField("label", e.getKey());
                g.writeNumberField("cardinality", e.getValue().size());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            ex.json(body.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code detected_fields} ({@code valuesOf} null) and {@code detected_field/<name>/values}: parameters
     * checked in Loki's order and with its texts ({@code line_limit} default 100, {@code limit} alias
     * {@code field_limit} default 1000), then {@code {"fields":[...],"limit":n}} or
     * {@code {"limit":n,"values":[...]}}; {@code {}} when nothing was found (Loki omits the limit then).
     */
    private void detectedFields(Exchange ex, String valuesOf) {
        String tenant = tenant(ex);
        Params p = ex.params();
        String query = p.get("query");
        long[] b = p.bounds();
        if (b[1] < b[0]) {
            throw ApiException.badRequest("end timestamp must not be before or equal to start time");
        }
        int lineLimit = positiveInt(p.get("line_limit"), DetectedFields.DEFAULT_LINE_LIMIT);
        String limitText = p.get("limit").isEmpty() ? p.get("field_limit") : p.get("limit");
        int limit = positiveInt(limitText, DetectedFields.DEFAULT_LIMIT);
        long step = p.step(b[0], b[1]);
        DetectedFields.Result result = read.detectedFields(tenant,
                new DetectedFields.Request(query, b[0], b[1], step, lineLimit, limit, valuesOf));
        try (Json.Body body = new Json.Body()) {
            JsonGenerator g = body.gen();
            g.writeStartObject();
            if (!result.fields().isEmpty()) {
                g.writeArrayFieldStart("fields");
                for (DetectedFields.Field f : result.fields()) {
                    g.writeStartObject();
                    g.writeStringField("label", f.label());
                    g.writeStringField("type", f.type().text());
                    g.writeNumberField("cardinality", f.cardinality());
                    g.writeFieldName("parsers");
                    if (f.parsers().isEmpty()) {
                        g.writeNull();
                    } else {
                        g.writeStartArray();
                        for (String parser : f.parsers()) {
                            g.writeString(parser);
                        }
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (!result.isEmpty()) {
                g.writeNumberField("limit", limit);
            }
            if (!result.values().isEmpty()) {
                g.writeArrayFieldStart("values");
                for (String v : result.values()) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            ex.json(body.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loki's {@code parseInt} ({@code strconv.Atoi}) of a limit that must be positive. */
    private static int positiveInt(String text, int defaultValue) {
        if (text.isEmpty()) {
            return defaultValue;
        }
        long l;
        try {
            l = Long.parseLong(text);
        } catch (NumberFormatException e) {
            String reason = text.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
            throw ApiException.badRequest("strconv.Atoi: parsing " + Params.quote(text) + ": " + reason);
        }
        if (l <= 0) {
            throw ApiException.badRequest("limit must be a positive value");
        }
        return (int) Math.min(l, Integer.MAX_VALUE);
    }

    static Map<String, String> toMap(List<LabelPair> labels) {
        Map<String, String> m = new LinkedHashMap<>();
        for (LabelPair l : labels) {
            m.put(l.name(), l.value());
        }
        return m;
    }

    int maxEntriesLimitPerQuery() {
        return settings.maxEntriesLimitPerQuery();
    }
}
