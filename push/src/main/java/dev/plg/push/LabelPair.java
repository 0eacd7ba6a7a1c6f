package dev.plg.push;

import static java.util.Objects.requireNonNull;

/** One label or structured-metadata pair. Names and values are kept exactly as received. */
public record LabelPair(String name, String value) implements Comparable<LabelPair> {
    public LabelPair {
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
    }

    @Override
    public int compareTo(LabelPair o) {
        int c = name.compareTo(o.name);
        return c != 0 ? c : value.compareTo(o.value);
    }
}
