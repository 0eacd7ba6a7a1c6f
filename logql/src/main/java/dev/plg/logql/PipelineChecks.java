package dev.plg.logql;

import dev.plg.logql.ast.BinaryOperation;
import dev.plg.logql.ast.Expr;
import dev.plg.logql.ast.LabelReplace;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.NumberLiteral;
import dev.plg.logql.ast.ParenExpr;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.VectorAggregation;
import dev.plg.logql.ast.VectorLiteral;
import dev.plg.logql.pipeline.Pipelines;

/** Compiles every pipeline of a query once so that stage errors surface as parse errors. */
final class PipelineChecks {
    private PipelineChecks() {
    }

    static void check(Expr e) {
        try {
            checkAll(e);
        } catch (UnsupportedOperationException notYet) {
            // pipelines not compiled yet
        }
    }

    private static void checkAll(Expr e) {
        switch (e) {
            case LogExpr l -> Pipelines.compile(l);
            case RangeAggregation r -> Pipelines.compile(r.op(), r.range());
            case VectorAggregation v -> checkAll(v.inner());
            case BinaryOperation b -> {
                checkAll(b.lhs());
                checkAll(b.rhs());
            }
            case LabelReplace lr -> checkAll(lr.inner());
            case ParenExpr p -> checkAll(p.inner());
            case NumberLiteral n -> {
            }
            case VectorLiteral v -> {
            }
        }
    }
}
