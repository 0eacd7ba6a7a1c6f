package dev.plg.logql.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.logql.LogQL;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.push.LabelPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One line per case: query stages, input line, expected output (line and labels, or dropped). */
class PipelineStagesTest {
    static final List<LabelPair> STREAM = List.of(new LabelPair("app", "gw"), new LabelPair("level", "info"));
    static final List<LabelPair> MD = List.of(new LabelPair("detected_level", "info"));
    static final long TS = 1_767_225_600_123_456_789L;

    static final String JSON = "{\"timestamp\": \"2026-01-01T00:00:46Z\", \"level\": \"debug\", \"event\": \"로그인 시도\", "
            + "\"user_id\": \"user-456\", \"duration_ms\": 30.6, \"status\": 200, \"ok\": true, \"none\": null, "
            + "\"http\": {\"method\": \"GET\", \"headers\": {\"user-agent\": \"curl\"}}, \"tags\": [\"a\", \"b\"], "
            + "\"msg\": \"say \\\"hi\\\" \\u00e9\"}";
    static final String LOGFMT = "ts=2026-01-01T05:59:31Z level=warn msg=\"upstream said \\\"busy\\\"\" status=502 "
            + "duration=1.5s size=12KB user= cached tag=edge tag=canary";
    static final String NGINX = "192.168.1.7 - frank [01/Jan/2026:05:59:58 +0000] \"GET /api HTTP/1.1\" 499 120 \"-\" \"curl\" 0.028";

    /** Runs the query's stages; returns "DROPPED" or "line | labels". */
    static String run(String stages, String line) {
        LogExpr e = (LogExpr) LogQL.parse("{app=\"gw\"} " + stages);
        StreamPipeline p = Pipelines.compile(e).forStream(STREAM);
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        EntryResult r = p.process(TS, b, 0, b.length, MD);
        if (r == null) {
            return "DROPPED";
        }
        return r.line() + " | " + r.allLabels().stream().filter(l -> !l.name().equals("app") && !l.name().equals("detected_level"))
                .map(l -> l.name() + "=" + l.value()).collect(Collectors.joining(","));
    }

    static void assertStages(String stages, String line, String expected) {
        assertThat(run(stages, line)).as(stages).isEqualTo(expected);
    }

    static void assertKept(String stages, String line, boolean kept) {
        assertThat(!run(stages, line).equals("DROPPED")).as(stages + " on " + line).isEqualTo(kept);
    }

    /** A field filter after json: the value's bytes must be in the line; parsing stops once a hinted label fails. */
    @Test
    void jsonFieldFilterShortcuts() {
        assertStages("| json | user_id=\"user-456\"", JSON, JSON + " | duration_ms=30.6,event=로그인 시도,"
                + "http_headers_user_agent=curl,http_method=GET,level=info,level_extracted=debug,msg=say \"hi\" é,ok=true,"
                + "status=200,timestamp=2026-01-01T00:00:46Z,user_id=user-456");
        assertKept("| json | user_id=\"user-45\"", JSON, false);
        assertKept("| json | user_id=\"user-4567\"", JSON, false);
        // the value from a nested object or a sanitized key is in the line too
        assertKept("| json | http_method=\"GET\"", JSON, true);
        assertKept("| json | http_headers_user_agent=\"curl\"", JSON, true);
        assertKept("| json | http_method=\"POST\"", JSON, false);
        // a filter on a stream label tests the stream label, whatever the line holds
        assertKept("| json | level=\"info\"", JSON, true);
        assertKept("| json | level_extracted=\"debug\"", JSON, true);
        // a failed hint drops the line even when the rest of it is malformed
        assertKept("| json | status=\"404\"", "{\"status\": \"200\", \"x\": ", false);
        assertKept("| json | status=\"200\"", "{\"status\": \"200\", \"x\": ", true);
        assertStages("| json | status=\"200\"", "{\"status\": \"200\", \"x\": ",
                "{\"status\": \"200\", \"x\":  | __error__=JSONParserErr,__error_details__=Malformed JSON error,level=info,status=200");
    }

