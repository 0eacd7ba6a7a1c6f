package dev.plg.agent.syntax;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The Alloy syntax tree: pure data, no runtime objects. Statements are attributes and blocks;
 * expressions are literals, identifiers, accesses, indexes, calls, unary/binary operations,
 * arrays and objects. Consumers switch exhaustively over the sealed families.
 */
public final class Ast {
    private Ast() {
    }

    /** A parsed file. */
    public record File(String name, Body body) {
        public File {
            requireNonNull(name, "name is null");
            requireNonNull(body, "body is null");
        }
    }

    /** Statements of a file or a block, in source order. */
    public record Body(List<Stmt> stmts) {
        public Body {
            stmts = List.copyOf(stmts);
        }
    }

    public sealed interface Stmt permits Attribute, Block {
        Pos pos();
    }

    public record Attribute(Pos pos, String name, Expr value) implements Stmt {
        public Attribute {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /** {@code name.parts "label" { body }}; {@code label} is null when absent. */
    public record Block(Pos pos, List<String> nameParts, String label, Pos labelPos, Body body) implements Stmt {
        public Block {
            nameParts = List.copyOf(nameParts);
            requireNonNull(body, "body is null");
        }

        public String name() {
            return String.join(".", nameParts);
        }
    }

    public sealed interface Expr permits StringLit, NumberLit, BoolLit, NullLit, Ident, Access, Index, Call, Unary, Binary,
            ArrayLit, ObjectLit, Paren {
        Pos pos();
    }

    public record StringLit(Pos pos, String value) implements Expr {
    }

    /** {@code text} is the literal as written; {@code isFloat} when it has a fraction or exponent. */
    public record NumberLit(Pos pos, String text, boolean isFloat) implements Expr {
    }

    public record BoolLit(Pos pos, boolean value) implements Expr {
    }

    public record NullLit(Pos pos) implements Expr {
    }

    public record Ident(Pos pos, String name) implements Expr {
    }

    /** {@code target.name} */
    public record Access(Pos pos, Expr target, String name) implements Expr {
    }

    /** {@code target[index]} */
    public record Index(Pos pos, Expr target, Expr index) implements Expr {
    }

    public record Call(Pos pos, Expr function, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    public record Unary(Pos pos, Token.Kind op, Expr operand) implements Expr {
    }

    public record Binary(Pos pos, Token.Kind op, Expr left, Expr right) implements Expr {
    }

    public record ArrayLit(Pos pos, List<Expr> elements) implements Expr {
        public ArrayLit {
            elements = List.copyOf(elements);
        }
    }

    public record Field(Pos pos, String key, Expr value) {
    }

    public record ObjectLit(Pos pos, List<Field> fields) implements Expr {
        public ObjectLit {
            fields = List.copyOf(fields);
        }
    }

    public record Paren(Pos pos, Expr inner) implements Expr {
    }
}
