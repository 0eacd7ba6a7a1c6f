package dev.plg.server.e2e;

/**
 * Writes lines {@code from..to-1} of a {@link SeedApp} on its own thread, {@code linesPer2ms} lines
 * every 2 ms (an app under load, not a bulk copy); it can be paused at a line boundary, and while
 * paused the caller can write a burst of the next lines itself.
 */
final class PacedWriter {
    private final SeedApp app;
    private final int to;
    private final Thread thread;
    private int next;
    private volatile int written;
    private boolean pauseRequested;
    private boolean parked;

    PacedWriter(SeedApp app, int from, int to) {
        this(app, from, to, 10);
    }

    PacedWriter(SeedApp app, int from, int to, int linesPer2ms) {
        this.app = app;
        this.to = to;
        this.next = from;
        this.written = from;
        thread = Thread.ofPlatform().name("seed-app-writer").start(() -> {
            try {
                while (true) {
                    int i;
                    synchronized (this) {
                        waitWhilePaused();
                        if (next >= to) {
                            return;
                        }
                        i = next++;
                    }
                    app.log(i);
                    written = i + 1;
                    if (i % linesPer2ms == linesPer2ms - 1) {
                        Thread.sleep(2);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void waitWhilePaused() throws InterruptedException {
        while (pauseRequested) {
            parked = true;
            notifyAll();
            wait();
        }
        parked = false;
    }

    /** Blocks until the writer stopped between two lines (or finished). */
    synchronized void pause() throws InterruptedException {
        pauseRequested = true;
        while (!parked && thread.isAlive()) {
            wait(10);
        }
    }

    /** While paused: writes the next {@code n} lines on the calling thread, at once. */
    synchronized void burst(int n) {
        if (!pauseRequested) {
            throw new IllegalStateException("burst needs the writer paused");
        }
        for (int k = 0; k < n && next < to; k++) {
            app.log(next++);
        }
        written = next;
    }

    synchronized void resume() {
        pauseRequested = false;
        notifyAll();
    }

    /** Lines written so far (the next sequence number). */
    int written() {
        return written;
    }

    void join() throws InterruptedException {
        thread.join();
    }
}
