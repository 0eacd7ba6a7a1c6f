package dev.plg.logging.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;

/**
 * Per-thread scratch state (buffers, caches) that also suits virtual threads.
 *
 * <p>Platform threads keep one instance in a {@link ThreadLocal}: the fastest path, and there are
 * few of them. A virtual thread usually lives for one request, so a thread-local would build a
 * fresh buffer and cache for nearly every line; virtual threads instead borrow an instance from a
 * small shared pool and give it back ({@link #release}). Callers must release exactly what they
 * acquired, on the same thread, and must not use it afterwards.
 */
public final class PerThread<T> {
    /** Instances kept for virtual threads; about the number of carrier threads encoding at once. */
    private static final int POOL_SIZE = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    private static final MethodHandle IS_VIRTUAL = findIsVirtual();

    private final Supplier<T> factory;
    private final ThreadLocal<T> local;
    private final ArrayBlockingQueue<T> pool = new ArrayBlockingQueue<>(POOL_SIZE);

    public PerThread(Supplier<T> factory) {
        this.factory = factory;
        this.local = ThreadLocal.withInitial(factory);
    }

    private static MethodHandle findIsVirtual() {
        try {
            // Thread.isVirtual() exists from Java 21; this library is built for 17.
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** True when {@code thread} is a virtual thread (never on Java 17-20). */
    public static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return false;
        }
    }

    /** The calling thread's instance; pair with {@link #release}. */
    public T acquire() {
        if (!isVirtual(Thread.currentThread())) {
            return local.get();
        }
        T t = pool.poll();
        return t != null ? t : factory.get();
    }

    /** Returns an instance acquired by the calling thread. */
    public void release(T t) {
        if (isVirtual(Thread.currentThread())) {
            pool.offer(t);
        }
    }
}
