package dev.plg.logging.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * An encoder that can write one complete line (ending in {@code \n}) into a caller-owned buffer,
 * so an appender can write it without the extra {@code byte[]} copy of {@code Encoder.encode}.
 *
 * <p>Implementations are thread-safe: any number of threads may encode at once.
 */
public interface LineEncoder {
    /** Appends the encoded line for {@code event} to {@code out}. Must not throw for any event. */
    void encodeTo(ILoggingEvent event, JsonBuffer out);

    /**
     * Encodes {@code event} and passes the line to {@code sink}; the array is only valid during
     * the call. The default encodes into a fresh buffer.
     */
    default void encode(ILoggingEvent event, Sink sink) {
        JsonBuffer b = new JsonBuffer(256);
        encodeTo(event, b);
        sink.write(b.array(), b.length());
    }

    /** Receives one encoded line; must not keep {@code bytes} after returning. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] bytes, int length);
    }
}
