package dev.plg.server.e2e;

/**
 * Writes lines {@code from..to-1} of a {@link SeedApp} on its own thread, a few lines per
 * millisecond (an app under load, not a bulk copy), and can be paused at a line boundary.
 */
final class PacedWriter {
    private final Thread thread;
    private volatile int written;
    private boolean pauseRequested;
    private boolean parked;

    PacedWriter(SeedApp app, int from, int to) {
        written = from;
        thread = Thread.ofPlatform().name("seed-app-writer").start(() -> {
            for (int i = from; i < to; i++) {
                app.log(i);
                written = i + 1;
                if (i % 10 == 9) {
                    try {
                        Thread.sleep(2);
                        waitWhilePaused();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
    }

    private synchronized void waitWhilePaused() throws InterruptedException {
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
