package dev.plg.template;

import dev.plg.template.Lexer.Item;
import dev.plg.template.Lexer.T;
import java.util.ArrayList;
import java.util.List;

/** Go's {@code text/template/parse} parser: one template, functions resolved and variables checked at parse time. */
final class Parser {
    private final String name;
    private final List<Item> items;
    private final Functions funcs;
    private int ti;
    private int line = 1;
    private int actionLine;
    private int rangeDepth;
    private final List<String> vars = new ArrayList<>();

    private Parser(String name, String text, Functions funcs, List<String> predeclared) {
        this.name = name;
        this.items = Lexer.lex(text);
        this.funcs = funcs;
        vars.add("$");
        vars.addAll(predeclared);
    }

    static Node[] parse(String name, String text, Functions funcs, List<String> predeclared) {
        return new Parser(name, text, funcs, predeclared).parseRoot();
    }

    // ------------------------------------------------------------------ tokens

    private Item next() {
        Item it = items.get(Math.min(ti, items.size() - 1));
        ti++;
        line = it.line();
        return it;
    }

    private void backup() {
        ti--;
    }

    private Item peek() {
        return items.get(Math.min(ti, items.size() - 1));
    }

    private Item nextNonSpace() {
        Item it;
        do {
            it = next();
        } while (it.typ() == T.SPACE);
        return it;
    }

    private Item peekNonSpace() {
        Item it = nextNonSpace();
        backup();
        return it;
    }

    private TemplateException errorf(String msg) {
        return new TemplateException("template: " + name + ":" + line + ": " + msg);
    }

    private TemplateException unexpected(Item token, String context) {
        if (token.typ() == T.ERROR) {
            String extra = "";
            if (actionLine != 0 && actionLine != token.line()) {
                extra = " in action started at " + name + ":" + actionLine;
                if (token.val().endsWith(" action")) {
                    extra = extra.substring(" in action".length());
                }
            }
            return errorf(token + extra);
        }
        return errorf("unexpected " + token + " in " + context);
    }

    private Item expect(T expected, String context) {
        Item token = nextNonSpace();
        if (token.typ() != expected) {
            throw unexpected(token, context);
        }
        return token;
    }

    // ------------------------------------------------------------------ structure

    private Node[] parseRoot() {
        List<Node> root = new ArrayList<>();
        while (peek().typ() != T.EOF) {
            if (peek().typ() == T.LEFT_DELIM) {
                int save = ti;
                next();
                Item kw = nextNonSpace();
                if (kw.typ() == T.DEFINE) {
                    throw errorf("{{define}} is not supported");
                }
                ti = save;
            }
            Node n = textOrAction();
            if (n instanceof Node.End || n instanceof Node.Else) {
                throw errorf("unexpected " + n);
            }
            if (n != null) {
                root.add(n);
            }
        }
        return root.toArray(new Node[0]);
    }

    private Node textOrAction() {
        Item token = nextNonSpace();
        switch (token.typ()) {
            case TEXT -> {
                return new Node.Text(token.pos(), token.val());
            }
            case LEFT_DELIM -> {
                actionLine = token.line();
                try {
                    return action();
                } finally {
                    actionLine = 0;
                }
            }
            default -> throw unexpected(token, "input");
        }
    }

    private record ListAndNext(Node[] list, Node next) {
    }

    private ListAndNext itemList() {
        List<Node> list = new ArrayList<>();
        while (peekNonSpace().typ() != T.EOF) {
            Node n = textOrAction();
            if (n instanceof Node.End || n instanceof Node.Else) {
                return new ListAndNext(list.toArray(new Node[0]), n);
            }
            list.add(n);
        }
        throw errorf("unexpected EOF");
    }

    private Node action() {
        Item token = nextNonSpace();
        switch (token.typ()) {
            case BLOCK -> throw errorf("{{block}} is not supported");
            case BREAK -> {
                Item t = nextNonSpace();
                if (t.typ() != T.RIGHT_DELIM) {
                    throw unexpected(t, "{{break}}");
                }
                if (rangeDepth == 0) {
                    throw errorf("{{break}} outside {{range}}");
                }
                return new Node.Break(token.pos());
            }
            case CONTINUE -> {
                Item t = nextNonSpace();
                if (t.typ() != T.RIGHT_DELIM) {
                    throw unexpected(t, "{{continue}}");
                }
                if (rangeDepth == 0) {
                    throw errorf("{{continue}} outside {{range}}");
                }
                return new Node.Continue(token.pos());
            }
            case ELSE -> {
                Item p = peekNonSpace();
                if (p.typ() == T.IF || p.typ() == T.WITH) {
                    return new Node.Else(p.pos());
                }
                return new Node.Else(expect(T.RIGHT_DELIM, "else").pos());
            }
            case END -> {
                return new Node.End(expect(T.RIGHT_DELIM, "end").pos());
            }
            case IF -> {
                return control("if");
            }
            case RANGE -> {
                return control("range");
            }
            case WITH -> {
                return control("with");
            }
            case TEMPLATE -> throw errorf("{{template}} is not supported");
            default -> {
            }
        }
        backup();
        Item t = peek();
        return new Node.Action(t.pos(), pipeline("command", T.RIGHT_DELIM));
    }

