package dev.plg.logql.syntax;

import dev.plg.template.GoFmt;
import java.math.BigDecimal;

/**
 * Go's text conventions that LogQL inherits: {@code strconv.Quote}, {@code strconv.Unquote} (the template
 * module's, shared with line_format), float formatting.
 */
public final class GoText {
    private GoText() {
    }

    /** Go {@code strconv.Quote}: double-quoted, printable Unicode kept, the rest escaped. */
    public static String quote(String s) {
        return GoFmt.quote(s);
    }

    /** Go {@code unicode.IsPrint}. */
    public static boolean isPrint(int cp) {
        return GoFmt.isPrint(cp);
    }

    /**
     * Go {@code strconv.Unquote} of a literal including its quotes ({@code "..."} or a raw {@code `...`}).
     * Throws {@link IllegalArgumentException} with Go's message ({@code invalid syntax}).
     */
    public static String unquote(String lit) {
        return GoFmt.unquote(lit);
    }

    /** Go {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest decimal without exponent. */
    public static String formatFloatF(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Go {@code fmt.Sprint(float64)} / {@code strconv.FormatFloat(v, 'g', -1, 64)}. */
    public static String formatFloatG(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) { // Go: shortest %g switches to %e from exponent 6
            StringBuilder sb = new StringBuilder(sign);
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
            return sb.toString();
        }
        return sign + bd.abs().toPlainString();
    }

}
