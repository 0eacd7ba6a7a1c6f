package dev.plg.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.store.read.Direction;
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.StreamRef;
import dev.plg.store.tools.PushWorker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM pushes from 4 threads and is killed with SIGKILL
 * ({@code destroyForcibly}) mid-stream; the reopened store must hold every acknowledged entry
 * exactly once. Runs twice so the second kill also hits a replayed, partly flushed store.
 */
class CrashTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEntrySurvivesSigkillExactlyOnce() throws Exception {
        Path data = dir.resolve("data");
        Path acks = dir.resolve("acks");
        Files.createDirectories(acks);
        for (int round = 0; round < 2; round++) {
            runAndKill(data, acks, 3000 * (round + 1), round);
            Map<String, Integer> stored = new HashMap<>();
            try (LogStore store = LogStore.open(StoreConfig.defaults(data), Limits.defaults().toBuilder().rejectOldSamples(false).build())) {
                for (StreamRef ref : store.streams("fake", List.of(), 0, Long.MAX_VALUE)) {
                    try (EntryCursor c = store.entries("fake", ref, 0, Long.MAX_VALUE, Direction.FORWARD, ScanHints.NONE)) {
                        while (c.next()) {
                            stored.merge(c.line(), 1, Integer::sum);
                        }
                    }
                }
            }
            List<String> acked = new ArrayList<>();
            try (var files = Files.list(acks)) {
                for (Path f : files.toList()) {
                    for (String line : Files.readAllLines(f)) {
                        if (line.endsWith("}")) {
                            acked.add(line);
                        }
                    }
                }
            }
            assertThat(acked.size()).as("acknowledged lines").isGreaterThanOrEqualTo(3000 * (round + 1));
            List<String> missing = acked.stream().filter(l -> !stored.containsKey(l)).toList();
            assertThat(missing).as("acknowledged but lost").isEmpty();
            assertThat(stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(3).toList()).as("stored twice in round " + round).isEmpty();
        }
    }

    private static void runAndKill(Path data, Path acks, int minAcked, int round) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), PushWorker.class.getName(),
                data.toString(), acks.toString(), "4", String.valueOf(round)).redirectError(data.resolveSibling("worker.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            if (!"started".equals(first)) {
                p.waitFor();
                throw new AssertionError("worker did not start: " + Files.readString(data.resolveSibling("worker.err")));
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (countAcked(acks) < minAcked) {
                assertThat(p.isAlive()).as("worker still running").isTrue();
                assertThat(System.nanoTime()).as("worker made progress within 2 minutes").isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    private static long countAcked(Path acks) throws Exception {
        long bytes = 0;
        try (var files = Files.list(acks)) {
            for (Path f : files.toList()) {
                bytes += Files.size(f);
            }
        }
        return bytes / 160;
    }
}
