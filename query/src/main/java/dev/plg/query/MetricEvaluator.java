package dev.plg.query;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.plg.logql.ast.BinaryOperation;
import dev.plg.logql.ast.Grouping;
import dev.plg.logql.ast.LabelReplace;
import dev.plg.logql.ast.NumberLiteral;
import dev.plg.logql.ast.ParenExpr;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.SampleExpr;
import dev.plg.logql.ast.VectorAggregation;
import dev.plg.logql.ast.VectorLiteral;
import dev.plg.push.LabelPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a metric expression over all steps at once, bottom-up: each node turns its children's
 * series (sparse per step) into its own. A literal stays a scalar until it meets a vector.
 */
final class MetricEvaluator {
    /** What a node evaluates to: a scalar (same at every step) or a set of series. */
    sealed interface Value {
    }

    record Scalar(double value) implements Value {
    }

    record Vec(List<SeriesData> series) implements Value {
    }

    private final Execution ex;
    private final RangeAggregationEvaluator.Steps steps;

    MetricEvaluator(Execution ex, RangeAggregationEvaluator.Steps steps) {
        this.ex = ex;
        this.steps = steps;
    }

    Value eval(SampleExpr e) {
        ex.check();
        return switch (e) {
            case NumberLiteral n -> new Scalar(n.value());
            case ParenExpr p -> eval(p.inner());
            case VectorLiteral v -> {
                SeriesData s = new SeriesData(List.of(), steps.count());
                for (int i = 0; i < steps.count(); i++) {
                    s.add(i, v.value());
                }
                yield new Vec(List.of(s));
            }
            case RangeAggregation r -> new Vec(RangeAggregationEvaluator.evaluate(ex, r, steps));
            case VectorAggregation v -> {
                RangeAggregation pushed = pushDown(v);
                yield pushed != null ? new Vec(RangeAggregationEvaluator.evaluate(ex, pushed, steps))
                        : new Vec(aggregate(v, vector(eval(v.inner()))));
            }
            case LabelReplace l -> new Vec(labelReplace(l, vector(eval(l.inner()))));
            case BinaryOperation b -> BinaryOperations.apply(b, eval(b.lhs()), eval(b.rhs()), steps.count());
        };
    }

    private Vec vector(Value v) {
        return switch (v) {
            case Vec vec -> vec;
            case Scalar s -> {
                SeriesData d = new SeriesData(List.of(), steps.count());
                for (int i = 0; i < steps.count(); i++) {
                    d.add(i, s.value());
                }
                yield new Vec(List.of(d));
            }
        };
    }

    // ---- vector aggregation -------------------------------------------------------------------

    /**
     * {@code sum by (g) (count_over_time(...))} equals {@code count_over_time(...) by (g)} (likewise
     * sum of rate/bytes/sum_over_time, max of max_over_time, min of min_over_time): grouping while
     * scanning keeps one buffer per group instead of one per parsed label set. Returns the
     * equivalent range aggregation, or null when the rewrite does not apply.
     */
    static RangeAggregation pushDown(VectorAggregation v) {
        SampleExpr inner = v.inner();
        while (inner instanceof ParenExpr p) {
            inner = p.inner();
        }
        if (!(inner instanceof RangeAggregation r) || r.grouping() != null) {
            return null;
        }
        boolean ok = switch (v.op()) {
            case SUM -> switch (r.op()) {
                case COUNT_OVER_TIME, RATE, BYTES_RATE, BYTES_OVER_TIME, SUM_OVER_TIME -> true;
                default -> false;
            };
            case MAX -> r.op() == RangeAggregation.Op.MAX_OVER_TIME;
            case MIN -> r.op() == RangeAggregation.Op.MIN_OVER_TIME;
            default -> false;
        };
        if (!ok) {
            return null;
        }
        Grouping g = v.grouping() == null ? new Grouping(false, List.of()) : v.grouping();
        if (r.range().unwrap() != null && !g.without()) {
            // the inner aggregation would have dropped the unwrapped label before the outer grouping
            List<String> keep = new ArrayList<>(g.labels());
            keep.remove(r.range().unwrap().label());
            g = new Grouping(false, keep);
        }
        return new RangeAggregation(r.op(), r.range(), r.parameter(), g);
    }

    private List<SeriesData> aggregate(VectorAggregation agg, Vec in) {
        return switch (agg.op()) {
            case SORT, SORT_DESC -> in.series();
            case TOPK, BOTTOMK -> topk(agg, in);
            default -> reduce(agg, in);
        };
    }

