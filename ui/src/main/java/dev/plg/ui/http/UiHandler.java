package dev.plg.ui.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plg.ui.provisioning.Dashboard;
import dev.plg.ui.provisioning.DataSource;
import dev.plg.ui.provisioning.Provisioning;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * All HTTP routes of the UI: a small Grafana-like JSON API, the data source proxy and the static web app.
 *
 * <pre>
 * POST /api/login                     {user,password} -> session cookie + {csrfToken,...}   (no session needed)
 * POST /api/logout                    ends the session
 * GET  /api/user                      who am I (401 without a session)
 * PUT  /api/user/password             {oldPassword,newPassword}
 * GET  /api/health                    liveness (no session needed)
 * GET  /api/frontend/settings         data sources, home dashboard uid
 * GET  /api/search                    provisioned dashboards
 * GET  /api/dashboards/uid/{uid}      {dashboard, meta}; /api/dashboards/home for the home dashboard
 * GET  /api/datasources/proxy/uid/{uid}/{path}   data source proxy (GET; websocket for .../tail)
 * GET  /api/datasources/uid/{uid}/resources/{p}  = proxy of /loki/api/v1/{p}
 * everything else                     the web app (index.html for client-side routes)
 * </pre>
 *
 * <p>Every {@code /api} route but login and health needs the session cookie; every non-GET request
 * needs the session's CSRF token in {@code X-CSRF-Token}. Login itself refuses cross-origin posts.
 */
