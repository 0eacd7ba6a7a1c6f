package dev.plg.agent.write;

import dev.plg.agent.model.LogEntry;
import dev.plg.push.LabelPair;
import io.airlift.compress.v3.snappy.SnappyCompressor;
import io.airlift.compress.v3.snappy.SnappyJavaCompressor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes a batch straight into Loki's {@code logproto.PushRequest} protobuf and compresses it with
 * snappy (block format), without building intermediate push model objects.
 *
 * <pre>
 * PushRequest   { repeated StreamAdapter streams = 1; }
 * StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; }
 * EntryAdapter  { Timestamp timestamp = 1 {int64 seconds = 1; int32 nanos = 2;}; string line = 2;
 *                 repeated LabelPairAdapter structuredMetadata = 3 {string name = 1; string value = 2;} }
 * </pre>
 * Not thread-safe (one instance per sender thread).
 */
public final class PushProto {
    /** Native snappy (through FFM) when the JVM allows native access, else the pure-Java one. */
    private final SnappyCompressor snappy = create();

    private static SnappyCompressor create() {
        try {
            return SnappyCompressor.create();
        } catch (RuntimeException | LinkageError e) {
            return new SnappyJavaCompressor();
        }
    }
    private byte[] out = new byte[64 * 1024];
    private int pos;

    /**
     * Fixed-size pages recycled between batches. Queued batches live for seconds, long enough to be
     * promoted out of the young generation; allocating their bytes afresh for every batch turned them
     * into old-generation garbage and made full collections a third of the agent's CPU (JFR). Recycled
     * pages stay live instead. At most {@code maxFree} pages are kept. Thread-safe.
     */
    static final class Pages {
        /** Small enough that a batch's many streams waste little in their last page, large enough to copy fast. */
        static final int PAGE_SIZE = 16 * 1024;
        private final java.util.ArrayDeque<byte[]> free = new java.util.ArrayDeque<>();
        private final int maxFree;

        Pages(int maxFree) {
            this.maxFree = maxFree;
        }

        synchronized byte[] take() {
            byte[] p = free.pollLast();
            return p != null ? p : new byte[PAGE_SIZE];
        }

        synchronized void give(byte[] page) {
            if (free.size() < maxFree) {
                free.addLast(page);
            }
        }

        synchronized int free() {
            return free.size();
        }
    }

    /**
     * One stream of a batch kept as encoded protobuf: the {@code labels} field and the
     * {@code entries} fields appended as entries arrive, in pages taken from a {@link Pages} pool, so a
     * queued batch holds about the size of its lines instead of entry objects. Guarded by the owning
     * endpoint's lock until the batch is taken for sending; {@link #release()} returns the pages.
     */
    static final class StreamBuffer {
        final byte[] labels;
        private final Pages pool;
        private final java.util.ArrayList<byte[]> pages = new java.util.ArrayList<>(4);
        private byte[] cur;
        private int curLen;
        private final byte[] scratch = new byte[32];
        int len;

        StreamBuffer(String labels, Pages pool) {
            this.labels = labels.getBytes(StandardCharsets.UTF_8);
            this.pool = pool;
        }

        private void write(byte[] src, int off, int n) {
            while (n > 0) {
                if (cur == null || curLen == cur.length) {
                    cur = pool.take();
                    pages.add(cur);
                    curLen = 0;
                }
                int k = Math.min(n, cur.length - curLen);
                System.arraycopy(src, off, cur, curLen, k);
                curLen += k;
                off += k;
                n -= k;
                len += k;
            }
        }

