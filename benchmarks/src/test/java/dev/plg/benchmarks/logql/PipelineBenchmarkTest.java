package dev.plg.benchmarks.logql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark body once and checks it does the work it claims to measure. */
class PipelineBenchmarkTest {
    @Test
    void verify() {
        PipelineBenchmark b = new PipelineBenchmark();
        b.filter = "|= \"계정 잠김\"";
        b.setUp();
        int kept = b.lineFilter();
        assertThat(kept).isBetween(1, 100);
        assertThat(b.countOverTime()).isEqualTo(kept);
        assertThat(b.jsonParse()).isEqualTo(PipelineBenchmark.LINES * 11);
        assertThat(b.jsonParseAndFilter()).isBetween(PipelineBenchmark.LINES / 2, PipelineBenchmark.LINES);
        assertThat(b.groupedJsonCount()).isEqualTo(b.jsonParseAndFilter());
        assertThat(b.logfmtParse()).isEqualTo(PipelineBenchmark.LINES * 12);
        assertThat(b.bytesPerOp() / PipelineBenchmark.LINES).isBetween(220L, 400L);
    }
}
