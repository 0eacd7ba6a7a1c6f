package dev.plg.server.cli;

import dev.plg.logging.demo.DemoOptions;
import dev.plg.logging.demo.DemoService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plg demo}: the demo service writing realistic JSON logs through plg-logging. */
@Command(name = "demo", description = "Run the demo service, writing JSON log lines to ./data/logs.")
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "Directory of the log file (default: data/logs).")
    Path logDir;

    @Option(names = "--rate", paramLabel = "LINES_PER_SECOND", description = "Lines per second (default: 20).")
    Double rate;

    @Override
    public Integer call() throws Exception {
        DemoOptions options = options(logDir, rate);
        DemoService demo = new DemoService(options);
        spec.commandLine().getOut().println("demo    writing " + demo.logFile());
        spec.commandLine().getOut().flush();
        Thread thread = Thread.ofPlatform().name("plg-demo").start(demo);
        Lifecycle.runUntilSignalled(() -> {
            demo.close();
            thread.join(5000);
        });
        return 0;
    }

    static DemoOptions options(Path logDir, Double rate) {
        DemoOptions d = DemoOptions.fromEnvironment(System.getenv(), w -> System.err.println("plg demo: " + w));
        return new DemoOptions(logDir == null ? d.logDir() : logDir, d.appName(), d.env(), d.level(),
                rate == null ? d.linesPerSecond() : rate, d.duration(), d.maxLines(), d.seed(), d.maxFileSize(),
                d.backups());
    }
}