public final class UiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(UiHandler.class);
    public static final String SESSION_COOKIE = "plg_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String PROXY_PREFIX = "/api/datasources/proxy/uid/";
    private static final String RESOURCES_PREFIX = "/api/datasources/uid/";
    /** Grafana's default data proxy timeout is 30 s; a data source may raise it with jsonData.timeout. */
    private static final Duration DEFAULT_PROXY_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "woff2", "font/woff2", "map", "application/json");

    private final Provisioning provisioning;
    private final Sessions sessions;
    private final String homeDashboardUid;
    private final Optional<Path> webRoot;
    private final HttpClient client;
    private volatile ServerWebSocketContainer webSockets;

    public UiHandler(Provisioning provisioning, Sessions sessions, String homeDashboardUid, Optional<Path> webRoot, HttpClient client) {
        this.provisioning = requireNonNull(provisioning, "provisioning is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.homeDashboardUid = requireNonNull(homeDashboardUid, "homeDashboardUid is null");
        this.webRoot = requireNonNull(webRoot, "webRoot is null");
        this.client = requireNonNull(client, "client is null");
    }

    public void setWebSocketContainer(ServerWebSocketContainer container) {
        this.webSockets = container;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("X-Frame-Options", "deny");
        response.getHeaders().put("Referrer-Policy", "same-origin");
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        try {
            if (!path.startsWith("/api/")) {
                if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                    return error(response, callback, 405, "method " + method + " not allowed on " + path);
                }
                return serveStatic(request, response, callback, path);
            }
            if (path.equals("/api/login") && HttpMethod.POST.is(method)) {
                return login(request, response, callback);
            }
            if (path.equals("/api/health")) {
                return json(response, callback, 200, JSON.createObjectNode().put("database", "ok").put("version", "plg"));
            }
            Optional<Sessions.Session> session = sessions.find(cookie(request, SESSION_COOKIE));
            if (session.isEmpty()) {
                return error(response, callback, 401, "Unauthorized: log in first");
            }
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                String token = request.getHeaders().get(CSRF_HEADER);
                if (!Sessions.constantTimeEquals(session.get().csrfToken(), token == null ? "" : token)) {
                    return error(response, callback, 403, "CSRF token missing or wrong: send the X-CSRF-Token header from /api/user");
                }
            }
            return route(request, response, callback, path, method, session.get());
        } catch (BadRequest e) {
            return error(response, callback, 400, e.getMessage());
        }
    }

    private boolean route(Request request, Response response, Callback callback, String path, String method,
                          Sessions.Session session) throws IOException, InterruptedException {
        boolean get = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
        if (path.equals("/api/logout") && HttpMethod.POST.is(method)) {
            sessions.logout(session.id());
            Response.addCookie(response, sessionCookie("", 0));
            return json(response, callback, 200, JSON.createObjectNode().put("message", "Logged out"));
        }
        if (path.equals("/api/user") && get) {
            return json(response, callback, 200, userJson(session));
        }
        if (path.equals("/api/user/password") && (HttpMethod.PUT.is(method) || HttpMethod.POST.is(method))) {
            JsonNode body = readJson(request);
            String oldPassword = body.path("oldPassword").asText("");
            String newPassword = body.path("newPassword").asText("");
            if (newPassword.length() < 4) {
                return error(response, callback, 400, "New password is too short: use at least 4 characters");
            }
            if (newPassword.equals("admin")) {
                return error(response, callback, 400, "New password must not be the default password");
            }
            if (!sessions.changePassword(session.id(), oldPassword, newPassword)) {
                return error(response, callback, 401, "Invalid old password");
            }
            return json(response, callback, 200, JSON.createObjectNode().put("message", "User password changed"));
        }
        if (path.equals("/api/frontend/settings") && get) {
            ObjectNode settings = JSON.createObjectNode();
            ArrayNode list = settings.putArray("datasources");
            for (DataSource ds : provisioning.dataSources()) {
                list.add(dataSourceJson(ds));
            }
            provisioning.defaultDataSource().ifPresent(ds -> settings.put("defaultDatasource", ds.uid()));
            homeDashboard().ifPresent(d -> settings.put("homeDashboardUid", d.uid()));
            return json(response, callback, 200, settings);
        }
        if (path.equals("/api/datasources") && get) {
            ArrayNode list = JSON.createArrayNode();
            provisioning.dataSources().forEach(ds -> list.add(dataSourceJson(ds)));
            return json(response, callback, 200, list);
        }
        if (path.equals("/api/search") && get) {
            ArrayNode list = JSON.createArrayNode();
            for (Dashboard d : provisioning.dashboards()) {
                ObjectNode item = list.addObject();
                item.put("uid", d.uid()).put("title", d.title()).put("type", "dash-db")
                        .put("url", "/d/" + d.uid()).put("folderTitle", d.folder());
                item.set("tags", d.model().path("tags").isArray() ? d.model().get("tags") : JSON.createArrayNode());
            }
            return json(response, callback, 200, list);
        }
        if (path.equals("/api/dashboards/home") && get) {
            Optional<Dashboard> home = homeDashboard();
            return home.isPresent() ? json(response, callback, 200, dashboardJson(home.get()))
                    : error(response, callback, 404, "No dashboards are provisioned: add a provider under provisioning/dashboards");
        }
        if (path.startsWith("/api/dashboards/uid/") && get) {
            String uid = path.substring("/api/dashboards/uid/".length());
            Optional<Dashboard> d = provisioning.dashboard(uid);
            return d.isPresent() ? json(response, callback, 200, dashboardJson(d.get()))
                    : error(response, callback, 404, "Dashboard not found: \"" + uid + "\"");
        }
        if (path.startsWith(PROXY_PREFIX) && get) {
            String rest = path.substring(PROXY_PREFIX.length());
            int slash = rest.indexOf('/');
            String uid = slash < 0 ? rest : rest.substring(0, slash);
            String upstreamPath = slash < 0 ? "" : rest.substring(slash + 1);
            return proxy(request, response, callback, uid, upstreamPath);
        }
        if (path.startsWith(RESOURCES_PREFIX) && path.contains("/resources/") && get) {
            String rest = path.substring(RESOURCES_PREFIX.length());
            int marker = rest.indexOf("/resources/");
            return proxy(request, response, callback, rest.substring(0, marker),
                    "loki/api/v1/" + rest.substring(marker + "/resources/".length()));
        }
        return error(response, callback, 404, "Not found: " + method + " " + path);
    }

    // ---- login -------------------------------------------------------------------------------

    private boolean login(Request request, Response response, Callback callback) throws IOException {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !sameOrigin(request, origin)) {
            return error(response, callback, 403, "Cross-origin login refused from " + origin);
        }
        JsonNode body = readJson(request);
        String user = body.path("user").asText("");
        String password = body.path("password").asText("");
        if (sessions.lockedOut(user)) {
            return error(response, callback, 429, "Too many consecutive incorrect login attempts for user - login for user temporarily blocked");
        }
        Optional<Sessions.Session> session = sessions.login(user, password);
        if (session.isEmpty()) {
            return error(response, callback, 401, "Invalid username or password");
        }
        Response.addCookie(response, sessionCookie(session.get().id(), -1));
        return json(response, callback, 200, userJson(session.get()).put("message", "Logged in"));
    }

    private static boolean sameOrigin(Request request, String origin) {
        try {
            URI o = URI.create(origin);
            String host = request.getHeaders().get(HttpHeader.HOST);
            return host != null && host.equalsIgnoreCase(o.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static HttpCookie sessionCookie(String value, int maxAge) {
        return HttpCookie.build(SESSION_COOKIE, value).path("/").httpOnly(true)
                .sameSite(HttpCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    private ObjectNode userJson(Sessions.Session session) {
        return JSON.createObjectNode().put("login", session.user()).put("csrfToken", session.csrfToken())
                .put("mustChangePassword", sessions.mustChangePassword());
    }

    // ---- dashboards & data sources -----------------------------------------------------------

    private Optional<Dashboard> homeDashboard() {
        return provisioning.dashboard(homeDashboardUid).or(() -> provisioning.dashboards().stream().findFirst());
    }

    private static ObjectNode dashboardJson(Dashboard d) {
        ObjectNode out = JSON.createObjectNode();
        out.set("dashboard", d.model());
        out.putObject("meta").put("slug", d.uid()).put("folderTitle", d.folder()).put("provisioned", true)
                .put("provisionedExternalId", d.source().getFileName().toString()).put("url", "/d/" + d.uid());
        return out;
    }

    private static ObjectNode dataSourceJson(DataSource ds) {
        ObjectNode item = JSON.createObjectNode();
        item.put("uid", ds.uid()).put("name", ds.name()).put("type", ds.type()).put("url", ds.url().toString())
                .put("isDefault", ds.isDefault()).put("access", "proxy");
        item.set("jsonData", JSON.valueToTree(ds.jsonData()));
        return item;
    }

    // ---- proxy -------------------------------------------------------------------------------

    private boolean proxy(Request request, Response response, Callback callback, String uid, String upstreamPath)
            throws IOException, InterruptedException {
        Optional<DataSource> found = provisioning.dataSource(uid);
        if (found.isEmpty()) {
            return error(response, callback, 404, "Data source not found: \"" + uid + "\"");
        }
        DataSource ds = found.get();
        if (upstreamPath.contains("..") || upstreamPath.startsWith("/")) {
            return error(response, callback, 400, "Bad proxy path: \"" + upstreamPath + "\"");
        }
        String query = request.getHttpURI().getQuery();
        String target = ds.url() + "/" + upstreamPath + (query == null ? "" : "?" + query);
        URI uri = URI.create(target);
        if (upstreamPath.endsWith("/tail") && "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
            ServerWebSocketContainer container = webSockets;
            URI ws = URI.create(target.replaceFirst("^http", "ws"));
            if (container != null && container.upgrade(new TailProxy(client, ws, ds.headers()), request, response, callback)) {
                return true;
            }
            return error(response, callback, 400, "websocket upgrade failed");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(proxyTimeout(ds));
        ds.headers().forEach(builder::header);
        String tags = request.getHeaders().get("X-Query-Tags");
        if (tags != null) {
            builder.header("X-Query-Tags", tags);
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.debug("data source {} unreachable", ds.name(), e);
            return error(response, callback, 502, "Cannot reach data source \"" + ds.name() + "\" at " + ds.url()
                    + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + ". Is the store running?");
        }
        response.setStatus(answer.statusCode());
        answer.headers().firstValue("content-type").ifPresent(ct -> response.getHeaders().put(HttpHeader.CONTENT_TYPE, ct));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }

    private static Duration proxyTimeout(DataSource ds) {
        Object timeout = ds.jsonData().get("timeout");
        if (timeout instanceof Number n && n.intValue() > 0) {
            return Duration.ofSeconds(n.intValue());
        }
        if (timeout instanceof String s && s.matches("\\d+") && Integer.parseInt(s) > 0) {
            return Duration.ofSeconds(Integer.parseInt(s));
        }
        return DEFAULT_PROXY_TIMEOUT;
    }

    // ---- static files ------------------------------------------------------------------------

    private boolean serveStatic(Request request, Response response, Callback callback, String path) throws IOException {
        String relative = path.equals("/") ? "index.html" : path.substring(1);
        if (relative.contains("..") || relative.contains("\\")) {
            return error(response, callback, 400, "Bad path");
        }
        byte[] content = readWebFile(relative);
        String name = relative;
        if (content == null) {
            if (relative.startsWith("assets/") || relative.contains(".") && !relative.equals("index.html")) {
                return error(response, callback, 404, "Not found: " + path);
            }
            // client-side route (/d/uid, /explore, /login): the app decides
            content = relative.equals("index.html") ? null : readWebFile("index.html");
            name = "index.html";
            if (content == null) {
                response.setStatus(503);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                Content.Sink.write(response, true, "The web app is not built into this jar: build the ui module without -Dskip.npm.", callback);
                return true;
            }
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPES.getOrDefault(ext, "application/octet-stream"));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL,
                name.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        if (name.equals("index.html")) {
            response.getHeaders().put("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'");
        }
        response.write(true, ByteBuffer.wrap(HttpMethod.HEAD.is(request.getMethod()) ? new byte[0] : content), callback);
        return true;
    }

    private byte[] readWebFile(String relative) throws IOException {
        if (webRoot.isPresent()) {
            Path file = webRoot.get().resolve(relative).normalize();
            if (!file.startsWith(webRoot.get()) || !Files.isRegularFile(file)) {
                return null;
            }
            return Files.readAllBytes(file);
        }
        try (InputStream in = UiHandler.class.getClassLoader().getResourceAsStream("webapp/" + relative)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static String cookie(Request request, String name) {
        List<HttpCookie> cookies = Request.getCookies(request);
        for (HttpCookie c : cookies) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    private static JsonNode readJson(Request request) throws IOException {
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("cannot read request body \"" + abbreviate(body) + "\": expected a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("cannot read request body \"" + abbreviate(body) + "\": " + e.getOriginalMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static boolean json(Response response, Callback callback, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
        return true;
    }

    private static boolean error(Response response, Callback callback, int status, String message) throws IOException {
        return json(response, callback, status, JSON.createObjectNode().put("message", message));
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
