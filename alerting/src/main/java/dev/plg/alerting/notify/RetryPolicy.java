package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a delivery is retried when the receiver is down: exponential backoff from
 * {@code initialBackoff}, doubling up to {@code maxBackoff}, at most {@code maxAttempts} tries.
 * A notification that still fails is dropped from the queue and tried again at the group's next
 * flush (its notification log entry is only written on success).
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {
    /** 1s, 2s, 4s, ... 30s: about two minutes of retries, less than Grafana's default group interval (5m). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 8);

    public RetryPolicy {
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + ", " + maxBackoff);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
    }

    /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration backoff(int attempt) {
        long ms = initialBackoff.toMillis();
        for (int i = 1; i < attempt && ms < maxBackoff.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
