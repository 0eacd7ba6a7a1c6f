package dev.plg.server.config;

import static java.util.Objects.requireNonNull;

import dev.plg.store.Limits;
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
 */
public record LokiConfig(
        boolean authEnabled,
        ServerConfig server,
        StorageSection storage,
        Limits limits,
        boolean retentionEnabled,
        List<String> ignoredKeys,
        String source) {

    public static final LokiConfig DEFAULT = new LokiConfig(
            true, ServerConfig.DEFAULT, StorageSection.DEFAULT, Limits.defaults(), false, List.of(), "<defaults>");

    public LokiConfig {
        requireNonNull(server, "server is null");
        requireNonNull(storage, "storage is null");
        requireNonNull(limits, "limits is null");
        ignoredKeys = List.copyOf(ignoredKeys);
        requireNonNull(source, "source is null");
    }

    public LokiConfig withServer(ServerConfig s) {
        return new LokiConfig(authEnabled, s, storage, limits, retentionEnabled, ignoredKeys, source);
    }

    public LokiConfig withStorage(StorageSection s) {
        return new LokiConfig(authEnabled, server, s, limits, retentionEnabled, ignoredKeys, source);
    }

    public LokiConfig withLimits(Limits l) {
        return new LokiConfig(authEnabled, server, storage, l, retentionEnabled, ignoredKeys, source);
    }
}
