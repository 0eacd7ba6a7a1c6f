package dev.plg.alerting;

/** Prometheus' alert states; a resolved alert is {@link #INACTIVE} with a resolve time. */
public enum AlertState {
    INACTIVE, PENDING, FIRING;

    /** The wire form: {@code inactive}, {@code pending}, {@code firing}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
