package dev.plg.store;

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
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Builders and readers shared by the store tests. */
public final class TestData {
    /** A fixed "now" for validation: 2026-01-02T00:00:00Z. */
    public static final Instant NOW = Instant.parse("2026-01-02T00:00:00Z");
    public static final InstantSource CLOCK = InstantSource.fixed(NOW);
    public static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
    public static final long SECOND = 1_000_000_000L;

    private TestData() {}

    public static List<LabelPair> labels(String... nameValues) {
        List<LabelPair> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new LabelPair(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }

    public static PushStream stream(List<LabelPair> labels, PushEntry... entries) {
        return new PushStream(labels, List.of(entries));
    }

    public static PushEntry entry(long ts, String line) {
        return new PushEntry(ts, line);
    }

    public static PushRequest request(PushStream... streams) {
        return new PushRequest(List.of(streams));
    }

    /** "ts line" for every entry of every matching stream, forward over all time. */
    public static List<String> readAll(LogSource source, String tenant, LabelMatcher... matchers) {
        return read(source, tenant, Direction.FORWARD, ScanHints.NONE, Long.MIN_VALUE, Long.MAX_VALUE, matchers);
    }

    public static List<String> read(LogSource source, String tenant, Direction direction, ScanHints hints, long from, long to,
                                    LabelMatcher... matchers) {
        List<String> out = new ArrayList<>();
        for (StreamRef ref : source.streams(tenant, List.of(matchers), from, to)) {
            try (EntryCursor c = source.entries(tenant, ref, from, to, direction, hints)) {
                while (c.next()) {
                    out.add(c.timestamp() + " " + c.line());
                }
            }
        }
        return out;
    }

    public static LabelMatcher eq(String name, String value) {
        return LabelMatcher.of(name, LabelMatcher.Type.EQ, value);
    }
}
