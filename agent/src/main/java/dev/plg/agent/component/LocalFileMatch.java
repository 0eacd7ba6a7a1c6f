package dev.plg.agent.component;

import dev.plg.agent.eval.Value;
import dev.plg.agent.tail.Glob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code local.file_match}: globs {@code __path__} of each target every {@code sync_period} and
 * exports one target per matching file ({@code targets}).
 */
public final class LocalFileMatch implements Component {
    public static Schema schema() {
        return Schema.builder()
                .required("path_targets", Schema.Type.TARGETS)
                .optional("sync_period", Schema.Type.DURATION, Duration.ofSeconds(10))
                .optional("ignore_older_than", Schema.Type.DURATION, Duration.ZERO)
                .build();
    }

    private final ComponentContext ctx;
    private volatile List<Map<String, String>> pathTargets = List.of();
    private volatile Duration syncPeriod;
    private volatile Duration ignoreOlderThan;
    private volatile List<Map<String, String>> current = List.of();
    private Thread thread;
    private volatile boolean closed;

    public LocalFileMatch(ComponentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void update(Args args) {
        Duration sp = args.duration("sync_period");
        if (sp.isZero() || sp.isNegative()) {
            throw new IllegalArgumentException("sync_period must be greater than 0");
        }
        for (Map<String, String> t : args.targets("path_targets")) {
            if (!t.containsKey("__path__")) {
                throw new IllegalArgumentException("every path_targets entry needs a __path__ label");
            }
        }
        pathTargets = args.targets("path_targets");
        syncPeriod = sp;
        ignoreOlderThan = args.duration("ignore_older_than");
        current = glob(pathTargets, ignoreOlderThan);
    }

    /** Expands targets: one per existing regular file, {@code __path__} made absolute. */
    public static List<Map<String, String>> glob(List<Map<String, String>> targets, Duration ignoreOlderThan) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> t : targets) {
            for (Path p : Glob.expand(t.get("__path__"), t.get("__path_exclude__"))) {
                if (!ignoreOlderThan.isZero()) {
                    try {
                        if (Files.getLastModifiedTime(p).toInstant().isBefore(Instant.now().minus(ignoreOlderThan))) {
                            continue;
                        }
                    } catch (java.io.IOException e) {
                        continue;
                    }
                }
                Map<String, String> m = new LinkedHashMap<>(t);
                m.put("__path__", p.toString());
                out.add(m);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public Value.Obj exports() {
        List<Value> ts = new ArrayList<>();
        for (Map<String, String> t : current) {
            Map<String, Value> m = new LinkedHashMap<>();
            t.forEach((k, v) -> m.put(k, Value.of(v)));
            ts.add(new Value.Obj(m));
        }
        return new Value.Obj(Map.of("targets", new Value.Array(ts)));
    }

    @Override
    public synchronized void start() {
        thread = Thread.ofVirtual().name(ctx.id()).start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(syncPeriod);
                } catch (InterruptedException e) {
                    return;
                }
                List<Map<String, String>> next = glob(pathTargets, ignoreOlderThan);
                if (!Objects.equals(next, current)) {
                    current = next;
                    ctx.exportsChanged();
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public Map<String, Object> debugInfo() {
        return Map.of("targets", current.size());
    }
}
