package dev.plg.logql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Errors Loki reports when it builds the pipeline: LogQL.parse reports them too, with Loki's text. */
class ErrorCasesTest {

    private static void assertParseError(String query, String expectedMessage) {
        assertThatThrownBy(() -> LogQL.parse(query)).as(query).isInstanceOf(LogQLException.class)
                .hasMessage(expectedMessage);
    }

    @Test
    void stageErrors() {
        assertParseError("{app=\"nginx\"} |~ \"([\"",
                "parse error : stage '|~ \"([\"' : error parsing regexp: missing closing ]: `[`");
        assertParseError("{app=\"nginx\"} | line_format \"{{.foo\"",
                "parse error : stage '| line_format \"{{.foo\"' : invalid line template: template: line:1: unclosed action");
        assertParseError("{app=\"nginx\"} | line_format \"{{ nope .foo }}\"",
                "parse error : stage '| line_format \"{{ nope .foo }}\"' : invalid line template: template: line:1: function \"nope\" not defined");
        assertParseError("{app=\"nginx\"} | line_format \"{{ .host | nope2 }}\"",
                "parse error : stage '| line_format \"{{ .host | nope2 }}\"' : invalid line template: template: line:1: function \"nope2\" not defined");
        assertParseError("{app=\"nginx\"} | json foo=\"bar[\"",
                "parse error : stage '| json foo=\"bar[\"' : cannot parse expression [bar[]: syntax error: unexpected $end, expecting STRING or INDEX");
        assertParseError("count_over_time({app=\"nginx\"} |~ \"([\" [5m])",
                "parse error : stage '|~ \"([\"' : error parsing regexp: missing closing ]: `[`");
    }

    @Test
    void disabledFeatures() {
        assertThatThrownBy(() -> LogQL.parse("approx_topk(2, sum by (host) (count_over_time({app=\"nginx\"}[5m])))"))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessage("approx_topk is not enabled. See -limits.shard_aggregations");
    }
}
