package dev.plg.benchmarks.query;

import dev.plg.push.LabelPair;
import dev.plg.store.read.Direction;
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.LabelMatcher;
import dev.plg.store.read.LogSource;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.StreamRef;
import dev.plg.store.read.StreamStats;
import dev.plg.store.read.TailListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * An immutable in-memory {@link LogSource}: each stream holds its lines in one byte array with
 * offsets, so the benchmark measures the engine and pipelines, not storage decoding. Ignores
 * {@link ScanHints} (no block skipping), which makes filter benchmarks a lower bound.
 */
public final class MemoryLogSource implements LogSource {
    /** One stream's entries, sorted by time. */
    public record Stream(StreamRef ref, long[] ts, byte[] bytes, int[] offsets, List<List<LabelPair>> metadata) {
    }

    private final List<Stream> streams;

    public MemoryLogSource(List<Stream> streams) {
        this.streams = List.copyOf(streams);
    }

    public long totalBytes() {
        long n = 0;
        for (Stream s : streams) {
            n += s.bytes().length;
        }
        return n;
    }

    public long totalEntries() {
        long n = 0;
        for (Stream s : streams) {
            n += s.ts().length;
        }
        return n;
    }

    private static boolean matches(StreamRef ref, List<LabelMatcher> matchers) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(ref.label(m.name()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<StreamRef> streams(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        List<StreamRef> out = new ArrayList<>();
        for (Stream s : streams) {
            if (matches(s.ref(), matchers)) {
                out.add(s.ref());
            }
        }
        return out;
    }

    private Stream find(StreamRef ref) {
        for (Stream s : streams) {
            if (s.ref().id() == ref.id()) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stream " + ref);
    }

    @Override
    public EntryCursor entries(String tenant, StreamRef ref, long fromNanos, long toNanos, Direction direction,
                               ScanHints hints) {
        Stream s = find(ref);
        int lo = lowerBound(s.ts(), fromNanos);
        int hi = lowerBound(s.ts(), toNanos);
        boolean forward = direction == Direction.FORWARD;
        return new EntryCursor() {
            int i = forward ? lo - 1 : hi;

            @Override
            public boolean next() {
                i += forward ? 1 : -1;
                return forward ? i < hi : i >= lo;
            }

            @Override
            public long timestamp() {
                return s.ts()[i];
            }

            @Override
            public byte[] lineBytes() {
                return s.bytes();
            }

            @Override
            public int lineOffset() {
                return s.offsets()[i];
            }

            @Override
            public int lineLength() {
                return s.offsets()[i + 1] - s.offsets()[i];
            }

            @Override
            public List<LabelPair> structuredMetadata() {
                return s.metadata().get(i);
            }

            @Override
            public void close() {
            }
        };
    }

    private static int lowerBound(long[] ts, long t) {
        int i = Arrays.binarySearch(ts, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && ts[i - 1] == t) {
            i--;
        }
        return i;
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
    public StreamStats stats(String tenant, StreamRef ref, long fromNanos, long toNanos) {
        Stream s = find(ref);
        return new StreamStats(1, 1, s.ts().length, s.bytes().length);
    }

    @Override
    public AutoCloseable tail(String tenant, List<LabelMatcher> matchers, TailListener listener) {
        return () -> { };
    }
}
