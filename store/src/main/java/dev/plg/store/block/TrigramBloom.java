package dev.plg.store.block;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Bloom filter over the byte trigrams (3 consecutive bytes) of every line of a block. A needle
 * of at least 3 bytes can occur in some line only if all its trigrams are in the filter, so a
 * block whose filter misses any needle trigram is skipped. Needles shorter than 3 bytes never skip.
 *
 * <p>{@link #BITS_PER_TRIGRAM} bits per distinct trigram and {@link #HASHES} probes give about 3%
 * false positives per trigram; a needle has several trigrams, so whole-needle false positives are
 * far rarer. Immutable after construction; thread-safe for reads.
 */
public final class TrigramBloom {
    /** 8 bits per distinct trigram: about 2% of raw bytes on seed JSON lines (measured), 3% fp. */
    public static final int BITS_PER_TRIGRAM = 8;
    /** 3 probes are optimal for 8 bits per element (k = ln 2 * m/n, about 5.5, traded for speed). */
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

        public void addLine(byte[] bytes, int off, int len) {
            int end = off + len;
            if (len < 3) {
                return;
            }
            int t = ((bytes[off] & 0xFF) << 8) | (bytes[off + 1] & 0xFF);
            for (int i = off + 2; i < end; i++) {
                t = ((t << 8) | (bytes[i] & 0xFF)) & 0xFFFFFF;
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

        public int distinctCount() {
            return count;
        }

        /** Builds the filter and resets the builder. */
        public TrigramBloom build() {
            TrigramBloom bloom = new TrigramBloom(new long[wordsFor(count)], HASHES);
            for (int i = 0; i < count; i++) {
                int t = distinct[i];
                bloom.add(t);
                seen[t >>> 6] = 0;
            }
            count = 0;
            return bloom;
        }
    }
}
