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
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A range aggregation grouped {@code by (names)} finds each sample's series from a few label values,
 * reusing the previous sample's series while the stages left the labels untouched. Whatever the labels'
 * source (stream labels, structured metadata that changes from entry to entry or overrides a stream
 * label, parsed labels, pipeline errors, the unwrapped label itself), it must answer as grouping the
 * ungrouped series afterwards does.
 */
class GroupedSeriesTest {
    private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    private static final long MS = 1_000_000L;

    @TempDir
    Path tmp;

    @Test
    void groupingInTheRangeAggregationEqualsGroupingItsSeriesAfterwards() throws Exception {
        try (LogStore store = LogStore.open(StoreConfig.defaults(tmp).withBlockTargetBytes(4096),
                Limits.defaults().withRejectOldSamples(false))) {
            List<LabelPair> z1 = List.of(new LabelPair("zone", "z1"));
            List<LabelPair> z2 = List.of(new LabelPair("zone", "z2"));
            // structured metadata named as a stream label: it wins over the stream's value
            List<LabelPair> svc = List.of(new LabelPair("service", "from-metadata"), new LabelPair("zone", "z1"));
            for (int part = 0; part < 2; part++) {
                List<PushEntry> a = new ArrayList<>();
                List<PushEntry> b = new ArrayList<>();
                for (int i = part * 600; i < (part + 1) * 600; i++) {
                    long ts = T0 + i * 1000 * MS;
                    String d = i % 97 == 0 ? "\"slow\"" : Integer.toString(i % 50); // a few values unwrap cannot read
                    String line = "{\"service\":\"in-line-" + (i % 3) + "\",\"d\":" + d + ",\"user\":\"u" + (i % 4) + "\"}";
                    // runs of one metadata list, then another: the series changes inside a block
                    List<LabelPair> md = switch ((i / 40) % 4) {
                        case 0 -> List.of();
                        case 1 -> z1;
                        case 2 -> z2;
                        default -> i % 2 == 0 ? svc : z1;
                    };
                    a.add(new PushEntry(ts, i % 113 == 0 ? "not json at all" : line, md));
                    // no service stream label: json's service label is the series' own, line by line
                    b.add(new PushEntry(ts + 1, line, i % 3 == 0 ? z2 : List.of()));
                }
                store.push("fake", new PushRequest(List.of(
                        new PushStream(List.of(new LabelPair("app", "a"), new LabelPair("service", "api")), a),
                        new PushStream(List.of(new LabelPair("app", "b")), b))));
                if (part == 0) {
                    store.flush(); // the first half in blocks of ~4 kB, the second in heads
                }
            }
            QueryEngine engine = new QueryEngine(store, QueryLimits.DEFAULTS);
            long end = T0 + 1200 * 1000 * MS;
            List<String> pipelines = List.of("", " | json", " | json | __error__=\"\"", " | json | user=\"u1\"",
                    " | json | __error__=\"\" | label_format zone=\"{{.user}}\"");
            List<String> names = List.of("service", "zone", "service, zone", "user", "d", "service_extracted", "__error__");
            int compared = 0;
            for (String pipeline : pipelines) {
                for (String by : names) {
                    for (String range : List.of("20m", "5m")) {
                        String sel = "{app=~\"a|b\"}" + pipeline;
                        // the first of each pair groups while it scans; "* 1" keeps the second's series whole until the outer sum
                        check(engine, "sum by (%s) (count_over_time(%s [%s]))".formatted(by, sel, range),
                                "sum by (%s) (count_over_time(%s [%s]) * 1)".formatted(by, sel, range), end);
                        if (pipeline.contains("json")) {
                            String unwrapped = sel + " | __error__=\"\" | unwrap d";
                            check(engine, "sum by (%s) (sum_over_time(%s [%s]))".formatted(by, unwrapped + " | __error__=\"\"", range),
                                    "sum by (%s) (sum_over_time(%s [%s]) * 1)".formatted(by, unwrapped + " | __error__=\"\"", range), end);
                            check(engine, "max_over_time(%s [%s]) by (%s)".formatted(unwrapped, range, by),
                                    "max by (%s) (max_over_time(%s [%s]) * 1)".formatted(by, unwrapped, range), end);
                            // quantile 0 of a series' values is their minimum
                            check(engine, "quantile_over_time(0, %s [%s]) by (%s)".formatted(unwrapped, range, by),
                                    "min by (%s) (min_over_time(%s [%s]) * 1)".formatted(by, unwrapped, range), end);
                        }
                        compared++;
                    }
                }
            }
            assertThat(compared).isEqualTo(pipelines.size() * names.size() * 2);
            // and one answer by hand: metadata service wins over the stream's in every 4th run of 40, on even entries (7 runs of 20 in (T0, end])
            QueryResult.Vector v = (QueryResult.Vector) engine.instantQuery("fake",
                    "sum by (service) (count_over_time({app=\"a\"} [20m]))", end, 100, Direction.BACKWARD);
            assertThat(v.samples()).extracting(s -> s.labels().getFirst().value(), QueryResult.Sample::value)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("api", 1059.0),
                            org.assertj.core.groups.Tuple.tuple("from-metadata", 140.0));
        }
    }

    /** The two queries give the same samples, or fail with the same error. */
    private static void check(QueryEngine engine, String grouped, String reference, long at) {
        assertThat(outcome(engine, grouped, at)).as(grouped).isEqualTo(outcome(engine, reference, at));
    }

    private static String outcome(QueryEngine engine, String query, long at) {
        try {
            QueryResult.Vector v = (QueryResult.Vector) engine.instantQuery("fake", query, at, 100, Direction.BACKWARD);
            List<QueryResult.Sample> samples = new ArrayList<>(v.samples());
            samples.sort(Comparator.comparing(s -> s.labels().toString()));
            return samples.stream().map(s -> s.labels() + "=" + s.value()).toList().toString();
        } catch (RuntimeException e) {
            // which failing series the message names depends on the order series are met in: compare the error alone
            String m = String.valueOf(e.getMessage());
            return "error: " + (m.contains(" for series") ? m.substring(0, m.indexOf(" for series")) : m);
        }
    }
}
