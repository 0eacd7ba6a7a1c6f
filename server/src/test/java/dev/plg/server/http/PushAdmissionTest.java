package dev.plg.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PushAdmissionTest {
    private static final int MIB = 1 << 20;

    @Test
    void costIsTheBodyLengthFourTimesWhenCompressedAtLeast64KiBAndAtMostTheBudget() {
        PushAdmission a = new PushAdmission(16 * MIB);
        assertThat(a.cost(3 * MIB, false)).isEqualTo(3 * MIB);
        assertThat(a.cost(3 * MIB, true)).isEqualTo(12 * MIB);
        assertThat(a.cost(100, false)).isEqualTo(64 << 10);
        assertThat(a.cost(-1, false)).isEqualTo(PushAdmission.UNKNOWN_LENGTH_COST);
        assertThat(a.cost(100L * MIB, false)).as("a body over the budget runs alone, not never").isEqualTo(16 * MIB);
    }

    @Test
    void budgetIsATwelfthOfTheHeapWithinBounds() {
        assertThat(PushAdmission.forHeap(176L * MIB).budget()).isEqualTo(176 * MIB / 12);
        assertThat(PushAdmission.forHeap(16L * MIB).budget()).isEqualTo(4 * MIB);
        assertThat(PushAdmission.forHeap(64L << 30).budget()).isEqualTo(256 * MIB);
        assertThatThrownBy(() -> new PushAdmission(1000)).hasMessageContaining("push memory budget");
    }

    /** Real threads push through the gate; the bytes admitted at once never pass the budget. */
    @Test
    void concurrentPushesNeverHoldMoreThanTheBudgetAndAllGetThrough() throws Exception {
        PushAdmission a = new PushAdmission(8 * MIB);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int pushers = 24;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < pushers; i++) {
            int size = (1 + i % 5) * MIB;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    int cost = a.cost(size, false);
                    try (PushAdmission.Ticket t = a.admit(cost)) {
                        int now = held.addAndGet(cost);
                        peak.accumulateAndGet(now, Math::max);
                        Thread.sleep(2);
                        held.addAndGet(-cost);
                    }
                    done.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            assertThat(t.join(java.time.Duration.ofSeconds(30))).isTrue();
        }
        assertThat(done.get()).isEqualTo(pushers);
        assertThat(peak.get()).isLessThanOrEqualTo(8 * MIB).isGreaterThan(5 * MIB);
        assertThat(a.available()).as("every permit returned").isEqualTo(8 * MIB);
    }

    @Test
    void aWaitingPushGoesOnWhenTheHolderAnswers() throws Exception {
        PushAdmission a = new PushAdmission(4 * MIB);
        PushAdmission.Ticket first = a.admit(4 * MIB);
        CountDownLatch admitted = new CountDownLatch(1);
        Thread second = Thread.ofVirtual().start(() -> {
            try (PushAdmission.Ticket t = a.admit(MIB)) {
                admitted.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(admitted.await(200, TimeUnit.MILLISECONDS)).as("waits while the budget is held").isFalse();
        first.close();
        first.close(); // closing twice gives back nothing more
        assertThat(admitted.await(10, TimeUnit.SECONDS)).isTrue();
        second.join();
        assertThat(a.available()).isEqualTo(4 * MIB);
    }
}
