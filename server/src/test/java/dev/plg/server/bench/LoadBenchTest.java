package dev.plg.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plg.server.Stack;
import dev.plg.server.cli.Main;
import dev.plg.server.config.LokiConfig;
import dev.plg.server.config.LokiConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load tool against a real store on port 0, through the command line as a user runs it. */
class LoadBenchTest {
    private static final long START = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

    private static Stack store(Path dir, boolean auth) throws Exception {
        String yaml = "auth_enabled: " + auth + "\nserver:\n  http_listen_address: 127.0.0.1\n  http_listen_port: 0\n"
                + "common:\n  path_prefix: " + dir + "\n"
                + "limits_config:\n  reject_old_samples: false\n  ingestion_rate_mb: 64\n  ingestion_burst_size_mb: 128\n";
        LokiConfig config = new LokiConfigLoader().parse("bench.yaml", yaml, false, Map.of());
        return Stack.start(Stack.Options.storeOnly(config), line -> { });
    }

    @Test
    void pushesEveryLineAndEveryQueryAnswersOnTheData(@TempDir Path dir) throws Exception {
        try (Stack s = store(dir, false)) {
            URI url = URI.create("http://127.0.0.1:" + s.httpPort());
            LoadBench.Report r = new LoadBench(new LoadBench.Options(url, 3000, 500, 2, LoadBench.Format.JSON, START,
                    ProcessHandle.current().pid(), "", false, 533)).run(line -> { });
            assertThat(r.push().lines()).isEqualTo(3000);
            assertThat(r.push().errors()).isEmpty();
            assertThat(r.push().cpuSeconds()).as("this JVM's CPU, measured").isPositive();
            assertThat(r.queries()).extracting(LoadBench.QueryResult::name).containsExactly("count_all", "needle_line_filter",
                    "count_line_filter", "json_field_filter", "errors_by_service_rate", "json_numeric_count", "p99_duration_unwrap");
            assertThat(r.queries()).allSatisfy(q -> assertThat(q.status()).as(q.name() + ": " + q.summary()).isEqualTo(200));
            assertThat(r.queries().getFirst().summary()).isEqualTo("vector {} 3000");
            assertThat(r.queries().get(5).summary()).as("attempt >= 3 by service").startsWith("vector {\"service\":");

            // the same data pushed again as protobuf is stored once (identical entries), so counts stay
            LoadBench.Report again = new LoadBench(new LoadBench.Options(url, 3000, 700, 1, LoadBench.Format.PROTOBUF, START, -1, "",
                    false, 533)).run(line -> { });
            assertThat(again.push().errors()).isEmpty();
            assertThat(again.push().cpuSeconds()).as("no pid: no CPU figure").isNaN();
            assertThat(again.queries().getFirst().summary()).isEqualTo("vector {} 3000");

            JsonNode json = new ObjectMapper().readTree(r.json());
            assertThat(json.path("push").path("lines").asLong()).isEqualTo(3000);
            assertThat(json.path("queries")).hasSize(7);
            assertThat(new ObjectMapper().readTree(again.json()).path("push").path("cpu_s").isNull()).isTrue();
        }
    }

    @Test
    void commandLineReportsAndFailsOnRefusedPushes(@TempDir Path dir) throws Exception {
        try (Stack s = store(dir, true)) {
            String url = "http://127.0.0.1:" + s.httpPort();
            StringWriter out = new StringWriter();
            int ok = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "bench", "--url", url, "--lines", "1000",
                    "--tenant", "team-a", "--json");
            assertThat(ok).as(out.toString()).isZero();
            assertThat(out.toString()).contains("push: 1,000 lines", "no errors", "query count_all: median", "vector {} 1000", "\"queries\":[");

            // auth_enabled without a tenant: every push and every query is refused, and the command says so. The
            // store reads a small unread body before it answers, so every one of the 10 pushes sees its 401.
            StringWriter refused = new StringWriter();
            StringWriter why = new StringWriter();
            int code = Main.run(new PrintWriter(refused, true), new PrintWriter(why, true), "bench", "--url", url,
                    "--lines", "200", "--batch", "20");
            assertThat(code).isEqualTo(1);
            assertThat(refused.toString()).as(why.toString()).contains("push answered 401: no org id", "query count_all: median",
                    "status 401, no org id", "errors by status {401=10}");
        }
    }

    @Test
    void badOptionsAreNamed() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "bench", "--format", "xml");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--format must be json or protobuf, got 'xml'");
        assertThatThrownBy(() -> new LoadBench.Options(URI.create("http://x"), 0, 1, 1, LoadBench.Format.JSON, 0, -1, "", false, 1))
                .hasMessageContaining("--lines must be at least 1, got 0");
    }
}
