package dev.plg.logging.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a Java value as the JSON value a Python {@code json.dumps} of the same data would give:
 * numbers stay numbers, booleans and null stay literals, maps become objects, collections and
 * arrays become arrays, everything else becomes its {@code toString()} as a string.
 *
 * <p>Nesting deeper than {@link #MAX_DEPTH} is written as a string, which also stops cycles.
 * A {@code toString()} that throws is written as a string naming the failure: logging a value must
 * never throw into the application.
 */
public final class JsonValues {
    /** Deep enough for any sane structured value; shallow enough to stop a self-containing map. */
    static final int MAX_DEPTH = 8;

    private JsonValues() {
    }

    public static void write(JsonBuffer out, Object value) {
        write(out, value, 0);
    }

    private static void write(JsonBuffer out, Object value, int depth) {
        if (value == null) {
            out.writeAscii("null");
        } else if (value instanceof String) {
            out.writeString((String) value);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof AtomicInteger || value instanceof AtomicLong) {
            out.writeLong(((Number) value).longValue());
        } else if (value instanceof Boolean) {
            out.writeAscii(((Boolean) value) ? "true" : "false");
        } else if (value instanceof Double) {
            out.writeDouble((Double) value);
        } else if (value instanceof Float) {
            float f = (Float) value;
            if (Float.isNaN(f) || Float.isInfinite(f)) {
                out.writeString(Float.toString(f));
            } else if (f == Math.rint(f) && Math.abs(f) < 1e15f) {
                out.writeDouble(f);
            } else {
                out.writeAscii(Float.toString(f));
            }
        } else if (value instanceof BigInteger) {
            out.writeAscii(value.toString());
        } else if (value instanceof BigDecimal) {
            out.writeAscii(value.toString());
        } else if (value instanceof CharSequence || value instanceof Character) {
            out.writeString(value.toString());
        } else if (value instanceof Enum) {
            out.writeString(((Enum<?>) value).name());
        } else if (depth >= MAX_DEPTH) {
            out.writeString(safeToString(value));
        } else if (value instanceof Map) {
            out.writeByte('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                out.writeString(String.valueOf(e.getKey()));
                out.writeByte(':');
                write(out, e.getValue(), depth + 1);
            }
            out.writeByte('}');
        } else if (value instanceof Iterable) {
            out.writeByte('[');
            boolean first = true;
            for (Object o : (Iterable<?>) value) {
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                write(out, o, depth + 1);
            }
            out.writeByte(']');
        } else if (value instanceof Optional) {
            write(out, ((Optional<?>) value).orElse(null), depth + 1);
        } else if (value.getClass().isArray()) {
            writeArray(out, value, depth);
        } else {
            out.writeString(safeToString(value));
        }
    }

    private static void writeArray(JsonBuffer out, Object array, int depth) {
        out.writeByte('[');
        if (array instanceof Object[]) {
            Object[] a = (Object[]) array;
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                write(out, a[i], depth + 1);
            }
        } else if (array instanceof int[]) {
            int[] a = (int[]) array;
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                out.writeLong(a[i]);
            }
        } else if (array instanceof long[]) {
            long[] a = (long[]) array;
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                out.writeLong(a[i]);
            }
        } else if (array instanceof double[]) {
            double[] a = (double[]) array;
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                out.writeDouble(a[i]);
            }
        } else if (array instanceof boolean[]) {
            boolean[] a = (boolean[]) array;
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                out.writeAscii(a[i] ? "true" : "false");
            }
        } else {
            // byte[], short[], char[], float[]: rare in log context; keep their element values.
            int n = java.lang.reflect.Array.getLength(array);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                write(out, java.lang.reflect.Array.get(array, i), depth + 1);
            }
        }
        out.writeByte(']');
    }

    /** {@code String.valueOf(value)}, or a description of the failure when {@code toString()} throws. */
    public static String safeToString(Object value) {
        try {
            return String.valueOf(value);
        } catch (RuntimeException | StackOverflowError e) {
            return "<" + value.getClass().getName() + ".toString() failed: " + e + ">";
        }
    }
}
