package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node of the notification policy tree (Grafana's {@code policies}, Alertmanager's {@code route}).
 * Children inherit unset fields from their parent; the first matching child wins unless it has
 * {@code continue: true}. {@code groupBy} {@code ["..."]} groups by all labels.
 */
public record Route(String receiver, List<String> groupBy, Duration groupWait, Duration groupInterval,
                    Duration repeatInterval, List<LabelMatcher> matchers, boolean continueMatching, List<Route> routes) {
    /** Grafana's defaults for the root policy. */
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

    public Route {
        requireNonNull(receiver, "receiver is null");
        groupBy = List.copyOf(requireNonNull(groupBy, "groupBy is null"));
        requireNonNull(groupWait, "groupWait is null");
        requireNonNull(groupInterval, "groupInterval is null");
        requireNonNull(repeatInterval, "repeatInterval is null");
        matchers = List.copyOf(requireNonNull(matchers, "matchers is null"));
        routes = List.copyOf(requireNonNull(routes, "routes is null"));
        if (groupInterval.isZero() || groupInterval.isNegative() || repeatInterval.isZero() || repeatInterval.isNegative()) {
            throw new IllegalArgumentException("group_interval and repeat_interval must be positive for receiver " + receiver);
        }
    }

    /** A root policy sending everything to {@code receiver} with Grafana's default timings. */
    public static Route root(String receiver, List<String> groupBy) {
        return new Route(receiver, groupBy, DEFAULT_GROUP_WAIT, DEFAULT_GROUP_INTERVAL, DEFAULT_REPEAT_INTERVAL,
                List.of(), false, List.of());
    }

    public boolean groupByAll() {
        return groupBy.contains("...");
    }

    /** The routes (leaves first-match, children before parent) that take {@code labels}, with a stable path id each. */
    public List<Matched> match(Map<String, String> labels) {
        List<Matched> out = new ArrayList<>();
        matchInto(labels, "{}", out);
        return out;
    }

    /** A route chosen for an alert and its path key (Alertmanager's route key, e.g. {@code {}/{severity="critical"}}). */
    public record Matched(Route route, String path) {
    }

    private boolean matchInto(Map<String, String> labels, String path, List<Matched> out) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        boolean any = false;
        int index = 0;
        for (Route child : routes) {
            String childPath = path + "/" + child.matchers().toString().replace('[', '{').replace(']', '}') + "/" + index++;
            if (child.matchInto(labels, childPath, out)) {
                any = true;
                if (!child.continueMatching()) {
                    break;
                }
            }
        }
        if (!any) {
            out.add(new Matched(this, path));
        }
        return true;
    }
}
