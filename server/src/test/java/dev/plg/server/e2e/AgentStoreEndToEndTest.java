package dev.plg.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.agent.Agent;
import dev.plg.agent.AgentConfigs;
import dev.plg.agent.AgentOptions;
import dev.plg.agent.model.AgentLog;
import dev.plg.agent.tail.Positions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a live plg store, with the repository's seed config ({@code config/alloy/config.alloy},
 * through {@link AgentConfigs#adapt}: only the log glob and the push URL change, plus shorter backoffs
 * where the store goes down) and the seed app's log file written by the {@code logging} module's real
 * rotating appender (256 KiB x 5 instead of the seed's 10 MB x 5, so a few thousand lines rotate it
 * several times). What the store holds is read back through its Loki query API. Nothing here waits a
 * fixed time for a result: every wait polls a condition against a deadline.
 */
class AgentStoreEndToEndTest {
    private static final Duration MAX = Duration.ofSeconds(30);
    private static final long ROTATE_BYTES = 256 * 1024;
    private static final int BACKUPS = 5;
    private static final String ALL = "{app=\"python-starter-kit\"}";

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ scenarios

    @Test
    void rotatingJsonLogArrivesWithTheSeedLabelsAndNothingLost() throws Exception {
        int total = 8000; // ~1.5 MB: app.log rotates 5+ times while the agent tails it
        try (E2eStore store = new E2eStore(tmp.resolve("store"), "");
             SeedApp app = new SeedApp(tmp.resolve("logs"), ROTATE_BYTES, BACKUPS)) {
            app.log(0);
            try (Agent agent = startAgent(seedConfig(store))) {
                PacedWriter writer = new PacedWriter(app, 1, total);
                writer.join();
                Map<Integer, Integer> counts = awaitAll(store, total);
                assertThat(counts.values()).as("lines stored more than once").allMatch(n -> n == 1);
            }
            assertThat(app.droppedLines()).isZero();
            assertThat(tmp.resolve("logs/app.log." + BACKUPS)).as("the app rotated its file at least " + BACKUPS + " times").exists();

            String filename = app.file().toAbsolutePath().toString();
            List<E2eStore.Stored> stored = store.query(ALL);
            for (E2eStore.Stored s : stored) {
                int seq = SeedApp.seqOf(s.line());
                assertThat(s.labels()).as("labels of line %d", seq).containsEntry("app", "python-starter-kit")
                        .containsEntry("env", "production")
                        .containsEntry("service", SeedApp.expectedService(seq))
                        .containsEntry("level", SeedApp.expectedLevel(seq))
                        .containsEntry("filename", filename);
            }
            Set<String> streams = new TreeSet<>();
            stored.forEach(s -> streams.add(s.labels().get("service") + "/" + s.labels().get("level")));
            assertThat(streams).as("5 services x 4 levels").hasSize(20);
        }
    }

    @Test
    void storeStoppedLongerThanTheRetryBudgetThenRestartedLosesNothing() throws Exception {
        try (E2eStore store = new E2eStore(tmp.resolve("store"), "");
             SeedApp app = new SeedApp(tmp.resolve("logs"), ROTATE_BYTES, BACKUPS)) {
            app.log(0);
            // 20-200 ms backoffs, the default 10 retries: a retry budget of ~1.5 s, which the outage outlasts.
            try (Agent agent = startAgent(withShortBackoffs(seedConfig(store), store))) {
                new PacedWriter(app, 1, 1000).join();
                awaitAll(store, 1000);

                store.stop();
                new PacedWriter(app, 1000, 3000).join(); // ~0.5 MB: two rotations while the store is down
                await(() -> agent.metrics().sum("plg_loki_write_retries_exhausted_batches_total") >= 1,
                        () -> "a batch to exhaust max_backoff_retries (retries so far: "
                                + agent.metrics().sum("loki_write_batch_retries_total") + ")");
                await(() -> agent.metrics().sum("loki_write_batch_retries_total") >= 12, () -> "retries past the budget");

                store.restart();
                Map<Integer, Integer> counts = awaitAll(store, 3000);
                assertThat(counts.values()).as("lines stored more than once").allMatch(n -> n == 1);
                assertThat(agent.metrics().sum("loki_write_dropped_entries_total")).isZero();
            }
            assertThat(tmp.resolve("logs/app.log.2")).exists();
        }
    }

