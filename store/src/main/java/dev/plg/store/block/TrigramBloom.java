package dev.plg.store.block;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Bloom filter over the byte trigrams (3 consecutive bytes) and the tokens (maximal runs of
 * ASCII letters and digits and non-ASCII bytes) of every line of a block. A needle can occur in
 * some line only if all its trigrams are in the filter, and all its tokens that are delimited on
 * both sides inside the needle (in {@code "user-456"} with the quotes: {@code user} and
 * {@code 456}) are whole tokens of that line. Trigrams alone cannot tell {@code user-456} from
 * {@code user-4567} and friends in a block of thousands of ids; tokens can. A block whose filter
 * misses any needle item is skipped. Needles shorter than 3 bytes never skip.
 *
 * <p>{@link #BITS_PER_TRIGRAM} bits per distinct trigram and {@link #HASHES} probes give about 3%
 * false positives per trigram; a needle has several trigrams, so whole-needle false positives are
 * far rarer. Immutable after construction; thread-safe for reads.
 */
public final class TrigramBloom {
    /** 6 bits per distinct trigram or token: about 1.2% of raw bytes on pushbench lines (measured), 6% fp per item. */
    public static final int BITS_PER_TRIGRAM = 6;
    /** 3 probes: near the optimum k = ln 2 * m/n (about 4) for 6 bits per element, and cheaper. */
    public static final int HASHES = 3;
    /** Bound on the filter: 4 Mi bits = 512 KiB, reached only by blocks of random bytes. */
    public static final int MAX_BITS = 1 << 22;

    private final long[] words;
    private final int bits;
    private final int hashes;

    public TrigramBloom(long[] words, int hashes) {
        if (words.length == 0) {
            throw new IllegalArgumentException("a filter needs at least one word");
        }
        this.words = words;
        this.bits = words.length * 64;
        this.hashes = hashes;
    }

    public long[] words() {
        return words;
    }

    public int bits() {
        return bits;
    }

    public int hashes() {
        return hashes;
    }

    /** Number of 64-bit words for {@code distinctTrigrams}. */
    public static int wordsFor(int distinctTrigrams) {
        long bitsNeeded = Math.min(MAX_BITS, Math.max(64L, (long) distinctTrigrams * BITS_PER_TRIGRAM));
        return (int) ((bitsNeeded + 63) / 64);
    }

    static long hash(int trigram) {
        long h = (trigram + 1) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }

    /** Sets the bits of one trigram (builder use only, before the filter is shared). */
    void add(int trigram) {
        long h = hash(trigram);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < hashes; i++) {
            int idx = (int) (((h1 + i * h2) & 0xFFFFFFFFL) * bits >>> 32);
            words[idx >>> 6] |= 1L << idx;
        }
    }

    /** Hash of a token; the seed keeps tokens and trigrams apart. */
    static long tokenHash(byte[] b, int off, int len) {
        long h = 0x2545F4914F6CDD1DL ^ len;
        for (int i = off; i < off + len; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }

    static boolean isTokenByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c < 0;
    }

    void addHash(long h) {
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < hashes; i++) {
            int idx = (int) (((h1 + i * h2) & 0xFFFFFFFFL) * bits >>> 32);
            words[idx >>> 6] |= 1L << idx;
        }
    }

    boolean containsHash(long h) {
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < hashes; i++) {
            int idx = (int) (((h1 + i * h2) & 0xFFFFFFFFL) * bits >>> 32);
            if ((words[idx >>> 6] & (1L << idx)) == 0) {
                return false;
            }
        }
        return true;
    }

    boolean containsTrigram(int trigram) {
        long h = hash(trigram);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < hashes; i++) {
            int idx = (int) (((h1 + i * h2) & 0xFFFFFFFFL) * bits >>> 32);
            if ((words[idx >>> 6] & (1L << idx)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether some line may contain {@code needle} (UTF-8); {@code false} is certain. */
    public boolean mayContain(byte[] needle) {
        for (int i = 0; i + 3 <= needle.length; i++) {
            int t = ((needle[i] & 0xFF) << 16) | ((needle[i + 1] & 0xFF) << 8) | (needle[i + 2] & 0xFF);
            if (!containsTrigram(t)) {
                return false;
            }
        }
        int i = 0;
        while (i < needle.length) {
            if (!isTokenByte(needle[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < needle.length && isTokenByte(needle[i])) {
                i++;
            }
            // Only a token with a delimiter on both sides inside the needle is a whole token of the line.
            if (start > 0 && i < needle.length && !containsHash(tokenHash(needle, start, i - start))) {
                return false;
            }
        }
        return true;
    }

    /** Whether some line may contain every needle. */
    public boolean mayContainAll(List<String> needles) {
        for (String n : needles) {
            if (!mayContain(n.getBytes(StandardCharsets.UTF_8))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Collects distinct trigrams of many lines, then builds a filter sized for them. Reusable
     * (call {@link #build()} then start again) and not thread-safe; holds a 2 MiB bitmap of the
     * whole 24-bit trigram space so counting is exact and allocation-free.
     */
    public static final class Builder {
        private final long[] seen = new long[1 << 18];
        private int[] distinct = new int[4096];
        private int count;
        private long[] tokens = new long[1 << 12];
        private int tokenCount;

        public void addLine(byte[] bytes, int off, int len) {
            int end = off + len;
            int i = off;
            while (i < end) {
                if (!isTokenByte(bytes[i])) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < end && isTokenByte(bytes[i])) {
                    i++;
                }
                addToken(tokenHash(bytes, start, i - start));
            }
            if (len < 3) {
                return;
            }
            int t = ((bytes[off] & 0xFF) << 8) | (bytes[off + 1] & 0xFF);
            for (int k = off + 2; k < end; k++) {
                t = ((t << 8) | (bytes[k] & 0xFF)) & 0xFFFFFF;
                long mask = 1L << t;
                int w = t >>> 6;
                if ((seen[w] & mask) == 0) {
                    seen[w] |= mask;
                    if (count == distinct.length) {
                        distinct = java.util.Arrays.copyOf(distinct, count * 2);
                    }
                    distinct[count++] = t;
                }
            }
        }

        private void addToken(long h) {
            if (h == 0) {
                h = 1;
            }
            if ((tokenCount + 1) * 2 > tokens.length) {
                long[] old = tokens;
                tokens = new long[old.length * 2];
                tokenCount = 0;
                for (long t : old) {
                    if (t != 0) {
                        insertToken(t);
                    }
                }
            }
            insertToken(h);
        }

        private void insertToken(long h) {
            int mask = tokens.length - 1;
            int i = (int) (h ^ (h >>> 29)) & mask;
            while (tokens[i] != 0) {
                if (tokens[i] == h) {
                    return;
                }
                i = (i + 1) & mask;
            }
            tokens[i] = h;
            tokenCount++;
        }

        /** Distinct trigrams plus distinct tokens added since the last build. */
        public int distinctCount() {
            return count + tokenCount;
        }

        /** Builds the filter and resets the builder. */
        public TrigramBloom build() {
            TrigramBloom bloom = new TrigramBloom(new long[wordsFor(count + tokenCount)], HASHES);
            for (int i = 0; i < count; i++) {
                int t = distinct[i];
                bloom.add(t);
                seen[t >>> 6] = 0;
            }
            count = 0;
            for (int i = 0; i < tokens.length; i++) {
                if (tokens[i] != 0) {
                    bloom.addHash(tokens[i]);
                }
            }
            if (tokens.length > (1 << 16)) {
                tokens = new long[1 << 12];
            } else {
                java.util.Arrays.fill(tokens, 0);
            }
            tokenCount = 0;
            return bloom;
        }
    }
}
