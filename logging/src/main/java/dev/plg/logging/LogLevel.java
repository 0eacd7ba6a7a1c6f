package dev.plg.logging;

import ch.qos.logback.classic.Level;
import java.util.Locale;

/**
 * The seed's level names (Python's {@code logging} names) and their Logback thresholds.
 * {@code CRITICAL} has no SLF4J level: as a threshold it means ERROR; as an event it is an ERROR
 * with the {@link PlgLogging#CRITICAL} marker.
 */
public enum LogLevel {
    TRACE(Level.TRACE),
    DEBUG(Level.DEBUG),
    INFO(Level.INFO),
    WARNING(Level.WARN),
    ERROR(Level.ERROR),
    CRITICAL(Level.ERROR),
    OFF(Level.OFF);

    private final Level logback;

    LogLevel(Level logback) {
        this.logback = logback;
    }

    public Level logback() {
        return logback;
    }

    /**
     * Parses a level name, case-insensitive: Python's names plus the SLF4J/Logback spellings
     * {@code WARN}, {@code FATAL} and {@code ALL}.
     *
     * @throws IllegalArgumentException naming the input when it is not a level
     */
    public static LogLevel parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("cannot parse log level: null");
        }
        switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "ALL":
            case "TRACE":
                return TRACE;
            case "DEBUG":
                return DEBUG;
            case "INFO":
                return INFO;
            case "WARN":
            case "WARNING":
                return WARNING;
            case "ERROR":
                return ERROR;
            case "FATAL":
            case "CRITICAL":
                return CRITICAL;
            case "OFF":
                return OFF;
            default:
                throw new IllegalArgumentException("cannot parse log level \"" + name
                        + "\": expected one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL, OFF");
        }
    }
}
