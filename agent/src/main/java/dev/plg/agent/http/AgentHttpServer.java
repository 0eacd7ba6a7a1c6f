package dev.plg.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.plg.agent.Agent;
import dev.plg.agent.component.Component;
import dev.plg.agent.component.Controller;
import dev.plg.agent.syntax.ConfigException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The agent's own HTTP server (Alloy's {@code --server.http.listen-addr}): {@code /-/ready},
 * {@code /-/healthy}, {@code /-/reload}, {@code /metrics}, a small HTML status page at {@code /} and
 * {@code /api/v0/web/components} (JSON). Built on the JDK's {@code com.sun.net.httpserver}: a handful
 * of low-traffic endpoints do not justify a server dependency in the agent.
 */
public final class AgentHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Agent agent;

    private AgentHttpServer(HttpServer server, ExecutorService executor, Agent agent) {
        this.server = server;
        this.executor = executor;
        this.agent = agent;
    }

    public static AgentHttpServer start(String listenAddr, Agent agent) throws IOException {
        int colon = listenAddr.lastIndexOf(':');
        String host = listenAddr.substring(0, colon);
        int port = Integer.parseInt(listenAddr.substring(colon + 1));
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress addr = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        HttpServer s = HttpServer.create(addr, 0);
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        s.setExecutor(ex);
        AgentHttpServer h = new AgentHttpServer(s, ex, agent);
        s.createContext("/-/ready", h::ready);
        s.createContext("/-/healthy", h::healthy);
        s.createContext("/-/reload", h::reload);
        s.createContext("/metrics", h::metrics);
        s.createContext("/api/v0/web/components", h::components);
        s.createContext("/", h::status);
        s.start();
        return h;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String address() {
        return server.getAddress().getHostString() + ":" + port();
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private void ready(HttpExchange ex) throws IOException {
        if (agent.isClosed()) {
            send(ex, 503, "text/plain; charset=utf-8", "Alloy is not ready.\n");
        } else {
            send(ex, 200, "text/plain; charset=utf-8", "Alloy is ready.\n");
        }
    }

    private void healthy(HttpExchange ex) throws IOException {
        List<String> bad = agent.controller().unhealthy();
        if (bad.isEmpty()) {
            send(ex, 200, "text/plain; charset=utf-8", "All Alloy components are healthy.\n");
        } else {
            send(ex, 500, "text/plain; charset=utf-8", "unhealthy components: " + String.join(", ", bad) + "\n");
        }
    }

    private void reload(HttpExchange ex) throws IOException {
        try {
            agent.reload();
            send(ex, 200, "text/plain; charset=utf-8", "config reloaded\n");
        } catch (ConfigException | IOException | IllegalStateException e) {
            send(ex, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
        }
    }

    private void metrics(HttpExchange ex) throws IOException {
        Controller c = agent.controller();
        var fam = agent.metrics().gauge("alloy_component_controller_running_components", "Total number of running components.", "health_type");
        int healthy = 0;
        int unhealthy = 0;
        for (Controller.Node n : c.nodes()) {
            if (n.health().state() == Component.Health.State.HEALTHY) {
                healthy++;
            } else {
                unhealthy++;
            }
        }
        fam.labels("healthy").set(healthy);
        fam.labels("unhealthy").set(unhealthy);
        send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", agent.metrics().render());
    }

    private void components(HttpExchange ex) throws IOException {
        StringBuilder sb = new StringBuilder("[");
        boolean first = true;
        for (Controller.Node n : agent.controller().nodes()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            Component.Health h = n.health();
            String name = n.id().equals("logging") ? "logging" : n.id().substring(0, n.id().lastIndexOf('.'));
            String label = n.id().equals("logging") ? "" : n.id().substring(n.id().lastIndexOf('.') + 1);
            sb.append("{\"name\":").append(json(name)).append(",\"label\":").append(json(label))
                    .append(",\"localID\":").append(json(n.id())).append(",\"moduleID\":\"\"")
                    .append(",\"referencesTo\":").append(jsonList(n.dependencyIds()))
                    .append(",\"referencedBy\":").append(jsonList(n.dependentIds()))
                    .append(",\"health\":{\"state\":").append(json(h.state().name().toLowerCase(java.util.Locale.ROOT)))
                    .append(",\"message\":").append(json(h.message())).append(",\"updatedTime\":").append(json(h.updated().toString()))
                    .append("},\"debugInfo\":").append(json(n.component() == null ? "" : String.valueOf(n.component().debugInfo())))
                    .append('}');
        }
        sb.append(']');
        send(ex, 200, "application/json", sb.toString());
    }

    private void status(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/")) {
            send(ex, 404, "text/plain; charset=utf-8", "404 page not found\n");
            return;
        }
        StringBuilder sb = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>PLG agent</title>"
                + "<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 10px;text-align:left;vertical-align:top}"
                + "tr:nth-child(even){background:#f4f4f4}.healthy{color:#2a7}.unhealthy{color:#c33}</style></head><body>");
        sb.append("<h1>PLG agent</h1><p>config ").append(html(agent.options().configPath().toString()))
                .append(" · storage ").append(html(agent.options().storagePath().toString())).append("</p>");
        sb.append("<table><tr><th>component</th><th>health</th><th>references</th><th>state</th></tr>");
        for (Controller.Node n : agent.controller().nodes()) {
            Component.Health h = n.health();
            String cls = h.state() == Component.Health.State.HEALTHY ? "healthy" : "unhealthy";
            sb.append("<tr><td>").append(html(n.id())).append("</td><td class=\"").append(cls).append("\">")
                    .append(html(h.state().name().toLowerCase(java.util.Locale.ROOT))).append(": ").append(html(h.message()))
                    .append("</td><td>").append(html(String.join(", ", n.dependencyIds()))).append("</td><td>");
            if (n.component() != null) {
                for (Map.Entry<String, Object> e : n.component().debugInfo().entrySet()) {
                    sb.append("<b>").append(html(e.getKey())).append("</b>: ").append(html(String.valueOf(e.getValue()))).append("<br>");
                }
            }
            sb.append("</td></tr>");
        }
        sb.append("</table><p><a href=\"/metrics\">metrics</a> · <a href=\"/api/v0/web/components\">components JSON</a></p></body></html>");
        send(ex, 200, "text/html; charset=utf-8", sb.toString());
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String jsonList(List<String> l) {
        return "[" + String.join(",", l.stream().map(AgentHttpServer::json).toList()) + "]";
    }

    /** Resident set size from {@code /proc/self/statm} (0 where unavailable). */
    public static double residentMemoryBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public static double cpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return 0;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
