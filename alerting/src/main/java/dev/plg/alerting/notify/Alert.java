package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert as notifiers see it (Alertmanager's model): labels identify it, {@code endsAt} is
 * {@code null} while it fires and the resolve time once resolved.
 *
 * @param generatorUrl link back to the rule's query in the UI's Explore
 * @param value the expression's value at the last evaluation
 */
public record Alert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
                    String generatorUrl, double value) {
    public Alert {
        labels = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(labels, "labels is null")));
        annotations = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(annotations, "annotations is null")));
        requireNonNull(startsAt, "startsAt is null");
        requireNonNull(generatorUrl, "generatorUrl is null");
    }

    public boolean resolved() {
        return endsAt != null;
    }

    /** Prometheus' label-set fingerprint (FNV-1a 64 over {@code name 0xff value 0xff}, sorted), 16 hex digits. */
    public String fingerprint() {
        return fingerprint(labels);
    }

    public static String fingerprint(Map<String, String> labels) {
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            h = fnv(h, e.getKey().getBytes(StandardCharsets.UTF_8));
            h = (h ^ 0xff) * 0x100000001b3L;
            h = fnv(h, e.getValue().getBytes(StandardCharsets.UTF_8));
            h = (h ^ 0xff) * 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
