package dev.plg.logql.pipeline.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.logql.LogQL;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.pipeline.SampleResult;
import dev.plg.logql.pipeline.StreamSampleExtractor;
import dev.plg.logql.pipeline.TemplatedLine;
import dev.plg.push.LabelPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An unwrap of a label only the unwrap reads takes the number from the templated line's hole (the
 * json stage does not set it): the sample must be exactly the one the line's bytes give, value
 * bit for bit, labels, errors and skipped entries alike.
 */
class DeferredUnwrapTest {
    private static final List<LabelPair> STREAM = List.of(new LabelPair("app", "a"), new LabelPair("service", "api"));

    /** A line as template parts and hole values ({@code |} separates parts and values alternately). */
    static final class FakeLine implements TemplatedLine {
        final byte[][] literals;
        final byte[][] values;
        final double[] doubles;
        final Object key;
        int doublesAsked;

        FakeLine(Object key, String spec, double[] doubles) {
            String[] parts = spec.split("\\|", -1);
            this.key = key;
            this.literals = new byte[parts.length / 2 + 1][];
            this.values = new byte[parts.length / 2][];
            for (int i = 0; i < parts.length; i++) {
                byte[] b = parts[i].getBytes(StandardCharsets.UTF_8);
                if (i % 2 == 0) {
                    literals[i / 2] = b;
                } else {
                    values[i / 2] = b;
                }
            }
            this.doubles = doubles;
        }

