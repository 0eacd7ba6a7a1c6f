package dev.plg.logql.ast;

import java.util.List;

/** {@code by (a, b)} or {@code without (a, b)}; {@code by ()} has an empty list. */
public record Grouping(boolean without, List<String> labels) {
    public Grouping {
        labels = List.copyOf(labels);
    }
}
