package dev.plg.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnappyTest {
    /** Push-sized protobuf bodies of varied lines, as Promtail and Alloy send them. */
    private static List<byte[]> bodies(int count) {
        Random rnd = new Random(7);
        List<byte[]> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            List<PushEntry> entries = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                entries.add(new PushEntry(1_767_225_600_000_000_000L + i, "{\"level\":\"info\",\"request_id\":\"req-" + Long.toHexString(rnd.nextLong())
                        + "\",\"user_id\":\"user-" + rnd.nextInt(50_000) + "\",\"event\":\"계정 잠김\",\"n\":" + rnd.nextInt() + "}"));
            }
            out.add(PushProtobuf.encode(new PushRequest(List.of(new PushStream(List.of(new LabelPair("app", "a" + b)), entries)))));
        }
        return out;
    }

    @Test
    void roundTrip() {
        for (byte[] raw : bodies(3)) {
            assertThat(Snappy.decompress(Snappy.compress(raw), Integer.MAX_VALUE - 8)).isEqualTo(raw);
        }
    }

    /** Pushes are decoded on many request threads at once; each must get its own body back. */
    @Test
    void concurrentBodiesAllDecode() throws Exception {
        List<byte[]> raws = bodies(40);
        List<byte[]> compressed = raws.stream().map(Snappy::compress).toList();
        AtomicInteger wrong = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 7;
                workers.add(pool.submit(() -> {
                    for (int round = 0; round < 15; round++) {
                        for (int i = 0; i < raws.size(); i++) {
                            int k = (i + offset) % raws.size();
                            try {
                                if (!java.util.Arrays.equals(Snappy.decompress(compressed.get(k), Integer.MAX_VALUE - 8), raws.get(k))) {
                                    wrong.incrementAndGet();
                                }
                            } catch (PushFormatException e) {
                                wrong.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
        assertThat(wrong).as("bodies not decoded or decoded wrong, of %d", 4 * 15 * raws.size()).hasValue(0);
    }
}
