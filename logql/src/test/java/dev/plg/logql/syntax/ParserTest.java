package dev.plg.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.logql.LogQL;
import dev.plg.logql.LogQLException;
import dev.plg.logql.ParseException;
import dev.plg.logql.ast.Expr;
import org.junit.jupiter.api.Test;

class ParserTest {

    private static void assertParses(String query, String expectedPrinted) {
        Expr e = LogQL.parse(query);
        assertThat(LogQL.format(e)).as(query).isEqualTo(expectedPrinted);
        assertThat(LogQL.format(LogQL.parse(expectedPrinted))).as("reparse of " + expectedPrinted).isEqualTo(expectedPrinted);
    }

    private static void assertParseError(String query, String expectedMessage) {
        assertThatThrownBy(() -> LogQL.parse(query)).as(query)
                .isInstanceOf(LogQLException.class).hasMessage(expectedMessage);
    }

    @Test
    void selectors() {
        assertParses("{app=\"nginx\"}", "{app=\"nginx\"}");
        assertParses("{ app = \"nginx\" , host != \"web-1\" }", "{app=\"nginx\", host!=\"web-1\"}");
        assertParses("{app=~\"python.*\", level!~\"a|b\"}", "{app=~\"python.*\", level!~\"a|b\"}");
        assertParses("{app=`a\\b`}", "{app=\"a\\\\b\"}");
        assertParses("{app=\"x\"} # a comment", "{app=\"x\"}");
        assertParses("{app=\"x\",\nhost=\"y\"}", "{app=\"x\", host=\"y\"}");
    }

    @Test
    void lineFilters() {
        assertParses("{a=\"b\"} |= \"x\" != \"y\" |~ \"z\" !~ \"w\"", "{a=\"b\"} |= \"x\" != \"y\" |~ \"z\" !~ \"w\"");
        assertParses("{a=\"b\"} |= \"x\" or \"y\"", "{a=\"b\"} |= \"x\" or \"y\"");
        assertParses("{a=\"b\"} != \"x\" or \"y\" or \"z\"", "{a=\"b\"} != \"x\" != \"y\" != \"z\"");
        assertParses("{a=\"b\"} |> \"<_> x <_>\" !> \"<_>y\"", "{a=\"b\"} |> \"<_> x <_>\" !> \"<_>y\"");
        assertParses("{a=\"b\"} |= ip(\"10.0.0.0/8\")", "{a=\"b\"} |= ip(\"10.0.0.0/8\")");
        assertParses("{a=\"b\"} |= \"\\x1b[32m\"", "{a=\"b\"} |= \"\\x1b[32m\"");
        assertParses("{a=\"b\"} |= `로그인`", "{a=\"b\"} |= \"로그인\"");
    }

    @Test
    void parsersAndFormatters() {
        assertParses("{a=\"b\"} | json", "{a=\"b\"} | json");
        assertParses("{a=\"b\"} | json x, y=\"a.b[0]\"", "{a=\"b\"} | json x=\"x\",y=\"a.b[0]\"");
        assertParses("{a=\"b\"} | logfmt --strict --keep-empty", "{a=\"b\"} | logfmt --strict --keep-empty");
        assertParses("{a=\"b\"} | logfmt --strict x", "{a=\"b\"} | logfmt --strict x=\"x\"");
        assertParses("{a=\"b\"} | regexp `(?P<x>\\d+)`", "{a=\"b\"} | regexp \"(?P<x>\\\\d+)\"");
        assertParses("{a=\"b\"} | pattern \"<x> <_>\"", "{a=\"b\"} | pattern \"<x> <_>\"");
        assertParses("{a=\"b\"} | unpack | decolorize", "{a=\"b\"} | unpack | decolorize");
        assertParses("{a=\"b\"} | line_format \"{{.x}}\"", "{a=\"b\"} | line_format \"{{.x}}\"");
        assertParses("{a=\"b\"} | label_format x=y, z=\"{{.a}}\"", "{a=\"b\"} | label_format x=y,z=\"{{.a}}\"");
        assertParses("{a=\"b\"} | drop x, y=\"1\" | keep z", "{a=\"b\"} | drop x,y=\"1\" | keep z");
    }

