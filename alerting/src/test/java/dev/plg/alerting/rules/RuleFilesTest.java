package dev.plg.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFilesTest {
    @TempDir
    Path dir;

    private static void assertRefused(String yaml, String... errors) {
        assertThatThrownBy(() -> RuleFiles.parseFile("rules.yaml", yaml))
                .isInstanceOfSatisfying(RuleValidationException.class, e -> assertThat(e.errors()).containsExactly(errors));
    }

    private static String group(String rule) {
        return "groups:\n  - name: g\n    rules:\n" + rule.indent(6);
    }

    @Test
    void shippedSeedRuleParses() throws Exception {
        List<RuleGroup> groups = RuleFiles.parseFile("seed-rules.yaml",
                Files.readString(Path.of("..", "config", "loki", "rules", "fake", "seed-rules.yaml")));
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("python-starter-kit");
            assertThat(g.interval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(g.rules()).singleElement().isInstanceOfSatisfying(AlertingRule.class, r -> {
                assertThat(r.expr()).isEqualTo("sum by (service) (rate({app=\"python-starter-kit\", level=\"error\"}[5m])) > 0.1");
                assertThat(r.forDuration()).isEqualTo(Duration.ofMinutes(1));
                assertThat(r.labels()).containsEntry("severity", "critical");
            });
        });
    }

    @Test
    void invalidRulesAreRefusedWithFileRuleAndCause() {
        assertRefused(group("- alert: Bad\n  expr: sum(rate({app=\"x\"}[5m]) > 1\n"),
                "rules.yaml: group \"g\", rule 1, \"Bad\": could not parse expression for alert 'Bad' in group 'g': "
                        + "parse error at line 1, col 28: syntax error: unexpected $end, expecting )");
        assertRefused(group("- expr: vector(1)\n"),
                "rules.yaml: group \"g\", rule 1, \"\": one of 'record' or 'alert' must be set");
        assertRefused(group("- alert: A\n  record: b\n  expr: vector(1)\n"),
                "rules.yaml: group \"g\", rule 1, \"A\": only one of 'record' and 'alert' must be set");
        assertRefused(group("- alert: A\n"),
                "rules.yaml: group \"g\", rule 1, \"A\": field 'expr' must be set in rule");
        assertRefused(group("- record: bad-name\n  expr: vector(1)\n"),
                "rules.yaml: group \"g\", rule 1, \"bad-name\": invalid recording rule name: bad-name");
        assertRefused(group("- record: ok\n  expr: vector(1)\n  for: 5m\n"),
                "rules.yaml: group \"g\", rule 1, \"ok\": invalid field 'for' in recording rule");
        assertRefused(group("- alert: A\n  expr: vector(1)\n  for: 5 minutes\n"),
                "rules.yaml: group \"g\", rule 1, \"A\": for: not a valid duration string: \"5 minutes\"");
        assertRefused(group("- alert: A\n  expr: vector(1)\n  labels:\n    bad-label: x\n"),
                "rules.yaml: group \"g\", rule 1, \"A\": invalid label name: bad-label");
        assertRefused(group("- alert: A\n  expr: vector(1)\n  annotations:\n    summary: '{{ $nope }}'\n"),
                "rules.yaml: group \"g\", rule 1, \"A\": invalid template in annotation 'summary': "
                        + "template: __alert:1: undefined variable \"$nope\"");
        assertRefused(group("- alert: A\n  expr: vector(1)\n  severity: high\n"),
                "rules.yaml: group \"g\", rule 1, \"A\": field severity not found in type rulefmt.RuleNode");
        assertRefused("groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n",
                "rules.yaml: groupname: \"g\" is repeated in the same file");
        assertRefused("groups:\n  - rules: []\n", "rules.yaml: group 1: Groupname must not be empty");
    }

    @Test
    void groupsRoundTripThroughYaml() {
        String yaml = """
                groups:
                  - name: errors
                    interval: 30s
                    limit: 10
                    rules:
                      - alert: HighErrorRate
                        expr: |
                          sum by (service) (rate({app="a", level="error"}[5m])) > 0.1
                        for: 1m30s
                        keep_firing_for: 2m
                        labels:
                          severity: critical
                        annotations:
                          summary: '{{ $labels.service }}: {{ $value }}'
                      - record: service:errors:rate5m
                        expr: sum by (service) (rate({app="a"}[5m]))
                """;
        List<RuleGroup> groups = RuleFiles.parseFile("f", yaml);
        assertThat(RuleFiles.parseFile("f", RuleFiles.formatFile(groups))).isEqualTo(groups);
        assertThat(RuleFiles.parseGroup(RuleFiles.formatGroup(groups.getFirst()))).isEqualTo(groups.getFirst());
        assertThat(groups.getFirst().rules().get(0)).isInstanceOfSatisfying(AlertingRule.class, r -> {
            assertThat(r.forDuration()).isEqualTo(Duration.ofSeconds(90));
            assertThat(r.keepFiringFor()).isEqualTo(Duration.ofMinutes(2));
        });
    }

    @Test
    void durationsAsPrometheus() {
        assertThat(PromDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PromDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(PromDuration.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(PromDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(PromDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(PromDuration.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(PromDuration.format(Duration.ofDays(8))).isEqualTo("1w1d");
        assertThatThrownBy(() -> PromDuration.parse("1x")).hasMessage("not a valid duration string: \"1x\"");
    }

    @Test
    void storeKeepsNamespacesAsFiles() throws Exception {
        RuleStore store = new RuleStore(dir);
        assertThatThrownBy(() -> store.namespaces("fake"))
                .hasRootCauseMessage("unable to read rule dir " + dir.resolve("fake") + ": open " + dir.resolve("fake")
                        + ": no such file or directory");
        RuleGroup g = RuleFiles.parseGroup("name: g1\nrules:\n  - alert: A\n    expr: vector(1) > 0\n");
        store.putGroup("fake", "ns1", g);
        store.putGroup("fake", "ns1", RuleFiles.parseGroup("name: g2\nrules: []\n"));
        store.putGroup("fake", "ns1", g);
        assertThat(store.namespaces("fake").get("ns1")).extracting(RuleGroup::name).containsExactly("g1", "g2");
        assertThat(Files.exists(dir.resolve("fake/ns1"))).isTrue();
        assertThat(store.deleteGroup("fake", "ns1", "g1")).isTrue();
        assertThat(store.deleteGroup("fake", "ns1", "g1")).isFalse();
        assertThat(store.deleteNamespace("fake", "ns1")).isTrue();
        assertThat(store.namespaces("fake")).isEmpty();
        assertThatThrownBy(() -> store.putGroup("fake", "../evil", g)).hasMessage("invalid namespace name: \"../evil\"");

        Files.writeString(dir.resolve("fake/broken.yaml"), "groups:\n  - name: b\n    rules:\n      - alert: X\n        expr: '{'\n");
        RuleStore.Snapshot snap = store.loadAll();
        assertThat(snap.errors()).singleElement().asString()
                .startsWith(dir.resolve("fake/broken.yaml") + ": group \"b\", rule 1, \"X\": could not parse expression");
    }
}
