package dev.plg.ui;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Configuration of the web UI, one record with Grafana-like defaults.
 *
 * @param host             listen address; Grafana's default {@code 0.0.0.0} (tests use {@code 127.0.0.1})
 * @param port             listen port; 3000 as in the seed's compose file, 0 picks a free port
 * @param provisioningDir  Grafana provisioning layout ({@code datasources/*.yaml}, {@code dashboards/*.yaml})
 * @param adminUser        from {@code GF_SECURITY_ADMIN_USER}, default {@code admin}
 * @param adminPassword    from {@code GF_SECURITY_ADMIN_PASSWORD}, default {@code admin}; while it is still
 *                         {@code admin} the UI asks the user to change it
 * @param homeDashboardUid dashboard shown at {@code /}; falls back to the first provisioned dashboard
 * @param webRoot          directory to serve the web app from instead of the jar's {@code webapp/} (development)
 * @param env              environment used for {@code $VAR} expansion in provisioning files
 * @param lokiUrl          when present, replaces the URL of every provisioned {@code loki} data source:
 *                         {@code plg up} points the seed's {@code http://loki:3100} at its own store
 */
public record UiOptions(
        String host,
        int port,
        Path provisioningDir,
        String adminUser,
        String adminPassword,
        String homeDashboardUid,
        Optional<Path> webRoot,
        Map<String, String> env,
        Optional<URI> lokiUrl) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Grafana's port in the seed's docker-compose file. */
    public static final int DEFAULT_PORT = 3000;
    public static final Path DEFAULT_PROVISIONING_DIR = Path.of("config", "grafana", "provisioning");
    /** uid of the seed section 6.2 dashboard shipped in config/grafana/provisioning/dashboards. */
    public static final String DEFAULT_HOME_DASHBOARD_UID = "python-starter-kit-logs";

    public UiOptions {
        requireNonNull(host, "host is null");
        requireNonNull(provisioningDir, "provisioningDir is null");
        requireNonNull(adminUser, "adminUser is null");
        requireNonNull(adminPassword, "adminPassword is null");
        requireNonNull(homeDashboardUid, "homeDashboardUid is null");
        requireNonNull(webRoot, "webRoot is null");
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(lokiUrl, "lokiUrl is null");
        lokiUrl.ifPresent(u -> {
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("cannot use Loki URL \"" + u + "\": must be an absolute http(s) URL");
            }
        });
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("cannot use port " + port + ": must be 0..65535");
        }
        if (adminUser.isBlank()) {
            throw new IllegalArgumentException("cannot use admin user \"" + adminUser + "\": must not be blank");
        }
        if (adminPassword.isEmpty()) {
            throw new IllegalArgumentException("cannot use an empty admin password");
        }
    }

    /** Defaults, with the admin user and password taken from the process environment as Grafana does. */
    public static UiOptions defaults() {
        return fromEnv(System.getenv());
    }

    /** Defaults, with {@code GF_SECURITY_ADMIN_USER} / {@code GF_SECURITY_ADMIN_PASSWORD} read from {@code env}. */
    public static UiOptions fromEnv(Map<String, String> env) {
        String user = env.getOrDefault("GF_SECURITY_ADMIN_USER", "");
        String password = env.getOrDefault("GF_SECURITY_ADMIN_PASSWORD", "");
        return new UiOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_PROVISIONING_DIR,
                user.isBlank() ? "admin" : user, password.isEmpty() ? "admin" : password,
                DEFAULT_HOME_DASHBOARD_UID, Optional.empty(), env, Optional.empty());
    }

    public UiOptions withListen(String newHost, int newPort) {
        return new UiOptions(newHost, newPort, provisioningDir, adminUser, adminPassword, homeDashboardUid, webRoot, env, lokiUrl);
    }

    public UiOptions withProvisioningDir(Path dir) {
        return new UiOptions(host, port, dir, adminUser, adminPassword, homeDashboardUid, webRoot, env, lokiUrl);
    }

    public UiOptions withAdmin(String user, String password) {
        return new UiOptions(host, port, provisioningDir, user, password, homeDashboardUid, webRoot, env, lokiUrl);
    }

    public UiOptions withHomeDashboardUid(String uid) {
        return new UiOptions(host, port, provisioningDir, adminUser, adminPassword, uid, webRoot, env, lokiUrl);
    }

    public UiOptions withLokiUrl(URI url) {
        return new UiOptions(host, port, provisioningDir, adminUser, adminPassword, homeDashboardUid, webRoot, env, Optional.of(url));
    }

    public UiOptions withWebRoot(Path dir) {
        return new UiOptions(host, port, provisioningDir, adminUser, adminPassword, homeDashboardUid, Optional.of(dir), env, lokiUrl);
    }
}
