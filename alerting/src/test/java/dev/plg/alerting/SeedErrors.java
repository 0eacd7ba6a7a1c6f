package dev.plg.alerting;

import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import dev.plg.store.LogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the seed rule's tests do: push the demo's ERROR bursts and tick the ruler along a hand-moved clock. */
final class SeedErrors {
    private SeedErrors() {
    }

    /** The demo's burst: {@code perMinute} ERROR lines a minute for {@code service}, over [from, from + minutes). */
    static void burst(LogStore store, String service, Instant from, int minutes, int perMinute) {
        List<PushEntry> entries = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            for (int i = 0; i < perMinute; i++) {
                // one second off the minute so no entry sits on a 5m window boundary
                Instant t = from.plus(Duration.ofMinutes(m)).plusMillis(i * (60_000L / perMinute) + 1000);
                entries.add(new PushEntry(t.getEpochSecond() * 1_000_000_000L + t.getNano(),
                        "{\"level\":\"error\",\"event\":\"payment failed\",\"attempt\":" + i + "}"));
            }
        }
        List<LabelPair> labels = List.of(new LabelPair("app", "python-starter-kit"), new LabelPair("env", "production"),
                new LabelPair("level", "error"), new LabelPair("service", service));
        store.push("fake", new PushRequest(List.of(new PushStream(labels, entries))));
    }

    /** Moves the clock in {@code step}s up to {@code total}, ticking the ruler after each step. */
    static void run(TestClock clock, Alerting a, Duration total, Duration step) {
        for (Duration d = Duration.ZERO; d.compareTo(total) < 0; d = d.plus(step)) {
            clock.advance(step);
            a.tick();
        }
    }
}
