package dev.plg.alerting.notify;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A Grafana contact point: a name and its integrations ({@code slack}, {@code webhook},
 * {@code prometheus-alertmanager}), each notified for every group routed to the name.
 */
public record ContactPoint(String name, List<Integration> integrations) {
    public ContactPoint {
        requireNonNull(name, "name is null");
        integrations = List.copyOf(requireNonNull(integrations, "integrations is null"));
    }

    /** One {@code receivers[]} entry; {@code settings} hold strings after {@code $ENV} expansion. */
    public record Integration(String uid, String type, boolean disableResolveMessage, Map<String, String> settings) {
        public Integration {
            requireNonNull(uid, "uid is null");
            requireNonNull(type, "type is null");
            settings = Map.copyOf(requireNonNull(settings, "settings is null"));
        }

        public String setting(String key, String dflt) {
            String v = settings.get(key);
            return v == null || v.isEmpty() ? dflt : v;
        }
    }
}
