package dev.plg.logql.ast;

import java.util.List;

/**
 * The log range of a range aggregation: {@code {sel} | stages [| unwrap x [| post-unwrap filters]] [5m] [offset 1h]}.
 * {@code unwrap} is {@code null} without unwrap; {@code postUnwrapFilters} are label filters written after it.
 * Durations are nanoseconds; {@code offsetNanos} is 0 without offset.
 */
public record LogRange(LogExpr selector, Unwrap unwrap, List<LabelFilter> postUnwrapFilters,
                       long rangeNanos, long offsetNanos) {
    public LogRange {
        java.util.Objects.requireNonNull(selector, "selector is null");
        postUnwrapFilters = List.copyOf(postUnwrapFilters);
    }
}
