package dev.plg.agent;

import com.sun.net.httpserver.HttpServer;
import dev.plg.agent.http.AgentHttpServer;
import dev.plg.agent.model.AgentLog;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput harness for tail → process → push through the seed pipeline (seed config, default
 * batching): writes {@code MB} of seeded seed-style JSON lines to a file, starts the agent against a
 * local sink that drains push bodies and answers 204, and reports MB/s, lines/s, CPU-seconds per
 * million lines and peak RSS once {@code loki_write_sent_entries_total} reaches the line count, for the
 * whole run (JIT compilation included) and from the moment a quarter of the lines was sent (warmed up).
 *
 * <p>Run: {@code java -Xmx96m -cp <agent classpath> dev.plg.agent.AgentBench [MB=512] [dir=/tmp]}.
 */
public final class AgentBench {
    private AgentBench() {
    }

    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        Path dir = Files.createTempDirectory(args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir")), "agent-bench");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        long lines = generate(logs.resolve("python-starter-kit.log"), (long) mb << 20);
        long bytes = Files.size(logs.resolve("python-starter-kit.log"));

        AtomicLong received = new AtomicLong();
        // The JDK server leaves Nagle on by default: each push then waits ~40 ms for a delayed ACK before
        // its answer arrives, the sender falls behind and the queue fills (a sink artefact; the store's
        // Jetty sets TCP_NODELAY).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        sink.createContext("/loki/api/v1/push", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                received.addAndGet(in.transferTo(java.io.OutputStream.nullOutputStream()));
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        sink.start();

        Path config = dir.resolve("config.alloy");
        Files.writeString(config, AgentConfigs.adapt(AgentConfigs.seed(), logs,
                "http://127.0.0.1:" + sink.getAddress().getPort() + "/loki/api/v1/push"));

        AgentLog log = new AgentLog();
        log.setOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        double cpu0 = AgentHttpServer.cpuSeconds();
        long t0 = System.nanoTime();
        double peakRss = 0;
        double warmCpu = 0;
        long warmNanos = 0;
        double warmSent = 0;
        double endCpu;
        long endNanos;
        try (Agent agent = Agent.start(new AgentOptions(config, dir.resolve("data"), "127.0.0.1:0", false), log)) {
            double sent;
            while ((sent = agent.metrics().sum("loki_write_sent_entries_total")) < lines) {
                Thread.sleep(20);
                peakRss = Math.max(peakRss, AgentHttpServer.residentMemoryBytes());
                if (warmNanos == 0 && sent >= lines / 4) {
                    warmCpu = AgentHttpServer.cpuSeconds();
                    warmNanos = System.nanoTime();
                    warmSent = sent;
                }
            }
            endCpu = AgentHttpServer.cpuSeconds();
            endNanos = System.nanoTime();
        }
        double secs = (endNanos - t0) / 1e9;
        double cpu = endCpu - cpu0;
        double steadyCpu = endCpu - warmCpu;
        double steadyShare = (lines - warmSent) / lines;
        sink.stop(0);
        double mib = bytes / (double) (1 << 20);
        System.out.printf("lines=%d bytes=%d (%.0f MiB) push_body_bytes=%d%n", lines, bytes, mib, received.get());
        System.out.printf("wall=%.2fs  throughput=%.1f MiB/s  %.0f lines/s%n", secs, mib / secs, lines / secs);
        System.out.printf("cpu=%.2fs  per-core=%.1f MiB/cpu-s  cpu-seconds per million lines=%.2f%n", cpu, mib / cpu, cpu / (lines / 1e6));
        System.out.printf("after the first quarter (JIT warmed up): %.1f MiB/cpu-s, %.2f cpu-s per million lines, %.1f MiB/s wall%n",
                mib * steadyShare / steadyCpu, steadyCpu / ((lines - warmSent) / 1e6), mib * steadyShare / ((endNanos - warmNanos) / 1e9));
        System.out.printf("peak RSS=%.0f MiB (sampled every 20 ms)  VmHWM=%s%n", peakRss / (1 << 20), vmHwm());
        deleteTree(dir);
    }

    private static String vmHwm() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return l.substring(6).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "n/a";
    }

    /** Seed-style structlog JSON lines (seeded, so every run reads the same bytes). */
    static long generate(Path file, long targetBytes) throws IOException {
        Random r = new Random(42);
        String[] levels = {"info", "info", "info", "info", "warning", "error", "debug"};
        String[] services = {"auth", "payment", "order", "user", "search"};
        String[] events = {"로그인 성공", "계정 잠김", "결제 완료", "order created", "cache miss", "slow query", "token refreshed"};
        long n = 0;
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < targetBytes) {
                String svc = services[r.nextInt(services.length)];
                String line = "{\"timestamp\": \"2026-02-27T12:" + String.format("%02d:%02d.%06dZ", r.nextInt(60), r.nextInt(60), r.nextInt(1_000_000))
                        + "\", \"level\": \"" + levels[r.nextInt(levels.length)] + "\", \"logger\": \"" + svc + "\", \"event\": \""
                        + events[r.nextInt(events.length)] + "\", \"service\": \"" + svc + "\", \"request_id\": \"req-"
                        + Long.toHexString(r.nextLong()) + "\", \"user_id\": \"user-" + r.nextInt(100_000) + "\", \"duration_ms\": "
                        + r.nextInt(2000) + "}";
                w.write(line);
                w.write('\n');
                written += line.getBytes(StandardCharsets.UTF_8).length + 1;
                n++;
            }
        }
        return n;
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (var s = Files.list(p)) {
                for (Path c : s.toList()) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
