package dev.plg.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.plg.ui.provisioning.Dashboard;
import dev.plg.ui.provisioning.DataSource;
import dev.plg.ui.provisioning.Provisioning;
import dev.plg.ui.provisioning.ProvisioningException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisioningTest {
    private static final Path FILE = Path.of("test.yaml");

    /** Seed section 4.3, verbatim. */
    private static final String SEED_DATASOURCE = """
            apiVersion: 1

            datasources:
              - name: Loki
                type: loki
                access: proxy
                url: http://loki:3100
                isDefault: true
                editable: true
            """;

    @Test
    void seedDataSourceFile() {
        List<DataSource> list = Provisioning.parseDataSources(FILE, SEED_DATASOURCE, Map.of());
        assertThat(list).hasSize(1);
        DataSource ds = list.getFirst();
        assertThat(ds.name()).isEqualTo("Loki");
        assertThat(ds.uid()).isEqualTo("loki");
        assertThat(ds.type()).isEqualTo("loki");
        assertThat(ds.url().toString()).isEqualTo("http://loki:3100");
        assertThat(ds.isDefault()).isTrue();
        assertThat(ds.maxLines()).isEqualTo(1000);
    }

    @Test
    void dataSourceWithUidJsonDataHeadersAndEnvExpansion() {
        String yaml = """
                apiVersion: 1
                datasources:
                  - name: Other Loki
                    uid: other
                    type: loki
                    url: ${LOKI_URL}/
                    jsonData:
                      maxLines: "500"
                      timeout: 5
                      httpHeaderName1: X-Scope-OrgID
                    secureJsonData:
                      httpHeaderValue1: $TENANT
                """;
        DataSource ds = Provisioning.parseDataSources(FILE, yaml, Map.of("LOKI_URL", "http://127.0.0.1:3100", "TENANT", "t1")).getFirst();
        assertThat(ds.uid()).isEqualTo("other");
        assertThat(ds.url().toString()).isEqualTo("http://127.0.0.1:3100");
        assertThat(ds.maxLines()).isEqualTo(500);
        assertThat(ds.headers()).isEqualTo(Map.of("X-Scope-OrgID", "t1"));
        assertThat(ds.isDefault()).isFalse();
    }

    @Test
    void envExpansionRules() {
        Map<String, String> env = Map.of("A", "x", "LONG_NAME", "y");
        assertExpands("$A", env, "x");
        assertExpands("${LONG_NAME}/z", env, "y/z");
        assertExpands("$$A", env, "$A");
        assertExpands("$UNSET-", env, "-");
        assertExpands("no vars", env, "no vars");
    }

    private static void assertExpands(String input, Map<String, String> env, String expected) {
        assertThat(Provisioning.expandEnv(input, env)).as(input).isEqualTo(expected);
    }

    @Test
    void dataSourceErrorsNameFileAndField() {
        assertParseError("datasources:\n  - type: loki\n    url: http://x\n", "datasources[0].name is missing");
        assertParseError("datasources:\n  - name: L\n    url: http://x\n", "datasources[0].type is missing");
        assertParseError("datasources:\n  - name: L\n    type: loki\n    url: loki:3100\n", "datasources[0].url \"loki:3100\" must be an absolute http(s) URL");
        assertParseError("datasources: 3\n", "\"datasources\" must be a list");
        assertParseError("[1, 2]\n", "the top level must be a mapping");
        assertParseError("datasources: [\n", "invalid YAML");
    }

    private static void assertParseError(String yaml, String message) {
        assertThatThrownBy(() -> Provisioning.parseDataSources(FILE, yaml, Map.of()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageStartingWith("cannot provision from \"test.yaml\": ")
                .hasMessageContaining(message);
    }

    @Test
    void dashboard13639ClassicModel() throws IOException {
        Dashboard d = Provisioning.parseDashboard(Path.of("13639.json"), resource("13639-logs-app.grafana12.json"), "");
        assertThat(d.uid()).isEqualTo("sadlil-loki-apps-dashboard");
        assertThat(d.title()).isEqualTo("Logs / App");
        assertThat(d.model().path("panels")).hasSize(2);
        assertThat(d.model().path("panels").get(0).path("type").asText()).isEqualTo("timeseries");
        assertThat(d.model().path("templating").path("list").get(0).path("query").asText()).isEqualTo("label_values(job)");
    }

    @Test
    void dashboard13639ResourceEnvelopeIsUnwrapped() throws IOException {
        Dashboard d = Provisioning.parseDashboard(Path.of("13639.json"), resource("13639-logs-app.v0alpha1.json"), "Apps");
        assertThat(d.uid()).isEqualTo("sadlil-loki-apps-dashboard");
        assertThat(d.title()).isEqualTo("Logs / App");
        assertThat(d.folder()).isEqualTo("Apps");
        assertThat(d.model().has("apiVersion")).isFalse();
        assertThat(d.model().path("uid").asText()).isEqualTo("sadlil-loki-apps-dashboard");
        assertThat(d.model().path("panels").get(0).path("type").asText()).isEqualTo("graph");
    }

    @Test
    void seedDashboard() throws IOException {
        Dashboard d = Provisioning.parseDashboard(Path.of("seed.json"), resource("seed-python-starter-kit.json"), "");
        assertThat(d.uid()).isEqualTo("python-starter-kit-logs");
        List<String> types = new java.util.ArrayList<>();
        d.model().path("panels").forEach(p -> types.add(p.path("type").asText()));
        assertThat(types).containsExactly("timeseries", "piechart", "barchart", "logs");
    }

    @Test
    void dashboardErrors() {
        assertThatThrownBy(() -> Provisioning.parseDashboard(Path.of("bad.json"), "{\"title\": ", ""))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("invalid JSON at line 1");
        assertThatThrownBy(() -> Provisioning.parseDashboard(Path.of("bad.json"), "{\"uid\": \"a b\"}", ""))
                .hasMessageContaining("uid \"a b\" must be at most 40 characters of [a-zA-Z0-9_-]");
        assertThatThrownBy(() -> Provisioning.parseDashboard(Path.of("bad.json"), "[]", ""))
                .hasMessageContaining("a dashboard must be a JSON object");
    }

    @Test
    void dashboardWithoutUidGetsOneFromItsFileName() {
        Dashboard d = Provisioning.parseDashboard(Path.of("my board.json"), "{\"title\": \"T\"}", "");
        assertThat(d.uid()).isEqualTo("my-board");
        assertThat(d.model().path("panels").isArray()).isTrue();
    }

    @Test
    void shippedProvisioningDirectoryLoads() {
        Path dir = shippedProvisioning();
        Provisioning p = Provisioning.load(dir, Map.of());
        assertThat(p.dataSources()).extracting(DataSource::uid).containsExactly("loki");
        assertThat(p.defaultDataSource()).map(DataSource::name).contains("Loki");
        assertThat(p.dashboards()).extracting(Dashboard::uid)
                .containsExactlyInAnyOrder("python-starter-kit-logs", "sadlil-loki-apps-dashboard", "plg-overview");
        // the shipped seed dashboard is the spec's file, unchanged, so it imports into a real Grafana as well
        assertThat(p.dashboard("python-starter-kit-logs").orElseThrow().model().path("panels")).hasSize(4);
    }

    @Test
    void providerLayoutWithRelativeAndGrafanaMountPaths(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("datasources"));
        Files.createDirectories(dir.resolve("dashboards/json/sub"));
        Files.writeString(dir.resolve("datasources/loki.yaml"), SEED_DATASOURCE);
        Files.writeString(dir.resolve("dashboards/json/a.json"), "{\"uid\":\"a\",\"title\":\"B title\"}");
        Files.writeString(dir.resolve("dashboards/json/sub/b.json"), "{\"uid\":\"b\",\"title\":\"A title\"}");
        Files.writeString(dir.resolve("dashboards/json/ignored.txt"), "not a dashboard");
        Files.writeString(dir.resolve("dashboards/one.yaml"), """
                apiVersion: 1
                providers:
                  - name: mounted
                    folder: Seed
                    options:
                      path: /etc/grafana/provisioning/dashboards/json
                """);
        Files.writeString(dir.resolve("dashboards/two.yml"), "apiVersion: 1\nproviders:\n  - name: abs\n    options:\n      path: "
                + dir.resolve("dashboards/json/a.json") + "\n");
        Provisioning p = Provisioning.load(dir, Map.of());
        assertThat(p.dashboards()).extracting(Dashboard::title).containsExactly("A title", "B title");
        assertThat(p.dashboard("b").orElseThrow().folder()).isEqualTo("Seed");
    }

    @Test
    void missingProviderPathIsAnError(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("dashboards"));
        Files.writeString(dir.resolve("dashboards/p.yaml"), "providers:\n  - name: p\n    options:\n      path: /nonexistent/plg\n");
        assertThatThrownBy(() -> Provisioning.load(dir, Map.of()))
                .hasMessageContaining("provider \"p\": dashboards path \"/nonexistent/plg\" does not exist");
    }

    @Test
    void missingDirectoryProvisionsNothing(@TempDir Path dir) {
        Provisioning p = Provisioning.load(dir.resolve("absent"), Map.of());
        assertThat(p.dataSources()).isEmpty();
        assertThat(p.dashboards()).isEmpty();
    }

    static Path shippedProvisioning() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("config/grafana/provisioning");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("config/grafana/provisioning not found above " + here);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ProvisioningTest.class.getResourceAsStream("/dashboards/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: /dashboards/" + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
