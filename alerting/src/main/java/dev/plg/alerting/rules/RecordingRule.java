package dev.plg.alerting.rules;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code record:} rule: each evaluation's samples become series named {@code record}, sent by remote_write. */
public record RecordingRule(String record, String expr, Map<String, String> labels) implements Rule {
    public RecordingRule {
        requireNonNull(record, "record is null");
        requireNonNull(expr, "expr is null");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(labels, "labels is null")));
    }

    @Override
    public String name() {
        return record;
    }
}
