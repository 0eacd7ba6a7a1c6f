package dev.plg.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void badConfigValueStopsStartNamingFileLineAndKey(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("local-config.yaml");
        Files.writeString(config, "auth_enabled: false\nlimits_config:\n  max_line_size: abc\n");
        for (String flag : new String[] {"-config.file=" + config, "--config.file=" + config}) {
            Run r = run("store", flag);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("plg: invalid configuration: " + config
                    + ":3: limits_config.max_line_size: cannot parse \"abc\" as bytes");
        }
    }

    @Test
    void unknownKeyStopsStart(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("c.yaml");
        Files.writeString(config, "limits_config:\n  reject_old_sample: true\n");
        Run r = run("store", "-config.file", config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(":2: limits_config.reject_old_sample: unknown key");
    }

    @Test
    void expandEnvFlagIsAcceptedInLokiSpelling(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("c.yaml");
        Files.writeString(config, "server:\n  http_listen_port: ${PLG_TEST_SURELY_UNSET_PORT:-notaport}\n");
        Run r = run("store", "-config.file=" + config, "-config.expand-env=true");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(":2: server.http_listen_port: cannot parse \"notaport\" as an integer");
    }

    @Test
    void versionAndHelp() {
        Run v = run("version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("plg ").contains("Loki HTTP API 3.4.2");
        Run help = run();
        assertThat(help.out()).contains("up", "store", "agent", "demo", "version");
    }
}
