package dev.plg.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadSizingTest {
    private static final int TARGET = 1 << 20;

    private static byte[] line(int i) {
        return ("{\"level\":\"info\",\"i\":" + i + ",\"msg\":\"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Appends lines until the next would pass {@code limit} bytes, as the store cuts heads. */
    private static Head fill(Head h, int limit) {
        for (int i = h.count; ; i++) {
            byte[] l = line(i);
            if (h.bytes + l.length > limit) {
                return h;
            }
            assertThat(h.append(i, l, List.of(), i + 1, 0)).isTrue();
        }
    }

    @Test
    void aNewStreamsHeadHoldsNoLineMemoryUntilItsFirstLine() {
        Head h = new Head();
        assertThat(h.lineCapacity()).isZero();
        h.append(1, line(1), List.of(), 1, 0);
        assertThat(h.lineCapacity()).isEqualTo(4096);
    }

    @Test
    void afterAFullHeadTheNextJumpsToTheBlockSizeOnceItsFirstSmallArrayIsFull() {
        Head full = fill(new Head(), TARGET);
        Head next = Head.after(full, TARGET);
        next.append(0, line(0), List.of(), 1, 0);
        assertThat(next.lineCapacity()).as("a line or two stay in a small array").isEqualTo(4096);

        Head filled = fill(next, TARGET);
        assertThat(filled.lineCapacity()).as("one jump, no growth past the target").isEqualTo(TARGET);
        assertThat(filled.count).isEqualTo(full.count);
        Head.Snapshot s = filled.snapshot();
        for (int i = 0; i < s.count(); i++) {
            assertThat(java.util.Arrays.copyOfRange(s.lines(), s.lineStart(i), s.lineEnds()[i])).as("line %d", i).isEqualTo(line(i));
        }
    }

    @Test
    void aHeadCutSmallGivesNoExpectation() {
        Head small = fill(new Head(), TARGET / 4);
        Head next = fill(Head.after(small, TARGET), TARGET / 4);
        assertThat(next.lineCapacity()).isLessThan(TARGET / 2);
    }

    @Test
    void growthIsByHalfWithoutAnExpectationAndNeverBelowWhatIsNeeded() {
        assertThat(Head.grownCapacity(0, 10, 0)).isEqualTo(4096);
        assertThat(Head.grownCapacity(4096, 4100, 0)).isEqualTo(6144);
        assertThat(Head.grownCapacity(4096, 100_000, 0)).isEqualTo(100_000);
        assertThat(Head.grownCapacity(4096, 4100, TARGET)).isEqualTo(TARGET);
        assertThat(Head.grownCapacity(4096, TARGET + 1, TARGET)).isEqualTo(TARGET + 1);
    }
}
