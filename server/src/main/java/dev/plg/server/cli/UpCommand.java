package dev.plg.server.cli;

import dev.plg.logging.demo.DemoOptions;
import dev.plg.server.Stack;
import dev.plg.server.config.LokiConfig;
import dev.plg.server.config.LokiConfigLoader;
import dev.plg.server.config.StorageSection;
import dev.plg.ui.UiOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plg up}: everything in one JVM with the seed's layout: the store on :3100 from
 * {@code config/loki/local-config.yaml} (data under {@code ./data/loki} instead of {@code /tmp/loki}),
 * the agent on :12345 from {@code config/alloy/config.alloy}, the demo writing {@code ./data/logs}, the ruler
 * with {@code config/loki/rules} and {@code config/grafana/provisioning/alerting}, and the UI on :3000.
 */
@Command(name = "up", description = "Start the whole stack (store, ruler, agent, demo, UI) in one process; Ctrl-C stops it.")
final class UpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "The seed's config/ layout (default: config).")
    Path configDir = Path.of("config");

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where all data lives (default: data).")
    Path dataDir = Path.of("data");

    @Option(names = "--no-demo", description = "Do not start the demo service.")
    boolean noDemo;

    @Option(names = "--no-agent", description = "Do not start the agent.")
    boolean noAgent;

    @Option(names = "--no-ui", description = "Do not start the web UI.")
    boolean noUi;

    @Override
    public Integer call() throws Exception {
        Path lokiConfig = configDir.resolve("loki").resolve("local-config.yaml");
        LokiConfig config = new LokiConfigLoader().load(lokiConfig, false, System.getenv());
        Path lokiData = dataDir.resolve("loki");
        // Rules are the provisioned defaults in config/loki/rules (users edit them there, or through the ruler API).
        config = config.withStorage(new StorageSection(lokiData.toString(), lokiData.resolve("chunks").toString(),
                configDir.resolve("loki").resolve("rules").toString()));
        Path logs = dataDir.resolve("logs");
        Optional<DemoOptions> demo = noDemo ? Optional.empty() : Optional.of(DemoCommand.options(logs, null));
        Path alloyConfig = configDir.resolve("alloy").resolve("config.alloy");
        Optional<Stack.AgentPart> agent = Optional.empty();
        if (!noAgent) {
            if (Files.exists(alloyConfig)) {
                Path agentData = dataDir.resolve("alloy");
                agent = Optional.of((pushUrl, announce) -> AgentLauncher.start(
                        AgentLauncher.deriveForUp(alloyConfig, agentData, logs, pushUrl.replace("/loki/api/v1/push", "")),
                        agentData, "127.0.0.1:12345", announce));
            } else {
                spec.commandLine().getErr().println("plg up: " + alloyConfig + " not found; not starting the agent");
            }
        }
        Path provisioning = configDir.resolve("grafana").resolve("provisioning");
        Optional<UiOptions> ui = noUi ? Optional.empty()
                : Optional.of(UiOptions.fromEnv(System.getenv()).withProvisioningDir(provisioning));
        Optional<Path> alerting = Optional.of(provisioning.resolve("alerting")).filter(Files::isDirectory);
        Stack stack = Stack.start(new Stack.Options(config, demo, agent, alerting, ui),
                line -> spec.commandLine().getOut().println(line));
        spec.commandLine().getOut().println("plg up: running; Ctrl-C stops everything");
        spec.commandLine().getOut().flush();
        Lifecycle.runUntilSignalled(stack);
        return 0;
    }
}
