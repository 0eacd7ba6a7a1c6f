package dev.plg.logql.pipeline.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.logql.LogQL;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.pipeline.SampleResult;
import dev.plg.logql.pipeline.StreamSampleExtractor;
import dev.plg.push.LabelPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A number filter on a label only number filters (and the unwrap) read compares the number in the
 * templated line's hole (the json stage does not set the label): every sample must be exactly the
 * one the line's bytes give, kept or dropped, value, labels and {@code __error__} alike.
 */
class DeferredFilterTest {
    private static final List<LabelPair> STREAM = List.of(new LabelPair("app", "a"), new LabelPair("service", "api"));

    /** The range aggregation's extractor, grouped as the vector aggregation around it groups (as the evaluator does). */
    private static StreamSampleExtractor extractor(String query) {
        RangeAggregation ra = range(query);
        return new CompiledExtractor(ra.op(), ra.range(), grouping(query)).forStream(STREAM);
    }

    private static RangeAggregation range(String query) {
        dev.plg.logql.ast.Expr e = LogQL.parse(query);
        return e instanceof dev.plg.logql.ast.VectorAggregation v ? (RangeAggregation) v.inner() : (RangeAggregation) e;
    }

    private static dev.plg.logql.ast.Grouping grouping(String query) {
        dev.plg.logql.ast.Expr e = LogQL.parse(query);
        return e instanceof dev.plg.logql.ast.VectorAggregation v ? v.grouping() : ((RangeAggregation) e).grouping();
    }

    /**
     * What the evaluator reads of a sample grouped {@code by}: its value and the grouping labels'
     * values, or all its labels when it has an {@code __error__} (an error series keeps them all).
     */
    private static String describe(SampleResult r) {
        if (r == null) {
            return "none";
        }
        String err = r.labelValue("__error__");
        return Long.toHexString(Double.doubleToRawLongBits(r.value())) + " service=" + r.labelValue("service")
                + " level=" + r.labelValue("level") + " err=" + err + " details="
                + r.labelValue("__error_details__") + (err == null ? "" : " " + r.labels());
    }

    private static final List<String> QUERIES = List.of(
            "sum by (service) (count_over_time({app=\"a\"} | json | d > 3 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d >= 3 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d < 3 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d <= 3 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d == 3 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d != 3 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d > -0.5 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d == 0 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d >= 100000 [1h]))",
            "sum by (level) (count_over_time({app=\"a\"} | json | d > 1 and level=\"info\" [1h]))",
            "sum by (level) (count_over_time({app=\"a\"} | json | d > 5 or level=\"info\" [1h]))",
            "sum by (level) (count_over_time({app=\"a\"} | json | level=\"warn\" or (d > 1 and d < 20) [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d > 1 | d < 20 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d > 1, d != 7 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d > 1 | __error__=\"\" [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json |= \"level\" | d > 1 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | decolorize | d > 1 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | d > 1 | json | d > 1 [1h]))",
            "sum by (service) (bytes_over_time({app=\"a\"} | json | d >= 3 [1h]))",
            "sum by (level) (count_over_time({app=\"a\"} | json | o_d > 2 [1h]))",
            "sum by (level) (count_over_time({app=\"a\"} | json | service_extracted > 2 [1h]))",
            // the filtered label is also the unwrapped one; or another label is unwrapped
            "sum by (service) (sum_over_time({app=\"a\"} | json | d > 1 | unwrap d [1h]))",
            "sum by (service) (sum_over_time({app=\"a\"} | json | d > 1 | unwrap o_d [1h]))",
            "sum by (service) (sum_over_time({app=\"a\"} | json | d > 1 | unwrap d | __error__=\"\" [1h]))",
            // not deferred: another filter or the grouping reads the label
            "sum by (service) (count_over_time({app=\"a\"} | json | d > 1 | d != \"7\" [1h]))",
            "sum by (d) (count_over_time({app=\"a\"} | json | d > 1 [1h]))",
            "sum by (service) (count_over_time({app=\"a\"} | json | d > 1s [1h]))",
            "sum without (level) (count_over_time({app=\"a\"} | json | d > 1 [1h]))");

