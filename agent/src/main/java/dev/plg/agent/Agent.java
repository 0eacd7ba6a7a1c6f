package dev.plg.agent;

import static java.util.Objects.requireNonNull;

import dev.plg.agent.component.Controller;
import dev.plg.agent.http.AgentHttpServer;
import dev.plg.agent.model.AgentLog;
import dev.plg.agent.model.Metrics;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The running agent: the component graph loaded from an Alloy config file plus the HTTP server
 * ({@code /-/ready}, {@code /-/healthy}, {@code /-/reload}, {@code /metrics}, status page). Start with
 * {@link #start(AgentOptions)}, stop with {@link #close()} (idempotent). Thread-safe.
 */
public final class Agent implements AutoCloseable {
    private final AgentOptions options;
    private final Metrics metrics = new Metrics();
    private final AgentLog log;
    private final AgentHttpServer http;
    private volatile Controller controller;
    private volatile boolean closed;

    private Agent(AgentOptions options, AgentLog log) throws IOException {
        this.options = options;
        this.log = log;
        this.controller = load();
        AgentHttpServer server = null;
        try {
            controller.start();
            server = AgentHttpServer.start(options.listenAddr(), this);
        } catch (RuntimeException | IOException e) {
            controller.close();
            throw e;
        }
        this.http = server;
        metrics.gauge("alloy_build_info", "A metric with a constant '1' value labeled by version.", "version", "goversion")
                .labels(dev.plg.agent.eval.Stdlib.VERSION, "java" + Runtime.version().feature()).set(1);
        metrics.gaugeFunction("alloy_resources_process_resident_memory_bytes", "Current resident memory of the agent process.",
                AgentHttpServer::residentMemoryBytes);
        metrics.gaugeFunction("alloy_resources_process_cpu_seconds_total", "Total CPU time of the agent process.",
                AgentHttpServer::cpuSeconds);
        log.info("now listening for http traffic", "service", "http", "addr", http.address());
    }

    /**
     * Loads the config, starts every component and the HTTP server.
     *
     * @throws dev.plg.agent.syntax.ConfigException when the config is invalid ({@code file:line:col: message})
     * @throws IOException when the config cannot be read or the address cannot be bound
     */
    public static Agent start(AgentOptions options) throws IOException {
        return start(options, new AgentLog());
    }

    public static Agent start(AgentOptions options, AgentLog log) throws IOException {
        requireNonNull(options, "options is null");
        return new Agent(options, log);
    }

    private Controller load() throws IOException {
        byte[] src = Files.readAllBytes(options.configPath());
        return Controller.load(options.configPath().toString(), src,
                new Controller.Options(options.storagePath(), metrics, log, options.experimental()));
    }

    /** Re-reads the config; on error the running graph is kept and the error is thrown. */
    public synchronized void reload() throws IOException {
        if (closed) {
            throw new IllegalStateException("agent is closed");
        }
        Controller next = load();
        Controller old = controller;
        old.close();
        controller = next;
        next.start();
        log.info("config reloaded", "path", options.configPath());
    }

    public Controller controller() {
        return controller;
    }

    public Metrics metrics() {
        return metrics;
    }

    public AgentLog log() {
        return log;
    }

    public AgentOptions options() {
        return options;
    }

    /** The HTTP server's bound port (when configured with port 0). */
    public int httpPort() {
        return http.port();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.close();
        controller.close();
    }
}
