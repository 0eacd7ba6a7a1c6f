package dev.plg.ui.provisioning;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import static java.util.Objects.requireNonNull;

/**
 * Reads Grafana's file provisioning layout: {@code <dir>/datasources/*.yaml|yml} and
 * {@code <dir>/dashboards/*.yaml|yml} providers pointing at folders of dashboard JSON files.
 *
 * <p>Rules copied from Grafana: string values may use {@code $VAR} / {@code ${VAR}} ({@code $$} is a
 * literal {@code $}); every {@code *.json} under a provider's {@code options.path} (recursively) is one
 * dashboard; the Grafana 12 resource form ({@code apiVersion: dashboard.grafana.app/...}) is unwrapped
 * ({@code spec}, uid from {@code metadata.name}); {@code __inputs} are not substituted.
 *
 * <p>One PLG addition so the same files work in the seed's compose file and here: a provider path under
 * {@code /etc/grafana/provisioning} (where the seed mounts this directory) that does not exist on this
 * machine is resolved inside {@code dir} instead.
 *
 * @param dataSources data sources in file order (files sorted by name)
 * @param dashboards  dashboards sorted by title
 */
public record Provisioning(List<DataSource> dataSources, List<Dashboard> dashboards) {

    /** Where the seed's docker-compose mounts {@code ./config/grafana/provisioning}. */
    public static final String GRAFANA_MOUNT = "/etc/grafana/provisioning";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENV = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    public Provisioning {
        dataSources = List.copyOf(requireNonNull(dataSources, "dataSources is null"));
        dashboards = List.copyOf(requireNonNull(dashboards, "dashboards is null"));
    }

    /** Loads everything under {@code dir}; a missing directory or sub-directory provisions nothing. */
    public static Provisioning load(Path dir, Map<String, String> env) {
        requireNonNull(dir, "dir is null");
        requireNonNull(env, "env is null");
        List<DataSource> dataSources = new ArrayList<>();
        for (Path file : yamlFiles(dir.resolve("datasources"))) {
            dataSources.addAll(parseDataSources(file, read(file), env));
        }
        List<Dashboard> dashboards = new ArrayList<>();
        Map<String, Path> seen = new LinkedHashMap<>();
        for (Path file : yamlFiles(dir.resolve("dashboards"))) {
            for (DashboardProvider provider : parseProviders(file, read(file), env)) {
                for (Dashboard dashboard : loadDashboards(dir, provider)) {
                    Path previous = seen.putIfAbsent(dashboard.uid(), dashboard.source());
                    if (previous == null) {
                        dashboards.add(dashboard);
                    }
                }
            }
        }
        dashboards.sort(Comparator.comparing(Dashboard::title, String.CASE_INSENSITIVE_ORDER));
        return new Provisioning(dataSources, dashboards);
    }

    /** The same provisioning with every {@code loki} data source pointed at {@code url}. */
    public Provisioning withLokiUrl(URI url) {
        String base = url.toString().endsWith("/") ? url.toString().substring(0, url.toString().length() - 1) : url.toString();
        List<DataSource> moved = dataSources.stream().map(ds -> "loki".equals(ds.type())
                ? new DataSource(ds.name(), ds.uid(), ds.type(), URI.create(base), ds.isDefault(), ds.jsonData(), ds.headers())
                : ds).toList();
        return new Provisioning(moved, dashboards);
    }

    public Optional<DataSource> dataSource(String uidOrName) {
        for (DataSource ds : dataSources) {
            if (ds.uid().equals(uidOrName) || ds.name().equals(uidOrName)) {
                return Optional.of(ds);
            }
        }
        return Optional.empty();
    }

    /** The {@code isDefault} data source, else the first one. */
    public Optional<DataSource> defaultDataSource() {
        return dataSources.stream().filter(DataSource::isDefault).findFirst().or(() -> dataSources.stream().findFirst());
    }

    public Optional<Dashboard> dashboard(String uid) {
        return dashboards.stream().filter(d -> d.uid().equals(uid)).findFirst();
    }

