package dev.plg.alerting;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plg.alerting.notify.Alert;
import dev.plg.alerting.remote.Sample;
import dev.plg.alerting.rules.AlertingRule;
import dev.plg.alerting.rules.RecordingRule;
import dev.plg.alerting.rules.Rule;
import dev.plg.alerting.rules.RuleGroup;
import dev.plg.alerting.rules.RuleStore;
import dev.plg.alerting.template.Template;
import dev.plg.logql.LogQL;
import dev.plg.logql.ast.Expr;
import dev.plg.push.LabelPair;
import dev.plg.query.QueryEngine;
import dev.plg.query.QueryResult;
import dev.plg.store.read.Direction;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates rule groups through the {@link QueryEngine} and keeps Prometheus' alert state machine:
 * a series returned by an alerting rule's expression is an alert, {@code pending} until it has
 * been returned for {@code for}, then {@code firing}; when the series disappears a firing alert
 * keeps firing for {@code keep_firing_for} and then resolves (kept {@link #RESOLVED_RETENTION} so
 * receivers learn it), a pending one is dropped. Labels and annotations are templates over the
 * series' labels and value. Recording rules' samples go to the {@code remote_write} sink.
 *
 * <p>State (active alerts) is written to {@code ruler-state.json} after every evaluation and read
 * back on start, so a restart neither resets {@code for} nor re-notifies.
 *
 * <p>Thread-safe: every method is synchronized; evaluation runs on the caller's thread (the
 * {@link Alerting} scheduler).
 */
public final class Ruler {
    private static final Logger LOG = LoggerFactory.getLogger(Ruler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Prometheus' {@code resolvedRetention}: resolved alerts are re-sent this long. */
    static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);
    static final String STATE_FILE = "ruler-state.json";

    private static final class AlertInstance {
        final Map<String, String> labels;
        Map<String, String> annotations;
        AlertState state;
        Instant activeAt;
        Instant firedAt;
        Instant resolvedAt;
        Instant keepFiringSince;
        double value;

        AlertInstance(Map<String, String> labels) {
            this.labels = labels;
        }
    }

    private static final class RuleRunner {
        final Rule rule;
        final Expr expr;
        final Map<Map<String, String>, AlertInstance> active = new LinkedHashMap<>();
        String health = "unknown";
        String lastError = "";
        Instant lastEvaluation;
        Duration evaluationTime = Duration.ZERO;

        RuleRunner(Rule rule) {
            this.rule = rule;
            this.expr = LogQL.parse(rule.expr());
        }
    }

    private static final class GroupRunner {
        final String tenant;
        final String namespace;
        final RuleGroup group;
        final Duration interval;
        final List<RuleRunner> rules = new ArrayList<>();
        Instant next;
        Instant lastEvaluation;
        Duration evaluationTime = Duration.ZERO;

        GroupRunner(String tenant, String namespace, RuleGroup group, Duration interval) {
            this.tenant = tenant;
            this.namespace = namespace;
            this.group = group;
            this.interval = interval;
        }

        String key() {
            return tenant + "\u0000" + namespace + "\u0000" + group.name();
        }
    }

    private final RuleStore store;
    private final QueryEngine engine;
    private final AlertingOptions options;
    private final Consumer<List<Alert>> alertSink;
    private final Consumer<List<Sample>> sampleSink;
    private final StateHistorySink historySink;
    private final Path stateFile;
    private Map<String, GroupRunner> groups = new LinkedHashMap<>();
    private List<String> loadErrors = List.of();
    private Instant lastPoll;
    private Map<String, List<AlertInstance>> restored;

    Ruler(RuleStore store, QueryEngine engine, AlertingOptions options, Consumer<List<Alert>> alertSink,
          Consumer<List<Sample>> sampleSink) {
        this(store, engine, options, alertSink, sampleSink, StateHistorySink.NONE);
    }

