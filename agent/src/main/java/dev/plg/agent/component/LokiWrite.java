package dev.plg.agent.component;

import dev.plg.agent.eval.Value;
import dev.plg.agent.model.LogEntry;
import dev.plg.agent.model.LogsReceiver;
import dev.plg.agent.write.Endpoint;
import dev.plg.agent.write.EndpointConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code loki.write}: one {@link Endpoint} per {@code endpoint} block; every received entry goes to
 * each endpoint. Exports {@code receiver}.
 */
public final class LokiWrite implements Component {
    public static Schema schema() {
        return Schema.builder()
                .optional("external_labels", Schema.Type.MAP_STRING)
                .optional("max_streams", Schema.Type.INT, 0L)
                .blocks("endpoint", LokiWrite::endpointSchema)
                .block("wal", () -> Schema.builder()
                        .optional("enabled", Schema.Type.BOOL, false)
                        .optional("max_segment_age", Schema.Type.DURATION, Duration.ofHours(1))
                        .optional("min_read_frequency", Schema.Type.DURATION, Duration.ofMillis(250))
                        .optional("max_read_frequency", Schema.Type.DURATION, Duration.ofSeconds(1))
                        .optional("drain_timeout", Schema.Type.DURATION, Duration.ofSeconds(30)).build())
                .build();
    }

    static Schema endpointSchema() {
        return Schema.builder()
                .required("url", Schema.Type.STRING)
                .optional("name", Schema.Type.STRING, "")
                .optional("batch_wait", Schema.Type.DURATION, Duration.ofSeconds(1))
                .optional("batch_size", Schema.Type.SIZE, 1L << 20)
                .optional("remote_timeout", Schema.Type.DURATION, Duration.ofSeconds(10))
                .optional("headers", Schema.Type.MAP_STRING)
                .optional("http_headers", Schema.Type.MAP_LIST_STRING)
                .optional("tenant_id", Schema.Type.STRING, "")
                .optional("min_backoff_period", Schema.Type.DURATION, Duration.ofMillis(500))
                .optional("max_backoff_period", Schema.Type.DURATION, Duration.ofMinutes(5))
                .optional("max_backoff_retries", Schema.Type.INT, 10L)
                .optional("retry_on_http_429", Schema.Type.BOOL, true)
                .optional("bearer_token", Schema.Type.SECRET)
                .optional("bearer_token_file", Schema.Type.STRING)
                .optional("enable_http2", Schema.Type.BOOL, true)
                .optional("follow_redirects", Schema.Type.BOOL, true)
                .optional("proxy_url", Schema.Type.STRING)
                .optional("no_proxy", Schema.Type.STRING)
                .optional("proxy_from_environment", Schema.Type.BOOL, false)
                .optional("proxy_connect_header", Schema.Type.MAP_LIST_STRING)
                .block("basic_auth", () -> Schema.builder().optional("username", Schema.Type.STRING, "")
                        .optional("password", Schema.Type.SECRET).optional("password_file", Schema.Type.STRING).build())
                .block("authorization", () -> Schema.builder().optional("type", Schema.Type.STRING, "Bearer")
                        .optional("credentials", Schema.Type.SECRET).optional("credentials_file", Schema.Type.STRING).build())
                .block("oauth2", () -> Schema.builder().optional("client_id", Schema.Type.STRING)
                        .optional("client_secret", Schema.Type.SECRET).optional("client_secret_file", Schema.Type.STRING)
                        .optional("token_url", Schema.Type.STRING).optional("scopes", Schema.Type.LIST_STRING)
                        .optional("endpoint_params", Schema.Type.MAP_STRING).optional("proxy_url", Schema.Type.STRING).build())
                .block("tls_config", () -> Schema.builder().optional("ca_pem", Schema.Type.STRING).optional("ca_file", Schema.Type.STRING)
                        .optional("cert_pem", Schema.Type.STRING).optional("cert_file", Schema.Type.STRING)
                        .optional("key_pem", Schema.Type.SECRET).optional("key_file", Schema.Type.STRING)
                        .optional("server_name", Schema.Type.STRING).optional("insecure_skip_verify", Schema.Type.BOOL, false)
                        .optional("min_version", Schema.Type.STRING).build())
                .block("queue_config", () -> Schema.builder().optional("capacity", Schema.Type.SIZE, 10L << 20)
                        .optional("min_shards", Schema.Type.INT, 1L).optional("drain_timeout", Schema.Type.DURATION, Duration.ofSeconds(15))
                        .optional("block_on_overflow", Schema.Type.BOOL, true).build())
                .build();
    }

