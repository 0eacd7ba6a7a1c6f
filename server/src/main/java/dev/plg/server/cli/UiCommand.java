package dev.plg.server.cli;

import dev.plg.ui.UiOptions;
import dev.plg.ui.UiServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plg ui}: the web UI alone (Grafana's part of the seed), on :3000, using the Loki data source of
 * {@code config/grafana/provisioning/datasources} or {@code --loki-url} (PLG's store or any real Loki).
 */
@Command(name = "ui", description = "Run the web UI (explore, dashboards, live tail) on :3000 against a Loki API.")
final class UiCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--provisioning-dir", paramLabel = "DIR",
            description = "Grafana provisioning folder (default: config/grafana/provisioning).")
    Path provisioningDir = UiOptions.DEFAULT_PROVISIONING_DIR;

    @Option(names = "--loki-url", paramLabel = "URL",
            description = "Loki API to query instead of the provisioned data source URL, e.g. http://127.0.0.1:3100.")
    URI lokiUrl;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Listen address (default: 0.0.0.0:3000).")
    String listen;

    @Override
    public Integer call() throws Exception {
        UiOptions options = UiOptions.fromEnv(System.getenv()).withProvisioningDir(provisioningDir);
        if (lokiUrl != null) {
            options = options.withLokiUrl(lokiUrl);
        }
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--listen: expected HOST:PORT, got \"" + listen + "\"");
            }
            options = options.withListen(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
        }
        UiServer ui = UiServer.start(options);
        spec.commandLine().getOut().println("ui      " + ui.uri() + "  (explore, dashboards, live tail)");
        spec.commandLine().getOut().flush();
        Lifecycle.runUntilSignalled(ui);
        return 0;
    }
}
