package dev.plg.agent.model;

/**
 * Delivery acknowledgement carried by every {@link LogEntry}: the file tailer advances a file's saved
 * position only when all references to the lines before it have been released.
 *
 * <p>Ownership rule: an entry handed to a {@link LogsReceiver} carries exactly one reference. The
 * receiver must call {@link #release()} exactly once when it is done with the entry (the store
 * acknowledged it with 2xx, a stage dropped it on purpose, a 4xx made the batch undeliverable), or hand
 * the entry on (forwarding to N receivers needs {@code retain(N - 1)} first). A reference that is never
 * released keeps the position behind the line, so it is re-read after a restart: at least once.
 * Implementations are thread-safe.
 */
public interface Ack {
    /** Adds {@code n} references. */
    void retain(int n);

    /** Drops one reference. */
    void release();

    /** Drops {@code n} references (as {@code n} calls of {@link #release()}). */
    default void release(int n) {
        for (int i = 0; i < n; i++) {
            release();
        }
    }

    /** For entries not backed by a file (API pushes, agent logs): nothing to track. */
    Ack NONE = new Ack() {
        @Override
        public void retain(int n) {
        }

        @Override
        public void release() {
        }

        @Override
        public void release(int n) {
        }

        @Override
        public String toString() {
            return "Ack.NONE";
        }
    };

    /** An ack that releases all {@code parts} (entries merged by {@code stage.multiline}). */
    static Ack all(java.util.List<Ack> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        java.util.List<Ack> copy = java.util.List.copyOf(parts);
        return new Ack() {
            @Override
            public void retain(int n) {
                for (Ack a : copy) {
                    a.retain(n);
                }
            }

            @Override
            public void release() {
                for (Ack a : copy) {
                    a.release();
                }
            }
        };
    }
}
