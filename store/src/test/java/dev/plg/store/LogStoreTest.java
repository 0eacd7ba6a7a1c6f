package dev.plg.store;

import static dev.plg.store.TestData.CLOCK;
import static dev.plg.store.TestData.NOW_NANOS;
import static dev.plg.store.TestData.SECOND;
import static dev.plg.store.TestData.entry;
import static dev.plg.store.TestData.eq;
import static dev.plg.store.TestData.labels;
import static dev.plg.store.TestData.readAll;
import static dev.plg.store.TestData.request;
import static dev.plg.store.TestData.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.store.read.Direction;
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.StreamRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {
    @TempDir
    Path dir;

    private LogStore open() throws Exception {
        return LogStore.open(StoreConfig.defaults(dir), Limits.defaults(), CLOCK);
    }

    @Test
    void pushThenReadBackWithDiscoveredServiceNameAndLevel() throws Exception {
        try (LogStore store = open()) {
            PushResult r = store.push("fake", request(stream(labels("app", "api", "env", "prod"),
                    entry(NOW_NANOS - 2 * SECOND, "{\"level\":\"warn\",\"msg\":\"a\"}"),
                    entry(NOW_NANOS - SECOND, "level=error msg=b"))));
            assertThat(r).isEqualTo(PushResult.ok(2));
            List<StreamRef> refs = store.streams("fake", List.of(eq("service_name", "api")), 0, Long.MAX_VALUE);
            assertThat(refs).hasSize(1);
            assertThat(refs.getFirst().labels()).containsExactly(new LabelPair("app", "api"), new LabelPair("env", "prod"),
                    new LabelPair("service_name", "api"));
            List<String> levels = new ArrayList<>();
            try (EntryCursor c = store.entries("fake", refs.getFirst(), 0, Long.MAX_VALUE, Direction.FORWARD, ScanHints.NONE)) {
                while (c.next()) {
                    levels.add(c.line() + " " + c.structuredMetadata());
                }
            }
            assertThat(levels).containsExactly(
                    "{\"level\":\"warn\",\"msg\":\"a\"} [LabelPair[name=detected_level, value=warn]]",
                    "level=error msg=b [LabelPair[name=detected_level, value=error]]");
        }
    }

    @Test
    void identicalEntriesAreStoredOnce() throws Exception {
        try (LogStore store = open()) {
            PushEntry e = entry(NOW_NANOS - SECOND, "same");
            store.push("fake", request(stream(labels("app", "a"), e, e)));
            PushResult again = store.push("fake", request(stream(labels("app", "a"), e, entry(NOW_NANOS - SECOND, "other"))));
            assertThat(again.accepted()).isEqualTo(1);
            assertThat(readAll(store, "fake")).containsExactly((NOW_NANOS - SECOND) + " same", (NOW_NANOS - SECOND) + " other");
            assertThat(store.metrics().duplicateLines()).isEqualTo(2);
        }
    }

    @Test
    void longStreamsKeepEveryEntryWithItsMetadataAcrossPushRunsAndRestart() throws Exception {
        // More entries than one run of the push path's loops (32), some with metadata of their own,
        // two duplicates and one refused entry in the middle; a second stream after it.
        List<PushEntry> entries = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long ts = NOW_NANOS - 1000 + i;
            if (i == 40 || i == 77) {
                entries.add(entries.get(5));
            } else if (i == 50) {
                entries.add(entry(NOW_NANOS - 30L * 24 * 3600 * SECOND, "too old"));
            } else {
                List<LabelPair> md = i % 30 == 7 ? List.of(new LabelPair("trace_id", "t" + i)) : List.of();
                entries.add(new PushEntry(ts, "line " + i, md));
                expected.add(ts + " line " + i + (md.isEmpty() ? "" : " trace_id=t" + i) + " detected_level=warn");
            }
        }
        expected.add((NOW_NANOS - 1) + " other detected_level=info");
        PushRequest request = request(stream(labels("app", "a", "level", "warn"), entries.toArray(PushEntry[]::new)),
                stream(labels("app", "b", "level", "info"), entry(NOW_NANOS - 1, "other")));
        try (LogStore store = open()) {
            PushResult r = store.push("fake", request);
            assertThat(r.accepted()).isEqualTo(97 + 1);
            assertThat(r.category()).isEqualTo(PushResult.Category.BAD_REQUEST);
            assertThat(r.errors()).hasSize(1).allSatisfy(e -> assertThat(e).contains("has timestamp too old"));
            assertThat(store.metrics().duplicateLines()).isEqualTo(2);
            assertThat(readWithMetadata(store)).containsExactlyElementsOf(expected);
            assertThat(store.push("fake", request).accepted()).isZero();
            assertThat(store.metrics().duplicateLines()).isEqualTo(2 + 99 + 1);
        }
        try (LogStore store = open()) {
            assertThat(readWithMetadata(store)).containsExactlyElementsOf(expected);
        }
    }

    private static List<String> readWithMetadata(LogStore store) {
        List<String> out = new ArrayList<>();
        for (StreamRef ref : store.streams("fake", List.of(), Long.MIN_VALUE, Long.MAX_VALUE)) {
            try (EntryCursor c = store.entries("fake", ref, Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD, ScanHints.NONE)) {
                while (c.next()) {
                    StringBuilder s = new StringBuilder(c.timestamp() + " " + c.line());
                    for (LabelPair p : c.structuredMetadata()) {
                        s.append(' ').append(p.name()).append('=').append(p.value());
                    }
                    out.add(s.toString());
                }
            }
        }
        return out;
    }

    @Test
    void restartServesEverythingFromWalAndBlocks() throws Exception {
        List<String> expected = new ArrayList<>();
        try (LogStore store = open()) {
            for (int i = 0; i < 50; i++) {
                store.push("fake", request(stream(labels("app", "a" + (i % 3)), entry(NOW_NANOS - 1000 + i, "line " + i))));
            }
            store.flush();
            for (int i = 50; i < 60; i++) {
                store.push("fake", request(stream(labels("app", "a" + (i % 3)), entry(NOW_NANOS - 1000 + i, "line " + i))));
            }
            expected.addAll(readAll(store, "fake"));
        }
        assertThat(expected).hasSize(60);
        try (LogStore store = open()) {
            assertThat(readAll(store, "fake")).containsExactlyElementsOf(expected);
        }
        try (LogStore store = open()) {
            assertThat(readAll(store, "fake")).containsExactlyElementsOf(expected);
            assertThat(store.metrics().walSegments()).isEqualTo(1);
        }
    }

    @Test
    void forwardAndBackwardAcrossBlocksAndHeadHonourTheRange() throws Exception {
        try (LogStore store = open()) {
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS - 10, "t-10"), entry(NOW_NANOS - 30, "t-30"))));
            store.flush();
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS - 20, "t-20"), entry(NOW_NANOS - 40, "t-40"))));
            store.flush();
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS - 25, "t-25"), entry(NOW_NANOS - 5, "t-5"))));
            assertThat(lines(store, Direction.FORWARD, NOW_NANOS - 30, NOW_NANOS - 5)).containsExactly("t-30", "t-25", "t-20", "t-10");
            assertThat(lines(store, Direction.BACKWARD, NOW_NANOS - 40, NOW_NANOS)).containsExactly("t-5", "t-10", "t-20", "t-25", "t-30", "t-40");
        }
    }

    private static List<String> lines(LogStore store, Direction d, long from, long to) {
        List<String> out = new ArrayList<>();
        for (StreamRef ref : store.streams("fake", List.of(), from, to)) {
            try (EntryCursor c = store.entries("fake", ref, from, to, d, ScanHints.NONE)) {
                while (c.next()) {
                    out.add(c.line());
                }
            }
        }
        return out;
    }

    @Test
    void tenantsDoNotSeeEachOther() throws Exception {
        try (LogStore store = open()) {
            store.push("a", request(stream(labels("app", "x"), entry(NOW_NANOS, "for a"))));
            store.push("b", request(stream(labels("app", "x"), entry(NOW_NANOS, "for b"))));
            assertThat(readAll(store, "a")).containsExactly(NOW_NANOS + " for a");
            assertThat(readAll(store, "b")).containsExactly(NOW_NANOS + " for b");
            assertThat(readAll(store, "c")).isEmpty();
        }
    }

    @Test
    void retentionDeletesWholeExpiredBlocks() throws Exception {
        Limits limits = Limits.defaults().toBuilder().rejectOldSamples(false).retentionPeriod(Duration.ofDays(1)).build();
        try (LogStore store = LogStore.open(StoreConfig.defaults(dir).withRetentionEnabled(true), limits, CLOCK)) {
            store.push("fake", request(stream(labels("app", "old"), entry(NOW_NANOS - 3 * 86_400 * SECOND, "old"))));
            store.push("fake", request(stream(labels("app", "new"), entry(NOW_NANOS - SECOND, "new"))));
            store.flush();
            assertThat(store.metrics().blocks()).isEqualTo(2);
            assertThat(store.applyRetention()).isEqualTo(1);
            assertThat(readAll(store, "fake")).containsExactly((NOW_NANOS - SECOND) + " new");
            assertThat(store.metrics().blocks()).isEqualTo(1);
        }
    }

    @Test
    void tailSeesEntriesAfterTheyAreDurable() throws Exception {
        try (LogStore store = open()) {
            List<String> seen = new ArrayList<>();
            try (AutoCloseable sub = store.tail("fake", List.of(eq("app", "a")), (ref, ts, line, md) -> seen.add(line + " " + md))) {
                store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS, "hello info"))));
                store.push("fake", request(stream(labels("app", "b"), entry(NOW_NANOS, "not me"))));
            }
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS + 1, "after close"))));
            assertThat(seen).containsExactly("hello info [LabelPair[name=detected_level, value=info]]");
        }
    }

    @Test
    void walOffStillPersistsOnCleanClose() throws Exception {
        StoreConfig config = StoreConfig.defaults(dir).withWalEnabled(false);
        try (LogStore store = LogStore.open(config, Limits.defaults(), CLOCK)) {
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS, "kept"))));
        }
        try (LogStore store = LogStore.open(config, Limits.defaults(), CLOCK)) {
            assertThat(readAll(store, "fake")).containsExactly(NOW_NANOS + " kept");
        }
    }

    @Test
    void blocksThatCannotHoldANeedleAreSkipped() throws Exception {
        try (LogStore store = open()) {
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS - 30, "{\"user_id\": \"user-456\"}"))));
            store.flush();
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS - 20, "{\"user_id\": \"user-123\"}"))));
            store.flush();
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS - 10, "{\"user_id\": \"user-789\"}"))));
            List<String> got = TestData.read(store, "fake", Direction.FORWARD, new ScanHints(List.of("\"user-456\"")), 0, Long.MAX_VALUE);
            // The second block is skipped by its filter, and so is the head, by the filter the scan built for it.
            assertThat(got).containsExactly((NOW_NANOS - 30) + " {\"user_id\": \"user-456\"}");
            assertThat(store.scanCounts()).containsExactly(1, 1, 1);
        }
    }

    @Test
    void headFiltersFollowTheHeadAsItGrows() throws Exception {
        try (LogStore store = open()) {
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS - 30, "{\"user_id\": \"user-1\"}"))));
            ScanHints wanted = new ScanHints(List.of("\"user-2\""));
            assertThat(TestData.read(store, "fake", Direction.FORWARD, wanted, 0, Long.MAX_VALUE)).isEmpty();
            assertThat(store.scanCounts()[2]).isEqualTo(1);
            // The filter built by that scan is extended with what came since, not trusted as it was.
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS - 20, "{\"user_id\": \"user-2\"}"))));
            assertThat(TestData.read(store, "fake", Direction.BACKWARD, wanted, 0, Long.MAX_VALUE))
                    .containsExactly((NOW_NANOS - 20) + " {\"user_id\": \"user-2\"}", (NOW_NANOS - 30) + " {\"user_id\": \"user-1\"}");
            StringBuilder big = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                big.append("{\"user_id\": \"user-x").append(i % 10).append("\"} ");
            }
            // Outgrowing the filter's size rebuilds it larger; nothing is lost.
            store.push("fake", request(stream(labels("app", "a"), entry(NOW_NANOS - 10, big.toString()))));
            assertThat(TestData.read(store, "fake", Direction.FORWARD, new ScanHints(List.of("\"user-x9\"")), 0, Long.MAX_VALUE))
                    .hasSize(3);
            assertThat(TestData.read(store, "fake", Direction.FORWARD, new ScanHints(List.of("qqq")), 0, Long.MAX_VALUE)).isEmpty();
        }
    }

    /**
     * A block whose few candidate lines are rebuilt one by one from its templates: the candidates read right,
     * in both directions, and a scan that reads every line anyway (past the one-by-one budget) still gets
     * every line right.
     */
    @Test
    void fewCandidateLinesOfABlockReadAloneAndAllLinesStillReadRight() throws Exception {
        try (LogStore store = open()) {
            List<PushEntry> entries = new ArrayList<>();
            List<String> all = new ArrayList<>();
            List<String> wanted = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String id = i % 97 == 5 ? "req-77" + i : "req-" + Integer.toHexString(0x10000 + i * 7919);
                String line = "{\"level\":\"info\",\"request_id\":\"" + id + "\",\"n\":" + i + ",\"msg\":\"done " + i * 3 + "\"}";
                long ts = NOW_NANOS - 1000 + i;
                entries.add(entry(ts, line));
                all.add(ts + " " + line);
                if (id.startsWith("req-77")) {
                    wanted.add(ts + " " + line);
                }
            }
            store.push("fake", request(stream(labels("app", "a"), entries.toArray(PushEntry[]::new))));
            store.flush();
            ScanHints hints = new ScanHints(List.of("\"req-77"), true);
            for (Direction d : Direction.values()) {
                List<String> got = new ArrayList<>();
                for (StreamRef ref : store.streams("fake", List.of(), 0, Long.MAX_VALUE)) {
                    try (EntryCursor c = store.entries("fake", ref, 0, Long.MAX_VALUE, d, hints)) {
                        while (c.next()) {
                            if (c.mayMatch()) {
                                got.add(c.timestamp() + " " + c.line());
                            }
                        }
                    }
                }
                List<String> expected = new ArrayList<>(wanted);
                if (d == Direction.BACKWARD) {
                    java.util.Collections.reverse(expected);
                }
                assertThat(got).as(d.name()).hasSize(6).containsExactlyElementsOf(expected);
                List<String> every = TestData.read(store, "fake", d, hints, 0, Long.MAX_VALUE);
                List<String> expectedAll = new ArrayList<>(all);
                if (d == Direction.BACKWARD) {
                    java.util.Collections.reverse(expectedAll);
                }
                assertThat(every).as(d.name()).containsExactlyElementsOf(expectedAll);
            }
        }
    }

    /** Two blocks and a head whose times interleave in runs of random length come back as one ordered stream. */
    @Test
    void blocksAndHeadOverlappingInTimeMergeInOrderBothWays() throws Exception {
        java.util.Random random = new java.util.Random(7);
        List<List<PushEntry>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<String> expected = new ArrayList<>();
        int part = 0;
        for (int i = 0; i < 900; i++) {
            if (random.nextInt(5) == 0) {
                part = random.nextInt(3);
            }
            long ts = NOW_NANOS - 10_000 + i * 3L;
            parts.get(part).add(entry(ts, "line " + i + " of part " + part));
            expected.add(ts + " line " + i + " of part " + part);
        }
        try (LogStore store = open()) {
            for (int p = 0; p < 3; p++) {
                store.push("fake", request(stream(labels("app", "a"), parts.get(p).toArray(PushEntry[]::new))));
                if (p < 2) {
                    store.flush();
                }
            }
            assertThat(TestData.read(store, "fake", Direction.FORWARD, ScanHints.NONE, 0, Long.MAX_VALUE))
                    .containsExactlyElementsOf(expected);
            List<String> backward = new ArrayList<>(expected);
            java.util.Collections.reverse(backward);
            assertThat(TestData.read(store, "fake", Direction.BACKWARD, ScanHints.NONE, 0, Long.MAX_VALUE))
                    .containsExactlyElementsOf(backward);
        }
    }
}