    @Test
    void lineFilters() {
        assertKept("|= \"frank\"", NGINX, true);
        assertKept("|= \"Frank\"", NGINX, false);
        assertKept("!= \"frank\"", NGINX, false);
        assertKept("|= \"\"", NGINX, true);
        assertKept("|~ \"(?i)FRANK\"", NGINX, true);
        assertKept("|~ \"HTTP/1.1\\\" 4\\\\d\\\\d\"", NGINX, true);
        assertKept("!~ \"^192\\\\.\"", NGINX, false);
        assertKept("|= \"nope\" or \"curl\"", NGINX, true);
        assertKept("!= \"nope\" or \"curl\"", NGINX, false);
        assertKept("|> \"<_> - <_> [<_>] <_>\"", NGINX, true);
        assertKept("!> \"<_> - frank <_>\"", NGINX, false);
        assertKept("|= ip(\"192.168.0.0/16\")", NGINX, true);
        assertKept("|= ip(\"10.0.0.0/8\")", NGINX, false);
        assertKept("!= ip(\"192.168.1.1-192.168.1.9\")", NGINX, false);
        assertKept("|= ip(\"2001:db8::/32\")", "client 2001:db8::1 connected", true);
        assertKept("|= \"로그인\"", JSON, true);
        assertKept("|= \"attempt\" |= \"user\"", JSON, false);
    }

    @Test
    void json() {
        assertStages("| json", JSON, JSON + " | duration_ms=30.6,event=로그인 시도,http_headers_user_agent=curl,"
                + "http_method=GET,level=info,level_extracted=debug,msg=say \"hi\" é,ok=true,status=200,"
                + "timestamp=2026-01-01T00:00:46Z,user_id=user-456");
        assertStages("| json ua=\"http.headers[\\\"user-agent\\\"]\", t=\"tags[1]\", h=\"http\", n=\"none\", x=\"missing\"", JSON,
                JSON + " | h={\"method\": \"GET\", \"headers\": {\"user-agent\": \"curl\"}},level=info,n=,t=b,ua=curl,x=");
        assertStages("| json", "{\"a\": \"1\", \"b\": \"trunc", "{\"a\": \"1\", \"b\": \"trunc | "
                + "__error__=JSONParserErr,__error_details__=Value is string, but can't find closing '\"' symbol,a=1,level=info");
        assertStages("| json", "Traceback (most recent call last):", "Traceback (most recent call last): | "
                + "__error__=JSONParserErr,__error_details__=Value looks like object, but can't find closing '}' symbol,level=info");
        assertStages("| json | __error__=\"\"", "not json", "DROPPED");
        assertStages("| json | user_id=\"user-456\" | line_format \"{{.event}}\"", JSON, "로그인 시도 | duration_ms=30.6,"
                + "event=로그인 시도,http_headers_user_agent=curl,http_method=GET,level=info,level_extracted=debug,"
                + "msg=say \"hi\" é,ok=true,status=200,timestamp=2026-01-01T00:00:46Z,user_id=user-456");
        assertStages("| unpack", "{\"_entry\": \"inner line\", \"team\": \"edge\", \"level\": \"x\"}",
                "inner line | level=info,level_extracted=x,team=edge");
    }

    @Test
    void logfmt() {
        assertStages("| logfmt", LOGFMT, LOGFMT + " | duration=1.5s,level=info,level_extracted=warn,msg=upstream said \"busy\","
                + "size=12KB,status=502,tag=canary,ts=2026-01-01T05:59:31Z");
        assertStages("| logfmt --keep-empty", LOGFMT, LOGFMT + " | cached=,duration=1.5s,level=info,level_extracted=warn,"
                + "msg=upstream said \"busy\",size=12KB,status=502,tag=canary,ts=2026-01-01T05:59:31Z,user=");
        assertStages("| logfmt method, st=\"status\"", LOGFMT, LOGFMT + " | level=info,st=502");
        assertStages("| logfmt --strict", "a=1 b=\"open", "a=1 b=\"open | __error__=LogfmtParserErr,"
                + "__error_details__=logfmt syntax error at pos 12 : unterminated quoted value,a=1,level=info");
        assertStages("| logfmt", "a=1 b=\"open", "a=1 b=\"open | a=1,level=info");
    }

