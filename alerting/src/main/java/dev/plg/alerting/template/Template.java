package dev.plg.alerting.template;

import static dev.plg.template.Functions.Type.ANY;
import static dev.plg.template.Functions.Type.STRING;
import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.plg.template.FunctionException;
import dev.plg.template.Functions;
import dev.plg.template.GoFmt;
import dev.plg.template.Sprig;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus/Loki rule templates (labels and annotations of alerting rules) on the shared Go
 * {@code text/template} engine ({@link dev.plg.template.Template}): full Go syntax ({@code if/else if/else},
 * {@code range $k, $v := $labels}, {@code with}, variables, pipelines, Go's builtins) over Prometheus' data
 * ({@code .Labels .ExternalLabels .ExternalURL .Value}) and its predeclared variables, declared the way Prometheus
 * does, by prefixing {@code {{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL :=
 * .ExternalURL}}{{$value := .Value}}}. Functions: Prometheus' {@code humanize humanize1024 humanizePercentage
 * humanizeDuration humanizeTimestamp toUpper toLower title match reReplaceAll safeHtml stripPort stripDomain args
 * externalURL pathPrefix}. Not available: the query functions ({@code query first label value sortByLabel
 * strvalue}), {@code graphLink}, {@code tableLink}, {@code toTime}, {@code parseDuration}, {@code define}/{@code
 * template}. A missing label prints {@code <no value>}, as in Prometheus.
 *
 * <p>Immutable and thread-safe once parsed.
 */
public final class Template {
    /** What a rule template can see. */
    public record Data(Map<String, String> labels, double value, Map<String, String> externalLabels, String externalUrl) {
        public Data {
            labels = new TreeMap<>(requireNonNull(labels, "labels is null"));
            externalLabels = new TreeMap<>(requireNonNull(externalLabels, "externalLabels is null"));
            requireNonNull(externalUrl, "externalUrl is null");
        }
    }

    /** The name Go's error texts carry ({@code template: __alert:1: ...}). */
    private static final String NAME = "__alert";
    private static final String DEFS = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
            + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";
    /** Label maps are Go's {@code map[string]string}: {@code index} of a missing label is empty. */
    private static final dev.plg.template.Template.Options OPTIONS =
            new dev.plg.template.Template.Options(dev.plg.template.Template.MissingKey.INVALID, "");

