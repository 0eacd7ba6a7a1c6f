package dev.plg.logql.pipeline.impl;

import dev.plg.logql.syntax.GoText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Go {@code text/template} subset sufficient for Loki's {@code line_format} / {@code label_format}:
 * text and actions with trim markers, fields of the label map ({@code .name}, missing keys are empty),
 * variables, pipelines, parenthesized commands, {@code if/else if/else}, {@code with}, {@code range},
 * Go's builtins and Loki's / sprig's functions ({@link TemplateFunctions}). Immutable and thread-safe.
 */
final class GoTemplate {
    /** An execution error (becomes {@code __error__=TemplateFormatErr}). */
    static final class ExecException extends Exception {
        ExecException(String m) {
            super(m);
        }
    }

    /** Per-execution context: the label map, the current line and timestamp. */
    record Ctx(Map<String, String> data, String line, long ts) {
    }

    // ------------------------------------------------------------------ nodes

    sealed interface Node permits Text, Action, If, Range, With {
    }

    record Text(String text) implements Node {
    }

    record Action(Pipe pipe) implements Node {
    }

    record If(Pipe cond, List<Node> then, List<Node> otherwise) implements Node {
    }

    record Range(Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {
    }

    record With(Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {
    }

    record Pipe(List<String> decls, boolean assign, List<List<Arg>> cmds) {
    }

    sealed interface Arg permits Field, Dot, Var, Func, Lit, SubPipe {
    }

    record Field(Arg receiver, List<String> names) implements Arg {
    }

    record Dot() implements Arg {
    }

    record Var(String name, List<String> fields) implements Arg {
    }

    record Func(String name) implements Arg {
    }

    record Lit(Object value) implements Arg {
    }

    record SubPipe(Pipe pipe) implements Arg {
    }

    private final String name;
    private final List<Node> root;

    private GoTemplate(String name, List<Node> root) {
        this.name = name;
        this.root = root;
    }

    static GoTemplate parse(String name, String text) {
        return new TemplateParser(name, text).parseTemplate();
    }

    String execute(Map<String, String> data, String line, long ts) throws ExecException {
        StringBuilder out = new StringBuilder();
        Exec ex = new Exec(new Ctx(data, line, ts));
        try {
            ex.walk(root, data, out);
        } catch (TemplateFunctions.FnError e) {
            throw new ExecException("template: " + name + ":1:" + e.getMessage());
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ parser

    private static final class TemplateParser {
        private final String name;
        private final String src;
        private int pos;
        private List<String> toks;
        private int tp;
        private final List<Object[]> pendingEnds = new ArrayList<>();

        TemplateParser(String name, String src) {
            this.name = name;
            this.src = src;
        }

        private IllegalArgumentException err(String msg) {
            int line = 1;
            for (int i = 0; i < Math.min(pos, src.length()); i++) {
                if (src.charAt(i) == '\n') {
                    line++;
                }
            }
            return new IllegalArgumentException("template: " + name + ":" + line + ": " + msg);
        }

        GoTemplate parseTemplate() {
            List<Node> nodes = new ArrayList<>();
            String end = parseList(nodes);
            if (end != null) {
                throw err("unexpected {{" + end + "}}");
            }
            return new GoTemplate(name, nodes);
        }

        /** Parses nodes until EOF (returns null) or an {{end}}/{{else...}} action (returns its keyword text). */
        private String parseList(List<Node> nodes) {
            while (pos < src.length()) {
                int open = src.indexOf("{{", pos);
                if (open < 0) {
                    nodes.add(new Text(src.substring(pos)));
                    pos = src.length();
                    return null;
                }
                String text = src.substring(pos, open);
                boolean trimLeft = src.startsWith("{{- ", open) || src.startsWith("{{-\t", open) || src.startsWith("{{-\n", open);
                if (trimLeft) {
                    text = text.stripTrailing();
                }
                if (!text.isEmpty()) {
                    nodes.add(new Text(text));
                }
                int start = open + (trimLeft ? 3 : 2);
                int close = findClose(start);
                if (close < 0) {
                    pos = src.length();
                    throw err("unclosed action");
                }
                boolean trimRight = close >= 2 && src.charAt(close - 1) == '-' && Character.isWhitespace(src.charAt(close - 2));
                String body = src.substring(start, trimRight ? close - 1 : close).strip();
                pos = close + 2;
                if (trimRight) {
                    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                        pos++;
                    }
                }
                if (body.startsWith("/*")) {
                    continue;
                }
                toks = tokenize(body);
                tp = 0;
                if (toks.isEmpty()) {
                    throw err("missing value for command");
                }
                String kw = toks.get(0);
                switch (kw) {
                    case "end" -> {
                        return "end";
                    }
                    case "else" -> {
                        return "else" + (toks.size() > 1 ? " " + String.join(" ", toks.subList(1, toks.size())) : "");
                    }
                    case "if", "with", "range" -> {
                        tp = 1;
                        Pipe p = parsePipe();
                        List<Node> body1 = new ArrayList<>();
                        String e = parseList(body1);
                        List<Node> other = new ArrayList<>();
                        if (e == null) {
                            throw err("unexpected EOF");
                        }
                        if (e.startsWith("else if ") && kw.equals("if")) {
                            // else if chain: parse as nested if inside else
                            toks = tokenize(e.substring(5));
                            tp = 1;
                            Pipe p2 = parsePipe();
                            List<Node> b2 = new ArrayList<>();
                            String e2 = parseList(b2);
                            List<Node> o2 = new ArrayList<>();
                            e2 = finishElse(e2, o2, "if");
                            other.add(new If(p2, b2, o2));
                            if (!"end".equals(e2)) {
                                throw err("unexpected EOF");
                            }
                        } else if (e.equals("else")) {
                            String e3 = parseList(other);
                            if (!"end".equals(e3)) {
                                throw err("unexpected EOF");
                            }
                        } else if (!e.equals("end")) {
                            throw err("unexpected {{" + e + "}}");
                        }
                        nodes.add(switch (kw) {
                            case "if" -> new If(p, body1, other);
                            case "with" -> new With(p, body1, other);
                            default -> new Range(p, body1, other);
                        });
                    }
                    case "define", "template", "block" -> throw err("unsupported action: " + kw);
                    default -> {
                        tp = 0;
                        nodes.add(new Action(parsePipe()));
                    }
                }
            }
            return null;
        }

        /** After an if body that ended with e: handles nested else-if / else; returns the final "end". */
        private String finishElse(String e, List<Node> other, String kw) {
            if (e == null) {
                throw err("unexpected EOF");
            }
            if (e.startsWith("else if ")) {
                toks = tokenize(e.substring(5));
                tp = 1;
                Pipe p2 = parsePipe();
                List<Node> b2 = new ArrayList<>();
                String e2 = parseList(b2);
                List<Node> o2 = new ArrayList<>();
                String fin = finishElse(e2, o2, kw);
                other.add(new If(p2, b2, o2));
                return fin;
            }
            if (e.equals("else")) {
                return parseList(other);
            }
            return e;
        }

        private int findClose(int from) {
            int i = from;
            while (i < src.length() - 1) {
                char c = src.charAt(i);
                if (c == '"' || c == '`' || c == '\'') {
                    int j = i + 1;
                    while (j < src.length() && src.charAt(j) != c) {
                        if (c != '`' && src.charAt(j) == '\\') {
                            j++;
                        }
                        j++;
                    }
                    i = j + 1;
                    continue;
                }
                if (c == '}' && src.charAt(i + 1) == '}') {
                    return i;
                }
                i++;
            }
            return -1;
        }

        private List<String> tokenize(String body) {
            List<String> out = new ArrayList<>();
            int i = 0;
            while (i < body.length()) {
                char c = body.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (c == '"' || c == '`' || c == '\'') {
                    int j = i + 1;
                    while (j < body.length() && body.charAt(j) != c) {
                        if (c != '`' && body.charAt(j) == '\\') {
                            j++;
                        }
                        j++;
                    }
                    if (j >= body.length()) {
                        throw err("unterminated quoted string");
                    }
                    out.add(body.substring(i, j + 1));
                    i = j + 1;
                    continue;
                }
                if (c == '(' || c == ')' || c == '|' || c == ',') {
                    out.add(String.valueOf(c));
                    i++;
                    continue;
                }
                if (c == ':' && i + 1 < body.length() && body.charAt(i + 1) == '=') {
                    out.add(":=");
                    i += 2;
                    continue;
                }
                if (c == '=') {
                    out.add("=");
                    i++;
                    continue;
                }
                int j = i;
                while (j < body.length() && !Character.isWhitespace(body.charAt(j)) && "()|,=\"`".indexOf(body.charAt(j)) < 0
                        && !(body.charAt(j) == ':' && j + 1 < body.length() && body.charAt(j + 1) == '=')) {
                    j++;
                }
                out.add(body.substring(i, j));
                i = j;
            }
            return out;
        }

        private Pipe parsePipe() {
            List<String> decls = new ArrayList<>();
            boolean assign = false;
            // variable declarations: $x := ...
            int save = tp;
            if (tp < toks.size() && toks.get(tp).startsWith("$")) {
                int k = tp;
                List<String> vs = new ArrayList<>();
                vs.add(toks.get(k));
                k++;
                if (k < toks.size() && toks.get(k).equals(",") && k + 1 < toks.size()) {
                    vs.add(toks.get(k + 1));
                    k += 2;
                }
                if (k < toks.size() && (toks.get(k).equals(":=") || toks.get(k).equals("="))) {
                    assign = toks.get(k).equals("=");
                    decls = vs;
                    tp = k + 1;
                } else {
                    tp = save;
                }
            }
            List<List<Arg>> cmds = new ArrayList<>();
            while (true) {
                List<Arg> cmd = new ArrayList<>();
                while (tp < toks.size() && !toks.get(tp).equals("|") && !toks.get(tp).equals(")")) {
                    cmd.add(parseArg());
                }
                if (cmd.isEmpty()) {
                    throw err("missing value for command");
                }
                cmds.add(cmd);
                if (tp < toks.size() && toks.get(tp).equals("|")) {
                    tp++;
                    continue;
                }
                break;
            }
            return new Pipe(decls, assign, cmds);
        }

        private Arg parseArg() {
            String t = toks.get(tp++);
            Arg base;
            if (t.equals("(")) {
                Pipe p = parsePipe();
                if (tp >= toks.size() || !toks.get(tp).equals(")")) {
                    throw err("unclosed left paren");
                }
                tp++;
                base = new SubPipe(p);
                // field access on parenthesized value not supported beyond this
                return base;
            }
            char c = t.charAt(0);
            if (c == '"' || c == '`') {
                try {
                    return new Lit(GoText.unquote(t));
                } catch (IllegalArgumentException e) {
                    throw err("invalid syntax: " + t);
                }
            }
            if (c == '\'') {
                try {
                    String s = GoText.unquote(t);
                    return new Lit((long) s.codePointAt(0));
                } catch (RuntimeException e) {
                    throw err("malformed character constant: " + t);
                }
            }
            if (c == '.') {
                if (t.equals(".")) {
                    return new Dot();
                }
                List<String> names = new ArrayList<>(List.of(t.substring(1).split("\\.")));
                return new Field(new Dot(), names);
            }
            if (c == '$') {
                String[] parts = t.split("\\.");
                List<String> fields = new ArrayList<>();
                for (int k = 1; k < parts.length; k++) {
                    fields.add(parts[k]);
                }
                return new Var(parts[0], fields);
            }
            if (Character.isDigit(c) || ((c == '-' || c == '+') && t.length() > 1)) {
                try {
                    if (t.contains(".") || t.contains("e") || t.contains("E")) {
                        return new Lit(Double.parseDouble(t));
                    }
                    return new Lit(Long.decode(t));
                } catch (NumberFormatException e) {
                    throw err("bad number syntax: \"" + t + "\"");
                }
            }
            switch (t) {
                case "true" -> {
                    return new Lit(Boolean.TRUE);
                }
                case "false" -> {
                    return new Lit(Boolean.FALSE);
                }
                case "nil" -> {
                    return new Lit(null);
                }
                default -> {
                }
            }
            if (!TemplateFunctions.exists(t)) {
                throw err("function \"" + t + "\" not defined");
            }
            return new Func(t);
        }
    }

    // ------------------------------------------------------------------ execution

    private static final class Exec {
        private final Ctx ctx;
        private final Map<String, Object> vars = new HashMap<>();

        Exec(Ctx ctx) {
            this.ctx = ctx;
        }

        void walk(List<Node> nodes, Object dot, StringBuilder out) {
            for (Node n : nodes) {
                switch (n) {
                    case Text t -> out.append(t.text());
                    case Action a -> {
                        Object v = evalPipe(a.pipe(), dot);
                        if (a.pipe().decls().isEmpty()) {
                            out.append(TemplateFunctions.print(v));
                        }
                    }
                    case If i -> {
                        if (TemplateFunctions.truth(evalPipe(i.cond(), dot))) {
                            walk(i.then(), dot, out);
                        } else {
                            walk(i.otherwise(), dot, out);
                        }
                    }
                    case With w -> {
                        Object v = evalPipe(w.pipe(), dot);
                        if (TemplateFunctions.truth(v)) {
                            walk(w.body(), v, out);
                        } else {
                            walk(w.otherwise(), dot, out);
                        }
                    }
                    case Range r -> {
                        Object v = evalPipe(r.pipe(), dot);
                        List<?> items = v instanceof List<?> l ? l
                                : v instanceof Map<?, ?> m ? new ArrayList<>(new java.util.TreeMap<>(m).values()) : List.of();
                        if (items.isEmpty()) {
                            walk(r.otherwise(), dot, out);
                        }
                        int idx = 0;
                        for (Object item : items) {
                            if (r.pipe().decls().size() == 2) {
                                vars.put(r.pipe().decls().get(0), (long) idx);
                                vars.put(r.pipe().decls().get(1), item);
                            } else if (r.pipe().decls().size() == 1) {
                                vars.put(r.pipe().decls().get(0), item);
                            }
                            walk(r.body(), item, out);
                            idx++;
                        }
                    }
                }
            }
        }

        Object evalPipe(Pipe p, Object dot) {
            Object v = null;
            boolean first = true;
            for (List<Arg> cmd : p.cmds()) {
                v = evalCmd(cmd, dot, first ? NONE : v);
                first = false;
            }
            if (!p.decls().isEmpty() && !(p.decls().size() == 2)) {
                vars.put(p.decls().get(0), v);
            }
            return v;
        }

        private static final Object NONE = new Object();

        Object evalCmd(List<Arg> cmd, Object dot, Object piped) {
            Arg head = cmd.get(0);
            if (head instanceof Func f) {
                List<Object> args = new ArrayList<>();
                for (int i = 1; i < cmd.size(); i++) {
                    args.add(evalArg(cmd.get(i), dot));
                }
                if (piped != NONE) {
                    args.add(piped);
                }
                return TemplateFunctions.call(f.name(), args, ctx);
            }
            if (cmd.size() > 1 || piped != NONE) {
                throw new TemplateFunctions.FnError(" can't give argument to non-function " + describe(head));
            }
            return evalArg(head, dot);
        }

        private static String describe(Arg a) {
            return switch (a) {
                case Field f -> "." + String.join(".", f.names());
                case Dot d -> ".";
                case Var v -> v.name();
                case Lit l -> String.valueOf(l.value());
                default -> a.toString();
            };
        }

        Object evalArg(Arg a, Object dot) {
            return switch (a) {
                case Dot d -> dot;
                case Lit l -> l.value();
                case SubPipe s -> evalPipe(s.pipe(), dot);
                case Func f -> TemplateFunctions.call(f.name(), List.of(), ctx);
                case Field f -> field(dot, f.names());
                case Var v -> {
                    Object base = v.name().equals("$") ? ctx.data() : vars.get(v.name());
                    yield v.fields().isEmpty() ? base : field(base, v.fields());
                }
            };
        }

        private Object field(Object recv, List<String> names) {
            Object cur = recv;
            for (String n : names) {
                if (cur instanceof Map<?, ?> m) {
                    Object v = m.get(n);
                    cur = v == null ? "" : v;
                } else if (cur == null) {
                    throw new TemplateFunctions.FnError(" nil pointer evaluating ." + n);
                } else {
                    throw new TemplateFunctions.FnError(" can't evaluate field " + n + " in type "
                            + TemplateFunctions.goType(cur));
                }
            }
            return cur;
        }
    }
}