    @Test
    void regexpAndPattern() {
        assertStages("| regexp \"^(?P<ip>\\\\S+) - (?P<user>\\\\S+)\"", NGINX, NGINX + " | ip=192.168.1.7,level=info,user=frank");
        assertStages("| pattern \"<ip> - <user> [<_>] \\\"<method> <path> <_>\\\" <status> <_>\"", NGINX,
                NGINX + " | ip=192.168.1.7,level=info,method=GET,path=/api,status=499,user=frank");
        assertStages("| pattern \"<ip> - <user> <_>\" | ip=ip(\"192.168.1.0/24\")", NGINX, NGINX + " | ip=192.168.1.7,level=info,user=frank");
        assertStages("| pattern \"<_> <nope>xyz<rest>\"", NGINX, NGINX + " | level=info,nope=- frank [01/Jan/2026:05:59:58 +0000] \"GET /api HTTP/1.1\" 499 120 \"-\" \"curl\" 0.028");
    }

    @Test
    void labelFilters() {
        assertKept("| logfmt | status >= 500", LOGFMT, true);
        assertKept("| logfmt | status == 502 and level_extracted=\"warn\"", LOGFMT, true);
        assertKept("| logfmt | status < 500 or tag=\"canary\"", LOGFMT, true);
        assertKept("| logfmt | duration > 1s", LOGFMT, true);
        assertKept("| logfmt | duration > 2s", LOGFMT, false);
        assertKept("| logfmt | size == 12KB", LOGFMT, true);
        assertKept("| logfmt | size > 12KiB", LOGFMT, false);
        assertKept("| logfmt | missing > 1", LOGFMT, false);
        assertKept("| logfmt | missing = \"\"", LOGFMT, true);
        // Loki's parser hints test each extracted value against the filter: the first tag=edge fails it
        assertKept("| logfmt | tag=~\"can.*\"", LOGFMT, false);
        assertKept("| logfmt | tag=~\"can.*|edge\"", LOGFMT, true);
        // ... even when label_format changes the label before the filter (Loki 3.4.2, conformance format-043)
        assertKept("| logfmt | label_format level=\"{{ upper .level }}\" | level_extracted=\"WARN\"", LOGFMT, false);
        assertKept("| logfmt | label_format x=\"{{ upper .level_extracted }}\" | level_extracted=\"warn\"", LOGFMT, true);
        assertKept("| json | label_format a=\"{{ upper .a }}\" | a=\"X\"", "{\"a\":\"x\"}", false);
        assertKept("| regexp \"(?P<a>\\\\w+)\" | label_format a=\"{{ upper .a }}\" | a=\"X\"", "x", false);
        assertKept("| logfmt | label_format a=\"{{ upper .a }}\" | a=\"X\" or a=\"Y\"", "a=x", true);
        assertKept("| logfmt | tag=~\"can\"", LOGFMT, false);
        assertStages("| logfmt | msg > 1", LOGFMT, LOGFMT + " | __error__=LabelFilterErr,__error_details__=strconv.ParseFloat: "
                + "parsing \"upstream said \\\"busy\\\"\": invalid syntax,duration=1.5s,level=info,level_extracted=warn,"
                + "msg=upstream said \"busy\",size=12KB,status=502,tag=canary,ts=2026-01-01T05:59:31Z");
        assertStages("| logfmt | duration > 1s | drop __error__, __error_details__", "duration=-",
                "duration=- | duration=-,level=info");
    }

    @Test
    void formattersAndDropKeep() {
        assertStages("| line_format \"{{.level}}:{{ __line__ | trunc 3 }}\"", NGINX, "info:192 | level=info");
        assertStages("| label_format lvl=level, x=\"{{.app}}!\"", NGINX, NGINX + " | lvl=info,x=gw!");
        assertStages("| label_format level=\"{{ upper .level }}\"", NGINX, NGINX + " | level=INFO");
        assertStages("| logfmt | keep status, level", LOGFMT, LOGFMT + " | level=info,status=502");
        assertStages("| logfmt | drop tag, size=\"12KB\", ts=~\"x.*\", level", LOGFMT, LOGFMT
                + " | duration=1.5s,level_extracted=warn,msg=upstream said \"busy\",status=502,ts=2026-01-01T05:59:31Z");
        assertStages("| decolorize", "\u001b[32mGET\u001b[0m /", "GET / | level=info");
        // Loki's reorderStages: a line filter moves before decolorize (not before line_format or a label filter)
        assertKept("| decolorize |= \"GET /\"", "\u001b[32mGET\u001b[0m /", false);
        assertKept("| decolorize | line_format \"{{ __line__ }}\" |= \"GET /\"", "\u001b[32mGET\u001b[0m /", true);
        assertKept("| decolorize | level=\"info\" |= \"GET /\"", "\u001b[32mGET\u001b[0m /", true);
        assertStages("| line_format \"{{ .nope | default \\\"d\\\" }}\"", NGINX, "d | level=info");
    }

