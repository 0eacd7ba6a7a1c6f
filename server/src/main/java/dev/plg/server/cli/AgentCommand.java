package dev.plg.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plg agent run <config.alloy>}: the agent alone, with Alloy's flag spelling. */
@Command(name = "agent", description = "The log agent (Grafana Alloy configuration syntax).",
        subcommands = AgentCommand.Run.class)
final class AgentCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", description = "Run the agent with an Alloy configuration file.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CONFIG", description = "Alloy configuration file, e.g. config/alloy/config.alloy.")
        Path config;

        @Option(names = "--storage.path", paramLabel = "DIR", description = "Where positions and state are kept (default: data/alloy).")
        Path storagePath = Path.of("data", "alloy");

        @Option(names = "--server.http.listen-addr", paramLabel = "HOST:PORT",
                description = "Address of the agent's HTTP server (default: 127.0.0.1:12345).")
        String listenAddr = "127.0.0.1:12345";

        @Override
        public Integer call() throws Exception {
            AutoCloseable agent = AgentLauncher.start(config, storagePath, listenAddr,
                    line -> spec.commandLine().getOut().println(line));
            spec.commandLine().getOut().flush();
            Lifecycle.runUntilSignalled(agent);
            return 0;
        }
    }
}
