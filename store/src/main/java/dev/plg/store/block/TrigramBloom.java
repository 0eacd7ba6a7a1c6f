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
 * <p>Sizing and probes (why): the filter has {@link #BITS_PER_RAW_BYTE_DIVISOR} times fewer bits
 * than the block has raw bytes (at least {@link #MIN_BITS}), about 1.2% of the raw size, and is
 * filled in one pass without counting distinct items, so building costs about 1 ns per byte and
 * stays in the L1 cache. A trigram sets one bit: a needle has several trigrams, so their false
 * positives multiply. A token sets {@link #HASHES} bits, because a single id token often decides.
 * Immutable after construction; thread-safe for reads.
 */
public final class TrigramBloom {
    /** One filter bit per 10 raw bytes: 1 MiB blocks of JSON lines fill about a third of the bits. */
    public static final int BITS_PER_RAW_BYTE_DIVISOR = 10;
    /** Small blocks still get 512 bytes, so a few hundred lines keep a useful false-positive rate. */
    public static final int MIN_BITS = 4096;
    /** Bound on the filter: 4 Mi bits = 512 KiB, reached only by blocks over 40 MiB. */
    public static final int MAX_BITS = 1 << 22;
    /** Probes per token. */
    public static final int HASHES = 3;

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

    /** Number of 64-bit words for a block of {@code rawBytes} line bytes. */
    public static int wordsFor(long rawBytes) {
        long bitsNeeded = Math.min(MAX_BITS, Math.max(MIN_BITS, rawBytes / BITS_PER_RAW_BYTE_DIVISOR));
        return (int) ((bitsNeeded + 63) / 64);
    }

    private int trigramIndex(int trigram) {
        int h = (trigram + 0x61C88647) * 0x9E3779B1;
        h ^= h >>> 15;
        h *= 0x85EBCA6B;
        return (int) ((h & 0xFFFFFFFFL) * bits >>> 32);
    }

    private void addTrigram(int trigram) {
        int idx = trigramIndex(trigram);
        words[idx >>> 6] |= 1L << idx;
    }

    private boolean containsTrigram(int trigram) {
        int idx = trigramIndex(trigram);
        return (words[idx >>> 6] & (1L << idx)) != 0;
    }

    /** Hash of a token. */
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

    private void addHash(long h) {
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < hashes; i++) {
            int idx = (int) (((h1 + i * h2) & 0xFFFFFFFFL) * bits >>> 32);
            words[idx >>> 6] |= 1L << idx;
        }
    }

    private boolean containsHash(long h) {
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
     * Fills a filter line by line: {@link #begin} with the block's raw size, {@link #addLine} for
     * every line, then {@link #build()}. Reusable, not thread-safe.
     */
    public static final class Builder {
        private TrigramBloom bloom;

        public void begin(long rawBytes) {
            bloom = new TrigramBloom(new long[wordsFor(rawBytes)], HASHES);
        }

        public void addLine(byte[] bytes, int off, int len) {
            TrigramBloom b = bloom;
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
                b.addHash(tokenHash(bytes, start, i - start));
            }
            if (len < 3) {
                return;
            }
            int t = ((bytes[off] & 0xFF) << 8) | (bytes[off + 1] & 0xFF);
            for (int k = off + 2; k < end; k++) {
                t = ((t << 8) | (bytes[k] & 0xFF)) & 0xFFFFFF;
                b.addTrigram(t);
            }
        }

        /** The filled filter; the builder must {@link #begin} again before the next block. */
        public TrigramBloom build() {
            TrigramBloom b = bloom;
            bloom = null;
            return b;
        }
    }
}
