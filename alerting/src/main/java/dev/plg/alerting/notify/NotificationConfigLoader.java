package dev.plg.alerting.notify;

import dev.plg.alerting.rules.PromDuration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads Grafana alerting provisioning files ({@code provisioning/alerting/*.yaml}): the
 * {@code contactPoints} and {@code policies} keys (org 1). String values are expanded like
 * Grafana does: {@code $VAR} and {@code ${VAR}} from the environment, {@code $$} for a literal
 * {@code $}. Grafana-managed rule {@code groups}, templates and mute timings are not supported
 * and are reported in the log.
 */
public final class NotificationConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationConfigLoader.class);
    private static final Pattern ENV = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private NotificationConfigLoader() {
    }

    /** Every {@code *.yaml}/{@code *.yml} of {@code directory} (missing directory: {@link NotificationConfig#EMPTY}). */
    public static NotificationConfig load(Path directory, Map<String, String> env) {
        if (directory == null || !Files.isDirectory(directory)) {
            return NotificationConfig.EMPTY;
        }
        List<ContactPoint> contactPoints = new ArrayList<>();
        Route policy = null;
        List<Path> files;
        try (Stream<Path> s = Files.list(directory)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
            Parsed p = parse(f.toString(), text, env);
            contactPoints.addAll(p.contactPoints());
            if (p.policy() != null) {
                policy = p.policy();
            }
        }
        if (policy == null && !contactPoints.isEmpty()) {
            policy = Route.root(contactPoints.getFirst().name(), List.of("grafana_folder", "alertname"));
        }
        try {
            return new NotificationConfig(contactPoints, policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(directory + ": " + e.getMessage(), e);
        }
    }

    /** One file's contact points and policy ({@code policy} null when the file has none). */
    public record Parsed(List<ContactPoint> contactPoints, Route policy) {
    }

    public static Parsed parse(String source, String yaml, Map<String, String> env) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage().replace('\n', ' '), e);
        }
        if (root == null) {
            return new Parsed(List.of(), null);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException(source + ": provisioning file must be a map");
        }
        for (String unsupported : List.of("groups", "templates", "muteTimes")) {
            if (top.containsKey(unsupported)) {
                LOG.warn("{}: '{}' is not supported by PLG alerting and is ignored (use Loki rule files for rules)",
                        source, unsupported);
            }
        }
        List<ContactPoint> cps = new ArrayList<>();
        for (Object o : list(top.get("contactPoints"))) {
            Map<?, ?> cp = map(o, source + ": contactPoints[]");
            if (!orgOne(cp)) {
                continue;
            }
            String name = str(cp.get("name"), env);
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException(source + ": contact point without a name");
            }
            List<ContactPoint.Integration> integrations = new ArrayList<>();
            int i = 0;
            for (Object r : list(cp.get("receivers"))) {
                Map<?, ?> rm = map(r, source + ": contact point " + name + " receivers[]");
                String type = str(rm.get("type"), env);
                if (type == null || !List.of("slack", "webhook", "prometheus-alertmanager").contains(type)) {
                    throw new IllegalArgumentException(source + ": contact point " + name + ": unsupported receiver type \""
                            + type + "\" (supported: slack, webhook, prometheus-alertmanager)");
                }
                Map<String, String> settings = new LinkedHashMap<>();
                Object s = rm.get("settings");
                if (s instanceof Map<?, ?> sm) {
                    sm.forEach((k, v) -> settings.put(String.valueOf(k), v instanceof List<?> || v instanceof Map<?, ?>
                            ? String.valueOf(v) : str(v, env)));
                }
                Object secure = rm.get("secureSettings");
                if (secure instanceof Map<?, ?> sm) {
                    sm.forEach((k, v) -> settings.put(String.valueOf(k), str(v, env)));
                }
                String uid = str(rm.get("uid"), env);
                boolean disableResolve = Boolean.parseBoolean(String.valueOf(rm.get("disableResolveMessage")));
                ContactPoint.Integration integration = new ContactPoint.Integration(
                        uid == null ? name + "-" + i : uid, type, disableResolve, settings);
                if (missingUrl(integration)) {
                    LOG.warn("{}: contact point {} ({}) has no settings.url (is its environment variable set?);"
                            + " it will not be notified", source, name, type);
                } else {
                    integrations.add(integration);
                }
                i++;
            }
            cps.add(new ContactPoint(name, integrations));
        }
        Route policy = null;
        for (Object o : list(top.get("policies"))) {
            Map<?, ?> pm = map(o, source + ": policies[]");
            if (orgOne(pm)) {
                policy = route(pm, null, source, env);
            }
        }
        return new Parsed(cps, policy);
    }

    /** An integration that cannot be sent to: no URL (a Slack token alone is enough). */
    private static boolean missingUrl(ContactPoint.Integration in) {
        boolean hasToken = in.type().equals("slack") && !in.setting("token", "").isEmpty();
        return !hasToken && in.setting("url", "").isEmpty();
    }

    private static Route route(Map<?, ?> m, Route parent, String source, Map<String, String> env) {
        String receiver = str(m.get("receiver"), env);
        if (receiver == null || receiver.isEmpty()) {
            if (parent == null) {
                throw new IllegalArgumentException(source + ": the root policy needs a receiver");
            }
            receiver = parent.receiver();
        }
        List<String> groupBy = m.get("group_by") == null ? (parent == null ? List.of("grafana_folder", "alertname") : parent.groupBy())
                : list(m.get("group_by")).stream().map(String::valueOf).toList();
        Duration wait = dur(m.get("group_wait"), parent == null ? Route.DEFAULT_GROUP_WAIT : parent.groupWait(), source);
        Duration interval = dur(m.get("group_interval"), parent == null ? Route.DEFAULT_GROUP_INTERVAL : parent.groupInterval(), source);
        Duration repeat = dur(m.get("repeat_interval"), parent == null ? Route.DEFAULT_REPEAT_INTERVAL : parent.repeatInterval(), source);
        List<LabelMatcher> matchers = new ArrayList<>();
        for (Object om : list(m.get("object_matchers"))) {
            List<?> triple = list(om);
            if (triple.size() != 3) {
                throw new IllegalArgumentException(source + ": object_matchers entries are [name, op, value], got " + om);
            }
            matchers.add(new LabelMatcher(String.valueOf(triple.get(0)), String.valueOf(triple.get(1)), str(triple.get(2), env)));
        }
        for (Object sm : list(m.get("matchers"))) {
            matchers.add(LabelMatcher.parse(String.valueOf(sm)));
        }
        boolean cont = Boolean.parseBoolean(String.valueOf(m.get("continue")));
        Route self = new Route(receiver, groupBy, wait, interval, repeat, matchers, cont, List.of());
        List<Route> children = new ArrayList<>();
        for (Object c : list(m.get("routes"))) {
            children.add(route(map(c, source + ": routes[]"), self, source, env));
        }
        return new Route(receiver, groupBy, wait, interval, repeat, matchers, cont, children);
    }

    private static Duration dur(Object o, Duration dflt, String source) {
        if (o == null) {
            return dflt;
        }
        try {
            return PromDuration.parse(String.valueOf(o));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static boolean orgOne(Map<?, ?> m) {
        Object org = m.get("orgId");
        return org == null || String.valueOf(org).equals("1");
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static Map<?, ?> map(Object o, String where) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(where + " must be a map");
    }

    private static String str(Object o, Map<String, String> env) {
        return o == null ? null : expand(String.valueOf(o), env);
    }

    /** Grafana's provisioning interpolation: {@code $VAR}, {@code ${VAR}}, {@code $$}; unset variables become empty. */
    public static String expand(String s, Map<String, String> env) {
        Matcher m = ENV.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String rep = name == null ? "$" : env.getOrDefault(name, "");
            m.appendReplacement(b, Matcher.quoteReplacement(rep));
        }
        m.appendTail(b);
        return b.toString();
    }
}
