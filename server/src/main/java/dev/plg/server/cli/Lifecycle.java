package dev.plg.server.cli;

import java.util.concurrent.CountDownLatch;

/** Blocks the main thread until Ctrl-C / SIGTERM, then runs {@code stop} once before the JVM exits. */
final class Lifecycle {
    private Lifecycle() {
    }

    static void runUntilSignalled(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("plg: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "plg-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
    }
}
