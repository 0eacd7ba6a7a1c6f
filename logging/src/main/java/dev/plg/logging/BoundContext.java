package dev.plg.logging;

import dev.plg.logging.internal.TypedContext;
import org.slf4j.MDC;

/**
 * Context bound to the current thread by {@link PlgLogging#bind}; {@link #close()} restores what
 * the bound keys held before (their MDC values and typed values), so scopes nest:
 *
 * <pre>{@code
 * try (BoundContext ctx = PlgLogging.bind("request_id", id, "user_id", uid)) {
 *     log.info("로그인 시도");   // carries request_id and user_id
 * }
 * }</pre>
 *
 * <p>Must be closed on the thread that created it; closing twice does nothing.
 */
public final class BoundContext implements AutoCloseable {
    private final String[] keys;
    private final String[] previousMdc;
    private final TypedContext.Frame previousFrame;
    private final Thread owner;
    private boolean closed;

    BoundContext(String[] keys, String[] previousMdc, TypedContext.Frame previousFrame) {
        this.keys = keys;
        this.previousMdc = previousMdc;
        this.previousFrame = previousFrame;
        this.owner = Thread.currentThread();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("cannot close context bound on thread \"" + owner.getName()
                    + "\" from thread \"" + Thread.currentThread().getName() + "\"");
        }
        closed = true;
        for (int i = 0; i < keys.length; i++) {
            if (previousMdc[i] == null) {
                MDC.remove(keys[i]);
            } else {
                MDC.put(keys[i], previousMdc[i]);
            }
        }
        TypedContext.set(previousFrame);
    }
}
