package dev.plg.store.block;

import dev.plg.store.io.ByteSink;
import dev.plg.store.io.ByteSource;
import dev.plg.store.io.CorruptDataException;
import io.airlift.compress.v3.MalformedInputException;
import io.airlift.compress.v3.zstd.ZstdCompressor;
import io.airlift.compress.v3.zstd.ZstdDecompressor;

/**
 * Separately compressed sections of a version-2 block payload: {@code varint rawLength,
 * varint storedLength, stored bytes}, where {@code storedLength == 0} means the bytes are stored
 * as they are (rawLength of them) because zstd would not make them smaller, and otherwise they are
 * one zstd frame (level {@link BlockFormat#ZSTD_LEVEL}). One frame per column lets zstd fit its
 * entropy tables to one kind of value at a time.
 */
final class Sections {
    private static final ThreadLocal<ZstdCompressor> COMPRESSOR = ThreadLocal.withInitial(() -> ZstdCompressor.create(BlockFormat.ZSTD_LEVEL));
    private static final ThreadLocal<ZstdDecompressor> DECOMPRESSOR = ThreadLocal.withInitial(ZstdDecompressor::create);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1 << 16]);

    private Sections() {}

    static void write(ByteSink out, ByteSink raw) {
        write(out, raw, true);
    }

    /** Writes {@code raw} as the next section, zstd-compressed only when {@code compress} and that makes it smaller. */
    static void write(ByteSink out, ByteSink raw, boolean compress) {
        int len = raw.size();
        out.writeVarInt(len);
        if (len < 32 || !compress) {
            out.writeVarInt(0);
            out.writeBytes(raw.array(), 0, len);
            return;
        }
        ZstdCompressor c = COMPRESSOR.get();
        int max = c.maxCompressedLength(len);
        byte[] scratch = SCRATCH.get();
        if (scratch.length < max) {
            scratch = new byte[max];
            if (max <= (8 << 20)) {
                SCRATCH.set(scratch);
            }
        }
        int n = c.compress(raw.array(), 0, len, scratch, 0, scratch.length);
        if (n >= len) {
            out.writeVarInt(0);
            out.writeBytes(raw.array(), 0, len);
        } else {
            out.writeVarInt(n);
            out.writeBytes(scratch, 0, n);
        }
    }

    /** Moves past the next section without decompressing it. */
    static void skip(ByteSource in) {
        int raw = in.readVarInt();
        int stored = in.readVarInt();
        in.skip(stored == 0 ? raw : stored);
    }

    /** The next section's raw bytes. */
    static ByteSource read(ByteSource in) {
        int raw = in.readVarInt();
        int stored = in.readVarInt();
        if (stored == 0) {
            ByteSource s = new ByteSource(in.array(), in.position(), raw);
            in.skip(raw);
            return s;
        }
        int at = in.position();
        in.skip(stored);
        byte[] out = new byte[raw];
        int got;
        try {
            got = DECOMPRESSOR.get().decompress(in.array(), at, stored, out, 0, raw);
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new CorruptDataException("section does not decompress: " + e.getMessage(), e);
        }
        if (got != raw) {
            throw new CorruptDataException("section decompressed to " + got + " bytes, expected " + raw);
        }
        return new ByteSource(out);
    }
}
