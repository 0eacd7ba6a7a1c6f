package dev.plg.store.io;

/** Stored bytes do not decode: a damaged or foreign file. The message names what and where. */
public class CorruptDataException extends RuntimeException {
    public CorruptDataException(String message) {
        super(message);
    }

    public CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
