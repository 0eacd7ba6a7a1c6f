package dev.plg.query;

import dev.plg.push.LabelPair;
import java.util.Arrays;
import java.util.List;

/**
 * One series during metric evaluation: its labels and its points as parallel arrays of step
 * indexes (ascending) and values. Sparse, because most series of a range aggregation over parsed
 * labels have a point at few steps. Mutable while its evaluator builds it; read-only afterwards.
 */
final class SeriesData {
    final List<LabelPair> labels;
    int[] steps;
    double[] values;
    int size;

    SeriesData(List<LabelPair> labels, int capacity) {
        this.labels = labels;
        this.steps = new int[Math.max(capacity, 1)];
        this.values = new double[Math.max(capacity, 1)];
    }

    void add(int step, double value) {
        if (size == steps.length) {
            int n = size * 2;
            steps = Arrays.copyOf(steps, n);
            values = Arrays.copyOf(values, n);
        }
        steps[size] = step;
        values[size] = value;
        size++;
    }

    int firstStep() {
        return size == 0 ? Integer.MAX_VALUE : steps[0];
    }

    /** A copy under other labels. */
    SeriesData relabel(List<LabelPair> newLabels) {
        SeriesData s = new SeriesData(newLabels, 0);
        s.steps = steps;
        s.values = values;
        s.size = size;
        return s;
    }
}
