package dev.plg.store.tools;

import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import dev.plg.store.Limits;
import dev.plg.store.LogStore;
import dev.plg.store.PushResult;
import dev.plg.store.StoreConfig;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process for the crash test: pushes from several threads until killed, and after every push
 * answered OK appends the acknowledged lines to {@code <ackDir>/<thread>.ack} with a plain
 * {@code write} (it reaches the kernel, so it survives SIGKILL of this process).
 *
 * <p>Usage: {@code PushWorker <dataDir> <ackDir> <threads> <run>}; {@code run} makes lines unique
 * across runs.
 */
public final class PushWorker {
    private PushWorker() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path acks = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        String run = args[3];
        StoreConfig config = StoreConfig.defaults(data).withBlockTargetBytes(16 << 10).withWalSegmentBytes(64 << 10);
        LogStore store = LogStore.open(config, Limits.defaults().toBuilder().ingestionRateMb(1024).ingestionBurstSizeMb(1024).build());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().start(() -> run(store, acks, thread, run)));
        }
        System.out.println("started");
        System.out.flush();
        for (Thread w : workers) {
            w.join();
        }
    }

    private static void run(LogStore store, Path acks, int thread, String run) {
        try (FileOutputStream ack = new FileOutputStream(acks.resolve(thread + ".ack").toFile(), true)) {
            List<LabelPair> labels = List.of(new LabelPair("app", "crash"), new LabelPair("thread", "t" + (thread % 3)));
            for (long seq = 0; ; seq++) {
                long now = System.currentTimeMillis() * 1_000_000L;
                List<PushEntry> entries = new ArrayList<>();
                StringBuilder acked = new StringBuilder();
                for (int i = 0; i < 5; i++) {
                    String line = "{\"run\": " + run + ", \"thread\": " + thread + ", \"seq\": " + seq + ", \"i\": " + i + ", \"pad\": \"" + "x".repeat(100) + "\"}";
                    entries.add(new PushEntry(now + i, line));
                    acked.append(line).append('\n');
                }
                PushResult r = store.push("fake", new PushRequest(List.of(new PushStream(labels, entries))));
                if (r.category() != PushResult.Category.OK) {
                    throw new IllegalStateException("push refused: " + r.message());
                }
                ack.write(acked.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(3);
        }
    }
}
