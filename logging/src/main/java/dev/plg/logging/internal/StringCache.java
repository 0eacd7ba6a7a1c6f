package dev.plg.logging.internal;

import java.util.Arrays;

/**
 * A small direct-mapped cache from {@code String} instances to their escaped UTF-8 JSON content,
 * for strings that recur as the same instance: logger names, field keys (literals), and stack
 * frames' class, method and file names (the JVM shares those instances between exceptions).
 *
 * <p>Hits are by identity ({@code ==}), so a cache never returns bytes for a different string.
 * A miss encodes normally and remembers the result only in an empty slot, so two names that share
 * a slot cannot evict each other on every line (which would allocate on every line); after many
 * such conflicts the cache is cleared once, to adapt when the recurring names change. Per thread
 * (not thread-safe). Long strings are not cached.
 */
public final class StringCache {
    /** Slots: a few hundred distinct names per thread cover typical apps; 2 x 512 references. */
    private static final int SIZE = 512;
    /** Strings longer than this are written without caching. */
    private static final int MAX_LENGTH = 160;

    /** Conflicting misses before the cache starts over: rare enough to cost nothing measurable. */
    private static final int CONFLICTS_BEFORE_CLEAR = 1 << 16;

    private final String[] keys = new String[SIZE];
    private final byte[][] values = new byte[SIZE][];
    private int conflicts;

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
        if (s.length() > MAX_LENGTH) {
            return;
        }
        if (keys[i] == null) {
            values[i] = Arrays.copyOfRange(out.array(), start, out.length());
            keys[i] = s;
        } else if (++conflicts >= CONFLICTS_BEFORE_CLEAR) {
            conflicts = 0;
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
        }
    }

    /** Writes {@code s} as a quoted JSON string. */
    public void writeString(JsonBuffer out, String s) {
        out.writeByte('"');
        writeContent(out, s);
        out.writeByte('"');
    }
}
