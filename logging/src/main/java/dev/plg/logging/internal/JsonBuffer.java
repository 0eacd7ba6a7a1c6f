package dev.plg.logging.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 byte buffer with JSON writing primitives.
 *
 * <p>Not thread-safe: one instance belongs to one thread at a time (the encoders keep one per
 * thread). Callers must not keep a reference to {@link #array()} after the next write or
 * {@link #reset()}.
 *
 * <p>Escaping follows RFC 8259: {@code "} and {@code \} are escaped, every control character
 * below U+0020 is written as a short escape ({@code \n}, {@code \t}, ...) or {@code \}{@code u00XX};
 * U+2028/U+2029 are escaped too so a line can be embedded in JavaScript. Everything else is
 * written as UTF-8. An unpaired surrogate (which has no UTF-8 encoding) becomes U+FFFD, as
 * {@code String.getBytes(UTF_8)} does; its {@code \}{@code uXXXX} escape would be legal JSON but
 * strict parsers (Jackson) reject it.
 */
public final class JsonBuffer {
    /** Initial size: a typical seed line with context is 200-400 bytes. */
    private static final int INITIAL_CAPACITY = 1024;
    /** Buffers grown beyond this by one huge line are shrunk back on reset, so a per-thread buffer stays small. */
    private static final int RETAIN_LIMIT = 64 * 1024;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** For chars below 128: 0 = write as is, otherwise the escape char ('u' for \\u00XX). */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['\b'] = 'b';
        ESCAPE['\f'] = 'f';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\t'] = 't';
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
    }

    private byte[] buf;
    private int len;

    public JsonBuffer() {
        this(INITIAL_CAPACITY);
    }

    public JsonBuffer(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public byte[] array() {
        return buf;
    }

    public int length() {
        return len;
    }

    public void reset() {
        len = 0;
        if (buf.length > RETAIN_LIMIT) {
            buf = new byte[INITIAL_CAPACITY];
        }
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public JsonBuffer writeByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    /** Writes pre-encoded bytes (field-name prefixes, level names). */
    public JsonBuffer writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    /** Writes an ASCII string as is, without quotes or escaping (numbers, literals). */
    public JsonBuffer writeAscii(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            b[p++] = (byte) s.charAt(i);
        }
        len = p;
        return this;
    }

    /** Writes {@code s} as a quoted, escaped JSON string. */
    public JsonBuffer writeString(CharSequence s) {
        writeByte('"');
        writeStringContent(s);
        return writeByte('"');
    }

    /** Writes the escaped content of a JSON string without the quotes. */
    public void writeStringContent(CharSequence s) {
        int n = s.length();
        // Worst case in the fast loop is 3 bytes per char; escapes re-check capacity.
        ensure(n * 3);
        byte[] b = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte e = ESCAPE[c];
                if (e == 0) {
                    b[p++] = (byte) c;
                } else {
                    len = p;
                    ensure(6 + (n - i) * 3);
                    b = buf;
                    p = len;
                    b[p++] = '\\';
                    b[p++] = e;
                    if (e == 'u') {
                        b[p++] = '0';
                        b[p++] = '0';
                        b[p++] = HEX[c >> 4];
                        b[p++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char d;
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(d = s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, d);
                    i++;
                    b[p++] = (byte) (0xF0 | (cp >> 18));
                    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    // U+FFFD REPLACEMENT CHARACTER; three bytes, already reserved.
                    b[p++] = (byte) 0xEF;
                    b[p++] = (byte) 0xBF;
                    b[p++] = (byte) 0xBD;
                }
            } else if (c == '\u2028' || c == '\u2029') {
                len = p;
                ensure(6 + (n - i) * 3);
                b = buf;
                p = len;
                p = unicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        len = p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    /** Writes a decimal long without allocating. */
    public JsonBuffer writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            return writeAscii("-9223372036854775808");
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = digits(v);
        int end = len + digits;
        int p = end;
        do {
            buf[--p] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        len = end;
        return this;
    }

    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /** Writes {@code v} zero-padded to {@code width} digits; {@code v} must be non-negative. */
    public JsonBuffer writePadded(long v, int width) {
        ensure(width);
        int p = len + width;
        for (int i = 0; i < width; i++) {
            buf[--p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        len += width;
        return this;
    }

    /** Writes a finite double as a JSON number; NaN and infinities become strings (JSON has no such numbers). */
    public JsonBuffer writeDouble(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return writeString(Double.toString(v));
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            // Integral values: keep Python's json.dumps shape ("3.0").
            writeLong((long) v);
            return writeAscii(".0");
        }
        return writeAscii(Double.toString(v));
    }

    /** Appends {@code n} copies of byte {@code b}. */
    public JsonBuffer repeat(int b, int n) {
        if (n <= 0) {
            return this;
        }
        ensure(n);
        Arrays.fill(buf, len, len + n, (byte) b);
        len += n;
        return this;
    }
}