    @Test
    void agentKilledWithSigkillAndRestartedLosesNothing() throws Exception {
        int total = 5000;
        Path storage = tmp.resolve("agent-data");
        Path positionsFile = storage.resolve("loki.source.file.python_app/positions.yml");
        try (E2eStore store = new E2eStore(tmp.resolve("store"), "");
             SeedApp app = new SeedApp(tmp.resolve("logs"), ROTATE_BYTES, BACKUPS)) {
            app.log(0);
            Path config = writeConfig(seedConfig(store));
            Process agent = startAgentProcess(config, storage, 0);
            Set<Integer> mayRepeat = new TreeSet<>();
            int unstoredAtKills = 0;
            try {
                await(() -> seqCounts(store).containsKey(0), () -> "the agent process to ship line 0");
                // ~1500 lines/s: with the seed's batch_wait of 1 s the agent always has lines in flight.
                PacedWriter writer = new PacedWriter(app, 1, total, 3);
                for (int round = 1; round <= 2; round++) {
                    int target = round * 1500;
                    await(() -> seqCounts(store).size() >= target, () -> "progress before kill " + target);
                    writer.pause(); // between two lines, so no rotation moves files while positions are read
                    writer.burst(300); // and certainly unacknowledged lines at the kill
                    agent.destroyForcibly(); // SIGKILL: no shutdown hook, no final positions write
                    assertThat(agent.waitFor()).isNotZero();
                    unstoredAtKills += writer.written() - seqCounts(store).size();
                    // The restart resumes at the saved positions: only lines after them can be sent twice.
                    mayRepeat.addAll(linesAfterSavedPositions(positionsFile, app.file()));
                    agent = startAgentProcess(config, storage, round);
                    writer.resume();
                }
                writer.join();
                Map<Integer, Integer> counts = awaitAll(store, total);
                Set<Integer> repeated = new TreeSet<>();
                counts.forEach((seq, n) -> {
                    if (n > 1) {
                        repeated.add(seq);
                    }
                });
                // Written but not stored at the kill means not acknowledged: the kills were mid-stream.
                assertThat(unstoredAtKills).as("lines in flight at the kills").isGreaterThanOrEqualTo(600);
                // Re-read lines get a new read timestamp under the seed config (no stage.timestamp), so
                // the store cannot recognise them as exact duplicates: they may be stored twice.
                assertThat(repeated).as("lines stored twice must lie after a position saved at a kill").isSubsetOf(mayRepeat);
                System.out.printf("AgentStoreEndToEndTest SIGKILL: %d lines, %d not yet stored at the 2 kills, %d stored twice "
                        + "(%d were after the saved positions)%n", total, unstoredAtKills, repeated.size(), mayRepeat.size());
            } finally {
                agent.destroyForcibly();
                agent.waitFor();
            }
        }
    }

