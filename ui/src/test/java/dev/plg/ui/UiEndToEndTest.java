package dev.plg.ui;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.plg.ui.testing.FakeLoki;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives Debian's Chromium through {@code web/e2e/e2e.mjs} (playwright-core) against a real {@link UiServer}.
 * The data source is {@link FakeLoki}, or a real store when {@code -Dplg.e2e.loki=http://127.0.0.1:3100}.
 * Runs only with {@code -Pe2e} (surefire group "e2e"); needs node and /usr/bin/chromium.
 */
@Tag("e2e")
class UiEndToEndTest {
    @Test
    void browserWalksThroughLoginDashboardExploreAndLiveTail(@TempDir Path dir) throws Exception {
        String external = System.getProperty("plg.e2e.loki", "");
        FakeLoki fake = external.isBlank() ? FakeLoki.start() : null;
        URI loki = fake != null ? fake.uri() : URI.create(external);
        Path provisioning = UiServerTest.writeProvisioning(dir, loki);
        try (UiServer ui = UiServer.start(UiOptions.fromEnv(Map.of()).withListen("127.0.0.1", 0).withProvisioningDir(provisioning))) {
            Path web = Path.of(System.getProperty("plg.e2e.webDir", "web")).toAbsolutePath();
            ProcessBuilder node = new ProcessBuilder("node", "e2e/e2e.mjs").directory(web.toFile()).redirectErrorStream(true);
            node.environment().put("PLG_UI_URL", ui.uri().toString());
            node.environment().put("PLG_LOKI_URL", loki.toString());
            String shots = System.getProperty("plg.e2e.screenshots", "");
            if (!shots.isBlank()) {
                node.environment().put("SCREENSHOT_DIR", Path.of(shots).toAbsolutePath().normalize().toString());
            }
            Process process = node.start();
            // copy the script's report into the test output (inheritIO would bypass surefire's capture)
            Thread.ofVirtual().start(() -> process.inputReader().lines().forEach(System.out::println));
            boolean finished = process.waitFor(4, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            assertThat(finished).as("e2e script finished within 4 minutes").isTrue();
            assertThat(process.exitValue()).as("e2e script exit code (see its output above)").isZero();
        } finally {
            if (fake != null) {
                fake.close();
            }
        }
    }
}
