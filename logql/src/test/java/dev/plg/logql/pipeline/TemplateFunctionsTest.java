package dev.plg.logql.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.logql.LogQL;
import dev.plg.logql.ast.LogExpr;
import dev.plg.push.LabelPair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** line_format template functions, one line per case, over labels {@code s="Hello World", n="42", f="1392.71", d="1.5s", b="12KB"}. */
class TemplateFunctionsTest {
    static final List<LabelPair> STREAM = List.of(new LabelPair("b", "12KB"), new LabelPair("d", "1.5s"),
            new LabelPair("f", "1392.71"), new LabelPair("n", "42"), new LabelPair("s", "Hello World"),
            new LabelPair("u", "a b&c"));
    static final long TS = 1_767_225_600_123_456_789L;

    static void assertTemplate(String template, String expected) {
        LogExpr e = (LogExpr) LogQL.parse("{s=\"x\"} | line_format " + dev.plg.logql.syntax.GoText.quote(template));
        byte[] line = "the line".getBytes(StandardCharsets.UTF_8);
        EntryResult r = Pipelines.compile(e).forStream(STREAM).process(TS, line, 0, line.length, List.of());
        assertThat(r.line()).as(template).isEqualTo(expected);
    }

    @Test
    void strings() {
        assertTemplate("{{ .s | upper }}|{{ lower .s }}|{{ ToUpper .s }}|{{ ToLower .s }}", "HELLO WORLD|hello world|HELLO WORLD|hello world");
        assertTemplate("{{ title \"hello wide world\" }}", "Hello Wide World");
        assertTemplate("{{ trunc 5 .s }}|{{ trunc -5 .s }}|{{ substr 0 3 .s }}|{{ substr 6 -1 .s }}", "Hello|World|Hel|World");
        assertTemplate("{{ contains \"World\" .s }} {{ hasPrefix \"He\" .s }} {{ hasSuffix \"x\" .s }}", "true true false");
        assertTemplate("{{ replace \"o\" \"0\" .s }}|{{ Replace .s \"o\" \"0\" 1 }}", "Hell0 W0rld|Hell0 World");
        assertTemplate("{{ repeat 2 \"ab\" }}|{{ trim \"  x \" }}|{{ trimAll \"H\" .s }}|{{ trimPrefix \"He\" .s }}|{{ trimSuffix \"ld\" .s }}",
                "abab|x|ello World|llo World|Hello Wor");
        assertTemplate("{{ TrimSpace \" y \" }}|{{ Trim \"xxyxx\" \"x\" }}|{{ TrimPrefix .s \"Hello \" }}", "y|y|World");
        assertTemplate("{{ regexReplaceAll \"(o)\" .s \"[$1]\" }}|{{ regexReplaceAllLiteral \"o\" .s \"$1\" }}",
                "Hell[o] W[o]rld|Hell$1 W$1rld");
        assertTemplate("{{ count \"o\" .s }}", "2");
        assertTemplate("{{ indent 2 \"a\\nb\" }}|{{ nindent 1 \"a\" }}", "  a\n  b|\n a");
        assertTemplate("{{ alignLeft 7 .n }}|{{ alignRight 7 .n }}|{{ alignLeft 3 .s }}|{{ alignRight 3 .s }}", "42     |     42|Hel|rld");
        assertTemplate("{{ b64enc .s }}|{{ b64dec \"SGk=\" }}", "SGVsbG8gV29ybGQ=|Hi");
        assertTemplate("{{ urlencode .u }}|{{ urldecode \"a+b%26c\" }}", "a+b%26c|a b&c");
        assertTemplate("{{ .missing | default \"dflt\" }}|{{ .s | default \"dflt\" }}", "dflt|Hello World");
        assertTemplate("{{ printf \"%s=%d %05.1f %q %v\" .s 7 3.14159 \"q\" true }}", "Hello World=7 003.1 \"q\" true");
        assertTemplate("{{ __line__ }}|{{ len .s }}|{{ index . \"n\" }}", "the line|11|42");
    }

