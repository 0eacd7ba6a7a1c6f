package dev.plg.store.ingest;

/**
 * A token bucket as Go's {@code rate.Limiter.AllowN}: {@code rate} tokens (bytes) per second,
 * at most {@code burst} stored; a request for more than {@code burst} never passes. A rate of 0
 * means unlimited. Thread-safe (synchronized; one call per push, not per entry).
 */
public final class TokenBucket {
    private final double ratePerNano;
    private final long burst;
    private final boolean unlimited;
    private double tokens;
    private long lastNanos;

    public TokenBucket(long ratePerSecond, long burst, long nowNanos) {
        this.unlimited = ratePerSecond <= 0;
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    public synchronized boolean tryAcquire(long n, long nowNanos) {
        if (unlimited) {
            return true;
        }
        if (nowNanos > lastNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * ratePerNano);
            lastNanos = nowNanos;
        }
        if (n > tokens) {
            return false;
        }
        tokens -= n;
        return true;
    }
}
