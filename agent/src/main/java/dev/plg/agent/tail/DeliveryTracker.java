package dev.plg.agent.tail;

import dev.plg.agent.model.Ack;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Tracks which byte ranges of one file have been delivered. Each read chunk becomes a {@link Delivery}
 * (an {@link Ack} shared by the chunk's entries); the acknowledged offset advances to the end of the
 * longest prefix of chunks whose references are all released, and {@code onAdvance} is told.
 * Thread-safe: chunks are opened by the tailer thread and released by any thread.
 */
public final class DeliveryTracker {
    private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    private long acked;
    private LongConsumer onAdvance;
    private Runnable whenDrained;

    public DeliveryTracker(long startOffset, LongConsumer onAdvance) {
        this.acked = startOffset;
        this.onAdvance = onAdvance;
    }

    /** Opens a chunk ending at {@code endOffset} with {@code refs} references (one per entry). */
    public synchronized Delivery open(long endOffset, int refs) {
        Delivery d = new Delivery(this, endOffset, refs);
        if (refs == 0) {
            d.done = true;
        }
        pending.addLast(d);
        advance();
        return d;
    }

    public synchronized long acked() {
        return acked;
    }

    public synchronized boolean allAcked() {
        return pending.isEmpty();
    }

    public synchronized int pendingChunks() {
        return pending.size();
    }

    /** Redirects position updates (used when the file was renamed by rotation). */
    public synchronized void setOnAdvance(LongConsumer c) {
        this.onAdvance = c;
    }

    /**
     * Runs {@code r} once every opened chunk is acknowledged (immediately if that is already so); no
     * more chunks may be opened afterwards. Used to forget the position of a rotated-away file.
     */
    public synchronized void onDrained(Runnable r) {
        if (pending.isEmpty()) {
            r.run();
        } else {
            whenDrained = r;
        }
    }

    synchronized void completed(Delivery d) {
        d.done = true;
        advance();
    }

    private void advance() {
        boolean moved = false;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            acked = pending.pollFirst().end;
            moved = true;
        }
        if (moved && onAdvance != null) {
            onAdvance.accept(acked);
        }
        if (moved && pending.isEmpty() && whenDrained != null) {
            Runnable r = whenDrained;
            whenDrained = null;
            r.run();
        }
    }

    /** One chunk of lines. */
    public static final class Delivery implements Ack {
        private final DeliveryTracker tracker;
        final long end;
        private final AtomicInteger refs;
        volatile boolean done;

        Delivery(DeliveryTracker tracker, long end, int refs) {
            this.tracker = tracker;
            this.end = end;
            this.refs = new AtomicInteger(refs);
        }

        @Override
        public void retain(int n) {
            refs.addAndGet(n);
        }

        @Override
        public void release() {
            release(1);
        }

        @Override
        public void release(int n) {
            int left = refs.addAndGet(-n);
            if (left == 0) {
                tracker.completed(this);
            } else if (left < 0) {
                throw new IllegalStateException("delivery released more often than retained (end offset " + end + ")");
            }
        }
    }
}
