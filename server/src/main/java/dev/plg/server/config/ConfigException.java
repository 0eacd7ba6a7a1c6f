package dev.plg.server.config;

/**
 * A configuration that cannot be used: a wrong type or value, or a key Loki does not have.
 * The message names the file, the line and the key, e.g.
 * {@code config/loki/local-config.yaml:12: limits_config.max_line_size: cannot parse "abc" as bytes}.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