    private static final List<String> LINES = List.of(
            "{\"level\":\"|info|\",\"d\":|3|}",
            "{\"level\":\"|info|\",\"d\":|12.5|}",
            "{\"level\":\"|warn|\",\"d\":|-0|}",
            "{\"level\":\"|info|\",\"d\":|0|}",
            "{\"level\":\"|info|\",\"d\":|2.999999999999999|}",
            "{\"level\":\"|info|\",\"d\":|05|}",
            "{\"level\":\"|info|\",\"d\":|1e5|}",
            "{\"level\":\"|info|\",\"d\":|1.5E-3|}",
            "{\"level\":\"|info|\",\"d\":|true|}",
            "{\"level\":\"|info|\",\"d\":|false|}",
            "{\"level\":\"|info|\",\"d\":|null|}",
            "{\"level\":\"|info|\",\"d\":|12abc|}",
            "{\"level\":\"|info|\",\"d\":|123456789012345678901|}",
            "{\"level\":\"|info|\",\"d\":|9007199254740993|}",
            "{\"level\":\"|info|\",\"d\":\"|7|\"}",
            "{\"level\":\"|info|\",\"d\":\"|x7|\"}",
            "{\"level\":\"|warn|\",\"x\":|7|}",
            "{\"d\":|1|,\"level\":\"|info|\",\"d\":|7|}",
            "{\"d\":|1|,\"level\":\"|info|\",\"d\":\"|7|\"}",
            "{\"d\":\"|1|\",\"level\":\"|warn|\",\"d\":|7|}",
            "{\"level\":\"|info|\",\"d\":|7|,\"bad\"",
            "{\"o\":{\"d\":|3|},\"d\":|7|}",
            "{\"level\":\"|info|\",\"service\":|4|,\"d\":|4|}");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String q : QUERIES) {
            for (String l : LINES) {
                out.add(Arguments.of(q, l, false));
                out.add(Arguments.of(q, l, true));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1} (store double {2})")
    @MethodSource("cases")
    void templatedSampleIsTheBytesSample(String query, String spec, boolean storeKnows) {
        int holes = spec.split("\\|", -1).length / 2;
        double[] doubles = new double[holes];
        for (int k = 0; k < holes; k++) {
            doubles[k] = Double.NaN;
        }
        DeferredUnwrapTest.FakeLine probe = new DeferredUnwrapTest.FakeLine(new Object(), spec, null);
        if (storeKnows) {
            for (int k = 0; k < holes; k++) {
                // what the store gives: the exact double of a canonical decimal only
                doubles[k] = JsonTemplates.decimal(probe.values[k], 0, probe.values[k].length);
            }
        }
        DeferredUnwrapTest.FakeLine line = new DeferredUnwrapTest.FakeLine(new Object(), spec, doubles);
        byte[] bytes = line.line();
        for (List<LabelPair> md : List.of(List.<LabelPair>of(), List.of(new LabelPair("d", "2")),
                List.of(new LabelPair("d", "x")))) {
            String expected = describe(extractor(query).process(1, bytes, 0, bytes.length, md));
            StreamSampleExtractor x = extractor(query);
            // twice: the template is learnt on the first line, used as learnt on the second
            for (int i = 0; i < 2; i++) {
                assertThat(describe(x.process(1, line, md)))
                        .as(query + " " + new String(bytes, StandardCharsets.UTF_8) + " " + md)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void theFilteredNumberComesFromTheHoleWithoutAString() {
        DeferredUnwrapTest.FakeLine line = new DeferredUnwrapTest.FakeLine(new Object(), "{\"level\":\"|info|\",\"d\":|4|}",
                new double[] {Double.NaN, 4});
        StreamSampleExtractor x = extractor("sum by (service) (count_over_time({app=\"a\"} | json | d >= 3 [1h]))");
        assertThat(x.process(1, line, List.of())).isNotNull();
        assertThat(line.doublesAsked).isEqualTo(1);
        assertThat(x.process(1, line, List.of()).labelValue("d")).isNull();
        // structured metadata of the label's name wins over the parsed label, as with the bytes
        assertThat(x.process(1, line, List.of(new LabelPair("d", "1")))).isNull();
        assertThat(line.doublesAsked).isEqualTo(2);
    }

    @Test
    void aLabelAnotherFilterReadsIsNotDeferred() {
        DeferredUnwrapTest.FakeLine line = new DeferredUnwrapTest.FakeLine(new Object(), "{\"level\":\"|info|\",\"d\":|4|}",
                new double[] {Double.NaN, 4});
        StreamSampleExtractor x = extractor("sum by (service) (count_over_time({app=\"a\"} | json | d >= 3 | d=~\"4\" [1h]))");
        assertThat(x.process(1, line, List.of())).isNotNull();
        assertThat(line.doublesAsked).isZero();
    }

    @Test
    void whichLabelIsDeferred() {
        assertThat(deferred("sum by (service) (count_over_time({app=\"a\"} | json | d >= 3 [1h]))")).isEqualTo("d");
        assertThat(deferred("sum by (service) (count_over_time({app=\"a\"} | json | e = \"x\" or d >= 3 [1h]))")).isEqualTo("d");
        assertThat(deferred("sum by (service) (count_over_time({app=\"a\"} | json | e > 1 | d >= 3 | e = \"x\" [1h]))"))
                .isEqualTo("d");
        assertThat(deferred("sum by (service) (sum_over_time({app=\"a\"} | json | d >= 3 | unwrap u [1h]))")).isEqualTo("u");
        assertThat(deferred("sum by (u) (sum_over_time({app=\"a\"} | json | d >= 3 | unwrap u [1h]))")).isEqualTo("d");
        assertThat(deferred("sum by (d) (count_over_time({app=\"a\"} | json | d >= 3 [1h]))")).isNull();
        assertThat(deferred("sum by (service) (count_over_time({app=\"a\"} | json | d >= 3 | logfmt [1h]))")).isNull();
        assertThat(deferred("sum by (service) (count_over_time({app=\"a\"} | json d=\"d\" | d >= 3 [1h]))")).isNull();
        assertThat(deferred("sum by (service) (count_over_time({app=\"a\"} | json | d >= 3 | line_format \"x\" [1h]))")).isNull();
        assertThat(deferred("sum (count_over_time({app=\"a\"} | json | d >= 3 [1h]))")).isNull();
        assertThat(deferred("sum by (service) (sum_over_time({app=\"a\"} | json | d >= 3 | unwrap u | d > 4 [1h]))"))
                .isEqualTo("u");
    }

    private static String deferred(String query) {
        return CompiledExtractor.deferrable(range(query).range(), grouping(query));
    }
}
