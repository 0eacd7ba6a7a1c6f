package dev.plg.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.store.block.LineTemplates;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A head's lines as templates: what they cover, when they are built again, and that they rebuild every line. */
class HeadTemplatesTest {
    private static String line(int i) {
        return switch (i % 4) {
            case 0 -> "{\"ts\":\"" + java.time.Instant.ofEpochSecond(0, 1_000_000L * (i % 10 == 9 ? i - 5 : i))
                    + "\",\"level\":\"info\",\"user_id\":\"user-" + i + "\",\"duration_ms\":" + (i * 7 % 1000) / 10.0 + "}";
            case 1 -> "plain text line " + i + " with é and \t tab";
            case 2 -> "{\"level\":\"warn\",\"nested\":{\"a\":[1,2," + i + "]},\"msg\":\"say \\\"hi\\\"\"}";
            default -> "";
        };
    }

    private static void append(Head h, int from, int to) {
        for (int i = from; i < to; i++) {
            // every 10th entry is earlier than the one before: arrival order is not time order
            long ts = 1_000_000L * (i % 10 == 9 ? i - 5 : i);
            assertThat(h.append(ts, line(i).getBytes(StandardCharsets.UTF_8), List.of(), i, 0)).isTrue();
        }
    }

    /** Appends entries 0..n to the empty head {@code h} and templates it: the templates cover all n. */
    private static HeadTemplates.Encoded encoded(Head h, int n) {
        append(h, 0, n);
        Head.Snapshot s = h.snapshot();
        HeadTemplates.Encoded e = s.templates().of(s);
        assertThat(e.count()).isEqualTo(n);
        return e;
    }

    @Test
    void smallHeadsAreNotTemplated() {
        Head h = new Head();
        append(h, 0, HeadTemplates.MIN_ENTRIES - 1);
        Head.Snapshot s = h.snapshot();
        assertThat(s.templates().of(s)).isNull();
    }

    @Test
    void templatesRebuildEveryLineOfTheHeadInArrivalOrder() {
        LineTemplates t = encoded(new Head(), 1000).read();
        byte[] out = new byte[4096];
        for (int i = 0; i < 1000; i++) {
            int len = t.line(i, out);
            assertThat(new String(out, 0, len, StandardCharsets.UTF_8)).as("entry %d", i).isEqualTo(line(i));
            assertThat(t.lineLength(i)).isEqualTo(line(i).getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void aHeadIsTemplatedAgainOnlyWhenAQuarterMoreIsUncovered() {
        Head h = new Head();
        HeadTemplates.Encoded e = encoded(h, 800);
        Head.Snapshot first = h.snapshot();

        append(h, 800, 1000); // 200 = a quarter of 800: still read as bytes
        Head.Snapshot grown = h.snapshot();
        assertThat(grown.templates().of(grown)).isSameAs(e);
        // an older snapshot keeps using what covers it
        assertThat(first.templates().of(first)).isSameAs(e);

        append(h, 1000, 1001);
        Head.Snapshot more = h.snapshot();
        HeadTemplates.Encoded again = more.templates().of(more);
        assertThat(again.count()).isEqualTo(1001);
        assertThat(first.templates().of(first)).isSameAs(again);
    }
}
