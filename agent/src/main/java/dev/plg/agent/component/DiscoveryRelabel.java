package dev.plg.agent.component;

import dev.plg.agent.eval.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code discovery.relabel}: applies {@code rule} blocks to {@code targets}; exports {@code output} and {@code rules}. */
public final class DiscoveryRelabel implements Component {
    public static Schema schema() {
        return Schema.builder()
                .required("targets", Schema.Type.TARGETS)
                .blocks("rule", Relabel::ruleSchema)
                .build();
    }

    private volatile List<Map<String, String>> output = List.of();
    private volatile Relabel.Rules rules = new Relabel.Rules(List.of());

    public DiscoveryRelabel(ComponentContext ctx) {
    }

    @Override
    public void update(Args args) {
        Relabel.Rules r = Relabel.compile(args.blocks("rule"));
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> t : args.targets("targets")) {
            Map<String, String> m = new TreeMap<>(t);
            if (Relabel.apply(r.rules(), m) && !m.isEmpty()) {
                out.add(m);
            }
        }
        rules = r;
        output = List.copyOf(out);
    }

    @Override
    public Value.Obj exports() {
        List<Value> ts = new ArrayList<>();
        for (Map<String, String> t : output) {
            Map<String, Value> m = new LinkedHashMap<>();
            t.forEach((k, v) -> m.put(k, Value.of(v)));
            ts.add(new Value.Obj(m));
        }
        return new Value.Obj(Map.of("output", new Value.Array(ts), "rules", new Value.Capsule("relabel.Rules", rules)));
    }
}
