package dev.plg.logging;

import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.spi.CallerBoundaryAware;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A structlog-style bound logger over an SLF4J {@link Logger}: immutable, {@link #bind} returns a
 * new logger carrying more context, and each call takes an event plus key-value pairs:
 *
 * <pre>{@code
 * PlgLogger log = PlgLogging.logger("auth").bind("request_id", "req-abc-123", "user_id", "user-456", "service", "auth");
 * log.info("로그인 시도", "method", "oauth2");
 * log.warning("비밀번호 틀림", "attempt", 3);
 * log.error("계정 잠김", "locked_until", "2026-02-28T00:00:00Z");
 * }</pre>
 *
 * <p>Bound values and call values travel as SLF4J 2 key-value pairs, so they keep their JSON types
 * and survive asynchronous appenders; a call value overrides a bound value of the same key.
 * Logging calls never throw: a non-string key is converted with {@code String.valueOf}, a trailing
 * key without value is logged under {@code "extra"}. Thread-safe.
 */
public final class PlgLogger {
    private static final String FQCN = PlgLogger.class.getName();
    private static final Object[] NONE = new Object[0];

    private final Logger delegate;
    /** Alternating String keys and values, no duplicate keys. */
    private final Object[] context;

    private PlgLogger(Logger delegate, Object[] context) {
        this.delegate = delegate;
        this.context = context;
    }

    /** Wraps any SLF4J logger (for example one from a private {@code LoggerContext}). */
    public static PlgLogger of(Logger delegate) {
        return new PlgLogger(Objects.requireNonNull(delegate, "delegate is null"), NONE);
    }

    /**
     * A logger with {@code keyValues} (alternating key, value) added to its context.
     *
     * @throws IllegalArgumentException when the count is odd or a key is not a non-null String
     */
    public PlgLogger bind(Object... keyValues) {
        PlgLogging.checkPairs(keyValues);
        return new PlgLogger(delegate, merge(context, keyValues));
    }

    /** A logger without the given keys in its context. */
    public PlgLogger unbind(String... keys) {
        Object[] out = new Object[context.length];
        int n = 0;
        for (int i = 0; i < context.length; i += 2) {
            if (!Arrays.asList(keys).contains(context[i])) {
                out[n++] = context[i];
                out[n++] = context[i + 1];
            }
        }
        return new PlgLogger(delegate, Arrays.copyOf(out, n));
    }

    public Logger slf4j() {
        return delegate;
    }

    public String name() {
        return delegate.getName();
    }

    public boolean isEnabled(Level level) {
        return delegate.isEnabledForLevel(level);
    }

    public void trace(String event, Object... keyValues) {
        log(Level.TRACE, null, event, null, keyValues);
    }

    public void debug(String event, Object... keyValues) {
        log(Level.DEBUG, null, event, null, keyValues);
    }

    public void info(String event, Object... keyValues) {
        log(Level.INFO, null, event, null, keyValues);
    }

    public void warning(String event, Object... keyValues) {
        log(Level.WARN, null, event, null, keyValues);
    }

    public void warning(String event, Throwable error, Object... keyValues) {
        log(Level.WARN, null, event, error, keyValues);
    }

    public void error(String event, Object... keyValues) {
        log(Level.ERROR, null, event, null, keyValues);
    }

    public void error(String event, Throwable error, Object... keyValues) {
        log(Level.ERROR, null, event, error, keyValues);
    }

    /** structlog's {@code log.exception(...)}: an error with the exception's traceback. */
    public void exception(String event, Throwable error, Object... keyValues) {
        log(Level.ERROR, null, event, error, keyValues);
    }

    public void critical(String event, Object... keyValues) {
        log(Level.ERROR, PlgLogging.CRITICAL, event, null, keyValues);
    }

    public void critical(String event, Throwable error, Object... keyValues) {
        log(Level.ERROR, PlgLogging.CRITICAL, event, error, keyValues);
    }

    private void log(Level level, Marker marker, String event, Throwable error, Object[] keyValues) {
        if (!delegate.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder b = delegate.makeLoggingEventBuilder(level);
        if (b instanceof CallerBoundaryAware) {
            ((CallerBoundaryAware) b).setCallerBoundary(FQCN);
        }
        b.setMessage(event);
        if (marker != null) {
            b.addMarker(marker);
        }
        if (error != null) {
            b.setCause(error);
        }
        Object[] call = keyValues == null ? NONE : keyValues;
        for (int i = 0; i < context.length; i += 2) {
            if (!hasKey(call, context[i])) {
                b.addKeyValue((String) context[i], context[i + 1]);
            }
        }
        for (int i = 0; i < call.length; i += 2) {
            if (i + 1 < call.length) {
                b.addKeyValue(String.valueOf(call[i]), call[i + 1]);
            } else {
                b.addKeyValue("extra", call[i]);
            }
        }
        b.log();
    }

    private static boolean hasKey(Object[] keyValues, Object key) {
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (key.equals(String.valueOf(keyValues[i]))) {
                return true;
            }
        }
        return false;
    }

    private static Object[] merge(Object[] base, Object[] more) {
        Object[] out = Arrays.copyOf(base, base.length + more.length);
        int n = base.length;
        outer:
        for (int i = 0; i < more.length; i += 2) {
            for (int j = 0; j < n; j += 2) {
                if (out[j].equals(more[i])) {
                    out[j + 1] = more[i + 1];
                    continue outer;
                }
            }
            out[n++] = more[i];
            out[n++] = more[i + 1];
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public String toString() {
        return "PlgLogger[" + delegate.getName() + ", " + Arrays.toString(context) + "]";
    }
}
