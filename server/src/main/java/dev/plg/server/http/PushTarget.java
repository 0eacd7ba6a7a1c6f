package dev.plg.server.http;

import dev.plg.push.PushRequest;

/**
 * Where the push endpoint hands a decoded request (the store's ingest). Thread-safe; returns only
 * after accepted entries are durable.
 */
@FunctionalInterface
public interface PushTarget {
    /**
     * Stores what is valid of {@code request} for {@code tenant}.
     *
     * @return {@link PushOutcome#OK} or the status and Loki's text for what was refused
     *     (valid entries of a partly bad request are stored anyway)
     */
    PushOutcome push(String tenant, PushRequest request);

    /** The answer of a push: 204, or a status with Loki's plain-text message. */
    record PushOutcome(int status, String message) {
        public static final PushOutcome OK = new PushOutcome(204, "");

        public PushOutcome {
            java.util.Objects.requireNonNull(message, "message is null");
        }
    }
}
