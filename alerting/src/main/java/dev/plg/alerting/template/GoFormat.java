package dev.plg.alerting.template;

import dev.plg.template.GoFmt;

/**
 * Go's number formatting ({@code %v}, {@code %g}, {@code %e}, {@code %f} of a float64), so that alerting prints
 * values exactly as Prometheus and Loki print them ({@code 0.15}, {@code 1e+06}, {@code 1.234k} after
 * {@code humanize}). Delegates to the template engine's {@link GoFmt}, the one implementation in the product.
 */
public final class GoFormat {
    private GoFormat() {
    }

    /** {@code %v} of a float64: shortest digits, exponent form below 1e-4 and from 1e6 ({@code 1e+06}). */
    public static String v(double x) {
        return GoFmt.formatFloat(x, 'g', -1);
    }

    /** {@code %.<prec>g}; {@code prec < 0} means shortest (as {@code %v}). */
    public static String g(double x, int prec) {
        return GoFmt.formatFloat(x, 'g', prec);
    }

    /** {@code %.<prec>e}. */
    public static String e(double x, int prec) {
        return GoFmt.formatFloat(x, 'e', prec);
    }

    /** {@code %.<prec>f}. */
    public static String f(double x, int prec) {
        return GoFmt.formatFloat(x, 'f', prec);
    }

    /** Prometheus' {@code strconv.FormatFloat(v, 'e', -1, 64)}: shortest digits in exponent form ({@code 1.5e-01}). */
    public static String shortestE(double x) {
        return GoFmt.formatFloat(x, 'e', -1);
    }
}
