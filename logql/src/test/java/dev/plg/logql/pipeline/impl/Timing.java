package dev.plg.logql.pipeline.impl;

import dev.plg.logql.LogQL;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.pipeline.Pipelines;
import dev.plg.logql.pipeline.StreamPipeline;
import dev.plg.push.LabelPair;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Rough in-process timing to find hot spots (not a performance claim; JMH is). */
final class Timing {
    public static void main(String[] args) {
        String json = "{\"timestamp\": \"2026-01-01T00:00:46.500611Z\", \"level\": \"debug\", \"logger\": \"auth.service\", \"event\": \"session lookup\", \"request_id\": \"req-ee18e288\", \"user_id\": \"user-1001\", \"method\": \"POST\", \"path\": \"/api/v2/search\", \"attempt\": 3, \"duration_ms\": 30.616, \"status\": 200}";
        String logfmt = "ts=2026-01-01T05:59:31.016Z level=info caller=proxy.go:120 msg=\"upstream said \\\"busy\\\"\" method=POST path=/api/v1/orders status=200 duration=1677ms size=616KB upstream=api-1 client=10.0.14.138 user=456";
        for (String[] q : new String[][]{{"| json", json}, {"| logfmt", logfmt}, {"|= \"user-4242\"", json}}) {
            StreamPipeline p = Pipelines.compile((LogExpr) LogQL.parse("{a=\"b\"} " + q[0]))
                    .forStream(List.of(new LabelPair("a", "b")));
            byte[] b = q[1].getBytes(StandardCharsets.UTF_8);
            List<LabelPair> md = List.of(new LabelPair("detected_level", "info"));
            for (int round = 0; round < 5; round++) {
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long t0 = mx.getCurrentThreadCpuTime();
                int n = 200_000;
                long sink = 0;
                for (int i = 0; i < n; i++) {
                    var r = p.process(i, b, 0, b.length, md);
                    sink += r == null ? 0 : 1;
                }
                long dt = mx.getCurrentThreadCpuTime() - t0;
                System.out.printf("%s: %.0f cpu-ns/line, %.0f MB/s (%d)%n", q[0], dt / (double) n, b.length * (double) n / dt * 1e3, sink);
            }
        }
    }
}
