package dev.plg.agent.component.process;

import dev.plg.agent.component.Args;
import dev.plg.agent.model.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stage.metrics}: counters, gauges and histograms fed from extracted values, exposed on
 * {@code /metrics} as {@code <prefix><name>}. Simplification: series carry the component ID only,
 * not the entry's label set.
 */
final class MetricsStage implements Stage {
    private record Metric(String kind, String source, String value, String action, boolean matchAll, boolean countBytes,
                          Metrics.Series series) {
    }

    private final List<Metric> metrics = new ArrayList<>();

    MetricsStage(Args a, Stages.Context ctx) {
        for (Args.Nested n : a.blocks()) {
            Args m = n.args();
            String kind = n.name().substring("metric.".length());
            String name = m.string("prefix") + m.string("name");
            String source = m.string("source") == null ? m.string("name") : m.string("source");
            String help = m.string("description").isEmpty() ? name : m.string("description");
            Metrics.Series series = switch (kind) {
                case "counter" -> {
                    String action = m.string("action");
                    if (!action.equals("inc") && !action.equals("add")) {
                        throw new IllegalArgumentException("counter action must be either 'inc' or 'add'");
                    }
                    yield ctx.metrics().counter(name, help, "component_id").labels(ctx.componentId());
                }
                case "gauge" -> {
                    String action = m.string("action");
                    if (!List.of("set", "inc", "dec", "add", "sub").contains(action)) {
                        throw new IllegalArgumentException("gauge action must be one of 'set', 'inc', 'dec', 'add', or 'sub'");
                    }
                    yield ctx.metrics().gauge(name, help, "component_id").labels(ctx.componentId());
                }
                default -> ctx.metrics().histogram(name, help, m.floats("buckets").stream().mapToDouble(Double::doubleValue).sorted().toArray(),
                        "component_id").labels(ctx.componentId());
            };
            metrics.add(new Metric(kind, source, m.string("value"), m.isSet("action") ? m.string("action") : "",
                    kind.equals("counter") && m.bool("match_all"), kind.equals("counter") && m.bool("count_entry_bytes"), series));
        }
    }

    @Override
    public String apply(Work w) {
        for (Metric m : metrics) {
            if (m.matchAll()) {
                m.series().add(m.countBytes() ? w.line().getBytes(StandardCharsets.UTF_8).length : 1);
                continue;
            }
            Object v = w.extracted().get(m.source());
            if (v == null) {
                continue;
            }
            String s = Work.asString(v);
            if (m.value() != null && !m.value().equals(s)) {
                continue;
            }
            double num;
            try {
                num = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                num = Double.NaN;
            }
            switch (m.kind()) {
                case "counter" -> {
                    if (m.action().equals("inc")) {
                        m.series().inc();
                    } else if (!Double.isNaN(num)) {
                        m.series().add(num);
                    }
                }
                case "gauge" -> {
                    switch (m.action()) {
                        case "inc" -> m.series().add(1);
                        case "dec" -> m.series().add(-1);
                        case "set" -> {
                            if (!Double.isNaN(num)) {
                                m.series().set(num);
                            }
                        }
                        case "add" -> {
                            if (!Double.isNaN(num)) {
                                m.series().add(num);
                            }
                        }
                        default -> {
                            if (!Double.isNaN(num)) {
                                m.series().add(-num);
                            }
                        }
                    }
                }
                default -> {
                    if (!Double.isNaN(num)) {
                        m.series().observe(num);
                    } else {
                        m.series().observe(s.length());
                    }
                }
            }
        }
        return null;
    }
}
