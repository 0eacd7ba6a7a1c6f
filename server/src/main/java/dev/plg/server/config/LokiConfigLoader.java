package dev.plg.server.config;

import dev.plg.store.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a Loki YAML configuration file ({@code -config.file}) into a {@link LokiConfig}.
 *
 * <p>Every key is one of three kinds: implemented (parsed, a bad value fails naming file, line
 * and key), accepted-but-ignored (a real Loki 3.4 key PLG has no use for; listed in
 * {@link LokiConfig#ignoredKeys()}), or unknown (fails, as Loki does for a misspelt key).
 * With {@code expandEnv}, {@code ${VAR}} and {@code ${VAR:-default}} are replaced before parsing,
 * as Loki's {@code -config.expand-env=true} does.
 */
public final class LokiConfigLoader {
    /** Top-level Loki 3.4 sections PLG accepts without looking inside. */
    private static final Set<String> IGNORED_TOP_LEVEL = Set.of(
            "target", "ballast_bytes", "distributor", "querier", "query_scheduler", "frontend", "query_range",
            "ruler", "ruler_storage", "ingester_client", "ingester", "block_builder", "block_scheduler",
            "pattern_ingester", "index_gateway", "bloom_build", "bloom_gateway", "storage_config",
            "chunk_store_config", "schema_config", "compactor_grpc_client", "frontend_worker", "table_manager",
            "memberlist", "kafka_config", "dataobj", "runtime_config", "operational_config", "tracing",
            "analytics", "profiling_config", "shutdown_delay", "metastore", "metastore_client", "partition_ring",
            "use_buffered_logger", "use_sync_logger", "ui", "grpc", "ring");

    /** Known Loki keys inside implemented sections that PLG accepts and ignores (subtrees included). */
    private static final Set<String> IGNORED_NESTED = Set.copyOf(List.of(
            // server
            "server.grpc_listen_address", "server.grpc_listen_port", "server.grpc_listen_network",
            "server.http_listen_network", "server.http_listen_conn_limit", "server.grpc_listen_conn_limit",
            "server.log_level", "server.log_format", "server.log_source_ips_enabled", "server.log_request_headers",
            "server.log_request_at_info_level_enabled", "server.http_server_read_timeout",
            "server.http_server_write_timeout", "server.http_server_idle_timeout", "server.http_path_prefix",
            "server.graceful_shutdown_timeout", "server.grpc_server_max_recv_msg_size",
            "server.grpc_server_max_send_msg_size", "server.grpc_server_max_concurrent_streams",
            "server.register_instrumentation", "server.http_tls_config", "server.grpc_tls_config",
            "server.tls_min_version", "server.tls_cipher_suites", "server.grpc_server_keepalive_time",
            "server.grpc_server_keepalive_timeout", "server.grpc_server_min_time_between_pings",
            "server.grpc_server_ping_without_stream_allowed", "server.grpc_server_max_connection_age",
            "server.grpc_server_max_connection_age_grace", "server.grpc_server_max_connection_idle",
            "server.log_request_exclude_headers_list", "server.report_grpc_codes_in_instrumentation_label_enabled",
            "server.http_server_read_header_timeout",
            // common
            "common.instance_addr", "common.instance_interface_names", "common.instance_enable_ipv6",
            "common.replication_factor", "common.ring", "common.persist_tokens", "common.compactor_address",
            "common.compactor_grpc_address", "common.storage.s3", "common.storage.gcs", "common.storage.azure",
            "common.storage.alibabacloud", "common.storage.bos", "common.storage.cos", "common.storage.swift",
            "common.storage.congestion_control", "common.storage.object_prefix", "common.storage.hedging",
            // compactor
            "compactor.working_directory", "compactor.compaction_interval", "compactor.apply_retention_interval",
            "compactor.retention_delete_delay", "compactor.retention_delete_worker_count",
            "compactor.retention_table_timeout", "compactor.delete_request_store", "compactor.delete_request_cancel_period",
            "compactor.delete_max_interval", "compactor.delete_batch_size", "compactor.max_compaction_parallelism",
            "compactor.compactor_ring", "compactor.upload_parallelism", "compactor.tables_to_compact",
            "compactor.skip_latest_n_tables", "compactor.delete_request_store_key_prefix",
            "compactor.delete_request_store_db_type",
            // limits_config keys of Loki 3.4 that PLG does not act on
            "limits_config.max_query_lookback",
            
            "limits_config.ingestion_rate_strategy", "limits_config.max_chunks_per_query",
            "limits_config.max_query_parallelism", "limits_config.tsdb_max_query_parallelism",
            "limits_config.max_streams_matchers_per_query", "limits_config.max_concurrent_tail_requests",
            "limits_config.max_cache_freshness_per_query",
            "limits_config.split_metadata_queries_by_interval", "limits_config.query_timeout",
            "limits_config.volume_enabled", "limits_config.volume_max_series", 
            "limits_config.shard_streams",
            "limits_config.unordered_writes", "limits_config.increment_duplicate_timestamp",
            "limits_config.use_owned_stream_count", "limits_config.log_level_fields",
            "limits_config.discover_generic_fields", "limits_config.enforce_metric_name", "limits_config.max_cache_freshness_per_query",
            "limits_config.max_querier_bytes_read", "limits_config.max_query_bytes_read", "limits_config.max_queriers_per_tenant",
            "limits_config.max_query_capacity", "limits_config.query_ready_index_num_days", "limits_config.retention_stream",
            "limits_config.deletion_mode", "limits_config.ruler_evaluation_delay_duration", "limits_config.ruler_max_rules_per_rule_group",
            "limits_config.ruler_max_rule_groups_per_tenant", "limits_config.ruler_remote_write_disabled",
            "limits_config.per_tenant_override_config", "limits_config.per_tenant_override_period",
            "limits_config.otlp_config", "limits_config.pattern_persistence_enabled", "limits_config.bloom_creation_enabled",
            "limits_config.bloom_gateway_enable_filtering", "limits_config.blocked_queries", "limits_config.required_labels",
            "limits_config.required_number_labels", "limits_config.index_gateway_shard_size", "limits_config.min_sharding_lookback",
            "limits_config.max_line_size_truncate_identifier", "limits_config.query_ready_index_num_days",
            "limits_config.reject_old_samples_max_age_duration", "limits_config.max_stats_cache_freshness",
            "limits_config.max_metadata_cache_freshness", "limits_config.instant_metric_query_split_align",
            "limits_config.tsdb_sharding_strategy", "limits_config.query_sharding", "limits_config.ingestion_partitions_tenant_shard_size",
            "limits_config.blocked_ingestion", "limits_config.block_ingestion_until", "limits_config.block_ingestion_status_code",
            "limits_config.enforced_labels", "limits_config.shard_aggregations", "limits_config.simulated_push_latency"));

    private final Map<String, Setter> implemented = new HashMap<>();

    @FunctionalInterface
    private interface Setter {
        void set(Builder b, Node node, Values v);
    }

    public LokiConfigLoader() {
        implemented.put("auth_enabled", (b, n, v) -> b.authEnabled = v.bool(n));
        implemented.put("server.http_listen_address", (b, n, v) -> b.httpListenAddress = v.string(n));
        implemented.put("server.http_listen_port", (b, n, v) -> b.httpListenPort = v.intIn(n, 0, 65535));
        implemented.put("common.path_prefix", (b, n, v) -> b.pathPrefix = v.string(n));
        implemented.put("common.storage.filesystem.chunks_directory", (b, n, v) -> b.chunksDirectory = v.string(n));
        implemented.put("common.storage.filesystem.rules_directory", (b, n, v) -> b.rulesDirectory = v.string(n));
        implemented.put("compactor.retention_enabled", (b, n, v) -> b.retentionEnabled = v.bool(n));
        implemented.put("limits_config.reject_old_samples", (b, n, v) -> b.limits.rejectOldSamples(v.bool(n)));
        implemented.put("limits_config.reject_old_samples_max_age", (b, n, v) -> b.limits.rejectOldSamplesMaxAge(v.duration(n)));
        implemented.put("limits_config.creation_grace_period", (b, n, v) -> b.limits.creationGracePeriod(v.duration(n)));
        implemented.put("limits_config.max_line_size", (b, n, v) -> b.limits.maxLineSize(v.intBytes(n)));
        implemented.put("limits_config.max_line_size_truncate", (b, n, v) -> b.limits.maxLineSizeTruncate(v.bool(n)));
        implemented.put("limits_config.max_label_names_per_series", (b, n, v) -> b.limits.maxLabelNamesPerSeries(v.count(n)));
        implemented.put("limits_config.max_label_name_length", (b, n, v) -> b.limits.maxLabelNameLength(v.count(n)));
        implemented.put("limits_config.max_label_value_length", (b, n, v) -> b.limits.maxLabelValueLength(v.count(n)));
        implemented.put("limits_config.max_streams_per_user", (b, n, v) -> b.limits.maxStreamsPerUser(v.count(n)));
        implemented.put("limits_config.max_global_streams_per_user", (b, n, v) -> b.limits.maxGlobalStreamsPerUser(v.count(n)));
        implemented.put("limits_config.ingestion_rate_mb", (b, n, v) -> b.limits.ingestionRateMb(v.nonNegativeFloat(n)));
        implemented.put("limits_config.ingestion_burst_size_mb", (b, n, v) -> b.limits.ingestionBurstSizeMb(v.nonNegativeFloat(n)));
        implemented.put("limits_config.per_stream_rate_limit", (b, n, v) -> b.limits.perStreamRateLimit(v.bytes(n)));
        implemented.put("limits_config.per_stream_rate_limit_burst", (b, n, v) -> b.limits.perStreamRateLimitBurst(v.bytes(n)));
        implemented.put("limits_config.max_entries_limit_per_query", (b, n, v) -> b.limits.maxEntriesLimitPerQuery(v.count(n)));
        implemented.put("limits_config.max_query_series", (b, n, v) -> b.limits.maxQuerySeries(v.count(n)));
        implemented.put("limits_config.split_queries_by_interval", (b, n, v) -> b.splitQueriesByInterval = v.duration(n));
        implemented.put("limits_config.max_query_length", (b, n, v) -> b.limits.maxQueryLength(v.duration(n)));
        implemented.put("limits_config.retention_period", (b, n, v) -> b.limits.retentionPeriod(v.duration(n)));
        implemented.put("limits_config.discover_service_name", (b, n, v) -> b.limits.discoverServiceName(v.stringList(n)));
        implemented.put("limits_config.discover_log_levels", (b, n, v) -> b.limits.discoverLogLevels(v.bool(n)));
        implemented.put("limits_config.allow_structured_metadata", (b, n, v) -> b.limits.allowStructuredMetadata(v.bool(n)));
        implemented.put("limits_config.max_structured_metadata_size", (b, n, v) -> b.limits.maxStructuredMetadataSize(v.intBytes(n)));
        implemented.put("limits_config.max_structured_metadata_entries_count",
                (b, n, v) -> b.limits.maxStructuredMetadataEntriesCount(v.count(n)));
    }

    /** Sections PLG walks into (their keys must be implemented, ignored or an error). */
    private static final Set<String> SECTIONS = Set.of(
            "server", "common", "common.storage", "common.storage.filesystem", "limits_config", "compactor");

    /** Reads {@code file}; with {@code expandEnv} expands {@code ${VAR}} from {@code env} first. */
    public LokiConfig load(Path file, boolean expandEnv, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text, expandEnv, env);
    }

    /** Parses YAML text; {@code name} is used in error messages. */
    public LokiConfig parse(String name, String text, boolean expandEnv, Map<String, String> env) {
        if (expandEnv) {
            text = EnvExpander.expand(text, env);
        }
        LoadSettings settings = LoadSettings.builder().setLabel(name).setUseMarks(true).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ConfigException(name + ":" + line + ": cannot parse YAML: " + e.getProblem(), e);
        } catch (YamlEngineException e) {
            throw new ConfigException(name + ": cannot parse YAML: " + e.getMessage(), e);
        }
        Builder b = new Builder();
        List<String> ignored = new ArrayList<>();
        Values values = new Values(name);
        if (root.isPresent() && !(root.get() instanceof ScalarNode s && s.getValue().isEmpty())) {
            walk(root.get(), "", b, ignored, values);
        }
        try {
            return b.build(ignored, name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage(), e);
        }
    }

    private void walk(Node node, String path, Builder b, List<String> ignored, Values v) {
        if (!(node instanceof MappingNode mapping)) {
            throw v.error(node, path.isEmpty() ? "<root>" : path, "must be a mapping of keys to values");
        }
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                throw v.error(t.getKeyNode(), path, "keys must be plain names");
            }
            String key = path.isEmpty() ? keyNode.getValue() : path + "." + keyNode.getValue();
            Node value = t.getValueNode();
            Setter setter = implemented.get(key);
            if (setter != null) {
                setter.set(b, value, v.forKey(key));
            } else if (SECTIONS.contains(key)) {
                if (!isNull(value)) {
                    walk(value, key, b, ignored, v);
                }
            } else if ((path.isEmpty() && IGNORED_TOP_LEVEL.contains(key)) || IGNORED_NESTED.contains(key)) {
                ignored.add(key);
            } else {
                throw v.error(keyNode, key, "unknown key (not a Loki 3.4 setting PLG knows)");
            }
        }
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("null") || s.getValue().equals("~"));
    }

    /** Converts scalar nodes, failing with file:line: key: message. */
    private static final class Values {
        private final String file;
        private final String key;

        Values(String file) {
            this(file, "");
        }

        private Values(String file, String key) {
            this.file = file;
            this.key = key;
        }

        Values forKey(String k) {
            return new Values(file, k);
        }

        ConfigException error(Node node, String k, String message) {
            int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
            return new ConfigException(file + ":" + line + ": " + k + ": " + message);
        }

        String scalar(Node n) {
            if (!(n instanceof ScalarNode s)) {
                throw error(n, key, "must be a single value, not a " + (n instanceof SequenceNode ? "list" : "mapping"));
            }
            return s.getValue();
        }

        String string(Node n) {
            return scalar(n);
        }

        boolean bool(Node n) {
            String s = scalar(n);
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                case "false", "no", "off", "n" -> false;
                default -> throw error(n, key, "cannot parse \"" + s + "\" as a boolean (true or false)");
            };
        }

        int intIn(Node n, int min, int max) {
            String s = scalar(n);
            long value;
            try {
                value = Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw error(n, key, "cannot parse \"" + s + "\" as an integer");
            }
            if (value < min || value > max) {
                throw error(n, key, "value " + value + " is out of range " + min + ".." + max);
            }
            return (int) value;
        }

        double nonNegativeFloat(Node n) {
            String s = scalar(n);
            double value;
            try {
                value = Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw error(n, key, "cannot parse \"" + s + "\" as a number");
            }
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw error(n, key, "value " + s + " must be a non-negative number");
            }
            return value;
        }

        Duration duration(Node n) {
            return convert(n, Durations::parse);
        }

        long bytes(Node n) {
            return convert(n, ByteSizes::parse);
        }

        int intBytes(Node n) {
            long value = bytes(n);
            if (value > Integer.MAX_VALUE) {
                throw error(n, key, "value " + value + " is too large (at most " + Integer.MAX_VALUE + " bytes)");
            }
            return (int) value;
        }

        int count(Node n) {
            return intIn(n, 0, Integer.MAX_VALUE);
        }

        private <T> T convert(Node n, Function<String, T> parser) {
            String s = scalar(n);
            try {
                return parser.apply(s);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw error(n, key, e.getMessage());
            }
        }

        List<String> stringList(Node n) {
            if (n instanceof ScalarNode s) {
                // Loki's flag form: a comma-separated list.
                if (s.getValue().isEmpty()) {
                    return List.of();
                }
                List<String> out = new ArrayList<>();
                for (String part : s.getValue().split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
                return out;
            }
            if (!(n instanceof SequenceNode seq)) {
                throw error(n, key, "must be a list of strings");
            }
            List<String> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                out.add(scalar(item));
            }
            return out;
        }
    }

    /** Mutable while the file is walked; {@link #build} checks everything through the records. */
    private static final class Builder {
        boolean authEnabled = LokiConfig.DEFAULT.authEnabled();
        String httpListenAddress = ServerConfig.DEFAULT.httpListenAddress();
        int httpListenPort = ServerConfig.DEFAULT.httpListenPort();
        String pathPrefix = "";
        String chunksDirectory = "";
        String rulesDirectory = "";
        boolean retentionEnabled = false;
        final Limits.Builder limits = Limits.defaults().toBuilder();
        java.time.Duration splitQueriesByInterval = LokiConfig.DEFAULT_SPLIT_QUERIES_BY_INTERVAL;

        LokiConfig build(List<String> ignored, String source) {
            return new LokiConfig(authEnabled, new ServerConfig(httpListenAddress, httpListenPort),
                    new StorageSection(pathPrefix, chunksDirectory, rulesDirectory), limits.build(), retentionEnabled,
                    ignored, source, splitQueriesByInterval);
        }
    }
}
