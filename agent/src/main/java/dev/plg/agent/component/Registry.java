package dev.plg.agent.component;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every component this agent knows, by Alloy name. */
public final class Registry {
    private Registry() {
    }

    private static final Map<String, ComponentDef> DEFS = build();

    private static Map<String, ComponentDef> build() {
        Map<String, ComponentDef> m = new TreeMap<>();
        for (ComponentDef d : List.of(
                new ComponentDef("local.file_match", LocalFileMatch::schema, LocalFileMatch::new),
                new ComponentDef("loki.source.file", SourceFile::schema, SourceFile::new),
                new ComponentDef("loki.process", Process::schema, Process::new),
                new ComponentDef("loki.relabel", LokiRelabel::schema, LokiRelabel::new),
                new ComponentDef("discovery.relabel", DiscoveryRelabel::schema, DiscoveryRelabel::new),
                new ComponentDef("loki.write", LokiWrite::schema, LokiWrite::new),
                new ComponentDef("loki.source.api", SourceApi::schema, SourceApi::new),
                new ComponentDef("loki.echo", Echo::schema, Echo::new))) {
            m.put(d.name(), d);
        }
        return Map.copyOf(m);
    }

    /** The definition of {@code name}, or null. */
    public static ComponentDef get(String name) {
        return DEFS.get(name);
    }

    public static List<String> names() {
        return DEFS.keySet().stream().sorted().toList();
    }
}
