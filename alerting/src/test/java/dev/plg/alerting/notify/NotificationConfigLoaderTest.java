package dev.plg.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationConfigLoaderTest {
    private static final Map<String, String> ENV = Map.of("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/X",
            "TEAM", "backend");

    @Test
    void expandsEnvironmentLikeGrafana() {
        assertThat(NotificationConfigLoader.expand("$SLACK_WEBHOOK_URL", ENV)).isEqualTo("https://hooks.slack.com/services/T/B/X");
        assertThat(NotificationConfigLoader.expand("team-${TEAM}-x", ENV)).isEqualTo("team-backend-x");
        assertThat(NotificationConfigLoader.expand("cost $$5", ENV)).isEqualTo("cost $5");
        assertThat(NotificationConfigLoader.expand("$UNSET", ENV)).isEmpty();
    }

    @Test
    void shippedProvisioningLoads() {
        NotificationConfig c = NotificationConfigLoader.load(
                Path.of("..", "config", "grafana", "provisioning", "alerting"), ENV);
        assertThat(c.contactPoints()).singleElement().satisfies(cp -> {
            assertThat(cp.name()).isEqualTo("slack-alerts");
            assertThat(cp.integrations()).singleElement().satisfies(in -> {
                assertThat(in.type()).isEqualTo("slack");
                assertThat(in.settings()).containsEntry("url", "https://hooks.slack.com/services/T/B/X");
            });
        });
        assertThat(c.policy().groupBy()).containsExactly("alertname", "service");
        assertThat(c.policy().groupWait()).isEqualTo(Duration.ofSeconds(30));
        // without the secret the receiver is skipped, so PLG still starts
        NotificationConfig noSecret = NotificationConfigLoader.load(
                Path.of("..", "config", "grafana", "provisioning", "alerting"), Map.of());
        assertThat(noSecret.contactPoints().getFirst().integrations()).isEmpty();
    }

    @Test
    void childRoutesInheritAndMatch() {
        NotificationConfigLoader.Parsed p = NotificationConfigLoader.parse("a.yaml", """
                apiVersion: 1
                contactPoints:
                  - name: a
                    receivers: [{uid: a1, type: webhook, settings: {url: http://a}}]
                  - name: b
                    receivers: [{uid: b1, type: webhook, settings: {url: http://b}}]
                policies:
                  - receiver: a
                    group_by: [alertname]
                    repeat_interval: 1h
                    routes:
                      - receiver: b
                        matchers: ['service=~"auth|api"']
                        continue: true
                      - object_matchers: [[severity, '!=', info]]
                        group_wait: 1s
                """, ENV);
        Route root = p.policy();
        assertThat(root.routes().get(1).receiver()).isEqualTo("a");
        assertThat(root.routes().get(1).repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(root.routes().get(1).groupWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(receivers(root, Map.of("service", "auth", "severity", "critical"))).containsExactly("b", "a");
        assertThat(receivers(root, Map.of("service", "web", "severity", "info"))).containsExactly("a");
        assertThat(receivers(root, Map.of("service", "api", "severity", "info"))).containsExactly("b");
    }

    private static List<String> receivers(Route root, Map<String, String> labels) {
        return root.match(labels).stream().map(m -> m.route().receiver()).toList();
    }

    @Test
    void badFilesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> NotificationConfigLoader.parse("x.yaml", """
                contactPoints:
                  - name: pager
                    receivers: [{type: pagerduty, settings: {}}]
                """, ENV)).hasMessage("x.yaml: contact point pager: unsupported receiver type \"pagerduty\""
                + " (supported: slack, webhook, prometheus-alertmanager)");
        assertThatThrownBy(() -> new NotificationConfig(List.of(), Route.root("nobody", List.of())))
                .hasMessage("policy refers to unknown contact point \"nobody\"");
    }

    private static final java.time.Instant NOW = java.time.Instant.parse("2026-11-24T12:00:00Z");

    private static void assertNeedsUpdate(NotificationLog.Entry last, Set<String> firing, Set<String> resolved,
                                          boolean sendResolved, boolean expected) {
        assertThat(Dispatcher.needsUpdate(last, firing, resolved, sendResolved, Duration.ofHours(4), NOW))
                .as("last=%s firing=%s resolved=%s", last, firing, resolved).isEqualTo(expected);
    }

    private static NotificationLog.Entry sent(Set<String> firing, Set<String> resolved, Duration ago) {
        return new NotificationLog.Entry(firing, resolved, NOW.minus(ago));
    }

    @Test
    void dedupDecidesLikeAlertmanager() {
        Duration recent = Duration.ofMinutes(5);
        assertNeedsUpdate(null, Set.of("a"), Set.of(), true, true);                          // first firing
        assertNeedsUpdate(null, Set.of(), Set.of("a"), true, false);                         // resolved, never told
        assertNeedsUpdate(sent(Set.of("a"), Set.of(), recent), Set.of("a"), Set.of(), true, false);      // nothing new
        assertNeedsUpdate(sent(Set.of("a"), Set.of(), recent), Set.of("a", "b"), Set.of(), true, true);  // new alert
        assertNeedsUpdate(sent(Set.of("a", "b"), Set.of(), recent), Set.of("a"), Set.of("b"), true, true); // one resolved
        assertNeedsUpdate(sent(Set.of("a", "b"), Set.of(), recent), Set.of("a"), Set.of("b"), false, false);
        assertNeedsUpdate(sent(Set.of("a"), Set.of(), recent), Set.of(), Set.of("a"), false, true);      // all resolved
        assertNeedsUpdate(sent(Set.of(), Set.of("a"), recent), Set.of(), Set.of("a"), true, false);      // told already
        assertNeedsUpdate(sent(Set.of("a"), Set.of(), Duration.ofHours(4)), Set.of("a"), Set.of(), true, true); // repeat
    }
}
