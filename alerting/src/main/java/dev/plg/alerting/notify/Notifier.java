package dev.plg.alerting.notify;

/**
 * Sends one notification to one integration. Called from that integration's delivery thread only
 * (one call at a time); must not retry by itself (the {@link DeliveryQueue} does) and must throw
 * {@link NotifyException} on any failure.
 */
public interface Notifier {
    void send(Notification notification) throws NotifyException;

    /** Whether this integration must be re-sent every group interval (Alertmanager's API expires alerts). */
    default boolean resendEveryInterval() {
        return false;
    }
}
