package dev.plg.agent.eval;

import static java.util.Objects.requireNonNull;

import dev.plg.agent.syntax.Ast.Access;
import dev.plg.agent.syntax.Ast.ArrayLit;
import dev.plg.agent.syntax.Ast.Binary;
import dev.plg.agent.syntax.Ast.BoolLit;
import dev.plg.agent.syntax.Ast.Call;
import dev.plg.agent.syntax.Ast.Expr;
import dev.plg.agent.syntax.Ast.Field;
import dev.plg.agent.syntax.Ast.Ident;
import dev.plg.agent.syntax.Ast.Index;
import dev.plg.agent.syntax.Ast.NullLit;
import dev.plg.agent.syntax.Ast.NumberLit;
import dev.plg.agent.syntax.Ast.ObjectLit;
import dev.plg.agent.syntax.Ast.Paren;
import dev.plg.agent.syntax.Ast.StringLit;
import dev.plg.agent.syntax.Ast.Unary;
import dev.plg.agent.syntax.ConfigException;
import dev.plg.agent.syntax.Pos;
import dev.plg.agent.syntax.Token.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates expressions of one config file. Identifier chains whose root is not a standard-library
 * name are component references, resolved by {@link References}. Errors carry the expression's place.
 */
public final class Evaluator {

    /** Resolves {@code a.b.c.d} (a component ID prefix plus export fields) to a value. */
    @FunctionalInterface
    public interface References {
        Value resolve(List<String> chain, Pos pos);
    }

    private final String file;
    private final References references;

    public Evaluator(String file, References references) {
        this.file = requireNonNull(file, "file is null");
        this.references = requireNonNull(references, "references is null");
    }

    /** The identifier chain of {@code a.b.c}, or null if the expression is not a pure chain. */
    public static List<String> identChain(Expr e) {
        List<String> out = new ArrayList<>();
        Expr cur = e;
        while (cur instanceof Access a) {
            out.addFirst(a.name());
            cur = a.target();
        }
        if (cur instanceof Ident id) {
            out.addFirst(id.name());
            return out;
        }
        return null;
    }

    /** True when {@code name} is a root identifier of the standard library. */
    public static boolean isStdlibRoot(String name) {
        return Stdlib.ROOT.containsKey(name);
    }

    private ConfigException error(Pos pos, String msg) {
        return new ConfigException(file, pos, msg);
    }

    public Value eval(Expr e) {
        return switch (e) {
            case StringLit s -> Value.of(s.value());
            case NumberLit n -> number(n);
            case BoolLit b -> Value.of(b.value());
            case NullLit ignored -> Value.NULL;
            case Paren p -> eval(p.inner());
            case Ident id -> {
                Value v = Stdlib.ROOT.get(id.name());
                if (v != null) {
                    yield v;
                }
                yield references.resolve(List.of(id.name()), id.pos());
            }
            case Access a -> {
                List<String> chain = identChain(a);
                if (chain != null && !isStdlibRoot(chain.getFirst())) {
                    yield references.resolve(chain, a.pos());
                }
                yield field(eval(a.target()), a.name(), a.pos());
            }
            case Index ix -> index(eval(ix.target()), eval(ix.index()), ix.pos());
            case Call c -> {
                Value fn = eval(c.function());
                if (!(fn instanceof Value.Func f)) {
                    throw error(c.pos(), "cannot call non-function value of type " + fn.typeName());
                }
                List<Value> args = new ArrayList<>(c.args().size());
                for (Expr arg : c.args()) {
                    args.add(eval(arg));
                }
                try {
                    yield f.impl().call(args);
                } catch (EvalException ex) {
                    throw error(c.pos(), ex.getMessage());
                }
            }
            case Unary u -> unary(u);
            case Binary b -> binary(b);
            case ArrayLit a -> {
                List<Value> vs = new ArrayList<>(a.elements().size());
                for (Expr el : a.elements()) {
                    vs.add(eval(el));
                }
                yield new Value.Array(vs);
            }
            case ObjectLit o -> {
                Map<String, Value> m = new LinkedHashMap<>();
                for (Field f : o.fields()) {
                    m.put(f.key(), eval(f.value()));
                }
                yield new Value.Obj(m);
            }
        };
    }

    private Value number(NumberLit n) {
        String t = n.text();
        if (!n.isFloat()) {
            try {
                // Go ParseInt(s, 0, 64): a leading 0 means octal, so 010 == 8.
                if (t.length() > 1 && t.startsWith("0")) {
                    return Value.of(Long.parseLong(t.substring(1), 8));
                }
                return Value.of(Long.parseLong(t));
            } catch (NumberFormatException ignored) {
                // falls through: 09 becomes the float 9
            }
        }
        return Value.of(Double.parseDouble(t));
    }

    /** {@code value.name}: only objects have fields. */
    public Value field(Value target, String name, Pos pos) {
        if (target instanceof Value.Obj o) {
            Value v = o.fields().get(name);
            if (v == null) {
                throw error(pos, "field \"" + name + "\" does not exist");
            }
            return v;
        }
        throw error(pos, "cannot access field \"" + name + "\" on value of type " + target.typeName());
    }

