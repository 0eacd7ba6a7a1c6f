package dev.plg.agent.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.agent.component.process.Pipeline;
import dev.plg.agent.component.process.WorkAccess;
import dev.plg.agent.eval.Evaluator;
import dev.plg.agent.model.Ack;
import dev.plg.agent.model.Labels;
import dev.plg.agent.model.LogEntry;
import dev.plg.agent.model.Metrics;
import dev.plg.agent.syntax.Ast;
import dev.plg.agent.syntax.ConfigException;
import dev.plg.agent.syntax.Parser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** loki.process stages: stage blocks in, entries through, printed label sets and lines out. */
class StagesTest {
    private static final Labels FILE = Labels.of("filename", "/var/log/app/app.log");
    private final Metrics metrics = new Metrics();

    private Pipeline pipeline(String stages) {
        String src = "loki.process \"p\" {\n forward_to = []\n" + stages + "\n}";
        Ast.Block b = (Ast.Block) Parser.parse("t.alloy", src).body().stmts().getFirst();
        Args a = new Decoder("t.alloy", new Evaluator("t.alloy", (c, p) -> {
            throw new ConfigException("t.alloy", p, "no components");
        })).decode(b.body(), b.pos(), Process.schema());
        return Pipeline.compile(a.blocks(), metrics, "loki.process.p");
    }

    private static List<LogEntry> run(Pipeline p, String... lines) {
        List<LogEntry> out = new ArrayList<>();
        for (String line : lines) {
            p.run(WorkAccess.of(new LogEntry(FILE, 1_000, line, Ack.NONE)), w -> out.add(WorkAccess.entry(w)));
        }
        return out;
    }

    private static String one(Pipeline p, String line) {
        List<LogEntry> out = run(p, line);
        assertThat(out).hasSize(1);
        return out.getFirst().labels() + " " + out.getFirst().line();
    }

    @Test
    void seedStagesTurnJsonFieldsIntoLabels() {
        Pipeline p = pipeline("""
                stage.json { expressions = { level = "level", service = "service" } }
                stage.labels { values = { level = "level", service = "service" } }
                stage.static_labels { values = { app = "python-starter-kit", env = "production" } }
                """);
        assertThat(one(p, "{\"level\": \"error\", \"service\": \"auth\", \"event\": \"계정 잠김\"}")).isEqualTo(
                "{app=\"python-starter-kit\", env=\"production\", filename=\"/var/log/app/app.log\", level=\"error\", service=\"auth\"} "
                        + "{\"level\": \"error\", \"service\": \"auth\", \"event\": \"계정 잠김\"}");
        assertThat(one(p, "{\"level\": \"warning\"}")).startsWith(
                "{app=\"python-starter-kit\", env=\"production\", filename=\"/var/log/app/app.log\", level=\"warning\"}");
        assertThat(one(p, "not json")).isEqualTo(
                "{app=\"python-starter-kit\", env=\"production\", filename=\"/var/log/app/app.log\"} not json");
        assertThat(one(p, "{\"level\": 5}")).contains("level=\"5\"");
    }

