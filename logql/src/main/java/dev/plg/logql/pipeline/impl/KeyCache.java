package dev.plg.logql.pipeline.impl;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Per-stream cache from a parser's raw key bytes to its final label name (sanitized, {@code _extracted}
 * applied), so repeated keys cost one hash and one byte comparison instead of decoding and sanitizing.
 * Not thread-safe: lives in the stream's {@link EntryState}. Bounded: stops caching when full.
 */
final class KeyCache {
    private static final int SIZE = 256;
    private final byte[][] keys = new byte[SIZE][];
    private final String[] names = new String[SIZE];
    private int used;

    String get(byte[] b, int s, int e, Function<String, String> compute) {
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
                    keys[idx] = java.util.Arrays.copyOfRange(b, s, e);
                    names[idx] = name;
                    used++;
                }
                return name;
            }
            if (k.length == e - s && java.util.Arrays.equals(k, 0, k.length, b, s, e)) {
                return names[idx];
            }
        }
        return compute.apply(new String(b, s, e - s, StandardCharsets.UTF_8));
    }
}
