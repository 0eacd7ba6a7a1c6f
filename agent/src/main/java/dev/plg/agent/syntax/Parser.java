package dev.plg.agent.syntax;

import dev.plg.agent.syntax.Ast.Access;
import dev.plg.agent.syntax.Ast.ArrayLit;
import dev.plg.agent.syntax.Ast.Attribute;
import dev.plg.agent.syntax.Ast.Binary;
import dev.plg.agent.syntax.Ast.Block;
import dev.plg.agent.syntax.Ast.Body;
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
import dev.plg.agent.syntax.Ast.Stmt;
import dev.plg.agent.syntax.Ast.StringLit;
import dev.plg.agent.syntax.Ast.Unary;
import dev.plg.agent.syntax.Token.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for Alloy syntax (mirrors {@code syntax/parser}); grammar in
 * {@code docs/agent.md}. Reports the first error with Alloy's wording.
 */
public final class Parser {
    private final String file;
    private final List<Token> tokens;
    private int i;

    private Parser(String file, List<Token> tokens) {
        this.file = file;
        this.tokens = tokens;
    }

    /** Parses UTF-8 bytes (a BOM at offset 0 is skipped; invalid UTF-8 and NUL are errors). */
    public static Ast.File parse(String file, byte[] bytes) {
        String src;
        try {
            src = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, Pos.NONE, "illegal UTF-8 encoding");
        }
        return parse(file, src);
    }

    public static Ast.File parse(String file, String src) {
        checkRawChars(file, src);
        Parser p = new Parser(file, Scanner.scan(file, src));
        Body body = p.parseBody(true);
        return new Ast.File(file, body);
    }

    /** Parses a single expression (used by tests and {@code alloy fmt}-like tooling). */
    public static Expr parseExpression(String src) {
        Parser p = new Parser("<expr>", Scanner.scan("<expr>", src));
        Expr e = p.parseExpr();
        if (p.tok().kind() == Kind.TERMINATOR) {
            p.i++;
        }
        p.expect(Kind.EOF);
        return e;
    }

    private static void checkRawChars(String file, String src) {
        int line = 1;
        int col = 1;
        for (int k = 0; k < src.length(); k++) {
            char c = src.charAt(k);
            if (c == 0) {
                throw new ConfigException(file, new Pos(line, col), "illegal character NUL");
            }
            if (c == '\uFEFF' && k > 0) {
                throw new ConfigException(file, new Pos(line, col), "illegal byte order mark");
            }
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
    }

    private Token tok() {
        return tokens.get(i);
    }

    private ConfigException error(Pos pos, String msg) {
        return new ConfigException(file, pos, msg);
    }

    private Token expect(Kind kind) {
        Token t = tok();
        if (t.kind() != kind) {
            throw error(t.pos(), "expected " + kind + ", got " + t.kind());
        }
        i++;
        return t;
    }

    private Body parseBody(boolean topLevel) {
        List<Stmt> stmts = new ArrayList<>();
        while (true) {
            Token t = tok();
            if (t.kind() == Kind.TERMINATOR) {
                i++;
                continue;
            }
            if (t.kind() == Kind.EOF) {
                if (!topLevel) {
                    throw error(t.pos(), "expected }, got EOF");
                }
                return new Body(stmts);
            }
            if (t.kind() == Kind.RCURLY && !topLevel) {
                return new Body(stmts);
            }
            stmts.add(parseStatement());
            Token after = tok();
            switch (after.kind()) {
                case TERMINATOR -> i++;
                case EOF -> {
                }
                case RCURLY -> {
                    if (topLevel) {
                        throw error(after.pos(), "expected TERMINATOR, got }");
                    }
                }
                default -> throw error(after.pos(), "expected TERMINATOR, got " + after.kind());
            }
        }
    }

    private Stmt parseStatement() {
        Token first = tok();
        if (first.kind() != Kind.IDENT) {
            throw error(first.pos(), "expected attribute assignment or block body, got " + first.kind());
        }
        List<String> name = new ArrayList<>();
        name.add(first.text());
        i++;
        while (tok().kind() == Kind.DOT) {
            i++;
            name.add(expect(Kind.IDENT).text());
        }
        Token t = tok();
        switch (t.kind()) {
            case ASSIGN -> {
                if (name.size() > 1) {
                    throw error(first.pos(), "attribute names may only consist of a single identifier with no \".\"");
                }
                i++;
                return new Attribute(first.pos(), first.text(), parseExpr());
            }
            case LCURLY -> {
                i++;
                Body body = parseBody(false);
                expect(Kind.RCURLY);
                return new Block(first.pos(), name, null, null, body);
            }
            case STRING -> {
                i++;
                if (tok().kind() == Kind.ASSIGN) {
                    throw error(t.pos(), "attribute names may not have labels");
                }
                if (t.text().startsWith("`")) {
                    throw error(t.pos(), "expected block label to be a double quoted string");
                }
                String label = unquote(t);
                if (!label.isEmpty() && !isIdentifier(label)) {
                    throw error(t.pos(), "expected block label to be a valid identifier, but got " + t.text());
                }
                expect(Kind.LCURLY);
                Body body = parseBody(false);
                expect(Kind.RCURLY);
                return new Block(first.pos(), name, label, t.pos(), body);
            }
            default -> throw error(t.pos(), "expected attribute assignment or block body, got " + t.kind());
        }
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        int c0 = s.codePointAt(0);
        if (!Character.isLetter(c0) && c0 != '_') {
            return false;
        }
        return s.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }

    Expr parseExpr() {
        return parseBinary(1);
    }

    private static int precedence(Kind k) {
        return switch (k) {
            case OR -> 1;
            case AND -> 2;
            case EQ, NEQ, LT, LTE, GT, GTE -> 3;
            case ADD, SUB -> 4;
            case MUL, DIV, MOD -> 5;
            default -> 0;
        };
    }

    private Expr parseBinary(int minPrec) {
        Expr left = parsePow();
        while (true) {
            Token op = tok();
            int prec = precedence(op.kind());
            if (prec == 0 || prec < minPrec) {
                return left;
            }
            i++;
            Expr right = parseBinary(prec + 1);
            left = new Binary(op.pos(), op.kind(), left, right);
        }
    }

    private Expr parsePow() {
        Expr base = parseUnary();
        if (tok().kind() == Kind.POW) {
            Token op = tok();
            i++;
            return new Binary(op.pos(), Kind.POW, base, parsePow());
        }
        return base;
    }

    private Expr parseUnary() {
        Token t = tok();
        if (t.kind() == Kind.NOT || t.kind() == Kind.SUB) {
            i++;
            return new Unary(t.pos(), t.kind(), parseUnary());
        }
        return parseOper();
    }

    private Expr parseOper() {
        Expr e = parsePrimary();
        while (true) {
            Token t = tok();
            switch (t.kind()) {
                case DOT -> {
                    i++;
                    Token name = expect(Kind.IDENT);
                    e = new Access(e.pos(), e, name.text());
                }
                case LBRACK -> {
                    i++;
                    Expr idx = parseExpr();
                    expect(Kind.RBRACK);
                    e = new Index(t.pos(), e, idx);
                }
                case LPAREN -> {
                    i++;
                    List<Expr> args = parseExprList(Kind.RPAREN);
                    expect(Kind.RPAREN);
                    e = new Call(t.pos(), e, args);
                }
                case STRING -> {
                    if (isNameChain(e) && tokens.get(i + 1).kind() == Kind.LCURLY) {
                        throw error(e.pos(), "cannot use a block as an expression");
                    }
                    return e;
                }
                default -> {
                    return e;
                }
            }
        }
    }

    private static boolean isNameChain(Expr e) {
        return e instanceof Ident || e instanceof Access a && isNameChain(a.target());
    }

    private List<Expr> parseExprList(Kind close) {
        List<Expr> out = new ArrayList<>();
        while (tok().kind() != close) {
            out.add(parseExpr());
            Token t = tok();
            if (t.kind() == Kind.COMMA) {
                i++;
                continue;
            }
            if (t.kind() == close) {
                break;
            }
            if (t.kind() == Kind.TERMINATOR) {
                throw error(t.pos(), "missing ',' in expression list");
            }
            throw error(t.pos(), "expected " + close + ", got " + t.kind());
        }
        return out;
    }

    private Expr parsePrimary() {
        Token t = tok();
        switch (t.kind()) {
            case IDENT -> {
                i++;
                return new Ident(t.pos(), t.text());
            }
            case STRING -> {
                i++;
                return new StringLit(t.pos(), unquote(t));
            }
            case NUMBER -> {
                i++;
                return new NumberLit(t.pos(), t.text(), false);
            }
            case FLOAT -> {
                i++;
                return new NumberLit(t.pos(), t.text(), true);
            }
            case BOOL -> {
                i++;
                return new BoolLit(t.pos(), t.text().equals("true"));
            }
            case NULL -> {
                i++;
                return new NullLit(t.pos());
            }
            case LPAREN -> {
                i++;
                Expr inner = parseExpr();
                expect(Kind.RPAREN);
                return new Paren(t.pos(), inner);
            }
            case LBRACK -> {
                i++;
                List<Expr> elems = parseExprList(Kind.RBRACK);
                expect(Kind.RBRACK);
                return new ArrayLit(t.pos(), elems);
            }
            case LCURLY -> {
                i++;
                List<Field> fields = new ArrayList<>();
                while (tok().kind() != Kind.RCURLY) {
                    Token k = tok();
                    String key;
                    if (k.kind() == Kind.IDENT) {
                        key = k.text();
                    } else if (k.kind() == Kind.STRING) {
                        // Alloy uses the inner text of a quoted key as-is (no unescaping).
                        key = k.text().substring(1, k.text().length() - 1);
                    } else {
                        throw error(k.pos(), "expected field name (string or identifier), got " + k.kind());
                    }
                    i++;
                    expect(Kind.ASSIGN);
                    fields.add(new Field(k.pos(), key, parseExpr()));
                    Token sep = tok();
                    if (sep.kind() == Kind.COMMA) {
                        i++;
                        continue;
                    }
                    if (sep.kind() == Kind.RCURLY) {
                        break;
                    }
                    if (sep.kind() == Kind.TERMINATOR) {
                        throw error(sep.pos(), "missing ',' in field list");
                    }
                    throw error(sep.pos(), "expected }, got " + sep.kind());
                }
                expect(Kind.RCURLY);
                return new ObjectLit(t.pos(), fields);
            }
            default -> throw error(t.pos(), "expected expression, got " + t.kind());
        }
    }

    /** Go {@code strconv.Unquote} of a scanned (already validated) string literal. */
    static String unquote(Token t) {
        String s = t.text();
        if (s.startsWith("`")) {
            return s.substring(1, s.length() - 1).replace("\r", "");
        }
        StringBuilder sb = new StringBuilder(s.length());
        int end = s.length() - 1;
        for (int k = 1; k < end; k++) {
            char c = s.charAt(k);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++k);
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000B');
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                case 'x' -> {
                    // \xNN is a byte in Go; bytes >= 0x80 would form UTF-8 sequences. Treat as Latin-1 code point.
                    sb.append((char) Integer.parseInt(s.substring(k + 1, k + 3), 16));
                    k += 2;
                }
                case 'u' -> {
                    sb.appendCodePoint(Integer.parseInt(s.substring(k + 1, k + 5), 16));
                    k += 4;
                }
                case 'U' -> {
                    sb.appendCodePoint(Integer.parseInt(s.substring(k + 1, k + 9), 16));
                    k += 8;
                }
                default -> {
                    sb.append((char) Integer.parseInt(s.substring(k, k + 3), 8));
                    k += 2;
                }
            }
        }
        return sb.toString();
    }
}
