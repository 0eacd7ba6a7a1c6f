package dev.plg.agent;

import dev.plg.agent.model.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configs and agent start-up shared by the end-to-end tests. */
final class AgentTestSupport {
    private AgentTestSupport() {
    }

    /** The seed config (alloy-vectors/accept/01-seed.alloy) with the log glob and Loki URL replaced. */
    static String seedConfig(Path logDir, String url) {
        try {
            String seed = Files.readString(VectorsTest.vectors("accept").resolve("01-seed.alloy"), StandardCharsets.UTF_8);
            return seed.replace("/var/log/app/*.log", logDir.resolve("*.log").toString())
                    .replace("http://loki:3100/loki/api/v1/push", url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seed pipeline with short timings so tests run fast; retries forever. */
    static String fastConfig(Path logDir, String url) {
        return """
                local.file_match "python_app_logs" {
                  path_targets = [{"__path__" = "%s"}]
                  sync_period  = "100ms"
                }
                loki.source.file "python_app" {
                  targets    = local.file_match.python_app_logs.targets
                  forward_to = [loki.process.add_labels.receiver]
                  file_watch {
                    min_poll_frequency = "10ms"
                    max_poll_frequency = "50ms"
                  }
                }
                loki.process "add_labels" {
                  stage.json {
                    expressions = {level = "level", service = "service"}
                  }
                  stage.labels {
                    values = {level = "level", service = "service"}
                  }
                  stage.static_labels {
                    values = {app = "python-starter-kit", env = "production"}
                  }
                  forward_to = [loki.write.default.receiver]
                }
                loki.write "default" {
                  endpoint {
                    url                 = "%s"
                    batch_wait          = "50ms"
                    batch_size          = "64KiB"
                    min_backoff_period  = "20ms"
                    max_backoff_period  = "100ms"
                    max_backoff_retries = 0
                  }
                }
                """.formatted(logDir.resolve("*.log"), url);
    }

    static Path writeConfig(Path dir, String text) throws IOException {
        Path p = dir.resolve("config.alloy");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static Agent start(Path config, Path storage) throws IOException {
        AgentLog log = new AgentLog();
        if (System.getenv("AGENT_TEST_LOG") == null) {
            log.setOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        }
        return Agent.start(new AgentOptions(config, storage, "127.0.0.1:0", false), log);
    }
}