    @Test
    void labelFilters() {
        assertParses("{a=\"b\"} | x > 1.5", "{a=\"b\"} | x>1.5");
        assertParses("{a=\"b\"} | x = 2", "{a=\"b\"} | x==2");
        assertParses("{a=\"b\"} | x >= -3", "{a=\"b\"} | x>=-3");
        assertParses("{a=\"b\"} | d > 250ms", "{a=\"b\"} | d>250ms");
        assertParses("{a=\"b\"} | d <= 1h30m", "{a=\"b\"} | d<=1h30m0s");
        assertParses("{a=\"b\"} | s > 1.5MB", "{a=\"b\"} | s>1.5MB");
        assertParses("{a=\"b\"} | s > 2MiB", "{a=\"b\"} | s>2.1MB");
        assertParses("{a=\"b\"} | ip = ip(\"1.2.3.0/24\")", "{a=\"b\"} | ip=ip(\"1.2.3.0/24\")");
        assertParses("{a=\"b\"} | x=\"1\" and y=\"2\" or z=\"3\"", "{a=\"b\"} | ( ( x=\"1\" , y=\"2\" ) or z=\"3\" )");
        assertParses("{a=\"b\"} | x=\"1\" or y=\"2\" and z=\"3\"", "{a=\"b\"} | ( x=\"1\" or ( y=\"2\" , z=\"3\" ) )");
        assertParses("{a=\"b\"} | x=\"1\", y=\"2\" or z=\"3\"", "{a=\"b\"} | ( x=\"1\" , ( y=\"2\" or z=\"3\" ) )");
        assertParses("{a=\"b\"} | (x=\"1\" or y=\"2\") z=\"3\"", "{a=\"b\"} | ( ( x=\"1\" or y=\"2\" ) , z=\"3\" )");
        assertParses("{a=\"b\"} | duration > 1s", "{a=\"b\"} | duration>1s");
    }

    @Test
    void metricQueries() {
        assertParses("rate({a=\"b\"}[5m])", "rate({a=\"b\"}[5m])");
        assertParses("count_over_time({a=\"b\"} |= \"x\" [90m] offset 1h)", "count_over_time({a=\"b\"} |= \"x\"[1h30m] offset 1h0m0s)");
        assertParses("count_over_time({a=\"b\"}[7d])", "count_over_time({a=\"b\"}[1w])");
        assertParses("count_over_time({a=\"b\"}[5m] | json)", "count_over_time({a=\"b\"} | json[5m])");
        assertParses("count_over_time(({a=\"b\"} | json)[5m])", "count_over_time({a=\"b\"} | json[5m])");
        assertParses("quantile_over_time(0.99, {a=\"b\"} | json | unwrap duration(d) | __error__=\"\" [1h]) by (x)",
                "quantile_over_time(0.99,{a=\"b\"} | json | unwrap duration(d) | __error__=\"\"[1h]) by (x)");
        assertParses("sum by (a, b) (rate({a=\"b\"}[1m]))", "sum by (a,b)(rate({a=\"b\"}[1m]))");
        assertParses("sum(rate({a=\"b\"}[1m])) without (a)", "sum without (a)(rate({a=\"b\"}[1m]))");
        assertParses("topk(3, rate({a=\"b\"}[1m]))", "topk(3,rate({a=\"b\"}[1m]))");
        assertParses("1 + 2 * 3", "7");
        assertParses("2 ^ 3 ^ 2", "512");
        assertParses("1e7", "1e+07");
        assertParses("vector(1) + 0.5", "(vector(1.000000) + 0.5)");
        assertParses("rate({a=\"b\"}[1m]) / on (x) group_left (y) rate({a=\"b\"}[1m])",
                "(rate({a=\"b\"}[1m]) / on (x) group_left (y) rate({a=\"b\"}[1m]))");
        assertParses("rate({a=\"b\"}[1m]) > bool 1", "(rate({a=\"b\"}[1m]) > bool 1)");
        assertParses("rate({a=\"b\"}[1m]) - rate({a=\"b\"}[1m]) - 1",
                "((rate({a=\"b\"}[1m]) - rate({a=\"b\"}[1m])) - 1)");
        assertParses("label_replace(rate({a=\"b\"}[1m]), \"d\", \"$1\", \"s\", \"(.*)\")",
                "label_replace(rate({a=\"b\"}[1m]),\"d\",\"$1\",\"s\",\"(.*)\")");
        assertParses("SUM(RATE({a=\"b\"}[1m]))", "sum(rate({a=\"b\"}[1m]))");
    }