        /** Appends {@code e} as one {@code entries} field (tag 2) of a StreamAdapter. */
        void append(LogEntry e) {
            byte[] line = e.lineUtf8() != null ? e.lineUtf8() : e.line().getBytes(StandardCharsets.UTF_8);
            int es = entrySize(e, line);
            byte[] h = scratch;
            int p = 0;
            h[p++] = (byte) ((2 << 3) | 2);
            p = putVarint(h, p, es);
            long seconds = Math.floorDiv(e.timestampNanos(), 1_000_000_000L);
            int nanos = (int) Math.floorMod(e.timestampNanos(), 1_000_000_000L);
            h[p++] = (byte) ((1 << 3) | 2);
            p = putVarint(h, p, timestampSize(seconds, nanos));
            if (seconds != 0) {
                h[p++] = (byte) (1 << 3);
                p = putVarint(h, p, seconds);
            }
            if (nanos != 0) {
                h[p++] = (byte) (2 << 3);
                p = putVarint(h, p, nanos);
            }
            if (line.length > 0) {
                h[p++] = (byte) ((2 << 3) | 2);
                p = putVarint(h, p, line.length);
            }
            write(h, 0, p);
            write(line, 0, line.length);
            for (LabelPair pair : e.structuredMetadata()) {
                byte[] n = pair.name().getBytes(StandardCharsets.UTF_8);
                byte[] v = pair.value().getBytes(StandardCharsets.UTF_8);
                int q = 0;
                h[q++] = (byte) ((3 << 3) | 2);
                q = putVarint(h, q, pairSize(n, v));
                write(h, 0, q);
                writeString(1, n);
                writeString(2, v);
            }
        }

        private void writeString(int field, byte[] b) {
            if (b.length == 0) {
                return;
            }
            int q = 0;
            scratch[q++] = (byte) ((field << 3) | 2);
            q = putVarint(scratch, q, b.length);
            write(scratch, 0, q);
            write(b, 0, b.length);
        }

        int encodedSize() {
            return 1 + varintSize(labels.length) + labels.length + len;
        }

        /** Copies the appended entries to {@code out} at {@code pos}; returns the new position. */
        int copyTo(byte[] out, int pos) {
            int left = len;
            for (byte[] page : pages) {
                int k = Math.min(left, page.length);
                System.arraycopy(page, 0, out, pos, k);
                pos += k;
                left -= k;
            }
            return pos;
        }

        /** Returns the pages to the pool; the buffer must not be used afterwards. */
        void release() {
            for (byte[] page : pages) {
                pool.give(page);
            }
            pages.clear();
            cur = null;
        }
    }

    /** A compressed push body: {@code length} bytes of {@code bytes}, valid until the next encode. */
    record Body(byte[] bytes, int length) {
    }

