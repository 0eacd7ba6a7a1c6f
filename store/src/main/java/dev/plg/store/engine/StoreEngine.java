package dev.plg.store.engine;

import dev.plg.push.LabelPair;
import dev.plg.push.LabelsText;
import dev.plg.push.PushRequest;
import dev.plg.store.Limits;
import dev.plg.store.PushResult;
import dev.plg.store.StoreConfig;
import dev.plg.store.StoreMetrics;
import dev.plg.store.block.BlockFormat;
import dev.plg.store.block.BlockMeta;
import dev.plg.store.block.TrigramBloom;
import dev.plg.store.ingest.PreparedStream;
import dev.plg.store.ingest.TokenBucket;
import dev.plg.store.ingest.Validator;
import dev.plg.store.io.ByteSink;
import dev.plg.store.io.ByteSource;
import dev.plg.store.io.CorruptDataException;
import dev.plg.store.read.Direction;
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.LabelMatcher;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.StreamRef;
import dev.plg.store.read.StreamStats;
import dev.plg.store.read.TailListener;
import dev.plg.store.wal.Wal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's implementation behind {@link dev.plg.store.LogStore}; internal API.
 *
 * <h2>Concurrency</h2>
 * Validation, discovery and WAL encoding run in the pushing thread without locks. Then one
 * short critical section ({@link #applyLock}) checks stream limits, takes the WAL sequence and
 * appends to the heads, so head contents follow WAL order exactly; that makes a block's
 * {@code walSeq} a precise replay bound. The pusher then waits for the group commit outside the
 * lock. One flusher thread cuts heads into blocks; one maintenance thread runs retention.
 */
public final class StoreEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreEngine.class);

    private final StoreConfig config;
    private final Limits limits;
    private final InstantSource clock;
    private final Validator validator;
    private final Path tenantsDir;
    private final ConcurrentHashMap<String, TenantState> tenants = new ConcurrentHashMap<>();
    private final ReentrantLock applyLock = new ReentrantLock();
    private final ReentrantLock flushLock = new ReentrantLock();
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition flushSignal = signalLock.newCondition();
    private final Condition flushDone = signalLock.newCondition();
    private boolean flushRequested;
    private volatile boolean closed;
    private Wal wal;
    private long seqCounter;
    private final AtomicLong blockNumbers = new AtomicLong();
    /** Raw bytes in all heads; written under {@link #applyLock}, read anywhere. */
    private volatile long headBytes;
    /**
     * Sum of the live heads' line array sizes (used or not): what the memory bound counts, since a
     * head sized up front for a block holds that memory before its lines arrive.
     */
    private volatile long headCapacity;
    /** Line array sizes of heads cut but not yet written as blocks (still in memory). */
    private final AtomicLong frozenBytes = new AtomicLong();
    private Thread flusher;
    private Thread maintenance;
    private final TrigramBloom.Builder bloomBuilder = new TrigramBloom.Builder();
    final Cursors.ScanCounters scanCounters = new Cursors.ScanCounters();

    private final LongAdder ingestedLines = new LongAdder();
    private final LongAdder ingestedBytes = new LongAdder();
    private final LongAdder discardedLines = new LongAdder();
    private final LongAdder discardedBytes = new LongAdder();
    private final LongAdder duplicateLines = new LongAdder();
    private final LongAdder blocksCut = new LongAdder();
    private final LongAdder retentionDeleted = new LongAdder();
    private final AtomicLong blockFiles = new AtomicLong();
    private final AtomicLong blockFileBytes = new AtomicLong();
    private final AtomicLong blockRawBytes = new AtomicLong();

    private StoreEngine(StoreConfig config, Limits limits, InstantSource clock) {
        this.config = config;
        this.limits = limits;
        this.clock = clock;
        this.validator = new Validator(limits);
        this.tenantsDir = config.dataDirectory().resolve("tenants");
    }

    public static StoreEngine open(StoreConfig config, Limits limits, InstantSource clock) throws IOException {
        StoreEngine e = new StoreEngine(config, limits, clock);
        e.load();
        return e;
    }

    public Limits limits() {
        return limits;
    }

    private long nowNanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    // ------------------------------------------------------------------ open

    private void load() throws IOException {
        BlockFormat.loadCodec();
        Files.createDirectories(tenantsDir);
        long maxSeq = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tenantsDir)) {
            for (Path dir : ds) {
                if (Files.isDirectory(dir)) {
                    String tenant = decodeTenant(dir.getFileName().toString());
                    TenantState t = openTenant(tenant, dir);
                    for (StreamState s : t.streams()) {
                        maxSeq = Math.max(maxSeq, s.flushedSeq);
                    }
                }
            }
        }
        seqCounter = maxSeq;
        Path walDir = config.dataDirectory().resolve("wal");
        if (config.walEnabled()) {
            wal = Wal.open(walDir, config.walSegmentBytes(), maxSeq, this::replay);
            // Segments left by earlier runs whose records are all in blocks (or that are empty) go now.
            wal.trimBefore(neededSeq());
        } else if (Files.isDirectory(walDir)) {
            // Data acknowledged while the WAL was on must survive turning it off: replay, flush, drop.
            Wal old = Wal.open(walDir, config.walSegmentBytes(), maxSeq, this::replay);
            seqCounter = old.lastSequence();
            old.close();
            flush(true);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir)) {
                for (Path p : ds) {
                    Files.deleteIfExists(p);
                }
            }
        }
        flusher = Thread.ofPlatform().name("plg-store-flusher").daemon(true).start(this::flushLoop);
        maintenance = Thread.ofPlatform().name("plg-store-retention").daemon(true).start(this::maintenanceLoop);
    }

    private TenantState openTenant(String tenant, Path dir) throws IOException {
        TenantState t = new TenantState(tenant, dir, new TokenBucket(limits.ingestionRateBytes(), limits.ingestionBurstBytes(), nowNanos()));
        Files.createDirectories(t.blocksDir);
        t.log = StreamsLog.open(dir.resolve("streams.log"), (id, key) -> {
            List<LabelPair> labels = LabelsText.parse(key);
            t.add(new StreamState(id, key, new StreamRef(id, labels)));
        });
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(t.blocksDir)) {
            byte[] buf = new byte[4096];
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                    continue;
                }
                if (!name.endsWith(".blk")) {
                    continue;
                }
                long number = Long.parseLong(name.substring(name.indexOf('-') + 1, name.length() - 4));
                int n;
                try (InputStream in = Files.newInputStream(p)) {
                    n = in.readNBytes(buf, 0, buf.length);
                }
                BlockMeta meta = BlockFormat.readHeader(buf, n, Files.size(p), p.toString()).meta();
                StreamState s = t.byId(meta.streamId());
                if (s == null) {
                    throw new CorruptDataException(p + ": block of stream " + meta.streamId() + " that " + dir.resolve("streams.log") + " does not list");
                }
                s.addBlock(new StreamState.BlockRef(meta, p, number));
                s.flushedSeq = Math.max(s.flushedSeq, meta.walSeq());
                blockNumbers.accumulateAndGet(number + 1, Math::max);
                blockFiles.incrementAndGet();
                blockFileBytes.addAndGet(meta.fileBytes());
                blockRawBytes.addAndGet(meta.rawBytes());
            }
        }
        tenants.put(tenant, t);
        return t;
    }

    private TenantState tenant(String id) {
        TenantState t = tenants.get(id);
        if (t != null) {
            return t;
        }
        synchronized (tenants) {
            t = tenants.get(id);
            if (t == null) {
                try {
                    Path dir = tenantsDir.resolve(encodeTenant(id));
                    Files.createDirectories(dir);
                    t = openTenant(id, dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the directory of tenant '" + id + "'", e);
                }
            }
            return t;
        }
    }

    /** Tenant ids become directory names: unreserved characters kept, the rest as %XX. */
    static String encodeTenant(String id) {
        StringBuilder b = new StringBuilder();
        for (byte c : id.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || (c == '.' && !b.isEmpty())) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xFF));
            }
        }
        return b.toString();
    }

    static String decodeTenant(String name) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                out.write(Integer.parseInt(name.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ WAL records

    /** WAL payload: tenant, then per stream the label text and entries (ts, line, metadata). */
    static ByteSink encodeRecord(String tenant, List<PreparedStream> streams, boolean[][] keep) {
        ByteSink out = new ByteSink((int) Math.min(Integer.MAX_VALUE - 16, recordSize(tenant, streams)));
        out.writeString(tenant);
        int kept = 0;
        for (int i = 0; i < streams.size(); i++) {
            if (keep == null || keep[i] != null) {
                kept++;
            }
        }
        out.writeVarInt(kept);
        for (int i = 0; i < streams.size(); i++) {
            if (keep == null || keep[i] != null) {
                encodeStream(out, streams.get(i));
            }
        }
        return out;
    }

    private static long recordSize(String tenant, List<PreparedStream> streams) {
        long size = 32 + tenant.length();
        for (int i = 0; i < streams.size(); i++) {
            PreparedStream s = streams.get(i);
            size += s.key.length() * 2L + 16 + s.count * 12L + s.lineBytes() + s.count * 24L;
        }
        return size;
    }

    /** One stream of a WAL record: label text, entry count, then the entries run by run. */
    private static void encodeStream(ByteSink out, PreparedStream s) {
        out.writeString(s.key);
        out.writeVarInt(s.count);
        for (int from = 0; from < s.count; from += RUN) {
            encodeEntries(out, s, from, Math.min(s.count, from + RUN));
        }
    }

    /**
     * Loops over entries go through runs of at most this many, each run one call: a method whose
     * loop turns more than ~65 times per call gets its loop compiled on-stack (OSR) by C2 before
     * the method itself is hot enough, and then the method compiled a second time.
     */
    static final int RUN = 32;

    /** Entries {@code [from, to)} of {@code s} (ts, line, metadata) into a WAL record. */
    private static void encodeEntries(ByteSink out, PreparedStream s, int from, int to) {
        List<LabelPair> lastMd = null;
        byte[] lastMdBytes = null;
        for (int j = from; j < to; j++) {
            out.writeZigZag(s.timestamps[j]);
            byte[] line = s.lines[j];
            out.writeVarInt(line.length);
            out.writeBytes(line);
            List<LabelPair> md = s.metadata(j);
            if (md != lastMd) {
                // Entries of a stream mostly share one metadata list (detected_level): encode it once.
                lastMd = md;
                lastMdBytes = encodeMetadata(md);
            }
            out.writeBytes(lastMdBytes);
        }
    }

    /** A WAL entry's metadata: count, then name and value of each pair. */
    private static byte[] encodeMetadata(List<LabelPair> md) {
        ByteSink out = new ByteSink(8 + md.size() * 24);
        out.writeVarInt(md.size());
        for (LabelPair p : md) {
            out.writeString(p.name());
            out.writeString(p.value());
        }
        return out.toByteArray();
    }

    private void replay(long seq, byte[] payload) {
        ByteSource in = new ByteSource(payload);
        String tenantId = in.readString();
        int streams = in.readVarInt();
        TenantState t = tenant(tenantId);
        long now = nowNanos();
        applyLock.lock();
        try {
            seqCounter = Math.max(seqCounter, seq);
            for (int i = 0; i < streams; i++) {
                String key = in.readString();
                int count = in.readVarInt();
                StreamState s = t.byKey.get(key);
                if (s == null) {
                    s = createStream(t, key, LabelsText.parse(key));
                }
                boolean skip = seq <= s.flushedSeq;
                for (int j = 0; j < count; j++) {
                    long ts = in.readZigZag();
                    int len = in.readVarInt();
                    byte[] line = new byte[len];
                    System.arraycopy(payload, in.position(), line, 0, len);
                    in.skip(len);
                    int mdCount = in.readVarInt();
                    List<LabelPair> md = mdCount == 0 ? List.of() : new ArrayList<>(mdCount);
                    for (int k = 0; k < mdCount; k++) {
                        md.add(new LabelPair(in.readString(), in.readString()));
                    }
                    if (!skip) {
                        appendEntry(t, s, ts, line, mdCount == 0 ? md : List.copyOf(md), seq, now);
                    }
                }
                if (!skip) {
                    s.publishHead(s.head.snapshot());
                }
            }
        } finally {
            applyLock.unlock();
        }
    }

    // ------------------------------------------------------------------ push

    /*
     * The push path is a chain of small methods: push() runs once per request and has no loop of
     * its own; each loop over streams or entries is in a method of its own, with refusals, error
     * texts, duplicates and tails out of line. pushbench calls push() only a few hundred times,
     * so the JIT compiles the per-stream and per-entry methods (small, each once) instead of one
     * giant unit with every callee inlined, which it used to compile two or three times.
     */
    public PushResult push(String tenantId, PushRequest request) {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        long now = nowNanos();
        List<String> errors = new ArrayList<>();
        long[] discarded = new long[2];
        List<PreparedStream> prepared = validator.prepare(request, now, errors, discarded);
        if (prepared.isEmpty()) {
            count(discarded);
            return errors.isEmpty() ? PushResult.ok(0) : new PushResult(0, errors, PushResult.Category.BAD_REQUEST);
        }
        awaitHeadRoom();
        TenantState t = tenant(tenantId);
        long total = totalBytes(prepared);
        if (!t.rate.tryAcquire(total, now)) {
            return rateLimited(tenantId, prepared, total, discarded, errors);
        }
        ByteSink record = wal != null ? encodeRecord(tenantId, prepared, null) : null;
        Batch b = new Batch(prepared.size());
        long seq;
        applyLock.lock();
        try {
            admit(t, tenantId, prepared, b, errors, now);
            if (b.keep != null && wal != null) {
                record = encodeRecord(tenantId, prepared, b.keep);
            }
            seq = wal != null ? wal.append(record.array(), record.size()) : ++seqCounter;
            apply(t, prepared, b, seq, now);
        } finally {
            applyLock.unlock();
        }
        if (b.cutRequested || headCapacity >= config.maxHeadBytes()) {
            requestFlush();
        }
        if (wal != null) {
            wal.awaitDurable(seq);
        }
        count(discarded);
        ingestedLines.add(b.accepted);
        ingestedBytes.add(acceptedBytes(prepared, b.targets));
        if (!t.tails.isEmpty()) {
            notifyTails(t, prepared, b.targets, b.appended);
        }
        if (b.rateLimited) {
            return new PushResult(b.accepted, errors, PushResult.Category.RATE_LIMITED);
        }
        return errors.isEmpty() ? PushResult.ok(b.accepted) : new PushResult(b.accepted, errors, PushResult.Category.BAD_REQUEST);
    }

    /** What one push decided and did, stream by stream (index as in the prepared list). */
    private static final class Batch {
        /** The stream each prepared stream goes to; null when refused. */
        final StreamState[] targets;
        /** Per stream, which entries were appended; null when all were (no duplicate). */
        final boolean[][] appended;
        /** Null while no stream is refused; then a non-null entry for each stream kept. */
        boolean[][] keep;
        /** Streams this push makes active (counted against the active stream limit). */
        int activating;
        int accepted;
        boolean rateLimited;
        boolean cutRequested;

        Batch(int streams) {
            targets = new StreamState[streams];
            appended = new boolean[streams][];
        }
    }

    private static long totalBytes(List<PreparedStream> prepared) {
        long total = 0;
        for (int i = 0; i < prepared.size(); i++) {
            total += prepared.get(i).bytes;
        }
        return total;
    }

    private static long acceptedBytes(List<PreparedStream> prepared, StreamState[] targets) {
        long n = 0;
        for (int i = 0; i < prepared.size(); i++) {
            if (targets[i] != null) {
                n += prepared.get(i).lineBytes();
            }
        }
        return n;
    }

    /** The whole push refused by the tenant's ingestion rate (Loki's text). */
    private PushResult rateLimited(String tenantId, List<PreparedStream> prepared, long total, long[] discarded, List<String> errors) {
        int lines = 0;
        for (PreparedStream s : prepared) {
            lines += s.count;
        }
        discardedLines.add(lines + discarded[0]);
        discardedBytes.add(total + discarded[1]);
        errors.add("Ingestion rate limit exceeded for user " + tenantId + " (limit: " + limits.ingestionRateBytes()
                + " bytes/sec) while attempting to ingest '" + lines + "' lines totaling '" + total
                + "' bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased");
        return new PushResult(0, errors, PushResult.Category.RATE_LIMITED);
    }

    /** Apply lock held. Picks each stream's target, or refuses it (active stream limit, per-stream rate). */
    private void admit(TenantState t, String tenantId, List<PreparedStream> prepared, Batch b, List<String> errors, long now) {
        boolean perStreamRate = limits.perStreamRateLimit() > 0;
        for (int i = 0; i < prepared.size(); i++) {
            PreparedStream ps = prepared.get(i);
            StreamState s = t.byKey.get(ps.key);
            if (s != null && s.active && !perStreamRate) {
                b.targets[i] = s; // the usual case: a known, active stream and no per-stream limit
                if (b.keep != null) {
                    b.keep[i] = new boolean[0];
                }
            } else {
                admitChecked(t, tenantId, ps, s, i, b, errors, now);
            }
        }
    }

    /** Apply lock held. Every admission check on stream {@code i}; {@code s} is its state if it exists. */
    private void admitChecked(TenantState t, String tenantId, PreparedStream ps, StreamState s, int i, Batch b,
                              List<String> errors, long now) {
        String refusal = null;
        boolean activates = s == null || !s.active;
        if (activates) {
            int max = maxActiveStreams();
            if (max > 0 && t.activeStreams + b.activating >= max) {
                refusal = "Maximum active stream limit exceeded when trying to create stream " + ps.key
                        + ", reduce the number of active streams (reduce labels or reduce label values), or contact your Loki "
                        + "administrator to see if the limit can be increased, user: '" + tenantId + "'";
            }
        }
        if (refusal == null && limits.perStreamRateLimit() > 0) {
            if (s == null) {
                s = createStream(t, ps.key, ps.labels);
            }
            if (s.rate == null) {
                s.rate = new TokenBucket(limits.perStreamRateLimit(), Math.max(limits.perStreamRateLimit(), limits.perStreamRateLimitBurst()), now);
            }
            if (!s.rate.tryAcquire(ps.bytes, now)) {
                refusal = "Per stream rate limit exceeded (limit: " + Validator.humanizeBytes(limits.perStreamRateLimit())
                        + "/sec) while attempting to ingest for stream '" + ps.key + "' totaling "
                        + Validator.humanizeBytes(ps.bytes) + ", consider splitting a stream via additional labels or contact "
                        + "your Loki administrator to see if the limit can be increased";
            }
        }
        if (refusal != null) {
            errors.add(refusal);
            b.rateLimited = true;
            discardedLines.add(ps.count);
            discardedBytes.add(ps.bytes);
            if (b.keep == null) {
                b.keep = new boolean[b.targets.length][];
                for (int k = 0; k < i; k++) {
                    b.keep[k] = new boolean[0];
                }
            }
            return;
        }
        if (s == null) {
            s = createStream(t, ps.key, ps.labels);
        }
        b.targets[i] = s;
        if (activates) {
            b.activating++;
        }
        if (b.keep != null) {
            b.keep[i] = new boolean[0];
        }
    }

    /** Apply lock held. Appends the entries of every admitted stream with WAL sequence {@code seq}. */
    private void apply(TenantState t, List<PreparedStream> prepared, Batch b, long seq, long now) {
        for (int i = 0; i < prepared.size(); i++) {
            StreamState s = b.targets[i];
            if (s != null) {
                applyStream(t, s, prepared.get(i), i, b, seq, now);
            }
        }
    }

    /**
     * Apply lock held. Appends one stream's entries to its head (cut first when they would take it
     * past the block target), then does the head's bookkeeping once for the lot, as appending them
     * one by one with {@link #appendEntry} would.
     */
    private void applyStream(TenantState t, StreamState s, PreparedStream ps, int i, Batch b, long seq, long now) {
        if (!s.head.isEmpty() && s.head.bytes + ps.lineBytes() > config.blockTargetBytes()) {
            // Cut here, at a record boundary (replay relies on it), rather than when the
            // flusher comes round: blocks stay at or under the target size (so their filter
            // is not twice as large as needed) however busy the flusher is.
            cut(t, s);
            b.cutRequested = true;
        }
        Head h = s.head;
        int before = h.bytes;
        int capacityBefore = h.lineCapacity();
        int run = 0; // entries appended before the first duplicate, if any
        while (run < ps.count) {
            int to = Math.min(ps.count, run + RUN);
            run = h.appendAll(ps, run, to, seq, now);
            if (run < to) {
                break;
            }
        }
        int accepted = run == ps.count ? run : run + appendAfterDuplicate(h, ps, run, i, b, seq, now);
        if (accepted > 0) {
            if (!s.active) {
                s.active = true;
                t.activeStreams++;
            }
            headBytes += h.bytes - before;
            headCapacity += h.lineCapacity() - capacityBefore;
            s.widen(h.minTs, h.maxTs);
            if (h.bytes >= config.blockTargetBytes() && before < config.blockTargetBytes()) {
                requestFlush();
            }
        }
        b.accepted += accepted;
        s.publishHead(h.snapshot());
    }

    /**
     * Apply lock held. Entry {@code dup} of {@code ps} was a duplicate (every one before it was
     * appended): counts it, appends the rest one by one and records which were; returns how many.
     */
    private int appendAfterDuplicate(Head h, PreparedStream ps, int dup, int i, Batch b, long seq, long now) {
        boolean[] added = new boolean[ps.count];
        java.util.Arrays.fill(added, 0, dup, true);
        duplicateLines.increment();
        // The record's entries for this stream are all in this head now, the duplicates as their
        // originals: its blocks must cover the record, or replay would add the duplicates again
        // (after a restart, a push of nothing but duplicates came back as a second copy).
        h.lastSeq = Math.max(h.lastSeq, seq);
        int accepted = 0;
        for (int j = dup + 1; j < ps.count; j++) {
            if (h.append(ps.timestamps[j], ps.lines[j], ps.metadata(j), seq, now)) {
                added[j] = true;
                accepted++;
            } else {
                duplicateLines.increment();
            }
        }
        b.appended[i] = added;
        return accepted;
    }

    /**
     * Backpressure: when heads and cut heads not yet written hold more than 1.5 x
     * {@code maxHeadBytes} (the flusher cannot keep up), pushers wait for flush cycles instead of
     * growing memory without bound.
     */
    private void awaitHeadRoom() {
        long bound = config.maxHeadBytes() + config.maxHeadBytes() / 2;
        if (headCapacity + frozenBytes.get() <= bound) {
            return;
        }
        signalLock.lock();
        try {
            while (headCapacity + frozenBytes.get() > bound && !closed) {
                flushRequested = true;
                flushSignal.signal();
                flushDone.awaitNanos(100_000_000L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signalLock.unlock();
        }
    }

    private void count(long[] discarded) {
        discardedLines.add(discarded[0]);
        discardedBytes.add(discarded[1]);
    }

    private int maxActiveStreams() {
        int local = limits.maxStreamsPerUser();
        int global = limits.maxGlobalStreamsPerUser();
        if (local == 0) {
            return global;
        }
        return global == 0 ? local : Math.min(local, global);
    }

    /** Apply lock held. */
    private StreamState createStream(TenantState t, String key, List<LabelPair> labels) {
        long id = t.nextStreamId();
        StreamState s = new StreamState(id, key, new StreamRef(id, labels));
        try {
            t.log.append(id, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record new stream " + key + " of tenant '" + t.id + "'", e);
        }
        t.add(s);
        return s;
    }

    /** Apply lock held. Returns false for a duplicate. */
    private boolean appendEntry(TenantState t, StreamState s, long ts, byte[] line, List<LabelPair> md, long seq, long now) {
        Head h = s.head;
        int before = h.bytes;
        int capacityBefore = h.lineCapacity();
        if (!h.append(ts, line, md, seq, now)) {
            return false;
        }
        if (!s.active) {
            s.active = true;
            t.activeStreams++;
        }
        headBytes += h.bytes - before;
        headCapacity += h.lineCapacity() - capacityBefore;
        s.widen(ts, ts);
        if (h.bytes >= config.blockTargetBytes() && before < config.blockTargetBytes()) {
            requestFlush();
        }
        return true;
    }

    private void notifyTails(TenantState t, List<PreparedStream> prepared, StreamState[] targets, boolean[][] appended) {
        for (TenantState.TailSubscription sub : t.tails) {
            for (int i = 0; i < prepared.size(); i++) {
                StreamState s = targets[i];
                if (s == null || !matches(sub.matchers(), s.ref)) {
                    continue;
                }
                PreparedStream ps = prepared.get(i);
                for (int j = 0; j < ps.count; j++) {
                    if (appended[i] != null && !appended[i][j]) {
                        continue;
                    }
                    try {
                        sub.listener().onEntry(s.ref, ps.timestamps[j], new String(ps.lines[j], StandardCharsets.UTF_8), ps.metadata(j));
                    } catch (RuntimeException e) {
                        LOG.warn("tail listener failed; ignoring", e);
                    }
                }
            }
        }
    }

    static boolean matches(List<LabelMatcher> matchers, StreamRef ref) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(ref.label(m.name()))) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ flush

    private void requestFlush() {
        signalLock.lock();
        try {
            flushRequested = true;
            flushSignal.signal();
        } finally {
            signalLock.unlock();
        }
    }

    private void flushLoop() {
        long intervalNanos = config.flushInterval().toNanos();
        while (!closed) {
            signalLock.lock();
            try {
                if (!flushRequested) {
                    flushSignal.awaitNanos(intervalNanos);
                }
                flushRequested = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                signalLock.unlock();
            }
            if (closed) {
                return;
            }
            try {
                flush(false);
            } catch (Throwable e) {
                // Errors too (OutOfMemoryError): a dead flusher would stop every later flush.
                LOG.error("flushing heads to blocks failed; will retry", e);
            }
            signalLock.lock();
            try {
                flushDone.signalAll();
            } finally {
                signalLock.unlock();
            }
        }
    }

    private record Cut(TenantState tenant, StreamState stream, StreamState.Frozen frozen) {}

    /**
     * Cuts heads into blocks: all of them when {@code all}, otherwise those over the target size
     * or age, plus the largest ones while heads together exceed the memory bound. Then trims
     * the WAL of segments whose data is now in blocks.
     */
    public void flush(boolean all) throws IOException {
        flushLock.lock();
        try {
            List<Cut> cuts = new ArrayList<>();
            long now = nowNanos();
            long maxAge = config.blockMaxAge().toNanos();
            applyLock.lock();
            try {
                List<StreamState> remaining = new ArrayList<>();
                for (TenantState t : tenants.values()) {
                    for (StreamState s : t.streams()) {
                        // Frozen heads whose block failed earlier are retried first; the head
                        // waits, so blocks of a stream always cover WAL sequences in order.
                        List<StreamState.Frozen> failed = s.view.frozen();
                        for (StreamState.Frozen f : failed) {
                            cuts.add(new Cut(t, s, f));
                        }
                        Head h = s.head;
                        if (h.isEmpty() || !failed.isEmpty()) {
                            continue;
                        }
                        if (all || h.bytes >= config.blockTargetBytes() || now - h.createdNanos >= maxAge) {
                            cuts.add(cut(t, s));
                        } else {
                            remaining.add(s);
                        }
                    }
                }
                if (headCapacity > config.maxHeadBytes()) {
                    remaining.sort(Comparator.comparingInt((StreamState s) -> s.head.bytes).reversed());
                    for (StreamState s : remaining) {
                        if (headCapacity <= config.maxHeadBytes() / 2) {
                            break;
                        }
                        cuts.add(cut(tenantOf(s), s));
                    }
                }
            } finally {
                applyLock.unlock();
            }
            java.util.Set<TenantState> touched = new java.util.HashSet<>();
            for (Cut c : cuts) {
                if (touched.add(c.tenant())) {
                    c.tenant().log.force();
                }
            }
            IOException failure = null;
            for (Cut c : cuts) {
                try {
                    writeBlock(c);
                } catch (IOException | RuntimeException e) {
                    LOG.error("cannot write a block of stream {} of tenant '{}'", c.stream().key, c.tenant().id, e);
                    if (failure == null) {
                        failure = e instanceof IOException io ? io : new IOException(e);
                    }
                }
            }
            for (TenantState t : touched) {
                Wal.fsyncDirectory(t.blocksDir);
            }
            if (wal != null) {
                wal.trimBefore(neededSeq());
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            flushLock.unlock();
        }
    }

    private TenantState tenantOf(StreamState s) {
        for (TenantState t : tenants.values()) {
            if (t.byId(s.id) == s) {
                return t;
            }
        }
        throw new IllegalStateException("stream without tenant: " + s.key);
    }

    /** Apply lock held. */
    private Cut cut(TenantState t, StreamState s) {
        Head h = s.head;
        StreamState.Frozen f = new StreamState.Frozen(h.snapshot(), h.firstSeq, h.lastSeq);
        s.head = Head.after(h, config.blockTargetBytes());
        s.active = false;
        t.activeStreams--;
        headBytes -= h.bytes;
        headCapacity += s.head.lineCapacity() - h.lineCapacity();
        frozenBytes.addAndGet(h.lineCapacity());
        s.addFrozen(f);
        return new Cut(t, s, f);
    }

    private void writeBlock(Cut c) throws IOException {
        StreamState s = c.stream();
        StreamState.Frozen f = c.frozen();
        long walSeq = Math.max(s.flushedSeq, f.lastSeq());
        byte[] bytes = BlockFormat.encode(s.id, walSeq, f.snapshot().toSortedColumns(), bloomBuilder);
        long number = blockNumbers.getAndIncrement();
        Path target = c.tenant().blocksDir.resolve(s.id + "-" + number + ".blk");
        Path tmp = c.tenant().blocksDir.resolve(s.id + "-" + number + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        BlockFormat.Header header = BlockFormat.readHeader(bytes, bytes.length, bytes.length, target.toString());
        s.blockWritten(f, new StreamState.BlockRef(header.meta(), target, number));
        frozenBytes.addAndGet(-f.snapshot().lines().length);
        s.flushedSeq = walSeq;
        blocksCut.increment();
        blockFiles.incrementAndGet();
        blockFileBytes.addAndGet(bytes.length);
        blockRawBytes.addAndGet(header.meta().rawBytes());
    }

    /** The lowest WAL sequence some head or unwritten frozen head still needs. */
    private long neededSeq() {
        applyLock.lock();
        try {
            long needed = Long.MAX_VALUE;
            for (TenantState t : tenants.values()) {
                for (StreamState s : t.streams()) {
                    if (!s.head.isEmpty()) {
                        needed = Math.min(needed, s.head.firstSeq);
                    }
                    for (StreamState.Frozen f : s.view.frozen()) {
                        needed = Math.min(needed, f.firstSeq());
                    }
                }
            }
            return needed == Long.MAX_VALUE ? wal.lastSequence() + 1 : needed;
        } finally {
            applyLock.unlock();
        }
    }

    // ------------------------------------------------------------------ retention

    private void maintenanceLoop() {
        long interval = config.retentionInterval().toMillis();
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            try {
                applyRetention();
            } catch (RuntimeException e) {
                LOG.error("retention failed; will retry", e);
            }
        }
    }

    /** Deletes every block whose newest entry is older than the retention period; returns how many. */
    public int applyRetention() {
        if (!config.retentionEnabled() || limits.retentionPeriod().isZero()) {
            return 0;
        }
        long cutoff = nowNanos() - limits.retentionPeriod().toNanos();
        int deleted = 0;
        for (TenantState t : tenants.values()) {
            for (StreamState s : t.streams()) {
                List<StreamState.BlockRef> doomed = new ArrayList<>();
                for (StreamState.BlockRef b : s.view.blocks()) {
                    if (b.meta().maxTs() < cutoff) {
                        doomed.add(b);
                    }
                }
                if (doomed.isEmpty()) {
                    continue;
                }
                s.removeBlocks(doomed);
                for (StreamState.BlockRef b : doomed) {
                    try {
                        Files.deleteIfExists(b.path());
                        deleted++;
                        blockFiles.decrementAndGet();
                        blockFileBytes.addAndGet(-b.meta().fileBytes());
                        blockRawBytes.addAndGet(-b.meta().rawBytes());
                    } catch (IOException e) {
                        LOG.warn("cannot delete expired block {}: {}", b.path(), e.toString());
                    }
                }
            }
        }
        retentionDeleted.add(deleted);
        if (deleted > 0) {
            LOG.info("retention deleted {} blocks older than {}", deleted, Validator.rfc3339(cutoff));
        }
        return deleted;
    }

    // ------------------------------------------------------------------ read

    public List<StreamRef> streams(String tenantId, List<LabelMatcher> matchers, long from, long to) {
        TenantState t = tenants.get(tenantId);
        if (t == null) {
            return List.of();
        }
        RoaringBitmap ids = t.match(matchers);
        List<StreamRef> out = new ArrayList<>(ids.getCardinality());
        IntIterator it = ids.getIntIterator();
        while (it.hasNext()) {
            StreamState s = t.byId(it.next());
            if (s != null && s.overlaps(from, to)) {
                out.add(s.ref);
            }
        }
        return out;
    }

    public EntryCursor entries(String tenantId, StreamRef stream, long from, long to, Direction direction, ScanHints hints) {
        TenantState t = tenants.get(tenantId);
        StreamState s = t == null ? null : t.byId(stream.id());
        List<Cursors.Source> sources = new ArrayList<>();
        if (s != null && from < to) {
            StreamState.View v = s.view;
            boolean forward = direction == Direction.FORWARD;
            int rank = 0;
            for (StreamState.BlockRef b : v.blocks()) {
                if (b.meta().overlaps(from, to)) {
                    sources.add(new Cursors.BlockSource(rank, b, from, to, forward, hints, scanCounters));
                }
                rank++;
            }
            for (StreamState.Frozen f : v.frozen()) {
                if (f.snapshot().overlaps(from, to)) {
                    sources.add(new Cursors.HeadSource(rank, f.snapshot(), from, to, forward, hints, scanCounters));
                }
                rank++;
            }
            if (v.head().overlaps(from, to)) {
                sources.add(new Cursors.HeadSource(rank, v.head(), from, to, forward, hints, scanCounters));
            }
        }
        return new Cursors.MergeCursor(sources, direction);
    }

    public List<String> labelNames(String tenantId, List<LabelMatcher> matchers, long from, long to) {
        TreeSet<String> names = new TreeSet<>();
        for (StreamRef r : streams(tenantId, matchers, from, to)) {
            for (LabelPair p : r.labels()) {
                names.add(p.name());
            }
        }
        return List.copyOf(names);
    }

    public List<String> labelValues(String tenantId, String name, List<LabelMatcher> matchers, long from, long to) {
        TreeSet<String> values = new TreeSet<>();
        for (StreamRef r : streams(tenantId, matchers, from, to)) {
            String v = r.label(name);
            if (v != null) {
                values.add(v);
            }
        }
        return List.copyOf(values);
    }

    public StreamStats stats(String tenantId, StreamRef stream, long from, long to) {
        TenantState t = tenants.get(tenantId);
        StreamState s = t == null ? null : t.byId(stream.id());
        if (s == null) {
            return StreamStats.EMPTY;
        }
        StreamState.View v = s.view;
        long chunks = 0;
        long entries = 0;
        long bytes = 0;
        for (StreamState.BlockRef b : v.blocks()) {
            if (b.meta().overlaps(from, to)) {
                chunks++;
                entries += b.meta().entries();
                bytes += b.meta().rawBytes();
            }
        }
        List<Head.Snapshot> heads = new ArrayList<>();
        for (StreamState.Frozen f : v.frozen()) {
            heads.add(f.snapshot());
        }
        heads.add(v.head());
        for (Head.Snapshot h : heads) {
            if (h.overlaps(from, to)) {
                chunks++;
                entries += h.count();
                bytes += h.bytes();
            }
        }
        return chunks == 0 ? StreamStats.EMPTY : new StreamStats(1, chunks, entries, bytes);
    }

    public AutoCloseable tail(String tenantId, List<LabelMatcher> matchers, TailListener listener) {
        TenantState t = tenant(tenantId);
        TenantState.TailSubscription sub = new TenantState.TailSubscription(List.copyOf(matchers), listener);
        t.tails.add(sub);
        return () -> t.tails.remove(sub);
    }

    // ------------------------------------------------------------------ metrics and close

    public StoreMetrics metrics() {
        long[] w = wal != null ? wal.stats() : new long[5];
        long streams = 0;
        long headStreams = 0;
        long hb;
        applyLock.lock();
        try {
            for (TenantState t : tenants.values()) {
                streams += t.streamCount();
                headStreams += t.activeStreams;
            }
            hb = headBytes;
        } finally {
            applyLock.unlock();
        }
        return new StoreMetrics(ingestedLines.sum(), ingestedBytes.sum(), discardedLines.sum(), discardedBytes.sum(),
                duplicateLines.sum(), w[0], w[1], w[2], w[3], w[4], blockFiles.get(), blockFileBytes.get(), blocksCut.sum(),
                blockRawBytes.get(), streams, headStreams, hb, tenants.size(), retentionDeleted.sum());
    }

    /** Blocks skipped by their filter, blocks read, and heads skipped by their filter, since start. */
    public long[] scanCounts() {
        return new long[] {scanCounters.blocksSkipped.sum(), scanCounters.blocksRead.sum(), scanCounters.headsSkipped.sum()};
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        requestFlush();
        for (Thread th : new Thread[] {flusher, maintenance}) {
            if (th != null) {
                if (th != flusher) {
                    // The flusher is woken by requestFlush(): an interrupt would close the channel of
                    // a block it is writing (ClosedByInterruptException) and make close() redo it.
                    th.interrupt();
                }
                try {
                    th.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        IOException failure = null;
        try {
            flush(true);
        } catch (IOException e) {
            failure = e;
        }
        if (wal != null) {
            wal.close();
        }
        for (TenantState t : tenants.values()) {
            t.log.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
