package dev.plg.query;

import static java.util.Objects.requireNonNull;

import dev.plg.logql.LogQL;
import dev.plg.logql.ast.Expr;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.pipeline.EntryResult;
import dev.plg.logql.pipeline.LogPipeline;
import dev.plg.logql.pipeline.Pipelines;
import dev.plg.logql.pipeline.StreamPipeline;
import dev.plg.logql.syntax.ByteSizes;
import dev.plg.logql.syntax.Durations;
import dev.plg.push.LabelPair;
import dev.plg.store.read.Direction;
import dev.plg.template.GoFmt;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loki 3.4.2's {@code detected_fields} and {@code detected_field/<name>/values} (the query frontend's
 * detected-fields handler): runs the log query backward for {@code lineLimit} lines, then reads each
 * line's structured metadata (fields without parser) and parses the line as JSON, or as logfmt when
 * it is not JSON, the way {@code | json} / {@code | logfmt} would (so names are sanitised, nested keys
 * joined with {@code _}, and a key that is a stream label becomes {@code <key>_extracted}). Labels a
 * parser stage of the query itself produced count as parsed fields too. Stream labels are never fields.
 *
 * <p>Differences from Loki, by choice: cardinality is an exact count of distinct values where Loki
 * uses a HyperLogLog sketch (equal for small counts); fields and values are sorted by name / value
 * where Loki's order is a Go map's (random). Thread-safe.
 */
public final class DetectedFields {
    /** Loki's default {@code line_limit} (lines scanned): the query API's default limit, 100. */
    public static final int DEFAULT_LINE_LIMIT = 100;
    /** Loki's default {@code limit} ({@code field_limit}): fields or values returned. */
    public static final int DEFAULT_LIMIT = 1000;

    private static final LogPipeline JSON = Pipelines.compile((LogExpr) LogQL.parse("{detected=\"fields\"} | json"));
    private static final LogPipeline LOGFMT = Pipelines.compile((LogExpr) LogQL.parse("{detected=\"fields\"} | logfmt"));
    private static final Set<String> ERROR_LABELS = Set.of("__error__", "__error_details__", "__preserve_error__");
    /** Lower-case suffixes after which Loki rewrites a byte-size value in go-humanize's form. */
    private static final List<String> BYTES_UNITS = List.of("b", "kib", "kb", "mib", "mb", "gib", "gb", "tib", "tb",
            "pib", "pb", "eib", "eb", "ki", "k", "mi", "m", "gi", "g", "ti", "t", "pi", "p", "ei", "e");

    /** A field's type as Loki detects it from a value. */
    public enum Type {
        STRING, INT, FLOAT, BOOLEAN, DURATION, BYTES;

        /** The JSON text ({@code string}, {@code int}, ...). */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One detected field. {@code parsers} lists {@code json} / {@code logfmt} in the order first seen;
     * empty for a structured-metadata field (Loki prints {@code null}).
     */
    public record Field(String label, Type type, long cardinality, List<String> parsers) {
        public Field {
            requireNonNull(label, "label is null");
            requireNonNull(type, "type is null");
            parsers = List.copyOf(parsers);
            if (cardinality < 1) {
                throw new IllegalArgumentException("cardinality of field " + label + " must be positive: " + cardinality);
            }
        }
    }

    /**
     * A request. Times are Unix nanoseconds; {@code valuesOf} names the field whose values are asked
     * ({@code detected_field/<name>/values}), {@code null} for the field list.
     */
    public record Request(String query, long startNs, long endNs, long stepNs, int lineLimit, int limit,
                          String valuesOf) {
        public Request {
            requireNonNull(query, "query is null");
            if (lineLimit <= 0 || limit <= 0) {
                throw new IllegalArgumentException("limits must be positive: lineLimit " + lineLimit + ", limit " + limit);
            }
        }
    }

    /** The answer: {@code fields} for a field-list request, {@code values} for a values request. */
    public record Result(List<Field> fields, List<String> values) {
        public Result {
            fields = List.copyOf(fields);
            values = List.copyOf(values);
        }

        /** Loki sends its {@code limit} only when something was found. */
        public boolean isEmpty() {
            return fields.isEmpty() && values.isEmpty();
        }
    }

    private final QueryEngine engine;

    public DetectedFields(QueryEngine engine) {
        this.engine = requireNonNull(engine, "engine is null");
    }

    /**
     * Runs the request's log query and detects its fields or one field's values. Throws a USER
     * {@link QueryException} with Loki's text for a parse error, a metric query ({@code only log
     * selector is supported}) or a line limit above {@code max_entries_limit_per_query}.
     */
    public Result run(String tenant, Request request) {
        Expr expr = engine.parse(request.query());
        if (!(expr instanceof LogExpr log)) {
            throw QueryException.user("only log selector is supported");
        }
        QueryResult result = engine.rangeQuery(tenant, log, request.startNs(), request.endNs(), request.stepNs(),
                request.lineLimit(), Direction.BACKWARD);
        List<QueryResult.LogStream> streams = ((QueryResult.Streams) result).streams();
        if (request.valuesOf() != null) {
            return new Result(List.of(), values(streams, request.valuesOf(), request.limit()));
        }
        return new Result(fields(streams, request.limit()), List.of());
    }

