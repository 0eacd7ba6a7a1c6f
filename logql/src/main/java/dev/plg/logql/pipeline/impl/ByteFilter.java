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
            if (nl >= 2) {
                // SWAR over 8 candidate starts at once: the first and the last byte of the needle must both match
                long lastPattern = (n[nl - 1] & 0xffL) * LOW;
                while (i + nl - 1 + 8 <= to) {
                    long w1 = (long) LONGS.get(b, i) ^ firstPattern;
                    long w2 = (long) LONGS.get(b, i + nl - 1) ^ lastPattern;
                    long m = ((w1 - LOW) & ~w1 & HIGH) & ((w2 - LOW) & ~w2 & HIGH);
                    while (m != 0) {
                        int p = i + (Long.numberOfTrailingZeros(m) >>> 3);
                        if (matchesAt(b, p)) {
                            return p;
                        }
                        m &= m - 1;
                    }
                    i += 8;
                }
            }
            for (; i <= last; i++) {
                if (b[i] == first && matchesAt(b, i)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean matchesAt(byte[] b, int p) {
            byte[] n = needle;
            for (int j = 0; j < n.length; j++) {
                if (b[p + j] != n[j]) {
                    return false;
                }
            }
            return true;
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