    private static int putVarint(byte[] b, int pos, long v) {
        while ((v & ~0x7FL) != 0) {
            b[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[pos++] = (byte) v;
        return pos;
    }

    private static int putString(byte[] b, int pos, int field, byte[] s) {
        if (s.length == 0) {
            return pos;
        }
        b[pos++] = (byte) ((field << 3) | 2);
        pos = putVarint(b, pos, s.length);
        System.arraycopy(s, 0, b, pos, s.length);
        return pos + s.length;
    }

    private byte[] compressed = new byte[0];

    /**
     * The snappy-compressed PushRequest made of already encoded streams, in a buffer this encoder
     * reuses: the body is valid until the next call (or until {@link #discardBody()}).
     */
    Body encodeSnappy(java.util.Collection<StreamBuffer> streams) {
        pos = 0;
        for (StreamBuffer sb : streams) {
            int size = sb.encodedSize();
            ensure(size + 11L);
            writeTag(1, 2);
            writeVarint(size);
            writeTag(1, 2);
            writeVarint(sb.labels.length);
            writeBytes(sb.labels);
            pos = sb.copyTo(out, pos);
        }
        int max = snappy.maxCompressedLength(pos);
        if (compressed.length < max) {
            compressed = new byte[max];
        }
        int n = snappy.compress(out, 0, pos, compressed, 0, compressed.length);
        return new Body(compressed, n);
    }

    /**
     * Stops reusing the last body's buffer (after a failed request the HTTP client may still hold it,
     * so the next body goes into a new one).
     */
    void discardBody() {
        compressed = new byte[0];
    }

    /** Returns the snappy-compressed protobuf body for {@code streams} (label text → entries). */
    public byte[] encodeSnappy(Map<String, List<LogEntry>> streams) {
        byte[] raw = encode(streams);
        byte[] compressed = new byte[snappy.maxCompressedLength(raw.length)];
        int n = snappy.compress(raw, 0, raw.length, compressed, 0, compressed.length);
        return java.util.Arrays.copyOf(compressed, n);
    }

    /** Uncompressed protobuf bytes. */
    public byte[] encode(Map<String, List<LogEntry>> streams) {
        pos = 0;
        for (Map.Entry<String, List<LogEntry>> s : streams.entrySet()) {
            byte[] labels = s.getKey().getBytes(StandardCharsets.UTF_8);
            List<LogEntry> entries = s.getValue();
            byte[][] lines = new byte[entries.size()][];
            int[] entrySizes = new int[entries.size()];
            long streamSize = 1 + varintSize(labels.length) + labels.length;
            for (int i = 0; i < entries.size(); i++) {
                LogEntry e = entries.get(i);
                lines[i] = e.lineUtf8() != null ? e.lineUtf8() : e.line().getBytes(StandardCharsets.UTF_8);
                int es = entrySize(e, lines[i]);
                entrySizes[i] = es;
                streamSize += 1 + varintSize(es) + es;
            }
            ensure(streamSize + 10);
            writeTag(1, 2);
            writeVarint(streamSize);
            writeTag(1, 2);
            writeVarint(labels.length);
            writeBytes(labels);
            for (int i = 0; i < entries.size(); i++) {
                LogEntry e = entries.get(i);
                writeTag(2, 2);
                writeVarint(entrySizes[i]);
                long seconds = Math.floorDiv(e.timestampNanos(), 1_000_000_000L);
                int nanos = (int) Math.floorMod(e.timestampNanos(), 1_000_000_000L);
                writeTag(1, 2);
                writeVarint(timestampSize(seconds, nanos));
                if (seconds != 0) {
                    writeTag(1, 0);
                    writeVarint(seconds);
                }
                if (nanos != 0) {
                    writeTag(2, 0);
                    writeVarint(nanos);
                }
                if (lines[i].length > 0) {
                    writeTag(2, 2);
                    writeVarint(lines[i].length);
                    writeBytes(lines[i]);
                }
                for (LabelPair p : e.structuredMetadata()) {
                    byte[] n = p.name().getBytes(StandardCharsets.UTF_8);
                    byte[] v = p.value().getBytes(StandardCharsets.UTF_8);
                    writeTag(3, 2);
                    writeVarint(pairSize(n, v));
                    writeString(1, n);
                    writeString(2, v);
                }
            }
        }
        return java.util.Arrays.copyOf(out, pos);
    }

    private static int timestampSize(long seconds, int nanos) {
        int s = 0;
        if (seconds != 0) {
            s += 1 + varintSize(seconds);
        }
        if (nanos != 0) {
            s += 1 + varintSize(nanos);
        }
        return s;
    }

    private static int pairSize(byte[] n, byte[] v) {
        int s = 0;
        if (n.length > 0) {
            s += 1 + varintSize(n.length) + n.length;
        }
        if (v.length > 0) {
            s += 1 + varintSize(v.length) + v.length;
        }
        return s;
    }

    private static int entrySize(LogEntry e, byte[] line) {
        long seconds = Math.floorDiv(e.timestampNanos(), 1_000_000_000L);
        int nanos = (int) Math.floorMod(e.timestampNanos(), 1_000_000_000L);
        int ts = timestampSize(seconds, nanos);
        int s = 1 + varintSize(ts) + ts;
        if (line.length > 0) {
            s += 1 + varintSize(line.length) + line.length;
        }
        for (LabelPair p : e.structuredMetadata()) {
            int ps = pairSize(p.name().getBytes(StandardCharsets.UTF_8), p.value().getBytes(StandardCharsets.UTF_8));
            s += 1 + varintSize(ps) + ps;
        }
        return s;
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private void ensure(long extra) {
        if (pos + extra > out.length) {
            long want = Math.max(out.length * 2L, pos + extra);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("push body too large: " + want + " bytes");
            }
            out = java.util.Arrays.copyOf(out, (int) want);
        }
    }

    private void writeTag(int field, int wireType) {
        out[pos++] = (byte) ((field << 3) | wireType);
    }

    private void writeVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[pos++] = (byte) v;
    }

    private void writeBytes(byte[] b) {
        System.arraycopy(b, 0, out, pos, b.length);
        pos += b.length;
    }

    private void writeString(int field, byte[] b) {
        if (b.length == 0) {
            return;
        }
        writeTag(field, 2);
        writeVarint(b.length);
        writeBytes(b);
    }
}
