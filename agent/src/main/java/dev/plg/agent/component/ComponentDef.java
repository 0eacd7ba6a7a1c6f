package dev.plg.agent.component;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import java.util.function.Supplier;

/** A registered component type: its name ({@code loki.write}), argument schema and factory. */
public record ComponentDef(String name, Supplier<Schema> schema, Function<ComponentContext, Component> factory) {
    public ComponentDef {
        requireNonNull(name, "name is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(factory, "factory is null");
    }
}
