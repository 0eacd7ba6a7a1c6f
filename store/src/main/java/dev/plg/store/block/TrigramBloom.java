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
 * <p>Sizing and probes (why): the filter has the power of two at or below raw bytes /
 * {@link #BITS_PER_RAW_BYTE_DIVISOR} bits (at least {@link #MIN_BITS}), 0.6% to 1.2% of the raw
 * size, and is filled in one pass over the bytes without counting distinct items, so it stays
 * in the L1/L2 cache and costs a few nanoseconds per byte. A trigram sets one bit: a needle has several trigrams, so their false
 * positives multiply. A token sets {@link #HASHES} bits, because a single id token often decides.
 * Filled once (by its builder, or a head's filter under its lock), then only read; thread-safe for reads.
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

    /**
     * Number of 64-bit words for a block of {@code rawBytes} line bytes: a power of two, so an
     * index is one multiply and one shift.
     */
    public static int wordsFor(long rawBytes) {
        long wanted = Math.min(MAX_BITS, Math.max(MIN_BITS, rawBytes / BITS_PER_RAW_BYTE_DIVISOR));
        return (int) (Long.highestOneBit(wanted) / 64);
    }

    private int shift() {
        return Integer.numberOfLeadingZeros(bits) + 1;
    }

    private static int trigramIndex(int trigram, int shift) {
        return ((trigram + 1) * 0x9E3779B1) >>> shift;
    }

    private boolean containsTrigram(int trigram) {
        int idx = trigramIndex(trigram, shift());
        return (words[idx >>> 6] & (1L << idx)) != 0;
    }

    /** Hash of a token (FNV-1a over the bytes, then a 64-bit finaliser). */
    static long tokenHash(byte[] b, int off, int len) {
        int h = 0x811C9DC5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x01000193;
        }
        return mixToken(h, len);
    }

    private static long mixToken(int h, int len) {
        long x = ((long) h << 32) ^ len ^ 0x2545F4914F6CDD1DL;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return x;
    }

    private static final boolean[] TOKEN_BYTE = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            TOKEN_BYTE[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
        }
    }

    static boolean isTokenByte(byte c) {
        return TOKEN_BYTE[c & 0xFF];
    }

    private void addHash(long h) {
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        int shift = shift();
        for (int i = 0; i < hashes; i++) {
            int idx = ((h1 + i * h2) * 0x9E3779B1) >>> shift;
            words[idx >>> 6] |= 1L << idx;
        }
    }

    private boolean containsHash(long h) {
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        int shift = shift();
        for (int i = 0; i < hashes; i++) {
            int idx = ((h1 + i * h2) * 0x9E3779B1) >>> shift;
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

        /** One pass over the bytes: every trigram sets one bit, every token its probes. */
        public void addLine(byte[] bytes, int off, int len) {
            bloom.addLine(bytes, off, len);
        }

        /** The filter being filled (between {@link #begin} and {@link #build()}). */
        TrigramBloom filling() {
            return bloom;
        }

        /** The filled filter; the builder must {@link #begin} again before the next block. */
        public TrigramBloom build() {
            TrigramBloom b = bloom;
            bloom = null;
            b.recentTokens = null;
            return b;
        }
    }

    /**
     * Adds one line: every trigram sets one bit, every token its probes. Only for a filter still
     * being filled (a block's, by its {@link Builder}; a head's, under the head filter's lock).
     */
    public void addLine(byte[] bytes, int off, int len) {
        addTrigrams(words, shift(), bytes, off, len);
        addTokens(bytes, off, len);
    }

    /** Adds the trigrams lying wholly inside {@code [off, off + len)} (none when shorter than 3 bytes). */
    void addTrigrams(byte[] b, int off, int len) {
        addTrigrams(words, shift(), b, off, len);
    }

    private static void addTrigrams(long[] words, int shift, byte[] b, int off, int len) {
        int end = off + len;
        int t = 0;
        for (int i = off; i < end; i++) {
            t = ((t << 8) | (b[i] & 0xFF)) & 0xFFFFFF;
            if (i >= off + 2) {
                int idx = ((t + 1) * 0x9E3779B1) >>> shift;
                words[idx >>> 6] |= 1L << idx;
            }
        }
    }

    /** Adds the tokens of {@code [off, off + len)}, which must not cut a token of the line (bounded by non-token bytes or the line's ends). */
    void addTokens(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (!TOKEN_BYTE[b[i] & 0xFF]) {
                i++;
                continue;
            }
            int start = i;
            int h = 0x811C9DC5;
            while (i < end && TOKEN_BYTE[b[i] & 0xFF]) {
                h = (h ^ (b[i] & 0xFF)) * 0x01000193;
                i++;
            }
            addToken(mixToken(h, i - start));
        }
    }

    /**
     * The token hashes added last, by their low bits: lines of a block repeat most of their
     * tokens (keys, levels, dates), and a repeated token needs no probes again.
     */
    private long[] recentTokens;

    private void addToken(long h) {
        long[] recent = recentTokens;
        if (recent == null) {
            recent = recentTokens = new long[RECENT_TOKENS];
        }
        int slot = (int) h & (RECENT_TOKENS - 1);
        if (recent[slot] == h && h != 0) {
            return;
        }
        recent[slot] = h;
        addHash(h);
    }

    private static final int RECENT_TOKENS = 512;
}
