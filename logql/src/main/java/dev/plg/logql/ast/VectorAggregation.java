package dev.plg.logql.ast;

/**
 * {@code sum by (a) (expr)}, {@code topk(3, expr)}. {@code parameter} is k for topk/bottomk,
 * else {@code null}; {@code grouping} is {@code null} when absent.
 */
public record VectorAggregation(Op op, SampleExpr inner, Integer parameter, Grouping grouping) implements SampleExpr {
    public enum Op {
        SUM("sum"), AVG("avg"), MIN("min"), MAX("max"), COUNT("count"), STDDEV("stddev"), STDVAR("stdvar"),
        TOPK("topk"), BOTTOMK("bottomk"), SORT("sort"), SORT_DESC("sort_desc");

        private final String function;

        Op(String function) {
            this.function = function;
        }

        public String function() {
            return function;
        }
    }
}
