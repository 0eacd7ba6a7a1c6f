package dev.plg.logql;

/** A valid query using a feature Loki 3.4.2 has disabled by default (Loki answers HTTP 500 for these). */
public final class UnsupportedFeatureException extends LogQLException {
    public UnsupportedFeatureException(String message) {
        super(message);
    }
}
