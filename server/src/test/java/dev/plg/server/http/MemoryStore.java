package dev.plg.server.http;

import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-written in-memory store for HTTP-layer tests: push appends, reads scan lists. Adds
 * {@code service_name} like Loki; no validation, no limits, no durability. Thread-safe (synchronized).
 */
final class MemoryStore implements LogSource, PushTarget {
    private record Entry(long ts, String line, List<LabelPair> metadata) {
    }

    private static final class Stream {
        final StreamRef ref;
        final List<Entry> entries = new ArrayList<>();

        Stream(StreamRef ref) {
            this.ref = ref;
        }
    }

    private record Listener(String tenant, List<LabelMatcher> matchers, TailListener listener) {
    }

    private final Map<String, Map<List<LabelPair>, Stream>> tenants = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private long nextId = 1;

    @Override
    public PushOutcome push(String tenant, PushRequest request) {
        List<Runnable> notify = new ArrayList<>();
        synchronized (this) {
            for (PushStream ps : request.streams()) {
                List<LabelPair> labels = new ArrayList<>(ps.labels());
                if (labels.stream().noneMatch(l -> l.name().equals("service_name"))) {
                    String service = labels.stream().filter(l -> l.name().equals("service")).map(LabelPair::value)
                            .findFirst().orElseGet(() -> labels.stream().filter(l -> l.name().equals("app"))
                                    .map(LabelPair::value).findFirst().orElse("unknown_service"));
                    labels.add(new LabelPair("service_name", service));
                }
                labels.sort(Comparator.comparing(LabelPair::name));
                List<LabelPair> key = List.copyOf(labels);
                Stream s = tenants.computeIfAbsent(tenant, t -> new HashMap<>())
                        .computeIfAbsent(key, k -> new Stream(new StreamRef(nextId++, k)));
                for (PushEntry e : ps.entries()) {
                    Entry entry = new Entry(e.timestampNanos(), e.line(), e.structuredMetadata());
                    if (s.entries.contains(entry)) {
                        continue;
                    }
                    s.entries.add(entry);
                    for (Listener l : listeners) {
                        if (l.tenant.equals(tenant) && matches(s.ref, l.matchers)) {
                            notify.add(() -> l.listener.onEntry(s.ref, e.timestampNanos(), e.line(), e.structuredMetadata()));
                        }
                    }
                }
                s.entries.sort(Comparator.comparingLong(Entry::ts));
            }
        }
        notify.forEach(Runnable::run);
        return PushOutcome.OK;
    }

    private static boolean matches(StreamRef ref, List<LabelMatcher> matchers) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(ref.label(m.name()))) {
                return false;
            }
        }
        return true;
    }

    private synchronized List<Stream> matching(String tenant, List<LabelMatcher> matchers) {
        List<Stream> out = new ArrayList<>();
        for (Stream s : tenants.getOrDefault(tenant, Map.of()).values()) {
            if (matches(s.ref, matchers)) {
                out.add(s);
            }
        }
        return out;
    }

    private synchronized Stream byRef(String tenant, StreamRef ref) {
        return tenants.getOrDefault(tenant, Map.of()).get(ref.labels());
    }

    @Override
    public List<StreamRef> streams(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        return matching(tenant, matchers).stream().map(s -> s.ref).toList();
    }

    @Override
    public EntryCursor entries(String tenant, StreamRef stream, long fromNanos, long toNanos, Direction direction,
                               ScanHints hints) {
        List<Entry> selected = new ArrayList<>();
        synchronized (this) {
            for (Entry e : byRef(tenant, stream).entries) {
                if (e.ts >= fromNanos && e.ts < toNanos) {
                    selected.add(e);
                }
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
                    bytes = selected.get(i).line.getBytes(StandardCharsets.UTF_8);
                    return true;
                }
                return false;
            }

            @Override
            public long timestamp() {
                return selected.get(i).ts;
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
                return selected.get(i).metadata;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<String> labelNames(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        TreeSet<String> names = new TreeSet<>();
        for (Stream s : matching(tenant, matchers)) {
            s.ref.labels().forEach(l -> names.add(l.name()));
        }
        return List.copyOf(names);
    }

    @Override
    public List<String> labelValues(String tenant, String name, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        TreeSet<String> values = new TreeSet<>();
        for (Stream s : matching(tenant, matchers)) {
            String v = s.ref.label(name);
            if (v != null) {
                values.add(v);
            }
        }
        return List.copyOf(values);
    }

    @Override
    public synchronized StreamStats stats(String tenant, StreamRef stream, long fromNanos, long toNanos) {
        long entries = 0;
        long bytes = 0;
        for (Entry e : byRef(tenant, stream).entries) {
            if (e.ts >= fromNanos && e.ts < toNanos) {
                entries++;
                bytes += e.line.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return new StreamStats(1, 1, entries, bytes);
    }

    @Override
    public AutoCloseable tail(String tenant, List<LabelMatcher> matchers, TailListener listener) {
        Listener l = new Listener(tenant, List.copyOf(matchers), listener);
        listeners.add(l);
        return () -> listeners.remove(l);
    }
}
