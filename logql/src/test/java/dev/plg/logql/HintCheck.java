package dev.plg.logql;

import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.VectorAggregation;
import dev.plg.logql.pipeline.Pipelines;
import dev.plg.logql.pipeline.SampleExtractor;
import dev.plg.logql.pipeline.SampleResult;
import dev.plg.push.LabelPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Ad-hoc: totals per group of a sum by (x) (count_over_time(...)) query over the whole data set. */
final class HintCheck {
    public static void main(String[] args) throws Exception {
        VectorAggregation va = (VectorAggregation) LogQL.parse(args[0]);
        RangeAggregation ra = (RangeAggregation) va.inner();
        SampleExtractor ex = Pipelines.compile(ra.op(), ra.range());
        Map<String, Double> totals = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<Long, List<GoldenPipelineTest.Source>> en : GoldenPipelineTest.loadData().entrySet()) {
            for (GoldenPipelineTest.Source s : en.getValue()) {
                if (!GoldenPipelineTest.selects(ra.range().selector().matchers(), s.stream())
                        || !seen.add(s.stream() + "|" + en.getKey() + "|" + s.line())) {
                    continue;
                }
                List<LabelPair> sl = new ArrayList<>();
                s.stream().forEach((k, v) -> sl.add(new LabelPair(k, v)));
                byte[] b = s.line().getBytes(StandardCharsets.UTF_8);
                SampleResult r = ex.forStream(sl).process(en.getKey(), b, 0, b.length, s.metadata());
                if (r == null) {
                    continue;
                }
                String key = "";
                for (LabelPair lp : r.labels()) {
                    if (va.grouping().labels().contains(lp.name())) {
                        key += lp.name() + "=" + lp.value() + " ";
                    }
                    if (lp.name().equals("__error__")) {
                        key += "ERR ";
                    }
                }
                totals.merge(key, r.value(), Double::sum);
            }
        }
        totals.forEach((k, v) -> { if (!k.contains("invalid token")) System.out.println(k + " -> " + v); });
    }
}
