package dev.plg.store.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with varint writers. Mutable, not thread-safe: one owner at a time.
 * Integers are written as unsigned LEB128 varints (7 bits per byte, least significant first)
 * unless the method says otherwise; {@code writeZigZag} maps signed values to unsigned first.
 */
public final class ByteSink {
    private byte[] buf;
    private int size;

    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()} until the next write. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public void reset() {
        size = 0;
    }

    /** Makes room for {@code n} more bytes. */
    public void ensure(int n) {
        int need = size + n;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length + (buf.length >> 1)));
        }
    }

    /** Advances the size by {@code n} after the caller wrote into {@link #array()} directly. */
    public void skip(int n) {
        ensure(n);
        size += n;
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    public void writeBytes(byte[] b) {
        writeBytes(b, 0, b.length);
    }

    public void writeIntBE(int v) {
        ensure(4);
        buf[size] = (byte) (v >>> 24);
        buf[size + 1] = (byte) (v >>> 16);
        buf[size + 2] = (byte) (v >>> 8);
        buf[size + 3] = (byte) v;
        size += 4;
    }

    public void writeShortBE(int v) {
        ensure(2);
        buf[size] = (byte) (v >>> 8);
        buf[size + 1] = (byte) v;
        size += 2;
    }

    public void writeLongBE(long v) {
        writeIntBE((int) (v >>> 32));
        writeIntBE((int) v);
    }

    /** Overwrites 4 bytes at {@code pos} (big-endian). */
    public void setIntBE(int pos, int v) {
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
    }

    public void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    public void writeVarInt(int v) {
        writeVarLong(v & 0xFFFFFFFFL);
    }

    public void writeZigZag(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    /** Varint length then UTF-8 bytes. */
    public void writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(b.length);
        writeBytes(b);
    }

    /** Number of bytes {@link #writeVarLong} uses for {@code v}. */
    public static int varLongSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }
}
