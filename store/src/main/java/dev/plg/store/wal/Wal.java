package dev.plg.store.wal;

import dev.plg.store.io.ByteSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-ahead log: numbered segment files of checksummed records, written by one writer thread
 * with group commit (every record queued while an fsync runs is covered by the next single fsync).
 *
 * <p>Segment file: {@code "PLGW"} magic, version u16 = 1, then records. Record: payload length
 * u32, CRC32C u32 over (sequence + payload), sequence u64, payload. All big-endian.
 *
 * <p>Threads: any thread may {@link #append} (callers that need sequence order equal to their own
 * order serialize their calls); {@link #awaitDurable} blocks the caller until its record is
 * fsynced. The writer thread is the only one touching the file channel. {@link #close()} once.
 */
public final class Wal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Wal.class);
    static final byte[] MAGIC = {'P', 'L', 'G', 'W'};
    static final int VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 6;
    static final int RECORD_HEADER_BYTES = 16;
    /** A record larger than this is certainly garbage: pushes are capped far below it. */
    static final int MAX_RECORD_BYTES = 256 << 20;

    /** Receives replayed records in sequence order. The payload array is owned by the callee. */
    @FunctionalInterface
    public interface ReplayHandler {
        void record(long seq, byte[] payload);
    }

    private record Pending(long seq, byte[] payload, int length) {}

    private static final class Segment {
        final long index;
        final Path path;
        long firstSeq = -1;
        long lastSeq = -1;
        long bytes;

        Segment(long index, Path path, long bytes) {
            this.index = index;
            this.path = path;
            this.bytes = bytes;
        }
    }

    private final Path dir;
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition durable = lock.newCondition();
    private final List<Segment> segments = new ArrayList<>();
    private ArrayList<Pending> pending = new ArrayList<>();
    private long lastSeq;
    private long durableSeq;
    private IOException failure;
    private boolean closing;
    private FileChannel channel;
    private Segment current;
    private final Thread writer;

    private long bytesTotal;
    private long fsyncsTotal;
    private long recordsTotal;

    private Wal(Path dir, long segmentBytes, long lastSeq) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.lastSeq = lastSeq;
        this.durableSeq = lastSeq;
        this.writer = Thread.ofPlatform().name("plg-wal-writer").daemon(true).unstarted(this::writeLoop);
    }

    /**
     * Opens the WAL in {@code dir}, replaying every intact record to {@code handler} first. A torn
     * or corrupt record ends its segment: the file is truncated there with a warning naming the
     * file and offset, and replay goes on with the next segment.
     *
     * @param minSeq sequences start after {@code max(minSeq, last replayed sequence)}
     */
    public static Wal open(Path dir, long segmentBytes, long minSeq, ReplayHandler handler) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.wal")) {
            for (Path p : ds) {
                files.add(p);
            }
        }
        files.sort(null);
        long last = 0;
        List<Segment> found = new ArrayList<>();
        for (Path p : files) {
            long index;
            try {
                index = Long.parseLong(p.getFileName().toString().replace(".wal", ""));
            } catch (NumberFormatException e) {
                LOG.warn("ignoring unexpected file in WAL directory: {}", p);
                continue;
            }
            Segment seg = new Segment(index, p, 0);
            last = Math.max(last, replaySegment(seg, handler, last));
            found.add(seg);
        }
        Wal wal = new Wal(dir, segmentBytes, Math.max(minSeq, last));
        wal.segments.addAll(found);
        long nextIndex = found.isEmpty() ? 1 : found.getLast().index + 1;
        wal.startSegment(nextIndex);
        wal.writer.start();
        return wal;
    }

    private static long replaySegment(Segment seg, ReplayHandler handler, long afterSeq) throws IOException {
        long maxSeq = afterSeq;
        try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER_BYTES);
            if (size < SEGMENT_HEADER_BYTES || !hasSegmentHeader(ch)) {
                LOG.warn("WAL segment {} has no valid header (size {}); truncating it at offset 0", seg.path, size);
                ch.truncate(0);
                ch.force(true);
                seg.bytes = 0;
                return maxSeq;
            }
            long pos = SEGMENT_HEADER_BYTES;
            CRC32C crc = new CRC32C();
            while (pos < size) {
                String problem = null;
                head.clear();
                if (size - pos < RECORD_HEADER_BYTES) {
                    problem = "torn record header";
                } else {
                    readFully(ch, head, pos);
                    head.flip();
                    int len = head.getInt();
                    int storedCrc = head.getInt();
                    long seq = head.getLong();
                    if (len < 0 || len > MAX_RECORD_BYTES) {
                        problem = "record length " + len + " out of range";
                    } else if (size - pos - RECORD_HEADER_BYTES < len) {
                        problem = "torn record (" + len + " bytes announced, " + (size - pos - RECORD_HEADER_BYTES) + " present)";
                    } else {
                        ByteBuffer body = ByteBuffer.allocate(len);
                        readFully(ch, body, pos + RECORD_HEADER_BYTES);
                        crc.reset();
                        head.position(8);
                        crc.update(head);
                        crc.update(body.array(), 0, len);
                        if ((int) crc.getValue() != storedCrc) {
                            problem = "checksum mismatch";
                        } else if (seq <= maxSeq) {
                            problem = "sequence " + seq + " not after " + maxSeq;
                        } else {
                            handler.record(seq, body.array());
                            maxSeq = seq;
                            if (seg.firstSeq < 0) {
                                seg.firstSeq = seq;
                            }
                            seg.lastSeq = seq;
                            pos += RECORD_HEADER_BYTES + len;
                            continue;
                        }
                    }
                }
                LOG.warn("WAL segment {}: {} at offset {}; truncating the segment there ({} bytes dropped)",
                        seg.path, problem, pos, size - pos);
                ch.truncate(pos);
                ch.force(true);
                size = pos;
            }
            seg.bytes = size;
        }
        return maxSeq;
    }

    private static boolean hasSegmentHeader(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        readFully(ch, b, 0);
        b.flip();
        for (byte m : MAGIC) {
            if (b.get() != m) {
                return false;
            }
        }
        return b.getShort() == VERSION;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private void startSegment(long index) throws IOException {
        Path p = dir.resolve(String.format("%020d.wal", index));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer h = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        h.put(MAGIC).putShort((short) VERSION).flip();
        while (h.hasRemaining()) {
            ch.write(h);
        }
        ch.force(true);
        fsyncDirectory(dir);
        Segment seg = new Segment(index, p, SEGMENT_HEADER_BYTES);
        lock.lock();
        try {
            segments.add(seg);
            current = seg;
        } finally {
            lock.unlock();
        }
        channel = ch;
    }

    /** Makes a directory entry (a created, renamed or deleted file) durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for sync; nothing better is possible there.
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /**
     * Queues one record and returns its sequence number (strictly increasing in call order).
     * The payload must not be changed afterwards.
     *
     * @throws UncheckedIOException when an earlier write failed: the WAL accepts nothing more
     */
    public long append(byte[] payload, int length) {
        lock.lock();
        try {
            if (failure != null) {
                throw new UncheckedIOException("WAL is failed", failure);
            }
            if (closing) {
                throw new IllegalStateException("WAL is closed");
            }
            long seq = ++lastSeq;
            pending.add(new Pending(seq, payload, length));
            work.signal();
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until record {@code seq} is fsynced. */
    public void awaitDurable(long seq) {
        lock.lock();
        try {
            while (durableSeq < seq) {
                if (failure != null) {
                    throw new UncheckedIOException("WAL write failed", failure);
                }
                durable.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    public long lastSequence() {
        lock.lock();
        try {
            return lastSeq;
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        ByteSink batch = new ByteSink(1 << 20);
        CRC32C crc = new CRC32C();
        byte[] seqBytes = new byte[8];
        while (true) {
            ArrayList<Pending> work;
            lock.lock();
            try {
                while (pending.isEmpty() && !closing) {
                    this.work.awaitUninterruptibly();
                }
                if (pending.isEmpty()) {
                    return;
                }
                work = pending;
                pending = new ArrayList<>(Math.max(16, work.size()));
            } finally {
                lock.unlock();
            }
            try {
                if (current.bytes >= segmentBytes) {
                    channel.force(false);
                    channel.close();
                    startSegment(current.index + 1);
                }
                batch.reset();
                for (Pending p : work) {
                    for (int i = 0; i < 8; i++) {
                        seqBytes[i] = (byte) (p.seq >>> (56 - 8 * i));
                    }
                    crc.reset();
                    crc.update(seqBytes, 0, 8);
                    crc.update(p.payload, 0, p.length);
                    batch.writeIntBE(p.length);
                    batch.writeIntBE((int) crc.getValue());
                    batch.writeBytes(seqBytes);
                    batch.writeBytes(p.payload, 0, p.length);
                }
                ByteBuffer buf = ByteBuffer.wrap(batch.array(), 0, batch.size());
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                channel.force(false);
                long last = work.getLast().seq;
                lock.lock();
                try {
                    if (current.firstSeq < 0) {
                        current.firstSeq = work.getFirst().seq;
                    }
                    current.lastSeq = last;
                    current.bytes += batch.size();
                    durableSeq = last;
                    bytesTotal += batch.size();
                    fsyncsTotal++;
                    recordsTotal += work.size();
                    durable.signalAll();
                } finally {
                    lock.unlock();
                }
                if (batch.array().length > (8 << 20)) {
                    batch = new ByteSink(1 << 20);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("WAL write failed; refusing further pushes", e);
                lock.lock();
                try {
                    failure = e instanceof IOException io ? io : new IOException(e);
                    durable.signalAll();
                } finally {
                    lock.unlock();
                }
                return;
            }
        }
    }

    /**
     * Deletes closed segments whose every record has a sequence below {@code neededSeq} (their
     * data is in blocks). The current segment is never deleted.
     */
    public void trimBefore(long neededSeq) {
        List<Segment> doomed = new ArrayList<>();
        lock.lock();
        try {
            for (Segment s : segments) {
                if (s != current && s.lastSeq < neededSeq) {
                    doomed.add(s);
                } else {
                    break;
                }
            }
            segments.removeAll(doomed);
        } finally {
            lock.unlock();
        }
        for (Segment s : doomed) {
            try {
                Files.deleteIfExists(s.path);
            } catch (IOException e) {
                LOG.warn("cannot delete WAL segment {}: {}", s.path, e.toString());
            }
        }
        if (!doomed.isEmpty()) {
            try {
                fsyncDirectory(dir);
            } catch (IOException e) {
                LOG.debug("cannot fsync {}", dir, e);
            }
        }
    }

    /** Counters: bytes written, fsyncs, records, segments on disk, bytes on disk. */
    public long[] stats() {
        lock.lock();
        try {
            long disk = 0;
            for (Segment s : segments) {
                disk += s.bytes;
            }
            return new long[] {bytesTotal, fsyncsTotal, recordsTotal, segments.size(), disk};
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, fsyncs and closes the file. Idempotent. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.force(true);
        channel.close();
    }
}