    static final Functions FUNCTIONS = Functions.builder()
            .add("humanize", (env, a) -> Humanize.humanize(toFloat(a[0])), ANY)
            .add("humanize1024", (env, a) -> Humanize.humanize1024(toFloat(a[0])), ANY)
            .add("humanizePercentage", (env, a) -> Humanize.percentage(toFloat(a[0])), ANY)
            .add("humanizeDuration", (env, a) -> Humanize.duration(toFloat(a[0])), ANY)
            .add("humanizeTimestamp", (env, a) -> humanizeTimestamp(toFloat(a[0])), ANY)
            .add("toUpper", (env, a) -> ((String) a[0]).toUpperCase(Locale.ROOT), STRING)
            .add("toLower", (env, a) -> ((String) a[0]).toLowerCase(Locale.ROOT), STRING)
            .add("title", (env, a) -> title((String) a[0]), STRING)
            .add("match", (env, a) -> {
                try {
                    return Pattern.compile((String) a[0]).matcher((String) a[1]).find();
                } catch (PatternSyntaxException e) {
                    throw new FunctionException(e.getMessage());
                }
            }, STRING, STRING)
            .add("reReplaceAll", (env, a) -> Sprig.replaceAll(Sprig.compile((String) a[0]), (String) a[2], (String) a[1]),
                    STRING, STRING, STRING)
            .add("safeHtml", (env, a) -> a[0], STRING)
            .add("stripPort", (env, a) -> stripPort((String) a[0]), STRING)
            .add("stripDomain", (env, a) -> stripDomain((String) a[0]), STRING)
            .addVariadic("args", (env, a) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < a.length; i++) {
                    m.put("arg" + i, a[i]);
                }
                return m;
            }, ANY)
            .add("externalURL", (env, a) -> ((Data) env).externalUrl())
            .add("pathPrefix", (env, a) -> pathPrefix(((Data) env).externalUrl()))
            .build();

    private static final int CACHE_LIMIT = 4096;
    private static final Map<String, Template> CACHE = new ConcurrentHashMap<>();

    private final dev.plg.template.Template compiled;

    private Template(dev.plg.template.Template compiled) {
        this.compiled = compiled;
    }

    /** Parses {@code text}; fails with a {@link TemplateException} in Go's words ({@code template: __alert:1: ...}). */
    public static Template parse(String text) {
        requireNonNull(text, "text is null");
        try {
            return new Template(dev.plg.template.Template.parse(NAME, DEFS + text, FUNCTIONS, OPTIONS));
        } catch (dev.plg.template.TemplateException e) {
            throw new TemplateException(e.getMessage());
        }
    }

    /** Expands the template; fails with a {@link TemplateException} on a bad call (e.g. humanize of a non-number). */
    public String render(Data data) {
        Map<String, Object> dot = Map.of("Labels", data.labels(), "ExternalLabels", data.externalLabels(),
                "ExternalURL", data.externalUrl(), "Value", data.value());
        try {
            return compiled.execute(dot, data);
        } catch (dev.plg.template.TemplateException e) {
            throw new TemplateException(e.getMessage());
        }
    }

    /**
     * Prometheus' behaviour: a template that fails becomes {@code <error expanding template: error parsing
     * template __alert: ...>} or {@code <error expanding template: error executing template __alert: ...>}.
     */
    public static String expand(String text, Data data) {
        Template t = CACHE.get(text);
        if (t == null) {
            try {
                t = parse(text);
            } catch (TemplateException e) {
                return "<error expanding template: error parsing template " + NAME + ": " + e.getMessage() + ">";
            }
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.put(text, t);
        }
        try {
            return t.render(data);
        } catch (TemplateException e) {
            return "<error expanding template: error executing template " + NAME + ": " + e.getMessage() + ">";
        }
    }

    /** Prometheus' {@code convertToFloat}. */
    private static double toFloat(Object a) {
        return switch (a) {
            case Double d -> d;
            case Long l -> l;
            case Integer i -> i;
            case String s -> {
                Double d = GoFmt.parseFloat(s);
                if (d == null) {
                    throw new FunctionException("strconv.ParseFloat: parsing " + GoFmt.quote(s) + ": invalid syntax");
                }
                yield d;
            }
            case null -> throw new FunctionException("can't convert <nil> to float");
            default -> throw new FunctionException("can't convert " + GoFmt.typeName(a) + " to float");
        };
    }

    /** {@code fmt.Sprint} of a {@code time.Time} in UTC: {@code 2006-01-02 15:04:05.999999999 +0000 UTC}. */
    private static String humanizeTimestamp(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.g(v, 4);
        }
        long seconds = (long) Math.floor(v);
        long nanos = Math.round((v - seconds) * 1e9);
        if (nanos >= 1_000_000_000L) {
            seconds++;
            nanos -= 1_000_000_000L;
        }
        ZonedDateTime t = Instant.ofEpochSecond(seconds, nanos).atZone(ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d", t.getYear(),
                t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
        if (nanos != 0) {
            String frac = String.format(Locale.ROOT, "%09d", nanos).replaceAll("0+$", "");
            sb.append('.').append(frac);
        }
        return sb.append(" +0000 UTC").toString();
    }

    /** {@code strings.Title}. */
    private static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            b.appendCodePoint(start ? Character.toTitleCase(cp) : cp);
            start = !Character.isLetterOrDigit(cp) && cp != '_' && cp != '\'';
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** {@code net.SplitHostPort}: {host, port}, or {@code null} when the text is not host:port. */
    private static String[] splitHostPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            if (end < 0 || end + 1 >= hostPort.length() || hostPort.charAt(end + 1) != ':') {
                return null;
            }
            return new String[] {hostPort.substring(1, end), hostPort.substring(end + 2)};
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.indexOf(':') != colon) {
            return null;
        }
        return new String[] {hostPort.substring(0, colon), hostPort.substring(colon + 1)};
    }

    private static String stripPort(String hostPort) {
        String[] hp = splitHostPort(hostPort);
        return hp == null ? hostPort : hp[0];
    }

    private static String stripDomain(String hostPort) {
        String[] hp = splitHostPort(hostPort);
        String host = hp == null ? hostPort : hp[0];
        String port = hp == null ? "" : hp[1];
        if (host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return hostPort;
        }
        host = host.split("\\.", -1)[0];
        return port.isEmpty() ? host : host + ":" + port;
    }

    private static String pathPrefix(String externalUrl) {
        try {
            String p = URI.create(externalUrl).getRawPath();
            return p == null ? "" : p;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
