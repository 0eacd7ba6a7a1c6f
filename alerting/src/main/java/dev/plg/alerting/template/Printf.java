package dev.plg.alerting.template;

import java.util.List;

/** Go's {@code fmt.Sprintf} for the verbs templates use: {@code %s %v %d %f %e %g %q %%} with width and precision. */
final class Printf {
    private Printf() {
    }

    static String format(String fmt, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int j = i + 1;
            boolean left = false;
            boolean zero = false;
            boolean plus = false;
            while (j < fmt.length() && "-0+ #".indexOf(fmt.charAt(j)) >= 0) {
                left |= fmt.charAt(j) == '-';
                zero |= fmt.charAt(j) == '0';
                plus |= fmt.charAt(j) == '+';
                j++;
            }
            int width = 0;
            while (j < fmt.length() && Character.isDigit(fmt.charAt(j))) {
                width = width * 10 + (fmt.charAt(j++) - '0');
            }
            int prec = -1;
            if (j < fmt.length() && fmt.charAt(j) == '.') {
                j++;
                prec = 0;
                while (j < fmt.length() && Character.isDigit(fmt.charAt(j))) {
                    prec = prec * 10 + (fmt.charAt(j++) - '0');
                }
            }
            if (j >= fmt.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = fmt.charAt(j);
            i = j;
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object arg = args.get(argi++);
            String s = switch (verb) {
                case 'v', 's' -> {
                    String t = Template.print(arg);
                    yield verb == 's' && prec >= 0 && t.length() > prec ? t.substring(0, prec) : t;
                }
                case 'q' -> "\"" + Template.print(arg).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
                case 'd' -> arg instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                        ? Long.toString(d.longValue()) : "%!d(" + type(arg) + "=" + Template.print(arg) + ")";
                case 'f', 'F' -> arg instanceof Double d ? GoFormat.f(d, prec < 0 ? 6 : prec) : bad(verb, arg);
                case 'e' -> arg instanceof Double d ? GoFormat.e(d, prec < 0 ? 6 : prec) : bad(verb, arg);
                case 'g' -> arg instanceof Double d ? GoFormat.g(d, prec) : bad(verb, arg);
                default -> "%!" + verb + "(" + type(arg) + "=" + Template.print(arg) + ")";
            };
            if (plus && arg instanceof Double d && d >= 0 && "fFeg".indexOf(verb) >= 0) {
                s = "+" + s;
            }
            if (s.length() < width) {
                String pad = (zero && !left ? "0" : " ").repeat(width - s.length());
                s = left ? s + pad : pad + s;
            }
            out.append(s);
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                out.append(k > argi ? ", " : "").append(type(args.get(k))).append('=').append(Template.print(args.get(k)));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String bad(char verb, Object arg) {
        return "%!" + verb + "(" + type(arg) + "=" + Template.print(arg) + ")";
    }

    private static String type(Object o) {
        return o instanceof Double ? "float64" : "string";
    }
}
