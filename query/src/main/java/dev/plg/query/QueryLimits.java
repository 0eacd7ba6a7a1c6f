package dev.plg.query;

import java.time.Duration;

/**
 * Per-query limits, Loki's names in comments. Defaults are Loki 3.4.2's defaults.
 *
 * @param maxEntriesPerQuery {@code max_entries_limit_per_query}: largest {@code limit} of a log query (5000)
 * @param maxQuerySeries {@code max_query_series}: most series a metric query may return (500)
 * @param maxQueryLength {@code max_query_length}: longest {@code end - start}; {@link Duration#ZERO} disables (721h)
 * @param queryTimeout {@code query_timeout}: wall time before a query fails with 504; zero disables (1m)
 * @param maxPointsPerSeries points per series of a range query (11000, Prometheus' and Loki's fixed cap)
 * @param splitQueriesByInterval {@code split_queries_by_interval}: the query frontend's split of range
 *     queries, whose merge shapes some answers (see {@link SplitByInterval}); {@link Duration#ZERO} disables (1h)
 */
public record QueryLimits(int maxEntriesPerQuery, int maxQuerySeries, Duration maxQueryLength, Duration queryTimeout,
                          int maxPointsPerSeries, Duration splitQueriesByInterval) {
    public static final QueryLimits DEFAULTS =
            new QueryLimits(5000, 500, Duration.ofHours(721), Duration.ofMinutes(1), 11_000, Duration.ofHours(1));

    /** Limits with Loki's default {@code split_queries_by_interval} (1h). */
    public QueryLimits(int maxEntriesPerQuery, int maxQuerySeries, Duration maxQueryLength, Duration queryTimeout,
                       int maxPointsPerSeries) {
        this(maxEntriesPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, maxPointsPerSeries, Duration.ofHours(1));
    }

    /** These limits with another {@code split_queries_by_interval}. */
    public QueryLimits withSplitQueriesByInterval(Duration interval) {
        return new QueryLimits(maxEntriesPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, maxPointsPerSeries,
                interval);
    }

    public QueryLimits {
        java.util.Objects.requireNonNull(maxQueryLength, "maxQueryLength is null");
        java.util.Objects.requireNonNull(queryTimeout, "queryTimeout is null");
        java.util.Objects.requireNonNull(splitQueriesByInterval, "splitQueriesByInterval is null");
        if (maxEntriesPerQuery <= 0) {
            throw new IllegalArgumentException("maxEntriesPerQuery must be positive: " + maxEntriesPerQuery);
        }
        if (maxQuerySeries <= 0) {
            throw new IllegalArgumentException("maxQuerySeries must be positive: " + maxQuerySeries);
        }
        if (maxQueryLength.isNegative() || queryTimeout.isNegative() || splitQueriesByInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative: " + maxQueryLength + ", " + queryTimeout
                    + ", " + splitQueriesByInterval);
        }
        if (maxPointsPerSeries <= 0) {
            throw new IllegalArgumentException("maxPointsPerSeries must be positive: " + maxPointsPerSeries);
        }
    }
}
