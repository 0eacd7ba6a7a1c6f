package dev.plg.agent;

import dev.plg.agent.component.Controller;
import dev.plg.agent.model.AgentLog;
import dev.plg.agent.model.Metrics;
import dev.plg.agent.syntax.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Command line, shaped like {@code alloy}: {@code run <config> [--storage.path=DIR]
 * [--server.http.listen-addr=HOST:PORT] [--stability.level=generally-available|experimental]} and
 * {@code validate <config>}. Unknown Alloy flags that do not apply ({@code --disable-reporting}, …)
 * are accepted and ignored. Exit codes: 0 ok, 1 config or runtime error, 2 usage.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.err, System.getenv());
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs a command; {@code run} blocks until the JVM shuts down. */
    static int run(String[] args, PrintStream err, Map<String, String> env) {
        if (args.length < 2 || !(args[0].equals("run") || args[0].equals("validate"))) {
            err.println("usage: agent run <config.alloy> [--storage.path=data-alloy/] [--server.http.listen-addr=127.0.0.1:12345]");
            err.println("       agent validate <config.alloy>");
            return 2;
        }
        AgentOptions options;
        try {
            options = parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        }
        if (args[0].equals("validate")) {
            try {
                Controller.load(options.configPath().toString(), Files.readAllBytes(options.configPath()),
                        new Controller.Options(options.storagePath(), new Metrics(), new AgentLog(), options.experimental())).close();
                return 0;
            } catch (ConfigException e) {
                err.println("Error: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                err.println("Error: cannot read " + options.configPath() + ": " + e.getMessage());
                return 1;
            }
        }
        Agent agent;
        try {
            agent = Agent.start(options);
        } catch (ConfigException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            done.countDown();
        }, "agent-shutdown"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static AgentOptions parse(String[] args, Map<String, String> env) {
        Path config = null;
        AgentOptions o = null;
        String storage = null;
        String listen = null;
        String stability = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--") && takesValue(a)) {
                    value = args[++i];
                }
                switch (name) {
                    case "--storage.path" -> storage = require(name, value);
                    case "--server.http.listen-addr" -> listen = require(name, value);
                    case "--stability.level" -> stability = require(name, value);
                    case "--config.format" -> {
                        if (value != null && !value.equals("alloy")) {
                            throw new IllegalArgumentException("unsupported --config.format " + value + " (only alloy)");
                        }
                    }
                    case "--disable-reporting", "--server.http.ui-path-prefix", "--cluster.enabled", "--server.http.enable-pprof" -> {
                        // accepted for compatibility, no effect
                    }
                    default -> throw new IllegalArgumentException("unknown flag " + name);
                }
            } else if (config == null) {
                config = Path.of(a);
            } else {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
        }
        if (config == null) {
            throw new IllegalArgumentException("missing config file");
        }
        o = AgentOptions.fromEnvironment(config, env);
        if (storage != null) {
            o = o.withStoragePath(Path.of(storage));
        }
        if (listen != null) {
            o = o.withListenAddr(listen);
        }
        if (stability != null) {
            if (!stability.equals("generally-available") && !stability.equals("public-preview") && !stability.equals("experimental")) {
                throw new IllegalArgumentException("invalid --stability.level " + stability);
            }
            o = o.withExperimental(stability.equals("experimental"));
        }
        return o;
    }

    private static boolean takesValue(String flag) {
        return flag.equals("--storage.path") || flag.equals("--server.http.listen-addr") || flag.equals("--stability.level")
                || flag.equals("--config.format");
    }

    private static String require(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("flag " + name + " needs a value");
        }
        return value;
    }
}