    // ---- detection over a log query's answer --------------------------------------------------

    /** What one field gathered so far. */
    private static final class Acc {
        final Set<String> values = new HashSet<>();
        final List<String> parsers = new ArrayList<>(1);
        Type type = Type.STRING;
    }

    /** Fields of the streams' entries, at most {@code limit} (the first seen), sorted by name. */
    static List<Field> fields(List<QueryResult.LogStream> streams, int limit) {
        Map<String, Acc> found = new HashMap<>();
        Parsers parsers = new Parsers();
        for (QueryResult.LogStream stream : streams) {
            for (QueryResult.LogEntry entry : stream.entries()) {
                for (Map.Entry<String, Set<String>> sm : group(entry.structuredMetadata()).entrySet()) {
                    add(found, limit, sm.getKey(), sm.getValue(), null);
                }
                Parsed parsed = parsers.parse(stream.labels(), entry);
                for (Map.Entry<String, Set<String>> p : parsed.labels().entrySet()) {
                    add(found, limit, p.getKey(), p.getValue(), parsed.parser());
                }
            }
        }
        List<Field> out = new ArrayList<>(found.size());
        for (Map.Entry<String, Acc> e : found.entrySet()) {
            Acc a = e.getValue();
            out.add(new Field(e.getKey(), a.type, a.values.size(), a.parsers));
        }
        out.sort((x, y) -> x.label().compareTo(y.label()));
        return out;
    }

    /** Loki re-detects the type on every entry from its first value: the last entry scanned decides. */
    private static void add(Map<String, Acc> found, int limit, String name, Set<String> values, String parser) {
        Acc acc = found.get(name);
        if (acc == null) {
            if (found.size() >= limit) {
                return;
            }
            acc = new Acc();
            found.put(name, acc);
        }
        if (parser != null && !acc.parsers.contains(parser)) {
            acc.parsers.add(parser);
        }
        acc.type = determineType(values.iterator().next());
        acc.values.addAll(values);
    }

    /**
     * The distinct values of field {@code name} (structured metadata or parsed), sorted; byte sizes
     * from parsers are rewritten in go-humanize's form ({@code 1.5MB}) as Loki does, so they can be
     * pasted into a query. Loki stops reading entries once {@code limit} values are found.
     */
    static List<String> values(List<QueryResult.LogStream> streams, String name, int limit) {
        Set<String> values = new HashSet<>();
        Parsers parsers = new Parsers();
        for (QueryResult.LogStream stream : streams) {
            for (QueryResult.LogEntry entry : stream.entries()) {
                if (values.size() >= limit) {
                    break;
                }
                for (LabelPair l : entry.structuredMetadata()) {
                    if (l.name().equals(name)) {
                        values.add(l.value());
                    }
                }
                Set<String> parsed = parsers.parse(stream.labels(), entry).labels().get(name);
                if (parsed != null) {
                    for (String v : parsed) {
                        values.add(normalizeBytes(v));
                    }
                }
            }
        }
        return new ArrayList<>(new TreeSet<>(values));
    }

    private static Map<String, Set<String>> group(List<LabelPair> labels) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (LabelPair l : labels) {
            out.computeIfAbsent(l.name(), k -> new LinkedHashSet<>(2)).add(l.value());
        }
        return out;
    }

    /** Parsed labels of one entry and the parser that produced them ({@code null}: neither parser applied). */
    record Parsed(Map<String, Set<String>> labels, String parser) {
    }

    /** The JSON and logfmt pipelines bound per stream; one instance per request (not thread-safe). */
    private static final class Parsers {
        private final Map<List<LabelPair>, StreamPipeline> json = new HashMap<>();
        private final Map<List<LabelPair>, StreamPipeline> logfmt = new HashMap<>();