    /** A dashboard provider ({@code providers[]} entry of type {@code file}). */
    public record DashboardProvider(String name, String folder, Path path, Path file) {
        public DashboardProvider {
            requireNonNull(name, "name is null");
            requireNonNull(folder, "folder is null");
            requireNonNull(path, "path is null");
            requireNonNull(file, "file is null");
        }
    }

    // ---- data sources -------------------------------------------------------------------------

    public static List<DataSource> parseDataSources(Path file, String yaml, Map<String, String> env) {
        Map<String, Object> root = yamlRoot(file, yaml, env);
        List<DataSource> result = new ArrayList<>();
        Object list = root.get("datasources");
        if (list == null) {
            return result;
        }
        if (!(list instanceof List<?> items)) {
            throw new ProvisioningException(file, "\"datasources\" must be a list");
        }
        int index = 0;
        for (Object item : items) {
            String where = "datasources[" + index++ + "]";
            if (!(item instanceof Map<?, ?> map)) {
                throw new ProvisioningException(file, where + " must be a mapping");
            }
            String name = requiredString(file, map, "name", where);
            String type = requiredString(file, map, "type", where);
            String uid = optionalString(map, "uid").orElse(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-"));
            String url = optionalString(map, "url").orElse("");
            URI uri;
            try {
                uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            } catch (IllegalArgumentException e) {
                throw new ProvisioningException(file, where + ".url \"" + url + "\" is not a URL", e);
            }
            if ("loki".equals(type) && (uri.getScheme() == null || uri.getHost() == null)) {
                throw new ProvisioningException(file, where + ".url \"" + url + "\" must be an absolute http(s) URL");
            }
            Map<String, Object> jsonData = new LinkedHashMap<>();
            if (map.get("jsonData") instanceof Map<?, ?> jd) {
                jd.forEach((k, v) -> { if (v != null) jsonData.put(String.valueOf(k), v); });
            }
            Map<String, String> headers = new LinkedHashMap<>();
            Map<?, ?> secure = map.get("secureJsonData") instanceof Map<?, ?> s ? s : Map.of();
            for (int i = 1; i < 100; i++) {
                Object header = jsonData.get("httpHeaderName" + i);
                if (header == null) {
                    break;
                }
                Object value = secure.get("httpHeaderValue" + i);
                headers.put(String.valueOf(header), value == null ? "" : String.valueOf(value));
            }
            boolean isDefault = Boolean.TRUE.equals(map.get("isDefault"));
            result.add(new DataSource(name, uid, type, uri, isDefault, jsonData, headers));
        }
        return result;
    }

    // ---- dashboards ---------------------------------------------------------------------------

    public static List<DashboardProvider> parseProviders(Path file, String yaml, Map<String, String> env) {
        Map<String, Object> root = yamlRoot(file, yaml, env);
        List<DashboardProvider> result = new ArrayList<>();
        Object list = root.get("providers");
        if (list == null) {
            return result;
        }
        if (!(list instanceof List<?> items)) {
            throw new ProvisioningException(file, "\"providers\" must be a list");
        }
        int index = 0;
        for (Object item : items) {
            String where = "providers[" + index++ + "]";
            if (!(item instanceof Map<?, ?> map)) {
                throw new ProvisioningException(file, where + " must be a mapping");
            }
            String name = requiredString(file, map, "name", where);
            String type = optionalString(map, "type").orElse("file");
            if (!"file".equals(type)) {
                throw new ProvisioningException(file, where + ".type \"" + type + "\" is not supported: only \"file\"");
            }
            Map<?, ?> options = map.get("options") instanceof Map<?, ?> o ? o : Map.of();
            String path = optionalString(options, "path")
                    .orElseThrow(() -> new ProvisioningException(file, where + ".options.path is missing"));
            result.add(new DashboardProvider(name, optionalString(map, "folder").orElse(""), Path.of(path), file));
        }
        return result;
    }

    static List<Dashboard> loadDashboards(Path provisioningDir, DashboardProvider provider) {
        Path path = provider.path();
        if (!path.isAbsolute()) {
            path = Path.of("").toAbsolutePath().resolve(path);
        }
        if (!Files.exists(path) && provider.path().startsWith(GRAFANA_MOUNT)) {
            path = provisioningDir.resolve(Path.of(GRAFANA_MOUNT).relativize(provider.path()).toString());
        }
        if (!Files.exists(path)) {
            throw new ProvisioningException(provider.file(), "provider \"" + provider.name()
                    + "\": dashboards path \"" + provider.path() + "\" does not exist");
        }
        List<Path> files;
        if (Files.isRegularFile(path)) {
            files = List.of(path);
        } else {
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                        .sorted().toList();
            } catch (IOException e) {
                throw new ProvisioningException(path, "cannot list dashboards: " + e.getMessage(), e);
            }
        }
        List<Dashboard> result = new ArrayList<>();
        for (Path file : files) {
            result.add(parseDashboard(file, read(file), provider.folder()));
        }
        return result;
    }