    private static List<LabelPair> groupLabels(List<LabelPair> labels, Grouping g) {
        if (g == null) {
            return List.of();
        }
        return g.without() ? LabelSets.drop(labels, g.labels()) : LabelSets.keep(labels, g.labels());
    }

    /**
     * sum/avg/min/max/count/stddev/stdvar per group and step. Groups are reduced one at a time into
     * scratch arrays of one slot per step, so memory stays O(steps + points) however many groups.
     */
    private List<SeriesData> reduce(VectorAggregation agg, Vec in) {
        int n = steps.count();
        Map<List<LabelPair>, List<SeriesData>> groups = new LinkedHashMap<>();
        for (SeriesData s : in.series()) {
            groups.computeIfAbsent(groupLabels(s.labels, agg.grouping()), k -> new ArrayList<>()).add(s);
        }
        double[] value = new double[n];
        double[] count = new double[n];
        double[] aux = new double[n];
        int[] touched = new int[Math.min(n, 1024)];
        List<SeriesData> out = new ArrayList<>(groups.size());
        for (Map.Entry<List<LabelPair>, List<SeriesData>> g : groups.entrySet()) {
            int touchedCount = 0;
            for (SeriesData s : g.getValue()) {
                for (int k = 0; k < s.size; k++) {
                    int i = s.steps[k];
                    double x = s.values[k];
                    double c = ++count[i];
                    if (c == 1) {
                        if (touchedCount == touched.length) {
                            touched = Arrays.copyOf(touched, touched.length * 2);
                        }
                        touched[touchedCount++] = i;
                    }
                    accumulate(agg.op(), value, aux, i, x, c);
                }
            }
            Arrays.sort(touched, 0, touchedCount);
            SeriesData s = new SeriesData(g.getKey(), touchedCount);
            for (int t = 0; t < touchedCount; t++) {
                int i = touched[t];
                double v = switch (agg.op()) {
                    case STDVAR -> aux[i] / count[i];
                    case STDDEV -> Math.sqrt(aux[i] / count[i]);
                    default -> value[i];
                };
                s.add(i, v);
                value[i] = 0;
                count[i] = 0;
                aux[i] = 0;
            }
            out.add(s);
        }
        return out;
    }

    private static void accumulate(VectorAggregation.Op op, double[] value, double[] aux, int i, double x, double c) {
        switch (op) {
            case SUM -> value[i] += x;
            case MIN -> value[i] = c == 1 || x < value[i] || Double.isNaN(value[i]) ? x : value[i];
            case MAX -> value[i] = c == 1 || x > value[i] || Double.isNaN(value[i]) ? x : value[i];
            case COUNT -> value[i] = c;
            case AVG -> {
                if (c == 1) {
                    value[i] = x;
                } else if (Double.isInfinite(value[i])) {
                    boolean sameInf = Double.isInfinite(x) && (value[i] > 0) == (x > 0);
                    boolean finite = !Double.isInfinite(x) && !Double.isNaN(x);
                    if (!sameInf && !finite) {
                        value[i] += x / c - value[i] / c;
                    }
                } else {
                    value[i] += x / c - value[i] / c;
                }
            }
            case STDDEV, STDVAR -> {
                double delta = x - value[i];
                value[i] += delta / c;
                aux[i] += delta * (x - value[i]);
            }
            default -> throw new IllegalStateException("not a reducing aggregation: " + op);
        }
    }

