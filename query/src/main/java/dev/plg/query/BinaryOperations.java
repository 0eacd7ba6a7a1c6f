package dev.plg.query;

import dev.plg.logql.ast.BinaryOperation;
import dev.plg.logql.ast.BinaryOperation.Cardinality;
import dev.plg.logql.ast.BinaryOperation.Op;
import dev.plg.logql.ast.BinaryOperation.VectorMatching;
import dev.plg.push.LabelPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Arithmetic, comparison and set operators between scalars and vectors with Prometheus' vector
 * matching ({@code on}/{@code ignoring}, {@code group_left}/{@code group_right}), evaluated step by
 * step. Matching errors are Loki's texts with category INTERNAL (Loki answers them with 500).
 */
final class BinaryOperations {
    private BinaryOperations() {
    }

    static MetricEvaluator.Value apply(BinaryOperation b, MetricEvaluator.Value lhs, MetricEvaluator.Value rhs, int steps) {
        Op op = b.op();
        if (lhs instanceof MetricEvaluator.Scalar l && rhs instanceof MetricEvaluator.Scalar r) {
            double v = arith(op, l.value(), r.value());
            if (op.isComparison()) {
                v = compare(op, l.value(), r.value()) ? 1 : 0;
            }
            return new MetricEvaluator.Scalar(v);
        }
        if (lhs instanceof MetricEvaluator.Vec l && rhs instanceof MetricEvaluator.Scalar r) {
            return new MetricEvaluator.Vec(vectorScalar(b, l.series(), r.value(), false));
        }
        if (lhs instanceof MetricEvaluator.Scalar l && rhs instanceof MetricEvaluator.Vec r) {
            return new MetricEvaluator.Vec(vectorScalar(b, r.series(), l.value(), true));
        }
        MetricEvaluator.Vec l = (MetricEvaluator.Vec) lhs;
        MetricEvaluator.Vec r = (MetricEvaluator.Vec) rhs;
        if (op.isSetOperator()) {
            return new MetricEvaluator.Vec(setOperation(b, l.series(), r.series(), steps));
        }
        return new MetricEvaluator.Vec(vectorVector(b, l.series(), r.series(), steps));
    }