    @Test
    void syntaxErrors() {
        assertParseError("{app=\"nginx\"", "parse error at line 1, col 13: syntax error: unexpected $end, expecting } or ,");
        assertParseError("{app=", "parse error at line 1, col 6: syntax error: unexpected $end, expecting STRING");
        assertParseError("rate({app=\"nginx\"}[5x])", "parse error at line 0, col 19: unknown unit \"x\" in duration \"5x\"");
        assertParseError("{app=\"nginx\"} | distinct host", "parse error at line 1, col 26: syntax error: unexpected IDENTIFIER");
        assertParseError("-sum(count_over_time({app=\"nginx\"}[5m]))",
                "parse error at line 1, col 2: syntax error: unexpected SUM, expecting NUMBER");
        assertParseError("{app=\"nginx\"} | logfmt --unknown",
                "parse error at line 1, col 26: syntax error: unexpected IDENTIFIER, expecting NUMBER");
        assertParseError("", "parse error : syntax error: unexpected $end");
        assertParseError("sum(count_over_time({app=\"nginx\"}[5m])) > bool", "parse error at line 1, col 47: syntax error: unexpected $end");
        assertParseError("{app=\"nginx\"} | keep", "parse error at line 1, col 21: syntax error: unexpected $end, expecting IDENTIFIER");
        assertThatThrownBy(() -> LogQL.parse("{a=\"b\"} | x > 0B")).isInstanceOf(ParseException.class);
        assertParseError("{a=\"b\"} |= \"x", "parse error at line 1, col 12: literal not terminated");
    }

    @Test
    void semanticErrors() {
        String empty = "parse error : queries require at least one regexp or equality matcher that does not have an "
                + "empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will";
        assertParseError("{app=\"\"}", empty);
        assertParseError("{app=~\".*\"}", empty);
        assertParseError("{app!=\"x\"}", empty);
        assertParseError("{app=~\"([\"}", "parse error : error parsing regexp: missing closing ]: `[`");
        assertParseError("topk(sum by (host) (count_over_time({app=\"nginx\"}[5m])))",
                "parse error : parameter required for operation topk");
        assertParseError("quantile_over_time(0.9, {app=\"nginx\"}[5m])",
                "parse error : invalid aggregation quantile_over_time without unwrap");
        assertParseError("label_replace(sum by (host) (count_over_time({app=\"nginx\"}[5m])), \"x\", \"$1\", \"host\", \"(\")",
                "parse error : invalid regex in label_replace: error parsing regexp: missing closing ): `^(?:()$`");
        assertParseError("{app=\"nginx\"} | regexp \"(?P<1bad>x)\"",
                "parse error : invalid regexp parser: invalid extracted label name '1bad'");
        assertParseError("count_over_time({app=\"nginx\"}[5m]) by (host)",
                "parse error : grouping not allowed for count_over_time aggregation");
        assertParseError("sum by (le) (count_over_time({app=\"gateway\"} | logfmt | unwrap bytes(size) [6h]))",
                "parse error : invalid aggregation count_over_time with unwrap");
        assertParseError("rate({a=\"b\"}[1m]) or 1",
                "parse error : unexpected literal for right leg of logical/set binary operation (or): 1.000000");
    }

    @Test
    void matchersOnly() {
        assertThat(LogQL.parseMatchers("{app=\"nginx\"}", true)).hasSize(1);
        assertThatThrownBy(() -> LogQL.parseMatchers("{app=\"nginx\"} |= \"POST\"", true))
                .hasMessage("only label matchers are supported");
        assertThat(LogQL.parseSelector("{app=\"nginx\"} |= \"POST\"").stages()).hasSize(1);
    }
}
