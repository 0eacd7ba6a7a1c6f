package dev.plg.agent.tail;

import static java.util.Objects.requireNonNull;

import dev.plg.agent.model.AgentLog;
import dev.plg.agent.model.Labels;
import dev.plg.agent.model.LogEntry;
import dev.plg.agent.model.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Tails one file (Alloy's poll-based tailer): reads complete lines, hands them downstream in chunks,
 * and notices rename+create rotation (inode changed or path gone: drain the old handle, then reopen),
 * copytruncate (size below the read offset: finish the unread part from the copy, then restart at 0)
 * and truncation. Positions advance only as chunks are acknowledged ({@link DeliveryTracker}); the
 * unacknowledged tail of a rotated file is remembered under the rotated file's path so a restart
 * finishes it. One virtual thread per tailer; {@link #stop()} is called by the owning component.
 */
public final class FileTailer {

    /** Tailer settings from {@code loki.source.file}. */
    public record Config(Duration minPoll, Duration maxPoll, boolean tailFromEnd, Charset encoding, String decompression) {
        public Config {
            requireNonNull(minPoll, "minPoll is null");
            requireNonNull(maxPoll, "maxPoll is null");
        }
    }

    /** Read buffer size: large enough to amortise syscalls, small enough to bound memory per file. */
    private static final int BUFFER_SIZE = 256 * 1024;
    /** Alloy's signature length used to recognise a file's copy. */
    private static final int SIGNATURE_SIZE = 1024;

    private final Path path;
    private final Labels labels;
    private final Positions positions;
    private final Positions.Key key;
    private final Config config;
    private final Consumer<List<LogEntry>> sink;
    private final AgentLog log;
    private final Metrics.Series readBytes;
    private final Metrics.Series fileBytes;
    private final Metrics.Series readLines;

    private volatile boolean stopped;
    private Thread thread;

    // Tailer-thread state.
    private FileChannel channel;
    private long inode;
    private long readOffset;
    private byte[] buf = new byte[BUFFER_SIZE];
    private int carry;
    private DeliveryTracker tracker;
    private byte[] signature = new byte[0];
    private long lastTs;
    private Charset charset;
    private int newlineWidth = 1;
    private boolean bigEndian16;
    private volatile long ackedView;

    public FileTailer(Path path, Labels labels, Positions positions, Positions.Key key, Config config,
                      Consumer<List<LogEntry>> sink, Metrics metrics, String componentId, AgentLog log) {
        this.path = requireNonNull(path, "path is null");
        this.labels = requireNonNull(labels, "labels is null");
        this.positions = requireNonNull(positions, "positions is null");
        this.key = requireNonNull(key, "key is null");
        this.config = requireNonNull(config, "config is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.log = requireNonNull(log, "log is null");
        String p = path.toString();
        this.readBytes = metrics.gauge("loki_source_file_read_bytes_total", "Number of bytes read.", "component_id", "component_path", "path")
                .labels(componentId, "/", p);
        this.fileBytes = metrics.gauge("loki_source_file_file_bytes_total", "Number of bytes total.", "component_id", "component_path", "path")
                .labels(componentId, "/", p);
        this.readLines = metrics.counter("loki_source_file_read_lines_total", "Number of lines read.", "component_id", "component_path", "path")
                .labels(componentId, "/", p);
        setEncoding(config.encoding());
    }

    public Path path() {
        return path;
    }

    public Positions.Key key() {
        return key;
    }

    /** Acknowledged offset (what the positions file holds for this file). */
    public long ackedOffset() {
        return ackedView;
    }

    public long readOffset() {
        return readOffset;
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofVirtual().name("tailer-" + path.getFileName()).start(this::run);
        }
    }

    /** Stops reading and waits for the thread; lines in flight keep their acknowledgements. */
    public void stop() {
        stopped = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void setEncoding(Charset cs) {
        charset = cs == null ? StandardCharsets.UTF_8 : cs;
        String n = charset.name();
        if (n.equals("UTF-16LE") || n.equals("UTF-16")) {
            newlineWidth = 2;
            bigEndian16 = false;
            charset = StandardCharsets.UTF_16LE;
        } else if (n.equals("UTF-16BE")) {
            newlineWidth = 2;
            bigEndian16 = true;
        } else {
            newlineWidth = 1;
        }
    }

    private void run() {
        try {
            if (config.decompression() != null) {
                readCompressed();
                return;
            }
            if (!openInitial()) {
                return;
            }
            long poll = config.minPoll().toMillis();
            while (!stopped) {
                if (!signatureMatches()) {
                    handleTruncation();
                    continue;
                }
                int n = readAvailable(channel);
                if (n > 0) {
                    poll = config.minPoll().toMillis();
                    continue;
                }
                if (checkRotation()) {
                    poll = config.minPoll().toMillis();
                    continue;
                }
                Thread.sleep(Math.max(1, poll));
                poll = Math.min(poll * 2, Math.max(1, config.maxPoll().toMillis()));
            }
        } catch (InterruptedException | ClosedByInterruptException e) {
            // stopping
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                log.error("tailer failed", "path", path, "err", e.toString());
            }
        } finally {
            closeChannel();
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            channel = null;
        }
    }

    static long inodeOf(Path p) throws IOException {
        try {
            Object ino = Files.getAttribute(p, "unix:ino");
            return ino instanceof Long l ? l : 0L;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            Object k = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            return k == null ? 0L : k.hashCode() & 0xffffffffL;
        }
    }

    /** Opens the file (waiting while it does not exist) and picks the start offset. */
    private boolean openInitial() throws IOException, InterruptedException {
        long backoff = 1000;
        while (!stopped) {
            try {
                channel = FileChannel.open(path, StandardOpenOption.READ);
                break;
            } catch (NoSuchFileException e) {
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
        if (stopped) {
            return false;
        }
        inode = inodeOf(path);
        long size = channel.size();
        Positions.Position saved = positions.get(key);
        long start;
        if (saved != null && saved.offset() >= 0) {
            if (saved.inode() != 0 && inode != 0 && saved.inode() != inode) {
                // Rotated while the agent was down: finish the old file first, then read the new one from 0.
                Path old = findByInode(saved.inode());
                if (old != null) {
                    log.info("finishing file rotated while the agent was stopped", "path", path, "rotated_to", old);
                    drainOther(old, saved.offset(), saved.inode());
                    drainNewerRotations(old, saved.inode());
                }
                start = 0;
            } else if (saved.offset() > size) {
                log.info("stored position is beyond the file size, reading from the start", "path", path,
                        "position", saved.offset(), "size", size);
                start = 0;
            } else {
                start = saved.offset();
            }
        } else if (config.tailFromEnd()) {
            start = lastNewlineEnd(size);
        } else {
            start = 0;
        }
        readOffset = start;
        carry = 0;
        tracker = new DeliveryTracker(start, this::onAcked);
        ackedView = start;
        positions.put(key, start, inode);
        updateSignature();
        return true;
    }

    private void onAcked(long offset) {
        ackedView = offset;
        positions.put(key, offset, inode);
    }

    private long lastNewlineEnd(long size) throws IOException {
        long pos = size;
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (pos > 0) {
            int len = (int) Math.min(8192, pos);
            b.clear().limit(len);
            channel.read(b, pos - len);
            for (int i = len - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return pos - len + i + 1;
                }
            }
            pos -= len;
        }
        return 0;
    }

    /** Reads what is available from {@code ch} at {@code readOffset}; returns the bytes read (0 at EOF). */
    private int readAvailable(FileChannel ch) throws IOException {
        if (carry == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer: grow
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, carry, buf.length - carry);
        int r = ch.read(bb, readOffset);
        if (r <= 0) {
            return 0;
        }
        long chunkStart = readOffset - carry;
        readOffset += r;
        int len = carry + r;
        int start = 0;
        if (chunkStart == 0) {
            start = skipBom(len);
        }
        // UTF-8 lines stay bytes (decoded only if a stage asks for the String); other charsets decode here.
        List<byte[]> raw = charset == StandardCharsets.UTF_8 ? new ArrayList<>(Math.max(16, r / 128)) : null;
        List<String> lines = raw == null ? new ArrayList<>() : List.of();
        int lineStart = start;
        if (newlineWidth == 1) {
            for (int i = start; i < len; i++) {
                if (buf[i] == '\n') {
                    if (raw != null) {
                        int end = i > lineStart && buf[i - 1] == '\r' ? i - 1 : i;
                        raw.add(Arrays.copyOfRange(buf, lineStart, end));
                    } else {
                        lines.add(decode(lineStart, i));
                    }
                    lineStart = i + 1;
                }
            }
        } else {
            for (int i = start; i + 1 < len; i += 2) {
                boolean nl = bigEndian16 ? buf[i] == 0 && buf[i + 1] == '\n' : buf[i] == '\n' && buf[i + 1] == 0;
                if (nl) {
                    lines.add(decode(lineStart, i));
                    lineStart = i + 2;
                }
            }
        }
        carry = len - lineStart;
        if (lineStart > 0 && carry > 0) {
            System.arraycopy(buf, lineStart, buf, 0, carry);
        }
        long endOffset = readOffset - carry;
        emit(lines, raw, endOffset);
        readBytes.set(readOffset);
        fileBytes.set(Math.max(readOffset, sizeQuietly(ch)));
        if (signature.length < SIGNATURE_SIZE && ch == channel) {
            updateSignature();
        }
        return r;
    }

    private static long sizeQuietly(FileChannel ch) {
        try {
            return ch.size();
        } catch (IOException e) {
            return 0;
        }
    }

    private int skipBom(int len) {
        if (len >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
            setEncoding(StandardCharsets.UTF_8);
            return 3;
        }
        if (len >= 2 && (buf[0] & 0xff) == 0xFF && (buf[1] & 0xff) == 0xFE) {
            setEncoding(StandardCharsets.UTF_16LE);
            return 2;
        }
        if (len >= 2 && (buf[0] & 0xff) == 0xFE && (buf[1] & 0xff) == 0xFF) {
            setEncoding(StandardCharsets.UTF_16BE);
            return 2;
        }
        return 0;
    }

    private String decode(int from, int to) {
        int end = to;
        if (newlineWidth == 1 && end > from && buf[end - 1] == '\r') {
            end--;
        } else if (newlineWidth == 2 && end - 2 >= from) {
            boolean cr = bigEndian16 ? buf[end - 2] == 0 && buf[end - 1] == '\r' : buf[end - 2] == '\r' && buf[end - 1] == 0;
            if (cr) {
                end -= 2;
            }
        }
        return new String(buf, from, end - from, charset);
    }

    private void emit(List<String> lines, long endOffset) {
        emit(lines, null, endOffset);
    }

    /** Hands one chunk downstream: {@code raw} UTF-8 lines when not null, else {@code lines}. */
    private void emit(List<String> lines, List<byte[]> raw, long endOffset) {
        int n = raw != null ? raw.size() : lines.size();
        DeliveryTracker.Delivery d = tracker.open(endOffset, n);
        if (n == 0) {
            return;
        }
        List<LogEntry> entries = new ArrayList<>(n);
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < n; i++) {
            long ts = Math.max(now, lastTs + 1);
            lastTs = ts;
            entries.add(raw != null ? LogEntry.ofUtf8(labels, ts, raw.get(i), d) : new LogEntry(labels, ts, lines.get(i), d));
        }
        readLines.add(n);
        sink.accept(entries);
    }

    /** Emits a trailing line without newline (when a file was rotated away or truncated). */
    private void emitPartial() {
        if (carry > 0) {
            int c = carry;
            carry = 0;
            emit(List.of(decodePartial(c)), readOffset);
        }
    }

    private String decodePartial(int len) {
        return decode(0, len);
    }

    private void updateSignature() throws IOException {
        int want = (int) Math.min(SIGNATURE_SIZE, Math.max(0, channel.size()));
        if (want <= signature.length) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(want);
        channel.read(b, 0);
        signature = Arrays.copyOf(b.array(), b.position());
    }

    /** Returns true when the file was rotated or truncated and reading restarts. */
    private boolean checkRotation() throws IOException, InterruptedException {
        long curInode;
        long size;
        try {
            curInode = inodeOf(path);
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            curInode = -1;
            size = -1;
        }
        if (curInode != inode) {
            // rename + create (or deleted): finish the old handle, then follow the path.
            while (readAvailable(channel) > 0) {
                if (stopped) {
                    return false;
                }
            }
            emitPartial();
            Path rotated = findByInode(inode);
            retire(tracker, rotated, inode);
            log.info("file rotated, reopening", "path", path, "rotated_to", rotated == null ? "(deleted)" : rotated.toString());
            closeChannel();
            drainNewerRotations(rotated, inode);
            FileChannel next = null;
            long backoff = config.minPoll().toMillis();
            while (next == null && !stopped) {
                try {
                    next = FileChannel.open(path, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    Thread.sleep(Math.max(1, backoff));
                    backoff = Math.min(backoff * 2, 1000);
                }
            }
            if (next == null) {
                return false;
            }
            channel = next;
            inode = inodeOf(path);
            startOver();
            return true;
        }
        if (size < readOffset) {
            handleTruncation();
            return true;
        }
        return false;
    }

    /**
     * True while the file still starts with the bytes we saw (a copytruncate followed by fast new
     * writes can make the file grow past our offset again before we notice the size drop).
     */
    private boolean signatureMatches() throws IOException {
        if (signature.length == 0) {
            return true;
        }
        ByteBuffer b = ByteBuffer.allocate(signature.length);
        int r = channel.read(b, 0);
        if (r < signature.length) {
            return r < 0 && readOffset == 0;
        }
        return Arrays.equals(b.array(), signature);
    }

    /** Copytruncate or truncation: finish the unread part from the copy if there is one, then restart at 0. */
    private boolean handleTruncation() throws IOException {
        {
            long unread = readOffset - carry;
            Path copy = findCopy(unread);
            log.info("file truncated, reading from the start", "path", path, "copy", copy == null ? "(none)" : copy.toString());
            carry = 0;
            readOffset = unread;
            if (copy != null) {
                long copyInode = inodeOf(copy);
                try (FileChannel c = FileChannel.open(copy, StandardOpenOption.READ)) {
                    while (readAvailable(c) > 0) {
                        if (stopped) {
                            return false;
                        }
                    }
                    emitPartial();
                }
                retire(tracker, copy, copyInode);
                drainNewerRotations(copy, copyInode);
            } else {
                retire(tracker, null, 0);
            }
            startOver();
            return true;
        }
    }

    private void startOver() throws IOException {
        readOffset = 0;
        carry = 0;
        signature = new byte[0];
        tracker = new DeliveryTracker(0, this::onAcked);
        ackedView = 0;
        positions.put(key, 0, inode);
        updateSignature();
        setEncoding(config.encoding());
    }

    /**
     * Hands the old file's tracker over to the rotated path: its position lives on under that path
     * until every chunk is acknowledged, so a restart in between finishes the rotated file.
     */
    private void retire(DeliveryTracker old, Path rotated, long oldInode) {
        if (rotated == null) {
            old.setOnAdvance(offset -> { });
            return;
        }
        Positions.Key rk = new Positions.Key(rotated.toString(), key.labels());
        String live = path.toString();
        // By inode, not by name: a further rotation moves the entry (.1 -> .2) while chunks are pending.
        old.setOnAdvance(offset -> positions.putRotated(key.labels(), live, oldInode, offset));
        if (!old.allAcked()) {
            claim(rk, old.acked(), oldInode);
        }
        old.onDrained(() -> positions.removeRotated(key.labels(), live, oldInode));
    }

    /**
     * Records {@code inode}'s position under the rotated name {@code rk}. When that name still holds the
     * position of an older file (rotated again since, e.g. {@code .1} to {@code .2}), that position first
     * moves to wherever its file is now, so a restart still finishes it.
     */
    private void claim(Positions.Key rk, long offset, long inode) {
        claim(rk, offset, inode, 0);
    }

    private void claim(Positions.Key rk, long offset, long inode, int depth) {
        Positions.Position previous = positions.get(rk);
        if (previous != null && previous.inode() != inode && previous.inode() != 0) {
            positions.remove(rk);
            try {
                Path moved = findByInode(previous.inode());
                if (moved != null && depth < 64) {
                    // that name may in turn hold an even older file's entry: move it on as well
                    claim(new Positions.Key(moved.toString(), key.labels()), previous.offset(), previous.inode(), depth + 1);
                }
            } catch (IOException e) {
                log.warn("cannot find where a rotated file moved; its unacknowledged lines may be read again or lost",
                        "path", rk.path(), "error", e.getMessage());
            }
        }
        positions.put(rk, offset, inode);
    }

    /** Reads another file from {@code from} to its end (a file rotated while the agent was down). */
    private void drainOther(Path other, long from, long otherInode) throws IOException {
        try (FileChannel c = FileChannel.open(other, StandardOpenOption.READ)) {
            drainOther(c, other, from, otherInode);
        }
    }

    private void drainOther(FileChannel c, Path other, long from, long otherInode) throws IOException {
        Positions.Key rk = new Positions.Key(other.toString(), key.labels());
        String live = path.toString();
        DeliveryTracker t = new DeliveryTracker(from, offset -> positions.putRotated(key.labels(), live, otherInode, offset));
        claim(rk, from, otherInode);
        DeliveryTracker saved = tracker;
        tracker = t;
        readOffset = from;
        carry = 0;
        while (readAvailable(c) > 0 && !stopped) {
            // keep reading
        }
        emitPartial();
        t.onDrained(() -> positions.removeRotated(key.labels(), live, otherInode));
        tracker = saved;
    }

    /**
     * Several rotations can happen between two polls ({@code app.log} → {@code .1} → {@code .2}). When our
     * old file is now {@code <path>.K}, the numbered siblings {@code .K-1 … .1} were rotated after it and
     * were never read: read them, oldest first, before following the path.
     */
    private void drainNewerRotations(Path rotated, long oldInode) throws IOException {
        String base = path.getFileName().toString() + ".";
        int k;
        if (rotated == null) {
            // Our old file is gone (rotated past the last backup): every numbered backup is newer than it.
            k = 1;
            try (Stream<Path> s = Files.list(path.toAbsolutePath().getParent())) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(base)) {
                        try {
                            k = Math.max(k, Integer.parseInt(n.substring(base.length())) + 1);
                        } catch (NumberFormatException ignored) {
                            // not a numbered backup
                        }
                    }
                }
            }
        } else {
            String name = rotated.getFileName().toString();
            if (!name.startsWith(base)) {
                return;
            }
            try {
                k = Integer.parseInt(name.substring(base.length()));
            } catch (NumberFormatException e) {
                return;
            }
        }
        List<Object[]> open = new ArrayList<>();
        try {
            long current;
            try {
                current = inodeOf(path);
            } catch (NoSuchFileException e) {
                current = -1;
            }
            for (int i = k - 1; i >= 1; i--) {
                Path p = path.resolveSibling(base + i);
                if (positions.get(new Positions.Key(p.toString(), key.labels())) != null) {
                    continue; // a left-over entry from a previous run: finished by its own drain
                }
                try {
                    FileChannel c = FileChannel.open(p, StandardOpenOption.READ);
                    long ino = inodeOf(p);
                    if (ino == oldInode || ino == current) {
                        c.close();
                        continue;
                    }
                    open.add(new Object[]{p, c, ino});
                } catch (NoSuchFileException e) {
                    // not there
                }
            }
            for (Object[] o : open) {
                log.info("reading file rotated between polls", "path", path, "rotated_file", o[0]);
                drainOther((FileChannel) o[1], (Path) o[0], 0, (Long) o[2]);
            }
        } finally {
            for (Object[] o : open) {
                ((FileChannel) o[1]).close();
            }
        }
    }

    /**
     * Finishes a position entry whose file is no longer a target (left over from a rotation before a
     * restart): reads it from the saved offset to the end, then forgets the entry once acknowledged.
     */
    public static Thread drainLeftover(Path file, Labels labels, Positions positions, Positions.Key key, Positions.Position saved,
                                       Config config, Consumer<List<LogEntry>> sink, Metrics metrics, String componentId,
                                       AgentLog log) {
        FileTailer t = new FileTailer(file, labels, positions, key, config, sink, metrics, componentId, log);
        return Thread.ofVirtual().name("drain-" + file.getFileName()).start(() -> {
            try {
                // The position as loaded, not as now: a live tailer may have moved another file's entry to this name.
                Positions.Position p = saved;
                long from = p == null ? 0 : Math.max(0, p.offset());
                Path source = file;
                long ino = inodeOf(file);
                if (p != null && p.inode() != 0 && p.inode() != ino) {
                    // rotated again while the agent was down (app.log.1 -> app.log.2): follow the file, not the name
                    source = t.findByInode(p.inode());
                    if (source == null) {
                        log.warn("a rotated file with unacknowledged lines is gone", "path", file, "position", from);
                        positions.removeRotated(key.labels(), "", p.inode());
                        return;
                    }
                    ino = p.inode();
                }
                long owner = ino;
                t.inode = ino;
                t.readOffset = from;
                // by inode: the live tailer may rotate this file on to the next name meanwhile
                t.tracker = new DeliveryTracker(from, offset -> positions.putRotated(key.labels(), "", owner, offset));
                try (FileChannel c = FileChannel.open(source, StandardOpenOption.READ)) {
                    if (from > c.size()) {
                        positions.removeRotated(key.labels(), "", owner);
                        return;
                    }
                    while (t.readAvailable(c) > 0) {
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                    }
                    t.emitPartial();
                }
                t.tracker.onDrained(() -> positions.removeRotated(key.labels(), "", owner));
            } catch (IOException | RuntimeException e) {
                log.error("failed to finish rotated file", "path", file, "err", e.toString());
            }
        });
    }

    private Path findByInode(long ino) throws IOException {
        if (ino == 0) {
            return null;
        }
        Path dir = path.toAbsolutePath().getParent();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    if (!p.equals(path) && Files.isRegularFile(p) && inodeOf(p) == ino) {
                        return p;
                    }
                } catch (IOException ignored) {
                    // vanished
                }
            }
        }
        return null;
    }

    /** A file in the same directory whose start equals our signature and that is at least {@code minSize} long. */
    private Path findCopy(long minSize) throws IOException {
        if (signature.length == 0 || minSize == 0) {
            return null;
        }
        int sigLen = (int) Math.min(signature.length, minSize);
        Path dir = path.toAbsolutePath().getParent();
        Path best = null;
        long bestTime = Long.MIN_VALUE;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    if (p.equals(path) || !Files.isRegularFile(p) || Files.size(p) < minSize || inodeOf(p) == inode) {
                        continue;
                    }
                    byte[] head = new byte[sigLen];
                    try (InputStream in = Files.newInputStream(p)) {
                        if (in.readNBytes(head, 0, sigLen) != sigLen) {
                            continue;
                        }
                    }
                    if (Arrays.equals(head, 0, sigLen, signature, 0, sigLen)) {
                        long t = Files.getLastModifiedTime(p).toMillis();
                        if (t > bestTime) {
                            best = p;
                            bestTime = t;
                        }
                    }
                } catch (IOException ignored) {
                    // vanished
                }
            }
        }
        return best;
    }

    /** {@code decompression} block: reads the whole (gz / zlib) file once and emits every line. */
    private void readCompressed() throws IOException, InterruptedException {
        Positions.Position saved = positions.get(key);
        long skip = saved == null ? 0 : Math.max(0, saved.offset());
        while (!stopped && !Files.exists(path)) {
            Thread.sleep(1000);
        }
        if (stopped) {
            return;
        }
        inode = inodeOf(path);
        tracker = new DeliveryTracker(skip, this::onAcked);
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = switch (config.decompression()) {
                 case "gz" -> new GZIPInputStream(raw, 65536);
                 case "z" -> new InflaterInputStream(raw);
                 default -> throw new IOException("unsupported decompression format " + config.decompression());
             }) {
            in.skipNBytes(Math.min(skip, Long.MAX_VALUE));
            readOffset = skip;
            byte[] chunk = new byte[BUFFER_SIZE];
            int r;
            while (!stopped && (r = in.read(chunk)) > 0) {
                if (carry + r > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, carry + r));
                }
                System.arraycopy(chunk, 0, buf, carry, r);
                long chunkStart = readOffset - carry;
                readOffset += r;
                int len = carry + r;
                List<String> lines = new ArrayList<>();
                int lineStart = 0;
                for (int i = 0; i < len; i++) {
                    if (buf[i] == '\n') {
                        lines.add(decode(lineStart, i));
                        lineStart = i + 1;
                    }
                }
                carry = len - lineStart;
                System.arraycopy(buf, lineStart, buf, 0, carry);
                emit(lines, readOffset - carry);
                if (chunkStart < 0) {
                    break;
                }
            }
            emitPartial();
        }
    }
}
