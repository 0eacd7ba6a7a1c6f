package dev.plg.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTextTest {
    @Test
    void parses() {
        assertParses("{}");
        assertParses("{app=\"api\"}", "app", "api");
        assertParses("{app=\"api\", env=\"prod\"}", "app", "api", "env", "prod");
        assertParses("  { app = \"api\" ,env=\"prod\" }  ", "app", "api", "env", "prod");
        assertParses("{b=\"2\", a=\"1\"}", "b", "2", "a", "1"); // order kept
        assertParses("{_x9=\"\"}", "_x9", "");
        assertParses("{a=`raw \\n \"q\"`}", "a", "raw \\n \"q\"");
        assertParses("{msg=\"서비스 로그\"}", "msg", "서비스 로그");
        assertParses("{a=\"q\\\"b\\\\c\\nd\\te\"}", "a", "q\"b\\c\nd\te");
        assertParses("{a=\"\\a\\b\\f\\r\\v\"}", "a", "\u0007\b\f\r\u000b");
        assertParses("{a=\"\\x41\\101\\u00e9\\U0001F600\"}", "a", "AAé\uD83D\uDE00");
        assertParses("{a=\"\\xea\\xb0\\x80\"}", "a", "가"); // \x escapes are UTF-8 bytes
    }

    @Test
    void refuses() {
        assertParseError("", "1:1: parse error: syntax error: unexpected $end, expecting {");
        assertParseError("app=\"x\"", "1:1: parse error: syntax error: unexpected 'a', expecting {");
        assertParseError("{1abc=\"x\"}", "1:2: parse error: unexpected character inside braces: '1'");
        assertParseError("{a=\"x\",}", "1:8: parse error: unexpected character inside braces: '}'");
        assertParseError("{a=\"x\"", "1:7: parse error: syntax error: unexpected $end, expecting } or ,");
        assertParseError("{a=\"x", "1:6: parse error: literal not terminated");
        assertParseError("{a!=\"x\"}", "1:3: parse error: syntax error: unexpected '!', expecting =");
        assertParseError("{a=x}", "1:4: parse error: syntax error: unexpected 'x', expecting STRING");
        assertParseError("{a=\"\\q\"}", "1:5: parse error: invalid char escape");
        assertParseError("{a=\"\\ud800\"}", "1:5: parse error: escape sequence is invalid Unicode code point");
        assertParseError("{a=\"x\"} b", "1:9: parse error: syntax error: unexpected 'b' after }");
    }

    @Test
    void formatsSortedWithGoQuoting() {
        assertFormats("{}");
        assertFormats("{a=\"1\", b=\"2\"}", "b", "2", "a", "1");
        assertFormats("{a=\"q\\\"b\\\\c\\nd\\te\"}", "a", "q\"b\\c\nd\te");
        assertFormats("{a=\"\\x00\\x1f\\x7f\\a\\v\"}", "a", "\u0000\u001f\u007f\u0007\u000b");
        assertFormats("{a=\"\\u0085\\u00a0\\u200b\"}", "a", "\u0085\u00a0\u200b");
        assertFormats("{a=\"서비스 é 😀\"}", "a", "서비스 é \uD83D\uDE00");
        assertFormats("{app=\"python-starter-kit\", env=\"production\", level=\"error\"}",
                "level", "error", "app", "python-starter-kit", "env", "production");
    }

    @Test
    void formatThenParseIsIdentityOnSortedPairs() {
        List<LabelPair> labels = pairs("a", "x\"y\\z\n\t\u0001", "b", "한국어 \u00a0", "c", "");
        assertThat(LabelsText.parse(LabelsText.format(labels))).isEqualTo(labels);
    }

    private static void assertParses(String text, String... nameValues) {
        assertThat(LabelsText.parse(text)).as(text).isEqualTo(pairs(nameValues));
    }

    private static void assertParseError(String text, String message) {
        assertThatThrownBy(() -> LabelsText.parse(text)).as(text)
                .isInstanceOf(PushFormatException.class).hasMessage(message);
    }

    private static void assertFormats(String expected, String... nameValues) {
        assertThat(LabelsText.format(pairs(nameValues))).isEqualTo(expected);
    }

    static List<LabelPair> pairs(String... nameValues) {
        List<LabelPair> out = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.add(new LabelPair(nameValues[i], nameValues[i + 1]));
        }
        return out;
    }
}
