package dev.plg.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import dev.plg.store.Limits;
import dev.plg.store.LogStore;
import dev.plg.store.StoreConfig;
import dev.plg.store.read.Direction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block skipping must never change an answer: queries over a real store whose data sits in small
 * on-disk blocks, where some hints would be wrong if applied blindly.
 */
class BlockSkippingTest {
    private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

    @TempDir
    Path tmp;

    @Test
    void jsonFieldEqualityOnAStreamLabelDoesNotSkipBlocks() throws Exception {
        try (LogStore store = LogStore.open(StoreConfig.defaults(tmp).withBlockTargetBytes(4096),
                Limits.defaults().withRejectOldSamples(false))) {
            List<PushEntry> auth = new ArrayList<>();
            List<PushEntry> users = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                // the line never says "auth": the filter below tests the stream label
                auth.add(new PushEntry(T0 + i * 1_000_000L, "{\"event\":\"login\",\"n\":" + i + "}"));
                users.add(new PushEntry(T0 + i * 1_000_000L, "{\"user_id\":\"user-" + i + "\"}"));
            }
            store.push("fake", new PushRequest(List.of(
                    new PushStream(List.of(new LabelPair("app", "a"), new LabelPair("service", "auth")), auth),
                    new PushStream(List.of(new LabelPair("app", "b")), users))));
            store.flush();
            QueryEngine engine = new QueryEngine(store, QueryLimits.DEFAULTS);
            long end = T0 + 3_000_000_000L;

            // 1 sample per entry whose stream label service="auth": every entry counts
            assertThat(count(engine, "sum(count_over_time({app=\"a\"} | json | service=\"auth\" [1h]))", end)).isEqualTo(2000);
            QueryResult.Streams logs = (QueryResult.Streams) engine.rangeQuery("fake",
                    "{app=\"a\"} | json | service=\"auth\"", T0, end, 0, 0, 5000, Direction.FORWARD);
            assertThat(logs.streams()).hasSize(1);
            assertThat(logs.streams().get(0).entries()).hasSize(2000);
            // a rare JSON value: exactly one entry, wherever its block is
            assertThat(count(engine, "sum(count_over_time({app=\"b\"} | json | user_id=\"user-1234\" [1h]))", end)).isEqualTo(1);
        }
    }

    private static double count(QueryEngine engine, String query, long timeNs) {
        QueryResult.Vector v = (QueryResult.Vector) engine.instantQuery("fake", query, timeNs, 100, Direction.BACKWARD);
        assertThat(v.samples()).hasSize(1);
        return v.samples().get(0).value();
    }
}
