package dev.plg.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The seed's Alloy config (section 3.2, identical to {@code config/alloy/config.alloy}) and a helper
 * that adapts its Docker paths for a local run ({@code plg up}): the log glob
 * {@code /var/log/app/*.log} and the push URL {@code http://loki:3100/loki/api/v1/push}.
 */
public final class AgentConfigs {
    private AgentConfigs() {
    }

    public static final String SEED_LOG_GLOB = "/var/log/app/*.log";
    public static final String SEED_PUSH_URL = "http://loki:3100/loki/api/v1/push";

    /** The seed config text, verbatim. */
    public static String seed() {
        try (InputStream in = AgentConfigs.class.getResourceAsStream("/dev/plg/agent/seed-config.alloy")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code configText} with the seed's log glob pointed at {@code logDir/*.log} and its URL at {@code pushUrl}. */
    public static String adapt(String configText, Path logDir, String pushUrl) {
        return configText.replace(SEED_LOG_GLOB, logDir.toAbsolutePath().resolve("*.log").toString()).replace(SEED_PUSH_URL, pushUrl);
    }
}
