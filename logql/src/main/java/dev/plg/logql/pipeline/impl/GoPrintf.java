package dev.plg.logql.pipeline.impl;

import dev.plg.logql.syntax.GoText;
import java.util.List;
import java.util.Locale;

/** Go {@code fmt.Sprintf} for the verbs templates use: %s %d %v %f %e %g %q %x %X %t %c %%, flags, width, precision. */
final class GoPrintf {
    private GoPrintf() {
    }

    static String sprintf(String format, List<Object> args) {
        StringBuilder sb = new StringBuilder();
        int ai = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= format.length()) {
                sb.append("%!(NOVERB)");
                break;
            }
            StringBuilder flags = new StringBuilder();
            while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
                flags.append(format.charAt(i++));
            }
            int width = -1;
            int ws = i;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                i++;
            }
            if (i > ws) {
                width = Integer.parseInt(format.substring(ws, i));
            }
            int prec = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                int ps = i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                prec = i > ps ? Integer.parseInt(format.substring(ps, i)) : 0;
            }
            if (i >= format.length()) {
                sb.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                sb.append('%');
                continue;
            }
            if (ai >= args.size()) {
                sb.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object a = args.get(ai++);
            String s = switch (verb) {
                case 'v', 's' -> prec >= 0 && a instanceof String str ? str.substring(0, Math.min(prec, str.length()))
                        : TemplateFunctions.print(a);
                case 'd' -> a instanceof Long || a instanceof Integer ? a.toString()
                        : "%!d(" + TemplateFunctions.goType(a) + "=" + TemplateFunctions.print(a) + ")";
                case 'f', 'F' -> a instanceof Double || a instanceof Long
                        ? String.format(Locale.ROOT, "%." + (prec < 0 ? 6 : prec) + "f", TemplateFunctions.toFloat64(a))
                        : "%!f(" + TemplateFunctions.goType(a) + "=" + TemplateFunctions.print(a) + ")";
                case 'e' -> String.format(Locale.ROOT, "%." + (prec < 0 ? 6 : prec) + "e", TemplateFunctions.toFloat64(a));
                case 'g' -> GoText.formatFloatG(TemplateFunctions.toFloat64(a));
                case 'q' -> GoText.quote(TemplateFunctions.str(a));
                case 't' -> TemplateFunctions.print(a);
                case 'x', 'X' -> {
                    String h = a instanceof Long l ? Long.toHexString(l)
                            : toHex(TemplateFunctions.str(a));
                    yield verb == 'X' ? h.toUpperCase(Locale.ROOT) : h;
                }
                case 'c' -> new String(Character.toChars((int) TemplateFunctions.toInt64(a)));
                default -> "%!" + verb + "(" + TemplateFunctions.goType(a) + "=" + TemplateFunctions.print(a) + ")";
            };
            if (flags.indexOf("+") >= 0 && (verb == 'd' || verb == 'f') && !s.startsWith("-")) {
                s = "+" + s;
            }
            if (width > s.length()) {
                String pad = (flags.indexOf("0") >= 0 && flags.indexOf("-") < 0 && verb != 's' ? "0" : " ")
                        .repeat(width - s.length());
                s = flags.indexOf("-") >= 0 ? s + pad : pad + s;
            }
            sb.append(s);
        }
        if (ai < args.size()) {
            sb.append("%!(EXTRA ");
            for (int k = ai; k < args.size(); k++) {
                sb.append(k > ai ? ", " : "").append(TemplateFunctions.goType(args.get(k))).append('=')
                        .append(TemplateFunctions.print(args.get(k)));
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static String toHex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }
}
