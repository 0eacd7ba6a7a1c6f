package dev.plg.logql;

/**
 * A LogQL error whose {@link #getMessage()} is exactly the text Loki 3.4.2 returns (Grafana shows it verbatim).
 * Extends {@link IllegalArgumentException}: every LogQL error is a user error (HTTP 400).
 */
public class LogQLException extends IllegalArgumentException {
    public LogQLException(String message) {
        super(message);
    }

    public LogQLException(String message, Throwable cause) {
        super(message, cause);
    }
}
