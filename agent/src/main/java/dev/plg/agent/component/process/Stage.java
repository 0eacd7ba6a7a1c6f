package dev.plg.agent.component.process;

/**
 * One {@code stage.*} block compiled. Called by the owning pipeline under its lock (never
 * concurrently); may keep state between entries.
 */
public interface Stage {
    /** Processes {@code w} in place; returns a drop reason to drop it, or null to keep it. */
    String apply(Work w);
}
