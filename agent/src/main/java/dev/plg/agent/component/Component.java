package dev.plg.agent.component;

import dev.plg.agent.eval.Value;
import java.time.Instant;
import java.util.Map;

/**
 * A running Alloy component. Lifecycle, driven only by the {@link Controller}: constructed, then
 * {@link #update} with the first arguments (invalid arguments throw and abort the load), {@link #start}
 * once the whole graph is built, {@link #update} again whenever a referenced export changes, and
 * {@link #close} exactly once. {@code update} and {@code close} are never called concurrently.
 */
public interface Component extends AutoCloseable {
    Value.Obj NO_EXPORTS = new Value.Obj(Map.of());

    /** Applies (new) arguments; throws {@link IllegalArgumentException} with a reason when they are invalid. */
    void update(Args args);

    /** Current exports (an object); the component calls {@link ComponentContext#exportsChanged()} when they change. */
    default Value.Obj exports() {
        return NO_EXPORTS;
    }

    /** Starts background work (threads, servers). */
    default void start() {
    }

    @Override
    default void close() {
    }

    /**
     * Called once after every component of the graph is closed: late work that depends on other
     * components having stopped (the file source writes its final positions here, after the writers
     * drained and acknowledged what they could).
     */
    default void afterGraphClosed() {
    }

    default Health health() {
        return Health.healthy();
    }

    /** Extra state for the status page (e.g. per-file positions). */
    default Map<String, Object> debugInfo() {
        return Map.of();
    }

    /** Health as shown by {@code /-/healthy} and the status page. */
    record Health(State state, String message, Instant updated) {
        public enum State { HEALTHY, UNHEALTHY, UNKNOWN, EXITED }

        public static Health healthy() {
            return new Health(State.HEALTHY, "started component", Instant.now());
        }

        public static Health unhealthy(String message) {
            return new Health(State.UNHEALTHY, message, Instant.now());
        }
    }
}
