package dev.plg.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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

    /**
     * The store refuses a push without a tenant before it reads the body. A client still sending the body (the
     * body arrives after the answer here) must get the 401, and the connection must stay usable, as with Go's
     * server: the store reads and drops the unread body before answering.
     */
    @Test
    void refusedPushBodyIsReadSoTheClientGetsTheAnswerAndKeepsTheConnection() throws Exception {
        try (TestServer server = new TestServer(true);
                Socket socket = new Socket("127.0.0.1", Integer.parseInt(server.base.substring(server.base.lastIndexOf(':') + 1)))) {
            socket.setSoTimeout(10_000);
            byte[] body = PUSH.repeat(400).getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /loki/api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
            out.write(body);
            out.write("GET /ready HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answers = readUntil(socket.getInputStream(), "ready");
            assertThat(answers).startsWith("HTTP/1.1 401").contains("no org id").doesNotContain("Connection: close")
                    .contains("HTTP/1.1 200");
        }
    }

    private static String readUntil(InputStream in, String end) throws java.io.IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; !got.toString(StandardCharsets.UTF_8).contains(end) && (n = in.read(buf)) > 0; ) {
            got.write(buf, 0, n);
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