    @Test
    void numbers() {
        assertTemplate("{{ add .n 1 }} {{ sub .n 1 }} {{ mul .n 2 }} {{ div .n 5 }} {{ mod .n 5 }}", "43 41 84 8 2");
        assertTemplate("{{ addf .f 0.5 }} {{ subf .f 1 }} {{ mulf .f 2 }} {{ divf .f 3 }}", "1393.21 1391.71 2785.42 464.2366666666667");
        assertTemplate("{{ ceil .f }} {{ floor .f }} {{ round .f 1 }} {{ int .f }} {{ int .n }} {{ .f | float64 }}",
                "1393 1392 1392.7 0 42 1392.71");
        assertTemplate("{{ max 1 .n 7 }} {{ min 1 .n 7 }} {{ maxf 1.5 .f }} {{ minf 1.5 .f }}", "42 1 1392.71 1.5");
        assertTemplate("{{ .d | duration }} {{ .b | bytes }} {{ bytes \"10MB\" }}", "1.5 12000 1e+07");
    }

    @Test
    void time() {
        assertTemplate("{{ __timestamp__ }}", "2026-01-01 00:00:00.123456789 +0000 UTC");
        assertTemplate("{{ __timestamp__ | unixEpoch }} {{ unixEpochMillis __timestamp__ }} {{ unixEpochNanos __timestamp__ }}",
                "1767225600 1767225600123 1767225600123456789");
        assertTemplate("{{ __timestamp__ | date \"2006-01-02T15:04:05.000Z07:00 Mon Jan _2 3PM\" }}",
                "2026-01-01T00:00:00.123Z Thu Jan  1 12AM");
        assertTemplate("{{ unixToTime \"1767225600\" }}|{{ unixToTime \"1767225600123\" }}",
                "2026-01-01 00:00:00 +0000 UTC|2026-01-01 00:00:00.123 +0000 UTC");
        assertTemplate("{{ (toDate \"2006-01-02\" \"2026-03-04\") | unixEpoch }}", "1772582400");
        assertTemplate("{{ toDateInZone \"2006-01-02 15:04\" \"UTC\" \"2026-03-04 05:06\" | date \"15:04\" }}", "05:06");
    }

    @Test
    void control() {
        assertTemplate("{{ if eq .n \"42\" }}yes{{ else }}no{{ end }}", "yes");
        assertTemplate("{{ if gt (int .n) 50 }}big{{ else if gt (int .n) 40 }}mid{{ else }}small{{ end }}", "mid");
        assertTemplate("{{ with .missing }}has{{ else }}none{{ end }}|{{ with .s }}{{ . }}{{ end }}", "none|Hello World");
        assertTemplate("{{- \"a\" -}}   {{- \"b\" }} c", "ab c");
        assertTemplate("{{ $x := .s }}{{ $x | lower }}", "hello world");
        assertTemplate("{{ and .s .n }} {{ or .missing .n }} {{ not .missing }}", "42 42 true");
        assertTemplate("{{/* comment */}}x", "x");
        assertTemplate("{{ range $k, $v := . }}{{ if eq $k \"u\" }}{{ break }}{{ end }}{{ $k }}={{ $v }};{{ end }}",
                "b=12KB;d=1.5s;f=1392.71;n=42;s=Hello World;");
        assertTemplate("{{ with $x := .n }}{{ $x }}{{ else }}-{{ end }}", "42");
        assertTemplate("{{ if and (gt (len .s) 5) (contains \"World\" .s) }}long{{ end }}|{{ .missing }}|{{ index . \"missing\" }}",
                "long||");
    }

    @Test
    void executionErrorsKeepTheLineAndSayWhyInGoWords() {
        LogExpr e = (LogExpr) LogQL.parse("{s=\"x\"} | line_format \"{{ div 1 0 }}\"");
        byte[] line = "the line".getBytes(StandardCharsets.UTF_8);
        EntryResult r = Pipelines.compile(e).forStream(STREAM).process(TS, line, 0, line.length, List.of());
        assertThat(r.line()).isEqualTo("the line");
        assertThat(r.parsedLabels()).contains(new LabelPair("__error__", "TemplateFormatErr"), new LabelPair("__error_details__",
                "template: line:1:3: executing \"line\" at <div 1 0>: error calling div: runtime error: integer divide by zero"));
    }
}
