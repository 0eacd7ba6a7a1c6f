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
import dev.plg.store.read.EntryCursor;
import dev.plg.store.read.LabelMatcher;
import dev.plg.store.read.LogSource;
import dev.plg.store.read.ScanHints;
import dev.plg.store.read.StreamRef;
import dev.plg.store.read.StreamStats;
import dev.plg.store.read.TailListener;
import dev.plg.store.read.TemplatedLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The json stage over templated lines (a block's template and column values, no line rebuilt) must
 * answer exactly as over the rebuilt line bytes: every query runs twice over the same real store,
 * once as it is and once through a source whose cursors hide their templated lines, on many lines
 * of every shape the store's column split and the JSON parser treat specially.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplatedJsonTest {
    private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    private static final long END = T0 + 3_600_000_000_000L;

    private LogStore store;
    private CountingSource fast;
    private CountingSource bytesOnly;

    /** Whether the lines stay in the store's heads ({@link TemplatedJsonHeadTest}) instead of being cut into blocks. */
    boolean inHeads() {
        return false;
    }

    @BeforeAll
    void load(@TempDir Path tmp) throws Exception {
        StoreConfig config = StoreConfig.defaults(tmp);
        store = LogStore.open(inHeads() ? config : config.withBlockTargetBytes(16384),
                Limits.defaults().withRejectOldSamples(false));
        List<PushEntry> t = new ArrayList<>();
        List<PushEntry> clean = new ArrayList<>();
        List<PushEntry> prefixed = new ArrayList<>();
        Random r = new Random(42);
        for (int i = 0; i < 6000; i++) {
            t.add(new PushEntry(T0 + i * 100_000_000L, line(r, i)));
            clean.add(new PushEntry(T0 + i * 100_000_000L, cleanLine(r, i)));
            // number columns whose values share a prefix: "0" (rendering 05, 07) and "10" (1000..1049)
            prefixed.add(new PushEntry(T0 + i * 100_000_000L, "{\"q\":0" + (1 + r.nextInt(9)) + ",\"p\":" + (1000 + i % 50)
                    + ",\"f\":" + (i % 2 == 0) + ",\"d\":0." + r.nextInt(10) + "}"));
        }
        List<LabelPair> tLabels = List.of(new LabelPair("app", "t"), new LabelPair("level", "stream-level"));
        fast = new CountingSource(store, false);
        bytesOnly = new CountingSource(store, true);
        if (!inHeads()) {
            store.push("fake", new PushRequest(List.of(new PushStream(tLabels, t),
                    new PushStream(List.of(new LabelPair("app", "c")), clean),
                    new PushStream(List.of(new LabelPair("app", "p")), prefixed))));
            store.flush();
            return;
        }
        // heads: "t" arrives out of time order, and its last lines after a scan templated the head,
        // so that they are read as bytes next to the templated ones
        store.push("fake", new PushRequest(List.of(new PushStream(tLabels, t.subList(3000, 5700)),
                new PushStream(List.of(new LabelPair("app", "c")), clean),
                new PushStream(List.of(new LabelPair("app", "p")), prefixed))));
        store.push("fake", new PushRequest(List.of(new PushStream(tLabels, t.subList(0, 3000)))));
        answer(fast, "count_over_time({app=\"t\"} | json [1h])", false);
        store.push("fake", new PushRequest(List.of(new PushStream(tLabels, t.subList(5700, 6000)))));
    }

    @AfterAll
    void close() throws Exception {
        store.close();
    }

    /** Lines of every kind: clean ones, escapes, unicode, nesting, arrays, duplicates, odd numbers, broken JSON. */
    private static String line(Random r, int i) {
        String[] msgs = {"ok", "계정 잠김", "say \\\"hi\\\"", "tab\\tnew\\nline", "back\\\\slash", "\\u00e9t\\u00e9",
                "emoji \\ud83d\\ude00", "lone \\ud800 x", "bad \\x escape", "ctl \u0001 raw\tTab", "zero \u0000 byte",
                "slash \\/", "{[,:]}", ""};
        String[] nums = {"1", "05", "-0", "1e5", "1.5E-3", "-12.50", "007", "3", "12abc", "true", "false", "null",
                "tru", "0.000001", "123456789012345678901"};
        String msg = msgs[r.nextInt(msgs.length)];
        String num = nums[r.nextInt(nums.length)];
        int attempt = r.nextInt(6);
        return switch (i % 17) {
            case 0 -> "{\"level\":\"info\",\"msg\":\"" + msg + "\",\"attempt\":" + attempt + "}";
            case 1 -> "{\"level\":\"warn\",\"n\":" + num + ",\"nested\":{\"a\":\"" + msg + "\",\"b\":{\"c\":" + num + "}}}";
            case 2 -> "{\"arr\":[1,\"" + msg + "\",{\"x\":" + num + "}],\"app\":\"clash-" + attempt + "\",\"n\":" + attempt + "}";
            case 3 -> "{\"a\":\"" + msg + "\",\"a\":" + num + ",\"user-id\":\"u" + attempt + "\",\"1st\":1,\" sp \":\"s\"}";
            case 4 -> "{\"level\":\"info\",\"n\":" + num + "}";
            case 5 -> "not json at all " + i;
            case 6 -> "{\"level\":\"error\",\"msg\":\"" + msg + "\"";
            case 7 -> "{\"level\": \"spaced\", \"n\": " + attempt + "}";
            case 8 -> "{\"k\\u0065y\":\"" + msg + "\",\"n\":" + attempt + "}";
            case 9 -> "{\"ts\":\"2026-01-01T00:00:0" + attempt + ".123456Z\",\"trace\":\"" + hex(r) + "\",\"n\":" + num + "}";
            case 10 -> "{\"level\":\"info\",\"duration_ms\":" + (r.nextInt(100000) / 100.0) + ",\"attempt\":" + attempt + "}";
            case 11 -> "{\"obj\":{},\"e\":\"\",\"n\":" + attempt + ",\"z\":null}";
            case 12 -> "[\"array\",\"line\"," + attempt + "]";
            case 13 -> "{\"level\":\"info\",\"msg\":\"" + msg + "\",\"attempt\":" + attempt + "} trailing";
            case 14 -> "{\"x\":" + num + "\n,\"y\":1}";
            case 15 -> "{\"level\":\"debug\",\"code\":\"v" + String.format("%03d", attempt) + "\",\"n\":-" + attempt + "}";
            default -> "{\"level\":\"info\",\"user_id\":\"user-" + (i % 50) + "\",\"attempt\":" + attempt + ",\"msg\":\"m" + attempt + "\"}";
        };
    }

    /** Seed-like lines: every template fast. */
    private static String cleanLine(Random r, int i) {
        String[] levels = {"info", "warn", "error", "debug"};
        String[] services = {"api", "auth", "db"};
        return "{\"timestamp\":\"2026-01-01T00:00:00." + String.format("%06d", i) + "Z\",\"level\":\"" + levels[r.nextInt(4)]
                + "\",\"service\":\"" + services[r.nextInt(3)] + "\",\"trace_id\":\"" + hex(r) + "\",\"user_id\":\"user-"
                + r.nextInt(100) + "\",\"attempt\":" + r.nextInt(6) + ",\"duration_ms\":" + (r.nextInt(100000) / 10.0)
                + ",\"msg\":\"req \\\"" + i % 7 + "\\\" 완료\"}";
    }

    private static String hex(Random r) {
        return String.format("%016x", r.nextLong());
    }

    static Stream<String> queries() {
        return Stream.of(
                "{app=\"t\"} | json",
                "{app=\"c\"} | json",
                "{app=\"t\"} | json | level=\"info\"",
                "{app=\"t\"} | json | n > 2",
                "{app=\"t\"} | json | a=\"ok\"",
                "{app=\"t\"} | json | a > 1",
                "{app=\"t\"} | json | n > 2 | level_extracted=\"info\" | attempt < 4",
                "{app=\"t\"} | json | user_id=\"user-7\" or attempt=\"2\"",
                "{app=\"t\"} | json | x >= 1 | nested_b_c > 0",
                "{app=\"t\"} | json | __error__!=\"\"",
                "{app=\"t\"} | json | level=\"info\" |= \"attempt\"",
                "{app=\"t\"} | json | line_format \"{{.msg}} {{.n}}\"",
                "{app=\"t\"} | json | drop level, n",
                "{app=\"t\"} | level=\"stream-level\" | json | app_extracted=~\"clash.*\"",
                "{app=\"c\"} | json | user_id=\"user-42\"",
                "{app=\"p\"} | json | q > 3 | p < 1010",
                "sum by (q, f) (count_over_time({app=\"p\"} | json [1h]))",
                "sum by (f) (sum_over_time({app=\"p\"} | json | unwrap d [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | n >= 3 [1h]))",
                "sum by (level_extracted, a) (count_over_time({app=\"t\"} | json | __error__=\"\" [1h]))",
                "count_over_time({app=\"t\"} | json | __error__=\"\" [1h])",
                "count_over_time({app=\"t\"} | json [1h])",
                "sum by (service) (count_over_time({app=\"c\"} | json | attempt >= 3 [1h]))",
                "quantile_over_time(0.99, {app=\"c\"} | json | unwrap duration_ms [1h]) by (service)",
                "sum by (level_extracted) (sum_over_time({app=\"t\"} | json | unwrap attempt [1h]))",
                "sum by (level_extracted) (bytes_over_time({app=\"t\"} | json | __error__=\"\" [1h]))",
                "max_over_time({app=\"t\"} | json | __error__=\"\" | unwrap n [1h]) by (level_extracted)",
                "sum(count_over_time({app=\"t\"} | json | nested_b_c > 0 [1h]))",
                "sum by (key) (count_over_time({app=\"t\"} | json | key != \"\" [1h]))",
                // unwrap of a label only the unwrap reads (json leaves it to the unwrap on templates)
                "quantile_over_time(0.5, {app=\"t\"} | json | unwrap n [1h]) by (level)",
                "quantile_over_time(0.5, {app=\"t\"} | json | unwrap n | __error__=\"\" [1h]) by (level)",
                "quantile_over_time(0.9, {app=\"t\"} | json | unwrap n | __error__=\"\" [1h]) by (level_extracted, attempt)",
                "sum by (level) (sum_over_time({app=\"t\"} | json | unwrap duration(n) | __error__=\"\" [1h]))",
                "sum by (level) (sum_over_time({app=\"t\"} | json | unwrap bytes(n) | __error__=\"\" [1h]))",
                "sum by (level) (sum_over_time({app=\"t\"} | json | unwrap duration_seconds(n) [1h]))",
                "sum by (level) (sum_over_time({app=\"t\"} | json | unwrap nested_b_c | __error__=\"\" [1h]))",
                "quantile_over_time(0.9, {app=\"t\"} | json | unwrap a | __error__=\"\" [1h]) by (user_id)",
                "max_over_time({app=\"t\"} | json | unwrap app_extracted | __error__=\"\" [1h]) by (level)",
                "min_over_time({app=\"t\"} | json | unwrap x | __error__=\"\" [1h]) by (level)",
                "max_over_time({app=\"t\"} | json | unwrap missing_key [1h]) by (level)",
                "quantile_over_time(0.5, {app=\"p\"} | json | unwrap q [1h]) by (f)",
                "quantile_over_time(0.25, {app=\"p\"} | json | unwrap d [1h]) by (f)",
                "sum by (f) (sum_over_time({app=\"p\"} | json | unwrap p [1h]))",
                "max_over_time({app=\"p\"} | json | unwrap q [1h]) by (q)",
                "max_over_time({app=\"c\"} | json | unwrap duration_ms [1h]) by (level)",
                "avg_over_time({app=\"c\"} | json | attempt > 2 | unwrap duration_ms [1h]) by (service, level)",
                "stddev_over_time({app=\"c\"} | json | duration_ms > 5000 | unwrap duration_ms [1h]) by (service)",
                "quantile_over_time(0.5, {app=\"c\"} | json | unwrap duration_ms [1h]) without (level)",
                "first_over_time({app=\"c\"} | json | level=~\"info|warn\" | unwrap duration_ms | duration_ms > 10 [1h]) by (level)",
                "sum by (service) (rate({app=\"c\"} | json | unwrap duration_ms [1h]))",
                "sum by (service) (count_over_time({app=\"c\"} | json | attempt >= 3 | duration_ms < 5000.5 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | n >= 3 or n < 0 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | n > 1ms [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | n > 1KB [1h]))",
                // number filters on a label only number filters read (json leaves it to them on templates)
                "sum by (level) (count_over_time({app=\"t\"} | json | n == 3 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | n != 3 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | n < 0 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | n <= 1 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | n > 2 and level_extracted=\"info\" [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | n > 2 | n < 5 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | a > 1 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | nested_b_c >= 1 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | x > 0 or attempt >= 3 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | missing_key > 0 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | app_extracted > 0 [1h]))",
                "sum by (level) (count_over_time({app=\"t\"} | json | n > 0 | __error__=\"\" [1h]))",
                "sum by (service) (count_over_time({app=\"c\"} | json | attempt >= 3 | __error__=\"\" [1h]))",
                "sum by (level) (count_over_time({app=\"c\"} | json | attempt != 2 or duration_ms > 5000 [1h]))",
                "sum by (service) (bytes_over_time({app=\"c\"} | json | attempt < 2 [1h]))",
                "sum by (f) (count_over_time({app=\"p\"} | json | q > 3 [1h]))",
                "sum by (f) (count_over_time({app=\"p\"} | json | p >= 1025 [1h]))",
                "sum by (q) (count_over_time({app=\"p\"} | json | d < 0.5 [1h]))",
                "sum by (service) (sum_over_time({app=\"c\"} | json | attempt > 1 | unwrap attempt [1h]))",
                "sum by (service) (sum_over_time({app=\"c\"} | json | attempt > 1 | unwrap duration_ms [1h]))");
    }

    @ParameterizedTest
    @MethodSource("queries")
    void templatedLinesAnswerAsBytes(String query) {
        assertThat(answer(fast, query, false)).isEqualTo(answer(bytesOnly, query, false));
        assertThat(answer(fast, query, true)).isEqualTo(answer(bytesOnly, query, true));
    }

    @Test
    void cleanLinesAreNeverRebuiltForMetrics() {
        fast.rebuilt.reset();
        fast.templated.reset();
        answer(fast, "sum by (service) (count_over_time({app=\"c\"} | json | attempt >= 3 [1h]))", false);
        answer(fast, "quantile_over_time(0.99, {app=\"c\"} | json | unwrap duration_ms [1h]) by (service)", false);
        answer(fast, "{app=\"c\"} | json | user_id=\"user-42\"", false);
        answer(fast, "sum by (q, f) (count_over_time({app=\"p\"} | json | d > 0.3 [1h]))", false);
        assertThat(fast.templated.sum()).isGreaterThan(17_000);
        // only the log query's kept rows (user-42: about 60) are rebuilt
        assertThat(fast.rebuilt.sum()).isLessThan(200);
    }

    @Test
    void oddLinesFallBackToBytes() {
        fast.rebuilt.reset();
        answer(fast, "count_over_time({app=\"t\"} | json | __error__=\"\" [1h])", false);
        assertThat(fast.rebuilt.sum()).isGreaterThan(0).isLessThan(6000);
    }

    @Test
    void aScanStoppedByItsLimitReadsTheSameBytes() {
        for (String q : List.of("{app=\"c\"} | json | attempt >= 3", "{app=\"t\"} | json | n > 1", "{app=\"c\"} | json")) {
            for (int limit : new int[] {1, 10, 700}) {
                assertThat(answer(fast, q, true, limit)).as(q).isEqualTo(answer(bytesOnly, q, true, limit));
                assertThat(answer(fast, q, false, limit)).as(q).isEqualTo(answer(bytesOnly, q, false, limit));
            }
        }
    }

    private static String answer(LogSource source, String query, boolean range) {
        return answer(source, query, range, 5000);
    }

    /** Range queries run forward, instant ones backward. */
    private static String answer(LogSource source, String query, boolean range, int limit) {
        QueryEngine engine = new QueryEngine(source, QueryLimits.DEFAULTS);
        QueryResult r;
        try {
            r = range ? engine.rangeQuery("fake", query, T0, END, 60_000_000_000L, 0, limit, Direction.FORWARD)
                    : engine.instantQuery("fake", query, END, limit, Direction.BACKWARD);
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
        return switch (r) {
            // a scan cut short by the limit reads as far as its threads got: compare what it read only when it read all
            case QueryResult.Streams s -> s.streams() + (s.streams().stream().mapToInt(x -> x.entries().size()).sum() < 5000
                    ? read(s.stats()) : "");
            case QueryResult.Vector v -> sorted(v.samples().stream().map(Object::toString).toList()) + read(v.stats());
            case QueryResult.Matrix m -> sorted(m.series().stream()
                    .map(x -> x.labels() + Arrays.toString(x.timestampsMillis()) + Arrays.toString(x.values())).toList())
                    + read(m.stats());
            default -> r.toString();
        };
    }

    /** What a query read (the same whichever way lines reach the pipeline; also InstantCountTest's measure). */
    static String read(QueryStats s) {
        return " lines=" + s.linesProcessed() + " bytes=" + s.bytesProcessed() + " metadata=" + s.structuredMetadataBytes()
                + " kept=" + s.postFilterLines();
    }

    private static String sorted(List<String> xs) {
        List<String> s = new ArrayList<>(xs);
        s.sort(null);
        return s.toString();
    }

    /** The store as it is, or with its cursors' templated lines hidden (the bytes path); counts both kinds of reads. */
    static final class CountingSource implements LogSource {
        private final LogSource store;
        private final boolean hideTemplates;
        final LongAdder rebuilt = new LongAdder();
        final LongAdder templated = new LongAdder();

        CountingSource(LogSource store, boolean hideTemplates) {
            this.store = store;
            this.hideTemplates = hideTemplates;
        }

        @Override
        public List<StreamRef> streams(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
            return store.streams(tenant, matchers, fromNanos, toNanos);
        }

        @Override
        public EntryCursor entries(String tenant, StreamRef stream, long fromNanos, long toNanos, Direction direction,
                                   ScanHints hints) {
            EntryCursor c = store.entries(tenant, stream, fromNanos, toNanos, direction, hints);
            return new EntryCursor() {
                @Override
                public boolean next() {
                    return c.next();
                }

                @Override
                public long timestamp() {
                    return c.timestamp();
                }

                @Override
                public byte[] lineBytes() {
                    rebuilt.increment();
                    return c.lineBytes();
                }

                @Override
                public int lineOffset() {
                    return c.lineOffset();
                }

                @Override
                public int lineLength() {
                    return c.lineLength();
                }

                @Override
                public boolean mayMatch() {
                    return c.mayMatch();
                }

                @Override
                public long lineBytesReturned() {
                    return c.lineBytesReturned();
                }

                @Override
                public TemplatedLine templatedLine() {
                    TemplatedLine t = hideTemplates ? null : c.templatedLine();
                    if (t != null) {
                        templated.increment();
                    }
                    return t;
                }

                @Override
                public List<LabelPair> structuredMetadata() {
                    return c.structuredMetadata();
                }

                @Override
                public void close() {
                    c.close();
                }
            };
        }

        @Override
        public List<String> labelNames(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
            return store.labelNames(tenant, matchers, fromNanos, toNanos);
        }

        @Override
        public List<String> labelValues(String tenant, String name, List<LabelMatcher> matchers, long fromNanos,
                                        long toNanos) {
            return store.labelValues(tenant, name, matchers, fromNanos, toNanos);
        }

        @Override
        public StreamStats stats(String tenant, StreamRef stream, long fromNanos, long toNanos) {
            return store.stats(tenant, stream, fromNanos, toNanos);
        }

        @Override
        public AutoCloseable tail(String tenant, List<LabelMatcher> matchers, TailListener listener) {
            return store.tail(tenant, matchers, listener);
        }
    }
}
