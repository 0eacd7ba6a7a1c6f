package dev.plg.ui;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UiOptionsTest {
    @Test
    void defaultsMatchTheSeedsGrafana() {
        UiOptions o = UiOptions.fromEnv(Map.of());
        assertThat(o.host()).isEqualTo("0.0.0.0");
        assertThat(o.port()).isEqualTo(3000);
        assertThat(o.provisioningDir()).isEqualTo(Path.of("config/grafana/provisioning"));
        assertThat(o.adminUser()).isEqualTo("admin");
        assertThat(o.adminPassword()).isEqualTo("admin");
        assertThat(o.homeDashboardUid()).isEqualTo("python-starter-kit-logs");
        assertThat(o.webRoot()).isEqualTo(Optional.empty());
        assertThat(o.lokiUrl()).isEqualTo(Optional.empty());
    }

    @Test
    void adminFromGrafanaEnvironmentVariables() {
        UiOptions o = UiOptions.fromEnv(Map.of("GF_SECURITY_ADMIN_USER", "root", "GF_SECURITY_ADMIN_PASSWORD", "s3cret"));
        assertThat(o.adminUser()).isEqualTo("root");
        assertThat(o.adminPassword()).isEqualTo("s3cret");
    }

    @Test
    void invalidValuesAreRefused() {
        UiOptions o = UiOptions.fromEnv(Map.of());
        assertThatThrownBy(() -> o.withListen("127.0.0.1", 70000)).hasMessage("cannot use port 70000: must be 0..65535");
        assertThatThrownBy(() -> o.withAdmin(" ", "x")).hasMessage("cannot use admin user \" \": must not be blank");
        assertThatThrownBy(() -> o.withAdmin("a", "")).hasMessage("cannot use an empty admin password");
    }
}
