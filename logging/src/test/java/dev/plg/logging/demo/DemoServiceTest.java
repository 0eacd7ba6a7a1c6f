package dev.plg.logging.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plg.logging.LogLevel;
import dev.plg.logging.PlgLogging;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<JsonNode> run(DemoOptions options) throws IOException {
        DemoService.run(options);
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(options.logFile(), StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private DemoOptions fast(long lines) {
        return DemoOptions.defaults().withLogDir(dir).withLinesPerSecond(0).withMaxLines(lines);
    }

    @Test
    void producesTheSeedsAuthFlowAndEveryServiceAtMixedLevels() throws IOException {
        List<JsonNode> lines = run(fast(5000));
        assertThat(lines).hasSize(5000);
        Set<String> services = lines.stream().map(n -> n.path("service").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(services).contains("auth", "billing", "api", "worker");
        Set<String> levels = lines.stream().map(n -> n.get("level").asText()).collect(Collectors.toSet());
        assertThat(levels).contains("debug", "info", "warning", "error");
        Set<String> events = lines.stream().map(n -> n.get("event").asText()).collect(Collectors.toSet());
        assertThat(events).contains("로그인 시도", "비밀번호 틀림", "계정 잠김", "결제 요청", "request completed", "job finished");

        JsonNode locked = lines.stream().filter(n -> n.get("event").asText().equals("계정 잠김")).findFirst().orElseThrow();
        assertThat(locked.get("logger").asText()).isEqualTo("auth");
        assertThat(locked.get("request_id").asText()).startsWith("req-");
        assertThat(locked.get("user_id").asText()).startsWith("user-");
        assertThat(locked.get("level").asText()).isEqualTo("error");
        assertThat(locked.get("attempt").isInt()).isTrue();
        JsonNode wrong = lines.stream().filter(n -> n.get("event").asText().equals("비밀번호 틀림")).findFirst().orElseThrow();
        assertThat(wrong.get("attempt").isInt()).isTrue();
        JsonNode login = lines.stream().filter(n -> n.get("event").asText().equals("로그인 시도")).findFirst().orElseThrow();
        assertThat(login.get("method").asText()).isNotEmpty();

        assertThat(lines).anyMatch(n -> n.has("exception") && n.get("exception").size() == 2);
        JsonNode request = lines.stream().filter(n -> n.get("event").asText().equals("request completed")).findFirst().orElseThrow();
        assertThat(request.get("status").isInt()).isTrue();
        assertThat(request.get("duration_ms").isNumber()).isTrue();
        assertThat(request.get("request_id").asText()).startsWith("req-");
    }

    @Test
    void errorBurstsHappen() throws IOException {
        List<JsonNode> lines = run(fast(5000));
        int longest = 0;
        int run = 0;
        for (JsonNode n : lines) {
            run = n.get("level").asText().equals("error") ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        assertThat(longest).isGreaterThanOrEqualTo(20);
    }

    @Test
    void theSameSeedGivesTheSameTraffic() throws IOException {
        List<String> first = run(fast(300).withAppName("a")).stream().map(n -> n.get("event").asText()).collect(Collectors.toList());
        List<String> second = run(fast(300).withAppName("b")).stream().map(n -> n.get("event").asText()).collect(Collectors.toList());
        assertThat(first).isEqualTo(second);
    }

    @Test
    void rotatesWithTheLibrarysPolicy() throws IOException {
        DemoService.run(fast(3000).withRotation(50_000, 3));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()))
                    .containsExactly("python-starter-kit.log", "python-starter-kit.log.1", "python-starter-kit.log.2",
                            "python-starter-kit.log.3");
        }
    }

    @Test
    void stopEndsAnUnlimitedRunFromAnotherThread() throws Exception {
        try (DemoService demo = new DemoService(DemoOptions.defaults().withLogDir(dir).withLinesPerSecond(0))) {
            Thread runner = new Thread(demo);
            runner.start();
            while (demo.linesWritten() < 100) {
                Thread.onSpinWait();
            }
            demo.stop();
            runner.join();
            assertThat(Files.exists(demo.logFile())).isTrue();
        }
    }

    @Test
    void aBackgroundRunEndsAtItsLineLimitAndClosesCleanly() throws IOException {
        DemoService demo = DemoService.startInBackground(fast(200));
        while (demo.isRunning()) {
            Thread.onSpinWait();
        }
        demo.close();
        demo.close();
        assertThat(demo.linesWritten()).isEqualTo(200);
        assertThat(Files.readAllLines(demo.logFile())).hasSize(200);
    }

    @Test
    void optionsComeFromTheLibrarysVariables() {
        DemoOptions o = DemoOptions.fromEnvironment(Map.of("LOG_DIR", "/tmp/demo", "APP_NAME", "shop", "LOG_LEVEL", "warning"),
                w -> { });
        assertThat(o.logFile()).isEqualTo(Path.of("/tmp/demo/shop.log"));
        assertThat(o.level()).isEqualTo(LogLevel.WARNING);
        assertThat(o.env()).isEqualTo(PlgLogging.Env.PRODUCTION);
        assertThat(DemoOptions.defaults().logFile()).isEqualTo(Path.of("data/logs/python-starter-kit.log"));
        assertThat(DemoOptions.defaults().linesPerSecond()).isEqualTo(20.0);
        assertThatThrownBy(() -> DemoOptions.defaults().withLinesPerSecond(-1)).hasMessageContaining("linesPerSecond");
        assertThatThrownBy(() -> DemoOptions.defaults().withDuration(Duration.ofSeconds(-1))).hasMessageContaining("duration");
    }
}
