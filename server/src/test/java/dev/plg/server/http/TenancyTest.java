package dev.plg.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code auth_enabled}: X-Scope-OrgID required and tenants isolated; without it, one tenant {@code fake}. */
class TenancyTest {
    static final String PUSH = "{\"streams\":[{\"stream\":{\"app\":\"t\"},\"values\":[[\"1772190000000000000\",\"secret\"]]}]}";
    static final String RANGE = "/loki/api/v1/query_range?query=" + URLEncoder.encode("{app=\"t\"}", StandardCharsets.UTF_8)
            + "&start=1772189000000000000&end=1772191000000000000";

    @Test
    void authEnabledRequiresAndSeparatesTenants() throws Exception {
        try (TestServer server = new TestServer(true)) {
            TestServer.Answer noOrg = server.pushJson(PUSH);
            assertThat(noOrg.status()).isEqualTo(401);
            assertThat(noOrg.body()).isEqualTo("no org id");
            assertThat(server.pushJson(PUSH, "X-Scope-OrgID", "team-a").status()).isEqualTo(204);
            assertThat(server.get(RANGE).status()).isEqualTo(401);
            assertThat(server.get(RANGE, "X-Scope-OrgID", "team-a").body()).contains("secret");
            assertThat(server.get(RANGE, "X-Scope-OrgID", "team-b").body()).doesNotContain("secret");
            assertThat(server.get("/loki/api/v1/labels", "X-Scope-OrgID", "team-b").body()).isEqualTo("{\"status\":\"success\"}");
            assertThat(server.get("/ready").status()).isEqualTo(200);
            assertThat(server.get("/metrics").status()).isEqualTo(200);
        }
    }

    @Test
    void authDisabledIsOneTenantWhateverTheHeader() throws Exception {
        try (TestServer server = new TestServer(false)) {
            assertThat(server.pushJson(PUSH, "X-Scope-OrgID", "team-a").status()).isEqualTo(204);
            assertThat(server.get(RANGE).body()).contains("secret");
            assertThat(server.get(RANGE, "X-Scope-OrgID", "team-b").body()).contains("secret");
        }
    }
}
