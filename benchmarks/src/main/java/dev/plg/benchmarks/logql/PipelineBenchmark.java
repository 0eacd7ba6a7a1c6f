package dev.plg.benchmarks.logql;

import dev.plg.logql.LogQL;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.pipeline.Pipelines;
import dev.plg.logql.pipeline.StreamPipeline;
import dev.plg.logql.pipeline.StreamSampleExtractor;
import dev.plg.push.LabelPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * LogQL line pipeline stages over 20,000 seed-style lines per operation (one block's worth). Throughput in
 * MB/s of raw line bytes = {@link #bytesPerOp()} x ops/s; the line-filter target is >= 1 GB/s per core.
 * Run: {@code java -cp benchmarks.jar org.openjdk.jmh.Main PipelineBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBenchmark {
    static final int LINES = 20_000;
    static final List<LabelPair> STREAM = List.of(new LabelPair("app", "python-starter-kit"),
            new LabelPair("env", "production"), new LabelPair("service_name", "auth"));
    static final List<LabelPair> METADATA = List.of(new LabelPair("detected_level", "info"));

    @Param({"|= \"계정 잠김\"", "|= \"user-4242\"", "|~ \"attempt\\\": [4-5]\"", "!= \"GET\""})
    public String filter;

    SeedLines json;
    SeedLines logfmt;
    StreamPipeline filterPipeline;
    StreamSampleExtractor countExtractor;
    StreamPipeline jsonPipeline;
    StreamPipeline jsonFilterPipeline;
    StreamPipeline logfmtPipeline;
    StreamSampleExtractor groupedExtractor;

    @Setup
    public void setUp() {
        json = SeedLines.json(LINES, 42);
        logfmt = SeedLines.logfmt(LINES, 42);
        filterPipeline = Pipelines.compile((LogExpr) LogQL.parse("{app=\"x\"} " + filter)).forStream(STREAM);
        RangeAggregation ra = (RangeAggregation) LogQL.parse("count_over_time({app=\"x\"} " + filter + " [5m])");
        countExtractor = Pipelines.compile(ra.op(), ra.range()).forStream(STREAM);
        jsonPipeline = Pipelines.compile((LogExpr) LogQL.parse("{app=\"x\"} | json")).forStream(STREAM);
        jsonFilterPipeline = Pipelines.compile((LogExpr) LogQL.parse("{app=\"x\"} | json | attempt >= 3")).forStream(STREAM);
        logfmtPipeline = Pipelines.compile((LogExpr) LogQL.parse("{app=\"x\"} | logfmt")).forStream(STREAM);
        // the pushed-down grouping of sum by (service) (count_over_time(... | json | attempt >= 3 [..])): parser hints
        RangeAggregation grouped = (RangeAggregation) LogQL.parse("count_over_time({app=\"x\"} | json | attempt >= 3 [5m])");
        groupedExtractor = Pipelines.compile(grouped.op(), grouped.range(),
                new dev.plg.logql.ast.Grouping(false, List.of("service_name"))).forStream(STREAM);
    }

    public long bytesPerOp() {
        return json.bytes.length;
    }

    /** Line filter alone, as a log query scans: kept lines. */
    @Benchmark
    public int lineFilter() {
        int kept = 0;
        int[] off = json.offsets;
        for (int i = 0; i < LINES; i++) {
            if (filterPipeline.process(i, json.bytes, off[i], off[i + 1] - off[i], METADATA) != null) {
                kept++;
            }
        }
        return kept;
    }

    /** count_over_time with the filter: the sample path of the seed's metric queries. */
    @Benchmark
    public double countOverTime() {
        double sum = 0;
        int[] off = json.offsets;
        for (int i = 0; i < LINES; i++) {
            var s = countExtractor.process(i, json.bytes, off[i], off[i + 1] - off[i], METADATA);
            if (s != null) {
                sum += s.value();
            }
        }
        return sum;
    }

    /** {@code | json}: every field becomes a label. */
    @Benchmark
    public int jsonParse() {
        int labels = 0;
        int[] off = json.offsets;
        for (int i = 0; i < LINES; i++) {
            labels += jsonPipeline.process(i, json.bytes, off[i], off[i + 1] - off[i], METADATA).parsedLabels().size();
        }
        return labels;
    }

    /** {@code | json | attempt >= 3}. */
    @Benchmark
    public int jsonParseAndFilter() {
        int kept = 0;
        int[] off = json.offsets;
        for (int i = 0; i < LINES; i++) {
            if (jsonFilterPipeline.process(i, json.bytes, off[i], off[i + 1] - off[i], METADATA) != null) {
                kept++;
            }
        }
        return kept;
    }

    /**
     * {@code sum by (service_name) (count_over_time({..} | json | attempt >= 3 [..]))} per line: json with
     * parser hints (only {@code attempt} is extracted), the group key read by name.
     */
    @Benchmark
    public int groupedJsonCount() {
        int kept = 0;
        int[] off = json.offsets;
        for (int i = 0; i < LINES; i++) {
            var s = groupedExtractor.process(i, json.bytes, off[i], off[i + 1] - off[i], METADATA);
            if (s != null && s.labelValue("__error__") == null && s.labelValue("service_name") != null) {
                kept++;
            }
        }
        return kept;
    }

    /** {@code | logfmt} over gateway lines. */
    @Benchmark
    public int logfmtParse() {
        int labels = 0;
        int[] off = logfmt.offsets;
        for (int i = 0; i < LINES; i++) {
            labels += logfmtPipeline.process(i, logfmt.bytes, off[i], off[i + 1] - off[i], METADATA).parsedLabels().size();
        }
        return labels;
    }
}
