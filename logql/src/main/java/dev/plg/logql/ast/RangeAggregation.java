package dev.plg.logql.ast;

/**
 * {@code rate({..}[5m])}, {@code quantile_over_time(0.99, {..} | unwrap x [5m]) by (a)}.
 * {@code parameter} is the quantile for {@code quantile_over_time}, else {@code null};
 * {@code grouping} is {@code null} when absent.
 */
public record RangeAggregation(Op op, LogRange range, Double parameter, Grouping grouping) implements SampleExpr {
    public enum Op {
        RATE("rate"), RATE_COUNTER("rate_counter"), COUNT_OVER_TIME("count_over_time"),
        BYTES_RATE("bytes_rate"), BYTES_OVER_TIME("bytes_over_time"), ABSENT_OVER_TIME("absent_over_time"),
        SUM_OVER_TIME("sum_over_time"), AVG_OVER_TIME("avg_over_time"), MIN_OVER_TIME("min_over_time"),
        MAX_OVER_TIME("max_over_time"), STDDEV_OVER_TIME("stddev_over_time"), STDVAR_OVER_TIME("stdvar_over_time"),
        QUANTILE_OVER_TIME("quantile_over_time"), FIRST_OVER_TIME("first_over_time"), LAST_OVER_TIME("last_over_time");

        private final String function;

        Op(String function) {
            this.function = function;
        }

        public String function() {
            return function;
        }
    }
}