    private Node control(String context) {
        int mark = vars.size();
        try {
            Node.Pipe pipe = pipeline(context, T.RIGHT_DELIM);
            if (context.equals("range")) {
                rangeDepth++;
            }
            ListAndNext body = itemList();
            if (context.equals("range")) {
                rangeDepth--;
            }
            Node[] elseList = null;
            if (body.next() instanceof Node.Else) {
                if (context.equals("if") && peek().typ() == T.IF) {
                    next();
                    elseList = new Node[] {control("if")};
                } else if (context.equals("with") && peek().typ() == T.WITH) {
                    next();
                    elseList = new Node[] {control("with")};
                } else {
                    ListAndNext e = itemList();
                    if (!(e.next() instanceof Node.End)) {
                        throw errorf("expected end; found " + e.next());
                    }
                    elseList = e.list();
                }
            }
            return new Node.Branch(pipe.pos(), context, pipe, body.list(), elseList);
        } finally {
            while (vars.size() > mark) {
                vars.removeLast();
            }
        }
    }

    // ------------------------------------------------------------------ pipelines

    private Node.Pipe pipeline(String context, T end) {
        Item first = peekNonSpace();
        int pos = first.pos();
        List<String> decl = new ArrayList<>();
        boolean assign = false;
        decls:
        while (true) {
            Item v = peekNonSpace();
            int save = ti;
            if (v.typ() != T.VARIABLE) {
                break;
            }
            nextNonSpace();
            Item nxt = peekNonSpace();
            if (nxt.typ() == T.ASSIGN || nxt.typ() == T.DECLARE) {
                assign = nxt.typ() == T.ASSIGN;
                nextNonSpace();
                decl.add(v.val());
                vars.add(v.val());
                break;
            } else if (nxt.typ() == T.CHAR && nxt.val().equals(",")) {
                nextNonSpace();
                decl.add(v.val());
                vars.add(v.val());
                if (context.equals("range") && decl.size() < 2) {
                    T t = peekNonSpace().typ();
                    if (t == T.VARIABLE || t == T.RIGHT_DELIM || t == T.RIGHT_PAREN) {
                        continue decls;
                    }
                    throw errorf("range can only initialize variables");
                }
                throw errorf("too many declarations in " + context);
            } else {
                // "$x foo" or "$x}}": the variable is an argument, not a declaration
                ti = save;
                break;
            }
        }
        List<Node.Command> cmds = new ArrayList<>();
        while (true) {
            Item token = nextNonSpace();
            if (token.typ() == end) {
                checkPipeline(cmds, context);
                return new Node.Pipe(pos, assign, decl.toArray(new String[0]), cmds.toArray(new Node.Command[0]));
            }
            switch (token.typ()) {
                case BOOL, CHAR_CONSTANT, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LEFT_PAREN -> {
                    backup();
                    cmds.add(command());
                }
                default -> throw unexpected(token, context);
            }
        }
    }

