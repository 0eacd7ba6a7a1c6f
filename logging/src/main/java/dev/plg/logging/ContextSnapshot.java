package dev.plg.logging;

import dev.plg.logging.internal.TypedContext;
import java.util.Map;
import org.slf4j.MDC;

/**
 * A copy of one thread's bound context (MDC plus typed values), taken by {@link PlgLogging#capture()}
 * and installed on another thread with {@link #attach()}. Immutable; safe to share.
 */
public final class ContextSnapshot {
    private final Map<String, String> mdc;
    private final TypedContext.Frame frame;

    ContextSnapshot(Map<String, String> mdc, TypedContext.Frame frame) {
        this.mdc = mdc;
        this.frame = frame;
    }

    static ContextSnapshot capture() {
        return new ContextSnapshot(MDC.getCopyOfContextMap(), TypedContext.current());
    }

    /**
     * Replaces the current thread's context with this snapshot; closing the returned scope puts the
     * thread's previous context back (so pooled threads do not leak context between tasks).
     */
    public Scope attach() {
        ContextSnapshot previous = capture();
        install(this);
        return new Scope(previous);
    }

    private static void install(ContextSnapshot s) {
        if (s.mdc == null || s.mdc.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(s.mdc);
        }
        TypedContext.set(s.frame);
    }

    /** Restores the context a thread had before {@link #attach()}. */
    public static final class Scope implements AutoCloseable {
        private final ContextSnapshot previous;
        private boolean closed;

        private Scope(ContextSnapshot previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                install(previous);
            }
        }
    }
}
