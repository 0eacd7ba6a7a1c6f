package dev.plg.push;

import io.airlift.compress.v3.snappy.SnappyCompressor;
import io.airlift.compress.v3.snappy.SnappyDecompressor;
import java.util.Arrays;

/**
 * Snappy <em>block</em> format (Go's {@code snappy.Encode}/{@code Decode}: varint uncompressed
 * length, then literal/copy elements; not the framed stream format), as Loki push bodies use it.
 *
 * <p>Backed by aircompressor-v3, which uses the bundled native library through FFM when the JVM
 * runs with {@code --enable-native-access=ALL-UNNAMED} and its pure-Java code otherwise.
 */
final class Snappy {
    /** Go's {@code snappy.ErrCorrupt}, which Loki answers for any undecodable protobuf body. */
    static final String CORRUPT = "snappy: corrupt input";

    private Snappy() {}

    static byte[] compress(byte[] input) {
        // A compressor holds a 32 KiB hash table and is not thread-safe: one per call is cheap
        // next to the bodies it compresses and safe on virtual threads.
        SnappyCompressor compressor = SnappyCompressor.create();
        byte[] out = new byte[compressor.maxCompressedLength(input.length)];
        int n = compressor.compress(input, 0, input.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    /**
     * Decompresses one block.
     *
     * @param maxBytes refuse (before allocating) a block that claims to expand beyond this
     * @throws PushFormatException {@value #CORRUPT}, or Loki's "received message larger than max"
     */
    static byte[] decompress(byte[] input, int maxBytes) {
        int length = uncompressedLength(input);
        if (length > maxBytes) {
            throw new PushFormatException(PushDecoder.tooLarge(length, maxBytes));
        }
        byte[] out = new byte[length];
        int n;
        try {
            // One per call: a shared instance is not safe across threads (concurrent pushes then failed
            // at random with "snappy: corrupt input", SnappyTest.concurrentBodiesAllDecode).
            n = SnappyDecompressor.create().decompress(input, 0, input.length, out, 0, out.length);
        } catch (RuntimeException e) {
            throw new PushFormatException(CORRUPT, e);
        }
        if (n != length) {
            throw new PushFormatException(CORRUPT);
        }
        return out;
    }

    /** Reads the varint header ourselves so that a bad one is reported exactly as Go does. */
    private static int uncompressedLength(byte[] input) {
        long value = 0;
        for (int i = 0, shift = 0; i < input.length && shift < 35; i++, shift += 7) {
            int b = input[i] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                if (value > 0xFFFF_FFFFL) {
                    throw new PushFormatException("snappy: decoded block is too large");
                }
                if (value > Integer.MAX_VALUE - 8) {
                    throw new PushFormatException(PushDecoder.tooLarge(value, Integer.MAX_VALUE - 8));
                }
                return (int) value;
            }
        }
        throw new PushFormatException(CORRUPT);
    }
}
