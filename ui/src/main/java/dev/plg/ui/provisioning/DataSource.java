package dev.plg.ui.provisioning;

import java.net.URI;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One provisioned data source (Grafana {@code provisioning/datasources/*.yaml} entry).
 *
 * @param name      unique name, e.g. {@code Loki}
 * @param uid       uid that dashboards reference; Grafana derives one when the file has none, we use the
 *                  lower-cased name so {@code {"uid":"loki"}} references from the seed dashboard resolve
 * @param type      plugin id; only {@code loki} is queried by this UI
 * @param url       base URL of the Loki HTTP API (no trailing slash)
 * @param isDefault used for panels whose data source is null or unknown
 * @param jsonData  plugin settings ({@code maxLines}, {@code timeout}, ...), kept as plain values
 * @param headers   extra headers sent to the data source ({@code httpHeaderName1} + {@code httpHeaderValue1})
 */
public record DataSource(String name, String uid, String type, URI url, boolean isDefault,
                         Map<String, Object> jsonData, Map<String, String> headers) {
    public DataSource {
        requireNonNull(name, "name is null");
        requireNonNull(uid, "uid is null");
        requireNonNull(type, "type is null");
        requireNonNull(url, "url is null");
        jsonData = Map.copyOf(requireNonNull(jsonData, "jsonData is null"));
        headers = Map.copyOf(requireNonNull(headers, "headers is null"));
    }

    /** {@code jsonData.maxLines} as a number (Grafana accepts a string or a number), else 1000. */
    public int maxLines() {
        Object value = jsonData.get("maxLines");
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s && s.matches("\\d+")) {
            return Integer.parseInt(s);
        }
        return 1000;
    }
}
