package dev.plg.agent.component.process;

import dev.plg.agent.model.LogEntry;

/** Converts between {@link LogEntry} and the pipeline's mutable {@link Work} for the owning component. */
public final class WorkAccess {
    private WorkAccess() {
    }

    public static Work of(LogEntry e) {
        return new Work(e);
    }

    public static LogEntry entry(Work w) {
        return w.toEntry();
    }
}