    Ruler(RuleStore store, QueryEngine engine, AlertingOptions options, Consumer<List<Alert>> alertSink,
          Consumer<List<Sample>> sampleSink, StateHistorySink historySink) {
        this.store = requireNonNull(store, "store is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.options = requireNonNull(options, "options is null");
        this.alertSink = requireNonNull(alertSink, "alertSink is null");
        this.sampleSink = requireNonNull(sampleSink, "sampleSink is null");
        this.historySink = requireNonNull(historySink, "historySink is null");
        this.stateFile = options.dataDirectory().resolve(STATE_FILE);
        this.restored = readState();
    }

    /** Re-reads the rules directory now; returns the files that were refused (they keep no rules). */
    public synchronized List<String> reload() {
        RuleStore.Snapshot snap = store.loadAll();
        Instant now = options.clock().instant();
        Map<String, GroupRunner> next = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>(snap.errors());
        snap.tenants().forEach((tenant, namespaces) -> namespaces.forEach((ns, list) -> {
            for (RuleGroup g : list) {
                Duration interval = g.interval().isZero() ? options.evaluationInterval() : g.interval();
                GroupRunner runner = new GroupRunner(tenant, ns, g, interval);
                GroupRunner old = groups.get(runner.key());
                Map<String, RuleRunner> oldRules = new HashMap<>();
                if (old != null) {
                    old.rules.forEach(r -> oldRules.putIfAbsent(ruleKey(r.rule), r));
                    runner.lastEvaluation = old.lastEvaluation;
                    runner.evaluationTime = old.evaluationTime;
                }
                for (Rule r : g.rules()) {
                    RuleRunner rr;
                    RuleRunner prev = oldRules.remove(ruleKey(r));
                    if (prev != null && prev.rule.equals(r)) {
                        rr = prev;
                    } else {
                        try {
                            rr = new RuleRunner(r);
                        } catch (RuntimeException e) {
                            errors.add(ns + ": " + e.getMessage());
                            continue;
                        }
                        if (prev != null) {
                            rr.active.putAll(prev.active);
                        }
                        List<AlertInstance> saved = restored.remove(runner.key() + "\u0000" + r.name());
                        if (saved != null) {
                            saved.forEach(a -> rr.active.put(a.labels, a));
                        }
                    }
                    runner.rules.add(rr);
                }
                runner.next = old != null && old.interval.equals(interval) ? old.next : now;
                next.put(runner.key(), runner);
            }
        }));
        groups = next;
        loadErrors = List.copyOf(errors);
        lastPoll = now;
        for (String e : errors) {
            LOG.warn("rule file refused: {}", e);
        }
        return loadErrors;
    }

    /** Files refused at the last reload. */
    public synchronized List<String> loadErrors() {
        return loadErrors;
    }

    private static String ruleKey(Rule r) {
        return (r instanceof AlertingRule ? "alert:" : "record:") + r.name() + "\u0000" + r.expr();
    }

    /** Reloads when the poll interval has passed and evaluates every group that is due. */
    public synchronized void evaluateDue() {
        Instant now = options.clock().instant();
        if (lastPoll == null || !now.isBefore(lastPoll.plus(options.pollInterval()))) {
            reload();
        }
        boolean any = false;
        for (GroupRunner g : groups.values()) {
            if (!now.isBefore(g.next)) {
                // Prometheus evaluates at the scheduled time, not when the scheduler got round to it:
                // a tick that comes late must not make `for: 1m` with a 1m interval take two intervals.
                // Missed slots are skipped (the latest one due is evaluated).
                Instant at = g.next;
                while (!at.plus(g.interval).isAfter(now)) {
                    at = at.plus(g.interval);
                }
                evaluate(g, at);
                any = true;
                g.next = at.plus(g.interval);
            }
        }
        if (any) {
            writeState();
        }
    }

    private void evaluate(GroupRunner g, Instant now) {
        long began = System.nanoTime();
        List<Alert> toNotify = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        List<Map.Entry<StateHistory.RuleRef, StateHistory.Transition>> transitions = new ArrayList<>();
        for (RuleRunner r : g.rules) {
            long ruleBegan = System.nanoTime();
            Map<Map<String, String>, StateValue> before = states(r);
            try {
                List<QueryResult.Sample> vector = query(g.tenant, r.expr, now);
                switch (r.rule) {
                    case AlertingRule a -> evalAlert(g, r, a, vector, now);
                    case RecordingRule rec -> samples.addAll(evalRecord(g, rec, vector, now));
                }
                r.health = "ok";
                r.lastError = "";
            } catch (RuntimeException e) {
                r.health = "err";
                r.lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.warn("rule {} in group {} of {} failed: {}", r.rule.name(), g.group.name(), g.namespace, r.lastError);
            }
            if (r.rule instanceof AlertingRule a) {
                transitions(g, r, a, before, now, transitions);
            }
            r.lastEvaluation = now;
            r.evaluationTime = Duration.ofNanos(System.nanoTime() - ruleBegan);
            if (r.rule instanceof AlertingRule) {
                for (AlertInstance a : r.active.values()) {
                    if (a.state == AlertState.FIRING || a.resolvedAt != null) {
                        toNotify.add(toAlert(r, a));
                    }
                }
            }
        }
        g.lastEvaluation = now;
        g.evaluationTime = Duration.ofNanos(System.nanoTime() - began);
        if (!toNotify.isEmpty()) {
            alertSink.accept(toNotify);
        }
        if (!samples.isEmpty()) {
            sampleSink.accept(samples);
        }
        if (!transitions.isEmpty()) {
            try {
                historySink.write(g.tenant, StateHistory.request(g.namespace, g.group.name(), options.externalLabels(), transitions));
            } catch (RuntimeException e) {
                LOG.warn("cannot write {} alert state change(s) of group {} of {} to the state history: {}",
                        transitions.size(), g.group.name(), g.namespace, e.toString());
            }
        }
    }

    private record StateValue(AlertState state, double value) {
    }

    /** The state and value of every alert of a rule that is not inactive. */
    private static Map<Map<String, String>, StateValue> states(RuleRunner r) {
        Map<Map<String, String>, StateValue> out = new LinkedHashMap<>();
        for (AlertInstance a : r.active.values()) {
            if (a.state != AlertState.INACTIVE) {
                out.put(a.labels, new StateValue(a.state, a.value));
            }
        }
        return out;
    }

    /**
     * Adds one transition per alert whose state differs from {@code before} (gone = inactive),
     * with the current value, or the last known one when the alert is gone.
     */
    private static void transitions(GroupRunner g, RuleRunner r, AlertingRule rule, Map<Map<String, String>, StateValue> before,
                                    Instant now, List<Map.Entry<StateHistory.RuleRef, StateHistory.Transition>> out) {
        Map<Map<String, String>, StateValue> after = states(r);
        if (before.isEmpty() && after.isEmpty()) {
            return;
        }
        StateHistory.RuleRef ref = new StateHistory.RuleRef(g.tenant, g.namespace, g.group.name(), rule.alert(),
                rule.annotations());
        Set<Map<String, String>> keys = new java.util.LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (Map<String, String> labels : keys) {
            StateValue prev = before.get(labels);
            StateValue cur = after.get(labels);
            AlertState from = prev == null ? AlertState.INACTIVE : prev.state();
            AlertState to = cur == null ? AlertState.INACTIVE : cur.state();
            if (from != to) {
                AlertInstance a = r.active.get(labels);
                double value = cur != null ? cur.value() : a != null ? a.value : prev.value();
                out.add(Map.entry(ref, new StateHistory.Transition(now, labels, from, to, value)));
            }
        }
    }

    private List<QueryResult.Sample> query(String tenant, Expr expr, Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        QueryResult result = engine.instantQuery(tenant, expr, nanos, 100, Direction.BACKWARD);
        return switch (result) {
            case QueryResult.Vector v -> v.samples();
            case QueryResult.Scalar s -> List.of(new QueryResult.Sample(List.of(), s.timestampMillis(), s.value()));
            default -> throw new IllegalStateException("rule result is not a vector or scalar: " + result.resultType());
        };
    }

    private void evalAlert(GroupRunner g, RuleRunner r, AlertingRule rule, List<QueryResult.Sample> vector, Instant now) {
        Set<Map<String, String>> seen = new HashSet<>();
        List<AlertInstance> current = new ArrayList<>();
        for (QueryResult.Sample s : vector) {
            Map<String, String> series = new TreeMap<>();
            for (LabelPair p : s.labels()) {
                if (!p.name().equals("__name__")) {
                    series.put(p.name(), p.value());
                }
            }
            Template.Data data = new Template.Data(series, s.value(), options.externalLabels(), options.uiBaseUrl());
            Map<String, String> labels = new TreeMap<>(series);
            rule.labels().forEach((k, v) -> labels.put(k, Template.expand(v, data)));
            labels.put("alertname", rule.alert());
            Map<String, String> annotations = new TreeMap<>();
            rule.annotations().forEach((k, v) -> annotations.put(k, Template.expand(v, data)));
            if (!seen.add(labels)) {
                throw new IllegalStateException("vector contains metrics with the same labelset after applying alert labels");
            }
            AlertInstance a = new AlertInstance(Map.copyOf(labels));
            a.annotations = annotations;
            a.value = s.value();
            current.add(a);
        }
        if (g.group.limit() > 0 && current.size() > g.group.limit()) {
            r.active.clear();
            throw new IllegalStateException("exceeded limit of " + g.group.limit() + " with " + current.size() + " alerts");
        }
        for (AlertInstance fresh : current) {
            AlertInstance existing = r.active.get(fresh.labels);
            if (existing != null && existing.state != AlertState.INACTIVE) {
                existing.value = fresh.value;
                existing.annotations = fresh.annotations;
                existing.keepFiringSince = null;
                continue;
            }
            fresh.state = AlertState.PENDING;
            fresh.activeAt = now;
            r.active.put(fresh.labels, fresh);
        }
        for (Iterator<AlertInstance> it = r.active.values().iterator(); it.hasNext(); ) {
            AlertInstance a = it.next();
            if (!seen.contains(a.labels)) {
                if (a.state == AlertState.PENDING
                        || (a.resolvedAt != null && now.isAfter(a.resolvedAt.plus(RESOLVED_RETENTION)))) {
                    it.remove();
                    continue;
                }
                if (a.state == AlertState.FIRING) {
                    if (!rule.keepFiringFor().isZero()) {
                        if (a.keepFiringSince == null) {
                            a.keepFiringSince = now;
                        }
                        if (now.isBefore(a.keepFiringSince.plus(rule.keepFiringFor()))) {
                            continue;
                        }
                    }
                    a.state = AlertState.INACTIVE;
                    a.resolvedAt = now;
                }
                continue;
            }
            if (a.state == AlertState.PENDING && !now.isBefore(a.activeAt.plus(rule.forDuration()))) {
                a.state = AlertState.FIRING;
                a.firedAt = now;
            }
        }
    }

    private List<Sample> evalRecord(GroupRunner g, RecordingRule rule, List<QueryResult.Sample> vector, Instant now) {
        List<Sample> out = new ArrayList<>();
        Set<Map<String, String>> seen = new HashSet<>();
        for (QueryResult.Sample s : vector) {
            Map<String, String> labels = new TreeMap<>();
            for (LabelPair p : s.labels()) {
                labels.put(p.name(), p.value());
            }
            labels.put("__name__", rule.record());
            labels.putAll(rule.labels());
            options.externalLabels().forEach(labels::putIfAbsent);
            if (!seen.add(labels)) {
                throw new IllegalStateException("vector contains metrics with the same labelset after applying rule labels");
            }
            out.add(new Sample(labels, now.toEpochMilli(), s.value()));
        }
        if (g.group.limit() > 0 && out.size() > g.group.limit()) {
            throw new IllegalStateException("exceeded limit of " + g.group.limit() + " with " + out.size() + " series");
        }
        return out;
    }

    private Alert toAlert(RuleRunner r, AlertInstance a) {
        Instant starts = a.firedAt != null ? a.firedAt : a.activeAt;
        return new Alert(a.labels, a.annotations, starts, a.state == AlertState.FIRING ? null : a.resolvedAt,
                exploreUrl(options.uiBaseUrl(), r.rule.expr(), a.activeAt), a.value);
    }

    /** {@code <ui>/explore?query=<expr>&from=<ms>&to=<ms>}: the hour around the alert's start. */
    static String exploreUrl(String base, String expr, Instant around) {
        long from = around.minus(Duration.ofHours(1)).toEpochMilli();
        long to = around.plus(Duration.ofHours(1)).toEpochMilli();
        return base.replaceAll("/+$", "") + "/explore?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8).replace("+", "%20") + "&from=" + from + "&to=" + to;
    }

    /** Snapshots of the tenant's groups ({@code null} tenant: all), in namespace and file order. */
    public synchronized List<GroupStatus> status(String tenant) {
        List<GroupStatus> out = new ArrayList<>();
        for (GroupRunner g : groups.values()) {
            if (tenant != null && !tenant.equals(g.tenant)) {
                continue;
            }
            List<RuleStatus> rules = new ArrayList<>();
            for (RuleRunner r : g.rules) {
                List<RuleStatus.ActiveAlert> alerts = new ArrayList<>();
                AlertState state = AlertState.INACTIVE;
                for (AlertInstance a : r.active.values()) {
                    if (a.state == AlertState.INACTIVE) {
                        continue;
                    }
                    alerts.add(new RuleStatus.ActiveAlert(a.labels, a.annotations, a.state, a.activeAt, a.firedAt,
                            a.resolvedAt, a.value));
                    if (a.state.ordinal() > state.ordinal()) {
                        state = a.state;
                    }
                }
                rules.add(new RuleStatus(r.rule, state, r.health, r.lastError, r.lastEvaluation, r.evaluationTime, alerts));
            }
            out.add(new GroupStatus(g.tenant, g.namespace, g.group, g.interval, g.lastEvaluation, g.evaluationTime, rules));
        }
        return out;
    }

    // ---- state file ---------------------------------------------------------------------------

    private Map<String, List<AlertInstance>> readState() {
        Map<String, List<AlertInstance>> out = new HashMap<>();
        if (!Files.exists(stateFile)) {
            return out;
        }
        try {
            JsonNode root = JSON.readTree(stateFile.toFile());
            for (JsonNode n : root.path("alerts")) {
                Map<String, String> labels = new TreeMap<>();
                n.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                AlertInstance a = new AlertInstance(Map.copyOf(labels));
                Map<String, String> ann = new TreeMap<>();
                n.path("annotations").properties().forEach(e -> ann.put(e.getKey(), e.getValue().asText()));
                a.annotations = ann;
                a.state = AlertState.valueOf(n.path("state").asText().toUpperCase(java.util.Locale.ROOT));
                a.activeAt = instant(n.path("activeAt"));
                a.firedAt = instant(n.path("firedAt"));
                a.resolvedAt = instant(n.path("resolvedAt"));
                a.keepFiringSince = instant(n.path("keepFiringSince"));
                a.value = n.path("value").asDouble();
                String key = n.path("tenant").asText() + "\u0000" + n.path("namespace").asText() + "\u0000"
                        + n.path("group").asText() + "\u0000" + n.path("rule").asText();
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable ruler state {}: {}", stateFile, e.toString());
        }
        return out;
    }

    private static Instant instant(JsonNode n) {
        return n.isNumber() ? Instant.ofEpochMilli(n.asLong()) : null;
    }

    /** One entry of the state file: where the alert's rule lives, and the alert instance. */
    private static void putAlert(ArrayNode arr, String tenant, String namespace, String group, String rule,
                                 AlertInstance a) {
        ObjectNode o = arr.addObject();
        o.put("tenant", tenant);
        o.put("namespace", namespace);
        o.put("group", group);
        o.put("rule", rule);
        ObjectNode l = o.putObject("labels");
        new TreeMap<>(a.labels).forEach(l::put);
        ObjectNode an = o.putObject("annotations");
        new TreeMap<>(a.annotations).forEach(an::put);
        o.put("state", a.state.wire());
        putInstant(o, "activeAt", a.activeAt);
        putInstant(o, "firedAt", a.firedAt);
        putInstant(o, "resolvedAt", a.resolvedAt);
        putInstant(o, "keepFiringSince", a.keepFiringSince);
        o.put("value", a.value);
    }

    private void writeState() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode arr = root.putArray("alerts");
        for (GroupRunner g : groups.values()) {
            for (RuleRunner r : g.rules) {
                for (AlertInstance a : r.active.values()) {
                    putAlert(arr, g.tenant, g.namespace, g.group.name(), r.rule.name(), a);
                }
            }
        }
        // alerts of rules not loaded (yet) are kept, so a temporarily broken file does not forget them
        restored.forEach((key, list) -> {
            String[] k = key.split("\u0000", -1);
            for (AlertInstance a : list) {
                putAlert(arr, k[0], k[1], k[2], k[3], a);
            }
        });
        try {
            Files.createDirectories(stateFile.getParent());
            Path tmp = stateFile.resolveSibling(STATE_FILE + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot write ruler state {}: {}", stateFile, e.toString());
        }
    }

    private static void putInstant(ObjectNode o, String key, Instant t) {
        if (t == null) {
            o.putNull(key);
        } else {
            o.put(key, t.toEpochMilli());
        }
    }
}