    private void checkPipeline(List<Node.Command> cmds, String context) {
        if (cmds.isEmpty()) {
            throw errorf("missing value for " + context);
        }
        for (int i = 1; i < cmds.size(); i++) {
            Node first = cmds.get(i).args()[0];
            if (first instanceof Node.Bool || first instanceof Node.Dot || first instanceof Node.Nil
                    || first instanceof Node.Number || first instanceof Node.Str) {
                throw errorf("non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    private Node.Command command() {
        int pos = peekNonSpace().pos();
        List<Node> args = new ArrayList<>();
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) {
                args.add(operand);
            }
            Item token = next();
            if (token.typ() == T.SPACE) {
                continue;
            }
            if (token.typ() == T.RIGHT_DELIM || token.typ() == T.RIGHT_PAREN) {
                backup();
            } else if (token.typ() != T.PIPE) {
                throw unexpected(token, "operand");
            }
            break;
        }
        if (args.isEmpty()) {
            throw errorf("empty command");
        }
        return new Node.Command(pos, args.toArray(new Node[0]));
    }

    private Node operand() {
        Node node = term();
        if (node == null) {
            return null;
        }
        if (peek().typ() == T.FIELD) {
            int pos = peek().pos();
            List<String> fields = new ArrayList<>();
            while (peek().typ() == T.FIELD) {
                fields.add(next().val().substring(1));
            }
            switch (node) {
                case Node.Field f -> {
                    List<String> all = new ArrayList<>(List.of(f.idents()));
                    all.addAll(fields);
                    node = new Node.Field(pos, all.toArray(new String[0]));
                }
                case Node.Variable v -> {
                    List<String> all = new ArrayList<>(List.of(v.idents()));
                    all.addAll(fields);
                    node = new Node.Variable(pos, all.toArray(new String[0]));
                }
                case Node.Bool b -> throw errorf("unexpected . after term " + GoFmt.quote(node.toString()));
                case Node.Str s -> throw errorf("unexpected . after term " + GoFmt.quote(node.toString()));
                case Node.Number n -> throw errorf("unexpected . after term " + GoFmt.quote(node.toString()));
                case Node.Nil n -> throw errorf("unexpected . after term " + GoFmt.quote(node.toString()));
                case Node.Dot d -> throw errorf("unexpected . after term " + GoFmt.quote(node.toString()));
                default -> node = new Node.Chain(pos, node, fields.toArray(new String[0]));
            }
        }
        return node;
    }

    private Node term() {
        Item token = nextNonSpace();
        switch (token.typ()) {
            case IDENTIFIER -> {
                Functions.Def def = funcs.lookup(token.val());
                if (def == null) {
                    throw errorf("function " + GoFmt.quote(token.val()) + " not defined");
                }
                return new Node.Identifier(token.pos(), token.val(), def);
            }
            case DOT -> {
                return new Node.Dot(token.pos());
            }
            case NIL -> {
                return new Node.Nil(token.pos());
            }
            case VARIABLE -> {
                String[] idents = token.val().split("\\.");
                if (!vars.contains(idents[0])) {
                    throw errorf("undefined variable " + GoFmt.quote(idents[0]));
                }
                return new Node.Variable(token.pos(), new String[] {token.val()});
            }
            case FIELD -> {
                return new Node.Field(token.pos(), new String[] {token.val().substring(1)});
            }
            case BOOL -> {
                return new Node.Bool(token.pos(), token.val().equals("true"));
            }
            case CHAR_CONSTANT, NUMBER -> {
                return number(token);
            }
            case LEFT_PAREN -> {
                return pipeline("parenthesized pipeline", T.RIGHT_PAREN);
            }
            case STRING, RAW_STRING -> {
                try {
                    return new Node.Str(token.pos(), token.val(), GoFmt.unquote(token.val()));
                } catch (IllegalArgumentException e) {
                    throw errorf(e.getMessage());
                }
            }
            default -> {
                backup();
                return null;
            }
        }
    }

    private Node number(Item token) {
        String text = token.val();
        if (token.typ() == T.CHAR_CONSTANT) {
            String s;
            try {
                s = GoFmt.unquote(text);
            } catch (IllegalArgumentException e) {
                throw errorf("malformed character constant: " + text);
            }
            long r = s.codePointAt(0);
            return new Node.Number(token.pos(), text, r, r, (double) r);
        }
        if (text.endsWith("i")) {
            throw errorf("complex numbers are not supported: " + text);
        }
        Long asInt = GoFmt.parseInt(text);
        Double asFloat = null;
        boolean hexInt = (text.startsWith("0x") || text.startsWith("0X") || text.startsWith("-0x") || text.startsWith("+0x"))
                && text.indexOf('p') < 0 && text.indexOf('P') < 0;
        if (asInt != null) {
            asFloat = (double) asInt;
        } else {
            String t = text.startsWith("+") ? text.substring(1) : text;
            asFloat = t.contains("_") ? null : GoFmt.parseFloat(t);
            if (asFloat == null && !t.contains("_")) {
                asFloat = null;
            }
            if (asFloat != null && !Double.isInfinite(asFloat) && asFloat == Math.rint(asFloat)
                    && Math.abs(asFloat) < 9.2e18) {
                asInt = (long) (double) asFloat;
            }
        }
        if (asInt == null && asFloat == null) {
            throw errorf("illegal number syntax: " + GoFmt.quote(text));
        }
        boolean floatText = !hexInt && (text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0
                || text.indexOf('p') >= 0 || text.indexOf('P') >= 0);
        Object value;
        if (floatText && asFloat != null) {
            value = asFloat;
        } else if (asInt != null) {
            value = asInt;
        } else {
            throw errorf(text + " overflows int");
        }
        return new Node.Number(token.pos(), text, value, asInt, asFloat);
    }
}
