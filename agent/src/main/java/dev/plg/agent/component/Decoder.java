package dev.plg.agent.component;

import dev.plg.agent.eval.Durations;
import dev.plg.agent.eval.EvalException;
import dev.plg.agent.eval.Evaluator;
import dev.plg.agent.eval.Sizes;
import dev.plg.agent.eval.Stdlib;
import dev.plg.agent.eval.Value;
import dev.plg.agent.model.LogsReceiver;
import dev.plg.agent.syntax.Ast;
import dev.plg.agent.syntax.ConfigException;
import dev.plg.agent.syntax.Pos;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decodes a block body against a {@link Schema}, with Alloy's messages for schema violations. */
public final class Decoder {
    private final String file;
    private final Evaluator evaluator;

    public Decoder(String file, Evaluator evaluator) {
        this.file = file;
        this.evaluator = evaluator;
    }

    private ConfigException error(Pos pos, String msg) {
        return new ConfigException(file, pos, msg);
    }

    public Args decode(Ast.Body body, Pos blockPos, Schema schema) {
        Map<String, Object> values = new HashMap<>();
        Set<String> explicit = new HashSet<>();
        List<Args.Nested> blocks = new ArrayList<>();
        Map<String, Integer> blockCounts = new HashMap<>();
        for (Ast.Stmt stmt : body.stmts()) {
            switch (stmt) {
                case Ast.Attribute a -> {
                    Schema.Attr spec = schema.attr(a.name());
                    if (spec == null) {
                        if (schema.block(a.name()) != null) {
                            throw error(a.pos(), "\"" + a.name() + "\" must be a block, but is used as an attribute");
                        }
                        throw error(a.pos(), "unrecognized attribute name \"" + a.name() + "\"");
                    }
                    if (!explicit.add(a.name())) {
                        throw error(a.pos(), "attribute \"" + a.name() + "\" may only be provided once");
                    }
                    Value v = evaluator.eval(a.value());
                    try {
                        values.put(a.name(), convert(v, spec.type()));
                    } catch (EvalException e) {
                        throw error(a.value().pos(), e.getMessage());
                    }
                }
                case Ast.Block b -> {
                    String name = b.name();
                    Schema.BlockSpec spec = schema.block(name);
                    if (spec == null) {
                        if (schema.attr(name) != null) {
                            throw error(b.pos(), "\"" + name + "\" must be an attribute, but is used as a block");
                        }
                        throw error(b.pos(), "unrecognized block name \"" + name + "\"");
                    }
                    if (b.label() != null) {
                        throw error(b.labelPos(), "block \"" + name + "\" does not support specifying labels");
                    }
                    int n = blockCounts.merge(name, 1, Integer::sum);
                    if (n > 1 && !spec.multiple()) {
                        throw error(b.pos(), "block \"" + name + "\" may only be specified once");
                    }
                    blocks.add(new Args.Nested(name, decode(b.body(), b.pos(), spec.schema().get())));
                }
            }
        }
        for (Schema.Attr attr : schema.attrs()) {
            if (!explicit.contains(attr.name())) {
                if (attr.required()) {
                    throw error(blockPos, "missing required attribute \"" + attr.name() + "\"");
                }
                if (attr.defaultValue() != null) {
                    values.put(attr.name(), attr.defaultValue());
                }
            }
        }
        for (Schema.BlockSpec bs : schema.blocks()) {
            if (bs.required() && !blockCounts.containsKey(bs.name())) {
                throw error(blockPos, "missing required block \"" + bs.name() + "\"");
            }
        }
        return new Args(blockPos, values, explicit, blocks);
    }

    static String typeError(String expected, Value v) {
        return "expected " + expected + ", got " + v.typeName();
    }

