package dev.plg.logql.pipeline.impl;

/** Substring search over UTF-8 bytes without decoding. */
public final class ByteSearch {
    private ByteSearch() {
    }

    /** First index of {@code needle} in {@code hay[from, to)}, or -1. */
    public static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        int n = needle.length;
        if (n == 0) {
            return from;
        }
        byte first = needle[0];
        int last = to - n;
        outer:
        for (int i = from; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int j = 1; j < n; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
