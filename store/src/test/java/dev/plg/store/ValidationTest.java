package dev.plg.store;

import static dev.plg.store.TestData.CLOCK;
import static dev.plg.store.TestData.NOW_NANOS;
import static dev.plg.store.TestData.SECOND;
import static dev.plg.store.TestData.entry;
import static dev.plg.store.TestData.labels;
import static dev.plg.store.TestData.readAll;
import static dev.plg.store.TestData.request;
import static dev.plg.store.TestData.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loki's exact refusal texts (pkg/validation/validate.go, 3.4.2), one case per line. */
class ValidationTest {
    @TempDir
    Path dir;

    /** 2017-07-14T02:40:00Z, the capture's too-old timestamp. */
    private static final long OLD = 1_500_000_000L * SECOND;

    private void assertRefused(Limits limits, PushRequest request, PushResult.Category category, String message) throws Exception {
        try (LogStore store = LogStore.open(StoreConfig.defaults(dir), limits, CLOCK)) {
            PushResult r = store.push("fake", request);
            assertThat(r.category()).isEqualTo(category);
            assertThat(r.message()).isEqualTo(message);
        }
    }

    private void assertRefused(PushRequest request, String message) throws Exception {
        assertRefused(Limits.defaults(), request, PushResult.Category.BAD_REQUEST, message);
    }

    @Test
    void entryTexts() throws Exception {
        assertRefused(request(stream(labels("app", "t"), entry(OLD, "x"))),
                "entry for stream '{app=\"t\", service_name=\"t\"}' has timestamp too old: 2017-07-14T02:40:00Z, "
                        + "oldest acceptable timestamp is: 2025-12-26T00:00:00Z");
        assertRefused(request(stream(labels("app", "t"), entry(NOW_NANOS + 11 * 60 * SECOND, "x"))),
                "entry for stream '{app=\"t\", service_name=\"t\"}' has timestamp too new: 2026-01-02T00:11:00Z");
        assertRefused(request(stream(labels("app", "t"), entry(NOW_NANOS, "x".repeat(256_001)))),
                "Max entry size '256000' bytes exceeded for stream '{app=\"t\", service_name=\"t\"}' while adding an entry with length '256001' bytes");
        assertRefused(request(stream(labels("app", "t"), entry(OLD, "x"), entry(OLD + 1, "y"))),
                "2 errors like: entry for stream '{app=\"t\", service_name=\"t\"}' has timestamp too old: 2017-07-14T02:40:00Z, "
                        + "oldest acceptable timestamp is: 2025-12-26T00:00:00Z");
    }

