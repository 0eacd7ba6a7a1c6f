package dev.plg.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plg.push.PushEncoder;
import dev.plg.push.PushbenchData;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The load tool behind {@code plg bench}: pushes a seeded, seed-style data set ({@link PushbenchData},
 * the lines {@code shared/bench/pushbench.py} makes) to any Loki-compatible URL, then runs pushbench's
 * query set three times per query. With the server's process id it reports server CPU-seconds (from
 * the operating system, so figures hold on a noisy machine) and resident memory, as pushbench does;
 * without it, wall-clock figures only (e.g. against a remote Loki).
 */
public final class LoadBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY_NANOS = 86_400_000_000_000L;
    private static final String APP = "{app=\"python-starter-kit\"}";
    /** The status counted for a push that got no answer (connection closed or reset). */
    public static final int NO_ANSWER = 0;

    /** Push body encoding. */
    public enum Format { JSON, PROTOBUF }

    /**
     * {@code pid}: the server process whose CPU and memory are measured, or -1. {@code tenant}: sent as
     * {@code X-Scope-OrgID} when not empty.
     */
    public record Options(URI url, long lines, int batch, int threads, Format format, long startNanos, long pid, String tenant,
                          boolean skipPush, long seed) {
        public Options {
            if (lines < 1) {
                throw new IllegalArgumentException("--lines must be at least 1, got " + lines);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
        }
    }

    /** One query of the set: name, path, parameters. */
    public record Query(String name, String path, Map<String, String> params) {}

    /** Push figures; CPU and memory are NaN without a process id. */
    public record PushResult(long lines, long rawBytes, double wallSeconds, double cpuSeconds, Map<Integer, Integer> errors,
                             double rssMb, double hwmMb) {
        public double linesPerCpuSecond() {
            return lines / cpuSeconds;
        }
    }

    /** One query's figures: median wall time of its runs, server CPU per run (NaN without a process id), last answer. */
    public record QueryResult(String name, double medianSeconds, double cpuSecondsPerRun, int status, String summary) {}

    public record Report(Options options, PushResult push, List<QueryResult> queries) {
        /** The human-readable report, one line per figure. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            if (push != null) {
                StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                        "push: %,d lines (%.1f MB) as %s in %.1f s wall, %,.0f lines/s", push.lines(), push.rawBytes() / 1e6,
                        options.format().name().toLowerCase(java.util.Locale.ROOT), push.wallSeconds(), push.lines() / push.wallSeconds()));
                if (!Double.isNaN(push.cpuSeconds())) {
                    b.append(String.format(java.util.Locale.ROOT, ", %.2f server CPU-s, %,.0f lines/CPU-s, %.1f MB/CPU-s, RSS %.0f MB (peak %.0f)",
                            push.cpuSeconds(), push.linesPerCpuSecond(), push.rawBytes() / 1e6 / push.cpuSeconds(), push.rssMb(), push.hwmMb()));
                }
                b.append(push.errors().isEmpty() ? ", no errors" : ", errors by status " + push.errors() + " (0: no answer)");
                out.add(b.toString());
            }
            for (QueryResult q : queries) {
                out.add(String.format(java.util.Locale.ROOT, "query %s: median %.3f s%s, status %d, %s", q.name(), q.medianSeconds(),
                        Double.isNaN(q.cpuSecondsPerRun()) ? "" : String.format(java.util.Locale.ROOT, ", %.3f CPU-s per run", q.cpuSecondsPerRun()),
                        q.status(), q.summary()));
            }
            return out;
        }

        /** The report as one JSON object (figures as numbers, NaN as null). */
        public String json() {
            ObjectNode root = JSON.createObjectNode();
            root.put("url", options.url().toString());
            root.put("lines", options.lines());
            root.put("format", options.format().name().toLowerCase(java.util.Locale.ROOT));
            if (push != null) {
                ObjectNode p = root.putObject("push");
                p.put("lines", push.lines());
                p.put("raw_mb", push.rawBytes() / 1e6);
                p.put("wall_s", push.wallSeconds());
                number(p, "cpu_s", push.cpuSeconds());
                number(p, "lines_per_cpu_s", push.linesPerCpuSecond());
                number(p, "rss_mb", push.rssMb());
                number(p, "hwm_mb", push.hwmMb());
                ObjectNode errors = p.putObject("errors");
                push.errors().forEach((status, count) -> errors.put(String.valueOf(status), count));
            }
            ArrayNode qs = root.putArray("queries");
            for (QueryResult q : queries) {
                ObjectNode o = qs.addObject();
                o.put("name", q.name());
                o.put("median_s", q.medianSeconds());
                number(o, "cpu_s_per_run", q.cpuSecondsPerRun());
                o.put("status", q.status());
                o.put("summary", q.summary());
            }
            return root.toString();
        }

        private static void number(ObjectNode o, String name, double v) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                o.putNull(name);
            } else {
                o.put(name, v);
            }
        }
    }

    private final Options options;
    /** HTTP/1.1 as pushbench and Alloy speak it (the JDK default, HTTP/2, would try an h2c upgrade on every request). */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public LoadBench(Options options) {
        this.options = options;
    }

    /** Pushbench's query set over the day that starts at {@code startNanos}. */
    public static List<Query> queries(long startNanos) {
        String start = Long.toString(startNanos);
        String end = Long.toString(startNanos + DAY_NANOS);
        return List.of(
                new Query("count_all", "/loki/api/v1/query", Map.of("query", "sum(count_over_time(" + APP + "[30d]))", "time", end)),
                new Query("needle_line_filter", "/loki/api/v1/query_range",
                        Map.of("query", APP + " |= \"req-0000\"", "start", start, "end", end, "limit", "100")),
                new Query("count_line_filter", "/loki/api/v1/query",
                        Map.of("query", "sum(count_over_time(" + APP + " |= \"계정 잠김\" [30d]))", "time", end)),
                new Query("json_field_filter", "/loki/api/v1/query_range",
                        Map.of("query", APP + " | json | user_id=\"user-4242\"", "start", start, "end", end, "limit", "1000")),
                new Query("errors_by_service_rate", "/loki/api/v1/query_range",
                        Map.of("query", "sum by (service) (rate({app=\"python-starter-kit\", level=\"error\"}[5m]))", "start", start,
                                "end", end, "step", "60")),
                new Query("json_numeric_count", "/loki/api/v1/query",
                        Map.of("query", "sum by (service) (count_over_time(" + APP + " | json | attempt >= 3 [30d]))", "time", end)),
                new Query("p99_duration_unwrap", "/loki/api/v1/query",
                        Map.of("query", "quantile_over_time(0.99, " + APP + " | json | unwrap duration_ms [30d]) by (service)", "time", end)));
    }

    /** Pushes (unless skipped), waits three seconds as pushbench does, runs the queries. */
    public Report run(Consumer<String> progress) throws IOException, InterruptedException {
        PushResult push = null;
        if (!options.skipPush()) {
            List<byte[]> bodies = new ArrayList<>();
            long raw = generate(bodies);
            progress.accept(String.format(java.util.Locale.ROOT, "generated %,d lines (%.1f MB of line bytes) in %d requests",
                    options.lines(), raw / 1e6, bodies.size()));
            push = push(bodies, raw, progress);
            Thread.sleep(3000);
        }
        List<QueryResult> results = new ArrayList<>();
        for (Query q : queries(options.startNanos())) {
            results.add(query(q));
        }
        return new Report(options, push, results);
    }

    private long generate(List<byte[]> bodies) {
        PushbenchData data = new PushbenchData(options.seed(), options.startNanos());
        long raw = 0;
        for (long done = 0; done < options.lines(); ) {
            int n = (int) Math.min(options.batch(), options.lines() - done);
            PushRequest r = data.nextBatch(n);
            for (PushStream s : r.streams()) {
                for (PushEntry e : s.entries()) {
                    raw += e.lineUtf8Length();
                }
            }
            bodies.add(options.format() == Format.JSON ? PushEncoder.json(r) : PushEncoder.protobufSnappy(r));
            done += n;
        }
        return raw;
    }

    private PushResult push(List<byte[]> bodies, long raw, Consumer<String> progress) throws InterruptedException {
        String type = options.format() == Format.JSON ? PushEncoder.CONTENT_TYPE_JSON : PushEncoder.CONTENT_TYPE_PROTOBUF;
        URI uri = options.url().resolve("/loki/api/v1/push");
        AtomicInteger next = new AtomicInteger();
        Map<Integer, Integer> errors = new TreeMap<>();
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(options.threads())) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < options.threads(); t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        HttpResponse<String> r = send(HttpRequest.newBuilder(uri).header("Content-Type", type)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))));
                        int status = r == null ? NO_ANSWER : r.statusCode();
                        if (status != 204) {
                            synchronized (errors) {
                                if (errors.merge(status, 1, Integer::sum) == 1) {
                                    progress.accept("push answered " + status + ": " + (r == null ? "(no answer)" : r.body().strip()));
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("push failed: " + e.getCause().getMessage(), e.getCause());
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = cpuSeconds() - cpu0;
        return new PushResult(options.lines(), raw, wall, cpu, errors, memoryMb("VmRSS"), memoryMb("VmHWM"));
    }

    /** The answer, or null when there was none. */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!options.tenant().isEmpty()) {
            request.header("X-Scope-OrgID", options.tenant());
        }
        try {
            return client.send(request.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("cannot reach " + options.url() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            return null; // e.g. the server answered before reading the body and closed the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private QueryResult query(Query q) throws IOException, InterruptedException {
        StringBuilder uri = new StringBuilder(q.path()).append('?');
        new TreeMap<>(q.params()).forEach((k, v) -> uri.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        double[] times = new double[3];
        HttpResponse<String> last = null;
        double cpu0 = cpuSeconds();
        for (int i = 0; i < times.length; i++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(options.url().resolve(uri.substring(0, uri.length() - 1))).GET()
                    .timeout(Duration.ofMinutes(5));
            if (!options.tenant().isEmpty()) {
                b.header("X-Scope-OrgID", options.tenant());
            }
            long t0 = System.nanoTime();
            last = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        double cpu = (cpuSeconds() - cpu0) / times.length;
        Arrays.sort(times);
        return new QueryResult(q.name(), times[times.length / 2], cpu, last.statusCode(), summary(last));
    }

    /** A vector's series and values, or the result type and series count, or the error text. */
    static String summary(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            return r.body().strip();
        }
        try {
            JsonNode data = JSON.readTree(r.body()).path("data");
            String type = data.path("resultType").asText();
            JsonNode result = data.path("result");
            if (type.equals("vector")) {
                List<String> parts = new ArrayList<>();
                for (JsonNode s : result) {
                    parts.add(s.path("metric").toString() + " " + s.path("value").path(1).asText());
                }
                return "vector " + String.join(", ", parts);
            }
            long entries = 0;
            for (JsonNode s : result) {
                entries += s.path("values").size();
            }
            return type + ", " + result.size() + " series, " + entries + " values";
        } catch (IOException e) {
            return "unreadable answer: " + e.getMessage();
        }
    }

    /** The server's CPU-seconds so far (user + system), NaN without a process id or when unknown. */
    private double cpuSeconds() {
        if (options.pid() < 0) {
            return Double.NaN;
        }
        return ProcessHandle.of(options.pid()).flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /** A memory figure of the server from {@code /proc/<pid>/status} (Linux), NaN when not available. */
    private double memoryMb(String key) {
        if (options.pid() < 0) {
            return Double.NaN;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(options.pid()), "status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").strip()) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
