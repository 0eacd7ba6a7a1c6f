package dev.plg.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link LogStore#push} did with a request.
 *
 * @param accepted entries stored (or already present: an identical entry counts as accepted)
 * @param errors Loki-worded reasons for refused entries or streams, one per problem, in request
 *     order; empty when everything was accepted
 * @param category how the server answers (see {@link Category#httpStatus()})
 */
public record PushResult(int accepted, List<String> errors, Category category) {

    /** The HTTP-level outcome, mapped to a status code in one place. */
    public enum Category {
        /** Everything accepted: 204. */
        OK(204),
        /** Some or all entries invalid; the valid ones are stored: 400 with {@link #message()}. */
        BAD_REQUEST(400),
        /** Tenant or stream over its rate (or stream) limit; nothing of the refused part stored: 429. */
        RATE_LIMITED(429),
        /** Request larger than the store accepts in one push: 413. */
        TOO_LARGE(413);

        private final int httpStatus;

        Category(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    public PushResult {
        requireNonNull(errors, "errors is null");
        requireNonNull(category, "category is null");
        errors = List.copyOf(errors);
        if (accepted < 0) {
            throw new IllegalArgumentException("accepted must be >= 0, got " + accepted);
        }
        if (category == Category.OK && !errors.isEmpty()) {
            throw new IllegalArgumentException("an OK result has no errors, got " + errors);
        }
    }

    public static PushResult ok(int accepted) {
        return new PushResult(accepted, List.of(), Category.OK);
    }

    /**
     * The response body text, grouped as Loki's distributor groups validation errors
     * ({@code util.GroupedErrors}): a single error as is; otherwise each distinct text once,
     * prefixed with {@code "<n> errors like: "} and joined with {@code "; "} (first-seen order).
     */
    public String message() {
        java.util.LinkedHashMap<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String e : errors) {
            counts.merge(e, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        for (java.util.Map.Entry<String, Integer> e : counts.entrySet()) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            if (counts.size() > 1 || e.getValue() > 1) {
                out.append(e.getValue()).append(" errors like: ");
            }
            out.append(e.getKey());
        }
        return out.toString();
    }
}
