package dev.plg.agent.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Scanner and parser: one line per case, errors compared with their place and Alloy's wording. */
class ParserTest {

    private static void assertParses(String src, int statements) {
        assertThat(Parser.parse("t.alloy", src).body().stmts()).hasSize(statements);
    }

    private static void assertParseError(String src, String expected) {
        assertThatThrownBy(() -> Parser.parse("t.alloy", src))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.alloy:" + expected);
    }

    @Test
    void accepts() {
        assertParses("", 0);
        assertParses("// only a comment\n/* and a block */", 0);
        assertParses("a = 1\nb = 2", 2);
        assertParses("a { b = 1 }", 1);
        assertParses("a.b \"x\" {\n  c = [1, 2,]\n  d = {e = 1, \"f\" = 2}\n}", 1);
        assertParses("a = [\n  1,\n  2,\n]", 1);
        assertParses("a = 1 +\n 2", 1);
        assertParses("a = `raw\nstring`", 1);
        assertParses("a = .5 + 2.5e1 + 010", 1);
        assertParses("\uFEFFa = 1", 1);
        assertParses("로그 \"로그\" {}", 1);
        assertParses("a = f(1, \"x\",)\n", 1);
        assertParses("a = x.y[0].z(1)", 1);
    }

    @Test
    void rejectsWithAlloyMessages() {
        assertParseError("a = [\n  1\n]", "2:4: missing ',' in expression list");
        assertParseError("a = {\n  b = 1\n}", "2:8: missing ',' in field list");
        assertParseError("a = 'x'", "1:5: illegal single-quoted string; use double quotes");
        assertParseError("# comment", "1:1: illegal character U+0023 '#'");
        assertParseError("a \"b-c\" {}", "1:3: expected block label to be a valid identifier, but got \"b-c\"");
        assertParseError("a `b` {}", "1:3: expected block label to be a double quoted string");
        assertParseError("a = \"it\\'s\"", "1:8: unknown escape sequence");
        assertParseError("a = \"\\ud800\"", "1:6: escape sequence is invalid Unicode code point");
        assertParseError("a = 1 b = 2", "1:7: expected TERMINATOR, got IDENT");
        assertParseError("x = 0x10", "1:6: expected TERMINATOR, got IDENT");
        assertParseError("a = 1\n+ 2", "2:1: expected attribute assignment or block body, got +");
        assertParseError("a.b = 1", "1:1: attribute names may only consist of a single identifier with no \".\"");
        assertParseError("a \"x\" = 1", "1:3: attribute names may not have labels");
        assertParseError("a = ", "1:5: expected expression, got EOF");
        assertParseError("a = \"x", "1:5: string literal not terminated");
        assertParseError("/* open", "1:1: block comment not terminated");
        assertParseError("a = 1e", "1:7: exponent has no digits");
        assertParseError("a = {1 = 2}", "1:6: expected field name (string or identifier), got NUMBER");
        assertParseError("a = 1 | 2", "1:7: illegal character U+007C '|'");
        assertParseError("x = a.b \"l\" {}", "1:5: cannot use a block as an expression");
        assertParseError("a {", "1:4: expected }, got EOF");
    }

    @Test
    void columnsCountBytesLikeGo() {
        // "계" is three UTF-8 bytes, so the # after it is at byte column 11 (character column 9).
        assertParseError("a = \"계\" #", "1:11: illegal character U+0023 '#'");
    }
}
