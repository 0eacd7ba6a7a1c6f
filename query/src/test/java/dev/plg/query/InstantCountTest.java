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
 * Instant counts and rates, which the store counts a block or head at a time (no merge, no
 * timestamps per entry), answer as the entry-by-entry scan does: over a real store whose streams
 * sit in many small blocks and a head, with windows that cut blocks, and metadata that varies.
 */
class InstantCountTest {
    private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    private static final long MS = 1_000_000L;
    private static final java.time.format.DateTimeFormatter ISO =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void countsOfWholeBlocksEqualTheEntryByEntryCounts() throws Exception {
        try (LogStore store = LogStore.open(StoreConfig.defaults(tmp).withBlockTargetBytes(4096),
                Limits.defaults().withRejectOldSamples(false))) {
            List<LabelPair> red = List.of(new LabelPair("color", "red"));
            List<LabelPair> blue = List.of(new LabelPair("color", "blue"));
            for (int part = 0; part < 2; part++) {
                List<PushEntry> a = new ArrayList<>();
                List<PushEntry> b = new ArrayList<>();
                for (int i = part * 1500; i < (part + 1) * 1500; i++) {
                    long ts = T0 + i * 1000 * MS;
                    // "at" is the entry's own time: a TIME column, which a search reads relative to each entry's timestamp
                    String line = "{\"at\":\"" + ISO.format(java.time.Instant.ofEpochSecond(0, ts)) + "\",\"msg\":\""
                            + (i % 7 == 0 ? "계정 잠김" : "login ok") + "\",\"user\":\"user-" + i + "\"}";
                    a.add(new PushEntry(ts, line, i % 5 == 0 ? blue : red));
                    b.add(new PushEntry(T0 + i * 1000 * MS + 1, "level=info n=" + i));
                }
                store.push("fake", new PushRequest(List.of(
                        new PushStream(List.of(new LabelPair("app", "a"), new LabelPair("env", "prod")), a),
                        new PushStream(List.of(new LabelPair("app", "b"), new LabelPair("env", "prod")), b))));
                if (part == 0) {
                    store.flush(); // the first half in blocks of ~4 kB, the second in heads
                }
            }
            QueryEngine engine = new QueryEngine(store, QueryLimits.DEFAULTS);
            long end = T0 + 3000 * 1000 * MS;
            for (String range : List.of("1h", "10m", "90s")) {
                for (long at : List.of(end, T0 + 1600 * 1000 * MS, T0 + 777 * 1000 * MS + 1)) {
                    for (String filter : List.of("", " |= \"계정 잠김\"", " |= \"user-1\"", " |= \"absent\"", " |= \"n=1\" |= \"9\"",
                            " |= \"T00:1\"")) {
                        for (String shape : List.of("count_over_time(%s [%s])", "sum by (color) (count_over_time(%s [%s]))",
                                "rate(%s [%s])", "sum(count_over_time(%s [%s]))")) {
                            String q = shape.formatted("{env=\"prod\"}" + filter, range);
                            QueryResult.Vector got = instant(engine, q, at);
                            // a regular expression is read line by line: the reference answer
                            String byLine = shape.formatted("{env=\"prod\"}" + filter.replace("|=", "|~"), range);
                            assertThat(got.samples()).as("%s at %d", q, at)
                                    .containsExactlyInAnyOrderElementsOf(instant(engine, byLine, at).samples());
                            // byte sums are summed entry by entry, over the same entries (the same blocks skipped)
                            String bytes = q.replace("count_over_time", "bytes_over_time").replace("rate", "bytes_rate");
                            assertThat(TemplatedJsonTest.read(got.stats())).as("%s at %d", q, at)
                                    .isEqualTo(TemplatedJsonTest.read(instant(engine, bytes, at).stats()));
                        }
                    }
                }
            }
            // and values checked by hand: every 7th of 3000 entries, all in the last hour; minutes 10 to 19
            assertThat(instant(engine, "sum(count_over_time({app=\"a\"} |= \"계정 잠김\" [1h]))", end).samples().getFirst().value())
                    .isEqualTo(429);
            assertThat(instant(engine, "sum(count_over_time({app=\"a\"} |= \"T00:1\" [1h]))", end).samples().getFirst().value())
                    .isEqualTo(600);
        }
    }

    private static QueryResult.Vector instant(QueryEngine engine, String query, long timeNs) {
        return (QueryResult.Vector) engine.instantQuery("fake", query, timeNs, 100, Direction.BACKWARD);
    }
}
