package dev.plg.agent.component;

import dev.plg.agent.eval.Value;
import dev.plg.agent.model.Labels;
import dev.plg.agent.model.LogEntry;
import dev.plg.agent.model.LogsReceiver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code loki.relabel}: rewrites entry labels with {@code rule} blocks; empty label sets are dropped. */
public final class LokiRelabel implements Component {
    public static Schema schema() {
        return Schema.builder()
                .required("forward_to", Schema.Type.RECEIVERS)
                .optional("max_cache_size", Schema.Type.INT, 10_000L)
                .blocks("rule", Relabel::ruleSchema)
                .build();
    }

    private final ComponentContext ctx;
    private volatile List<LogsReceiver> forwardTo = List.of();
    private volatile Relabel.Rules rules = new Relabel.Rules(List.of());
    private volatile Map<Labels, Labels> cache = new LinkedHashMap<>();
    private volatile long maxCache;
    private final LogsReceiver receiver = this::receive;

    public LokiRelabel(ComponentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void update(Args args) {
        long max = args.integer("max_cache_size");
        if (max <= 0) {
            throw new IllegalArgumentException("max_cache_size must be greater than 0 and is " + max);
        }
        rules = Relabel.compile(args.blocks("rule"));
        forwardTo = args.receivers("forward_to");
        maxCache = max;
        cache = new LinkedHashMap<>();
    }

    @Override
    public Value.Obj exports() {
        return new Value.Obj(Map.of(
                "receiver", new Value.Capsule("loki.LogsReceiver", receiver),
                "rules", new Value.Capsule("relabel.Rules", rules)));
    }

    private void receive(List<LogEntry> entries) {
        List<LogEntry> out = new ArrayList<>(entries.size());
        var processed = ctx.metrics().counter("loki_relabel_entries_processed", "Total number of log entries processed", "component_id").labels(ctx.id());
        var written = ctx.metrics().counter("loki_relabel_entries_written", "Total number of log entries forwarded", "component_id").labels(ctx.id());
        for (LogEntry e : entries) {
            processed.inc();
            Labels l = relabel(e.labels());
            if (l == null || l.isEmpty()) {
                e.ack().release();
                continue;
            }
            written.inc();
            out.add(e.withLabels(l));
        }
        LogsReceiver.fanOut(forwardTo, out);
    }

    private Labels relabel(Labels in) {
        Map<Labels, Labels> c = cache;
        synchronized (c) {
            if (c.containsKey(in)) {
                return c.get(in);
            }
        }
        Map<String, String> m = new TreeMap<>(in.toMap());
        Labels out = Relabel.apply(rules.rules(), m) ? Labels.of(m) : null;
        synchronized (c) {
            if (c.size() >= maxCache) {
                c.remove(c.keySet().iterator().next());
            }
            c.put(in, out);
        }
        return out;
    }
}
