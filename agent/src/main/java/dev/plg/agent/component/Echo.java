package dev.plg.agent.component;

import dev.plg.agent.eval.Value;
import dev.plg.agent.model.LogEntry;
import dev.plg.agent.model.LogsReceiver;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code loki.echo}: logs every entry through the agent's logger at info level, then acknowledges it. */
public final class Echo implements Component {
    public static Schema schema() {
        return Schema.EMPTY;
    }

    private final ComponentContext ctx;
    private final LogsReceiver receiver = this::receive;

    public Echo(ComponentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void update(Args args) {
    }

    @Override
    public Value.Obj exports() {
        return new Value.Obj(Map.of("receiver", new Value.Capsule("loki.LogsReceiver", receiver)));
    }

    private void receive(List<LogEntry> entries) {
        for (LogEntry e : entries) {
            try {
                Instant ts = Instant.ofEpochSecond(0, e.timestampNanos());
                ctx.log().info("received log entry", "component_path", "/", "component_id", ctx.id(), "entry", e.line(),
                        "entry_timestamp", ts, "labels", e.labels(), "structured_metadata", e.structuredMetadata());
            } finally {
                e.ack().release();
            }
        }
    }
}