    private final ComponentContext ctx;
    private volatile List<Endpoint> endpoints = List.of();
    private List<EndpointConfig> configs = List.of();
    private boolean started;
    private final LogsReceiver receiver = this::receive;

    public LokiWrite(ComponentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public synchronized void update(Args args) {
        List<Args> blocks = args.blocks("endpoint");
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint config must be provided");
        }
        List<EndpointConfig> next = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Args e : blocks) {
            EndpointConfig c = endpointConfig(e, args.map("external_labels"), args.integer("max_streams"));
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("duplicate endpoint name " + c.name());
            }
            next.add(c);
        }
        if (next.equals(configs)) {
            return;
        }
        List<Endpoint> old = endpoints;
        List<Endpoint> fresh = new ArrayList<>();
        for (EndpointConfig c : next) {
            fresh.add(new Endpoint(c, ctx.metrics(), ctx.id(), ctx.log()));
        }
        configs = next;
        endpoints = List.copyOf(fresh);
        if (started) {
            fresh.forEach(Endpoint::start);
            old.forEach(Endpoint::close);
        }
    }

    private EndpointConfig endpointConfig(Args e, Map<String, String> external, long maxStreams) {
        Args q = e.block("queue_config");
        if (q != null && !ctx.experimental() && (q.size("capacity") != 10L << 20 || q.integer("min_shards") != 1
                || !q.duration("drain_timeout").equals(Duration.ofSeconds(15)) || !q.bool("block_on_overflow"))) {
            throw new IllegalArgumentException("changing queue_config requires stability.level flag to be experimental");
        }
        int auth = 0;
        Args basic = e.block("basic_auth");
        Args authz = e.block("authorization");
        auth += basic != null ? 1 : 0;
        auth += authz != null ? 1 : 0;
        auth += e.block("oauth2") != null ? 1 : 0;
        auth += e.isSet("bearer_token") ? 1 : 0;
        auth += e.isSet("bearer_token_file") ? 1 : 0;
        if (auth > 1) {
            throw new IllegalArgumentException("at most one of basic_auth, authorization, oauth2, bearer_token & bearer_token_file must be configured");
        }
        String bearer = e.isSet("bearer_token") ? e.string("bearer_token") : null;
        if (e.isSet("bearer_token_file")) {
            bearer = readSecretFile(e.string("bearer_token_file"));
        }
        if (authz != null) {
            String cred = authz.isSet("credentials") ? authz.string("credentials")
                    : authz.isSet("credentials_file") ? readSecretFile(authz.string("credentials_file")) : "";
            bearer = cred; // type other than Bearer is sent as "Bearer" too (simplification)
        }
        String user = null;
        String pass = null;
        if (basic != null) {
            user = basic.string("username");
            pass = basic.isSet("password") ? basic.string("password")
                    : basic.isSet("password_file") ? readSecretFile(basic.string("password_file")) : "";
        }
        URI url;
        try {
            url = URI.create(e.string("url"));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("invalid endpoint url \"" + e.string("url") + "\": " + ex.getMessage());
        }
        String name = e.string("name");
        if (name.isEmpty()) {
            name = defaultName(e.string("url"));
        }
        return new EndpointConfig(url, name, e.duration("batch_wait"), e.size("batch_size"), e.duration("remote_timeout"),
                e.map("headers"), e.string("tenant_id"), user, pass, bearer, e.duration("min_backoff_period"),
                e.duration("max_backoff_period"), e.integer("max_backoff_retries"), e.bool("retry_on_http_429"),
                e.bool("enable_http2"), external, maxStreams);
    }

    private static String readSecretFile(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException ex) {
            throw new IllegalArgumentException("cannot read " + path + ": " + ex.getMessage());
        }
    }

    private static String defaultName(String url) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 6);
        } catch (Exception ex) {
            return "default";
        }
    }

    @Override
    public Value.Obj exports() {
        return new Value.Obj(Map.of("receiver", new Value.Capsule("loki.LogsReceiver", receiver)));
    }

    private void receive(List<LogEntry> entries) {
        List<Endpoint> eps = endpoints;
        if (eps.size() > 1) {
            for (LogEntry e : entries) {
                e.ack().retain(eps.size() - 1);
            }
        }
        for (Endpoint ep : eps) {
            ep.append(entries);
        }
    }

    @Override
    public synchronized void start() {
        started = true;
        endpoints.forEach(Endpoint::start);
    }

    @Override
    public void close() {
        List<Endpoint> eps;
        synchronized (this) {
            eps = endpoints;
        }
        eps.forEach(Endpoint::close);
    }

    @Override
    public Map<String, Object> debugInfo() {
        return Map.of("endpoints", configs.stream().map(c -> c.name() + " " + c.url()).toList());
    }
}
