package dev.plg.agent.component;

import static java.util.Objects.requireNonNull;

import dev.plg.agent.eval.Evaluator;
import dev.plg.agent.eval.Value;
import dev.plg.agent.model.AgentLog;
import dev.plg.agent.model.LogsReceiver;
import dev.plg.agent.model.Metrics;
import dev.plg.agent.syntax.Ast;
import dev.plg.agent.syntax.ConfigException;
import dev.plg.agent.syntax.Parser;
import dev.plg.agent.syntax.Pos;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Loads one config file into a graph of components and runs it (Alloy's flow controller): parse,
 * check component names/labels/duplicates, resolve references, reject cycles, evaluate and build
 * components in dependency order, start them, and re-evaluate dependents when exports change.
 */
public final class Controller implements AutoCloseable {

    /** Settings shared by all components. */
    public record Options(Path storagePath, Metrics metrics, AgentLog log, boolean experimental) {
        public Options {
            requireNonNull(storagePath, "storagePath is null");
            requireNonNull(metrics, "metrics is null");
            requireNonNull(log, "log is null");
        }
    }

    /** Config blocks Alloy accepts that this agent ignores (they carry no log pipeline behaviour). */
    private static final Set<String> IGNORED_BLOCKS = Set.of("tracing", "http", "livedebugging", "remotecfg");
    private static final Set<String> UNSUPPORTED_BLOCKS = Set.of("argument", "export", "foreach", "declare",
            "import.file", "import.string", "import.http", "import.git");

    /** One node of the graph: a component or the {@code logging} block. */
    public static final class Node {
        final String id;
        final Ast.Block block;
        final ComponentDef def;
        final int index;
        final Set<Node> dependencies = new LinkedHashSet<>();
        final Set<Node> dependents = new LinkedHashSet<>();
        Component component;
        volatile Value.Obj exports = Component.NO_EXPORTS;
        volatile String evalError;

        Node(String id, Ast.Block block, ComponentDef def, int index) {
            this.id = id;
            this.block = block;
            this.def = def;
            this.index = index;
        }

        public String id() {
            return id;
        }

        public Component component() {
            return component;
        }

        public List<String> dependencyIds() {
            return dependencies.stream().map(n -> n.id).toList();
        }

        public List<String> dependentIds() {
            return dependents.stream().map(n -> n.id).toList();
        }

        public Component.Health health() {
            if (evalError != null) {
                return Component.Health.unhealthy(evalError);
            }
            return component == null ? Component.Health.healthy() : component.health();
        }
    }

    private final String file;
    private final Options options;
    private final List<Node> order;
    private final Map<String, Node> byId;
    private final ExecutorService updates = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("alloy-controller").factory());
    private volatile boolean started;
    private volatile boolean closed;

    private Controller(String file, Options options, List<Node> order, Map<String, Node> byId) {
        this.file = file;
        this.options = options;
        this.order = order;
        this.byId = byId;
    }

    /** Parses, validates and builds every component without starting anything. */
    public static Controller load(String file, byte[] source, Options options) {
        Ast.File ast = Parser.parse(file, source);
        Map<String, Node> byId = new LinkedHashMap<>();
        int index = 0;
        for (Ast.Stmt stmt : ast.body().stmts()) {
            switch (stmt) {
                case Ast.Attribute a -> throw new ConfigException(file, a.pos(), "unrecognized attribute " + a.name());
                case Ast.Block b -> {
                    String name = b.name();
                    if (name.equals("logging")) {
                        if (b.label() != null) {
                            throw new ConfigException(file, b.pos(), "block logging does not support specifying labels");
                        }
                        addNode(file, byId, new Node("logging", b, null, index++));
                        continue;
                    }
                    if (IGNORED_BLOCKS.contains(name)) {
                        options.log().warn("ignoring config block not supported by this agent", "block", name);
                        continue;
                    }
                    if (UNSUPPORTED_BLOCKS.contains(name)) {
                        throw new ConfigException(file, b.pos(), "config block \"" + name + "\" is not supported by this agent");
                    }
                    ComponentDef def = Registry.get(name);
                    if (def == null) {
                        throw new ConfigException(file, b.pos(), "cannot find the definition of component name \"" + name + "\"");
                    }
                    if (b.label() == null || b.label().isEmpty()) {
                        throw new ConfigException(file, b.pos(), "component \"" + name + "\" must have a label");
                    }
                    addNode(file, byId, new Node(name + "." + b.label(), b, def, index++));
                }
            }
        }
        for (Node n : byId.values()) {
            collectReferences(file, n, n.block.body(), byId);
        }
        checkCycles(file, byId);
        List<Node> order = topoOrder(byId);
        Controller c = new Controller(file, options, order, byId);
        for (Node n : order) {
            c.build(n);
        }
        return c;
    }

    private static void addNode(String file, Map<String, Node> byId, Node n) {
        Node prev = byId.putIfAbsent(n.id, n);
        if (prev != null) {
            throw new ConfigException(file, n.block.pos(), "block " + n.id + " already declared at " + file + ":" + prev.block.pos());
        }
    }

    private static void collectReferences(String file, Node n, Ast.Body body, Map<String, Node> byId) {
        for (Ast.Stmt s : body.stmts()) {
            switch (s) {
                case Ast.Attribute a -> collectExpr(file, n, a.value(), byId);
                case Ast.Block b -> collectReferences(file, n, b.body(), byId);
            }
        }
    }

    private static void collectExpr(String file, Node n, Ast.Expr e, Map<String, Node> byId) {
        List<String> chain = Evaluator.identChain(e);
        if (chain != null) {
            if (!Evaluator.isStdlibRoot(chain.getFirst())) {
                Node target = resolveNode(chain, byId);
                if (target == null) {
                    throw new ConfigException(file, e.pos(), missingMessage(chain));
                }
                n.dependencies.add(target);
                target.dependents.add(n);
            }
            return;
        }
        switch (e) {
            case Ast.Access a -> collectExpr(file, n, a.target(), byId);
            case Ast.Index ix -> {
                collectExpr(file, n, ix.target(), byId);
                collectExpr(file, n, ix.index(), byId);
            }
            case Ast.Call c -> {
                collectExpr(file, n, c.function(), byId);
                c.args().forEach(arg -> collectExpr(file, n, arg, byId));
            }
            case Ast.Unary u -> collectExpr(file, n, u.operand(), byId);
            case Ast.Binary b -> {
                collectExpr(file, n, b.left(), byId);
                collectExpr(file, n, b.right(), byId);
            }
            case Ast.ArrayLit a -> a.elements().forEach(x -> collectExpr(file, n, x, byId));
            case Ast.ObjectLit o -> o.fields().forEach(f -> collectExpr(file, n, f.value(), byId));
            case Ast.Paren p -> collectExpr(file, n, p.inner(), byId);
            case Ast.StringLit ignored -> {
            }
            case Ast.NumberLit ignored -> {
            }
            case Ast.BoolLit ignored -> {
            }
            case Ast.NullLit ignored -> {
            }
            case Ast.Ident ignored -> {
            }
        }
    }

    private static String missingMessage(List<String> chain) {
        if (chain.size() == 1) {
            return "identifier \"" + chain.getFirst() + "\" does not exist";
        }
        return "component \"" + String.join(".", chain.subList(0, chain.size() - 1)) + "\" does not exist or is out of scope";
    }

    /** The node named by the shortest prefix of {@code chain} that is a component ID, or null. */
    private static Node resolveNode(List<String> chain, Map<String, Node> byId) {
        StringBuilder sb = new StringBuilder(chain.getFirst());
        for (int i = 1; i < chain.size(); i++) {
            sb.append('.').append(chain.get(i));
            Node n = byId.get(sb.toString());
            if (n != null && n.def != null) {
                return n;
            }
        }
        return null;
    }

    /** Tarjan's strongly connected components; any component of size > 1 (or a self loop) is a cycle. */
    private static void checkCycles(String file, Map<String, Node> byId) {
        Map<Node, Integer> idx = new HashMap<>();
        Map<Node, Integer> low = new HashMap<>();
        Deque<Node> stack = new ArrayDeque<>();
        Set<Node> onStack = new LinkedHashSet<>();
        int[] counter = {0};
        for (Node n : byId.values()) {
            if (n.dependencies.contains(n)) {
                throw new ConfigException(file, n.block.pos(), "self reference: " + n.id);
            }
        }
        for (Node n : byId.values()) {
            if (!idx.containsKey(n)) {
                strongConnect(file, n, idx, low, stack, onStack, counter);
            }
        }
    }

    private static void strongConnect(String file, Node v, Map<Node, Integer> idx, Map<Node, Integer> low, Deque<Node> stack,
                                      Set<Node> onStack, int[] counter) {
        idx.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (Node w : v.dependencies) {
            if (!idx.containsKey(w)) {
                strongConnect(file, w, idx, low, stack, onStack, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), idx.get(w)));
            }
        }
        if (low.get(v).equals(idx.get(v))) {
            List<Node> scc = new ArrayList<>();
            Node w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(w);
            } while (w != v);
            if (scc.size() > 1) {
                scc.sort((a, b) -> Integer.compare(a.index, b.index));
                throw new ConfigException(file, scc.getFirst().block.pos(),
                        "cycle: " + String.join(", ", scc.stream().map(n -> n.id).toList()));
            }
        }
    }

    private static List<Node> topoOrder(Map<String, Node> byId) {
        List<Node> out = new ArrayList<>();
        Set<Node> done = new LinkedHashSet<>();
        for (Node n : byId.values()) {
            visit(n, done, out);
        }
        return out;
    }

    private static void visit(Node n, Set<Node> done, List<Node> out) {
        if (done.contains(n)) {
            return;
        }
        done.add(n);
        for (Node d : n.dependencies) {
            visit(d, done, out);
        }
        out.add(n);
    }

    private Args evaluate(Node n, Schema schema) {
        Evaluator ev = new Evaluator(file, (chain, pos) -> resolveValue(chain, pos));
        return new Decoder(file, ev).decode(n.block.body(), n.block.pos(), schema);
    }

    private Value resolveValue(List<String> chain, Pos pos) {
        Node target = resolveNode(chain, byId);
        if (target == null) {
            throw new ConfigException(file, pos, missingMessage(chain));
        }
        int used = target.id.split("\\.").length;
        Value v = target.exports;
        for (int i = used; i < chain.size(); i++) {
            if (!(v instanceof Value.Obj o) || !o.fields().containsKey(chain.get(i))) {
                throw new ConfigException(file, pos, "field \"" + chain.get(i) + "\" does not exist");
            }
            v = o.fields().get(chain.get(i));
        }
        return v;
    }

    private void build(Node n) {
        if (n.def == null) {
            configureLogging(evaluate(n, loggingSchema()));
            return;
        }
        Args args = evaluate(n, n.def.schema().get());
        ComponentContext ctx = new ComponentContext(n.id, options.storagePath().resolve(n.id), options.metrics(), options.log(),
                () -> exportsChanged(n), options.experimental());
        Component c = n.def.factory().apply(ctx);
        try {
            c.update(args);
        } catch (RuntimeException e) {
            c.close();
            throw new ConfigException(file, n.block.pos(), "Failed to build component: " + message(e));
        }
        n.component = c;
        n.exports = c.exports();
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    static Schema loggingSchema() {
        return Schema.builder()
                .optional("level", Schema.Type.STRING, "info")
                .optional("format", Schema.Type.STRING, "logfmt")
                .optional("destination", Schema.Type.STRING, "stderr")
                .optional("write_to", Schema.Type.RECEIVERS)
                .build();
    }

    private void configureLogging(Args a) {
        AgentLog.Level level = switch (a.string("level")) {
            case "debug" -> AgentLog.Level.DEBUG;
            case "info" -> AgentLog.Level.INFO;
            case "warn" -> AgentLog.Level.WARN;
            case "error" -> AgentLog.Level.ERROR;
            default -> throw new ConfigException(file, a.pos(), "unrecognized log level \"" + a.string("level") + "\"");
        };
        String format = a.string("format");
        if (!format.equals("logfmt") && !format.equals("json")) {
            throw new ConfigException(file, a.pos(), "unrecognized log format \"" + format + "\"");
        }
        List<LogsReceiver> writeTo = a.receivers("write_to");
        options.log().configure(level, format.equals("json"), writeTo);
    }

    /** Called by a component (any thread) when its exports changed; dependents are re-evaluated in order. */
    private void exportsChanged(Node n) {
        if (closed) {
            return;
        }
        updates.execute(() -> {
            if (closed || n.component == null) {
                return;
            }
            n.exports = n.component.exports();
            Set<Node> dirty = new LinkedHashSet<>();
            collectDependents(n, dirty);
            for (Node d : order) {
                if (!dirty.contains(d) || closed) {
                    continue;
                }
                try {
                    if (d.def == null) {
                        configureLogging(evaluate(d, loggingSchema()));
                    } else {
                        d.component.update(evaluate(d, d.def.schema().get()));
                        d.exports = d.component.exports();
                    }
                    d.evalError = null;
                } catch (RuntimeException e) {
                    d.evalError = message(e);
                    options.log().error("failed to evaluate component", "component_id", d.id, "err", message(e));
                }
            }
        });
    }

    private static void collectDependents(Node n, Set<Node> out) {
        for (Node d : n.dependents) {
            if (out.add(d)) {
                collectDependents(d, out);
            }
        }
    }

    /** Starts every component, in dependency order (consumers are built before producers start sending). */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (Node n : order) {
            if (n.component != null) {
                n.component.start();
            }
        }
        options.log().info("finished complete graph evaluation", "components", Integer.toString(order.size()));
    }

    /** Stops components in reverse order: sources first, writers last (so they can flush). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        updates.shutdown();
        try {
            updates.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // `order` lists dependencies first (writers before the sources that forward to them), so the
        // reverse stops sources first and writers last, letting writers drain what was read.
        List<Node> reversed = new ArrayList<>(order);
        java.util.Collections.reverse(reversed);
        for (Node n : reversed) {
            if (n.component != null) {
                try {
                    n.component.close();
                } catch (RuntimeException e) {
                    options.log().error("failed to stop component", "component_id", n.id, "err", message(e));
                }
            }
        }
        for (Node n : reversed) {
            if (n.component != null) {
                try {
                    n.component.afterGraphClosed();
                } catch (RuntimeException e) {
                    options.log().error("failed to finish stopping component", "component_id", n.id, "err", message(e));
                }
            }
        }
        options.log().configure(AgentLog.Level.INFO, false, List.of());
    }

    public List<Node> nodes() {
        return List.copyOf(order);
    }

    public Node node(String id) {
        return byId.get(id);
    }

    public String file() {
        return file;
    }

    /** Components whose health is not healthy, for {@code /-/healthy}. */
    public List<String> unhealthy() {
        List<String> out = new ArrayList<>();
        for (Node n : order) {
            if (n.health().state() != Component.Health.State.HEALTHY) {
                out.add(n.id);
            }
        }
        return out;
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