    @Test
    void labelTexts() throws Exception {
        List<LabelPair> sixteen = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            sixteen.add(new LabelPair("l" + (char) ('a' + i), "v"));
        }
        assertRefused(request(new PushStream(sixteen, List.of(entry(NOW_NANOS, "x")))),
                "entry for stream '{la=\"v\", lb=\"v\", lc=\"v\", ld=\"v\", le=\"v\", lf=\"v\", lg=\"v\", lh=\"v\", li=\"v\", lj=\"v\", "
                        + "lk=\"v\", ll=\"v\", lm=\"v\", ln=\"v\", lo=\"v\", lp=\"v\"}' has 16 label names; limit 15");
        assertRefused(request(stream(labels("app", "v".repeat(2049)), entry(NOW_NANOS, "x"))),
                "stream '{app=\"" + "v".repeat(2049) + "\"}' has label value too long: '" + "v".repeat(2049) + "'");
        assertRefused(request(stream(labels("n".repeat(1025), "v"), entry(NOW_NANOS, "x"))),
                "stream '{" + "n".repeat(1025) + "=\"v\"}' has label name too long: '" + "n".repeat(1025) + "'");
        assertRefused(request(stream(labels("app", "a", "app", "b"), entry(NOW_NANOS, "x"))),
                "stream '{app=\"a\", app=\"b\"}' has duplicate label name: 'app'");
        assertRefused(request(stream(labels(), entry(NOW_NANOS, "x"))),
                "error at least one label pair is required per stream");
        assertRefused(request(new PushStream(List.of(), List.of(entry(NOW_NANOS, "x")), "{1a=\"b\"}")),
                "Error parsing labels '{1a=\"b\"}' with error: 1:2: parse error: unexpected character inside braces: '1'");
    }

    @Test
    void limitTexts() throws Exception {
        Limits oneStream = Limits.defaults().toBuilder().maxGlobalStreamsPerUser(1).build();
        assertRefused(oneStream, request(stream(labels("app", "a"), entry(NOW_NANOS, "x")), stream(labels("app", "b"), entry(NOW_NANOS, "y"))),
                PushResult.Category.RATE_LIMITED,
                "Maximum active stream limit exceeded when trying to create stream {app=\"b\", service_name=\"b\"}, reduce the number of active "
                        + "streams (reduce labels or reduce label values), or contact your Loki administrator to see if the limit can be increased, user: 'fake'");
        Limits slow = Limits.defaults().toBuilder().ingestionRateMb(0.0001).ingestionBurstSizeMb(0.0001).build();
        assertRefused(slow, request(stream(labels("app", "a"), entry(NOW_NANOS, "x".repeat(200)))),
                PushResult.Category.RATE_LIMITED,
                "Ingestion rate limit exceeded for user fake (limit: 104 bytes/sec) while attempting to ingest '1' lines totaling '200' bytes, "
                        + "reduce log volume or contact your Loki administrator to see if the limit can be increased");
        Limits slowStream = Limits.defaults().toBuilder().perStreamRateLimit(100).perStreamRateLimitBurst(100).build();
        assertRefused(slowStream, request(stream(labels("app", "a"), entry(NOW_NANOS, "x".repeat(200)))),
                PushResult.Category.RATE_LIMITED,
                "Per stream rate limit exceeded (limit: 100 B/sec) while attempting to ingest for stream '{app=\"a\", service_name=\"a\"}' "
                        + "totaling 200 B, consider splitting a stream via additional labels or contact your Loki administrator to see if the limit can be increased");
    }

    @Test
    void validEntriesOfAPartlyBadRequestAreKept() throws Exception {
        try (LogStore store = LogStore.open(StoreConfig.defaults(dir), Limits.defaults(), CLOCK)) {
            PushResult r = store.push("fake", request(
                    stream(labels("app", "t"), entry(OLD, "too old"), entry(NOW_NANOS - SECOND, "fine")),
                    stream(labels("app", "a", "app", "b"), entry(NOW_NANOS, "bad labels"))));
            assertThat(r.category()).isEqualTo(PushResult.Category.BAD_REQUEST);
            assertThat(r.accepted()).isEqualTo(1);
            assertThat(r.message()).startsWith("1 errors like: entry for stream").contains("; 1 errors like: stream");
            assertThat(readAll(store, "fake")).containsExactly((NOW_NANOS - SECOND) + " fine");
            assertThat(store.metrics().discardedLines()).isEqualTo(2);
        }
    }

    @Test
    void longLinesAreTruncatedWhenConfigured() throws Exception {
        Limits truncate = Limits.defaults().toBuilder().maxLineSize(5).maxLineSizeTruncate(true).build();
        try (LogStore store = LogStore.open(StoreConfig.defaults(dir), truncate, CLOCK)) {
            assertThat(store.push("fake", request(stream(labels("app", "t"), new PushEntry(NOW_NANOS, "abcd한")))).category())
                    .isEqualTo(PushResult.Category.OK);
            assertThat(readAll(store, "fake")).containsExactly(NOW_NANOS + " abcd");
        }
    }

    @Test
    void entriesBuiltFromUtf8BytesAreStoredAsFromText() throws Exception {
        String[] lines = {"plain info line", "{\"level\":\"error\",\"msg\":\"계정 잠김\"}", "level=warn msg=\"x\"",
            "emoji 😀 debug: x", "abcd한글", "", "{\"lvl\":\"fatal\"}"};
        Limits[] limitsCases = {Limits.defaults(), Limits.defaults().toBuilder().maxLineSize(6).maxLineSizeTruncate(true).build()};
        for (Limits limits : limitsCases) {
            List<String> stored = new ArrayList<>();
            for (boolean fromBytes : new boolean[] {false, true}) {
                List<PushEntry> entries = new ArrayList<>();
                for (int i = 0; i < lines.length; i++) {
                    entries.add(fromBytes
                            ? PushEntry.ofUtf8(NOW_NANOS + i, lines[i].getBytes(java.nio.charset.StandardCharsets.UTF_8), List.of())
                            : new PushEntry(NOW_NANOS + i, lines[i]));
                }
                Path d = dir.resolve("bytes-" + fromBytes + "-" + limits.maxLineSize());
                try (LogStore store = LogStore.open(StoreConfig.defaults(d), limits, CLOCK)) {
                    store.push("fake", request(stream(labels("app", "t"), entries.toArray(PushEntry[]::new))));
                    stored.add(readWithMetadata(store));
                }
            }
            assertThat(stored.get(1)).as("max line size %d", limits.maxLineSize()).isEqualTo(stored.get(0));
        }
    }

    private static String readWithMetadata(LogStore store) {
        StringBuilder out = new StringBuilder();
        for (dev.plg.store.read.StreamRef ref : store.streams("fake", List.of(), Long.MIN_VALUE, Long.MAX_VALUE)) {
            try (dev.plg.store.read.EntryCursor c = store.entries("fake", ref, Long.MIN_VALUE, Long.MAX_VALUE,
                    dev.plg.store.read.Direction.FORWARD, dev.plg.store.read.ScanHints.NONE)) {
                while (c.next()) {
                    out.append(c.timestamp()).append(' ').append(c.line()).append(' ').append(c.structuredMetadata()).append('\n');
                }
            }
        }
        return out.toString();
    }

    @Test
    void serviceNameDiscovery() throws Exception {
        assertServiceName(labels("service", "s", "app", "a"), "s");
        assertServiceName(labels("app", "a", "job", "j"), "a");
        assertServiceName(labels("k8s_job_name", "k"), "k");
        assertServiceName(labels("env", "prod"), "unknown_service");
        assertServiceName(labels("service_name", "given", "app", "a"), "given");
    }

    private void assertServiceName(List<LabelPair> labels, String expected) throws Exception {
        try (LogStore store = LogStore.open(StoreConfig.defaults(dir.resolve("s" + System.nanoTime())), Limits.defaults(), CLOCK)) {
            store.push("fake", request(stream(labels, entry(NOW_NANOS, "x"))));
            assertThat(store.labelValues("fake", "service_name", List.of(), 0, Long.MAX_VALUE)).containsExactly(expected);
        }
    }
}
