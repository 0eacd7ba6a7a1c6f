package dev.plg.agent;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run the agent: the config file, the data directory holding positions
 * ({@code --storage.path}, default {@code data-alloy/}), the HTTP listen address
 * ({@code --server.http.listen-addr}, default {@code 127.0.0.1:12345}, the seed's port) and whether
 * experimental features are allowed ({@code --stability.level=experimental}).
 */
public record AgentOptions(Path configPath, Path storagePath, String listenAddr, boolean experimental) {
    public static final Path DEFAULT_STORAGE_PATH = Path.of("data-alloy");
    public static final String DEFAULT_LISTEN_ADDR = "127.0.0.1:12345";
    /** Environment variables read when the matching flag is absent. */
    public static final String ENV_STORAGE_PATH = "PLG_AGENT_STORAGE_PATH";
    public static final String ENV_LISTEN_ADDR = "PLG_AGENT_LISTEN_ADDR";
    public static final String ENV_STABILITY_LEVEL = "PLG_AGENT_STABILITY_LEVEL";

    public AgentOptions {
        requireNonNull(configPath, "configPath is null");
        requireNonNull(storagePath, "storagePath is null");
        requireNonNull(listenAddr, "listenAddr is null");
        parseListenAddr(listenAddr);
    }

    public static AgentOptions of(Path configPath) {
        return new AgentOptions(configPath, DEFAULT_STORAGE_PATH, DEFAULT_LISTEN_ADDR, false);
    }

    /** Defaults, overridden by environment variables. */
    public static AgentOptions fromEnvironment(Path configPath, Map<String, String> env) {
        String storage = env.getOrDefault(ENV_STORAGE_PATH, "");
        String listen = env.getOrDefault(ENV_LISTEN_ADDR, "");
        String stability = env.getOrDefault(ENV_STABILITY_LEVEL, "");
        return new AgentOptions(configPath, storage.isEmpty() ? DEFAULT_STORAGE_PATH : Path.of(storage),
                listen.isEmpty() ? DEFAULT_LISTEN_ADDR : listen, stability.equals("experimental"));
    }

    public AgentOptions withStoragePath(Path p) {
        return new AgentOptions(configPath, p, listenAddr, experimental);
    }

    public AgentOptions withListenAddr(String a) {
        return new AgentOptions(configPath, storagePath, a, experimental);
    }

    public AgentOptions withExperimental(boolean e) {
        return new AgentOptions(configPath, storagePath, listenAddr, e);
    }

    /** host and port of {@code host:port} ({@code :port} means all interfaces). */
    static Map.Entry<String, Integer> parseListenAddr(String addr) {
        int colon = addr.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid listen address \"" + addr + "\": missing port");
        }
        try {
            int port = Integer.parseInt(addr.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            String host = addr.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return Map.entry(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid listen address \"" + addr + "\": bad port");
        }
    }
}
