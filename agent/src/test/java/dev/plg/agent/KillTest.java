package dev.plg.agent;

import static dev.plg.agent.FakeLoki.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a real process ({@code AgentMain run ...}) killed with SIGKILL mid-stream while the
 * app keeps writing and rotating: after restarts every line has reached the store.
 */
class KillTest {
    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Process startAgent(Path config, Path storage, int n) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), "dev.plg.agent.AgentMain", "run", config.toString(),
                "--storage.path=" + storage, "--server.http.listen-addr=127.0.0.1:0"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("agent-" + n + ".log").toFile()).start();
    }

    @Test
    void sigkillMidStreamLosesNothing() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        RotatingWriter w = new RotatingWriter(logs.resolve("app.log"), 256 * 1024, 5, RotatingWriter.Mode.RENAME);
        w.write(RotatingWriter.seedLine(0));
        int total = 3000;
        try (FakeLoki loki = new FakeLoki()) {
            Path config = AgentTestSupport.writeConfig(tmp, AgentTestSupport.fastConfig(logs, loki.url()));
            Path storage = tmp.resolve("data");
            Process agent = startAgent(config, storage, 0);
            try {
                await(() -> loki.acceptedLines().contains(RotatingWriter.seedLine(0)), MAX, "the agent process to ship line 0");
                AtomicInteger written = new AtomicInteger(1);
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 1; i < total; i++) {
                            w.write(RotatingWriter.seedLine(i));
                            written.incrementAndGet();
                            if (i % 5 == 0) {
                                Thread.sleep(2);
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (int round = 1; round <= 2; round++) {
                    int seen = loki.accepted().size();
                    await(() -> loki.accepted().size() > seen + 200 || written.get() >= total, MAX, "progress before kill " + round);
                    agent.destroyForcibly(); // SIGKILL: no shutdown hook, no final positions write
                    agent.waitFor();
                    agent = startAgent(config, storage, round);
                }
                writer.join();
                await(() -> loki.acceptedLines().containsAll(all(total)), MAX, () -> loki.missing(0, total));
                assertThat(w.rotations()).isGreaterThanOrEqualTo(2);
                System.out.printf("KillTest: %d lines, %d entries accepted, %d duplicates after 2 SIGKILLs, %d rotations%n",
                        total, loki.accepted().size(), loki.accepted().size() - total, w.rotations());
            } finally {
                agent.destroyForcibly();
                agent.waitFor();
            }
        }
    }

    private static Set<String> all(int total) {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < total; i++) {
            s.add(RotatingWriter.seedLine(i));
        }
        return s;
    }
}
