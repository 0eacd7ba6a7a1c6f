package dev.plg.server.http;

import java.util.concurrent.Semaphore;

/**
 * Bounds the memory that pushes being read, decoded and stored hold at the same time. HTTP
 * requests run on virtual threads, so without a bound any number of large pushes would be read
 * at once: 16 concurrent 2.8 MB pushes ran the default 176 MiB heap out of memory. A push first
 * takes permits for what its body will cost (its length; four times that when compressed, since
 * it grows when decoded), waits while others hold the budget (the client sees a slower answer,
 * as from Loki under load), and gives them back when answered. A body larger than the whole
 * budget takes the whole budget, so it runs alone rather than never.
 */
final class PushAdmission {
    /** Cost assumed for a body without Content-Length (chunked). */
    static final int UNKNOWN_LENGTH_COST = 1 << 20;
    private static final int MIN_COST = 64 << 10;

    private final int budget;
    private final Semaphore permits;

    PushAdmission(int budgetBytes) {
        if (budgetBytes < MIN_COST) {
            throw new IllegalArgumentException("push memory budget must be >= " + MIN_COST + " bytes, got " + budgetBytes);
        }
        this.budget = budgetBytes;
        this.permits = new Semaphore(budgetBytes, true);
    }

    /**
     * A budget of a twelfth of the heap: a push's working set is about three times its decoded
     * body (body, entries, WAL record), so pushes in flight stay near a quarter of the heap,
     * beside the store's bounded heads.
     */
    static PushAdmission forHeap(long maxHeapBytes) {
        long b = Math.clamp(maxHeapBytes / 12, 4L << 20, 256L << 20);
        return new PushAdmission((int) b);
    }

    int budget() {
        return budget;
    }

    int available() {
        return permits.availablePermits();
    }

    /** Permits a body of {@code declaredLength} bytes (-1 when unknown) costs. */
    int cost(long declaredLength, boolean compressed) {
        long c = declaredLength < 0 ? UNKNOWN_LENGTH_COST : declaredLength;
        if (compressed) {
            c *= 4;
        }
        return (int) Math.min(Math.max(c, MIN_COST), budget);
    }

    /** Waits for {@code cost} permits; close the ticket when the push is answered. */
    Ticket admit(int cost) throws InterruptedException {
        permits.acquire(cost);
        return new Ticket(cost);
    }

    final class Ticket implements AutoCloseable {
        private final int cost;
        private boolean released;

        private Ticket(int cost) {
            this.cost = cost;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                permits.release(cost);
            }
        }
    }
}
