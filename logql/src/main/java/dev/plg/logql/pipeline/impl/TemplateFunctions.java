package dev.plg.logql.pipeline.impl;

import static dev.plg.template.Functions.Type.ANY;
import static dev.plg.template.Functions.Type.INT;
import static dev.plg.template.Functions.Type.STRING;

import com.google.re2j.Matcher;
import dev.plg.logql.syntax.ByteSizes;
import dev.plg.logql.syntax.Durations;
import dev.plg.logql.syntax.GoText;
import dev.plg.template.FunctionException;
import dev.plg.template.Functions;
import dev.plg.template.GoFmt;
import dev.plg.template.Sprig;
import dev.plg.template.Template;
import dev.plg.template.TemplateException;
import java.net.URLDecoder;
import java.time.ZoneId;
import java.util.Map;

/**
 * Loki's {@code line_format} / {@code label_format} templates on the shared Go template engine: the sprig subset
 * Loki registers, Go's {@code strings} functions, and Loki's own ({@code __line__}, {@code __timestamp__},
 * {@code count}, {@code bytes}, {@code duration}, {@code toDateInZone}, {@code unixToTime}, {@code alignLeft} ...).
 * Templates run with {@code missingkey=zero} over the {@code map[string]string} of labels, as Loki's do; the
 * environment of every call is the {@link EntryState} being processed.
 */
final class TemplateFunctions {
    private TemplateFunctions() {
    }

    /** The sprig functions Loki's {@code templateFunctions} list names (its date ones are registered below). */
    private static final String[] SPRIG = {"lower", "upper", "title", "trunc", "substr", "contains", "hasPrefix",
        "hasSuffix", "indent", "nindent", "replace", "repeat", "trim", "trimAll", "trimSuffix", "trimPrefix", "int",
        "float64", "add", "sub", "mul", "div", "mod", "addf", "subf", "mulf", "divf", "max", "min", "maxf", "minf",
        "ceil", "floor", "round", "default", "b64enc", "b64dec", "regexReplaceAll", "regexReplaceAllLiteral"};

    static final Functions FUNCTIONS = Sprig.sprig().only(SPRIG).with(Sprig.goStrings()).with(Functions.builder()
            .add("__line__", (env, a) -> ((EntryState) env).lineString())
            .add("__timestamp__", (env, a) -> new GoTime(((EntryState) env).ts, GoTime.LOCAL))
            .add("now", (env, a) -> new GoTime(System.currentTimeMillis() * 1_000_000L, GoTime.LOCAL))
            .add("count", (env, a) -> {
                Matcher m = Sprig.compile((String) a[0]).matcher((String) a[1]);
                long n = 0;
                while (m.find()) {
                    n++;
                }
                return n;
            }, STRING, STRING)
            .add("urldecode", (env, a) -> {
                try {
                    return URLDecoder.decode((String) a[0], java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new FunctionException(e.getMessage());
                }
            }, STRING)
            .add("urlencode", (env, a) -> GoFmt.queryEscape((String) a[0]), STRING)
            .add("bytes", (env, a) -> {
                try {
                    long b = ByteSizes.parse((String) a[0]);
                    return b >= 0 ? (double) b : (double) (b >>> 1) * 2.0;
                } catch (IllegalArgumentException e) {
                    throw new FunctionException(e.getMessage());
                }
            }, STRING)
            .add("duration", TemplateFunctions::duration, STRING)
            .add("duration_seconds", TemplateFunctions::duration, STRING)
            .add("unixEpoch", (env, a) -> Long.toString(timeArg(a[0]).unixSeconds()), ANY)
            .add("unixEpochMillis", (env, a) -> Long.toString(Math.floorDiv(timeArg(a[0]).epochNanos(), 1_000_000L)), ANY)
            .add("unixEpochNanos", (env, a) -> Long.toString(timeArg(a[0]).epochNanos()), ANY)
            .add("unixToTime", (env, a) -> unixToTime((String) a[0]), STRING)
            .add("toDateInZone", (env, a) -> {
                ZoneId z;
                try {
                    z = ZoneId.of((String) a[1]);
                } catch (RuntimeException e) {
                    z = GoTime.LOCAL;
                }
                try {
                    return GoTime.parse((String) a[0], (String) a[2], z);
                } catch (RuntimeException e) {
                    return new GoTime(-62135596800L * 1_000_000_000L, z);
                }
            }, STRING, STRING, STRING)
            .add("toDate", (env, a) -> {
                try {
                    return GoTime.parse((String) a[0], (String) a[1], GoTime.LOCAL);
                } catch (RuntimeException e) {
                    return new GoTime(-62135596800L * 1_000_000_000L, GoTime.LOCAL);
                }
            }, STRING, STRING)
            .add("date", (env, a) -> timeArg(a[1]).format((String) a[0]), STRING, ANY)
            .add("alignLeft", (env, a) -> align((Long) a[0], (String) a[1], true), INT, STRING)
            .add("alignRight", (env, a) -> align((Long) a[0], (String) a[1], false), INT, STRING)
            .add("fromJson", (env, a) -> Map.of(), STRING)
            .build());

    private static final Template.Options OPTIONS = new Template.Options(Template.MissingKey.ZERO, "");

    /** Parses a Loki template ({@code name} is {@code line} or {@code label}); fails with Go's parse error. */
    static Template parse(String name, String text) {
        return Template.parse(name, text, FUNCTIONS, OPTIONS);
    }

    /** Executes over the entry's labels; fails with a {@link TemplateException} in Go's words. */
    static String execute(Template t, Map<String, String> labels, EntryState e) {
        return t.execute(labels, e);
    }

    private static Object duration(Object env, Object[] a) {
        try {
            return Durations.parseGo((String) a[0]) / 1e9;
        } catch (IllegalArgumentException e) {
            throw new FunctionException(e.getMessage());
        }
    }

    /** sprig's date argument: a time, or Unix seconds. */
    private static GoTime timeArg(Object v) {
        if (v instanceof GoTime t) {
            return t;
        }
        if (v instanceof Long l) {
            return new GoTime(l * 1_000_000_000L, GoTime.LOCAL);
        }
        if (v instanceof Double d) {
            return new GoTime((long) (d * 1e9), GoTime.LOCAL);
        }
        return new GoTime(0, GoTime.LOCAL);
    }

    private static GoTime unixToTime(String e) {
        long i;
        try {
            i = Long.parseLong(e);
        } catch (NumberFormatException ex) {
            throw new FunctionException("unable to parse time '" + e + "': strconv.ParseInt: parsing " + GoText.quote(e)
                    + ": invalid syntax");
        }
        long nanos = switch (e.length()) {
            case 5 -> i * 86400L * 1_000_000_000L;
            case 10 -> i * 1_000_000_000L;
            case 13 -> i * 1_000_000L;
            case 16 -> i * 1_000L;
            case 19 -> i;
            default -> throw new FunctionException("unable to parse time '" + e + "': unsupported length " + e.length());
        };
        return new GoTime(nanos, GoTime.LOCAL);
    }

    private static String align(long count, String s, boolean left) {
        int[] cps = s.codePoints().toArray();
        if (count < 0 || count == cps.length) {
            return s;
        }
        int pad = (int) count - cps.length;
        if (pad > 0) {
            return left ? s + " ".repeat(pad) : " ".repeat(pad) + s;
        }
        return left ? new String(cps, 0, (int) count) : new String(cps, cps.length - (int) count, (int) count);
    }
}
