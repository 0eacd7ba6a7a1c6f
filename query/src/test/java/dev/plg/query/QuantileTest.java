package dev.plg.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Quantiles by selection must equal Prometheus' sort-based ones bit for bit, NaN first. */
class QuantileTest {
    static Stream<Arguments> cases() {
        Random r = new Random(533);
        double[] many = new double[5_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = Math.round(r.nextDouble() * 300) / 100.0; // many duplicates, as rounded durations
        }
        double[] sorted = new double[1_000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i;
        }
        double[] equal = new double[999];
        Arrays.fill(equal, 4.5);
        return Stream.of(
                Arguments.of(new double[] {3}),
                Arguments.of(new double[] {2, 1}),
                Arguments.of(new double[] {Double.NaN, 1, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NaN, -3}),
                Arguments.of(new double[] {0.0, -0.0, 0.0, -0.0}),
                Arguments.of(many),
                Arguments.of(sorted),
                Arguments.of(reversed(sorted)),
                Arguments.of(equal));
    }

    private static double[] reversed(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[a.length - 1 - i];
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void selectionEqualsSorting(double[] values) {
        for (double q : new double[] {0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1, -0.5, 1.5, Double.NaN}) {
            double expected = bySorting(q, values.clone());
            double got = RangeAggregationEvaluator.quantile(q, values.clone());
            assertThat(Double.doubleToLongBits(got)).as("q=%s over %d values", q, values.length)
                    .isEqualTo(Double.doubleToLongBits(expected));
        }
    }

    /** The reference: sort (NaN first), then interpolate between the closest ranks. */
    private static double bySorting(double q, double[] values) {
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        Arrays.sort(values);
        int nan = 0;
        for (int k = values.length - 1; k >= 0 && Double.isNaN(values[k]); k--) {
            nan++;
        }
        System.arraycopy(values, 0, values, nan, values.length - nan);
        Arrays.fill(values, 0, nan, Double.NaN);
        double n = values.length;
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
    }
}
