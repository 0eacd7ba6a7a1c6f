package dev.plg.push;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Log lines shaped as {@code shared/bench/pushbench.py} makes them (structlog JSON, 24 streams
 * {@code {app, service, level, env}}, a 128-bit random request id per line, timestamps 0.05 to 2 ms
 * apart), seeded so every run sees the same data. One batch is one push request. The lines
 * {@code plg bench} pushes and the JMH suites measure.
 */
public final class PushbenchData {
    private static final String[] EVENTS = {"로그인 시도", "비밀번호 틀림", "계정 잠김", "request completed", "cache miss",
        "db query executed", "payment processed", "order created", "token refreshed", "upstream timeout"};
    private static final String[] SERVICES = {"auth", "billing", "api", "worker"};
    private static final String[] METHODS = {"GET", "POST", "PUT"};
    private static final String[] PATHS = {"/api/v1/users", "/api/v1/orders", "/login", "/api/v1/payments"};
    private static final int[] STATUSES = {200, 200, 200, 201, 204, 400, 404, 500};
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SplittableRandom rng;
    private long ts;

    public PushbenchData(long seed, long startNanos) {
        this.rng = new SplittableRandom(seed);
        this.ts = startNanos;
    }

    private String level() {
        int r = rng.nextInt(100);
        return r < 80 ? "info" : r < 92 ? "warning" : r < 98 ? "error" : "debug";
    }

    /** One line with its stream key and timestamp. */
    public record Line(String service, String level, String env, long timestampNanos, String text) {}

    public Line nextLine() {
        ts += rng.nextLong(50_000, 2_000_001);
        String svc = SERVICES[rng.nextInt(SERVICES.length)];
        String lvl = level();
        String env = rng.nextDouble() < .8 ? "production" : "staging";
        StringBuilder b = new StringBuilder(320);
        b.append("{\"timestamp\":\"").append(SECONDS.format(Instant.ofEpochSecond(ts / 1_000_000_000L)))
                .append(String.format(Locale.ROOT, ".%06dZ", ts / 1000 % 1_000_000)).append('"');
        b.append(",\"level\":\"").append(lvl).append('"');
        b.append(",\"logger\":\"app.").append(svc).append('"');
        b.append(",\"event\":\"").append(EVENTS[rng.nextInt(EVENTS.length)]).append('"');
        b.append(",\"request_id\":\"req-").append(String.format(Locale.ROOT, "%016x%016x", rng.nextLong(), rng.nextLong())).append('"');
        b.append(",\"user_id\":\"user-").append(rng.nextInt(1, 50_001)).append('"');
        b.append(",\"service\":\"").append(svc).append('"');
        b.append(",\"method\":\"").append(METHODS[rng.nextInt(METHODS.length)]).append('"');
        b.append(",\"path\":\"").append(PATHS[rng.nextInt(PATHS.length)]).append('"');
        b.append(",\"status\":").append(STATUSES[rng.nextInt(STATUSES.length)]);
        double duration = Math.round(-Math.log(1 - rng.nextDouble()) * 35 * 100) / 100.0;
        b.append(",\"duration_ms\":").append(duration);
        b.append(",\"attempt\":").append(rng.nextInt(1, 6)).append('}');
        return new Line(svc, lvl, env, ts, b.toString());
    }

    /** A push request of {@code lines} lines grouped by stream, as pushbench sends it. */
    public PushRequest nextBatch(int lines) {
        Map<String, List<PushEntry>> byStream = new LinkedHashMap<>();
        Map<String, List<LabelPair>> labels = new LinkedHashMap<>();
        for (int i = 0; i < lines; i++) {
            Line l = nextLine();
            String key = l.service() + "/" + l.level() + "/" + l.env();
            byStream.computeIfAbsent(key, k -> new ArrayList<>()).add(new PushEntry(l.timestampNanos(), l.text()));
            labels.computeIfAbsent(key, k -> List.of(new LabelPair("app", "python-starter-kit"), new LabelPair("service", l.service()),
                    new LabelPair("level", l.level()), new LabelPair("env", l.env())));
        }
        List<PushStream> streams = new ArrayList<>();
        for (Map.Entry<String, List<PushEntry>> e : byStream.entrySet()) {
            streams.add(new PushStream(labels.get(e.getKey()), e.getValue()));
        }
        return new PushRequest(streams);
    }
}