    static double sample(String query, String line) {
        RangeAggregation ra = (RangeAggregation) LogQL.parse(query);
        StreamSampleExtractor x = Pipelines.compile(ra.op(), ra.range()).forStream(STREAM);
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        SampleResult r = x.process(TS, b, 0, b.length, MD);
        return r == null ? Double.NaN : r.value();
    }

    static List<String> sampleLabels(String query, String line) {
        RangeAggregation ra = (RangeAggregation) LogQL.parse(query);
        StreamSampleExtractor x = Pipelines.compile(ra.op(), ra.range()).forStream(STREAM);
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        SampleResult r = x.process(TS, b, 0, b.length, MD);
        List<String> out = new ArrayList<>();
        if (r != null) {
            r.labels().forEach(l -> out.add(l.name() + "=" + l.value()));
        }
        return out;
    }

    @Test
    void sampleExtraction() {
        assertThat(sample("count_over_time({app=\"gw\"}[1m])", LOGFMT)).isEqualTo(1);
        assertThat(sample("bytes_over_time({app=\"gw\"}[1m])", "한글")).isEqualTo(6);
        assertThat(sample("sum_over_time({app=\"gw\"} | logfmt | unwrap status [1m])", LOGFMT)).isEqualTo(502);
        assertThat(sample("sum_over_time({app=\"gw\"} | logfmt | unwrap duration(duration) [1m])", LOGFMT)).isEqualTo(1.5);
        assertThat(sample("sum_over_time({app=\"gw\"} | logfmt | unwrap duration_seconds(duration) [1m])", LOGFMT)).isEqualTo(1.5);
        assertThat(sample("sum_over_time({app=\"gw\"} | logfmt | unwrap bytes(size) [1m])", LOGFMT)).isEqualTo(12000);
        assertThat(sample("sum_over_time({app=\"gw\"} | logfmt | unwrap msg | __error__=\"\" [1m])", LOGFMT)).isNaN();
        assertThat(sampleLabels("sum_over_time({app=\"gw\"} | logfmt | unwrap status [1m])", "status=502 a=1"))
                .containsExactly("a=1", "app=gw", "detected_level=info", "level=info");
        assertThat(sampleLabels("sum_over_time({app=\"gw\"} | logfmt | unwrap msg [1m])", "msg=x"))
                .containsExactly("__error__=SampleExtractionErr",
                        "__error_details__=strconv.ParseFloat: parsing \"x\": invalid syntax", "app=gw",
                        "detected_level=info", "level=info", "msg=x");
        assertThat(sample("sum_over_time({app=\"gw\"} | logfmt | unwrap status | status > 500 [1m])", LOGFMT)).isEqualTo(502);
        assertThat(sample("sum_over_time({app=\"gw\"} | logfmt | unwrap status | status > 600 [1m])", LOGFMT)).isNaN();
        // Loki skips an entry whose unwrapped label is missing or empty (even after a parser error)
        assertThat(sampleLabels("sum_over_time({app=\"gw\"} | json | unwrap d [1m])", "not json")).isEmpty();
        assertThat(sample("sum_over_time({app=\"gw\"} | logfmt | unwrap nope [1m])", LOGFMT)).isNaN();
        assertThat(sample("sum_over_time({app=\"gw\"} | logfmt | unwrap e [1m])", "e= status=1")).isNaN();
        assertThat(sample("sum_over_time({app=\"gw\"} | logfmt | keep app | unwrap status [1m])", LOGFMT)).isNaN();
    }

