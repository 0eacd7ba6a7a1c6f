package dev.plg.logql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.plg.logql.ast.Expr;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.pipeline.Pipelines;
import dev.plg.logql.pipeline.SampleExtractor;
import dev.plg.logql.pipeline.SampleResult;
import dev.plg.logql.pipeline.StreamSampleExtractor;
import dev.plg.push.LabelPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * For every ungrouped range aggregation of the conformance suite, each series Loki answered must be a
 * label set the sample extractor produces from the data set (labels after parsers, unwrap, drop/keep).
 */
class GoldenSeriesTest {

    static List<Map<String, String>> goldenMetrics(Path golden) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(golden))) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "metric".equals(p.currentName())) {
                    p.nextToken();
                    Map<String, String> m = new TreeMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        m.put(k, p.getText());
                    }
                    out.add(m);
                }
            }
        }
        return out;
    }

    static List<String> failures() throws IOException {
        Map<Long, List<GoldenPipelineTest.Source>> data = GoldenPipelineTest.loadData();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (ConformanceQueriesTest.Case c : ConformanceQueriesTest.cases()) {
            if (c.kind().equals("error")) {
                continue;
            }
            Expr e;
            try {
                e = LogQL.parse(c.query());
            } catch (RuntimeException ex) {
                continue;
            }
            if (!(e instanceof RangeAggregation ra) || ra.grouping() != null
                    || ra.op() == RangeAggregation.Op.ABSENT_OVER_TIME) {
                continue;
            }
            SampleExtractor ex = Pipelines.compile(ra.op(), ra.range());
            Set<Map<String, String>> produced = new HashSet<>();
            for (Map.Entry<Long, List<GoldenPipelineTest.Source>> en : data.entrySet()) {
                for (GoldenPipelineTest.Source s : en.getValue()) {
                    if (!GoldenPipelineTest.selects(ra.range().selector().matchers(), s.stream())) {
                        continue;
                    }
                    List<LabelPair> streamLabels = new ArrayList<>();
                    s.stream().forEach((k, v) -> streamLabels.add(new LabelPair(k, v)));
                    List<LabelPair> md = new ArrayList<>(s.metadata());
                    if (s.stream().containsKey("level")) {
                        md.add(new LabelPair("detected_level", s.stream().get("level")));
                    }
                    md.sort(null);
                    StreamSampleExtractor sx = ex.forStream(streamLabels);
                    byte[] b = s.line().getBytes(StandardCharsets.UTF_8);
                    SampleResult r = sx.process(en.getKey(), b, 0, b.length, md);
                    if (r != null) {
                        Map<String, String> m = new TreeMap<>();
                        for (LabelPair lp : r.labels()) {
                            if (!lp.name().equals("detected_level")) {
                                m.put(lp.name(), lp.value());
                            }
                        }
                        produced.add(m);
                    }
                }
            }
            int missing = 0;
            String first = null;
            for (Map<String, String> g : goldenMetrics(ConformanceQueriesTest.CASES.resolveSibling("golden").resolve(c.id() + ".json"))) {
                checked++;
                Map<String, String> gm = new TreeMap<>(g);
                gm.remove("detected_level");
                if (!produced.contains(gm)) {
                    missing++;
                    if (first == null) {
                        first = gm.toString();
                    }
                }
            }
            if (missing > 0) {
                failures.add(c.id() + " missing " + missing + ": " + c.query() + "\n    e.g. " + first);
            }
        }
        failures.add(0, "checked series: " + checked);
        return failures;
    }

    @Test
    void everyUngroupedSeriesIsProducedByTheExtractor() throws IOException {
        Assumptions.assumeTrue(Files.exists(GoldenPipelineTest.ROOT.resolve("data.jsonl")), "conformance data not present");
        List<String> f = failures();
        assertThat(f.subList(1, f.size())).isEmpty();
    }

    public static void main(String[] args) throws IOException {
        failures().forEach(System.out::println);
    }
}
