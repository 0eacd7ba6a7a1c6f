package dev.plg.query;

import dev.plg.logql.ast.BinaryOperation;
import dev.plg.logql.ast.Grouping;
import dev.plg.logql.ast.LabelFilter;
import dev.plg.logql.ast.LabelReplace;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.MatchOp;
import dev.plg.logql.ast.Matcher;
import dev.plg.logql.ast.NumberLiteral;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.SampleExpr;
import dev.plg.logql.ast.Stage;
import dev.plg.logql.ast.Unwrap;
import dev.plg.logql.ast.VectorAggregation;
import dev.plg.logql.ast.VectorLiteral;
import java.util.ArrayList;
import java.util.List;

/** Short builders of LogQL ASTs for table tests (the parser lives in another module). */
final class Ast {
    static final long SEC = 1_000_000_000L;
    static final long MIN = 60 * SEC;

    private Ast() {
    }

    /** {@code sel("app=nginx,host=~web-.*")}; operators {@code =}, {@code !=}, {@code =~}, {@code !~}. */
    static LogExpr sel(String matchers, Stage... stages) {
        List<Matcher> ms = new ArrayList<>();
        for (String m : matchers.split(",")) {
            MatchOp op;
            int i;
            if ((i = m.indexOf("=~")) > 0) {
                op = MatchOp.RE;
            } else if ((i = m.indexOf("!~")) > 0) {
                op = MatchOp.NRE;
            } else if ((i = m.indexOf("!=")) > 0) {
                op = MatchOp.NEQ;
            } else {
                i = m.indexOf('=');
                op = MatchOp.EQ;
            }
            int vi = i + (op == MatchOp.EQ ? 1 : 2);
            ms.add(new Matcher(m.substring(0, i).trim(), op, m.substring(vi).trim()));
        }
        return new LogExpr(ms, List.of(stages));
    }

    static Stage contains(String s) {
        return new Stage.LineFilter(Stage.LineFilterOp.CONTAINS, List.of(new Stage.LineFilterValue(s, false)));
    }

    static Stage labelEq(String name, String value) {
        return new Stage.LabelFilterStage(new LabelFilter.StringFilter(name, MatchOp.EQ, value));
    }

    static LogRange range(LogExpr e, long rangeNs) {
        return new LogRange(e, null, List.of(), rangeNs, 0);
    }

    static LogRange range(LogExpr e, long rangeNs, long offsetNs) {
        return new LogRange(e, null, List.of(), rangeNs, offsetNs);
    }

    static LogRange unwrap(LogExpr e, String label, long rangeNs) {
        return new LogRange(e, new Unwrap(label, Unwrap.Conversion.NONE), List.of(), rangeNs, 0);
    }

    static RangeAggregation r(RangeAggregation.Op op, LogRange range) {
        return new RangeAggregation(op, range, null, null);
    }

    static RangeAggregation r(RangeAggregation.Op op, LogRange range, Grouping g) {
        return new RangeAggregation(op, range, null, g);
    }

    static RangeAggregation quantile(double q, LogRange range, Grouping g) {
        return new RangeAggregation(RangeAggregation.Op.QUANTILE_OVER_TIME, range, q, g);
    }

    static RangeAggregation count(LogExpr e, long rangeNs) {
        return r(RangeAggregation.Op.COUNT_OVER_TIME, range(e, rangeNs));
    }

    static Grouping by(String... labels) {
        return new Grouping(false, List.of(labels));
    }

    static Grouping without(String... labels) {
        return new Grouping(true, List.of(labels));
    }

    static VectorAggregation v(VectorAggregation.Op op, Grouping g, SampleExpr inner) {
        return new VectorAggregation(op, inner, null, g);
    }

    static VectorAggregation topk(int k, SampleExpr inner) {
        return new VectorAggregation(VectorAggregation.Op.TOPK, inner, k, null);
    }

    static VectorAggregation bottomk(int k, SampleExpr inner) {
        return new VectorAggregation(VectorAggregation.Op.BOTTOMK, inner, k, null);
    }

    static BinaryOperation bin(BinaryOperation.Op op, SampleExpr l, SampleExpr r) {
        return new BinaryOperation(op, l, r, false, null);
    }

    static BinaryOperation binBool(BinaryOperation.Op op, SampleExpr l, SampleExpr r) {
        return new BinaryOperation(op, l, r, true, null);
    }

    static BinaryOperation bin(BinaryOperation.Op op, SampleExpr l, SampleExpr r, BinaryOperation.VectorMatching m) {
        return new BinaryOperation(op, l, r, false, m);
    }

    static BinaryOperation.VectorMatching on(String... labels) {
        return new BinaryOperation.VectorMatching(true, List.of(labels), BinaryOperation.Cardinality.ONE_TO_ONE, List.of());
    }

    static BinaryOperation.VectorMatching ignoring(String... labels) {
        return new BinaryOperation.VectorMatching(false, List.of(labels), BinaryOperation.Cardinality.ONE_TO_ONE, List.of());
    }

    static BinaryOperation.VectorMatching onGroupLeft(List<String> on, String... include) {
        return new BinaryOperation.VectorMatching(true, on, BinaryOperation.Cardinality.MANY_TO_ONE, List.of(include));
    }

    static BinaryOperation.VectorMatching onGroupRight(List<String> on, String... include) {
        return new BinaryOperation.VectorMatching(true, on, BinaryOperation.Cardinality.ONE_TO_MANY, List.of(include));
    }

    static NumberLiteral num(double v) {
        return new NumberLiteral(v);
    }

    static VectorLiteral vector(double v) {
        return new VectorLiteral(v);
    }

    static LabelReplace labelReplace(SampleExpr inner, String dst, String repl, String src, String regex) {
        return new LabelReplace(inner, dst, repl, src, regex);
    }
}
