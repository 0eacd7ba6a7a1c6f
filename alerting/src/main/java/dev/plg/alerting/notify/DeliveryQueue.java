package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One integration's outbox: a bounded queue drained by one virtual thread that sends, retries with
 * backoff, and reports the outcome. Evaluation and dispatch only ever {@link #offer} (never
 * block), so a receiver that is down cannot slow the ruler; when the queue is full the new
 * notification is dropped (and re-created by the next flush). {@link #close()} stops the thread.
 */
public final class DeliveryQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);
    /** Enough for every group of a busy receiver; a full queue means the receiver has been down for long. */
    static final int CAPACITY = 1000;

    /** A notification and what to do once it has been delivered or given up. */
    public record Job(Notification notification, Runnable onSuccess, Runnable onGiveUp) {
    }

    private final String name;
    private final Notifier notifier;
    private final RetryPolicy retry;
    private final NotificationLog log;
    private final InstantSource clock;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread worker;
    private volatile boolean closed;

    public DeliveryQueue(String name, Notifier notifier, RetryPolicy retry, NotificationLog log, InstantSource clock) {
        this.name = requireNonNull(name, "name is null");
        this.notifier = requireNonNull(notifier, "notifier is null");
        this.retry = requireNonNull(retry, "retry is null");
        this.log = requireNonNull(log, "log is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.worker = Thread.ofVirtual().name("plg-notify-" + name).start(this::run);
    }

    public Notifier notifier() {
        return notifier;
    }

    /** Queues without blocking; false (and the job's give-up action run) when full or closed. */
    public boolean offer(Job job) {
        if (closed || !queue.offer(job)) {
            LOG.warn("notification queue of {} is full; dropping a notification for {}", name, job.notification().groupKey());
            job.onGiveUp().run();
            return false;
        }
        return true;
    }

    private void run() {
        while (!closed) {
            Job job;
            try {
                job = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job != null) {
                deliver(job);
            }
        }
    }

    private void deliver(Job job) {
        Notification n = job.notification();
        String error = "";
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                notifier.send(n);
                error = "";
                break;
            } catch (NotifyException e) {
                error = e.getMessage();
                if (!e.retryable() || attempt >= retry.maxAttempts() || closed) {
                    LOG.warn("notification to {} for {} failed after {} attempt(s): {}", name, n.groupKey(), attempt, error);
                    break;
                }
                Duration wait = retry.backoff(attempt);
                LOG.info("notification to {} failed (attempt {}), retrying in {}: {}", name, attempt, wait, error);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    break;
                }
            } catch (RuntimeException e) {
                error = e.toString();
                LOG.warn("notification to {} failed", name, e);
                break;
            }
        }
        log.delivered(new NotificationLog.Delivery(clock.instant(), n.receiver(), name, n.groupKey(), n.status(),
                n.alerts().size(), attempt, error), n.alerts());
        try {
            (error.isEmpty() ? job.onSuccess() : job.onGiveUp()).run();
        } catch (RuntimeException e) {
            LOG.warn("notification callback of {} failed", name, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
