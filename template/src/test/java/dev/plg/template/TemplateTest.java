package dev.plg.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Go text/template semantics, one case per line: template, expected output, or {@code !} + Go's error text. Data:
 * {@code s="Hello World" n=42 f=1.5 t=true empty="" list=[a b c] none=[] m={x:1 y:2} nested={inner={v:deep}}}.
 */
class TemplateTest {
    static final Map<String, Object> DATA = data();

    private static Map<String, Object> data() {
        Map<String, Object> d = new HashMap<>();
        d.put("s", "Hello World");
        d.put("n", 42L);
        d.put("f", 1.5);
        d.put("t", true);
        d.put("empty", "");
        d.put("list", List.of("a", "b", "c"));
        d.put("none", List.of());
        d.put("m", Map.of("y", "2", "x", "1"));
        d.put("nested", Map.of("inner", Map.of("v", "deep")));
        return d;
    }

    static final Functions FUNCS = Sprig.sprig().with(Sprig.goStrings());

    static final String[][] CASES = {
        // text, fields, printing
        {"hello", "hello"},
        {"{{.s}}", "Hello World"},
        {"{{ .n }} {{ .f }} {{ .t }} {{ .list }} {{ .m }}", "42 1.5 true [a b c] map[x:1 y:2]"},
        {"{{ .nested.inner.v }}", "deep"},
        {"{{ .missing }}|{{ .missing.deeper }}", "<no value>|<no value>"},
        {"{{ . | len }}", "9"},
        {"{{ $.s }}", "Hello World"},
        {"{{ 0x1F }} {{ 1e3 }} {{ 'a' }} {{ 1_000 }} {{ -2 }} {{ 2.50 }} {{ true }} {{ \"q\" }} {{ `raw\\n` }}",
            "31 1000 97 1000 -2 2.5 true q raw\\n"},
        {"{{ 1e6 }} {{ 0.00001 }} {{ 123456.0 }}", "1e+06 1e-05 123456"},
        // comments and trim markers
        {"{{/* comment */}}x", "x"},
        {"a  {{- .s -}}  b", "aHello Worldb"},
        {"a {{- /* c */ -}} b", "ab"},
        {"a\n  {{- 3 }}\n{{ 4 -}}\n\n b", "a3\n4b"},
        {"{{-3}}", "-3"},
        // variables
        {"{{ $x := .s }}{{ $x }}", "Hello World"},
        {"{{ $x := 1 }}{{ $x = 2 }}{{ $x }}", "2"},
        {"{{ $x := 1 }}{{ if true }}{{ $x = 5 }}{{ end }}{{ $x }}", "5"},
        {"{{ $x := \"out\" }}{{ with .m }}{{ $x := .x }}{{ $x }}{{ end }} {{ $x }}", "1 out"},
        // if / else if / else, with
        {"{{ if .t }}yes{{ end }}", "yes"},
        {"{{ if .empty }}yes{{ else }}no{{ end }}", "no"},
        {"{{ if eq .n 1 }}one{{ else if eq .n 42 }}answer{{ else }}other{{ end }}", "answer"},
        {"{{ if .none }}a{{ else if .missing }}b{{ else }}c{{ end }}", "c"},
        {"{{ if 0 }}a{{ else if 0.0 }}b{{ else if .m }}c{{ end }}", "c"},
        {"{{ with .m }}{{ .x }}{{ end }}", "1"},
        {"{{ with .missing }}has{{ else }}none{{ end }}", "none"},
        {"{{ with .missing }}a{{ else with .s }}{{ . }}{{ end }}", "Hello World"},
        {"{{ with $v := .s }}{{ $v }}{{ end }}", "Hello World"},
        // range
        {"{{ range .list }}[{{ . }}]{{ end }}", "[a][b][c]"},
        {"{{ range $i, $v := .list }}{{ $i }}={{ $v }} {{ end }}", "0=a 1=b 2=c "},
        {"{{ range $v := .list }}{{ $v }}{{ end }}", "abc"},
        {"{{ range $k, $v := .m }}{{ $k }}:{{ $v }};{{ end }}", "x:1;y:2;"},
        {"{{ range .m }}{{ . }}{{ end }}", "12"},
        {"{{ range .none }}x{{ else }}empty{{ end }}", "empty"},
        {"{{ range .missing }}x{{ else }}nil{{ end }}", "nil"},
        {"{{ range .list }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "a"},
        {"{{ range .list }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "ac"},
        {"{{ range 3 }}{{ . }}{{ end }}", "012"},
        {"{{ range .list }}{{ $.n }}{{ end }}", "424242"},
        {"{{ $i := 0 }}{{ range .list }}{{ $i = . }}{{ end }}{{ $i }}", "c"},
        // pipelines, parentheses, chains
        {"{{ \"a\" | printf \"%s-%s\" \"b\" }}", "b-a"},
        {"{{ .s | len }}", "11"},
        {"{{ (index .list 0) }}{{ (.nested).inner.v }}", "adeep"},
        {"{{ len (index .nested \"inner\") }}", "1"},
        // builtins
        {"{{ printf \"%d %5.2f %q %v %x %-3s| %05d %+d %e %g %t\" 7 3.14159 \"q\" true 255 \"ab\" 42 5 1234.5678 0.1 false }}",
            "7  3.14 \"q\" true ff ab | 00042 +5 1.234568e+03 0.1 false"},
        {"{{ printf \"%s\" 5 }}|{{ printf \"%d\" }}|{{ printf \"x\" 1 }}|{{ printf \"%d\" 1.5 }}",
            "%!s(int=5)|%!d(MISSING)|x%!(EXTRA int=1)|%!d(float64=1.5)"},
        {"{{ printf \"%.2f %.0f %.3g %v\" 0.125 2.5 1234.5 .f }}", "0.12 2 1.23e+03 1.5"},
        {"{{ print 1 2 \"a\" \"b\" 3 }}", "1 2ab3"},
        {"{{ println 1 \"a\" }}", "1 a\n"},
        {"{{ len .s }} {{ len .list }} {{ len .m }} {{ len \"é\" }}", "11 3 2 2"},
        {"{{ index .list 1 }} {{ index .m \"y\" }} {{ index .nested \"inner\" \"v\" }} {{ index .m \"zz\" }}", "b 2 deep <no value>"},
        {"{{ slice .s 0 5 }} {{ slice .list 1 }} {{ slice .list 1 2 }}", "Hello [b c] [b]"},
        {"{{ html \"<a href='x'>&\\\"\" }}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"},
        {"{{ js \"it's <b>=\" }}", "it\\'s \\u003Cb\\u003E\\u003D"},
        {"{{ urlquery \"a b&c~/\" }}", "a+b%26c~%2F"},
        {"{{ and 1 0 2 }} {{ or 0 \"\" \"x\" }} {{ not .t }} {{ and .t .s }} {{ or 0 \"\" }}", "0 x false Hello World "},
        {"{{ or .t (index .list 99) }} {{ and .empty (index .list 99) }}|", "true |"},
        {"{{ eq .s \"Hello World\" }} {{ ne .n 41 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt 1.5 .f }} {{ ge \"b\" \"a\" }}",
            "true true true true false true"},
        {"{{ eq .n 1 2 42 }} {{ eq .missing \"x\" }} {{ eq .t true }}", "true false true"},
        // sprig and Go strings
        {"{{ .s | upper }}|{{ lower .s }}|{{ ToUpper .s }}|{{ title \"a b\" }}|{{ trunc 5 .s }}|{{ substr 6 -1 .s }}",
            "HELLO WORLD|hello world|HELLO WORLD|A B|Hello|World"},
        {"{{ default \"d\" .missing }} {{ default \"d\" .empty }} {{ .s | default \"d\" }} {{ quote .s 1 }} {{ squote \"x\" }}",
            "d d Hello World \"Hello World\" \"1\" 'x'"},
        {"{{ regexReplaceAll \"(o)\" .s \"[$1]\" }}|{{ regexReplaceAllLiteral \"o\" .s \"$1\" }}|{{ Replace .s \"o\" \"0\" 1 }}",
            "Hell[o] W[o]rld|Hell$1 W$1rld|Hell0 World"},
        {"{{ regexReplaceAll \"(?P<x>o)\" .s \"<${x}$1$2$$$x1>\" }}|{{ regexReplaceAll \"a*\" \"baaac\" \"X\" }}",
            "Hell<oo$> W<oo$>rld|XbXcX"},
        {"{{ add .n 1 \"2\" }} {{ sub 5 2 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 2 }} {{ addf 1.5 1 }} {{ round 2.345 2 }} {{ int \"0x10\" }}",
            "45 3 24 3 1 2.5 2.35 16"},
        {"{{ ternary \"y\" \"n\" .t }} {{ coalesce .empty .missing \"z\" }} {{ empty .none }} {{ cat \"a\" 1 .missing }}",
            "y z true a 1"},
        // parse errors
        {"{{ .s ", "!template: t:1: unclosed action"},
        {"{{ nope }}", "!template: t:1: function \"nope\" not defined"},
        {"{{ $x }}", "!template: t:1: undefined variable \"$x\""},
        {"{{ if true }}{{ $y := 2 }}{{ end }}{{ $y }}", "!template: t:1: undefined variable \"$y\""},
        {"{{ if .t }}x", "!template: t:1: unexpected EOF"},
        {"{{ end }}", "!template: t:1: unexpected {{end}}"},
        {"a\n{{ else }}", "!template: t:2: unexpected {{else}}"},
        {"{{ break }}", "!template: t:1: {{break}} outside {{range}}"},
        {"{{ range .list }}{{ else }}{{ continue }}{{ end }}", "!template: t:1: {{continue}} outside {{range}}"},
        {"{{ if }}x{{ end }}", "!template: t:1: missing value for if"},
        {"{{ }}", "!template: t:1: missing value for command"},
        {"{{ \"a }}", "!template: t:1: unterminated quoted string"},
        {"{{ 3x }}", "!template: t:1: bad number syntax: \"3x\""},
        {"{{ ) }}", "!template: t:1: unexpected right paren"},
        {"{{ (1 }}", "!template: t:1: unclosed left paren"},
        {"{{/* x }}", "!template: t:1: unclosed comment"},
        {"{{/* x */ 1 }}", "!template: t:1: comment ends before closing delimiter"},
        {"{{ .s | 3 }}", "!template: t:1: non executable command in pipeline stage 2"},
        {"{{ range $a, $b, $c := .list }}{{ end }}", "!template: t:1: too many declarations in range"},
        {"{{ with $a, $b := .m }}{{ end }}", "!template: t:1: too many declarations in with"},
        {"{{ if true }}{{ else }}{{ else }}{{ end }}", "!template: t:1: expected end; found {{else}}"},
        {"{{ 3.x }}", "!template: t:1: bad number syntax: \"3.x\""},
        {"{{ \"s\".x }}", "!template: t:1: unexpected . after term \"\\\"s\\\"\""},
        {"{{ .s = 1 }}", "!template: t:1: unexpected \"=\" in operand"},
        // execution errors
        {"{{ .s.x }}", "!template: t:1:5: executing \"t\" at <.s.x>: can't evaluate field x in type string"},
        {"{{ .s 1 }}", "!template: t:1:3: executing \"t\" at <.s>: s is not a method but has arguments"},
        {"{{ 1 2 }}", "!template: t:1:3: executing \"t\" at <1>: can't give argument to non-function 1"},
        {"{{ nil }}", "!template: t:1:3: executing \"t\" at <nil>: nil is not a command"},
        {"a\n{{ len 1 2 }}", "!template: t:2:3: executing \"t\" at <len>: wrong number of args for len: want 1 got 2"},
        {"{{ printf }}", "!template: t:1:3: executing \"t\" at <printf>: wrong number of args for printf: want at least 1 got 0"},
        {"{{ printf 1 }}", "!template: t:1:10: executing \"t\" at <1>: expected string; found 1"},
        {"{{ printf .n }}", "!template: t:1:10: executing \"t\" at <.n>: wrong type for value; expected string; got int"},
        {"{{ upper .missing }}", "!template: t:1:9: executing \"t\" at <.missing>: invalid value; expected string"},
        {"{{ index .list 5 }}", "!template: t:1:3: executing \"t\" at <index .list 5>: error calling index: index out of range: 5"},
        {"{{ lt .n 1.5 }}", "!template: t:1:3: executing \"t\" at <lt .n 1.5>: error calling lt: incompatible types for comparison"},
        {"{{ lt .missing 1 }}", "!template: t:1:3: executing \"t\" at <lt .missing 1>: error calling lt: invalid type for comparison"},
        {"{{ div 1 0 }}", "!template: t:1:3: executing \"t\" at <div 1 0>: error calling div: runtime error: integer divide by zero"},
        {"{{ range .s }}{{ end }}", "!template: t:1:9: executing \"t\" at <.s>: range can't iterate over Hello World"},
        {"{{ range $i, $v := 3 }}{{ end }}", "!template: t:1:19: executing \"t\" at <3>: can't use 3 to iterate over more than one variable"},
        {"{{ len 3 }}", "!template: t:1:3: executing \"t\" at <len 3>: error calling len: len of type int"},
        {"{{ regexReplaceAll \"(\" .s \"\" }}",
            "!template: t:1:3: executing \"t\" at <regexReplaceAll \"(\" ...>: error calling regexReplaceAll: "
                + "regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"},
    };

    @Test
    void goSemantics() {
        List<String> failures = new ArrayList<>();
        for (String[] c : CASES) {
            String got;
            try {
                got = Template.parse("t", c[0], FUNCS).execute(DATA);
            } catch (TemplateException e) {
                got = "!" + e.getMessage();
            }
            if (!got.equals(c[1])) {
                failures.add(c[0] + "\n    want: " + c[1] + "\n    got:  " + got);
            }
        }
        assertThat(failures).as("cases that differ from Go").isEmpty();
    }

    @Test
    void missingKeyOptions() {
        Map<String, Object> labels = new LinkedHashMap<>(Map.of("a", "1"));
        Template zero = Template.parse("t", "[{{ .nope }}][{{ index . \"nope\" }}]", FUNCS,
                new Template.Options(Template.MissingKey.ZERO, ""));
        assertThat(zero.execute(labels)).isEqualTo("[][]");
        Template err = Template.parse("t", "{{ .nope }}", FUNCS, new Template.Options(Template.MissingKey.ERROR, null));
        assertThatThrownBy(() -> err.execute(labels)).isInstanceOf(TemplateException.class)
                .hasMessage("template: t:1:3: executing \"t\" at <.nope>: map has no entry for key \"nope\"");
    }

    @Test
    void functionsSeeTheEnvironmentAndFailInGoWords() {
        Functions f = Functions.builder()
                .add("__line__", (env, a) -> env)
                .add("fail", (env, a) -> {
                    throw new FunctionException("no " + a[0]);
                }, Functions.Type.STRING)
                .build();
        Template t = Template.parse("line", "{{ __line__ | upper }}", f.with(Sprig.sprig()));
        assertThat(t.execute(Map.of(), "the line")).isEqualTo("THE LINE");
        assertThatThrownBy(() -> Template.parse("x", "{{ fail \"way\" }}", f).execute(Map.of()))
                .hasMessage("template: x:1:3: executing \"x\" at <fail \"way\">: error calling fail: no way");
        assertThat(Sprig.sprig().only("upper").names()).containsExactly("upper");
        assertThatThrownBy(() -> Template.parse("x", "{{ lower \"A\" }}", Sprig.sprig().only("upper")))
                .hasMessage("template: x:1: function \"lower\" not defined");
        assertThatThrownBy(() -> Sprig.sprig().only("nope")).hasMessageContaining("no function \"nope\"");
    }

    @Test
    void aCompiledTemplateIsSharedAcrossThreads() throws Exception {
        Template t = Template.parse("t", "{{ range $i, $v := .list }}{{ $i }}{{ $v }}{{ end }}-{{ .n }}", FUNCS);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                final long n = k;
                Callable<Boolean> job = () -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!t.execute(Map.of("list", List.of("a", "b"), "n", n)).equals("0a1b-" + n)) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(pool.submit(job));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        }
    }
}