        byte[] line() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int k = 0; k < values.length; k++) {
                out.writeBytes(literals[k]);
                out.writeBytes(values[k]);
            }
            out.writeBytes(literals[values.length]);
            return out.toByteArray();
        }

        @Override
        public Object templateKey() {
            return key;
        }

        @Override
        public int holeCount() {
            return values.length;
        }

        @Override
        public byte[] literal(int k) {
            return literals[k];
        }

        @Override
        public byte[] holeBytes(int k) {
            return values[k];
        }

        @Override
        public int holeOffset(int k) {
            return 0;
        }

        @Override
        public int holeLength(int k) {
            return values[k].length;
        }

        @Override
        public boolean holeNumeric(int k) {
            return false;
        }

        @Override
        public int holeCode(int k) {
            return -1;
        }

        @Override
        public double holeDouble(int k) {
            doublesAsked++;
            return doubles == null ? Double.NaN : doubles[k];
        }

        @Override
        public byte[] lineBytes() {
            return line();
        }

        @Override
        public int lineOffset() {
            return 0;
        }

        @Override
        public int lineLength() {
            return line().length;
        }
    }

    private static StreamSampleExtractor extractor(String query) {
        RangeAggregation ra = (RangeAggregation) LogQL.parse(query);
        return new CompiledExtractor(ra.op(), ra.range(), ra.grouping()).forStream(STREAM);
    }

    /** What a sample says: null, or its value's bits, labels and the grouping label's value. */
    private static String describe(SampleResult r, String groupLabel, String unwrapped) {
        if (r == null) {
            return "none";
        }
        String v = Long.toHexString(Double.doubleToRawLongBits(r.value()));
        String group = r.labelValue(groupLabel) + " err=" + r.labelValue("__error__") + " unwrapped=" + r.labelValue(unwrapped);
        return v + " " + group + " " + r.labels();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = ';', textBlock = """
            # query; line template and values; the store's double for hole 1 (empty: unknown)
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|12.5|}; 12.5
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|12.5|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|-0|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|0.1|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|05|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|1e5|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|1.5E-3|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|true|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|null|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|12abc|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|123456789012345678901|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|9007199254740993|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":"|12.5|"};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":"|x\\"y|"};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"d":|1|,"level":"|info|","d":|7|}; 7
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"d":|1|,"level":"|info|","d":"|7|"};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"d":"|1|","level":"|info|","d":|7|}; 7
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","x":|7|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"level":"|info|","d":|7|,"bad"; 7
            quantile_over_time(0.99, {app="a"} | json | unwrap d [1h]) by (service); {"o":{"d":|3|},"d":|7|}; 7
            quantile_over_time(0.99, {app="a"} | json | unwrap o_d [1h]) by (service); {"o":{"d":|3|},"d":|7|}; 7
            quantile_over_time(0.99, {app="a"} | json | unwrap d | __error__="" [1h]) by (service); {"level":"|info|","d":|true|};
            quantile_over_time(0.99, {app="a"} | json | unwrap d | __error__="" [1h]) by (level); {"level":"|info|","d":|2.25|}; 2.25
            avg_over_time({app="a"} | json | unwrap duration(d) [1h]) by (level); {"level":"|info|","d":|2.25|}; 2.25
            avg_over_time({app="a"} | json | unwrap duration(d) [1h]) by (level); {"level":"|info|","d":|0|}; 0
            avg_over_time({app="a"} | json | unwrap bytes(d) [1h]) by (level); {"level":"|info|","d":|2048|}; 2048
            avg_over_time({app="a"} | json | unwrap duration_seconds(d) [1h]) by (level); {"level":"|info|","d":"|5s|"};
            max_over_time({app="a"} | json | level="info" | unwrap d [1h]) by (service); {"level":"|info|","d":|3.5|}; 3.5
            max_over_time({app="a"} | json | level="info" | unwrap d [1h]) by (service); {"level":"|warn|","d":|3.5|}; 3.5
            max_over_time({app="a"} | json | d > 3 | unwrap d [1h]) by (service); {"level":"|info|","d":|3.5|}; 3.5
            max_over_time({app="a"} | json | unwrap d [1h]) by (d); {"level":"|info|","d":|3.5|}; 3.5
            max_over_time({app="a"} | json | unwrap service [1h]) by (level); {"level":"|info|","service":|3.5|}; 3.5
            max_over_time({app="a"} | json | unwrap service_extracted [1h]) by (level); {"level":"|info|","service":|3.5|}; 3.5
            max_over_time({app="a"} | json | unwrap d [1h]) without (level); {"level":"|info|","d":|3.5|}; 3.5
            """)
    void templatedSampleIsTheBytesSample(String query, String spec, Double storeDouble) {
        String unwrapped = query.replaceAll(".*unwrap (?:[a-z_]+\\()?([a-z_]+).*", "$1");
        String group = query.contains("by (level)") ? "level" : "service";
        double[] doubles = new double[spec.split("\\|", -1).length / 2];
        java.util.Arrays.fill(doubles, Double.NaN);
        if (storeDouble != null) {
            doubles[1] = storeDouble;
        }
        FakeLine line = new FakeLine(new Object(), spec, doubles);
        byte[] bytes = line.line();
        String expected = describe(extractor(query).process(1, bytes, 0, bytes.length, List.of()), group, unwrapped);
        StreamSampleExtractor x = extractor(query);
        // twice: the template is learnt on the first line, used as learnt on the second
        for (int i = 0; i < 2; i++) {
            assertThat(describe(x.process(1, line, List.of()), group, unwrapped)).as(query + " " + new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(expected);
        }
    }

    @Test
    void theUnwrappedNumberComesFromTheHoleWithoutAString() {
        FakeLine line = new FakeLine(new Object(), "{\"level\":\"|info|\",\"d\":|12.5|}", new double[] {Double.NaN, 12.5});
        StreamSampleExtractor x = extractor("quantile_over_time(0.99, {app=\"a\"} | json | unwrap d [1h]) by (service)");
        SampleResult r = x.process(1, line, List.of());
        assertThat(r.value()).isEqualTo(12.5);
        assertThat(line.doublesAsked).isEqualTo(1);
        // structured metadata of the label's name wins over the parsed label, as with the bytes
        SampleResult m = x.process(1, line, List.of(new LabelPair("d", "99")));
        assertThat(m.value()).isEqualTo(99);
        assertThat(line.doublesAsked).isEqualTo(1);
    }

    @Test
    void aLabelAnotherStageReadsIsNotDeferred() {
        FakeLine line = new FakeLine(new Object(), "{\"level\":\"|info|\",\"d\":|12.5|}", new double[] {Double.NaN, 12.5});
        StreamSampleExtractor x = extractor("quantile_over_time(0.99, {app=\"a\"} | json | d != \"x\" | unwrap d [1h]) by (service)");
        assertThat(x.process(1, line, List.of()).value()).isEqualTo(12.5);
        assertThat(line.doublesAsked).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            0; 0
            -0; -0
            12.5; 12.5
            0.1; 0.1
            -2.75; -2.75
            123456789012345; 123456789012345
            0.000000000000001; 0.000000000000001
            9007199254740991; 9007199254740991
            9007199254740992;
            05;
            1.;
            .5;
            1e5;
            -;
            '';
            1.2.3;
            true;
            12abc;
            1234567890123456789;
            """)
    void decimalIsGoParseFloatOrNothing(String text, String expected) {
        byte[] b = ("xx" + (text == null ? "" : text) + "yy").getBytes(StandardCharsets.US_ASCII);
        double d = JsonTemplates.decimal(b, 2, b.length - 4);
        if (expected == null) {
            assertThat(d).isNaN();
        } else {
            assertThat(Double.doubleToRawLongBits(d)).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(expected)));
        }
    }

    @Test
    void decimalAgreesWithGoNumbersOnRandomDecimals() {
        java.util.Random r = new java.util.Random(11);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            StringBuilder s = new StringBuilder(r.nextInt(4) == 0 ? "-" : "");
            int digits = 1 + r.nextInt(16);
            for (int k = 0; k < digits; k++) {
                s.append((char) ('0' + r.nextInt(10)));
            }
            if (r.nextBoolean()) {
                s.append('.');
                for (int k = 1 + r.nextInt(8); k > 0; k--) {
                    s.append((char) ('0' + r.nextInt(10)));
                }
            }
            byte[] b = s.toString().getBytes(StandardCharsets.US_ASCII);
            double d = JsonTemplates.decimal(b, 0, b.length);
            if (!Double.isNaN(d)) {
                seen.add(s.toString());
                assertThat(Double.doubleToRawLongBits(d)).as(s.toString())
                        .isEqualTo(Double.doubleToRawLongBits(dev.plg.logql.syntax.GoNumbers.parseFloat(s.toString())));
            }
        }
        assertThat(seen).hasSizeGreaterThan(30_000);
    }
}
