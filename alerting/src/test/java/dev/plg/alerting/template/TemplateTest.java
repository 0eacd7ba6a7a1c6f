package dev.plg.alerting.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final Template.Data DATA = new Template.Data(Map.of("service", "auth", "level", "error"), 0.15,
            Map.of("cluster", "local"), "http://plg:3000");

    private static void assertExpands(String template, String expected) {
        assertThat(Template.parse(template).render(DATA)).as(template).isEqualTo(expected);
    }

    private static void assertExpands(String template, double value, String expected) {
        Template.Data d = new Template.Data(Map.of(), value, Map.of(), "");
        assertThat(Template.parse(template).render(d)).as(template + " with " + value).isEqualTo(expected);
    }

    @Test
    void expandsLikePrometheus() {
        assertExpands("{{ $labels.service }} has errors", "auth has errors");
        assertExpands("{{ .Labels.service }}", "auth");
        assertExpands("{{ $labels.missing }}|{{ index $labels \"missing\" }}", "<no value>|");
        assertExpands("value {{ $value }}", "value 0.15");
        assertExpands("{{ $value | humanize }}", "150m");
        assertExpands("{{ humanize $value }}", "150m");
        assertExpands("{{ printf \"%.2f\" $value }}", "0.15");
        assertExpands("{{ printf \"%s=%d\" $labels.service 3 }}", "auth=3");
        assertExpands("{{ $labels.service | toUpper }}", "AUTH");
        assertExpands("{{ $value | humanizePercentage }}", "15%");
        assertExpands("{{ $externalLabels.cluster }} {{ $externalURL }}", "local http://plg:3000");
        assertExpands("a {{- \" b \" -}} c", "a b c");
        assertExpands("{{/* comment */}}x", "x");
        assertExpands("{{ $labels }}", "map[level:error service:auth]");
    }

    @Test
    void formatsNumbersLikeGo() {
        assertExpands("{{ $value }}", 1_000_000, "1e+06");
        assertExpands("{{ $value }}", 123_456, "123456");
        assertExpands("{{ $value }}", 0.0001, "0.0001");
        assertExpands("{{ $value }}", 0.00001, "1e-05");
        assertExpands("{{ $value }}", 3, "3");
        assertExpands("{{ $value | humanize }}", 1234.5, "1.234k");
        assertExpands("{{ $value | humanize }}", 0, "0");
        assertExpands("{{ $value | humanize }}", 2_500_000, "2.5M");
        assertExpands("{{ $value | humanize1024 }}", 2048, "2ki");
        assertExpands("{{ $value | humanizeDuration }}", 3725, "1h 2m 5s");
        assertExpands("{{ $value | humanizeDuration }}", 0.25, "250ms");
        assertExpands("{{ printf \"%.2f\" $value }}", 0.125, "0.12");
        assertExpands("{{ printf \"%5.1f|%-4s|\" $value \"ab\" }}", 2.25, "  2.2|ab  |");
        assertThat(GoFormat.shortestE(0.15)).isEqualTo("1.5e-01");
        assertThat(GoFormat.shortestE(3)).isEqualTo("3e+00");
        assertThat(GoFormat.shortestE(1234)).isEqualTo("1.234e+03");
    }

    @Test
    void errorsAreReported() {
        assertThatThrownBy(() -> Template.parse("{{ $labels.service "))
                .hasMessage("template: __alert:1: unclosed action");
        assertThatThrownBy(() -> Template.parse("{{ nope $value }}"))
                .hasMessage("template: __alert:1: function \"nope\" not defined");
        assertThatThrownBy(() -> Template.parse("{{ if $value }}x"))
                .hasMessage("template: __alert:1: unexpected EOF");
        assertThat(Template.expand("{{ $labels.service | humanize }}", DATA))
                .isEqualTo("<error expanding template: error executing template __alert: template: __alert:1:133: "
                        + "executing \"__alert\" at <humanize>: error calling humanize: "
                        + "strconv.ParseFloat: parsing \"auth\": invalid syntax>");
        assertThat(Template.expand("{{ if gt $value 1 }}x{{ end }}", DATA))
                .isEqualTo("<error expanding template: error executing template __alert: template: __alert:1:118: "
                        + "executing \"__alert\" at <gt $value 1>: error calling gt: incompatible types for comparison>");
        assertThat(Template.expand("{{ nope }}", DATA))
                .isEqualTo("<error expanding template: error parsing template __alert: template: __alert:1: "
                        + "function \"nope\" not defined>");
    }

    @Test
    void controlStructuresAsInPrometheus() {
        assertExpands("{{ if gt $value 1.0 }}high{{ else }}low{{ end }}", 2.5, "high");
        assertExpands("{{ if gt $value 1.0 }}high{{ else }}low{{ end }}", 0.5, "low");
        assertExpands("{{ if gt $value 10.0 }}a{{ else if gt $value 1.0 }}b{{ else }}c{{ end }}", 2, "b");
        assertExpands("{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}", "level=error service=auth ");
        assertExpands("{{ range $labels }}{{ . }},{{ end }}", "error,auth,");
        assertExpands("{{ with $labels.service }}svc {{ . }}{{ end }}{{ with $labels.nope }}x{{ else }} none{{ end }}",
                "svc auth none");
        assertExpands("{{ $s := printf \"%s/%s\" $labels.level $labels.service }}{{ $s | toUpper }}", "ERROR/AUTH");
        assertExpands("{{ if and (eq $labels.level \"error\") (ge $value 0.1) }}page{{ end }}", "page");
        assertExpands("{{ if match \"^au\" $labels.service }}m{{ end }}{{ reReplaceAll \"(a)u\" \"${1}U\" $labels.service }}|{{ reReplaceAll \"(a)u\" \"$1U\" $labels.service }}",
                "maUth|th");
        assertExpands("{{ 1700000000.5 | humanizeTimestamp }}", "2023-11-14 22:13:20.5 +0000 UTC");
        assertExpands("{{ stripPort \"host.example:9090\" }} {{ stripDomain \"host.example:9090\" }} {{ pathPrefix }}",
                "host.example host:9090 ");
        assertExpands("{{ externalURL }} {{ (args 1 \"a\").arg1 }}", "http://plg:3000 a");
    }
}
