package dev.plg.logging.internal;

import java.util.Arrays;

/**
 * A small direct-mapped cache from {@code String} instances to their escaped UTF-8 JSON content,
 * for strings that recur as the same instance: logger names, field keys (literals), and stack
 * frames' class, method and file names (the JVM shares those instances between exceptions).
 *
 * <p>Hits are by identity ({@code ==}), so a cache never returns bytes for a different string;
 * a miss encodes normally and remembers the result. Per thread (not thread-safe). Long strings
 * are not cached, so a one-off value cannot evict much.
 */
public final class StringCache {
    /** Slots: a few hundred distinct names per thread cover typical apps; 2 x 512 references. */
    private static final int SIZE = 512;
    /** Strings longer than this are written without caching. */
    private static final int MAX_LENGTH = 160;

    private final String[] keys = new String[SIZE];
    private final byte[][] values = new byte[SIZE][];

    /** Writes the escaped content of {@code s} (no quotes). */
    public void writeContent(JsonBuffer out, String s) {
        int h = s.hashCode();
        int i = (h ^ (h >>> 9)) & (SIZE - 1);
        if (keys[i] == s) {
            out.writeRaw(values[i]);
            return;
        }
        int start = out.length();
        out.writeStringContent(s);
        if (s.length() <= MAX_LENGTH) {
            values[i] = Arrays.copyOfRange(out.array(), start, out.length());
            keys[i] = s;
        }
    }

    /** Writes {@code s} as a quoted JSON string. */
    public void writeString(JsonBuffer out, String s) {
        out.writeByte('"');
        writeContent(out, s);
        out.writeByte('"');
    }
}
