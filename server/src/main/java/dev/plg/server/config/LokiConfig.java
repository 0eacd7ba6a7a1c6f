package dev.plg.server.config;

import static java.util.Objects.requireNonNull;

import dev.plg.store.Limits;
import java.time.Duration;
import java.util.List;

/**
 * A Loki YAML configuration as PLG understands it: the keys it implements, plus the keys it
 * accepted but ignores (reported once at start).
 *
 * @param limits {@code limits_config}, in the store's own record (Loki 3.4's defaults for unset keys)
 * @param authEnabled {@code auth_enabled}; true requires {@code X-Scope-OrgID} on every request
 * @param retentionEnabled {@code compactor.retention_enabled}; expired blocks are deleted only when true
 * @param ignoredKeys dotted paths of accepted-but-unused keys, in file order
 * @param source where the configuration came from (a file name, or {@code <defaults>})
 * @param splitQueriesByInterval {@code limits_config.split_queries_by_interval} (Loki's default 1h; 0 disables):
 *     the query frontend's split of range queries, which shapes some answers
 */
public record LokiConfig(
        boolean authEnabled,
        ServerConfig server,
        StorageSection storage,
        Limits limits,
        boolean retentionEnabled,
        List<String> ignoredKeys,
        String source,
        Duration splitQueriesByInterval) {

    /** Loki 3.4's default {@code split_queries_by_interval}. */
    public static final Duration DEFAULT_SPLIT_QUERIES_BY_INTERVAL = Duration.ofHours(1);

    public static final LokiConfig DEFAULT = new LokiConfig(
            true, ServerConfig.DEFAULT, StorageSection.DEFAULT, Limits.defaults(), false, List.of(), "<defaults>");

    /** A configuration with the default {@code split_queries_by_interval}. */
    public LokiConfig(boolean authEnabled, ServerConfig server, StorageSection storage, Limits limits,
                      boolean retentionEnabled, List<String> ignoredKeys, String source) {
        this(authEnabled, server, storage, limits, retentionEnabled, ignoredKeys, source,
                DEFAULT_SPLIT_QUERIES_BY_INTERVAL);
    }

    public LokiConfig {
        requireNonNull(server, "server is null");
        requireNonNull(storage, "storage is null");
        requireNonNull(limits, "limits is null");
        ignoredKeys = List.copyOf(ignoredKeys);
        requireNonNull(source, "source is null");
        requireNonNull(splitQueriesByInterval, "splitQueriesByInterval is null");
        if (splitQueriesByInterval.isNegative()) {
            throw new IllegalArgumentException("split_queries_by_interval must not be negative: " + splitQueriesByInterval);
        }
    }

    public LokiConfig withServer(ServerConfig s) {
        return new LokiConfig(authEnabled, s, storage, limits, retentionEnabled, ignoredKeys, source,
                splitQueriesByInterval);
    }

    public LokiConfig withStorage(StorageSection s) {
        return new LokiConfig(authEnabled, server, s, limits, retentionEnabled, ignoredKeys, source,
                splitQueriesByInterval);
    }

    public LokiConfig withLimits(Limits l) {
        return new LokiConfig(authEnabled, server, storage, l, retentionEnabled, ignoredKeys, source,
                splitQueriesByInterval);
    }
}
