package dev.plg.logging.internal;

import java.util.Arrays;

/**
 * The typed side of context bound with {@code PlgLogging.bind}: the MDC holds each value as a
 * string (so every Logback layout sees it), and this per-thread frame holds the original value and
 * the exact {@code String} instance that was put into the MDC.
 *
 * <p>The JSON encoder writes a context field with its original JSON type only when the event's MDC
 * value is that very instance ({@code ==}); it therefore never applies a stale or foreign type
 * (for example when an asynchronous appender encodes on another thread, the field is a string).
 *
 * <p>Frames are immutable; the thread-local is touched only by {@code PlgLogging.bind},
 * {@code BoundContext.close} and the propagation wrappers.
 */
public final class TypedContext {
    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    private TypedContext() {
    }

    /** The current thread's frame, or {@code null} when nothing is bound. */
    public static Frame current() {
        return CURRENT.get();
    }

    public static void set(Frame frame) {
        if (frame == null || frame.size() == 0) {
            CURRENT.remove();
        } else {
            CURRENT.set(frame);
        }
    }

    /** An immutable ordered set of bound keys with their typed values and MDC strings. */
    public static final class Frame {
        public static final Frame EMPTY = new Frame(new String[0], new Object[0], new String[0]);

        private final String[] keys;
        private final Object[] values;
        private final String[] strings;

        private Frame(String[] keys, Object[] values, String[] strings) {
            this.keys = keys;
            this.values = values;
            this.strings = strings;
        }

        public int size() {
            return keys.length;
        }

        public String key(int i) {
            return keys[i];
        }

        public Object value(int i) {
            return values[i];
        }

        public String string(int i) {
            return strings[i];
        }

        public int indexOf(String key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        /** A frame with {@code key} set; an existing key keeps its position (like a dict update). */
        public Frame with(String key, Object value, String string) {
            int i = indexOf(key);
            if (i >= 0) {
                Object[] v = values.clone();
                String[] s = strings.clone();
                v[i] = value;
                s[i] = string;
                return new Frame(keys, v, s);
            }
            int n = keys.length;
            String[] k = Arrays.copyOf(keys, n + 1);
            Object[] v = Arrays.copyOf(values, n + 1);
            String[] s = Arrays.copyOf(strings, n + 1);
            k[n] = key;
            v[n] = value;
            s[n] = string;
            return new Frame(k, v, s);
        }
    }
}
