package dev.plg.logging;

import static dev.plg.logging.TestEvents.event;
import static dev.plg.logging.TestEvents.readJsonLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileAppenderTest {
    @TempDir
    Path dir;

    private final LoggerContext context = new LoggerContext();

    private RotatingFileAppender appender(Path file, long maxFileSize, int backups) {
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        RotatingFileAppender a = new RotatingFileAppender();
        a.setContext(context);
        a.setName("test");
        a.setPath(file);
        a.setMaxFileSize(maxFileSize);
        a.setBackups(backups);
        a.setEncoder(encoder);
        a.start();
        return a;
    }

    private static String paddedMessage(int i) {
        return String.format("line %05d ", i) + "x".repeat(60);
    }

    @Test
    void rotatesLikePythonsRotatingFileHandler() throws IOException {
        Path file = dir.resolve("app.log");
        long max = 1000;
        RotatingFileAppender a = appender(file, max, 5);
        int total = 200;
        for (int i = 0; i < total; i++) {
            a.doAppend(event(Level.INFO, "t", paddedMessage(i)));
        }
        a.stop();

        assertThat(fileNames()).containsExactly("app.log", "app.log.1", "app.log.2", "app.log.3", "app.log.4", "app.log.5");
        List<Integer> seen = new ArrayList<>();
        for (String name : List.of("app.log.5", "app.log.4", "app.log.3", "app.log.2", "app.log.1", "app.log")) {
            Path f = dir.resolve(name);
            assertThat(Files.size(f)).as(name).isLessThan(max).isGreaterThan(0);
            for (JsonNode node : readJsonLines(f)) {
                seen.add(Integer.parseInt(node.get("event").asText().substring(5, 10)));
            }
        }
        // Oldest backup to current file: consecutive line numbers ending with the last line written.
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(total - 1);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(seen.get(i - 1) + 1);
        }
        // Every full backup holds as many lines as fit below the limit (each line is the same size).
        long lineSize = Files.readAllLines(file).get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        long perFile = (max - 1) / lineSize;
        assertThat(readJsonLines(dir.resolve("app.log.1"))).hasSize((int) perFile);
    }

    @Test
    void zeroBackupsTruncatesAndZeroSizeNeverRotates() throws IOException {
        RotatingFileAppender truncating = appender(dir.resolve("t.log"), 500, 0);
        RotatingFileAppender growing = appender(dir.resolve("g.log"), 0, 5);
        for (int i = 0; i < 50; i++) {
            truncating.doAppend(event(Level.INFO, "t", paddedMessage(i)));
            growing.doAppend(event(Level.INFO, "t", paddedMessage(i)));
        }
        truncating.stop();
        growing.stop();
        assertThat(fileNames()).containsExactly("g.log", "t.log");
        assertThat(readJsonLines(dir.resolve("g.log"))).hasSize(50);
        assertThat(Files.size(dir.resolve("t.log"))).isLessThan(500);
    }

    @Test
    void appendsToAnExistingFileAndCountsItsSize() throws IOException {
        Path file = dir.resolve("app.log");
        Files.writeString(file, "{\"event\":\"from before\"}\n".repeat(20));
        RotatingFileAppender a = appender(file, 500, 2);
        a.doAppend(event(Level.INFO, "t", "after"));
        a.stop();
        assertThat(readJsonLines(dir.resolve("app.log.1"))).hasSize(20);
        assertThat(readJsonLines(file)).hasSize(1);
    }

    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        Path file = dir.resolve("app.log");
        RotatingFileAppender a = appender(file, 512 * 1024, 50);
        int threads = 8;
        int perThread = 2000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    // Lines of very different sizes so a torn write would show.
                    a.doAppend(event(Level.INFO, "t", "m", "thread", id, "i", i, "pad", "한".repeat(i % 200)));
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        a.stop();

        Map<Integer, List<Integer>> byThread = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.collect(Collectors.toList())) {
                for (JsonNode node : readJsonLines(f)) {
                    byThread.computeIfAbsent(node.get("thread").asInt(), k -> new ArrayList<>()).add(node.get("i").asInt());
                }
            }
        }
        assertThat(byThread).hasSize(threads);
        for (List<Integer> seq : byThread.values()) {
            assertThat(seq).hasSize(perThread).doesNotHaveDuplicates();
        }
        assertThat(a.droppedLines()).isZero();
    }

    @Test
    void virtualThreadsShareEncoderStateWithoutMixingLines() throws Exception {
        Path file = dir.resolve("app.log");
        RotatingFileAppender a = appender(file, 0, 0);
        // Compiled for Java 17: reach Java 21's virtual-thread executor reflectively.
        java.util.concurrent.ExecutorService virtual = (java.util.concurrent.ExecutorService)
                java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        int tasks = 500;
        int perTask = 20;
        List<java.util.concurrent.Future<Boolean>> done = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            int id = t;
            done.add(virtual.submit(() -> {
                for (int i = 0; i < perTask; i++) {
                    a.doAppend(event(Level.INFO, "t", "m", "task", id, "i", i, "pad", "é".repeat((id + i) % 97)));
                }
                return dev.plg.logging.internal.PerThread.isVirtual(Thread.currentThread());
            }));
        }
        for (java.util.concurrent.Future<Boolean> f : done) {
            assertThat(f.get()).isTrue();
        }
        virtual.shutdown();
        a.stop();
        List<JsonNode> lines = readJsonLines(file);
        assertThat(lines).hasSize(tasks * perTask);
        for (JsonNode n : lines) {
            assertThat(n.get("pad").asText()).hasSize((n.get("task").asInt() + n.get("i").asInt()) % 97);
        }
    }

    @Test
    void anUnwritableDirectoryDropsLinesWithoutThrowing() throws IOException {
        Path notADirectory = dir.resolve("occupied");
        Files.writeString(notADirectory, "a file where the log directory should be");
        RotatingFileAppender a = appender(notADirectory.resolve("app.log"), 1000, 5);
        assertThat(a.isStarted()).isTrue();
        for (int i = 0; i < 10; i++) {
            a.doAppend(event(Level.ERROR, "t", "nowhere to go"));
        }
        a.stop();
        assertThat(a.droppedLines()).isEqualTo(10);
        List<Status> errors = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.ERROR).collect(Collectors.toList());
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).getMessage()).contains("cannot open").contains("app.log");
    }

    @Test
    void aFullDiskDropsLinesWithoutThrowing() {
        Path full = Path.of("/dev/full");
        assumeThat(Files.isWritable(full)).as("/dev/full exists").isTrue();
        RotatingFileAppender a = appender(full, 0, 0);
        for (int i = 0; i < 5; i++) {
            a.doAppend(event(Level.ERROR, "t", "disk is full"));
        }
        a.stop();
        assertThat(a.droppedLines()).isEqualTo(5);
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anyMatch(s -> s.getLevel() == Status.ERROR && s.getMessage().contains("cannot write"));
    }

    @Test
    void anAppenderWithoutFileOrEncoderDoesNotStart() {
        RotatingFileAppender a = new RotatingFileAppender();
        a.setContext(context);
        a.start();
        assertThat(a.isStarted()).isFalse();
        a.doAppend(event(Level.INFO, "t", "ignored"));
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
