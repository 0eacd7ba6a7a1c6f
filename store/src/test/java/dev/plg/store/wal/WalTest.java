package dev.plg.store.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
    @TempDir
    Path dir;

    private final List<String> replayed = new ArrayList<>();

    private Wal open() throws Exception {
        return Wal.open(dir, 1 << 20, 0, (seq, payload) -> replayed.add(seq + ":" + new String(payload, StandardCharsets.UTF_8)));
    }

    private static void write(Wal wal, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        wal.awaitDurable(wal.append(b, b.length));
    }

    /** The first segment (the one holding the records written in the first session). */
    private Path onlySegment() throws Exception {
        try (var s = Files.list(dir)) {
            return s.sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void replaysEveryRecordInOrderAfterReopen() throws Exception {
        try (Wal wal = open()) {
            write(wal, "one");
            write(wal, "two");
        }
        try (Wal wal = open()) {
            assertThat(replayed).containsExactly("1:one", "2:two");
            write(wal, "three");
        }
        replayed.clear();
        try (Wal wal = open()) {
            assertThat(replayed).containsExactly("1:one", "2:two", "3:three");
            assertThat(wal.lastSequence()).isEqualTo(3);
        }
    }

    @Test
    void tornTailIsTruncatedAtTheLastGoodRecord() throws Exception {
        try (Wal wal = open()) {
            write(wal, "one");
            write(wal, "two");
        }
        Path seg = onlySegment();
        long good = Files.size(seg);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(good);
            f.write(new byte[] {0, 0, 0, 50, 1, 2, 3}); // a record header cut short by a crash
        }
        try (Wal wal = open()) {
            assertThat(replayed).containsExactly("1:one", "2:two");
        }
        assertThat(Files.size(seg)).isEqualTo(good);
    }

    @Test
    void corruptRecordEndsTheSegment() throws Exception {
        try (Wal wal = open()) {
            write(wal, "one");
            write(wal, "two");
        }
        Path seg = onlySegment();
        long secondRecord = 6 + 16 + 3;
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(secondRecord + 16);
            f.write('X'); // payload byte flipped: checksum mismatch
        }
        try (Wal wal = open()) {
            assertThat(replayed).containsExactly("1:one");
            write(wal, "after");
        }
        assertThat(Files.size(seg)).isEqualTo(secondRecord);
        replayed.clear();
        try (Wal wal = open()) {
            assertThat(replayed).containsExactly("1:one", "2:after");
        }
    }

    @Test
    void groupCommitCoversConcurrentAppends() throws Exception {
        try (Wal wal = open(); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                fs.add(pool.submit(() -> write(wal, "r" + n)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            long[] stats = wal.stats();
            assertThat(stats[2]).isEqualTo(200);
            assertThat(stats[1]).as("fsyncs").isLessThanOrEqualTo(200);
        }
        try (Wal wal = open()) {
            assertThat(replayed).hasSize(200);
        }
    }

    @Test
    void trimDeletesClosedSegmentsBelowTheNeededSequence() throws Exception {
        try (Wal wal = Wal.open(dir, 4096, 0, (s, p) -> {})) {
            byte[] big = new byte[3000];
            for (int i = 0; i < 5; i++) {
                wal.awaitDurable(wal.append(big, big.length));
            }
            long before = wal.stats()[3];
            assertThat(before).isGreaterThan(2);
            wal.trimBefore(5);
            assertThat(wal.stats()[3]).isLessThan(before);
        }
        List<Long> seqs = new ArrayList<>();
        try (Wal wal = Wal.open(dir, 4096, 0, (s, p) -> seqs.add(s))) {
            assertThat(seqs).contains(5L).doesNotContain(1L);
        }
    }
}
