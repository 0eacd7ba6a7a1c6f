package dev.plg.benchmarks.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.push.PushDecoder;
import dev.plg.push.PushRequest;
import org.junit.jupiter.api.Test;

/** Runs each benchmark body once and checks it does the work it claims to measure. */
class PushCodecBenchmarkTest {
    @Test
    void verify() {
        PushCodecBenchmark benchmark = new PushCodecBenchmark();
        benchmark.setUp();
        PushRequest expected = benchmark.request;
        assertThat(expected.entryCount()).isEqualTo(PushCodecBenchmark.ENTRIES);
        assertThat(expected.streams()).hasSizeGreaterThan(5);
        assertThat(benchmark.decodeJson()).isEqualTo(expected);
        assertThat(benchmark.decodeJsonGzip()).isEqualTo(expected);
        assertThat(benchmark.decodeProtobuf()).isEqualTo(expected);
        assertThat(benchmark.decodeProtobufSnappy()).isEqualTo(expected);
        assertThat(PushDecoder.decode("application/x-protobuf", null, benchmark.encodeProtobufSnappy())).isEqualTo(expected);
        assertThat(PushDecoder.decode("application/json", null, benchmark.encodeJson())).isEqualTo(expected);
        int averageLine = benchmark.json.length / PushCodecBenchmark.ENTRIES;
        assertThat(averageLine).isBetween(220, 400);
    }
}