    private Value index(Value target, Value idx, Pos pos) {
        if (target instanceof Value.Array a) {
            if (!(idx instanceof Value.Num n)) {
                throw error(pos, "expected number, got " + idx.typeName());
            }
            long k = n.integral() ? n.longValue() : (long) n.doubleValue();
            if (k < 0 || k >= a.elements().size()) {
                throw error(pos, "index " + k + " is out of range of array with length " + a.elements().size());
            }
            return a.elements().get((int) k);
        }
        if (target instanceof Value.Obj o) {
            if (!(idx instanceof Value.Str s)) {
                throw error(pos, "expected string, got " + idx.typeName());
            }
            Value v = o.fields().get(s.value());
            return v == null ? Value.NULL : v;
        }
        throw error(pos, "expected object or array, got " + target.typeName());
    }

    private Value unary(Unary u) {
        Value v = eval(u.operand());
        if (u.op() == Kind.NOT) {
            if (v instanceof Value.Bool b) {
                return Value.of(!b.value());
            }
            throw error(u.pos(), "should be one of [bool] for unary !, got " + v.typeName());
        }
        if (v instanceof Value.Num n) {
            return n.integral() ? Value.of(-n.longValue()) : Value.of(-n.doubleValue());
        }
        throw error(u.pos(), "should be one of [number] for unary -, got " + v.typeName());
    }

    private Value binary(Binary b) {
        Value l = eval(b.left());
        Value r = eval(b.right());
        Kind op = b.op();
        switch (op) {
            case EQ -> {
                return Value.of(l.equals(r));
            }
            case NEQ -> {
                return Value.of(!l.equals(r));
            }
            case OR, AND -> {
                if (!(l instanceof Value.Bool lb) || !(r instanceof Value.Bool rb)) {
                    throw error(b.pos(), "should be one of [bool] for binop " + op + ", got " + l.typeName() + " and " + r.typeName());
                }
                return Value.of(op == Kind.OR ? lb.value() || rb.value() : lb.value() && rb.value());
            }
            case LT, LTE, GT, GTE -> {
                int c;
                if (l instanceof Value.Num ln && r instanceof Value.Num rn) {
                    c = ln.integral() && rn.integral() ? Long.compare(ln.longValue(), rn.longValue())
                            : Double.compare(ln.doubleValue(), rn.doubleValue());
                } else if (l instanceof Value.Str ls && r instanceof Value.Str rs) {
                    c = ls.value().compareTo(rs.value());
                } else {
                    throw error(b.pos(), "should be one of [number string] for binop " + op + ", got " + l.typeName());
                }
                return Value.of(switch (op) {
                    case LT -> c < 0;
                    case LTE -> c <= 0;
                    case GT -> c > 0;
                    default -> c >= 0;
                });
            }
            case ADD -> {
                if (l instanceof Value.Str ls && r instanceof Value.Str rs) {
                    return Value.of(ls.value() + rs.value());
                }
                return arith(b, l, r);
            }
            default -> {
                return arith(b, l, r);
            }
        }
    }

    private Value arith(Binary b, Value l, Value r) {
        if (!(l instanceof Value.Num ln) || !(r instanceof Value.Num rn)) {
            throw error(b.pos(), "should be one of [number] for binop " + b.op() + ", got " + l.typeName() + " and " + r.typeName());
        }
        boolean ints = ln.integral() && rn.integral();
        switch (b.op()) {
            case ADD -> {
                return ints ? Value.of(ln.longValue() + rn.longValue()) : Value.of(ln.doubleValue() + rn.doubleValue());
            }
            case SUB -> {
                return ints ? Value.of(ln.longValue() - rn.longValue()) : Value.of(ln.doubleValue() - rn.doubleValue());
            }
            case MUL -> {
                return ints ? Value.of(ln.longValue() * rn.longValue()) : Value.of(ln.doubleValue() * rn.doubleValue());
            }
            case DIV, MOD -> {
                if (rn.doubleValue() == 0) {
                    throw error(b.pos(), "divide by zero");
                }
                if (b.op() == Kind.MOD) {
                    return ints ? Value.of(ln.longValue() % rn.longValue()) : Value.of(ln.doubleValue() % rn.doubleValue());
                }
                return ints ? Value.of(ln.longValue() / rn.longValue()) : Value.of(ln.doubleValue() / rn.doubleValue());
            }
            case POW -> {
                if (ints && rn.longValue() >= 0) {
                    long res = 1;
                    for (long k = 0; k < rn.longValue(); k++) {
                        res *= ln.longValue();
                    }
                    return Value.of(res);
                }
                return Value.of(Math.pow(ln.doubleValue(), rn.doubleValue()));
            }
            default -> throw error(b.pos(), "unsupported operator " + b.op());
        }
    }
}
