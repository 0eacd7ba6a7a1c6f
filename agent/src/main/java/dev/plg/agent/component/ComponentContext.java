package dev.plg.agent.component;

import static java.util.Objects.requireNonNull;

import dev.plg.agent.model.AgentLog;
import dev.plg.agent.model.Metrics;
import java.nio.file.Path;

/**
 * What a component gets from the controller: its ID, its data directory
 * ({@code <storage.path>/<component id>}), the shared metrics registry and logger, and a callback to
 * announce that its exports changed.
 */
public record ComponentContext(String id, Path dataDir, Metrics metrics, AgentLog log, Runnable exportsChangedCallback,
                               boolean experimental) {
    public ComponentContext {
        requireNonNull(id, "id is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(log, "log is null");
        requireNonNull(exportsChangedCallback, "exportsChangedCallback is null");
    }

    public void exportsChanged() {
        exportsChangedCallback.run();
    }
}
