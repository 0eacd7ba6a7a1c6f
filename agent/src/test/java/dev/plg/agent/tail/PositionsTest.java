package dev.plg.agent.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.agent.model.AgentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The positions file is Alloy's YAML, byte for byte, and Promtail's legacy flat file is read too. */
class PositionsTest {
    @TempDir
    Path dir;

    @Test
    void writesAlloysFormat() throws IOException {
        Path file = dir.resolve("loki.source.file.python_app/positions.yml");
        try (Positions p = Positions.open(file, new AgentLog(), Duration.ofSeconds(10))) {
            p.put(new Positions.Key("/var/log/app/python-starter-kit.log", "{}"), 4711, 42);
            p.put(new Positions.Key("/var/log/app/b.log", "{color=\"pink\"}"), 7, 43);
        }
        assertThat(Files.readString(file)).isEqualTo("""
                positions:
                  ? path: /var/log/app/b.log
                    labels: '{color="pink"}'
                  : "7"
                  ? path: /var/log/app/python-starter-kit.log
                    labels: '{}'
                  : "4711"
                """);
        try (Positions again = Positions.open(file, new AgentLog(), Duration.ofSeconds(10))) {
            assertThat(again.get(new Positions.Key("/var/log/app/python-starter-kit.log", "{}")))
                    .isEqualTo(new Positions.Position(4711, 42));
        }
    }

    @Test
    void readsPromtailLegacyFormat() throws IOException {
        Map<Positions.Key, String> m = Positions.parse("""
                positions:
                  /var/log/app/app.log: "352"
                """, Path.of("legacy.yaml"));
        assertThat(m).containsExactly(Map.entry(new Positions.Key("/var/log/app/app.log", "{}"), "352"));
    }

    @Test
    void invalidYamlIsAnError() {
        assertThatThrownBy(() -> Positions.parse("nonsense: [", Path.of("p.yml"))).hasMessageContaining("invalid yaml positions file");
    }

    @Test
    void trackerAdvancesOnlyOverAcknowledgedPrefix() {
        long[] saved = {-1};
        DeliveryTracker t = new DeliveryTracker(0, off -> saved[0] = off);
        DeliveryTracker.Delivery a = t.open(100, 2);
        DeliveryTracker.Delivery b = t.open(200, 1);
        b.release();
        assertThat(saved[0]).isEqualTo(-1); // b is done but a is not: the position may not pass a
        a.release();
        assertThat(saved[0]).isEqualTo(-1);
        a.release();
        assertThat(saved[0]).isEqualTo(200);
        assertThat(t.allAcked()).isTrue();
    }

    @Test
    void sideFileWrittenFirstWinsWhenTheAgentDiedBetweenTheTwoWrites() throws IOException {
        Path file = dir.resolve("positions.yml");
        Positions.Key live = new Positions.Key("/logs/app.log", "{}");
        try (Positions p = Positions.open(file, new AgentLog(), Duration.ofSeconds(10))) {
            p.put(live, 4711, 42);
        }
        // As after a rotation whose side file was written but not positions.yml: new inode, new offset.
        Files.writeString(dir.resolve("positions.yml.plg"), """
                positions:
                  ? path: /logs/app.log
                    labels: '{}'
                  : "43:10"
                """);
        try (Positions again = Positions.open(file, new AgentLog(), Duration.ofSeconds(10))) {
            assertThat(again.get(live)).isEqualTo(new Positions.Position(10, 43));
        }
    }

    @Test
    void rotatedFileIsFoundByInodeAfterItsEntryMoved() throws IOException {
        try (Positions p = Positions.open(dir.resolve("positions.yml"), new AgentLog(), Duration.ofSeconds(10))) {
            Positions.Key live = new Positions.Key("/logs/app.log", "{}");
            p.put(live, 0, 3);
            p.put(new Positions.Key("/logs/app.log.2", "{}"), 100, 1); // moved from .1 by a second rotation
            p.put(new Positions.Key("/logs/app.log.1", "{}"), 50, 2);
            p.putRotated("{}", live.path(), 1, 200);
            p.putRotated("{}", live.path(), 3, 999); // the live file's own inode: not a rotated entry
            assertThat(p.get(new Positions.Key("/logs/app.log.2", "{}"))).isEqualTo(new Positions.Position(200, 1));
            assertThat(p.get(live)).isEqualTo(new Positions.Position(0, 3));
            p.removeRotated("{}", live.path(), 1);
            assertThat(p.keys()).containsExactly(live, new Positions.Key("/logs/app.log.1", "{}"));
        }
    }
}