    private List<SeriesData> topk(VectorAggregation agg, Vec in) {
        int k = agg.parameter() == null ? 0 : agg.parameter();
        boolean top = agg.op() == VectorAggregation.Op.TOPK;
        List<SeriesData> series = in.series();
        // group index per series
        Map<List<LabelPair>, Integer> groupIds = new HashMap<>();
        int[] group = new int[series.size()];
        for (int j = 0; j < series.size(); j++) {
            List<LabelPair> key = groupLabels(series.get(j).labels, agg.grouping());
            group[j] = groupIds.computeIfAbsent(key, x -> groupIds.size());
        }
        StepIndex index = new StepIndex(series, steps.count());
        SeriesData[] outs = new SeriesData[series.size()];
        List<List<int[]>> perGroup = new ArrayList<>();
        for (int i = 0; i < steps.count(); i++) {
            perGroup.clear();
            for (int g = 0; g < groupIds.size(); g++) {
                perGroup.add(new ArrayList<>());
            }
            for (int m = index.start[i]; m < index.start[i + 1]; m++) {
                int j = index.series[m];
                perGroup.get(group[j]).add(new int[] {j, index.point[m]});
            }
            for (List<int[]> members : perGroup) {
                if (members.isEmpty() || k < 1) {
                    continue;
                }
                members.sort((a, b) -> {
                    double va = series.get(a[0]).values[a[1]];
                    double vb = series.get(b[0]).values[b[1]];
                    int c = top ? compareDesc(va, vb) : compareAsc(va, vb);
                    return c != 0 ? c : LabelSets.compare(series.get(a[0]).labels, series.get(b[0]).labels);
                });
                for (int m = 0; m < Math.min(k, members.size()); m++) {
                    int j = members.get(m)[0];
                    SeriesData src = series.get(j);
                    if (outs[j] == null) {
                        outs[j] = new SeriesData(src.labels, 16);
                    }
                    outs[j].add(i, src.values[members.get(m)[1]]);
                }
            }
        }
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData s : outs) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** Descending with NaN last. */
    static int compareDesc(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        }
        return Double.compare(b, a);
    }

    /** Ascending with NaN last. */
    static int compareAsc(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        }
        return Double.compare(a, b);
    }

    // ---- label_replace --------------------------------------------------------------------------

    private List<SeriesData> labelReplace(LabelReplace l, Vec in) {
        Pattern re;
        try {
            re = Pattern.compile("^(?:" + l.regex() + ")$", Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw QueryException.user("parse error : invalid regex in label_replace: " + e.getMessage());
        }
        Map<List<LabelPair>, SeriesData> out = new LinkedHashMap<>();
        for (SeriesData s : in.series()) {
            String src = LabelSets.get(s.labels, l.source());
            Matcher m = re.matcher(src);
            List<LabelPair> labels = s.labels;
            if (m.matches()) {
                String value = expand(l.replacement(), m);
                labels = LabelSets.with(s.labels, l.destination(), value);
            }
            SeriesData prev = out.get(labels);
            out.put(labels, prev == null ? s.relabel(labels) : mergePoints(prev, s.relabel(labels)));
        }
        return new ArrayList<>(out.values());
    }

    private static SeriesData mergePoints(SeriesData a, SeriesData b) {
        SeriesData out = new SeriesData(a.labels, a.size + b.size);
        int i = 0;
        int j = 0;
        while (i < a.size || j < b.size) {
            if (j >= b.size || (i < a.size && a.steps[i] <= b.steps[j])) {
                if (j < b.size && a.steps[i] == b.steps[j]) {
                    j++;
                }
                out.add(a.steps[i], a.values[i]);
                i++;
            } else {
                out.add(b.steps[j], b.values[j]);
                j++;
            }
        }
        return out;
    }

    /** Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. */
    static String expand(String template, Matcher m) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                b.append(c);
                i++;
                continue;
            }
            char d = template.charAt(i + 1);
            if (d == '$') {
                b.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (d == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    b.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                next = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                if (j == i + 1) {
                    b.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 1, j);
                next = j;
            }
            String value = "";
            try {
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    int g = Integer.parseInt(name);
                    if (g <= m.groupCount()) {
                        value = m.group(g);
                    }
                } else {
                    value = m.group(name);
                }
            } catch (RuntimeException e) {
                value = "";
            }
            b.append(value == null ? "" : value);
            i = next;
        }
        return b.toString();
    }

    /** Per step, which series have a point there (CSR layout: {@code start[i]..start[i+1]}). */
    static final class StepIndex {
        final int[] start;
        final int[] series;
        final int[] point;

        StepIndex(List<SeriesData> all, int steps) {
            start = new int[steps + 1];
            int total = 0;
            for (SeriesData s : all) {
                for (int k = 0; k < s.size; k++) {
                    start[s.steps[k] + 1]++;
                }
                total += s.size;
            }
            for (int i = 0; i < steps; i++) {
                start[i + 1] += start[i];
            }
            series = new int[total];
            point = new int[total];
            int[] fill = Arrays.copyOf(start, steps);
            for (int j = 0; j < all.size(); j++) {
                SeriesData s = all.get(j);
                for (int k = 0; k < s.size; k++) {
                    int pos = fill[s.steps[k]]++;
                    series[pos] = j;
                    point[pos] = k;
                }
            }
        }
    }
}
