package dev.plg.alerting.notify;

/** A failed delivery; {@link #retryable()} when the receiver may accept it later (5xx, 429, network errors). */
public final class NotifyException extends Exception {
    private final boolean retryable;

    public NotifyException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public NotifyException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
