package dev.plg.server.cli;

import dev.plg.server.Stack;
import dev.plg.server.config.LokiConfig;
import dev.plg.server.config.LokiConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plg store -config.file=...}: the log store alone, with Loki's flag spelling. */
@Command(name = "store", description = "Run the log store (Loki HTTP API) with a Loki YAML configuration.")
final class StoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-config.file", "--config.file"}, paramLabel = "FILE",
            description = "Loki configuration file (default: config/loki/local-config.yaml).")
    Path configFile = Path.of("config", "loki", "local-config.yaml");

    @Option(names = {"-config.expand-env", "--config.expand-env"}, arity = "0..1", fallbackValue = "true",
            paramLabel = "BOOL", description = "Expand ${VAR} and ${VAR:-default} in the config file.")
    boolean expandEnv;

    @Override
    public Integer call() throws Exception {
        LokiConfig config = new LokiConfigLoader().load(configFile, expandEnv, System.getenv());
        Stack stack = Stack.start(Stack.Options.storeOnly(config), line -> spec.commandLine().getOut().println(line));
        spec.commandLine().getOut().flush();
        Lifecycle.runUntilSignalled(stack);
        return 0;
    }
}