    @Test
    void tooLongLineRefusedWith400DropsOnlyItsBatch() throws Exception {
        try (E2eStore store = new E2eStore(tmp.resolve("store"), "  max_line_size: 2KB\n");
             SeedApp app = new SeedApp(tmp.resolve("logs"), ROTATE_BYTES, BACKUPS)) {
            app.log(0);
            try (Agent agent = startAgent(seedConfig(store))) {
                awaitAll(store, 1);
                for (int i = 1; i < 200; i++) {
                    app.log(i);
                }
                app.log(200, "x".repeat(5000)); // over max_line_size: the store answers 400
                for (int i = 201; i < 400; i++) {
                    app.log(i);
                }
                await(() -> agent.metrics().sum("loki_write_dropped_entries_total") >= 1, () -> "the refused batch to be dropped");
                for (int i = 400; i < 600; i++) {
                    app.log(i); // later batches still flow
                }
                await(() -> seqCounts(store).keySet().containsAll(range(400, 600)), () -> "lines after the refused batch");
                Map<Integer, Integer> counts = seqCounts(store);
                // Like Loki, the store keeps the valid entries of a partly invalid push; the agent does not retry it.
                Set<Integer> expected = new HashSet<>(range(0, 600));
                expected.remove(200);
                assertThat(counts.keySet()).isEqualTo(expected);
                assertThat(counts.values()).allMatch(n -> n == 1);
                assertThat(agent.metrics().sum("loki_write_batch_retries_total")).isZero();
                assertThat(agent.metrics().render()).containsPattern("loki_write_dropped_entries_total\\{[^}]*reason=\"ingester_error\"[^}]*} [1-9]");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private String seedConfig(E2eStore store) {
        return AgentConfigs.adapt(AgentConfigs.seed(), tmp.resolve("logs"), store.pushUrl());
    }

    /** The seed's endpoint with {@code min/max_backoff_period} 20 ms / 200 ms (defaults 500 ms / 5 m). */
    private static String withShortBackoffs(String config, E2eStore store) {
        String url = "url = \"" + store.pushUrl() + "\"";
        assertThat(config).contains(url);
        return config.replace(url, url + "\n    min_backoff_period = \"20ms\"\n    max_backoff_period = \"200ms\"");
    }

    private Path writeConfig(String text) throws IOException {
        Path p = tmp.resolve("config.alloy");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private Agent startAgent(String config) throws IOException {
        AgentLog log = new AgentLog();
        if (System.getenv("AGENT_TEST_LOG") == null) {
            log.setOutput(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        }
        return Agent.start(new AgentOptions(writeConfig(config), tmp.resolve("agent-data"), "127.0.0.1:0", false), log);
    }

    private Process startAgentProcess(Path config, Path storage, int n) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "dev.plg.agent.AgentMain", "run", config.toString(), "--storage.path=" + storage,
                "--server.http.listen-addr=127.0.0.1:0")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("agent-" + n + ".log").toFile()).start();
    }

    /**
     * The sequence numbers of the lines after every saved position, read from the files as they are
     * now (the app is paused, so nothing moves). Positions are taken from {@code positions.yml.plg}
     * ({@code "<inode>:<offset>"}, written first, what a restart resumes from) and each file is found
     * by its inode: a rotation the agent had not noticed yet moved the file away from the saved name.
     */
    private static Set<Integer> linesAfterSavedPositions(Path positionsFile, Path liveFile) throws IOException {
        Path side = positionsFile.resolveSibling("positions.yml.plg");
        Map<Long, Long> offsetByInode = new HashMap<>();
        for (String value : Positions.parse(Files.readString(side), side).values()) {
            String[] inodeAndOffset = value.split(":");
            offsetByInode.put(Long.parseLong(inodeAndOffset[0]), Long.parseLong(inodeAndOffset[1]));
        }
        Set<Integer> out = new HashSet<>();
        try (var files = Files.list(liveFile.getParent())) {
            for (Path file : files.toList()) {
                Long from = offsetByInode.get(((Number) Files.getAttribute(file, "unix:ino")).longValue());
                if (from == null && file.equals(liveFile)) {
                    from = 0L; // a new app.log the agent had not saved yet: the restart reads it from the start
                }
                if (from == null) {
                    continue; // a rotated file with no position was acknowledged completely
                }
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                    byte[] rest = new byte[(int) Math.max(0, f.length() - from)];
                    f.seek(from);
                    f.readFully(rest);
                    for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                        int seq = SeedApp.seqOf(line);
                        if (seq >= 0) {
                            out.add(seq);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** How often each {@code seq} is stored. */
    private static Map<Integer, Integer> seqCounts(E2eStore store) {
        try {
            Map<Integer, Integer> counts = new HashMap<>();
            for (E2eStore.Stored s : store.query(ALL)) {
                counts.merge(SeedApp.seqOf(s.line()), 1, Integer::sum);
            }
            return counts;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until lines {@code 0..total-1} are all stored; returns the counts. */
    private static Map<Integer, Integer> awaitAll(E2eStore store, int total) throws Exception {
        AtomicReference<Map<Integer, Integer>> last = new AtomicReference<>();
        await(() -> {
            last.set(seqCounts(store));
            for (int i = 0; i < total; i++) {
                if (!last.get().containsKey(i)) {
                    return false;
                }
            }
            return true;
        }, () -> "all " + total + " lines in the store; missing " + missing(last.get(), total) + "; the store holds "
                + describe(store));
        assertThat(last.get().keySet()).as("only lines that were written").isEqualTo(new HashSet<>(range(0, total)));
        return last.get();
    }

    private static String describe(E2eStore store) {
        try {
            List<E2eStore.Stored> all = store.query("{filename=~\".+\"}");
            return all.size() + " entries" + (all.isEmpty() ? "" : ", e.g. " + all.getFirst());
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "(query failed: " + e + ")";
        }
    }

    private static String missing(Map<Integer, Integer> counts, int total) {
        List<Integer> miss = range(0, total).stream().filter(i -> counts == null || !counts.containsKey(i)).toList();
        return miss.size() + ": " + miss.subList(0, Math.min(30, miss.size()));
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).boxed().toList();
    }

    /** Polls {@code condition} every 100 ms; fails after {@link #MAX} (a deadline for failures, not a timing assertion). */
    private static void await(Callable<Boolean> condition, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + MAX.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + MAX.toSeconds() + " s waiting for " + what.get());
            }
            Thread.sleep(100);
        }
    }
}
