package dev.plg.template;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One execution of a template ({@code text/template/exec.go}): variables, dot, the output and the error node. */
final class Exec {
    /** "No value was piped in" (Go's {@code missingVal}). */
    private static final Object MISSING = new Object();
    private static final int NORMAL = 0;
    private static final int BREAK = 1;
    private static final int CONTINUE = 2;

    private final Template tmpl;
    private final Object env;
    private final StringBuilder out;
    /** Variables above {@code $} (which is {@link #root}); allocated on the first declaration. */
    private String[] vnames;
    private Object[] vvals;
    private int vn;
    private Object root;
    private Node at;

    Exec(Template tmpl, Object env, StringBuilder out) {
        this.tmpl = tmpl;
        this.env = env;
        this.out = out;
    }

    void run(Object data, Node[] nodes) {
        root = data;
        walk(data, nodes);
    }

    // ------------------------------------------------------------------ errors

    private TemplateException errorf(String msg) {
        String name = tmpl.name();
        if (at == null) {
            return new TemplateException("template: " + name + ": " + msg);
        }
        String text = tmpl.text();
        int pos = Math.min(at.pos(), text.length());
        int nl = text.lastIndexOf('\n', pos - 1);
        int line = 1;
        for (int i = 0; i < pos; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        int col = text.substring(nl + 1, pos).getBytes(StandardCharsets.UTF_8).length;
        String context = at.toString();
        if (context.length() > 20) {
            context = context.substring(0, 20) + "...";
        }
        return new TemplateException("template: " + name + ":" + line + ":" + col + ": executing " + GoFmt.quote(name)
                + " at <" + context + ">: " + msg);
    }

    // ------------------------------------------------------------------ variables

    private void push(String name, Object value) {
        if (vnames == null) {
            vnames = new String[4];
            vvals = new Object[4];
        } else if (vn == vnames.length) {
            vnames = java.util.Arrays.copyOf(vnames, vn * 2);
            vvals = java.util.Arrays.copyOf(vvals, vn * 2);
        }
        vnames[vn] = name;
        vvals[vn++] = value;
    }

    private void setVar(String name, Object value) {
        for (int i = vn - 1; i >= 0; i--) {
            if (vnames[i].equals(name)) {
                vvals[i] = value;
                return;
            }
        }
        if (name.equals("$")) {
            root = value;
            return;
        }
        throw errorf("undefined variable: " + name);
    }

    private Object varValue(String name) {
        for (int i = vn - 1; i >= 0; i--) {
            if (vnames[i].equals(name)) {
                return vvals[i];
            }
        }
        if (name.equals("$")) {
            return root;
        }
        throw errorf("undefined variable: " + name);
    }

    // ------------------------------------------------------------------ walk

    private int walk(Object dot, Node[] list) {
        for (Node n : list) {
            int st = walk(dot, n);
            if (st != NORMAL) {
                return st;
            }
        }
        return NORMAL;
    }

    private int walk(Object dot, Node node) {
        switch (node) {
            case Node.Text t -> out.append(t.text());
            case Node.Action a -> {
                Object val = evalPipeline(dot, a.pipe());
                if (a.pipe().decl().length == 0) {
                    at = a;
                    if (val == null) {
                        out.append("<no value>");
                    } else if (val instanceof String s) {
                        out.append(s);
                    } else {
                        GoFmt.appendValue(out, val);
                    }
                }
            }
            case Node.Branch b -> {
                if (b.kind().equals("range")) {
                    return walkRange(dot, b);
                }
                int mark = vn;
                try {
                    Object val = evalPipeline(dot, b.pipe());
                    if (Values.truth(val)) {
                        return walk(b.kind().equals("with") ? val : dot, b.list());
                    } else if (b.elseList() != null) {
                        return walk(dot, b.elseList());
                    }
                } finally {
                    vn = mark;
                }
            }
            case Node.Break br -> {
                return BREAK;
            }
            case Node.Continue c -> {
                return CONTINUE;
            }
            default -> throw errorf("unknown node: " + node);
        }
        return NORMAL;
    }

    private int walkRange(Object dot, Node.Branch r) {
        at = r;
        int mark = vn;
        try {
            Object val = evalPipeline(dot, r.pipe());
            int mark2 = vn;
            boolean any = false;
            switch (val) {
                case null -> {
                }
                case List<?> l -> {
                    for (int i = 0; i < l.size(); i++) {
                        any = true;
                        if (oneIteration(r, (long) i, l.get(i), mark2) == BREAK) {
                            break;
                        }
                    }
                }
                case Object[] arr -> {
                    for (int i = 0; i < arr.length; i++) {
                        any = true;
                        if (oneIteration(r, (long) i, arr[i], mark2) == BREAK) {
                            break;
                        }
                    }
                }
                case Map<?, ?> m -> {
                    for (Map.Entry<?, ?> e : GoFmt.sorted(m).entrySet()) {
                        any = true;
                        if (oneIteration(r, e.getKey(), e.getValue(), mark2) == BREAK) {
                            break;
                        }
                    }
                }
                case Long n -> any = rangeInt(r, n, mark2);
                case Integer n -> any = rangeInt(r, n, mark2);
                default -> {
                    throw errorf("range can't iterate over " + GoFmt.toString(val));
                }
            }
            if (!any && r.elseList() != null) {
                return walk(dot, r.elseList());
            }
            return NORMAL;
        } finally {
            vn = mark;
        }
    }

    private boolean rangeInt(Node.Branch r, long n, int mark) {
        if (r.pipe().decl().length > 1) {
            throw errorf("can't use " + n + " to iterate over more than one variable");
        }
        for (long i = 0; i < n; i++) {
            if (oneIteration(r, i, i, mark) == BREAK) {
                break;
            }
        }
        return n > 0;
    }

    private int oneIteration(Node.Branch r, Object index, Object elem, int mark) {
        Node.Pipe p = r.pipe();
        String[] decl = p.decl();
        if (decl.length > 0) {
            if (p.assign()) {
                setVar(decl[0], decl.length > 1 ? index : elem);
            } else {
                vvals[vn - 1] = elem;
            }
        }
        if (decl.length > 1) {
            if (p.assign()) {
                setVar(decl[1], elem);
            } else {
                vvals[vn - 2] = index;
            }
        }
        try {
            return walk(elem, r.list());
        } finally {
            vn = mark;
        }
    }

    // ------------------------------------------------------------------ evaluation

    private Object evalPipeline(Object dot, Node.Pipe pipe) {
        at = pipe;
        Object value = MISSING;
        for (Node.Command cmd : pipe.cmds()) {
            value = evalCommand(dot, cmd, value);
        }
        for (String v : pipe.decl()) {
            if (pipe.assign()) {
                setVar(v, value);
            } else {
                push(v, value);
            }
        }
        return value;
    }

    private void notAFunction(Node[] args, Object fin) {
        if (args.length > 1 || fin != MISSING) {
            throw errorf("can't give argument to non-function " + args[0]);
        }
    }

    private Object evalCommand(Object dot, Node.Command cmd, Object fin) {
        Node first = cmd.args()[0];
        switch (first) {
            case Node.Field f -> {
                return evalFieldNode(dot, f, cmd.args(), fin);
            }
            case Node.Chain c -> {
                return evalChainNode(dot, c, cmd.args(), fin);
            }
            case Node.Identifier id -> {
                return evalFunction(dot, id, cmd, cmd.args(), fin);
            }
            case Node.Pipe p -> {
                notAFunction(cmd.args(), fin);
                return evalPipeline(dot, p);
            }
            case Node.Variable v -> {
                return evalVariableNode(dot, v, cmd.args(), fin);
            }
            default -> {
            }
        }
        at = first;
        notAFunction(cmd.args(), fin);
        return switch (first) {
            case Node.Bool b -> b.value();
            case Node.Dot d -> dot;
            case Node.Nil n -> throw errorf("nil is not a command");
            case Node.Number n -> n.value();
            case Node.Str s -> s.text();
            default -> throw errorf("can't evaluate command " + GoFmt.quote(first.toString()));
        };
    }

    private Object evalFieldNode(Object dot, Node.Field field, Node[] args, Object fin) {
        at = field;
        return evalFieldChain(dot, field, field.idents(), 0, args, fin);
    }

    private Object evalChainNode(Object dot, Node.Chain chain, Node[] args, Object fin) {
        at = chain;
        if (chain.node() instanceof Node.Nil) {
            throw errorf("indirection through explicit nil in " + chain);
        }
        Object pipe = evalArg(dot, Functions.Type.ANY, chain.node());
        return evalFieldChain(pipe, chain, chain.fields(), 0, args, fin);
    }

    private Object evalVariableNode(Object dot, Node.Variable v, Node[] args, Object fin) {
        at = v;
        Object value = varValue(v.idents()[0]);
        if (v.idents().length == 1) {
            if (args != null) {
                notAFunction(args, fin);
            }
            return value;
        }
        return evalFieldChain(value, v, v.idents(), 1, args, fin);
    }

    private Object evalFieldChain(Object receiver, Node node, String[] idents, int from, Node[] args, Object fin) {
        int n = idents.length;
        for (int i = from; i < n - 1; i++) {
            receiver = evalField(idents[i], node, null, MISSING, receiver);
        }
        return evalField(idents[n - 1], node, args, fin, receiver);
    }

    private Object evalField(String fieldName, Node node, Node[] args, Object fin, Object receiver) {
        if (receiver == null) {
            if (tmpl.options().missingKey() == Template.MissingKey.ERROR) {
                at = node;
                throw errorf("nil data; no entry for key " + GoFmt.quote(fieldName));
            }
            return null;
        }
        if (receiver instanceof Map<?, ?> m) {
            boolean hasArgs = (args != null && args.length > 1) || fin != MISSING;
            if (hasArgs) {
                at = node;
                throw errorf(fieldName + " is not a method but has arguments");
            }
            Object v = m.get(fieldName);
            if (v == null && !m.containsKey(fieldName)) {
                switch (tmpl.options().missingKey()) {
                    case INVALID -> {
                    }
                    case ZERO -> v = tmpl.options().zero();
                    case ERROR -> {
                        at = node;
                        throw errorf("map has no entry for key " + GoFmt.quote(fieldName));
                    }
                }
            }
            return v;
        }
        at = node;
        throw errorf("can't evaluate field " + fieldName + " in type " + GoFmt.typeName(receiver));
    }

    private Object evalFunction(Object dot, Node.Identifier id, Node cmd, Node[] args, Object fin) {
        at = id;
        return evalCall(dot, id.def(), cmd, id.name(), args, fin);
    }

    private Object evalCall(Object dot, Functions.Def def, Node node, String name, Node[] args, Object fin) {
        int nArgs = args == null ? 0 : args.length - 1;
        int numIn = nArgs + (fin != MISSING ? 1 : 0);
        int params = def.params().size();
        if (def.variadic()) {
            if (numIn < params - 1) {
                throw errorf("wrong number of args for " + name + ": want at least " + (params - 1) + " got " + nArgs);
            }
        } else if (numIn != params) {
            throw errorf("wrong number of args for " + name + ": want " + params + " got " + numIn);
        }
        if (def == Builtins.AND || def == Builtins.OR) {
            boolean or = def == Builtins.OR;
            Object v = null;
            for (int i = 1; i <= nArgs; i++) {
                v = evalArg(dot, Functions.Type.ANY, args[i]);
                if (Values.truth(v) == or) {
                    return v;
                }
            }
            if (fin != MISSING) {
                v = fin;
            }
            return v;
        }
        Object[] argv = new Object[numIn];
        for (int i = 0; i < nArgs; i++) {
            argv[i] = evalArg(dot, def.type(i), args[i + 1]);
        }
        if (fin != MISSING) {
            argv[numIn - 1] = validateType(fin, def.type(numIn - 1));
        }
        try {
            if (def == Builtins.INDEX) {
                return Builtins.index(argv[0], java.util.Arrays.copyOfRange(argv, 1, argv.length), tmpl.options().zero());
            }
            return def.fn().call(env, argv);
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            at = node;
            String msg = e instanceof FunctionException ? e.getMessage()
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw errorf("error calling " + name + ": " + msg);
        }
    }

    private Object evalArg(Object dot, Functions.Type typ, Node n) {
        at = n;
        switch (n) {
            case Node.Dot d -> {
                return validateType(dot, typ);
            }
            case Node.Nil nil -> {
                if (typ == Functions.Type.ANY) {
                    return null;
                }
                throw errorf("cannot assign nil to " + typ.goName());
            }
            case Node.Field f -> {
                return validateType(evalFieldNode(dot, f, null, MISSING), typ);
            }
            case Node.Variable v -> {
                return validateType(evalVariableNode(dot, v, null, MISSING), typ);
            }
            case Node.Pipe p -> {
                return validateType(evalPipeline(dot, p), typ);
            }
            case Node.Identifier id -> {
                return validateType(evalFunction(dot, id, id, null, MISSING), typ);
            }
            case Node.Chain c -> {
                return validateType(evalChainNode(dot, c, null, MISSING), typ);
            }
            default -> {
            }
        }
        switch (typ) {
            case BOOL -> {
                if (n instanceof Node.Bool b) {
                    return b.value();
                }
                throw errorf("expected bool; found " + n);
            }
            case STRING -> {
                if (n instanceof Node.Str s) {
                    return s.text();
                }
                throw errorf("expected string; found " + n);
            }
            case INT -> {
                if (n instanceof Node.Number num && num.asInt() != null) {
                    return num.asInt();
                }
                throw errorf("expected integer; found " + n);
            }
            case FLOAT64 -> {
                if (n instanceof Node.Number num && num.asFloat() != null) {
                    return num.asFloat();
                }
                throw errorf("expected float; found " + n);
            }
            default -> {
                return switch (n) {
                    case Node.Bool b -> b.value();
                    case Node.Number num -> num.value();
                    case Node.Str s -> s.text();
                    default -> throw errorf("can't handle " + n + " for arg of type " + typ.goName());
                };
            }
        }
    }

    private Object validateType(Object value, Functions.Type typ) {
        if (typ == Functions.Type.ANY) {
            return value;
        }
        if (value == null) {
            throw errorf("invalid value; expected " + typ.goName());
        }
        switch (typ) {
            case STRING -> {
                if (value instanceof String) {
                    return value;
                }
            }
            case INT -> {
                if (value instanceof Long) {
                    return value;
                }
                if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    return ((Number) value).longValue();
                }
            }
            case FLOAT64 -> {
                if (value instanceof Double) {
                    return value;
                }
                if (value instanceof Float f) {
                    return (double) f;
                }
            }
            case BOOL -> {
                if (value instanceof Boolean) {
                    return value;
                }
            }
            default -> {
            }
        }
        throw errorf("wrong type for value; expected " + typ.goName() + "; got " + GoFmt.typeName(value));
    }
}
