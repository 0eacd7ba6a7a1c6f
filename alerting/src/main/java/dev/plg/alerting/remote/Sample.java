package dev.plg.alerting.remote;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** One recorded sample: labels including {@code __name__}, Unix milliseconds, value. */
public record Sample(Map<String, String> labels, long timestampMillis, double value) {
    public Sample {
        labels = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(labels, "labels is null")));
        if (!labels.containsKey("__name__")) {
            throw new IllegalArgumentException("sample without __name__: " + labels);
        }
    }
}
