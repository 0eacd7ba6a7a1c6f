package dev.plg.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code plg version}. */
@Command(name = "version", description = "Print the PLG version and the Loki API version it speaks.")
final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void run() {
        spec.commandLine().getOut().println("plg " + version() + " (Loki HTTP API 3.4.2, Java " + Runtime.version() + ")");
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"plg " + version()};
        }
    }
}
