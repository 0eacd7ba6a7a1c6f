package dev.plg.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.push.LabelPair;
import dev.plg.query.QueryResult;
import dev.plg.query.QueryStats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void sampleValuesAsGoFormatsThem() {
        assertThat(Json.value(1)).isEqualTo("1");
        assertThat(Json.value(2.0)).isEqualTo("2");
        assertThat(Json.value(0.0033333333333333335)).isEqualTo("0.0033333333333333335");
        assertThat(Json.value(3.45)).isEqualTo("3.45");
        assertThat(Json.value(1e-7)).isEqualTo("0.0000001");
        assertThat(Json.value(1e21)).isEqualTo("1000000000000000000000");
        assertThat(Json.value(Double.NaN)).isEqualTo("NaN");
        assertThat(Json.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(Json.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(Json.value(-2.5)).isEqualTo("-2.5");
    }

    @Test
    void sampleTimesAsSecondsWithMilliseconds() {
        assertThat(Json.seconds(1_772_172_000_000L)).isEqualTo("1772172000");
        assertThat(Json.seconds(1_772_172_030_500L)).isEqualTo("1772172030.5");
        assertThat(Json.seconds(1_568_404_331_324L)).isEqualTo("1568404331.324");
        assertThat(Json.seconds(1_795_543_288_340L)).isEqualTo("1795543288.34");
        assertThat(Json.seconds(5L)).isEqualTo("0.005");
    }

    @Test
    void streamsPlainAndCategorized() {
        QueryResult.Streams streams = new QueryResult.Streams(List.of(new QueryResult.LogStream(
                List.of(new LabelPair("app", "a")),
                List.of(new QueryResult.LogEntry(1_772_193_540_123_456_789L, "line <1>",
                        List.of(new LabelPair("detected_level", "error")), List.of()),
                        new QueryResult.LogEntry(1_772_193_500_000_000_000L, "x", List.of(), List.of())))), QueryStats.EMPTY);
        String categorized = new String(Json.queryResponse(streams, true), StandardCharsets.UTF_8);
        assertThat(categorized).startsWith("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\","
                + "\"encodingFlags\":[\"categorize-labels\"],\"result\":[{\"stream\":{\"app\":\"a\"},\"values\":["
                + "[\"1772193540123456789\",\"line <1>\",{\"structuredMetadata\":{\"detected_level\":\"error\"}}],"
                + "[\"1772193500000000000\",\"x\",{}]]}],\"stats\":{\"summary\":{");
        String plain = new String(Json.queryResponse(streams, false), StandardCharsets.UTF_8);
        assertThat(plain).contains("{\"stream\":{\"app\":\"a\",\"detected_level\":\"error\"},\"values\":[[\"1772193540123456789\",\"line <1>\"]]}")
                .contains("{\"stream\":{\"app\":\"a\"},\"values\":[[\"1772193500000000000\",\"x\"]]}")
                .doesNotContain("encodingFlags");
    }

    @Test
    void scalarAndEmptyLists() {
        assertThat(new String(Json.queryResponse(new QueryResult.Scalar(4_000_000_000_000L, 2, QueryStats.EMPTY), true),
                StandardCharsets.UTF_8)).startsWith("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[4000000000,\"2\"],\"stats\":");
        assertThat(new String(Json.stringList(List.of()), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"success\"}");
        assertThat(new String(Json.series(List.of()), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"success\",\"data\":[]}");
    }
}
