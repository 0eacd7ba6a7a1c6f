package dev.plg.benchmarks.query;

import dev.plg.push.LabelPair;
import dev.plg.store.read.StreamRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded seed-style data: structlog JSON lines of {@code app="python-starter-kit"} over 4 services x
 * 4 levels, spread evenly over 30 days, with realistic field cardinalities (10k users, rare
 * "계정 잠김" events, attempts 1-5, durations 1-2000 ms). Same seed, same bytes.
 */
public final class SeedLogData {
    static final long START_NS = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    static final long SPAN_NS = 30L * 24 * 3600 * 1_000_000_000L;
    static final String[] SERVICES = {"auth", "billing", "api", "worker"};
    static final String[] LEVELS = {"debug", "info", "warning", "error"};
    static final String[] EVENTS = {"request received", "request completed", "로그인 시도", "비밀번호 틀림", "결제 실패",
        "cache miss", "job finished"};

    private SeedLogData() {
    }

    public static MemoryLogSource generate(int lines, long seed) {
        Random random = new Random(seed);
        int streams = SERVICES.length * LEVELS.length;
        List<MemoryLogSource.Stream> out = new ArrayList<>();
        long id = 1;
        for (String service : SERVICES) {
            for (String level : LEVELS) {
                int n = lines / streams;
                long[] ts = new long[n];
                int[] offsets = new int[n + 1];
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(n * 280);
                List<List<LabelPair>> metadata = new ArrayList<>(n);
                List<LabelPair> md = List.of(new LabelPair("detected_level", level));
                long step = SPAN_NS / n;
                for (int i = 0; i < n; i++) {
                    ts[i] = START_NS + i * step + random.nextInt(1000);
                    offsets[i] = bytes.size();
                    byte[] line = line(random, service, level, ts[i]).getBytes(StandardCharsets.UTF_8);
                    bytes.write(line, 0, line.length);
                    metadata.add(md);
                }
                offsets[n] = bytes.size();
                List<LabelPair> labels = List.of(new LabelPair("app", "python-starter-kit"), new LabelPair("env", "production"),
                        new LabelPair("level", level), new LabelPair("service", service), new LabelPair("service_name", service));
                out.add(new MemoryLogSource.Stream(new StreamRef(id++, labels), ts, bytes.toByteArray(), offsets, metadata));
            }
        }
        return new MemoryLogSource(out);
    }

    private static String line(Random random, String service, String level, long ts) {
        String event = random.nextInt(1000) == 0 ? "계정 잠김" : EVENTS[random.nextInt(EVENTS.length)];
        return "{\"timestamp\": \"" + java.time.Instant.ofEpochSecond(0, ts) + "\", \"level\": \"" + level
                + "\", \"logger\": \"" + service + ".views\", \"event\": \"" + event + "\", \"request_id\": \"req-"
                + Long.toHexString(random.nextLong()) + "\", \"user_id\": \"user-" + random.nextInt(10_000)
                + "\", \"method\": \"" + (random.nextBoolean() ? "GET" : "POST") + "\", \"path\": \"/api/v1/"
                + service + "\", \"attempt\": " + (1 + random.nextInt(5)) + ", \"duration_ms\": "
                + (1 + random.nextInt(2000)) + "." + random.nextInt(100) + ", \"status\": "
                + (random.nextInt(20) == 0 ? 500 : 200) + "}";
    }
}
