package dev.plg.store.read;

import static java.util.Objects.requireNonNull;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * A stored stream: its id (unique within a tenant, stable across restarts) and its label set,
 * sorted by name, including labels the store discovered at ingest ({@code service_name}).
 */
public record StreamRef(long id, List<LabelPair> labels) {
    public StreamRef {
        requireNonNull(labels, "labels is null");
        labels = List.copyOf(labels);
    }

    /** The value of a label, or {@code null} when the stream lacks it. */
    public String label(String name) {
        for (LabelPair p : labels) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }
}
