package dev.plg.server.config;

import static java.util.Objects.requireNonNull;

/**
 * The {@code server:} section PLG implements: where the HTTP API listens.
 *
 * @param httpListenAddress {@code server.http_listen_address}; empty means every interface (Loki's default)
 * @param httpListenPort {@code server.http_listen_port}; 3100 by default, 0 picks a free port
 */
public record ServerConfig(String httpListenAddress, int httpListenPort) {
    public static final ServerConfig DEFAULT = new ServerConfig("", 3100);

    public ServerConfig {
        requireNonNull(httpListenAddress, "httpListenAddress is null");
        if (httpListenPort < 0 || httpListenPort > 65535) {
            throw new IllegalArgumentException("http_listen_port must be 0..65535, got " + httpListenPort);
        }
    }
}
