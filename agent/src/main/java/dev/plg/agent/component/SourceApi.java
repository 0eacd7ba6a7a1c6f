package dev.plg.agent.component;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.plg.agent.eval.Value;
import dev.plg.agent.model.Ack;
import dev.plg.agent.model.Labels;
import dev.plg.agent.model.LogEntry;
import dev.plg.agent.model.LogsReceiver;
import dev.plg.push.LabelPair;
import dev.plg.push.PushDecoder;
import dev.plg.push.PushEntry;
import dev.plg.push.PushFormatException;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * {@code loki.source.api}: receives Loki pushes (protobuf+snappy or JSON, via the {@code push}
 * module's decoder) and raw newline-delimited lines, so apps and other agents can push through this
 * agent. {@code X-Scope-OrgID} becomes {@code __tenant_id__}. Uses the JDK HTTP server (no extra
 * dependency). Pushes are answered 204 once handed downstream (as Alloy does).
 */
public final class SourceApi implements Component {
    public static Schema schema() {
        return Schema.builder()
                .required("forward_to", Schema.Type.RECEIVERS)
                .optional("labels", Schema.Type.MAP_STRING)
                .optional("relabel_rules", Schema.Type.RULES)
                .optional("use_incoming_timestamp", Schema.Type.BOOL, false)
                .optional("max_send_message_size", Schema.Type.SIZE, 100L << 20)
                .optional("graceful_shutdown_timeout", Schema.Type.DURATION, Duration.ofSeconds(30))
                .block("http", () -> Schema.builder()
                        .optional("listen_address", Schema.Type.STRING, "")
                        .optional("listen_port", Schema.Type.INT, 8080L)
                        .optional("conn_limit", Schema.Type.INT, 0L)
                        .optional("server_read_timeout", Schema.Type.DURATION, Duration.ofSeconds(30))
                        .optional("server_write_timeout", Schema.Type.DURATION, Duration.ofSeconds(30))
                        .optional("server_idle_timeout", Schema.Type.DURATION, Duration.ofSeconds(120)).build())
                .block("grpc", () -> Schema.builder()
                        .optional("listen_address", Schema.Type.STRING, "")
                        .optional("listen_port", Schema.Type.INT, 0L)
                        .optional("conn_limit", Schema.Type.INT, 0L)
                        .optional("max_connection_age", Schema.Type.DURATION)
                        .optional("max_connection_age_grace", Schema.Type.DURATION)
                        .optional("max_connection_idle", Schema.Type.DURATION)
                        .optional("server_max_recv_msg_size", Schema.Type.SIZE)
                        .optional("server_max_send_msg_size", Schema.Type.SIZE)
                        .optional("server_max_concurrent_streams", Schema.Type.INT).build())
                .build();
    }

    private final ComponentContext ctx;
    private volatile List<LogsReceiver> forwardTo = List.of();
    private volatile Labels extraLabels = Labels.EMPTY;
    private volatile Relabel.Rules rules = new Relabel.Rules(List.of());
    private volatile boolean incomingTimestamp;
    private volatile long maxSize;
    private String host;
    private int port;
    private HttpServer server;

    public SourceApi(ComponentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void update(Args args) {
        Args http = args.block("http");
        String h = http == null ? "" : http.string("listen_address");
        long p = http == null ? 8080 : http.integer("listen_port");
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("invalid listen_port " + p);
        }
        forwardTo = args.receivers("forward_to");
        extraLabels = Labels.of(args.map("labels"));
        rules = args.get("relabel_rules") instanceof Relabel.Rules r ? r : new Relabel.Rules(List.of());
        incomingTimestamp = args.bool("use_incoming_timestamp");
        maxSize = args.size("max_send_message_size");
        host = h;
        port = (int) p;
    }

    /** The bound port (useful when configured with port 0). */
    public int port() {
        return server == null ? port : server.getAddress().getPort();
    }

    @Override
    public synchronized void start() {
        try {
            InetSocketAddress addr = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
            server = HttpServer.create(addr, 0);
        } catch (IOException e) {
            throw new IllegalStateException("loki.source.api cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/loki/api/v1/push", this::push);
        server.createContext("/api/v1/push", this::push);
        server.createContext("/loki/api/v1/raw", this::raw);
        server.createContext("/api/v1/raw", this::raw);
        server.createContext("/ready", ex -> respond(ex, 200, "ready"));
        server.start();
        ctx.log().info("loki.source.api listening", "component_id", ctx.id(), "addr", server.getAddress().toString());
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (status == 204) {
            ex.sendResponseHeaders(204, -1);
        } else {
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
            if (b.length > maxSize) {
                throw new PushFormatException("request body too large");
            }
            return b;
        }
    }

    private void push(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            respond(ex, 405, "method not allowed");
            return;
        }
        PushRequest req;
        try {
            req = PushDecoder.decode(ex.getRequestHeaders().getFirst("Content-Type"),
                    ex.getRequestHeaders().getFirst("Content-Encoding"), body(ex));
        } catch (PushFormatException e) {
            respond(ex, 400, e.getMessage());
            return;
        }
        String tenant = ex.getRequestHeaders().getFirst("X-Scope-OrgID");
        List<LogEntry> out = new ArrayList<>();
        long now = System.currentTimeMillis() * 1_000_000L;
        for (PushStream s : req.streams()) {
            Labels l = labels(s.labels(), tenant);
            if (l == null) {
                continue;
            }
            for (PushEntry e : s.entries()) {
                out.add(new LogEntry(l, incomingTimestamp ? e.timestampNanos() : now, e.line(), e.structuredMetadata(), Ack.NONE));
            }
        }
        LogsReceiver.fanOut(forwardTo, out);
        ctx.metrics().counter("loki_source_api_entries_written", "Total number of entries written", "component_id").labels(ctx.id()).add(out.size());
        respond(ex, 204, "");
    }

    private Labels labels(List<LabelPair> pairs, String tenant) {
        Map<String, String> m = new TreeMap<>();
        for (LabelPair p : pairs) {
            m.put(p.name(), p.value());
        }
        for (int i = 0; i < extraLabels.size(); i++) {
            m.put(extraLabels.name(i), extraLabels.value(i));
        }
        if (!Relabel.apply(rules.rules(), m)) {
            return null;
        }
        m.keySet().removeIf(k -> k.startsWith("__"));
        if (tenant != null && !tenant.isEmpty()) {
            m.put("__tenant_id__", tenant);
        }
        return Labels.of(m);
    }

    private void raw(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            respond(ex, 405, "method not allowed");
            return;
        }
        byte[] b;
        try {
            b = body(ex);
        } catch (PushFormatException e) {
            respond(ex, 400, e.getMessage());
            return;
        }
        Labels l = labels(List.of(), ex.getRequestHeaders().getFirst("X-Scope-OrgID"));
        List<LogEntry> out = new ArrayList<>();
        if (l != null) {
            long now = System.currentTimeMillis() * 1_000_000L;
            for (String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    out.add(new LogEntry(l, now++, line, Ack.NONE));
                }
            }
        }
        LogsReceiver.fanOut(forwardTo, out);
        respond(ex, 204, "");
    }

    @Override
    public Value.Obj exports() {
        return NO_EXPORTS;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
