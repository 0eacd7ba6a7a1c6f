package dev.plg.query;

import static java.util.Objects.requireNonNull;

/**
 * A query that cannot be answered. The message is Loki's wire text where Grafana shows it
 * verbatim; the {@link Category} decides the HTTP status in one place ({@link #httpStatus()}).
 */
public final class QueryException extends RuntimeException {
    /** Who is to blame, and so which HTTP status the server answers with. */
    public enum Category {
        /** Bad query or parameters (400). */
        USER(400),
        /** A limit the operator set was hit, e.g. too many series (400 in Loki, which reports limits as bad data). */
        LIMIT(400),
        /** The server is overloaded (429). */
        RESOURCE(429),
        /** The client went away (499). */
        CANCELED(499),
        /** The query ran past its timeout (504). */
        TIMEOUT(504),
        /** Anything else; also Loki's answer for vector matching errors (500). */
        INTERNAL(500);

        private final int httpStatus;

        Category(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    /** Loki's timeout text (HTTP 504). */
    public static final String TIMEOUT_MESSAGE = "Request timed out, decrease the duration of the request or add more label"
            + " matchers (prefer exact match over regex match) to reduce the amount of data processed.";

    private final Category category;

    public QueryException(Category category, String message) {
        super(requireNonNull(message, "message is null"));
        this.category = requireNonNull(category, "category is null");
    }

    public QueryException(Category category, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.category = requireNonNull(category, "category is null");
    }

    public static QueryException user(String message) {
        return new QueryException(Category.USER, message);
    }

    public static QueryException internal(String message) {
        return new QueryException(Category.INTERNAL, message);
    }

    public Category category() {
        return category;
    }

    public int httpStatus() {
        return category.httpStatus();
    }
}