        /**
         * Loki's {@code parseEntry}: the query's own parsed labels, plus what {@code | json} extracts
         * from the line, or {@code | logfmt} when JSON fails; stream labels named like one of the
         * query's parsed labels are left out first so such a key is not renamed {@code _extracted}.
         */
        Parsed parse(List<LabelPair> streamLabels, QueryResult.LogEntry entry) {
            Map<String, Set<String>> out = new LinkedHashMap<>();
            List<LabelPair> base = streamLabels;
            if (!entry.parsed().isEmpty()) {
                Set<String> names = new HashSet<>();
                for (LabelPair l : entry.parsed()) {
                    names.add(l.name());
                    if (!ERROR_LABELS.contains(l.name())) {
                        out.computeIfAbsent(l.name(), k -> new LinkedHashSet<>(2)).add(l.value());
                    }
                }
                base = new ArrayList<>(streamLabels.size());
                for (LabelPair l : streamLabels) {
                    if (!names.contains(l.name())) {
                        base.add(l);
                    }
                }
            }
            byte[] line = entry.line().getBytes(StandardCharsets.UTF_8);
            String parser = "json";
            EntryResult r = run(json, JSON, base, entry.timestampNanos(), line);
            if (r == null || hasError(r.parsedLabels())) {
                parser = "logfmt";
                r = run(logfmt, LOGFMT, base, entry.timestampNanos(), line);
                if (r == null || hasError(r.parsedLabels())) {
                    return new Parsed(out, null);
                }
            }
            for (LabelPair l : r.parsedLabels()) {
                if (!ERROR_LABELS.contains(l.name())) {
                    out.computeIfAbsent(l.name(), k -> new LinkedHashSet<>(2)).add(l.value());
                }
            }
            return new Parsed(out, parser);
        }

        private static EntryResult run(Map<List<LabelPair>, StreamPipeline> cache, LogPipeline pipeline,
                                       List<LabelPair> streamLabels, long ts, byte[] line) {
            StreamPipeline p = cache.computeIfAbsent(streamLabels, pipeline::forStream);
            return p.process(ts, line, 0, line.length, List.of());
        }

        private static boolean hasError(List<LabelPair> labels) {
            for (LabelPair l : labels) {
                if (l.name().equals("__error__")) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- Loki's determineType and the values' byte rewrite --------------------------------------

    /**
     * Loki's {@code determineType}: the first of Go's {@code strconv.ParseInt(v, 10, 64)},
     * {@code ParseFloat}, {@code ParseBool}, {@code time.ParseDuration} and go-humanize's
     * {@code ParseBytes} that accepts the value, else {@code string}.
     */
    public static Type determineType(String value) {
        if (isGoInt(value)) {
            return Type.INT;
        }
        if (isGoFloat(value)) {
            return Type.FLOAT;
        }
        if (isGoBool(value)) {
            return Type.BOOLEAN;
        }
        if (isGoDuration(value)) {
            return Type.DURATION;
        }
        if (isHumanBytes(value)) {
            return Type.BYTES;
        }
        return Type.STRING;
    }

    /** Go's {@code strconv.ParseInt(s, 10, 64)}: optional sign, ASCII digits, in range. */
    static boolean isGoInt(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        if (i == s.length() || s.length() > 20) {
            return false;
        }
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false; // out of range
        }
    }

    /** Go's {@code strconv.ParseFloat(s, 64)}; out-of-range values ({@code 1e400}) are errors in Go. */
    static boolean isGoFloat(String s) {
        Double d = GoFmt.parseFloat(s);
        if (d == null) {
            return false;
        }
        if (d.isInfinite()) {
            String t = s.toLowerCase(Locale.ROOT);
            return t.endsWith("inf") || t.endsWith("infinity");
        }
        return true;
    }

    static boolean isGoBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False" -> true;
            default -> false;
        };
    }

    static boolean isGoDuration(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        if (!(c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'))) {
            return false; // Go's first check; skips an exception for most strings
        }
        try {
            Durations.parseGo(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isHumanBytes(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        if (!(c == '.' || c == ',' || Character.isDigit(c))) {
            return false; // the number part would be empty: ParseFloat("") fails
        }
        try {
            ByteSizes.parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Loki's rewrite of a parsed value for {@code detected_field/<name>/values}: a value go-humanize
     * parses as a byte size and that ends with a unit ({@code b}, {@code kb}, {@code mi}, {@code k}, ...,
     * case-insensitive) becomes go-humanize's {@code Bytes} without its space ({@code 1536KiB} →
     * {@code 1.6MB}); anything else is kept.
     */
    static String normalizeBytes(String v) {
        if (!isHumanBytes(v)) {
            return v;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        boolean unit = false;
        for (String u : BYTES_UNITS) {
            if (lower.endsWith(u)) {
                unit = true;
                break;
            }
        }
        if (!unit) {
            return v;
        }
        return humanBytes(ByteSizes.parse(v)).replaceFirst(" ", "");
    }

    /** go-humanize {@code Bytes} (SI units), with Go's round-half-even {@code %.0f}/{@code %.1f}. */
    static String humanBytes(long unsigned) {
        double s = unsigned < 0 ? (double) (unsigned >>> 1) * 2 : unsigned;
        if (s < 10) {
            return Long.toUnsignedString(unsigned) + " B";
        }
        String[] sizes = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int e = (int) Math.floor(Math.log(s) / Math.log(1000));
        double val = Math.floor(s / Math.pow(1000, e) * 10 + 0.5) / 10;
        BigDecimal exact = new BigDecimal(val).setScale(val < 10 ? 1 : 0, RoundingMode.HALF_EVEN);
        return exact.toPlainString() + " " + sizes[e];
    }
}
