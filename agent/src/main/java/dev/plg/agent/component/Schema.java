package dev.plg.agent.component;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The arguments and blocks a component (or nested block) accepts: name, type, required flag and
 * default. Decoding a block body against a schema yields {@link Args}.
 */
public final class Schema {

    /** Argument types, with Alloy's conversions (number ↔ string, durations, base-2 sizes). */
    public enum Type {
        STRING, SECRET, INT, FLOAT, BOOL, DURATION, SIZE, MAP_STRING, LIST_STRING, LIST_FLOAT,
        TARGETS, RECEIVERS, RULES, MAP_LIST_STRING, ANY
    }

    public record Attr(String name, Type type, boolean required, Object defaultValue) {
        public Attr {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    public record BlockSpec(String name, Supplier<Schema> schema, boolean required, boolean multiple) {
        public BlockSpec {
            requireNonNull(name, "name is null");
            requireNonNull(schema, "schema is null");
        }
    }

    public static final Schema EMPTY = builder().build();

    private final Map<String, Attr> attrs;
    private final Map<String, BlockSpec> blocks;

    private Schema(Map<String, Attr> attrs, Map<String, BlockSpec> blocks) {
        this.attrs = Map.copyOf(attrs);
        this.blocks = Map.copyOf(blocks);
    }

    public Attr attr(String name) {
        return attrs.get(name);
    }

    public BlockSpec block(String name) {
        return blocks.get(name);
    }

    public List<Attr> attrs() {
        return new ArrayList<>(attrs.values());
    }

    public List<BlockSpec> blocks() {
        return new ArrayList<>(blocks.values());
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, Attr> attrs = new LinkedHashMap<>();
        private final Map<String, BlockSpec> blocks = new LinkedHashMap<>();

        public Builder required(String name, Type type) {
            attrs.put(name, new Attr(name, type, true, null));
            return this;
        }

        public Builder optional(String name, Type type, Object defaultValue) {
            attrs.put(name, new Attr(name, type, false, defaultValue));
            return this;
        }

        public Builder optional(String name, Type type) {
            return optional(name, type, null);
        }

        public Builder block(String name, Supplier<Schema> schema) {
            blocks.put(name, new BlockSpec(name, schema, false, false));
            return this;
        }

        public Builder requiredBlock(String name, Supplier<Schema> schema) {
            blocks.put(name, new BlockSpec(name, schema, true, false));
            return this;
        }

        public Builder blocks(String name, Supplier<Schema> schema) {
            blocks.put(name, new BlockSpec(name, schema, false, true));
            return this;
        }

        public Schema build() {
            return new Schema(attrs, blocks);
        }
    }
}
