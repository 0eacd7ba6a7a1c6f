package dev.plg.query;

import dev.plg.push.LabelPair;
import dev.plg.store.read.Direction;
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.LabelMatcher;
import dev.plg.store.read.LogSource;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.StreamRef;
import dev.plg.store.read.StreamStats;
import dev.plg.store.read.TailListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A hand-written {@link LogSource} over in-memory streams, for engine tests. Thread-safe for reads after setup. */
final class InMemoryLogSource implements LogSource {
    record Entry(long ts, String line, List<LabelPair> metadata) {
    }

    private final Map<String, Map<List<LabelPair>, StreamData>> tenants = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private long nextId = 1;
    /** Hints the engine passed on the last scan, for tests of push-down. */
    volatile ScanHints lastHints;

    private static final class StreamData {
        final StreamRef ref;
        final List<Entry> entries = new ArrayList<>();

        StreamData(StreamRef ref) {
            this.ref = ref;
        }
    }

    private record Subscription(String tenant, List<LabelMatcher> matchers, TailListener listener) {
    }

    /** Adds an entry; {@code labels} like {@code app=nginx,host=web-1}; metadata pairs as {@code k=v,...}. */
    synchronized InMemoryLogSource add(String tenant, String labels, long ts, String line, String metadata) {
        List<LabelPair> ls = parse(labels);
        Map<List<LabelPair>, StreamData> streams = tenants.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        StreamData d = streams.computeIfAbsent(ls, k -> new StreamData(new StreamRef(nextId++, k)));
        Entry e = new Entry(ts, line, parse(metadata));
        int pos = d.entries.size();
        while (pos > 0 && d.entries.get(pos - 1).ts() > ts) {
            pos--;
        }
        d.entries.add(pos, e);
        for (Subscription s : subscriptions) {
            if (s.tenant().equals(tenant) && matches(d.ref, s.matchers())) {
                s.listener().onEntry(d.ref, ts, line, e.metadata());
            }
        }
        return this;
    }

    InMemoryLogSource add(String tenant, String labels, long ts, String line) {
        return add(tenant, labels, ts, line, "");
    }

    static List<LabelPair> parse(String labels) {
        TreeMap<String, String> m = new TreeMap<>();
        if (!labels.isBlank()) {
            for (String kv : labels.split(",")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        List<LabelPair> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new LabelPair(k, v)));
        return List.copyOf(out);
    }

    private static boolean matches(StreamRef ref, List<LabelMatcher> matchers) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(ref.label(m.name()))) {
                return false;
            }
        }
        return true;
    }

    private List<StreamData> data(String tenant) {
        return new ArrayList<>(tenants.getOrDefault(tenant, Map.of()).values());
    }

    @Override
    public List<StreamRef> streams(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        List<StreamRef> out = new ArrayList<>();
        for (StreamData d : data(tenant)) {
            if (matches(d.ref, matchers) && d.entries.stream().anyMatch(e -> e.ts() >= fromNanos && e.ts() < toNanos)) {
                out.add(d.ref);
            }
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    @Override
    public EntryCursor entries(String tenant, StreamRef stream, long fromNanos, long toNanos, Direction direction,
                               ScanHints hints) {
        lastHints = hints;
        StreamData d = tenants.get(tenant).get(stream.labels());
        List<Entry> selected = new ArrayList<>();
        for (Entry e : d.entries) {
            if (e.ts() >= fromNanos && e.ts() < toNanos) {
                selected.add(e);
            }
        }
        if (direction == Direction.BACKWARD) {
            java.util.Collections.reverse(selected);
        }
        return new EntryCursor() {
            int i = -1;
            byte[] bytes;

            @Override
            public boolean next() {
                i++;
                if (i < selected.size()) {
                    bytes = selected.get(i).line().getBytes(StandardCharsets.UTF_8);
                    return true;
                }
                return false;
            }

            @Override
            public long timestamp() {
                return selected.get(i).ts();
            }

            @Override
            public byte[] lineBytes() {
                return bytes;
            }

            @Override
            public int lineOffset() {
                return 0;
            }

            @Override
            public int lineLength() {
                return bytes.length;
            }

            @Override
            public List<LabelPair> structuredMetadata() {
                return selected.get(i).metadata();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<String> labelNames(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        TreeSet<String> out = new TreeSet<>();
        for (StreamRef r : streams(tenant, matchers, fromNanos, toNanos)) {
            r.labels().forEach(p -> out.add(p.name()));
        }
        return List.copyOf(out);
    }

    @Override
    public List<String> labelValues(String tenant, String name, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        TreeSet<String> out = new TreeSet<>();
        for (StreamRef r : streams(tenant, matchers, fromNanos, toNanos)) {
            if (r.label(name) != null) {
                out.add(r.label(name));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public StreamStats stats(String tenant, StreamRef stream, long fromNanos, long toNanos) {
        StreamData d = tenants.get(tenant).get(stream.labels());
        long entries = 0;
        long bytes = 0;
        for (Entry e : d.entries) {
            if (e.ts() >= fromNanos && e.ts() < toNanos) {
                entries++;
                bytes += e.line().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return entries == 0 ? StreamStats.EMPTY : new StreamStats(1, 1, entries, bytes);
    }

    @Override
    public AutoCloseable tail(String tenant, List<LabelMatcher> matchers, TailListener listener) {
        Subscription s = new Subscription(tenant, matchers, listener);
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }
}