    @Test
    void jsonByteScannerAgreesWithJackson() {
        Pipeline p = pipeline("""
                stage.json { expressions = { level = "level", service = "service", n = "n", ok = "ok" } }
                stage.labels { values = { level = "", service = "", n = "", ok = "" } }
                """);
        String[] lines = {
                "{\"level\": \"error\", \"service\": \"auth\", \"event\": \"계정 잠김\", \"n\": 1.50, \"ok\": true}",
                "{ \"nested\": {\"level\": \"x\", \"a\": [1, {\"b\": \"}\"}]}, \"level\" : \"info\" }",
                "{\"level\": \"esc\\\"aped\", \"service\": null}",
                "{\"level\": \"warning\", \"n\": 3}",
                "{\"service\": {\"x\": 1}}",
                "{}",
                "[1, 2]",
                "{\"level\": \"trailing garbage\"",
                "not json",
        };
        for (String line : lines) {
            List<LogEntry> viaString = new ArrayList<>();
            List<LogEntry> viaBytes = new ArrayList<>();
            p.run(WorkAccess.of(new LogEntry(FILE, 1, line, Ack.NONE)), w -> viaString.add(WorkAccess.entry(w)));
            p.run(WorkAccess.of(new LogEntry(FILE, 1, line, List.of(), Ack.NONE, line.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                    w -> viaBytes.add(WorkAccess.entry(w)));
            assertThat(viaBytes).extracting(e -> e.labels().toString()).as(line)
                    .isEqualTo(viaString.stream().map(e -> e.labels().toString()).toList());
        }
    }

    @Test
    void jsonPathsAndMalformedDrop() {
        Pipeline p = pipeline("""
                stage.json {
                  expressions = { user = "user.id", first = "tags[0]", rid = "\\"request-id\\"" }
                  drop_malformed = true
                }
                stage.labels { values = { user = "", first = "", rid = "" } }
                """);
        assertThat(one(p, "{\"user\": {\"id\": 7}, \"tags\": [\"a\", \"b\"], \"request-id\": \"r1\"}"))
                .startsWith("{filename=\"/var/log/app/app.log\", first=\"a\", rid=\"r1\", user=\"7\"}");
        assertThat(run(p, "{broken")).isEmpty();
        assertThat(metrics.value("loki_process_dropped_lines_total", "loki.process.p", "/", "malformed_json")).isEqualTo(1);
    }

    @Test
    void logfmtRegexOutputTemplateReplace() {
        assertThat(one(pipeline("""
                stage.logfmt { mapping = { lvl = "level", msg = "" } }
                stage.labels { values = { lvl = "" } }
                stage.output { source = "msg" }
                """), "level=info msg=\"hello world\" x=1")).isEqualTo("{filename=\"/var/log/app/app.log\", lvl=\"info\"} hello world");
        assertThat(one(pipeline("""
                stage.regex { expression = "^(?P<ts>\\\\S+) (?P<level>\\\\w+)" }
                stage.template {
                  source = "level"
                  template = "{{ ToUpper .Value }}"
                }
                stage.labels { values = { level = "" } }
                """), "2026-01-01 warn something")).startsWith("{filename=\"/var/log/app/app.log\", level=\"WARN\"}");
        assertThat(one(pipeline("""
                stage.replace {
                  expression = "password=(\\\\S+)"
                  replace = "****"
                }
                """), "user=a password=secret next")).endsWith("user=a password=**** next");
    }

    @Test
    void timestampFormats() {
        long base = Instant.parse("2026-02-27T12:00:00.123456Z").toEpochMilli() * 1_000_000L + 456_000;
        String[][] cases = {
                {"RFC3339", "2026-02-27T12:00:00.123456Z", Long.toString(base)},
                {"RFC3339Nano", "2026-02-27T12:00:00.123456Z", Long.toString(base)},
                {"RFC3339", "2026-02-27T21:00:00+09:00", Long.toString(Instant.parse("2026-02-27T12:00:00Z").toEpochMilli() * 1_000_000L)},
                {"Unix", "1562708916", "1562708916000000000"},
                {"Unix", "1562708916.000000123", "1562708916000000123"},
                {"UnixMs", "1562708916123", "1562708916123000000"},
                {"UnixNs", "1562708916123456789", "1562708916123456789"},
                {"2006-01-02 15:04:05,000", "2026-02-27 21:00:00,250", Long.toString(Instant.parse("2026-02-27T12:00:00.250Z").toEpochMilli() * 1_000_000L)},
        };
        for (String[] c : cases) {
            Pipeline p = pipeline("stage.regex { expression = \"^(?P<ts>.*)$\" }\nstage.timestamp {\nsource = \"ts\"\nformat = \"" + c[0] + "\"\nlocation = \"Asia/Seoul\"\n}");
            assertThat(run(p, c[1]).getFirst().timestampNanos()).as(c[0] + " " + c[1]).isEqualTo(Long.parseLong(c[2]));
        }
        Pipeline skip = pipeline("stage.regex { expression = \"^(?P<ts>.*)$\" }\nstage.timestamp {\nsource = \"ts\"\nformat = \"RFC3339\"\naction_on_failure = \"skip\"\n}");
        assertThat(run(skip, "not a time").getFirst().timestampNanos()).isEqualTo(1_000);
    }

    @Test
    void matchKeepAndDrop() {
        Pipeline p = pipeline("""
                stage.json { expressions = { level = "" } }
                stage.labels { values = { level = "" } }
                stage.match {
                  selector = "{level=\\"error\\"} |= \\"db\\" != \\"healthcheck\\""
                  stage.static_labels { values = { severity = "high" } }
                }
                stage.match {
                  selector = "{level=~\\"debug|trace\\"}"
                  action   = "drop"
                  drop_counter_reason = "noisy_debug"
                }
                """);
        List<LogEntry> out = run(p, "{\"level\":\"error\",\"m\":\"db down\"}", "{\"level\":\"error\",\"m\":\"other\"}",
                "{\"level\":\"debug\",\"m\":\"db\"}");
        assertThat(out).extracting(e -> e.labels().get("severity")).containsExactly("high", null);
        assertThat(metrics.value("loki_process_dropped_lines_total", "loki.process.p", "/", "noisy_debug")).isEqualTo(1);
        assertThatThrownBy(() -> pipeline("stage.match { selector = \"level=x\" }")).hasMessageContaining("invalid selector syntax");
    }

    @Test
    void dropLimitPackTenantLabelsDecolorize() {
        assertThat(run(pipeline("stage.drop { expression = \".*healthz.*\" }"), "GET /healthz", "GET /api")).hasSize(1);
        assertThat(run(pipeline("stage.drop { longer_than = \"8B\" }"), "short", "this is longer")).extracting(LogEntry::line).containsExactly("short");
        assertThat(run(pipeline("stage.limit {\nrate = 1\nburst = 2\ndrop = true\n}"), "a", "b", "c")).hasSize(2);
        assertThat(one(pipeline("""
                stage.static_labels { values = { level = "info" } }
                stage.pack {
                  labels = ["level"]
                  ingest_timestamp = false
                }
                """), "hello")).isEqualTo("{filename=\"/var/log/app/app.log\"} {\"level\":\"info\",\"_entry\":\"hello\"}");
        assertThat(one(pipeline("stage.tenant { value = \"team-a\" }"), "x")).contains("__tenant_id__=\"team-a\"");
        assertThat(one(pipeline("""
                stage.static_labels { values = { a = "1", b = "2" } }
                stage.label_drop { values = ["a"] }
                """), "x")).startsWith("{b=\"2\", filename=");
        assertThat(one(pipeline("""
                stage.static_labels { values = { a = "1", b = "2" } }
                stage.label_keep { values = ["a"] }
                """), "x")).startsWith("{a=\"1\"} ");
        assertThat(one(pipeline("stage.decolorize {}"), "\u001b[31mred\u001b[0m")).endsWith(" red");
    }

    @Test
    void structuredMetadataFromExtractedValues() {
        Pipeline p = pipeline("""
                stage.json { expressions = { request_id = "", user_id = "" } }
                stage.structured_metadata { values = { request_id = "", user_id = "" } }
                """);
        LogEntry e = run(p, "{\"request_id\":\"req-1\",\"user_id\":\"u-9\"}").getFirst();
        assertThat(e.structuredMetadata()).extracting(lp -> lp.name() + "=" + lp.value())
                .containsExactlyInAnyOrder("request_id=req-1", "user_id=u-9");
    }

    @Test
    void multilineMergesBlocksAndReleasesEveryPart() {
        Pipeline p = pipeline("stage.multiline {\nfirstline = \"^\\\\d{4}\"\nmax_wait_time = \"1s\"\n}");
        AtomicInteger released = new AtomicInteger();
        Ack counting = new Ack() {
            @Override
            public void retain(int n) {
            }

            @Override
            public void release() {
                released.incrementAndGet();
            }
        };
        List<LogEntry> out = new ArrayList<>();
        for (String line : List.of("2026 first", "  at a", "  at b", "2026 second")) {
            p.run(WorkAccess.of(new LogEntry(FILE, 1, line, counting)), w -> out.add(WorkAccess.entry(w)));
        }
        p.flushExpired(w -> out.add(WorkAccess.entry(w)), true);
        assertThat(out).extracting(LogEntry::line).containsExactly("2026 first\n  at a\n  at b", "2026 second");
        out.forEach(e -> e.ack().release());
        assertThat(released).hasValue(4);
    }

    @Test
    void invalidStageSettingsFailTheBuild() {
        assertThatThrownBy(() -> pipeline("stage.regex { expression = \"(unclosed\" }")).hasMessageContaining("could not compile regular expression");
        assertThatThrownBy(() -> pipeline("stage.tenant {\nvalue = \"a\"\nlabel = \"b\"\n}")).hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> pipeline("stage.labels {}")).hasMessageContaining("missing required attribute \"values\"");
        assertThatThrownBy(() -> pipeline("stage.sampling { rate = 2 }")).hasMessageContaining("between 0.0 and 1.0");
    }
}
