package dev.plg.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plg.store.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LokiConfigLoaderTest {
    private static final Path REPO = findRepo();

    private static Path findRepo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("config/loki/local-config.yaml"))) {
            p = p.getParent();
        }
        return p;
    }

    private static LokiConfig parse(String yaml) {
        return new LokiConfigLoader().parse("test.yaml", yaml, false, Map.of());
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void defaultsArePinned() {
        LokiConfig c = parse("");
        assertThat(c.authEnabled()).isTrue();
        assertThat(c.server()).isEqualTo(new ServerConfig("", 3100));
        assertThat(c.storage()).isEqualTo(new StorageSection("", "", ""));
        assertThat(c.storage().dataDirectory()).isEqualTo(Path.of("data", "loki"));
        assertThat(c.retentionEnabled()).isFalse();
        assertThat(c.limits()).isEqualTo(Limits.defaults());
        assertThat(c.ignoredKeys()).isEmpty();
        assertThat(LokiConfig.DEFAULT.limits()).isEqualTo(Limits.defaults());
    }

    @Test
    void seedConfigStartsUnchanged() {
        LokiConfig c = new LokiConfigLoader().load(REPO.resolve("config/loki/local-config.yaml"), false, Map.of());
        assertThat(c.authEnabled()).isFalse();
        assertThat(c.server().httpListenPort()).isEqualTo(3100);
        assertThat(c.storage().pathPrefix()).isEqualTo("/tmp/loki");
        assertThat(c.storage().chunksDirectory()).isEqualTo("/tmp/loki/chunks");
        assertThat(c.limits().rejectOldSamples()).isTrue();
        assertThat(c.limits().rejectOldSamplesMaxAge()).isEqualTo(Duration.ofHours(168));
        assertThat(c.ignoredKeys()).containsExactly("server.grpc_listen_port", "common.instance_addr",
                "common.replication_factor", "common.ring", "schema_config", "query_range");
    }

    @Test
    void ciConformanceConfigLoadsWithExpandedEnvironment() {
        LokiConfig c = new LokiConfigLoader().load(REPO.resolve(".ci/conformance-loki.yaml"), true,
                Map.of("PLG_PORT", "4100", "PLG_DATA", "/tmp/plg-ci"));
        assertThat(c.server()).isEqualTo(new ServerConfig("127.0.0.1", 4100));
        assertThat(c.storage().dataDirectory()).isEqualTo(Path.of("/tmp/plg-ci"));
        assertThat(c.limits().rejectOldSamples()).isFalse();
        assertThat(c.limits().maxQueryLength()).isEqualTo(Duration.ZERO);
        assertThat(c.limits().perStreamRateLimit()).isEqualTo(64_000_000);
    }

    @Test
    void implementedKeysAreRead() {
        LokiConfig c = parse("""
                auth_enabled: true
                server:
                  http_listen_address: 127.0.0.1
                  http_listen_port: 0
                common:
                  path_prefix: /var/plg
                  storage:
                    filesystem:
                      chunks_directory: /var/plg/chunks
                      rules_directory: /var/plg/rules
                compactor:
                  retention_enabled: true
                limits_config:
                  reject_old_samples: false
                  reject_old_samples_max_age: 30d
                  creation_grace_period: 1h30m
                  max_line_size: 1MB
                  max_line_size_truncate: true
                  max_label_names_per_series: 20
                  max_label_name_length: 100
                  max_label_value_length: 200
                  max_streams_per_user: 7
                  max_global_streams_per_user: 8
                  ingestion_rate_mb: 64
                  ingestion_burst_size_mb: 128.5
                  per_stream_rate_limit: 64MB
                  per_stream_rate_limit_burst: 1MiB
                  max_entries_limit_per_query: 6000
                  max_query_series: 100
                  max_query_length: 0
                  retention_period: 744h
                  discover_service_name: [svc, app]
                  discover_log_levels: false
                  allow_structured_metadata: false
                """);
        assertThat(c.authEnabled()).isTrue();
        assertThat(c.server()).isEqualTo(new ServerConfig("127.0.0.1", 0));
        assertThat(c.storage()).isEqualTo(new StorageSection("/var/plg", "/var/plg/chunks", "/var/plg/rules"));
        assertThat(c.retentionEnabled()).isTrue();
        Limits expected = Limits.defaults().toBuilder()
                .rejectOldSamples(false).rejectOldSamplesMaxAge(Duration.ofDays(30))
                .creationGracePeriod(Duration.ofMinutes(90)).maxLineSize(1_000_000).maxLineSizeTruncate(true)
                .maxLabelNamesPerSeries(20).maxLabelNameLength(100).maxLabelValueLength(200)
                .maxStreamsPerUser(7).maxGlobalStreamsPerUser(8).ingestionRateMb(64).ingestionBurstSizeMb(128.5)
                .perStreamRateLimit(64_000_000).perStreamRateLimitBurst(1 << 20).maxEntriesLimitPerQuery(6000)
                .maxQuerySeries(100).maxQueryLength(Duration.ZERO).retentionPeriod(Duration.ofHours(744))
                .discoverServiceName(List.of("svc", "app")).discoverLogLevels(false).allowStructuredMetadata(false)
                .build();
        assertThat(c.limits()).isEqualTo(expected);
    }

    @Test
    void wrongValuesNameFileLineAndKey() {
        assertError("limits_config:\n  max_line_size: abc\n",
                "test.yaml:2: limits_config.max_line_size: cannot parse \"abc\" as bytes");
        assertError("server:\n  http_listen_port: http\n",
                "test.yaml:2: server.http_listen_port: cannot parse \"http\" as an integer");
        assertError("server:\n  http_listen_port: 70000\n",
                "test.yaml:2: server.http_listen_port: value 70000 is out of range 0..65535");
        assertError("auth_enabled: maybe\n",
                "test.yaml:1: auth_enabled: cannot parse \"maybe\" as a boolean (true or false)");
        assertError("limits_config:\n  reject_old_samples_max_age: 7 days\n",
                "test.yaml:2: limits_config.reject_old_samples_max_age: cannot parse \"7 days\" as a duration: want e.g. 30s, 5m, 168h, 30d");
        assertError("limits_config:\n  max_label_names_per_series: -1\n",
                "test.yaml:2: limits_config.max_label_names_per_series: value -1 is out of range 0..2147483647");
        assertError("limits_config:\n  ingestion_rate_mb: fast\n",
                "test.yaml:2: limits_config.ingestion_rate_mb: cannot parse \"fast\" as a number");
        assertError("server:\n  http_listen_port: [1, 2]\n",
                "test.yaml:2: server.http_listen_port: must be a single value, not a list");
        assertError("server: 3100\n", "test.yaml:1: server: must be a mapping of keys to values");
    }

    @Test
    void unknownKeysFail() {
        assertError("limits_config:\n  reject_old_sample: true\n",
                "test.yaml:2: limits_config.reject_old_sample: unknown key (not a Loki 3.4 setting PLG knows)");
        assertError("\n\nfrobnicator:\n  x: 1\n",
                "test.yaml:3: frobnicator: unknown key (not a Loki 3.4 setting PLG knows)");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> parse("server:\n  http_listen_port: 3100\n bad: [\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("test.yaml:");
    }

    @Test
    void environmentIsExpandedOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "server:\n  http_listen_port: ${PORT}\ncommon:\n  path_prefix: ${DATA:-/tmp/x}\n");
        LokiConfig c = new LokiConfigLoader().load(file, true, Map.of("PORT", "3200"));
        assertThat(c.server().httpListenPort()).isEqualTo(3200);
        assertThat(c.storage().pathPrefix()).isEqualTo("/tmp/x");
        assertThatThrownBy(() -> new LokiConfigLoader().load(file, false, Map.of("PORT", "3200")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":2: server.http_listen_port: cannot parse \"${PORT}\" as an integer");
    }

    @Test
    void missingFileIsReported(@TempDir Path dir) {
        assertThatThrownBy(() -> new LokiConfigLoader().load(dir.resolve("nope.yaml"), false, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("cannot read config file ");
    }
}
