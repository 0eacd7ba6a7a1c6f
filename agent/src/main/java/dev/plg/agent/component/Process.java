package dev.plg.agent.component;

import dev.plg.agent.component.process.Pipeline;
import dev.plg.agent.component.process.Stages;
import dev.plg.agent.component.process.WorkAccess;
import dev.plg.agent.eval.Value;
import dev.plg.agent.model.LogEntry;
import dev.plg.agent.model.LogsReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code loki.process}: runs every received entry through its {@code stage.*} chain and forwards the
 * survivors to {@code forward_to}. Exports {@code receiver}. Pipeline runs are serialised by a lock
 * (stages keep state); forwarding happens outside it.
 */
public final class Process implements Component {
    public static Schema schema() {
        return Stages.addStageBlocks(Schema.builder().required("forward_to", Schema.Type.RECEIVERS)).build();
    }

    private final ComponentContext ctx;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Pipeline pipeline;
    private volatile List<LogsReceiver> forwardTo = List.of();
    private final LogsReceiver receiver = this::receive;
    private final Value.Obj exports = new Value.Obj(Map.of("receiver", new Value.Capsule("loki.LogsReceiver", receiver)));
    private Thread flusher;
    private volatile boolean closed;

    public Process(ComponentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void update(Args args) {
        Pipeline p = Pipeline.compile(args.blocks(), ctx.metrics(), ctx.id());
        lock.lock();
        try {
            pipeline = p;
            forwardTo = args.receivers("forward_to");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Value.Obj exports() {
        return exports;
    }

    private void receive(List<LogEntry> entries) {
        List<LogEntry> out = new ArrayList<>(entries.size());
        lock.lock();
        try {
            Pipeline p = pipeline;
            for (LogEntry e : entries) {
                p.run(WorkAccess.of(e), w -> out.add(WorkAccess.entry(w)));
            }
        } finally {
            lock.unlock();
        }
        LogsReceiver.fanOut(forwardTo, out);
    }

    @Override
    public synchronized void start() {
        flusher = Thread.ofVirtual().name(ctx.id() + "-flush").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                flush(false);
            }
        });
    }

    private void flush(boolean all) {
        List<LogEntry> out = new ArrayList<>();
        lock.lock();
        try {
            if (!pipeline.buffers()) {
                return;
            }
            pipeline.flushExpired(w -> out.add(WorkAccess.entry(w)), all);
        } finally {
            lock.unlock();
        }
        LogsReceiver.fanOut(forwardTo, out);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (flusher != null) {
            flusher.interrupt();
        }
    }
}
