package dev.plg.alerting;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plg.alerting.notify.Alert;
import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alert state history in Grafana's Loki format ({@code [unified_alerting.state_history] backend = loki}):
 * every state change of an alert instance becomes one JSON log line in a stream labelled
 * {@code {from="state-history", orgID="1", group="<group>", folderUID="<namespace>"}} (plus the
 * ruler's external labels, which never override those four). A line is Grafana's {@code LokiEntry}:
 * <pre>{@code
 * {"schemaVersion":1,"previous":"Pending","current":"Alerting","values":{"A":0.5},"condition":"A",
 *  "dashboardUID":"","panelID":0,"fingerprint":"…","ruleTitle":"PythonStarterKitErrorRate","ruleID":0,
 *  "ruleUID":"…","labels":{"alertname":"…","service":"auth","severity":"critical"}}
 * }</pre>
 * States use Grafana's names: {@code Normal} (inactive or resolved), {@code Pending}, {@code Alerting}.
 * A Loki ruler rule has no Grafana UID: {@code ruleUID} is the fingerprint of tenant, namespace,
 * group and rule name, stable across restarts. {@code dashboardUID}/{@code panelID} come from the
 * rule's {@code __dashboardUid__}/{@code __panelId__} annotations (Grafana's link of a rule to a
 * panel), empty/0 otherwise. Because the format is Grafana's, the same history can be written to a
 * real Loki and read by Grafana's alert history views.
 */
public final class StateHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Grafana's stream label marking state history ({@code StateHistoryLabelKey}/{@code Value}). */
    public static final String LABEL = "from";
    public static final String LABEL_VALUE = "state-history";
    /** Grafana writes its org id; PLG has one org, Grafana's default {@code 1}. */
    public static final String ORG_ID = "1";
    /** The refID under which the expression's value is written ({@code values}); Grafana's first query is {@code A}. */
    public static final String REF_ID = "A";
    static final String DASHBOARD_ANNOTATION = "__dashboardUid__";
    static final String PANEL_ANNOTATION = "__panelId__";

    /**
     * One state change of one alert instance at one evaluation.
     *
     * @param labels the alert's labels (series labels, rule labels, {@code alertname})
     * @param value the expression's value at this evaluation (the last known one when the series is gone)
     */
    public record Transition(Instant time, Map<String, String> labels, AlertState previous, AlertState current,
                             double value) {
        public Transition {
            requireNonNull(time, "time is null");
            labels = Map.copyOf(requireNonNull(labels, "labels is null"));
            requireNonNull(previous, "previous is null");
            requireNonNull(current, "current is null");
            if (previous == current) {
                throw new IllegalArgumentException("a transition must change the state: " + previous + " to " + current);
            }
        }
    }

    /** Which rule the transitions belong to. */
    public record RuleRef(String tenant, String namespace, String group, String rule, Map<String, String> annotations) {
        public RuleRef {
            requireNonNull(tenant, "tenant is null");
            requireNonNull(namespace, "namespace is null");
            requireNonNull(group, "group is null");
            requireNonNull(rule, "rule is null");
            annotations = Map.copyOf(requireNonNull(annotations, "annotations is null"));
        }

        /** The stand-in for Grafana's rule UID: 16 hex digits, stable for the same tenant/namespace/group/rule. */
        public String uid() {
            return Alert.fingerprint(Map.of("tenant", tenant, "namespace", namespace, "group", group, "rule", rule));
        }
    }

    private StateHistory() {
    }

    /** Grafana's formatted state name. */
    public static String grafanaState(AlertState state) {
        return switch (state) {
            case INACTIVE -> "Normal";
            case PENDING -> "Pending";
            case FIRING -> "Alerting";
        };
    }

    /** The stream labels of a group's history, sorted by name. */
    public static List<LabelPair> streamLabels(String namespace, String group, Map<String, String> externalLabels) {
        Map<String, String> labels = new TreeMap<>(externalLabels);
        labels.put(LABEL, LABEL_VALUE);
        labels.put("orgID", ORG_ID);
        labels.put("group", group);
        labels.put("folderUID", namespace);
        List<LabelPair> out = new ArrayList<>();
        labels.forEach((k, v) -> out.add(new LabelPair(k, v)));
        return out;
    }

    /** One JSON line (Grafana's {@code LokiEntry}). */
    public static String line(RuleRef rule, Transition t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("schemaVersion", 1);
        o.put("previous", grafanaState(t.previous()));
        o.put("current", grafanaState(t.current()));
        ObjectNode values = o.putObject("values");
        if (Double.isFinite(t.value())) {
            values.put(REF_ID, t.value());
        } else {
            values.put(REF_ID, Double.isNaN(t.value()) ? "NaN" : t.value() > 0 ? "+Inf" : "-Inf");
        }
        o.put("condition", REF_ID);
        o.put("dashboardUID", rule.annotations().getOrDefault(DASHBOARD_ANNOTATION, ""));
        o.put("panelID", panelId(rule.annotations().get(PANEL_ANNOTATION)));
        o.put("fingerprint", Alert.fingerprint(t.labels()));
        o.put("ruleTitle", rule.rule());
        o.put("ruleID", 0);
        o.put("ruleUID", rule.uid());
        ObjectNode labels = o.putObject("labels");
        new TreeMap<>(t.labels()).forEach(labels::put);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long panelId(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The push request for one group's transitions at one evaluation: one stream, entries in the
     * given order (all at their evaluation time; Loki keeps equal timestamps with different lines).
     */
    public static PushRequest request(String namespace, String group, Map<String, String> externalLabels,
                                      List<Map.Entry<RuleRef, Transition>> transitions) {
        List<PushEntry> entries = new ArrayList<>(transitions.size());
        for (Map.Entry<RuleRef, Transition> e : transitions) {
            Instant t = e.getValue().time();
            entries.add(new PushEntry(t.getEpochSecond() * 1_000_000_000L + t.getNano(), line(e.getKey(), e.getValue())));
        }
        return new PushRequest(List.of(new PushStream(streamLabels(namespace, group, externalLabels), entries)));
    }
}
