package dev.plg.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Live tail: backfill oldest first, then live entries through the pipeline. */
class TailTest {
    @Test
    void backfillThenLive() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        InMemoryLogSource source = new InMemoryLogSource()
                .add("t", "app=api", now - 3_000_000_000L, "old error one")
                .add("t", "app=api", now - 2_000_000_000L, "old info")
                .add("t", "app=api", now - 1_000_000_000L, "old error two");
        QueryEngine engine = new QueryEngine(source, QueryLimits.DEFAULTS);
        LinkedBlockingQueue<List<TailSink.TailEntry>> frames = new LinkedBlockingQueue<>();
        try (AutoCloseable tail = engine.tail("t", "{app=\"api\"} |= \"error\"", now - 10_000_000_000L, 10,
                entries -> frames.add(new ArrayList<>(entries)))) {
            List<TailSink.TailEntry> backfill = frames.poll(10, TimeUnit.SECONDS);
            assertThat(backfill).extracting(e -> e.entry().line()).containsExactly("old error one", "old error two");
            source.add("t", "app=api", now + 1_000_000_000L, "new info");
            source.add("t", "app=api", now + 2_000_000_000L, "new error");
            List<TailSink.TailEntry> live = frames.poll(10, TimeUnit.SECONDS);
            assertThat(live).extracting(e -> e.entry().line()).containsExactly("new error");
            assertThat(live.getFirst().stream()).extracting(p -> p.name() + "=" + p.value()).containsExactly("app=api");
        }
    }
}
