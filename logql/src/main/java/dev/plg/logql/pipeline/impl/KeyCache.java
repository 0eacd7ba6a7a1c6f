package dev.plg.logql.pipeline.impl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Per-stream cache from a parser's raw key bytes to its final label name (sanitized, {@code _extracted}
 * applied), so repeated keys cost one byte comparison instead of decoding and sanitizing.
 * Lines of one stream usually repeat their keys in the same order, so the key at each position of
 * the previous line is tried first (no hashing); then a small open-addressing table.
 * Not thread-safe: lives in the stream's {@link EntryState}. Bounded: stops caching when full.
 */
final class KeyCache {
    private static final int SIZE = 256;
    private static final int SEQ = 64;
    private final byte[][] keys = new byte[SIZE][];
    private final String[] names = new String[SIZE];
    private int used;
    private final byte[][] seqKeys = new byte[SEQ][];
    private final String[] seqNames = new String[SEQ];
    private int pos;
    /** The stage's key-to-name function for this stream, made once (a capturing lambda per key would allocate). */
    Function<String, String> namer;
    /** The stage's top-level visitor for this stream, made once. */
    Object visitor;
    /** A json stage's labels per line template for this stream (see {@link JsonTemplates}), made on first use. */
    JsonTemplates templates;

    /** Starts a line: keys are predicted from the previous line's, position by position. */
    void startLine() {
        pos = 0;
    }

    String get(byte[] b, int s, int e, Function<String, String> compute) {
        int p = pos;
        if (p < SEQ) {
            byte[] k = seqKeys[p];
            if (k != null && same(k, b, s, e)) {
                pos = p + 1;
                return seqNames[p];
            }
        }
        int h = 0;
        for (int i = s; i < e; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 16)) & (SIZE - 1);
        for (int probe = 0; probe < 8; probe++) {
            int idx = (slot + probe) & (SIZE - 1);
            byte[] k = keys[idx];
            if (k == null) {
                String raw = new String(b, s, e - s, StandardCharsets.UTF_8);
                String name = compute.apply(raw);
                if (used < SIZE / 2) {
                    keys[idx] = Arrays.copyOfRange(b, s, e);
                    names[idx] = name;
                    used++;
                    remember(p, keys[idx], name);
                }
                return name;
            }
            if (k.length == e - s && Arrays.equals(k, 0, k.length, b, s, e)) {
                remember(p, k, names[idx]);
                return names[idx];
            }
        }
        return compute.apply(new String(b, s, e - s, StandardCharsets.UTF_8));
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Keys are short: 8 bytes at a time (the last word overlapping), a plain loop below 8 bytes. */
    static boolean same(byte[] k, byte[] b, int s, int e) {
        int n = k.length;
        if (n != e - s) {
            return false;
        }
        if (n >= 8) {
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                if ((long) LONGS.get(k, i) != (long) LONGS.get(b, s + i)) {
                    return false;
                }
            }
            return i == n || (long) LONGS.get(k, n - 8) == (long) LONGS.get(b, e - 8);
        }
        for (int i = 0; i < n; i++) {
            if (k[i] != b[s + i]) {
                return false;
            }
        }
        return true;
    }

    private void remember(int p, byte[] key, String name) {
        if (p < SEQ) {
            seqKeys[p] = key;
            seqNames[p] = name;
            pos = p + 1;
        }
    }
}