    /** Parses one dashboard file: the classic model or the Grafana 12 resource envelope. */
    public static Dashboard parseDashboard(Path file, String json, String folder) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProvisioningException(file, "invalid JSON at line " + e.getLocation().getLineNr()
                    + ", col " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        if (!(root instanceof ObjectNode object)) {
            throw new ProvisioningException(file, "a dashboard must be a JSON object");
        }
        ObjectNode model = object;
        String uid = model.path("uid").asText("");
        if (object.path("apiVersion").asText("").startsWith("dashboard.grafana.app/")) {
            if (!(object.get("spec") instanceof ObjectNode spec)) {
                throw new ProvisioningException(file, "resource form without an object \"spec\"");
            }
            model = spec.deepCopy();
            String name = object.path("metadata").path("name").asText("");
            uid = name.isEmpty() ? model.path("uid").asText("") : name;
        } else if (object.get("dashboard") instanceof ObjectNode wrapped && !object.has("panels")) {
            model = wrapped; // the HTTP API's {"dashboard": ...} form, accepted for convenience
            uid = model.path("uid").asText("");
        }
        if (uid.isEmpty()) {
            String base = file.getFileName().toString().replaceFirst("\\.json$", "");
            uid = base.replaceAll("[^a-zA-Z0-9_-]", "-");
        }
        if (uid.length() > 40 || !uid.matches("[a-zA-Z0-9_-]+")) {
            throw new ProvisioningException(file, "uid \"" + uid + "\" must be at most 40 characters of [a-zA-Z0-9_-]");
        }
        model.put("uid", uid);
        if (!model.path("panels").isArray()) {
            model.putArray("panels");
        }
        String title = model.path("title").asText(uid);
        return new Dashboard(uid, title, folder, file, model);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new ProvisioningException(dir, "cannot list files: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProvisioningException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yamlRoot(Path file, String yaml, Map<String, String> env) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new ProvisioningException(file, "invalid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new ProvisioningException(file, "the top level must be a mapping");
        }
        return (Map<String, Object>) expand(root, env);
    }

    private static Object expand(Object value, Map<String, String> env) {
        if (value instanceof String s) {
            return expandEnv(s, env);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), expand(v, env)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(expand(v, env)));
            return copy;
        }
        return value;
    }

    /** Grafana's provisioning expansion: {@code $VAR}, {@code ${VAR}}, {@code $$} = {@code $}; unset = empty. */
    public static String expandEnv(String text, Map<String, String> env) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String replacement = name == null ? "$" : env.getOrDefault(name, "");
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String requiredString(Path file, Map<?, ?> map, String key, String where) {
        return optionalString(map, key).filter(s -> !s.isBlank())
                .orElseThrow(() -> new ProvisioningException(file, where + "." + key + " is missing"));
    }

    private static Optional<String> optionalString(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }
}
