package dev.plg.logql.pipeline.impl;

import com.google.re2j.Pattern;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A predicate over a UTF-8 line held as bytes. Implementations are immutable and thread-safe. */
interface ByteFilter {
    boolean test(byte[] b, int off, int len);

    ByteFilter TRUE = (b, o, l) -> true;

    static ByteFilter not(ByteFilter f) {
        return (b, o, l) -> !f.test(b, o, l);
    }

    static ByteFilter anyOf(List<ByteFilter> fs) {
        if (fs.size() == 1) {
            return fs.get(0);
        }
        ByteFilter[] arr = fs.toArray(ByteFilter[]::new);
        return (b, o, l) -> {
            for (ByteFilter f : arr) {
                if (f.test(b, o, l)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Case-sensitive substring search, 8 bytes at a time for the first byte of the needle. */
    final class Contains implements ByteFilter {
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long LOW = 0x0101010101010101L;
        private static final long HIGH = 0x8080808080808080L;
        final byte[] needle;
        private final long firstPattern;

        Contains(String s) {
            this.needle = s.getBytes(StandardCharsets.UTF_8);
            this.firstPattern = needle.length == 0 ? 0 : (needle[0] & 0xffL) * LOW;
        }

        @Override
        public boolean test(byte[] b, int off, int len) {
            return indexOf(b, off, off + len) >= 0;
        }

        int indexOf(byte[] b, int from, int to) {
            byte[] n = needle;
            int nl = n.length;
            if (nl == 0) {
                return from;
            }
            int last = to - nl;
            int i = from;
            byte first = n[0];
            while (i <= last) {
                // SWAR: find a candidate position of the first byte within the next 8 bytes
                if (i + 8 <= to) {
                    long w = (long) LONGS.get(b, i) ^ firstPattern;
                    long m = (w - LOW) & ~w & HIGH;
                    if (m == 0) {
                        i += 8;
                        continue;
                    }
                    i += Long.numberOfTrailingZeros(m) >>> 3;
                    if (i > last) {
                        return -1;
                    }
                } else if (b[i] != first) {
                    i++;
                    continue;
                }
                int j = 1;
                while (j < nl && b[i + j] == n[j]) {
                    j++;
                }
                if (j == nl) {
                    return i;
                }
                i++;
            }
            return -1;
        }
    }

    /** ASCII case-insensitive substring search (for {@code (?i)literal} regexes). */
    final class ContainsFold implements ByteFilter {
        private final byte[] lower;

        ContainsFold(String s) {
            this.lower = s.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean test(byte[] b, int off, int len) {
            int nl = lower.length;
            int last = off + len - nl;
            outer:
            for (int i = off; i <= last; i++) {
                for (int j = 0; j < nl; j++) {
                    byte c = b[i + j];
                    if (c >= 'A' && c <= 'Z') {
                        c = (byte) (c + 32);
                    }
                    if (c != lower[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }

    /** An RE2 regex, unanchored (Go's {@code regexp.Match}). */
    final class Regex implements ByteFilter {
        final Pattern pattern;

        Regex(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public boolean test(byte[] b, int off, int len) {
            byte[] in = (off == 0 && len == b.length) ? b : java.util.Arrays.copyOfRange(b, off, off + len);
            return pattern.matcher(in).find();
        }
    }
}
