package dev.plg.store.block;

import dev.plg.store.io.CorruptDataException;
import java.util.Arrays;

/**
 * One template of a block's column-wise lines ({@link LineColumns}): its literal runs, zero escapes
 * undone, around the columns of its holes. {@code literals} has one run more than {@code columns}
 * has holes (runs may be empty). The one reader of template bytes for decoding, sizing, searching
 * and reading lines as templates.
 */
record Template(byte[][] literals, int[] columns) {
    /**
     * Template {@code t}'s bytes {@code buf[p, end)}. Literal stretches are found by {@link #zeroAt}
     * and copied whole, so this method's own loop turns once per hole (a few per template), not
     * once per byte.
     */
    static Template parse(byte[] buf, int p, int end, int t) {
        byte[] lit = new byte[end - p];
        int litAt = 0;
        int runStart = 0;
        byte[][] parts = new byte[4][];
        int[] cols = new int[4];
        int k = 0;
        while (p < end) {
            int z = zeroAt(buf, p, end);
            System.arraycopy(buf, p, lit, litAt, z - p);
            litAt += z - p;
            if (z == end) {
                break;
            }
            if (z + 1 >= end) {
                throw new CorruptDataException("template " + t + " ends inside a hole");
            }
            int c = buf[z + 1] & 0xFF;
            p = z + 2;
            if (c == LineColumns.LITERAL_ZERO) {
                lit[litAt++] = 0;
                continue;
            }
            if (k + 1 >= parts.length) {
                parts = Arrays.copyOf(parts, parts.length * 2);
                cols = Arrays.copyOf(cols, cols.length * 2);
            }
            parts[k] = Arrays.copyOfRange(lit, runStart, litAt);
            cols[k++] = c;
            runStart = litAt;
        }
        parts[k] = Arrays.copyOfRange(lit, runStart, litAt);
        return new Template(Arrays.copyOf(parts, k + 1), Arrays.copyOf(cols, k));
    }

    /** The first zero byte in {@code buf[p, end)}, or {@code end}. */
    private static int zeroAt(byte[] buf, int p, int end) {
        while (p < end && buf[p] != 0) {
            p++;
        }
        return p;
    }

    /** The literal bytes of a line of this template. */
    int literalBytes() {
        int n = 0;
        for (byte[] l : literals) {
            n += l.length;
        }
        return n;
    }
}
