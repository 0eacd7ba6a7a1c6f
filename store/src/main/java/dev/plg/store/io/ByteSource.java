package dev.plg.store.io;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} wrote, from a byte range. Every read checks bounds and throws
 * {@link CorruptDataException} (never an index exception) when the data ends early or a varint
 * is malformed, so a damaged file is reported, not crashed on. Mutable, one owner.
 */
public final class ByteSource {
    private final byte[] buf;
    private final int end;
    private int pos;

    public ByteSource(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    public ByteSource(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public byte[] array() {
        return buf;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new CorruptDataException("unexpected end of data at byte " + pos + " (need " + n + ", have " + (end - pos) + ")");
        }
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    public int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int readShortBE() {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int readIntBE() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long readLongBE() {
        long hi = readIntBE() & 0xFFFFFFFFL;
        long lo = readIntBE() & 0xFFFFFFFFL;
        return (hi << 32) | lo;
    }

    public long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new CorruptDataException("malformed varint at byte " + pos);
    }

    public int readVarInt() {
        long v = readVarLong();
        if (v > Integer.MAX_VALUE) {
            throw new CorruptDataException("varint " + v + " too large at byte " + pos);
        }
        return (int) v;
    }

    public long readZigZag() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    public String readString() {
        int len = readVarInt();
        need(len);
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }
}
