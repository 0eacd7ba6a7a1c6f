package dev.plg.benchmarks.logql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Seeded seed-style log lines packed into one byte array with offsets, as a store block would hand them
 * to a pipeline: structlog JSON lines (python-starter-kit, with rare "계정 잠김" events and 10k users) and
 * logfmt gateway lines. Same seed, same bytes.
 */
public final class SeedLines {
    static final String[] SERVICES = {"auth", "billing", "api", "worker"};
    static final String[] LEVELS = {"debug", "info", "warning", "error"};
    static final String[] EVENTS = {"request received", "request completed", "로그인 시도", "비밀번호 틀림", "결제 실패",
        "cache miss", "job finished"};

    public final byte[] bytes;
    public final int[] offsets;

    private SeedLines(byte[] bytes, int[] offsets) {
        this.bytes = bytes;
        this.offsets = offsets;
    }

    public int count() {
        return offsets.length - 1;
    }

    public static SeedLines json(int n, long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 300);
        int[] offsets = new int[n + 1];
        long ts = 1_767_225_600_000_000_000L;
        for (int i = 0; i < n; i++) {
            offsets[i] = out.size();
            String service = SERVICES[r.nextInt(SERVICES.length)];
            String level = LEVELS[r.nextInt(LEVELS.length)];
            String event = r.nextInt(1000) == 0 ? "계정 잠김" : EVENTS[r.nextInt(EVENTS.length)];
            ts += 1_000_000L * (1 + r.nextInt(5000));
            String line = "{\"timestamp\": \"" + java.time.Instant.ofEpochSecond(0, ts) + "\", \"level\": \"" + level
                    + "\", \"logger\": \"" + service + ".views\", \"event\": \"" + event + "\", \"request_id\": \"req-"
                    + Long.toHexString(r.nextLong()) + "\", \"user_id\": \"user-" + r.nextInt(10_000)
                    + "\", \"method\": \"" + (r.nextBoolean() ? "GET" : "POST") + "\", \"path\": \"/api/v1/" + service
                    + "\", \"attempt\": " + (1 + r.nextInt(5)) + ", \"duration_ms\": " + (1 + r.nextInt(2000)) + "."
                    + r.nextInt(100) + ", \"status\": " + (r.nextInt(20) == 0 ? 500 : 200) + "}";
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        offsets[n] = out.size();
        return new SeedLines(out.toByteArray(), offsets);
    }

    public static SeedLines logfmt(int n, long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 220);
        int[] offsets = new int[n + 1];
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH"};
        String[] msgs = {"request served", "cache hit", "upstream said \\\"busy\\\"", "TLS handshake", "rate limited"};
        for (int i = 0; i < n; i++) {
            offsets[i] = out.size();
            String line = "ts=2026-01-01T05:59:" + (10 + r.nextInt(50)) + "." + (100 + r.nextInt(900)) + "Z level="
                    + LEVELS[r.nextInt(LEVELS.length)] + " caller=proxy.go:" + (100 + r.nextInt(100)) + " msg=\""
                    + msgs[r.nextInt(msgs.length)] + "\" method=" + methods[r.nextInt(methods.length)]
                    + " path=/api/v1/orders status=" + (200 + r.nextInt(4) * 100) + " duration=" + (1 + r.nextInt(3000))
                    + "ms size=" + (1 + r.nextInt(900)) + "KB upstream=api-" + r.nextInt(3) + " client=10.0."
                    + r.nextInt(256) + "." + r.nextInt(256) + " user=" + (r.nextBoolean() ? "kim" : "456");
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        offsets[n] = out.size();
        return new SeedLines(out.toByteArray(), offsets);
    }
}
