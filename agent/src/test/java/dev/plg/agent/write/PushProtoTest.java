package dev.plg.agent.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.agent.model.Ack;
import dev.plg.agent.model.Labels;
import dev.plg.agent.model.LogEntry;
import dev.plg.push.LabelPair;
import dev.plg.push.PushDecoder;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Batches encoded page by page decode (with the push module) to exactly the entries appended. */
class PushProtoTest {
    private static LogEntry entry(long ts, String line, boolean raw, LabelPair... metadata) {
        return new LogEntry(Labels.EMPTY, ts, line, List.of(metadata), Ack.NONE,
                raw ? line.getBytes(StandardCharsets.UTF_8) : null);
    }

    @Test
    void pagedStreamsDecodeToTheAppendedEntries() throws Exception {
        PushProto.Pages pool = new PushProto.Pages(1000);
        Map<String, List<LogEntry>> expected = new LinkedHashMap<>();
        Map<String, PushProto.StreamBuffer> streams = new LinkedHashMap<>();
        String[] labels = {"{app=\"a\"}", "{app=\"b\", level=\"error\"}"};
        for (int i = 0; i < 3000; i++) {
            String labelText = labels[i % 2];
            // Sizes around and across the page size, Hangul, an empty line, metadata, a negative timestamp.
            String line = switch (i % 7) {
                case 0 -> "x".repeat(PushProto.Pages.PAGE_SIZE - 3);
                case 1 -> "계정 잠김 " + i;
                case 2 -> "";
                case 3 -> "{\"level\": \"info\", \"seq\": " + i + "}" + "y".repeat(i % 300);
                default -> "line " + i;
            };
            long ts = i == 5 ? -1_500_000_000L : 1_767_225_600_000_000_000L + i;
            LogEntry e = i % 5 == 0 ? entry(ts, line, false, new LabelPair("trace_id", "t" + i), new LabelPair("", "v"))
                    : entry(ts, line, i % 2 == 0);
            expected.computeIfAbsent(labelText, k -> new ArrayList<>()).add(e);
            streams.computeIfAbsent(labelText, k -> new PushProto.StreamBuffer(k, pool)).append(e);
        }
        PushProto proto = new PushProto();
        PushProto.Body paged = proto.encodeSnappy(streams.values());
        PushRequest fromPages = PushDecoder.decode("application/x-protobuf", "snappy",
                Arrays.copyOf(paged.bytes(), paged.length()));
        PushRequest fromEntries = PushDecoder.decode("application/x-protobuf", "snappy", new PushProto().encodeSnappy(expected));

        assertThat(render(fromPages)).isEqualTo(render(fromEntries));
        assertThat(fromPages.streams()).hasSize(2);
        assertThat(fromPages.streams().stream().mapToInt(s -> s.entries().size()).sum()).isEqualTo(3000);

        int pagesInUse = 0;
        for (PushProto.StreamBuffer sb : streams.values()) {
            pagesInUse += (sb.len + PushProto.Pages.PAGE_SIZE - 1) / PushProto.Pages.PAGE_SIZE;
            sb.release();
        }
        assertThat(pool.free()).as("every page returns to the pool").isEqualTo(pagesInUse);
    }

    @Test
    void poolKeepsAtMostItsLimit() {
        PushProto.Pages pool = new PushProto.Pages(2);
        byte[] a = pool.take();
        byte[] b = pool.take();
        byte[] c = pool.take();
        pool.give(a);
        pool.give(b);
        pool.give(c);
        assertThat(pool.free()).isEqualTo(2);
        assertThat(pool.take()).isSameAs(b);
    }

    private static List<String> render(PushRequest r) {
        List<String> out = new ArrayList<>();
        for (PushStream s : r.streams()) {
            for (PushEntry e : s.entries()) {
                out.add(s.labels() + " " + e.timestampNanos() + " " + e.line() + " " + e.structuredMetadata());
            }
        }
        return out;
    }
}
