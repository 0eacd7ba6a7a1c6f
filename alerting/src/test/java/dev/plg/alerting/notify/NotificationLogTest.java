package dev.plg.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each alert's last notification: newest wins, bounded, and read back after a restart from the log file. */
class NotificationLogTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(T0);

    @TempDir
    Path dir;

    private static Alert alert(String service, boolean resolved) {
        return new Alert(Map.of("alertname", "HighErrorRate", "service", service), Map.of(), T0, resolved ? T0 : null, "", 1);
    }

    private static NotificationLog.Delivery delivery(int seconds, String error) {
        return new NotificationLog.Delivery(T0.plusSeconds(seconds), "slack-alerts", "slack-alerts/slack-1", "{}:{}", "firing",
                1, error.isEmpty() ? 1 : 8, error);
    }

    private static String describe(NotificationLog.AlertNotification n) {
        return n.labels().get("service") + " " + n.alertStatus() + " at +" + (n.delivery().time().getEpochSecond() - T0.getEpochSecond())
                + "s" + (n.delivery().error().isEmpty() ? " ok" : " failed: " + n.delivery().error());
    }

    @Test
    void newestDeliveryPerAlertSurvivesARestart() {
        Path file = dir.resolve("notification-log.json");
        NotificationLog log = new NotificationLog(file, CLOCK);
        log.delivered(delivery(30, ""), List.of(alert("auth", false), alert("api", false)));
        log.delivered(delivery(90, "slack answered 500"), List.of(alert("api", false)));
        log.delivered(delivery(400, ""), List.of(alert("auth", true)));
        log.delivered(delivery(500, ""), List.of()); // a delivery without alerts changes nothing per alert

        List<String> expected = List.of("api firing at +90s failed: slack answered 500", "auth resolved at +400s ok");
        assertThat(log.lastNotifications()).extracting(NotificationLogTest::describe).containsExactlyElementsOf(expected);
        assertThat(log.lastNotification(alert("api", false).fingerprint())).get().extracting(NotificationLogTest::describe)
                .isEqualTo(expected.getFirst());
        assertThat(log.deliveries()).hasSize(4);

        NotificationLog restarted = new NotificationLog(file, CLOCK);
        assertThat(restarted.lastNotifications()).extracting(NotificationLogTest::describe).containsExactlyElementsOf(expected);
        assertThat(restarted.lastNotifications().getFirst().delivery()).isEqualTo(delivery(90, "slack answered 500"));
        assertThat(restarted.deliveries()).isEmpty(); // the recent-deliveries list is in memory only
    }

    @Test
    void remembersAtMostTheNewestAlerts() {
        NotificationLog log = new NotificationLog(null, CLOCK);
        for (int i = 0; i < NotificationLog.ALERTS + 5; i++) {
            log.delivered(delivery(i, ""), List.of(alert("s" + i, false)));
        }
        assertThat(log.lastNotifications()).hasSize(NotificationLog.ALERTS);
        assertThat(log.lastNotifications().getFirst().labels()).containsEntry("service", "s5");
        assertThat(log.lastNotification(alert("s0", false).fingerprint())).isEmpty();
    }
}