    /**
     * Only `|= "text"` stages (no unwrap) can be replaced by the store's exact substring test, and
     * then the bare extractor gives every line holding the texts the full extractor's sample.
     */
    @Test
    void givenRequiredSubstringsOnlyForPlainContainsStages() {
        record Case(String query, boolean replaceable) {}
        List<String> lines = List.of(LOGFMT, "GET x y", "x", "y", "한글 x y", "");
        for (Case c : List.of(new Case("count_over_time({app=\"gw\"} |= \"x\" [1m])", true),
                new Case("rate({app=\"gw\"} |= \"x\" |= \"y\" [1m])", true),
                new Case("bytes_over_time({app=\"gw\"} |= \"x\" |= \"\" [1m])", true),
                new Case("count_over_time({app=\"gw\"}[1m])", true),
                new Case("count_over_time({app=\"gw\"} |= \"x\" or \"y\" [1m])", false),
                new Case("count_over_time({app=\"gw\"} != \"x\" [1m])", false),
                new Case("count_over_time({app=\"gw\"} |~ \"x\" [1m])", false),
                new Case("count_over_time({app=\"gw\"} |= ip(\"1.2.3.4\") [1m])", false),
                new Case("count_over_time({app=\"gw\"} |= \"x\" | logfmt [1m])", false),
                new Case("count_over_time({app=\"gw\"} |= \"x\" | level=\"info\" [1m])", false),
                new Case("sum_over_time({app=\"gw\"} |= \"x\" | logfmt | unwrap status [1m])", false))) {
            RangeAggregation ra = (RangeAggregation) LogQL.parse(c.query());
            dev.plg.logql.pipeline.SampleExtractor full = Pipelines.compile(ra.op(), ra.range());
            dev.plg.logql.pipeline.SampleExtractor given = full.givenRequiredSubstrings();
            assertThat(given != null).as(c.query()).isEqualTo(c.replaceable());
            if (given == null) {
                continue;
            }
            assertThat(given.needsLine()).as(c.query()).isFalse();
            for (String line : lines) {
                if (!full.requiredSubstrings().stream().allMatch(line::contains)) {
                    continue;
                }
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                SampleResult want = full.forStream(STREAM).process(TS, b, 0, b.length, MD);
                String wanted = want == null ? null : want.value() + " " + want.labels();
                SampleResult got = given.forStream(STREAM).process(TS, null, 0, b.length, MD);
                assertThat(got == null ? null : got.value() + " " + got.labels()).as("%s on %s", c.query(), line).isEqualTo(wanted);
            }
        }
    }

    @Test
    void requiredSubstrings() {
        assertThat(Pipelines.compile((LogExpr) LogQL.parse("{a=\"b\"} |= \"x\" |= \"y\" or \"z\" != \"w\" | line_format \"q\" |= \"after\""))
                .requiredSubstrings()).containsExactly("x");
        // a JSON field equality holds in the raw line only for streams that lack a label of that name
        LogPipeline byUser = Pipelines.compile((LogExpr) LogQL.parse("{a=\"b\"} |= \"x\" | json | user_id=\"user-4242\""));
        assertThat(byUser.requiredSubstrings()).containsExactly("x");
        assertThat(byUser.requiredSubstrings(List.of(new LabelPair("a", "b")))).containsExactly("x", "\"user-4242\"");
        assertThat(byUser.requiredSubstrings(List.of(new LabelPair("a", "b"), new LabelPair("user_id", "user-4242"))))
                .containsExactly("x");
        assertThat(Pipelines.compile((LogExpr) LogQL.parse("{a=\"b\"} | json | label_format user_id=x | user_id=\"user-4242\""))
                .requiredSubstrings(List.of())).isEmpty();
        assertThat(Pipelines.compile((LogExpr) LogQL.parse("{a=\"b\"} | json | msg=\"two words\""))
                .requiredSubstrings(List.of())).isEmpty();
        // a value that could be a JSON number or literal stands unquoted in the line
        assertThat(Pipelines.compile((LogExpr) LogQL.parse("{a=\"b\"} | json | status=\"200\" | ok=\"true\" | d=\"-1.5e3\""))
                .requiredSubstrings(List.of())).containsExactly("200", "true", "-1.5e3");
    }
}
