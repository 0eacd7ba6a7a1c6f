package dev.plg.server.cli;

import dev.plg.server.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code plg} command line: {@code up}, {@code store}, {@code agent run}, {@code ui}, {@code demo}, {@code bench}, {@code version}. */
@Command(name = "plg", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "The Loki / Alloy / Grafana logging stack as one Java program.",
        subcommands = {UpCommand.class, StoreCommand.class, AgentCommand.class, UiCommand.class, DemoCommand.class, BenchCommand.class,
                VersionCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    /** Runs the command line with the given output streams (tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof ConfigException) {
                err.println("plg: invalid configuration: " + e.getMessage());
                return 2;
            }
            err.println("plg: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (System.getenv("PLG_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
