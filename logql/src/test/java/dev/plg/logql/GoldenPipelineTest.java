package dev.plg.logql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.plg.logql.ast.Expr;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.Matcher;
import dev.plg.logql.pipeline.EntryResult;
import dev.plg.logql.pipeline.LogPipeline;
import dev.plg.logql.pipeline.Pipelines;
import dev.plg.logql.pipeline.StreamPipeline;
import dev.plg.logql.syntax.Validator;
import dev.plg.push.LabelPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Replays every log-query case of the conformance suite through the pipeline: each entry Loki returned
 * is looked up in the data set (same stream selector, same timestamp) and must come out of the pipeline
 * with exactly Loki's line and labels. ({@code detected_level} is the store's job: taken from the answer.)
 */
class GoldenPipelineTest {
    static final Path ROOT = Path.of("/work/shared/conformance");

    record Source(Map<String, String> stream, String line, List<LabelPair> metadata) {
    }

    static Map<Long, List<Source>> loadData() throws IOException {
        Map<Long, List<Source>> byTs = new HashMap<>();
        JsonFactory f = new JsonFactory();
        try (BufferedReader r = Files.newBufferedReader(ROOT.resolve("data.jsonl"))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                try (JsonParser p = f.createParser(line)) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        p.nextToken();
                        if (!"streams".equals(p.currentName())) {
                            p.skipChildren();
                            continue;
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            Map<String, String> stream = new TreeMap<>();
                            List<Object[]> values = new ArrayList<>();
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String fn = p.currentName();
                                p.nextToken();
                                if (fn.equals("stream")) {
                                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                                        String k = p.currentName();
                                        p.nextToken();
                                        stream.put(k, p.getText());
                                    }
                                } else if (fn.equals("values")) {
                                    while (p.nextToken() == JsonToken.START_ARRAY) {
                                        p.nextToken();
                                        long ts = Long.parseLong(p.getText());
                                        p.nextToken();
                                        String l = p.getText();
                                        List<LabelPair> md = new ArrayList<>();
                                        if (p.nextToken() == JsonToken.START_OBJECT) {
                                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                                String k = p.currentName();
                                                p.nextToken();
                                                md.add(new LabelPair(k, p.getText()));
                                            }
                                            p.nextToken();
                                        }
                                        values.add(new Object[]{ts, l, md});
                                    }
                                } else {
                                    p.skipChildren();
                                }
                            }
                            stream.putIfAbsent("service_name", stream.containsKey("service") ? stream.get("service") : stream.get("app"));
                            for (Object[] v : values) {
                                @SuppressWarnings("unchecked")
                                List<LabelPair> md = (List<LabelPair>) v[2];
                                byTs.computeIfAbsent((Long) v[0], k -> new ArrayList<>()).add(new Source(stream, (String) v[1], md));
                            }
                        }
                    }
                }
            }
        }
        return byTs;
    }

    static boolean selects(List<Matcher> ms, Map<String, String> stream) {
        for (Matcher m : ms) {
            String v = stream.getOrDefault(m.name(), "");
            boolean ok = switch (m.op()) {
                case EQ -> v.equals(m.value());
                case NEQ -> !v.equals(m.value());
                case RE -> com.google.re2j.Pattern.compile("^(?s:" + m.value() + ")$").matches(v);
                case NRE -> !com.google.re2j.Pattern.compile("^(?s:" + m.value() + ")$").matches(v);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    record GoldenStream(Map<String, String> labels, List<String[]> values) {
    }

    static List<GoldenStream> goldenStreams(Path golden) throws IOException {
        List<GoldenStream> out = new ArrayList<>();
        JsonFactory f = new JsonFactory();
        try (JsonParser p = f.createParser(Files.readAllBytes(golden))) {
            // find "result" array of streams
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "resultType".equals(p.currentName())) {
                    p.nextToken();
                    if (!"streams".equals(p.getText())) {
                        return null;
                    }
                }
                if (p.currentToken() == JsonToken.FIELD_NAME && "result".equals(p.currentName())) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> labels = new TreeMap<>();
                        List<String[]> values = new ArrayList<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String fn = p.currentName();
                            p.nextToken();
                            if (fn.equals("stream")) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String k = p.currentName();
                                    p.nextToken();
                                    labels.put(k, p.getText());
                                }
                            } else if (fn.equals("values")) {
                                while (p.nextToken() == JsonToken.START_ARRAY) {
                                    p.nextToken();
                                    String ts = p.getText();
                                    p.nextToken();
                                    String l = p.getText();
                                    while (p.nextToken() != JsonToken.END_ARRAY) {
                                        p.skipChildren();
                                    }
                                    values.add(new String[]{ts, l});
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                        out.add(new GoldenStream(labels, values));
                    }
                    return out;
                }
            }
        }
        return out;
    }

    static List<String> failures() throws IOException {
        Map<Long, List<Source>> data = loadData();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (ConformanceQueriesTest.Case c : ConformanceQueriesTest.cases()) {
            if (!c.kind().equals("query_range")) {
                continue;
            }
            Expr e;
            try {
                e = LogQL.parse(c.query());
            } catch (RuntimeException ex) {
                continue;
            }
            if (!(e instanceof LogExpr le)) {
                continue;
            }
            Path golden = ROOT.resolve("golden").resolve(c.id() + ".json");
            List<GoldenStream> streams = goldenStreams(golden);
            if (streams == null) {
                continue;
            }
            LogPipeline pipeline = Pipelines.compile(le);
            int bad = 0;
            String firstBad = null;
            for (GoldenStream gs : streams) {
                for (String[] v : gs.values()) {
                    checked++;
                    List<Source> cands = data.getOrDefault(Long.parseLong(v[0]), List.of());
                    boolean ok = false;
                    String got = "no source entry";
                    for (Source s : cands) {
                        if (!selects(le.matchers(), s.stream())) {
                            continue;
                        }
                        List<LabelPair> streamLabels = new ArrayList<>();
                        s.stream().forEach((k, val) -> streamLabels.add(new LabelPair(k, val)));
                        List<LabelPair> md = new ArrayList<>(s.metadata());
                        String dl = s.stream().containsKey("level") ? s.stream().get("level")
                                : gs.labels().getOrDefault("detected_level", "unknown");
                        md.add(new LabelPair("detected_level", dl));
                        md.sort(null);
                        StreamPipeline sp = pipeline.forStream(streamLabels);
                        byte[] bytes = s.line().getBytes(StandardCharsets.UTF_8);
                        EntryResult r = sp.process(Long.parseLong(v[0]), bytes, 0, bytes.length, md);
                        if (r == null) {
                            got = "dropped: " + s.line();
                            continue;
                        }
                        Map<String, String> labels = new TreeMap<>();
                        for (LabelPair lp : r.allLabels()) {
                            labels.put(lp.name(), lp.value());
                        }
                        if (labels.equals(gs.labels()) && r.line().equals(v[1])) {
                            ok = true;
                            break;
                        }
                        got = "labels=" + labels + " line=" + r.line();
                    }
                    if (!ok) {
                        bad++;
                        if (firstBad == null) {
                            firstBad = "want labels=" + gs.labels() + " line=" + v[1] + "\n      got " + got;
                        }
                    }
                }
            }
            if (bad > 0) {
                failures.add(c.id() + " (" + bad + " entries): " + c.query() + "\n      " + firstBad);
            }
        }
        failures.add(0, "checked entries: " + checked);
        return failures;
    }

    @Test
    void everyLogQueryAnswerComesOutOfThePipeline() throws IOException {
        Assumptions.assumeTrue(Files.exists(ROOT.resolve("data.jsonl")), "conformance data not present");
        List<String> f = failures();
        assertThat(f.subList(1, f.size())).isEmpty();
    }

    public static void main(String[] args) throws IOException {
        failures().forEach(System.out::println);
    }
}
