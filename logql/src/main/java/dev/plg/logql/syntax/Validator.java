package dev.plg.logql.syntax;

import dev.plg.logql.ParseException;
import dev.plg.logql.ast.BinaryOperation;
import dev.plg.logql.ast.Expr;
import dev.plg.logql.ast.LabelReplace;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.Matcher;
import dev.plg.logql.ast.NumberLiteral;
import dev.plg.logql.ast.ParenExpr;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.SampleExpr;
import dev.plg.logql.ast.VectorAggregation;
import dev.plg.logql.ast.VectorLiteral;
import java.util.List;

/** Semantic checks Loki runs after parsing ({@code validateExpr}). */
public final class Validator {
    static final String EMPTY_MATCHERS = "queries require at least one regexp or equality matcher that does not have "
            + "an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will";

    private Validator() {
    }

    public static void validate(Expr expr) {
        switch (expr) {
            case LogExpr l -> validateMatchers(l.matchers());
            case SampleExpr s -> validateSample(s);
        }
    }

    private static void validateSample(SampleExpr e) {
        switch (e) {
            case BinaryOperation b -> {
                validateSample(b.lhs());
                validateSample(b.rhs());
            }
            case NumberLiteral n -> {
            }
            case VectorLiteral v -> {
            }
            case ParenExpr p -> validateSample(p.inner());
            case LabelReplace lr -> validateSample(lr.inner());
            case VectorAggregation v -> {
                if ((v.op() == VectorAggregation.Op.SORT || v.op() == VectorAggregation.Op.SORT_DESC)
                        && v.grouping() != null && !v.grouping().labels().isEmpty()) {
                    throw ParseException.semantic("sort and sort_desc doesn't allow grouping by ");
                }
                validateSample(v.inner());
            }
            case RangeAggregation r -> {
                String err = rangeAggregationError(r);
                if (err != null) {
                    throw ParseException.semantic(err);
                }
                validateMatchers(r.range().selector().matchers());
            }
        }
    }

    /** Throws Loki's error unless some matcher does not match the empty string. */
    public static void validateMatchers(List<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (!matchesEmpty(m)) {
                return;
            }
        }
        throw ParseException.semantic(EMPTY_MATCHERS);
    }

    /** Whether the matcher accepts an absent label (empty value). */
    public static boolean matchesEmpty(Matcher m) {
        return switch (m.op()) {
            case EQ -> m.value().isEmpty();
            case NEQ -> !m.value().isEmpty();
            case RE -> com.google.re2j.Pattern.compile("^(?s:" + m.value() + ")$").matches("");
            case NRE -> !com.google.re2j.Pattern.compile("^(?s:" + m.value() + ")$").matches("");
        };
    }

    /** Loki's {@code RangeAggregationExpr.validate}; {@code null} when valid. */
    public static String rangeAggregationError(RangeAggregation r) {
        RangeAggregation.Op op = r.op();
        if (r.grouping() != null) {
            switch (op) {
                case AVG_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME, QUANTILE_OVER_TIME, MAX_OVER_TIME,
                     MIN_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME -> {
                }
                default -> {
                    return "grouping not allowed for " + op.function() + " aggregation";
                }
            }
        }
        if (r.range().unwrap() != null) {
            return switch (op) {
                case AVG_OVER_TIME, SUM_OVER_TIME, MAX_OVER_TIME, MIN_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME,
                     QUANTILE_OVER_TIME, RATE, RATE_COUNTER, ABSENT_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME -> null;
                default -> "invalid aggregation " + op.function() + " with unwrap";
            };
        }
        return switch (op) {
            case BYTES_OVER_TIME, BYTES_RATE, COUNT_OVER_TIME, RATE, ABSENT_OVER_TIME -> null;
            default -> "invalid aggregation " + op.function() + " without unwrap";
        };
    }
}
