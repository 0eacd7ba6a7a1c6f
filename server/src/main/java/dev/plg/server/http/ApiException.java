package dev.plg.server.http;

import static java.util.Objects.requireNonNull;

/**
 * A request that is answered with an error: the HTTP status and the plain-text body, which is
 * Loki's wire text wherever Grafana or a client reads it.
 */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(requireNonNull(message, "message is null"));
        this.status = status;
    }

    public ApiException(int status, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.status = status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public int status() {
        return status;
    }
}
