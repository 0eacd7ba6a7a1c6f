package dev.plg.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import dev.plg.alerting.notify.RetryPolicy;
import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import dev.plg.query.QueryEngine;
import dev.plg.query.QueryLimits;
import dev.plg.store.Limits;
import dev.plg.store.LogStore;
import dev.plg.store.StoreConfig;
import io.airlift.compress.v3.snappy.SnappyDecompressor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording rule's samples reach a remote_write receiver as snappy-compressed WriteRequest protobuf. */
class RemoteWriteTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    record Series(Map<String, String> labels, double value, long timestamp) {
    }

    @Test
    void recordingRuleSamplesAreRemoteWritten() throws Exception {
        TestClock clock = new TestClock(T0);
        try (LogStore store = LogStore.open(StoreConfig.defaults(dir.resolve("store")), Limits.defaults(), clock);
             Receiver prometheus = new Receiver("")) {
            List<PushEntry> entries = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                entries.add(new PushEntry(T0.minusMillis(500 + i * 1000L).toEpochMilli() * 1_000_000L, "line " + i));
            }
            store.push("fake", new PushRequest(List.of(new PushStream(
                    List.of(new LabelPair("app", "python-starter-kit"), new LabelPair("service", "api")), entries))));
            Files.createDirectories(dir.resolve("rules/fake"));
            Files.writeString(dir.resolve("rules/fake/recording.yaml"), """
                    groups:
                      - name: rates
                        rules:
                          - record: service:log_lines:rate1m
                            expr: sum by (service) (rate({app="python-starter-kit"}[1m]))
                            labels:
                              source: plg
                    """);
            AlertingOptions options = AlertingOptions.defaults(dir.resolve("rules"), dir.resolve("data"))
                    .withProvisioning(null, Map.of()).withRemoteWrite(prometheus.url("/api/v1/write"))
                    .withExternalLabels(Map.of("cluster", "local"))
                    .withRetry(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), 3))
                    .withTickInterval(Duration.ZERO).withClock(clock);
            try (Alerting alerting = Alerting.start(options, new QueryEngine(store, QueryLimits.DEFAULTS))) {
                alerting.tick();
                Receiver.Received r = prometheus.next();
                assertThat(r.path()).isEqualTo("/api/v1/write");
                assertThat(r.header("Content-Encoding")).isEqualTo("snappy");
                assertThat(r.header("Content-Type")).isEqualTo("application/x-protobuf");
                assertThat(r.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
                assertThat(decode(r.body())).containsExactly(new Series(Map.of("__name__", "service:log_lines:rate1m",
                        "cluster", "local", "service", "api", "source", "plg"), 1.0, T0.toEpochMilli()));
                assertThat(alerting.status("fake").getFirst().rules().getFirst().health()).isEqualTo("ok");
            }
        }
    }

    private static List<Series> decode(byte[] compressed) throws Exception {
        SnappyDecompressor d = SnappyDecompressor.create();
        byte[] raw = new byte[d.getUncompressedLength(compressed, 0)];
        d.decompress(compressed, 0, compressed.length, raw, 0, raw.length);
        List<Series> out = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(raw);
        while (!in.isAtEnd()) {
            assertThat(in.readTag()).isEqualTo((1 << 3) | 2);
            CodedInputStream ts = CodedInputStream.newInstance(in.readByteArray());
            Map<String, String> labels = new TreeMap<>();
            double value = Double.NaN;
            long timestamp = 0;
            while (!ts.isAtEnd()) {
                int tag = ts.readTag();
                CodedInputStream m = CodedInputStream.newInstance(ts.readByteArray());
                if (tag >>> 3 == 1) {
                    m.readTag();
                    String name = m.readString();
                    m.readTag();
                    labels.put(name, m.readString());
                } else {
                    m.readTag();
                    value = m.readDouble();
                    m.readTag();
                    timestamp = m.readInt64();
                }
            }
            out.add(new Series(labels, value, timestamp));
        }
        return out;
    }
}
