package dev.plg.agent.component.process;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The subset of Go {@code text/template} used by {@code stage.template} and {@code stage.replace}:
 * text, {@code {{ .Field }}}, function calls with string/number arguments, pipelines
 * ({@code {{ .Value | Hash "salt" }}}) and trim markers ({@code {{-}}/{@code -}}}). Functions:
 * Alloy's {@code ToLower ToUpper Replace Trim TrimLeft TrimRight TrimPrefix TrimSuffix TrimSpace Hash
 * Sha2Hash regexReplaceAll regexReplaceAllLiteral} and sprig's {@code lower upper trim default quote}.
 */
final class GoTemplate {
    private sealed interface Part permits Text, Action {
    }

    private record Text(String text) implements Part {
    }

    private record Action(List<List<Object>> pipeline) implements Part {
    }

    /** A field reference inside an action. */
    private record Field(String name) {
    }

    /** A function name inside an action. */
    private record Fn(String name) {
    }

    private final List<Part> parts;

    private GoTemplate(List<Part> parts) {
        this.parts = parts;
    }

    static GoTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                parts.add(new Text(template.substring(i)));
                break;
            }
            String text = template.substring(i, open);
            int close = template.indexOf("}}", open);
            if (close < 0) {
                throw new IllegalArgumentException("template: unclosed action in \"" + template + "\"");
            }
            String body = template.substring(open + 2, close);
            if (body.startsWith("-")) {
                text = text.stripTrailing();
                body = body.substring(1);
            }
            boolean trimRight = body.endsWith("-");
            if (trimRight) {
                body = body.substring(0, body.length() - 1);
            }
            if (!text.isEmpty()) {
                parts.add(new Text(text));
            }
            parts.add(new Action(parseAction(body.strip(), template)));
            i = close + 2;
            if (trimRight) {
                while (i < template.length() && Character.isWhitespace(template.charAt(i))) {
                    i++;
                }
            }
        }
        return new GoTemplate(parts);
    }

    private static List<List<Object>> parseAction(String body, String template) {
        List<List<Object>> pipeline = new ArrayList<>();
        List<Object> cmd = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '|') {
                pipeline.add(cmd);
                cmd = new ArrayList<>();
                i++;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (j < body.length() && body.charAt(j) != '"') {
                    if (body.charAt(j) == '\\' && j + 1 < body.length()) {
                        j++;
                        char e = body.charAt(j);
                        sb.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                    } else {
                        sb.append(body.charAt(j));
                    }
                    j++;
                }
                cmd.add(sb.toString());
                i = j + 1;
            } else if (c == '`') {
                int j = body.indexOf('`', i + 1);
                cmd.add(body.substring(i + 1, j));
                i = j + 1;
            } else {
                int j = i;
                while (j < body.length() && !Character.isWhitespace(body.charAt(j)) && body.charAt(j) != '|') {
                    j++;
                }
                String word = body.substring(i, j);
                if (word.startsWith(".")) {
                    cmd.add(new Field(word.substring(1)));
                } else if (word.matches("-?[0-9]+")) {
                    cmd.add(Long.parseLong(word));
                } else if (word.equals("true") || word.equals("false")) {
                    cmd.add(Boolean.parseBoolean(word));
                } else {
                    if (!isFunction(word)) {
                        throw new IllegalArgumentException("template: function \"" + word + "\" not defined in \"" + template + "\"");
                    }
                    cmd.add(new Fn(word));
                }
                i = j;
            }
        }
        pipeline.add(cmd);
        return pipeline;
    }

    private static boolean isFunction(String n) {
        return switch (n) {
            case "ToLower", "ToUpper", "Replace", "Trim", "TrimLeft", "TrimRight", "TrimPrefix", "TrimSuffix", "TrimSpace",
                 "Hash", "Sha2Hash", "regexReplaceAll", "regexReplaceAllLiteral", "lower", "upper", "trim", "default", "quote",
                 "printf", "print", "contains", "hasPrefix", "hasSuffix", "replace" -> true;
            default -> false;
        };
    }

    String render(Map<String, Object> data) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            switch (p) {
                case Text t -> sb.append(t.text());
                case Action a -> {
                    Object v = null;
                    boolean piped = false;
                    for (List<Object> cmd : a.pipeline()) {
                        v = exec(cmd, data, v, piped);
                        piped = true;
                    }
                    sb.append(v == null ? "<no value>" : Work.asString(v));
                }
            }
        }
        return sb.toString();
    }

    private static Object exec(List<Object> cmd, Map<String, Object> data, Object piped, boolean hasPiped) {
        if (cmd.isEmpty()) {
            return piped;
        }
        Object first = cmd.getFirst();
        if (!(first instanceof Fn fn)) {
            return resolve(first, data);
        }
        List<String> args = new ArrayList<>();
        for (int i = 1; i < cmd.size(); i++) {
            args.add(str(resolve(cmd.get(i), data)));
        }
        if (hasPiped) {
            args.add(str(piped));
        }
        return call(fn.name(), args);
    }

    private static Object resolve(Object o, Map<String, Object> data) {
        if (o instanceof Field f) {
            if (f.name().isEmpty()) {
                return data;
            }
            return data.get(f.name());
        }
        return o;
    }

    private static String str(Object o) {
        return o == null ? "" : Work.asString(o);
    }

    private static String arg(List<String> a, int i) {
        if (i >= a.size()) {
            throw new IllegalArgumentException("template: wrong number of arguments");
        }
        return a.get(i);
    }

    private static Object call(String fn, List<String> a) {
        return switch (fn) {
            case "ToLower", "lower" -> arg(a, 0).toLowerCase(Locale.ROOT);
            case "ToUpper", "upper" -> arg(a, 0).toUpperCase(Locale.ROOT);
            case "TrimSpace", "trim" -> arg(a, 0).strip();
            case "Replace" -> {
                // Replace(s, old, new, n)
                String s = arg(a, 0);
                long n = a.size() > 3 ? Long.parseLong(a.get(3)) : -1;
                if (n < 0) {
                    yield s.replace(arg(a, 1), arg(a, 2));
                }
                String out = s;
                for (long k = 0; k < n; k++) {
                    out = out.replaceFirst(java.util.regex.Pattern.quote(arg(a, 1)), java.util.regex.Matcher.quoteReplacement(arg(a, 2)));
                }
                yield out;
            }
            case "replace" -> arg(a, 2).replace(arg(a, 0), arg(a, 1));
            case "Trim" -> trim(arg(a, 0), arg(a, 1), true, true);
            case "TrimLeft" -> trim(arg(a, 0), arg(a, 1), true, false);
            case "TrimRight" -> trim(arg(a, 0), arg(a, 1), false, true);
            case "TrimPrefix" -> arg(a, 0).startsWith(arg(a, 1)) ? arg(a, 0).substring(arg(a, 1).length()) : arg(a, 0);
            case "TrimSuffix" -> arg(a, 0).endsWith(arg(a, 1)) ? arg(a, 0).substring(0, arg(a, 0).length() - arg(a, 1).length()) : arg(a, 0);
            case "Hash" -> digest("SHA3-256", arg(a, 0) + arg(a, 1));
            case "Sha2Hash" -> digest("SHA-256", arg(a, 0) + arg(a, 1));
            case "regexReplaceAll" -> Pattern.compile(arg(a, 0)).matcher(arg(a, 1)).replaceAll(arg(a, 2).replace("${", "${"));
            case "regexReplaceAllLiteral" -> Pattern.compile(arg(a, 0)).matcher(arg(a, 1))
                    .replaceAll(java.util.regex.Matcher.quoteReplacement(arg(a, 2)));
            case "default" -> a.size() > 1 && !a.get(1).isEmpty() ? a.get(1) : arg(a, 0);
            case "quote" -> "\"" + arg(a, 0).replace("\"", "\\\"") + "\"";
            case "contains" -> arg(a, 1).contains(arg(a, 0));
            case "hasPrefix" -> arg(a, 0).startsWith(arg(a, 1));
            case "hasSuffix" -> arg(a, 0).endsWith(arg(a, 1));
            case "print" -> String.join("", a);
            case "printf" -> String.format(arg(a, 0).replace("%v", "%s").replace("%d", "%s"), a.subList(1, a.size()).toArray());
            default -> throw new IllegalArgumentException("template: unknown function " + fn);
        };
    }

    private static String trim(String s, String cutset, boolean left, boolean right) {
        int b = 0;
        int e = s.length();
        while (left && b < e && cutset.indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (right && e > b && cutset.indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }

    private static String digest(String alg, String input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
