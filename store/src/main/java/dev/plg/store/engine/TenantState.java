package dev.plg.store.engine;

import dev.plg.push.LabelPair;
import dev.plg.store.ingest.TokenBucket;
import dev.plg.store.read.LabelMatcher;
import dev.plg.store.read.TailListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * Streams of one tenant and their label index: postings from label name and value to stream ids
 * (RoaringBitmap). Stream ids are dense from 0 and stable (persisted in {@code streams.log}).
 * New streams are added under the store's apply lock; the postings are guarded by {@link #index}
 * (readers take the read lock); {@link #byId} is a copy-on-grow array read without locks.
 */
final class TenantState {
    final String id;
    final Path dir;
    final Path blocksDir;
    final ConcurrentHashMap<String, StreamState> byKey = new ConcurrentHashMap<>();
    private volatile StreamState[] byId = new StreamState[16];
    private volatile int streamCount;
    private final ReentrantReadWriteLock index = new ReentrantReadWriteLock();
    private final TreeMap<String, TreeMap<String, RoaringBitmap>> postings = new TreeMap<>();
    private final Map<String, RoaringBitmap> withName = new java.util.HashMap<>();
    private final RoaringBitmap all = new RoaringBitmap();
    final TokenBucket rate;
    StreamsLog log;
    /** Streams with a non-empty head (Loki's "active streams"); apply lock. */
    int activeStreams;
    final CopyOnWriteArrayList<TailSubscription> tails = new CopyOnWriteArrayList<>();

    record TailSubscription(List<LabelMatcher> matchers, TailListener listener) {}

    TenantState(String id, Path dir, TokenBucket rate) {
        this.id = id;
        this.dir = dir;
        this.blocksDir = dir.resolve("blocks");
        this.rate = rate;
    }

    int streamCount() {
        return streamCount;
    }

    long nextStreamId() {
        return streamCount;
    }

    StreamState byId(long id) {
        StreamState[] arr = byId;
        return id >= 0 && id < arr.length ? arr[(int) id] : null;
    }

    /** Registers a stream (apply lock or open). Ids must be added densely but may arrive out of order. */
    void add(StreamState s) {
        StreamState[] arr = byId;
        if (s.id >= arr.length) {
            arr = Arrays.copyOf(arr, (int) Math.max(s.id + 1, arr.length * 2L));
        }
        arr[(int) s.id] = s;
        byId = arr;
        streamCount = (int) Math.max(streamCount, s.id + 1);
        byKey.put(s.key, s);
        index.writeLock().lock();
        try {
            int sid = (int) s.id;
            all.add(sid);
            for (LabelPair p : s.ref.labels()) {
                postings.computeIfAbsent(p.name(), k -> new TreeMap<>()).computeIfAbsent(p.value(), k -> new RoaringBitmap()).add(sid);
                withName.computeIfAbsent(p.name(), k -> new RoaringBitmap()).add(sid);
            }
        } finally {
            index.writeLock().unlock();
        }
    }

    /** Ids of streams matching every matcher (all streams for none). */
    RoaringBitmap match(List<LabelMatcher> matchers) {
        index.readLock().lock();
        try {
            List<LabelMatcher> ordered = new ArrayList<>(matchers);
            // Cheapest and most selective first: equality on a non-empty value is one postings list.
            ordered.sort((a, b) -> Integer.compare(rank(a), rank(b)));
            RoaringBitmap result = null;
            for (LabelMatcher m : ordered) {
                RoaringBitmap set = matcherSet(m);
                result = result == null ? set : RoaringBitmap.and(result, set);
                if (result.isEmpty()) {
                    return result;
                }
            }
            return result == null ? all.clone() : result;
        } finally {
            index.readLock().unlock();
        }
    }

    private static int rank(LabelMatcher m) {
        return switch (m.type()) {
            case EQ -> m.value().isEmpty() ? 2 : 0;
            case RE -> 1;
            case NEQ, NRE -> 3;
        };
    }

    private RoaringBitmap matcherSet(LabelMatcher m) {
        TreeMap<String, RoaringBitmap> values = postings.get(m.name());
        if (m.type() == LabelMatcher.Type.EQ && !m.value().isEmpty()) {
            RoaringBitmap b = values == null ? null : values.get(m.value());
            return b == null ? new RoaringBitmap() : b.clone();
        }
        RoaringBitmap out = new RoaringBitmap();
        if (values != null) {
            for (Map.Entry<String, RoaringBitmap> e : values.entrySet()) {
                if (m.matches(e.getKey())) {
                    out.or(e.getValue());
                }
            }
        }
        if (m.matchesEmpty()) {
            RoaringBitmap has = withName.get(m.name());
            out.or(has == null ? all : RoaringBitmap.andNot(all, has));
        }
        return out;
    }

    List<StreamState> streams() {
        List<StreamState> out = new ArrayList<>(streamCount);
        StreamState[] arr = byId;
        for (int i = 0; i < streamCount && i < arr.length; i++) {
            if (arr[i] != null) {
                out.add(arr[i]);
            }
        }
        return out;
    }
}
