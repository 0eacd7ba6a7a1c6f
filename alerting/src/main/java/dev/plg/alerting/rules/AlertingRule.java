package dev.plg.alerting.rules;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code alert:} rule. An alert is pending while its expression has returned its series for less
 * than {@code forDuration}, then firing; once the series is gone it keeps firing for
 * {@code keepFiringFor} before it resolves.
 */
public record AlertingRule(String alert, String expr, Duration forDuration, Duration keepFiringFor,
                           Map<String, String> labels, Map<String, String> annotations) implements Rule {
    public AlertingRule {
        requireNonNull(alert, "alert is null");
        requireNonNull(expr, "expr is null");
        requireNonNull(forDuration, "forDuration is null");
        requireNonNull(keepFiringFor, "keepFiringFor is null");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(labels, "labels is null")));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(annotations, "annotations is null")));
    }

    @Override
    public String name() {
        return alert;
    }
}
