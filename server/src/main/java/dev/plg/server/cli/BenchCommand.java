package dev.plg.server.cli;

import dev.plg.server.bench.LoadBench;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plg bench}: the load tool (see {@link LoadBench}); works against any Loki-compatible URL. */
@Command(name = "bench", description = {"Push seed-style JSON log lines to a Loki-compatible URL, then time a fixed query set",
        "(the data and queries of shared/bench/pushbench.py). With --pid, figures are server CPU-seconds and RSS."})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "Base URL of the Loki API (default: ${DEFAULT-VALUE}).")
    URI url = URI.create("http://127.0.0.1:3100");

    @Option(names = "--lines", paramLabel = "N", description = "Lines to push (default: ${DEFAULT-VALUE}).")
    long lines = 1_000_000;

    @Option(names = "--batch", paramLabel = "N", description = "Lines per push request (default: ${DEFAULT-VALUE}).")
    int batch = 2000;

    @Option(names = "--threads", paramLabel = "N", description = "Concurrent pushers (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--format", paramLabel = "json|protobuf", description = "Push body encoding (default: json).")
    String format = "json";

    @Option(names = "--pid", paramLabel = "PID", description = "The server's process id: report its CPU-seconds and memory.")
    long pid = -1;

    @Option(names = "--start", paramLabel = "RFC3339", description = "Timestamp of the first line (default: ${DEFAULT-VALUE}).")
    String start = "2026-01-01T00:00:00Z";

    @Option(names = "--tenant", paramLabel = "ID", description = "X-Scope-OrgID to send (for auth_enabled: true).")
    String tenant = "";

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the generated lines (default: ${DEFAULT-VALUE}).")
    long seed = 533;

    @Option(names = "--skip-push", description = "Only run the queries (on data pushed before with the same --start).")
    boolean skipPush;

    @Option(names = "--json", description = "Also print the report as one JSON line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LoadBench.Options options;
        try {
            LoadBench.Format f = switch (format) {
                case "json" -> LoadBench.Format.JSON;
                case "protobuf" -> LoadBench.Format.PROTOBUF;
                default -> throw new IllegalArgumentException("--format must be json or protobuf, got '" + format + "'");
            };
            long startNanos;
            try {
                Instant i = Instant.parse(start);
                startNanos = i.getEpochSecond() * 1_000_000_000L + i.getNano();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--start must be an RFC 3339 time such as 2026-01-01T00:00:00Z, got '" + start + "'");
            }
            options = new LoadBench.Options(url, lines, batch, threads, f, startNanos, pid, tenant, skipPush, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LoadBench.Report report = new LoadBench(options).run(line -> {
            out.println("# " + line);
            out.flush();
        });
        report.lines().forEach(out::println);
        if (json) {
            out.println(report.json());
        }
        out.flush();
        boolean failed = (report.push() != null && !report.push().errors().isEmpty())
                || report.queries().stream().anyMatch(q -> q.status() != 200);
        return failed ? 1 : 0;
    }
}
