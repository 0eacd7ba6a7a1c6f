package dev.plg.push;

/** Strict UTF-8 validation (shortest form, no surrogates, at most U+10FFFF), as {@code String} decoding accepts without replacement. */
final class Utf8 {
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private Utf8() {}

    /** Whether {@code b} decodes to text without any replacement character being substituted. */
    static boolean isValid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            // Log lines are mostly ASCII: eight bytes without a high bit at a time.
            if (i + 8 <= n && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) {
                i += 8;
            } else if (b[i] >= 0) {
                i++;
            } else {
                i = sequenceEnd(b, i);
                if (i < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** End of the valid multi-byte sequence starting at {@code i}, or -1 (also when {@code b} ends inside it). */
    static int sequenceEnd(byte[] b, int i) {
        int c = b[i] & 0xFF;
        int len;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return -1;
        }
        if (i + len > b.length) {
            return -1;
        }
        int second = b[i + 1] & 0xFF;
        if (second < lo || second > hi) {
            return -1;
        }
        for (int k = 2; k < len; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return i + len;
    }
}
