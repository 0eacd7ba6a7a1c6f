package dev.plg.server;

import dev.plg.server.config.ByteSizes;
import dev.plg.server.config.Durations;
import dev.plg.server.config.LokiConfig;
import dev.plg.store.Limits;

/** The effective configuration as YAML for {@code GET /config} (the keys PLG implements). */
final class ConfigYaml {
    private ConfigYaml() {
    }

    static String format(LokiConfig c) {
        Limits l = c.limits();
        StringBuilder b = new StringBuilder(2048);
        b.append("# PLG effective configuration (source: ").append(c.source()).append(")\n");
        b.append("auth_enabled: ").append(c.authEnabled()).append('\n');
        b.append("server:\n");
        b.append("  http_listen_address: \"").append(c.server().httpListenAddress()).append("\"\n");
        b.append("  http_listen_port: ").append(c.server().httpListenPort()).append('\n');
        b.append("common:\n");
        b.append("  path_prefix: \"").append(c.storage().pathPrefix()).append("\"\n");
        b.append("  storage:\n    filesystem:\n");
        b.append("      chunks_directory: \"").append(c.storage().chunksDirectory()).append("\"\n");
        b.append("      rules_directory: \"").append(c.storage().rulesDirectory()).append("\"\n");
        b.append("compactor:\n  retention_enabled: ").append(c.retentionEnabled()).append('\n');
        b.append("limits_config:\n");
        kv(b, "reject_old_samples", l.rejectOldSamples());
        kv(b, "reject_old_samples_max_age", Durations.format(l.rejectOldSamplesMaxAge()));
        kv(b, "creation_grace_period", Durations.format(l.creationGracePeriod()));
        kv(b, "max_line_size", ByteSizes.format(l.maxLineSize()));
        kv(b, "max_line_size_truncate", l.maxLineSizeTruncate());
        kv(b, "max_label_names_per_series", l.maxLabelNamesPerSeries());
        kv(b, "max_label_name_length", l.maxLabelNameLength());
        kv(b, "max_label_value_length", l.maxLabelValueLength());
        kv(b, "max_streams_per_user", l.maxStreamsPerUser());
        kv(b, "max_global_streams_per_user", l.maxGlobalStreamsPerUser());
        kv(b, "ingestion_rate_mb", l.ingestionRateMb());
        kv(b, "ingestion_burst_size_mb", l.ingestionBurstSizeMb());
        kv(b, "per_stream_rate_limit", ByteSizes.format(l.perStreamRateLimit()));
        kv(b, "per_stream_rate_limit_burst", ByteSizes.format(l.perStreamRateLimitBurst()));
        kv(b, "max_entries_limit_per_query", l.maxEntriesLimitPerQuery());
        kv(b, "max_query_series", l.maxQuerySeries());
        kv(b, "max_query_length", Durations.format(l.maxQueryLength()));
        kv(b, "retention_period", Durations.format(l.retentionPeriod()));
        b.append("  discover_service_name:\n");
        for (String s : l.discoverServiceName()) {
            b.append("    - ").append(s).append('\n');
        }
        kv(b, "discover_log_levels", l.discoverLogLevels());
        kv(b, "allow_structured_metadata", l.allowStructuredMetadata());
        kv(b, "max_structured_metadata_size", ByteSizes.format(l.maxStructuredMetadataSize()));
        kv(b, "max_structured_metadata_entries_count", l.maxStructuredMetadataEntriesCount());
        if (!c.ignoredKeys().isEmpty()) {
            b.append("# accepted but not used by PLG: ").append(String.join(", ", c.ignoredKeys())).append('\n');
        }
        return b.toString();
    }

    private static void kv(StringBuilder b, String key, Object value) {
        b.append("  ").append(key).append(": ").append(value).append('\n');
    }
}