    /** Converts a value to the Java representation of {@code type}, or throws {@link EvalException}. */
    public static Object convert(Value v, Schema.Type type) {
        return switch (type) {
            case STRING -> string(v);
            case SECRET -> {
                if (v instanceof Value.Capsule c && c.value() instanceof Stdlib.Secret s) {
                    yield s;
                }
                yield new Stdlib.Secret(string(v));
            }
            case INT -> {
                if (v instanceof Value.Num n) {
                    if (!n.integral() && n.doubleValue() != Math.rint(n.doubleValue())) {
                        throw new EvalException("expected int, got float " + n.text());
                    }
                    yield n.integral() ? n.longValue() : (long) n.doubleValue();
                }
                if (v instanceof Value.Str s) {
                    try {
                        yield Long.parseLong(s.value().trim());
                    } catch (NumberFormatException e) {
                        throw new EvalException("cannot convert \"" + s.value() + "\" to number");
                    }
                }
                throw new EvalException(typeError("number", v));
            }
            case FLOAT -> {
                if (v instanceof Value.Num n) {
                    yield n.doubleValue();
                }
                if (v instanceof Value.Str s) {
                    try {
                        yield Double.parseDouble(s.value().trim());
                    } catch (NumberFormatException e) {
                        throw new EvalException("cannot convert \"" + s.value() + "\" to number");
                    }
                }
                throw new EvalException(typeError("number", v));
            }
            case BOOL -> {
                if (v instanceof Value.Bool b) {
                    yield b.value();
                }
                throw new EvalException(typeError("bool", v));
            }
            case DURATION -> Durations.parse(string(v));
            case SIZE -> Sizes.parse(string(v));
            case MAP_STRING -> {
                if (!(v instanceof Value.Obj o)) {
                    throw new EvalException(typeError("object", v));
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (Map.Entry<String, Value> e : o.fields().entrySet()) {
                    m.put(e.getKey(), string(e.getValue()));
                }
                yield java.util.Collections.unmodifiableMap(m);
            }
            case LIST_STRING -> {
                if (!(v instanceof Value.Array a)) {
                    throw new EvalException(typeError("array", v));
                }
                List<String> out = new ArrayList<>();
                for (Value e : a.elements()) {
                    out.add(string(e));
                }
                yield List.copyOf(out);
            }
            case LIST_FLOAT -> {
                if (!(v instanceof Value.Array a)) {
                    throw new EvalException(typeError("array", v));
                }
                List<Double> out = new ArrayList<>();
                for (Value e : a.elements()) {
                    out.add((Double) convert(e, Schema.Type.FLOAT));
                }
                yield List.copyOf(out);
            }
            case TARGETS -> {
                if (!(v instanceof Value.Array a)) {
                    throw new EvalException(typeError("array", v));
                }
                List<Map<String, String>> out = new ArrayList<>();
                for (Value e : a.elements()) {
                    @SuppressWarnings("unchecked")
                    Map<String, String> m = (Map<String, String>) convert(e, Schema.Type.MAP_STRING);
                    out.add(m);
                }
                yield List.copyOf(out);
            }
            case RECEIVERS -> {
                if (!(v instanceof Value.Array a)) {
                    throw new EvalException(typeError("array", v));
                }
                List<LogsReceiver> out = new ArrayList<>();
                for (Value e : a.elements()) {
                    if (e instanceof Value.Capsule c && c.value() instanceof LogsReceiver r) {
                        out.add(r);
                    } else {
                        throw new EvalException(typeError("capsule(\"loki.LogsReceiver\")", e));
                    }
                }
                yield List.copyOf(out);
            }
            case RULES -> {
                if (v instanceof Value.Capsule c && c.value() instanceof Relabel.Rules r) {
                    yield r;
                }
                if (v instanceof Value.Obj o && o.fields().isEmpty() || v instanceof Value.Array a && a.elements().isEmpty()
                        || v instanceof Value.Null) {
                    yield new Relabel.Rules(List.of());
                }
                throw new EvalException(typeError("capsule(\"relabel.Rules\")", v));
            }
            case MAP_LIST_STRING -> {
                if (!(v instanceof Value.Obj o)) {
                    throw new EvalException(typeError("object", v));
                }
                Map<String, List<String>> m = new LinkedHashMap<>();
                for (Map.Entry<String, Value> e : o.fields().entrySet()) {
                    @SuppressWarnings("unchecked")
                    List<String> l = (List<String>) convert(e.getValue(), Schema.Type.LIST_STRING);
                    m.put(e.getKey(), l);
                }
                yield m;
            }
            case ANY -> v;
        };
    }

    static String string(Value v) {
        if (v instanceof Value.Str s) {
            return s.value();
        }
        if (v instanceof Value.Num n) {
            return n.text();
        }
        if (v instanceof Value.Capsule c && c.value() instanceof Stdlib.Secret) {
            throw new EvalException("expected string, got secret");
        }
        throw new EvalException(typeError("string", v));
    }
}
