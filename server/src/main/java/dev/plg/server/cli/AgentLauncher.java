package dev.plg.server.cli;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Starts the agent module. */
final class AgentLauncher {
    private AgentLauncher() {
    }

    static AutoCloseable start(Path config, Path storagePath, String listenAddr, Consumer<String> announce) {
        throw new UnsupportedOperationException("the agent is not available in this build yet");
    }
}