    static double arith(Op op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            // Loki guards both against a zero divisor with NaN (where Prometheus would give ±Inf)
            case DIV -> r == 0 ? Double.NaN : l / r;
            case MOD -> r == 0 ? Double.NaN : l % r;
            case POW -> Math.pow(l, r);
            case EQ, NEQ, GT, GTE, LT, LTE -> l;
            case OR, AND, UNLESS -> throw new IllegalStateException("set operator between scalars: " + op.symbol());
        };
    }

    static boolean compare(Op op, double l, double r) {
        return switch (op) {
            case EQ -> l == r;
            case NEQ -> l != r;
            case GT -> l > r;
            case GTE -> l >= r;
            case LT -> l < r;
            case LTE -> l <= r;
            default -> true;
        };
    }

    private static List<SeriesData> vectorScalar(BinaryOperation b, List<SeriesData> vec, double scalar, boolean swap) {
        Op op = b.op();
        if (op.isSetOperator()) {
            throw QueryException.user("parse error : set operator " + op.symbol() + " not allowed in binary scalar expression");
        }
        List<SeriesData> out = new ArrayList<>(vec.size());
        for (SeriesData s : vec) {
            SeriesData o = new SeriesData(s.labels, s.size);
            for (int k = 0; k < s.size; k++) {
                double x = s.values[k];
                double lv = swap ? scalar : x;
                double rv = swap ? x : scalar;
                double v;
                boolean keep = true;
                if (op.isComparison()) {
                    keep = compare(op, lv, rv);
                    v = x;
                    if (b.returnBool()) {
                        v = keep ? 1 : 0;
                        keep = true;
                    }
                } else {
                    v = arith(op, lv, rv);
                }
                if (keep) {
                    o.add(s.steps[k], v);
                }
            }
            if (o.size > 0) {
                out.add(o);
            }
        }
        return out;
    }

    /** The labels used to match series: {@code on} keeps the listed ones, {@code ignoring} (or none) drops them. */
    static List<LabelPair> signature(List<LabelPair> labels, VectorMatching m) {
        if (m == null) {
            return labels;
        }
        if (m.on()) {
            List<LabelPair> out = new ArrayList<>(m.labels().size());
            for (LabelPair p : labels) {
                if (m.labels().contains(p.name())) {
                    out.add(p);
                }
            }
            return out;
        }
        return LabelSets.drop(labels, m.labels());
    }

    private static List<SeriesData> setOperation(BinaryOperation b, List<SeriesData> lhs, List<SeriesData> rhs, int steps) {
        VectorMatching m = b.matching();
        List<List<LabelPair>> sigL = new ArrayList<>(lhs.size());
        for (SeriesData s : lhs) {
            sigL.add(signature(s.labels, m));
        }
        List<List<LabelPair>> sigR = new ArrayList<>(rhs.size());
        for (SeriesData s : rhs) {
            sigR.add(signature(s.labels, m));
        }
        MetricEvaluator.StepIndex li = new MetricEvaluator.StepIndex(lhs, steps);
        MetricEvaluator.StepIndex ri = new MetricEvaluator.StepIndex(rhs, steps);
        Map<List<LabelPair>, SeriesData> out = new LinkedHashMap<>();
        Set<List<LabelPair>> sigs = new HashSet<>();
        for (int i = 0; i < steps; i++) {
            sigs.clear();
            switch (b.op()) {
                case AND, UNLESS -> {
                    for (int k = ri.start[i]; k < ri.start[i + 1]; k++) {
                        sigs.add(sigR.get(ri.series[k]));
                    }
                    boolean and = b.op() == Op.AND;
                    for (int k = li.start[i]; k < li.start[i + 1]; k++) {
                        int j = li.series[k];
                        if (sigs.contains(sigL.get(j)) == and) {
                            SeriesData s = lhs.get(j);
                            emit(out, s.labels, i, s.values[li.point[k]]);
                        }
                    }
                }
                case OR -> {
                    for (int k = li.start[i]; k < li.start[i + 1]; k++) {
                        int j = li.series[k];
                        sigs.add(sigL.get(j));
                        SeriesData s = lhs.get(j);
                        emit(out, s.labels, i, s.values[li.point[k]]);
                    }
                    for (int k = ri.start[i]; k < ri.start[i + 1]; k++) {
                        int j = ri.series[k];
                        if (!sigs.contains(sigR.get(j))) {
                            SeriesData s = rhs.get(j);
                            emit(out, s.labels, i, s.values[ri.point[k]]);
                        }
                    }
                }
                default -> throw new IllegalStateException("not a set operator: " + b.op());
            }
        }
        return new ArrayList<>(out.values());
    }

    private static void emit(Map<List<LabelPair>, SeriesData> out, List<LabelPair> labels, int step, double v) {
        SeriesData s = out.computeIfAbsent(labels, k -> new SeriesData(k, 16));
        if (s.size > 0 && s.steps[s.size - 1] == step) {
            return;
        }
        s.add(step, v);
    }

    private static List<SeriesData> vectorVector(BinaryOperation b, List<SeriesData> lhs, List<SeriesData> rhs, int steps) {
        VectorMatching m = b.matching();
        Cardinality card = m == null ? Cardinality.ONE_TO_ONE : m.cardinality();
        Op op = b.op();
        // the "one" side and the "many" side; for one-to-one, lhs plays "many"
        boolean swap = card == Cardinality.ONE_TO_MANY;
        List<SeriesData> many = swap ? rhs : lhs;
        List<SeriesData> one = swap ? lhs : rhs;
        List<List<LabelPair>> sigMany = new ArrayList<>(many.size());
        for (SeriesData s : many) {
            sigMany.add(signature(s.labels, m));
        }
        List<List<LabelPair>> sigOne = new ArrayList<>(one.size());
        for (SeriesData s : one) {
            sigOne.add(signature(s.labels, m));
        }
        MetricEvaluator.StepIndex mi = new MetricEvaluator.StepIndex(many, steps);
        MetricEvaluator.StepIndex oi = new MetricEvaluator.StepIndex(one, steps);
        Map<List<LabelPair>, SeriesData> out = new LinkedHashMap<>();
        Map<List<LabelPair>, Integer> oneBySig = new HashMap<>();
        Set<List<LabelPair>> matched = new HashSet<>();
        Map<List<LabelPair>, Set<List<LabelPair>>> inserted = new HashMap<>();
        Map<String, List<LabelPair>> metricCache = new HashMap<>();
        for (int i = 0; i < steps; i++) {
            oneBySig.clear();
            matched.clear();
            inserted.clear();
            for (int k = oi.start[i]; k < oi.start[i + 1]; k++) {
                int j = oi.series[k];
                Integer dup = oneBySig.putIfAbsent(sigOne.get(j), k);
                if (dup != null) {
                    String side = swap ? "left" : "right";
                    throw QueryException.internal("found duplicate series for the match group "
                            + LabelSets.format(sigOne.get(j)) + " on the " + side + " hand-side of the operation: ["
                            + LabelSets.format(one.get(oi.series[dup]).labels) + ", " + LabelSets.format(one.get(j).labels)
                            + "];many-to-many matching not allowed: matching labels must be unique on one side");
                }
            }
            for (int k = mi.start[i]; k < mi.start[i + 1]; k++) {
                int j = mi.series[k];
                List<LabelPair> sig = sigMany.get(j);
                Integer ok = oneBySig.get(sig);
                if (ok == null) {
                    continue;
                }
                SeriesData ms = many.get(j);
                SeriesData os = one.get(oi.series[ok]);
                double mv = ms.values[mi.point[k]];
                double ov = os.values[oi.point[ok]];
                double lv = swap ? ov : mv;
                double rv = swap ? mv : ov;
                double v;
                boolean keep = true;
                if (op.isComparison()) {
                    keep = compare(op, lv, rv);
                    v = lv;
                    if (b.returnBool()) {
                        v = keep ? 1 : 0;
                        keep = true;
                    }
                } else {
                    v = arith(op, lv, rv);
                }
                if (!keep) {
                    continue;
                }
                List<LabelPair> metric = resultMetric(ms.labels, os.labels, m, card, metricCache);
                if (card == Cardinality.ONE_TO_ONE) {
                    if (!matched.add(sig)) {
                        throw QueryException.internal(
                                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    }
                } else if (!inserted.computeIfAbsent(sig, x -> new HashSet<>()).add(metric)) {
                    throw QueryException.internal("multiple matches for labels: grouping labels must ensure unique matches");
                }
                emit(out, metric, i, v);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static List<LabelPair> resultMetric(List<LabelPair> many, List<LabelPair> one, VectorMatching m,
                                                Cardinality card, Map<String, List<LabelPair>> cache) {
        if (m == null) {
            return many;
        }
        String key = card == Cardinality.ONE_TO_ONE ? null : LabelSets.format(many) + "\u0000" + LabelSets.format(one);
        if (key != null) {
            List<LabelPair> cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        List<LabelPair> out;
        if (card == Cardinality.ONE_TO_ONE) {
            out = m.on() ? LabelSets.keep(many, m.labels()) : LabelSets.drop(many, m.labels());
        } else {
            out = many;
            for (String name : m.include()) {
                out = LabelSets.with(out, name, LabelSets.get(one, name));
            }
        }
        if (key != null) {
            cache.put(key, out);
        }
        return out;
    }
}
