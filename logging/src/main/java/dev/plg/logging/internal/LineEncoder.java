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
}
