package dev.plg.logql.ast;

import static java.util.Objects.requireNonNull;

/** One stream-selector matcher, e.g. {@code app="nginx"}, {@code level=~"error|warn"}. */
public record Matcher(String name, MatchOp op, String value) {
    public Matcher {
        requireNonNull(name, "name is null");
        requireNonNull(op, "op is null");
        requireNonNull(value, "value is null");
    }
}
