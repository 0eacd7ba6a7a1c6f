package dev.plg.agent.write;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One {@code loki.write} {@code endpoint} block, validated. Defaults (Alloy's): batch_wait 1s,
 * batch_size 1MiB, remote_timeout 10s, min/max backoff 500ms/5m, 10 retries, retry on 429.
 */
public record EndpointConfig(URI url, String name, Duration batchWait, long batchSize, Duration remoteTimeout,
                             Map<String, String> headers, String tenantId, String basicAuthUser, String basicAuthPassword,
                             String bearerToken, Duration minBackoff, Duration maxBackoff, long maxRetries,
                             boolean retryOn429, boolean enableHttp2, Map<String, String> externalLabels, long maxStreams) {
    public EndpointConfig {
        requireNonNull(url, "url is null");
        requireNonNull(name, "name is null");
        requireNonNull(batchWait, "batchWait is null");
        requireNonNull(remoteTimeout, "remoteTimeout is null");
        headers = Map.copyOf(headers);
        tenantId = tenantId == null ? "" : tenantId;
        requireNonNull(minBackoff, "minBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        externalLabels = Map.copyOf(externalLabels);
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new IllegalArgumentException("endpoint url must be http or https, got \"" + url + "\"");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch_size must be positive, got " + batchSize);
        }
        if (batchWait.isNegative() || batchWait.isZero()) {
            throw new IllegalArgumentException("batch_wait must be positive, got " + batchWait);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max_backoff_retries must not be negative, got " + maxRetries);
        }
    }

    /** The {@code host} label of write metrics: {@code host:port} of the URL. */
    public String host() {
        return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }
}
