package dev.plg.alerting.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's number formatting ({@code %v}, {@code %g}, {@code %e}, {@code %f} of a float64), so that
 * templates print values exactly as Prometheus and Loki print them ({@code 0.15}, {@code 1e+06},
 * {@code 1.234k} after {@code humanize}). Rounding is exact (on the binary value, half to even).
 */
public final class GoFormat {
    private GoFormat() {
    }

    /** {@code %v} of a float64: shortest digits, exponent form below 1e-4 and from 1e6 ({@code 1e+06}). */
    public static String v(double x) {
        return g(x, -1);
    }

    /** {@code %.<prec>g}; {@code prec < 0} means shortest (as {@code %v}). */
    public static String g(double x, int prec) {
        String special = special(x);
        if (special != null) {
            return special;
        }
        boolean shortest = prec < 0;
        BigDecimal bd = digits(x, shortest ? -1 : Math.max(prec, 1));
        String sign = x < 0 || (x == 0 && 1 / x < 0) ? "-" : "";
        String digits = bd.unscaledValue().abs().toString();
        int nd = digits.length();
        int exp = nd - 1 - bd.scale();
        if (bd.signum() == 0) {
            digits = "0";
            nd = 1;
            exp = 0;
        }
        int dp = exp + 1;
        int eprec = shortest ? nd : Math.max(prec, 1);
        if (eprec > nd && nd >= dp) {
            eprec = nd;
        }
        if (shortest) {
            // strconv: "if precision was the shortest possible, use precision 6 for this decision"
            eprec = 6;
        }
        if (exp < -4 || exp >= eprec) {
            return sign + eForm(digits, exp);
        }
        return sign + fForm(digits, exp);
    }

    /** {@code %.<prec>e}. */
    public static String e(double x, int prec) {
        String special = special(x);
        if (special != null) {
            return special;
        }
        String sign = x < 0 ? "-" : "";
        BigDecimal bd = digits(x, prec + 1);
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        if (bd.signum() == 0) {
            digits = "0";
            exp = 0;
        }
        StringBuilder d = new StringBuilder(digits);
        while (d.length() < prec + 1) {
            d.append('0');
        }
        String mant = prec == 0 ? d.substring(0, 1) : d.charAt(0) + "." + d.substring(1, prec + 1);
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** {@code %.<prec>f}. */
    public static String f(double x, int prec) {
        String special = special(x);
        if (special != null) {
            return special;
        }
        return new BigDecimal(x).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Prometheus' {@code strconv.FormatFloat(v, 'e', -1, 64)}: shortest digits in exponent form ({@code 1.5e-01}). */
    public static String shortestE(double x) {
        String special = special(x);
        if (special != null) {
            return special;
        }
        BigDecimal bd = digits(x, -1);
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        if (bd.signum() == 0) {
            digits = "0";
            exp = 0;
        }
        return (x < 0 ? "-" : "") + eForm(digits, exp);
    }

    private static String special(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "+Inf" : "-Inf";
        }
        return null;
    }

    /** Significant digits of {@code |x|} (shortest round trip when {@code sig < 0}), trailing zeros stripped. */
    private static BigDecimal digits(double x, int sig) {
        BigDecimal bd = sig < 0 ? new BigDecimal(Double.toString(Math.abs(x)))
                : new BigDecimal(Math.abs(x)).round(new MathContext(sig, RoundingMode.HALF_EVEN));
        return bd.signum() == 0 ? BigDecimal.ZERO : bd.stripTrailingZeros();
    }

    private static String eForm(String digits, int exp) {
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static String fForm(String digits, int exp) {
        if (exp < 0) {
            return "0." + "0".repeat(-exp - 1) + digits;
        }
        if (exp + 1 >= digits.length()) {
            return digits + "0".repeat(exp + 1 - digits.length());
        }
        return digits.substring(0, exp + 1) + "." + digits.substring(exp + 1);
    }
}
