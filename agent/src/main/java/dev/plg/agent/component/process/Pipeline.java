package dev.plg.agent.component.process;

import com.google.re2j.Pattern;
import dev.plg.agent.component.Args;
import dev.plg.agent.model.Ack;
import dev.plg.agent.model.Labels;
import dev.plg.agent.model.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The compiled stage chain of one {@code loki.process} (or of a {@code stage.match} body), run in
 * file order. Read it like a list: each step keeps, changes or drops the entry; {@code stage.match}
 * runs its nested chain on matching entries; {@code stage.multiline} buffers lines and continues the
 * chain with the merged block. Not thread-safe: the owning component serialises calls.
 */
public final class Pipeline {
    private sealed interface Step permits Simple, Match, Multiline {
    }

    private record Simple(String name, Stage stage) implements Step {
    }

    private record Match(Selector selector, boolean drop, String reason, Pipeline nested) implements Step {
    }

    private final List<Step> steps;
    private final Metrics metrics;
    private final String componentId;
    private final List<MultilineState> multilines = new ArrayList<>();

    private Pipeline(List<Step> steps, Metrics metrics, String componentId) {
        this.steps = steps;
        this.metrics = metrics;
        this.componentId = componentId;
    }

    /** Compiles {@code stage.*} blocks; throws {@link IllegalArgumentException} for invalid settings. */
    public static Pipeline compile(List<Args.Nested> blocks, Metrics metrics, String componentId) {
        List<Step> steps = new ArrayList<>();
        Pipeline p = new Pipeline(steps, metrics, componentId);
        Stages.Context ctx = new Stages.Context(componentId, metrics);
        for (Args.Nested b : blocks) {
            if (!b.name().startsWith("stage.")) {
                continue;
            }
            switch (b.name()) {
                case "stage.match" -> {
                    Args a = b.args();
                    String action = a.string("action");
                    if (!action.equals("keep") && !action.equals("drop")) {
                        throw new IllegalArgumentException("match stage action should be 'keep' or 'drop', got \"" + action + "\"");
                    }
                    Pipeline nested = compile(a.blocks(), metrics, componentId);
                    if (action.equals("drop") && !nested.steps.isEmpty()) {
                        throw new IllegalArgumentException("match stage configured to drop should not contain nested stages");
                    }
                    steps.add(new Match(Selector.parse(a.string("selector")), action.equals("drop"), a.string("drop_counter_reason"), nested));
                }
                case "stage.multiline" -> {
                    Args a = b.args();
                    Duration wait = a.duration("max_wait_time");
                    if (wait.isZero() || wait.isNegative()) {
                        throw new IllegalArgumentException("multiline stage max_wait_time must be greater than 0");
                    }
                    MultilineState m = new MultilineState(Pattern.compile(a.string("firstline")), (int) a.integer("max_lines"),
                            wait, a.bool("trim_newlines"));
                    p.multilines.add(m);
                    steps.add(m);
                }
                default -> steps.add(new Simple(b.name(), Stages.compile(b.name(), b.args(), ctx)));
            }
        }
        return p;
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** True when some step buffers entries and needs {@link #flushExpired}. */
    public boolean buffers() {
        if (!multilines.isEmpty()) {
            return true;
        }
        for (Step s : steps) {
            if (s instanceof Match m && m.nested().buffers()) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code w} from the first step; surviving entries go to {@code out}. */
    public void run(Work w, Consumer<Work> out) {
        run(w, 0, out);
    }

    private void run(Work w, int from, Consumer<Work> out) {
        for (int i = from; i < steps.size(); i++) {
            Step s = steps.get(i);
            switch (s) {
                case Simple simple -> {
                    String reason = simple.stage().apply(w);
                    if (reason != null) {
                        drop(w, reason);
                        return;
                    }
                }
                case Match m -> {
                    if (m.selector().matches(w.labels, w.line())) {
                        if (m.drop()) {
                            drop(w, m.reason());
                            return;
                        }
                        int next = i + 1;
                        m.nested().run(w, 0, x -> run(x, next, out));
                        return;
                    }
                }
                case Multiline ml -> {
                    int next = i + 1;
                    ((MultilineState) ml).offer(w, x -> run(x, next, out));
                    return;
                }
            }
        }
        out.accept(w);
    }

    private void drop(Work w, String reason) {
        metrics.counter("loki_process_dropped_lines_total", "A number of log lines dropped by a pipeline stage.",
                "component_id", "component_path", "reason").labels(componentId, "/", reason).inc();
        w.ack.release();
    }

    /** Flushes multiline blocks idle longer than their max_wait_time (called periodically). */
    public void flushExpired(Consumer<Work> out, boolean all) {
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            int next = i + 1;
            if (s instanceof MultilineState m) {
                m.flushExpired(x -> run(x, next, out), all);
            } else if (s instanceof Match m) {
                m.nested().flushExpired(x -> run(x, next, out), all);
            }
        }
    }

    private sealed interface Multiline extends Step permits MultilineState {
    }

    /** {@code stage.multiline}: per-stream blocks started by {@code firstline}. */
    static final class MultilineState implements Multiline {
        private final Pattern firstline;
        private final int maxLines;
        private final Duration maxWait;
        private final boolean trimNewlines;
        private final Map<Labels, List<Work>> blocks = new HashMap<>();
        private final Map<Labels, Long> lastSeen = new HashMap<>();

        MultilineState(Pattern firstline, int maxLines, Duration maxWait, boolean trimNewlines) {
            this.firstline = firstline;
            this.maxLines = maxLines;
            this.maxWait = maxWait;
            this.trimNewlines = trimNewlines;
        }

        void offer(Work w, Consumer<Work> next) {
            Labels key = w.labels;
            List<Work> block = blocks.get(key);
            boolean first = firstline.matcher(w.line()).find();
            if (first) {
                if (block != null) {
                    next.accept(merge(blocks.remove(key)));
                }
                List<Work> nb = new ArrayList<>();
                nb.add(w);
                blocks.put(key, nb);
                lastSeen.put(key, System.nanoTime());
                return;
            }
            if (block == null) {
                next.accept(w); // lines before any first line pass through
                return;
            }
            block.add(w);
            lastSeen.put(key, System.nanoTime());
            if (block.size() >= maxLines) {
                next.accept(merge(blocks.remove(key)));
            }
        }

        void flushExpired(Consumer<Work> next, boolean all) {
            long now = System.nanoTime();
            for (Labels key : new ArrayList<>(blocks.keySet())) {
                Long seen = lastSeen.get(key);
                if (all || seen == null || now - seen >= maxWait.toNanos()) {
                    next.accept(merge(blocks.remove(key)));
                    lastSeen.remove(key);
                }
            }
        }

        private Work merge(List<Work> block) {
            Work first = block.getFirst();
            if (block.size() == 1) {
                return first;
            }
            StringBuilder sb = new StringBuilder();
            List<Ack> acks = new ArrayList<>(block.size());
            for (int i = 0; i < block.size(); i++) {
                String line = block.get(i).line();
                if (trimNewlines) {
                    line = line.replaceAll("[\\r\\n]+$", "");
                }
                if (i > 0) {
                    sb.append('\n');
                }
                sb.append(line);
                acks.add(block.get(i).ack);
            }
            return new Work(first.labels, first.timestampNanos, sb.toString(), first.structuredMetadata,
                    first.extractedOrNull(), Ack.all(acks));
        }
    }
}
