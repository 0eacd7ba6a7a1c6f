package dev.plg.agent.component;

import static java.util.Objects.requireNonNull;

import dev.plg.agent.eval.Stdlib;
import dev.plg.agent.model.LogsReceiver;
import dev.plg.agent.syntax.Pos;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decoded arguments of one block: attribute values converted to Java types (defaults filled in) and
 * nested blocks in source order. Immutable.
 */
public final class Args {

    /** A nested block with its decoded arguments. */
    public record Nested(String name, Args args) {
    }

    private final Pos pos;
    private final Map<String, Object> values;
    private final Set<String> explicit;
    private final List<Nested> blocks;

    Args(Pos pos, Map<String, Object> values, Set<String> explicit, List<Nested> blocks) {
        this.pos = requireNonNull(pos, "pos is null");
        this.values = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(values));
        this.explicit = Set.copyOf(explicit);
        this.blocks = List.copyOf(blocks);
    }

    public Pos pos() {
        return pos;
    }

    /** True when the attribute was written in the config (not defaulted). */
    public boolean isSet(String name) {
        return explicit.contains(name);
    }

    public Object get(String name) {
        return values.get(name);
    }

    public String string(String name) {
        Object v = values.get(name);
        if (v instanceof Stdlib.Secret s) {
            return s.value();
        }
        return (String) v;
    }

    public long integer(String name) {
        return (Long) values.get(name);
    }

    public double floating(String name) {
        return (Double) values.get(name);
    }

    public boolean bool(String name) {
        return (Boolean) values.get(name);
    }

    public Duration duration(String name) {
        return (Duration) values.get(name);
    }

    public long size(String name) {
        return (Long) values.get(name);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> map(String name) {
        Object v = values.get(name);
        return v == null ? Map.of() : (Map<String, String>) v;
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<String>) v;
    }

    @SuppressWarnings("unchecked")
    public List<Double> floats(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<Double>) v;
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, String>> targets(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<Map<String, String>>) v;
    }

    @SuppressWarnings("unchecked")
    public List<LogsReceiver> receivers(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<LogsReceiver>) v;
    }

    /** All nested blocks, in source order. */
    public List<Nested> blocks() {
        return blocks;
    }

    public List<Args> blocks(String name) {
        return blocks.stream().filter(b -> b.name().equals(name)).map(Nested::args).toList();
    }

    /** The single nested block {@code name}, or null. */
    public Args block(String name) {
        for (Nested b : blocks) {
            if (b.name().equals(name)) {
                return b.args();
            }
        }
        return null;
    }
}
