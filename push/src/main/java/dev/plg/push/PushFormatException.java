package dev.plg.push;

import static java.util.Objects.requireNonNull;

/**
 * A push body that cannot be decoded: bad content encoding, corrupt compression, malformed JSON or
 * protobuf, unparsable label text.
 *
 * <p>{@link #getMessage()} is the text real Loki 3.4.2 answers for the same input (or as close as
 * we can reproduce it), with no prefix added, so the HTTP layer can send it verbatim as the body of
 * a {@code 400 Bad Request} ({@code text/plain}). Always a client error: the request is refused as a
 * whole and retrying it unchanged will fail again.
 */
public final class PushFormatException extends RuntimeException {
    public PushFormatException(String message) {
        super(requireNonNull(message, "message is null"));
    }

    public PushFormatException(String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
    }
}
