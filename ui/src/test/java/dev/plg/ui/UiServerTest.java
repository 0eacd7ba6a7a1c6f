package dev.plg.ui;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plg.ui.testing.FakeLoki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static FakeLoki loki;
    static UiServer ui;

    @BeforeAll
    static void start() throws IOException {
        loki = FakeLoki.start();
        Path provisioning = writeProvisioning(dir, loki.uri());
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>PLG</title>");
        Files.createDirectories(web.resolve("assets"));
        Files.writeString(web.resolve("assets/app.js"), "console.log(1)");
        ui = UiServer.start(UiOptions.fromEnv(Map.of()).withListen("127.0.0.1", 0)
                .withProvisioningDir(provisioning).withAdmin("admin", "admin").withWebRoot(web));
    }

    @AfterAll
    static void stop() {
        ui.close();
        loki.close();
    }

    /** The shipped provider + dashboards, with the data source pointed at {@code lokiUrl}. */
    static Path writeProvisioning(Path root, URI lokiUrl) throws IOException {
        Path provisioning = root.resolve("provisioning");
        Files.createDirectories(provisioning.resolve("datasources"));
        Files.writeString(provisioning.resolve("datasources/loki.yaml"), Files.readString(
                ProvisioningTest.shippedProvisioning().resolve("datasources/loki.yaml")).replace("http://loki:3100", lokiUrl.toString()));
        Path dashboards = Files.createDirectories(provisioning.resolve("dashboards"));
        try (var files = Files.list(ProvisioningTest.shippedProvisioning().resolve("dashboards"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dashboards.resolve(f.getFileName()));
            }
        }
        return provisioning;
    }

    private static final class Client {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String csrf = "";

        HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(ui.uri().resolve(path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(b::header);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return send("GET", path, null, Map.of());
        }

        HttpResponse<String> write(String method, String path, String body) throws Exception {
            return send(method, path, body, Map.of("X-CSRF-Token", csrf, "Content-Type", "application/json"));
        }

        HttpResponse<String> login(String user, String password) throws Exception {
            HttpResponse<String> r = send("POST", "/api/login", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", Map.of());
            if (r.statusCode() == 200) {
                csrf = JSON.readTree(r.body()).path("csrfToken").asText();
            }
            return r;
        }
    }

    private static Client loggedIn() throws Exception {
        Client c = new Client();
        assertThat(c.login("admin", "admin").statusCode()).isEqualTo(200);
        return c;
    }

    @Test
    void loginSetsAnHttpOnlySameSiteCookieAndAsksToChangeTheDefaultPassword() throws Exception {
        Client c = new Client();
        HttpResponse<String> r = c.login("admin", "admin");
        assertThat(r.statusCode()).isEqualTo(200);
        String cookie = r.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).startsWith("plg_session=").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("login").asText()).isEqualTo("admin");
        assertThat(body.path("mustChangePassword").asBoolean()).isTrue();
        assertThat(body.path("csrfToken").asText()).hasSizeGreaterThan(30);
        assertThat(JSON.readTree(c.get("/api/user").body()).path("login").asText()).isEqualTo("admin");
    }

    @Test
    void wrongPasswordAndAnonymousCallsAreRefused() throws Exception {
        Client c = new Client();
        assertStatus(c.login("admin", "nope"), 401, "Invalid username or password");
        assertStatus(c.login("root", "admin"), 401, "Invalid username or password");
        assertStatus(c.get("/api/user"), 401, "Unauthorized: log in first");
        assertStatus(c.get("/api/search"), 401, "Unauthorized: log in first");
        assertStatus(c.get("/api/datasources/proxy/uid/loki/loki/api/v1/labels"), 401, "Unauthorized: log in first");
        assertThat(c.get("/api/health").statusCode()).isEqualTo(200);
    }

    @Test
    void repeatedFailedLoginsAreThrottled() throws Exception {
        Client c = new Client();
        for (int i = 0; i < 5; i++) {
            assertStatus(c.login("mallory", "guess" + i), 401, "Invalid username or password");
        }
        assertStatus(c.login("mallory", "guess"), 429, "Too many consecutive incorrect login attempts");
    }

    @Test
    void crossOriginLoginIsRefused() throws Exception {
        Client c = new Client();
        HttpResponse<String> r = c.send("POST", "/api/login", "{\"user\":\"admin\",\"password\":\"admin\"}",
                Map.of("Origin", "http://evil.example"));
        assertStatus(r, 403, "Cross-origin login refused from http://evil.example");
    }

    @Test
    void writesNeedTheCsrfToken() throws Exception {
        Client c = loggedIn();
        HttpResponse<String> noToken = c.send("POST", "/api/logout", "", Map.of());
        assertStatus(noToken, 403, "CSRF token missing or wrong");
        HttpResponse<String> wrongToken = c.send("POST", "/api/logout", "", Map.of("X-CSRF-Token", "forged"));
        assertStatus(wrongToken, 403, "CSRF token missing or wrong");
        assertThat(c.get("/api/user").statusCode()).isEqualTo(200);
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        Client c = loggedIn();
        HttpResponse<String> r = c.write("POST", "/api/logout", "");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("set-cookie").orElseThrow()).contains("Expires=Thu, 01 Jan 1970");
        assertThat(c.get("/api/user").statusCode()).isEqualTo(401);
    }

    @Test
    void passwordChangeValidatesInput() throws Exception {
        Client c = loggedIn();
        assertStatus(c.write("PUT", "/api/user/password", "{\"oldPassword\":\"admin\",\"newPassword\":\"ab\"}"), 400,
                "New password is too short");
        assertStatus(c.write("PUT", "/api/user/password", "{\"oldPassword\":\"wrong\",\"newPassword\":\"abcdef\"}"), 401,
                "Invalid old password");
        assertStatus(c.write("PUT", "/api/user/password", "not json"), 400, "cannot read request body \"not json\"");
    }

    @Test
    void settingsSearchAndDashboards() throws Exception {
        Client c = loggedIn();
        JsonNode settings = JSON.readTree(c.get("/api/frontend/settings").body());
        assertThat(settings.path("defaultDatasource").asText()).isEqualTo("loki");
        assertThat(settings.path("homeDashboardUid").asText()).isEqualTo("python-starter-kit-logs");
        assertThat(settings.path("datasources").get(0).path("url").asText()).isEqualTo(loki.uri().toString());
        JsonNode search = JSON.readTree(c.get("/api/search").body());
        assertThat(search).hasSize(3);
        JsonNode home = JSON.readTree(c.get("/api/dashboards/home").body());
        assertThat(home.path("dashboard").path("uid").asText()).isEqualTo("python-starter-kit-logs");
        assertThat(home.path("meta").path("provisioned").asBoolean()).isTrue();
        JsonNode logsApp = JSON.readTree(c.get("/api/dashboards/uid/sadlil-loki-apps-dashboard").body());
        assertThat(logsApp.path("dashboard").path("title").asText()).isEqualTo("Logs / App");
        assertStatus(c.get("/api/dashboards/uid/nope"), 404, "Dashboard not found: \"nope\"");
        assertStatus(c.get("/api/nothing"), 404, "Not found: GET /api/nothing");
    }

    @Test
    void proxiesLokiQueriesAndPassesErrorsThrough() throws Exception {
        Client c = loggedIn();
        HttpResponse<String> labels = c.get("/api/datasources/proxy/uid/loki/loki/api/v1/labels");
        assertThat(labels.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(labels.body()).path("data").toString()).isEqualTo("[\"app\",\"env\",\"level\",\"service\"]");
        HttpResponse<String> range = c.get("/api/datasources/proxy/uid/loki/loki/api/v1/query_range?query="
                + "%7Bapp%3D%22python-starter-kit%22%2C+level%3D%22error%22%7D&limit=5&direction=backward");
        JsonNode data = JSON.readTree(range.body()).path("data");
        assertThat(data.path("resultType").asText()).isEqualTo("streams");
        int lines = 0;
        for (JsonNode s : data.path("result")) {
            assertThat(s.path("stream").path("level").asText()).isEqualTo("error");
            lines += s.path("values").size();
        }
        assertThat(lines).isEqualTo(5);
        HttpResponse<String> bad = c.get("/api/datasources/proxy/uid/loki/loki/api/v1/query_range?query=%7Bapp%3D%22x%22%7D+%7C%3D");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("parse error at line 1, col 13: syntax error: unexpected $end");
        HttpResponse<String> resources = c.get("/api/datasources/uid/loki/resources/label/level/values");
        assertThat(JSON.readTree(resources.body()).path("data").toString()).isEqualTo("[\"debug\",\"error\",\"info\",\"warning\"]");
        assertStatus(c.get("/api/datasources/proxy/uid/other/loki/api/v1/labels"), 404, "Data source not found: \"other\"");
        assertStatus(c.get("/api/datasources/proxy/uid/loki/../secret"), 400, "Bad proxy path");
    }

    @Test
    void proxiesTheRulerEndpointsTheAlertsPageReads() throws Exception {
        Client c = loggedIn();
        JsonNode rules = JSON.readTree(c.get("/api/datasources/proxy/uid/loki/prometheus/api/v1/rules").body());
        assertThat(rules.path("data").path("groups").get(0).path("rules").get(0).path("name").asText()).isEqualTo("PythonStarterKitErrorRate");
        JsonNode alerts = JSON.readTree(c.get("/api/datasources/proxy/uid/loki/prometheus/api/v1/alerts").body());
        assertThat(alerts.path("data").path("alerts").get(0).path("state").asText()).isEqualTo("firing");
        JsonNode status = JSON.readTree(c.get("/api/datasources/proxy/uid/loki/plg/api/v1/alerting/status").body());
        assertThat(status.path("data").path("notifications").get(0).path("receiver").asText()).isEqualTo("slack-alerts");
        // the state history the dashboards draw as annotations is an ordinary log query
        JsonNode history = JSON.readTree(c.get("/api/datasources/proxy/uid/loki/loki/api/v1/query_range?query="
                + "%7Bfrom%3D%22state-history%22%7D&limit=100&direction=backward").body());
        assertThat(history.path("data").path("result").get(0).path("values")).hasSize(2);
        assertThat(c.get("/alerting/list").body()).contains("<title>PLG</title>");
    }

    @Test
    void proxyReportsAnUnreachableDataSource(@TempDir Path other) throws Exception {
        Path provisioning = writeProvisioning(other, URI.create("http://127.0.0.1:1"));
        try (UiServer down = UiServer.start(UiOptions.fromEnv(Map.of()).withListen("127.0.0.1", 0).withProvisioningDir(provisioning))) {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            http.send(HttpRequest.newBuilder(down.uri().resolve("/api/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\"admin\"}")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(down.uri().resolve("/api/datasources/proxy/uid/loki/loki/api/v1/labels")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertStatus(r, 502, "Cannot reach data source \"Loki\" at http://127.0.0.1:1");
        }
    }

    @Test
    void lokiUrlOptionOverridesProvisionedUrl(@TempDir Path other) throws Exception {
        Path provisioning = writeProvisioning(other, URI.create("http://loki:3100"));
        try (UiServer moved = UiServer.start(UiOptions.fromEnv(Map.of()).withListen("127.0.0.1", 0)
                .withProvisioningDir(provisioning).withLokiUrl(loki.uri()))) {
            assertThat(moved.provisioning().defaultDataSource().orElseThrow().url()).isEqualTo(loki.uri());
        }
    }

    @Test
    void liveTailIsProxiedOverWebSocket() throws Exception {
        Client c = loggedIn();
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        URI ws = URI.create("ws://127.0.0.1:" + ui.port()
                + "/api/datasources/proxy/uid/loki/loki/api/v1/tail?query=%7Bapp%3D%22tail-test%22%7D");
        String cookie = c.http.cookieHandler().orElseThrow().get(ui.uri(), Map.of()).get("Cookie").getFirst();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(ws, new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            frames.add(text.toString());
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        // the fake registers the tail after its (empty) backfill; push until the frame arrives
        String frame = null;
        for (int i = 0; i < 50 && frame == null; i++) {
            loki.push(Map.of("app", "tail-test", "level", "error"), "{\"event\":\"new line " + i + "\"}");
            frame = frames.poll(100, TimeUnit.MILLISECONDS);
        }
        assertThat(frame).isNotNull();
        JsonNode stream = JSON.readTree(frame).path("streams").get(0);
        assertThat(stream.path("stream").path("app").asText()).isEqualTo("tail-test");
        assertThat(stream.path("values").get(0).get(1).asText()).startsWith("{\"event\":\"new line");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void liveTailParseErrorIsAnHttp400BeforeTheUpgrade() throws Exception {
        Client c = loggedIn();
        String cookie = c.http.cookieHandler().orElseThrow().get(ui.uri(), Map.of()).get("Cookie").getFirst();
        URI ws = URI.create("ws://127.0.0.1:" + ui.port() + "/api/datasources/proxy/uid/loki/loki/api/v1/tail?query=%7Bapp%3D%22x%22%7D+%7C%3D");
        CompletableFuture<WebSocket> future = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(ws, new WebSocket.Listener() { });
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(400));
    }

    @Test
    void servesTheWebAppWithClientSideRoutes() throws Exception {
        Client c = new Client();
        HttpResponse<String> index = c.get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(index.headers().firstValue("content-security-policy").orElseThrow()).contains("default-src 'self'");
        assertThat(c.get("/explore").body()).contains("<title>PLG</title>");
        assertThat(c.get("/d/python-starter-kit-logs").body()).contains("<title>PLG</title>");
        HttpResponse<String> asset = c.get("/assets/app.js");
        assertThat(asset.headers().firstValue("content-type").orElseThrow()).startsWith("text/javascript");
        assertThat(asset.headers().firstValue("cache-control").orElseThrow()).contains("immutable");
        assertThat(c.get("/assets/missing.js").statusCode()).isEqualTo(404);
        assertThat(c.get("/..%2Fpom.xml").statusCode()).isIn(400, 404);
    }

    /** A build without the web app (-Dskip.npm) says so on the app's pages instead of a bare 404. */
    @Test
    void withoutTheWebAppPagesSayItIsNotBuilt(@TempDir Path other) throws Exception {
        Path empty = Files.createDirectories(other.resolve("web"));
        try (UiServer bare = UiServer.start(UiOptions.fromEnv(Map.of()).withListen("127.0.0.1", 0)
                .withProvisioningDir(writeProvisioning(other, loki.uri())).withWebRoot(empty))) {
            HttpClient http = HttpClient.newHttpClient();
            for (String page : List.of("/", "/explore", "/index.html")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(bare.uri().resolve(page)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(page).isEqualTo(503);
                assertThat(r.body()).as(page).contains("web app is not built");
            }
            assertThat(http.send(HttpRequest.newBuilder(bare.uri().resolve("/assets/app.js")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(404);
        }
    }

    private static void assertStatus(HttpResponse<String> r, int status, String messageStart) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(JSON.readTree(r.body()).path("message").asText()).startsWith(messageStart);
    }
}
