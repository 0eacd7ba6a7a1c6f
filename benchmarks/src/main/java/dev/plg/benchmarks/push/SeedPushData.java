package dev.plg.benchmarks.push;

import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded push requests shaped like the seed's traffic: structlog JSON lines (~260 bytes, some
 * Korean text) from {@code python-starter-kit}, streams {@code {app, env, level, service}} as the
 * conformance data set ({@code shared/conformance/gen_data.py}) has them, one structured-metadata
 * pair on a tenth of the entries.
 */
final class SeedPushData {
    private static final String[] LEVELS = {"info", "info", "info", "info", "debug", "warning", "error"};
    private static final String[] SERVICES = {"auth", "billing", "api"};
    private static final String[] EVENTS = {"session lookup", "request handled", "계정 잠김", "비밀번호 틀림",
        "payment authorized", "cache miss", "결제 승인 완료", "upstream timeout"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] PATHS = {"/api/v2/search?q=%EB%A1%9C%EA%B7%B8", "/api/v1/users/1001", "/api/v1/orders",
        "/healthz", "/api/v2/payments/confirm", "/login"};
    /** 2026-01-01T00:00:00Z, the start of the conformance data window. */
    private static final long START_NS = 1_767_225_600_000_000_000L;

    private SeedPushData() {}

    /** One push of {@code entries} lines, grouped into streams as an agent batches them. */
    static PushRequest request(int entries, long seed) {
        Random random = new Random(seed);
        Map<String, List<PushEntry>> byStream = new LinkedHashMap<>();
        long ts = START_NS;
        for (int i = 0; i < entries; i++) {
            ts += 1 + random.nextInt(50_000_000);
            String level = LEVELS[random.nextInt(LEVELS.length)];
            String service = SERVICES[random.nextInt(SERVICES.length)];
            String line = line(random, ts, level, service);
            List<LabelPair> metadata = random.nextInt(10) == 0
                    ? List.of(new LabelPair("trace_id", Long.toHexString(random.nextLong())))
                    : List.of();
            byStream.computeIfAbsent(level + "/" + service, k -> new ArrayList<>()).add(new PushEntry(ts, line, metadata));
        }
        List<PushStream> streams = new ArrayList<>();
        for (Map.Entry<String, List<PushEntry>> e : byStream.entrySet()) {
            String[] key = e.getKey().split("/");
            streams.add(new PushStream(List.of(new LabelPair("app", "python-starter-kit"),
                    new LabelPair("env", "production"), new LabelPair("level", key[0]), new LabelPair("service", key[1])),
                    e.getValue()));
        }
        return new PushRequest(streams);
    }

    private static String line(Random random, long ts, String level, String service) {
        long micros = (ts / 1000) % 1_000_000;
        long seconds = (ts / 1_000_000_000L) % 86_400;
        return String.format("{\"timestamp\": \"2026-01-01T%02d:%02d:%02d.%06dZ\", \"level\": \"%s\", \"logger\": \"%s.service\", "
                        + "\"event\": \"%s\", \"request_id\": \"req-%08x\", \"user_id\": \"user-%d\", \"method\": \"%s\", "
                        + "\"path\": \"%s\", \"duration_ms\": %.3f, \"status\": %d}",
                seconds / 3600, seconds / 60 % 60, seconds % 60, micros, level, service,
                EVENTS[random.nextInt(EVENTS.length)], random.nextInt(), 1000 + random.nextInt(500),
                METHODS[random.nextInt(METHODS.length)], PATHS[random.nextInt(PATHS.length)],
                random.nextDouble() * 250, random.nextInt(20) == 0 ? 500 : 200);
    }
}
