package dev.plg.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.agent.eval.Durations;
import dev.plg.agent.eval.EvalException;
import dev.plg.agent.eval.Evaluator;
import dev.plg.agent.eval.Sizes;
import dev.plg.agent.eval.Value;
import dev.plg.agent.syntax.ConfigException;
import dev.plg.agent.syntax.Parser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Expressions, conversions and the standard library, one line per case. */
class EvalTest {
    private static Value eval(String expr) {
        return new Evaluator("t.alloy", (chain, pos) -> {
            throw new ConfigException("t.alloy", pos, "no components here");
        }).eval(Parser.parseExpression(expr));
    }

    private static void assertEval(String expr, Value expected) {
        assertThat(eval(expr)).as(expr).isEqualTo(expected);
    }

    @Test
    void operatorsAndLiterals() {
        assertEval("1 + 2 * 3", Value.of(7));
        assertEval("2 ^ 3 ^ 2", Value.of(512));
        assertEval("-2 ^ 2", Value.of(4));
        assertEval("2 ^ 3 + 2", Value.of(10));
        assertEval("010", Value.of(8));
        assertEval("09", Value.of(9.0));
        assertEval(".5", Value.of(0.5));
        assertEval("2.5e1", Value.of(25.0));
        assertEval("3 == 3.0", Value.of(true));
        assertEval("[1, 2] != [2, 1]", Value.of(true));
        assertEval("\"a\" < \"b\"", Value.of(true));
        assertEval("!false && (1 < 2 || 3 >= 4)", Value.of(true));
        assertEval("7 % 4", Value.of(3));
        assertEval("\"a\" + \"b\"", Value.of("ab"));
        assertEval("[\"100ms\", \"200ms\"][1]", Value.of("200ms"));
        assertEval("{short = \"1s\", long = \"5m\"}.long", Value.of("5m"));
        assertEval("{a = \"t\"}[\"missing\"]", Value.NULL);
        assertEval("\"tab\\there\"", Value.of("tab\there"));
        assertEval("\"\\u00e9\\x41\\101\"", Value.of("éAA"));
        assertEval("`a\\nb`", Value.of("a\\nb"));
    }

    @Test
    void standardLibrary() {
        assertEval("coalesce(null, \"\", \"x\")", Value.of("x"));
        assertEval("coalesce(\"\", [])", new Value.Array(java.util.List.of()));
        assertEval("string.format(\"%dms\", 100 * 2 + 50)", Value.of("250ms"));
        assertEval("string.format(\"%s-%d-%v\", \"a\", 1, true)", Value.of("a-1-true"));
        assertEval("string.join(string.split(\"a,b\", \",\"), \"_\")", Value.of("a_b"));
        assertEval("string.to_upper(string.trim(\"--x--\", \"-\"))", Value.of("X"));
        assertEval("string.trim_prefix(string.trim_suffix(\"[v]\", \"]\"), \"[\")", Value.of("v"));
        assertEval("string.replace(\"a.b.c\", \".\", \"_\")", Value.of("a_b_c"));
        assertEval("file.path_join(\"/var/log\", \"x\", \"*.log\")", Value.of("/var/log/x/*.log"));
        assertEval("concat([1], [2, 3])", eval("[1, 2, 3]"));
        assertEval("array.concat()", eval("[]"));
        assertEval("json_decode(`{\"a\": [1, \"x\"]}`).a[1]", Value.of("x"));
        assertEval("encoding.to_json({a = 1})", Value.of("{\"a\":1}"));
        assertEval("sys.env(\"PLG_SURELY_UNSET_VARIABLE\")", Value.of(""));
        assertEval("env(\"PLG_SURELY_UNSET_VARIABLE\")", Value.of(""));
        assertEval("constants.os", Value.of("linux"));
    }

    @Test
    void errorsNameThePlace() {
        assertThatThrownBy(() -> eval("1 / 0")).hasMessage("t.alloy:1:3: divide by zero");
        assertThatThrownBy(() -> eval("{a = 1}.b")).hasMessage("t.alloy:1:1: field \"b\" does not exist");
        assertThatThrownBy(() -> eval("concat(1)")).hasMessage("t.alloy:1:7: expected array, got number");
        assertThatThrownBy(() -> eval("array.group_by([])")).hasMessageContaining("experimental");
    }

    @Test
    void durationsAndSizes() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Durations.parse("5")).isInstanceOf(EvalException.class).hasMessage("time: missing unit in duration \"5\"");
        assertThatThrownBy(() -> Durations.parse("1d")).hasMessage("time: unknown unit \"d\" in duration \"1d\"");
        assertThat(Sizes.parse("1MiB")).isEqualTo(1 << 20);
        assertThat(Sizes.parse("1MB")).isEqualTo(1 << 20);
        assertThat(Sizes.parse("512KiB")).isEqualTo(512 << 10);
        assertThat(Sizes.parse("8KiB")).isEqualTo(8192);
    }
}
