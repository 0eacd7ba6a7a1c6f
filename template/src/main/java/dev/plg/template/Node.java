package dev.plg.template;

import java.util.StringJoiner;

/** The parse tree of a template ({@code text/template/parse}); {@code toString()} prints as Go does in errors. */
sealed interface Node {
    /** Char offset of the node in the template text. */
    int pos();

    record Text(int pos, String text) implements Node {
        @Override
        public String toString() {
            return GoFmt.quote(text);
        }
    }

    record Action(int pos, Pipe pipe) implements Node {
        @Override
        public String toString() {
            return "{{" + pipe + "}}";
        }
    }

    /** {@code if}, {@code with} or {@code range} with its body and optional else list ({@code null} if absent). */
    record Branch(int pos, String kind, Pipe pipe, Node[] list, Node[] elseList) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{{").append(kind).append(' ').append(pipe).append("}}");
            for (Node n : list) {
                sb.append(n instanceof Text t ? t.text() : n.toString());
            }
            if (elseList != null) {
                sb.append("{{else}}");
                for (Node n : elseList) {
                    sb.append(n instanceof Text t ? t.text() : n.toString());
                }
            }
            return sb.append("{{end}}").toString();
        }
    }

    record Break(int pos) implements Node {
        @Override
        public String toString() {
            return "{{break}}";
        }
    }

    record Continue(int pos) implements Node {
        @Override
        public String toString() {
            return "{{continue}}";
        }
    }

    /** Parser-internal markers for {@code {{end}}} and {@code {{else}}}. */
    record End(int pos) implements Node {
        @Override
        public String toString() {
            return "{{end}}";
        }
    }

    record Else(int pos) implements Node {
        @Override
        public String toString() {
            return "{{else}}";
        }
    }

    /** A pipeline: optional declarations ({@code $x :=}, or {@code =} when {@code assign}) then commands. */
    record Pipe(int pos, boolean assign, String[] decl, Command[] cmds) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (decl.length > 0) {
                sb.append(String.join(", ", decl)).append(assign ? " = " : " := ");
            }
            for (int i = 0; i < cmds.length; i++) {
                if (i > 0) {
                    sb.append(" | ");
                }
                sb.append(cmds[i]);
            }
            return sb.toString();
        }
    }

    record Command(int pos, Node[] args) implements Node {
        @Override
        public String toString() {
            StringJoiner j = new StringJoiner(" ");
            for (Node a : args) {
                j.add(a instanceof Pipe p ? "(" + p + ")" : a.toString());
            }
            return j.toString();
        }
    }

    /** {@code .a.b}. */
    record Field(int pos, String[] idents) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (String s : idents) {
                sb.append('.').append(s);
            }
            return sb.toString();
        }
    }

    /** {@code $x.a.b}: {@code idents[0]} is the variable name including {@code $}. */
    record Variable(int pos, String[] idents) implements Node {
        @Override
        public String toString() {
            return String.join(".", idents);
        }
    }

    /** {@code (pipeline).a.b} or another non-field term followed by fields. */
    record Chain(int pos, Node node, String[] fields) implements Node {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(node instanceof Pipe ? "(" + node + ")" : node.toString());
            for (String f : fields) {
                sb.append('.').append(f);
            }
            return sb.toString();
        }
    }

    record Dot(int pos) implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    record Nil(int pos) implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    record Bool(int pos, boolean value) implements Node {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /**
     * A numeric constant: {@code value} is what it is as an untyped argument (Long, or Double when the text has a
     * fraction or exponent); {@code asInt}/{@code asFloat} are its int/float64 conversions, {@code null} if none.
     */
    record Number(int pos, String text, Object value, Long asInt, Double asFloat) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    record Str(int pos, String quoted, String text) implements Node {
        @Override
        public String toString() {
            return quoted;
        }
    }

    /** A function name, resolved at parse time. */
    record Identifier(int pos, String name, Functions.Def def) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }
}
