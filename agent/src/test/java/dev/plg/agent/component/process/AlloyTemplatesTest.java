package dev.plg.agent.component.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** stage.template's functions and Go semantics, one line per case, over {@code Value="abc" level="warn"}. */
class AlloyTemplatesTest {
    private static final Map<String, Object> DATA = Map.of("Value", "abc", "level", "warn", "Entry", "the line");

    private static void assertRenders(String template, String expected) {
        assertThat(AlloyTemplates.render(AlloyTemplates.parse(template), DATA)).as(template).isEqualTo(expected);
    }

    @Test
    void alloyFunctions() {
        assertRenders("{{ Sha2Hash \"\" .Value }}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertRenders("{{ .Value | Sha2Hash \"\" }}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertRenders("{{ Hash \"\" \"\" }}", "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
        assertRenders("{{ ToUpper .Value }}|{{ .level | upper }}|{{ TrimPrefix .Entry \"the \" }}|{{ regexReplaceAll \"b\" .Value \"B\" }}",
                "ABC|WARN|line|aBc");
        assertRenders("{{ if eq .level \"warn\" }}W{{ else if eq .level \"error\" }}E{{ else }}-{{ end }}", "W");
        assertRenders("{{ range $k, $v := . }}{{ $k }},{{ end }}", "Entry,Value,level,");
        assertRenders("{{ .missing }}|{{ .Value | default \"x\" }}", "<no value>|abc");
        assertThat(AlloyTemplates.render(AlloyTemplates.parse("{{ len 1 }}"), DATA)).isNull();
        assertThatThrownBy(() -> AlloyTemplates.parse("{{ nope }}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("template: pipeline_template:1: function \"nope\" not defined");
    }
}
