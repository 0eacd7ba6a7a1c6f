package dev.plg.alerting;

import static java.util.Objects.requireNonNull;

import dev.plg.alerting.notify.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * Configuration of the alerting component (Loki's {@code ruler} block plus Grafana's alerting
 * provisioning). Defaults are Loki's / Prometheus' / Grafana's.
 *
 * @param rulesDirectory Loki's {@code common.storage.filesystem.rules_directory}: {@code <dir>/<tenant>/<namespace>.yaml}
 * @param dataDirectory where alert state ({@code ruler-state.json}) and the notification log
 *     ({@code notification-log.json}) are kept, so a restart neither forgets nor re-notifies
 * @param provisioningDirectory Grafana's {@code provisioning/alerting} (contact points, policies); {@code null} = none
 * @param env variables for {@code $VAR} in provisioning files (secrets such as {@code $SLACK_WEBHOOK_URL})
 * @param uiBaseUrl base of links in notifications ({@code <ui>/explore?query=...&from=...&to=...})
 * @param evaluationInterval Loki's {@code ruler.evaluation_interval} (1m): groups without {@code interval}
 * @param pollInterval Loki's {@code ruler.poll_interval} (1m): how often the rules directory is re-read
 * @param alertmanagerUrls Loki's {@code ruler.alertmanager_url} (comma list there): Alertmanagers fed with API v2
 * @param resendDelay Prometheus' {@code rules.alert.resend-delay} (1m) for those Alertmanagers
 * @param remoteWriteUrl where recording rules' samples go ({@code null} = recording rules evaluate but are not written)
 * @param externalLabels {@code $externalLabels} in templates and labels added to recorded samples
 * @param tickInterval how often the scheduler looks for due groups and groups to flush (1s);
 *     {@link Duration#ZERO} starts no scheduler: the caller drives {@link Alerting#tick()} (tests)
 * @param retry receiver retries
 * @param sendTimeout HTTP timeout of one notification
 * @param clock the time source for evaluation and notification timing
 */
public record AlertingOptions(Path rulesDirectory, Path dataDirectory, Path provisioningDirectory, Map<String, String> env,
                              String uiBaseUrl, Duration evaluationInterval, Duration pollInterval,
                              List<String> alertmanagerUrls, Duration resendDelay, String remoteWriteUrl,
                              Map<String, String> externalLabels, Duration tickInterval, RetryPolicy retry,
                              Duration sendTimeout, InstantSource clock) {
    public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RESEND_DELAY = Duration.ofMinutes(1);
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_UI_BASE_URL = "http://localhost:3000";

    public AlertingOptions {
        requireNonNull(rulesDirectory, "rulesDirectory is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(uiBaseUrl, "uiBaseUrl is null");
        requirePositive("evaluationInterval", evaluationInterval);
        requirePositive("pollInterval", pollInterval);
        alertmanagerUrls = List.copyOf(requireNonNull(alertmanagerUrls, "alertmanagerUrls is null"));
        requirePositive("resendDelay", resendDelay);
        externalLabels = Map.copyOf(requireNonNull(externalLabels, "externalLabels is null"));
        requireNonNull(tickInterval, "tickInterval is null");
        if (tickInterval.isNegative()) {
            throw new IllegalArgumentException("tickInterval must not be negative: " + tickInterval);
        }
        requireNonNull(retry, "retry is null");
        requirePositive("sendTimeout", sendTimeout);
        requireNonNull(clock, "clock is null");
    }

    private static void requirePositive(String name, Duration d) {
        requireNonNull(d, name + " is null");
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** Loki's defaults; secrets from the process environment; the system clock. */
    public static AlertingOptions defaults(Path rulesDirectory, Path dataDirectory) {
        return new AlertingOptions(rulesDirectory, dataDirectory, null, System.getenv(), DEFAULT_UI_BASE_URL,
                DEFAULT_EVALUATION_INTERVAL, DEFAULT_POLL_INTERVAL, List.of(), DEFAULT_RESEND_DELAY, null, Map.of(),
                DEFAULT_TICK, RetryPolicy.DEFAULT, DEFAULT_SEND_TIMEOUT, InstantSource.system());
    }

    public AlertingOptions withProvisioning(Path directory, Map<String, String> environment) {
        return new AlertingOptions(rulesDirectory, dataDirectory, directory, environment, uiBaseUrl, evaluationInterval,
                pollInterval, alertmanagerUrls, resendDelay, remoteWriteUrl, externalLabels, tickInterval, retry,
                sendTimeout, clock);
    }

    public AlertingOptions withUiBaseUrl(String url) {
        return new AlertingOptions(rulesDirectory, dataDirectory, provisioningDirectory, env, url, evaluationInterval,
                pollInterval, alertmanagerUrls, resendDelay, remoteWriteUrl, externalLabels, tickInterval, retry,
                sendTimeout, clock);
    }

    public AlertingOptions withEvaluationInterval(Duration interval) {
        return new AlertingOptions(rulesDirectory, dataDirectory, provisioningDirectory, env, uiBaseUrl, interval,
                pollInterval, alertmanagerUrls, resendDelay, remoteWriteUrl, externalLabels, tickInterval, retry,
                sendTimeout, clock);
    }

    public AlertingOptions withAlertmanagers(List<String> urls) {
        return new AlertingOptions(rulesDirectory, dataDirectory, provisioningDirectory, env, uiBaseUrl,
                evaluationInterval, pollInterval, urls, resendDelay, remoteWriteUrl, externalLabels, tickInterval, retry,
                sendTimeout, clock);
    }

    public AlertingOptions withRemoteWrite(String url) {
        return new AlertingOptions(rulesDirectory, dataDirectory, provisioningDirectory, env, uiBaseUrl,
                evaluationInterval, pollInterval, alertmanagerUrls, resendDelay, url, externalLabels, tickInterval, retry,
                sendTimeout, clock);
    }

    public AlertingOptions withExternalLabels(Map<String, String> labels) {
        return new AlertingOptions(rulesDirectory, dataDirectory, provisioningDirectory, env, uiBaseUrl,
                evaluationInterval, pollInterval, alertmanagerUrls, resendDelay, remoteWriteUrl, labels, tickInterval,
                retry, sendTimeout, clock);
    }

    /** Manual ticking ({@link Duration#ZERO}) or another scheduler period. */
    public AlertingOptions withTickInterval(Duration tick) {
        return new AlertingOptions(rulesDirectory, dataDirectory, provisioningDirectory, env, uiBaseUrl,
                evaluationInterval, pollInterval, alertmanagerUrls, resendDelay, remoteWriteUrl, externalLabels, tick,
                retry, sendTimeout, clock);
    }

    public AlertingOptions withRetry(RetryPolicy policy) {
        return new AlertingOptions(rulesDirectory, dataDirectory, provisioningDirectory, env, uiBaseUrl,
                evaluationInterval, pollInterval, alertmanagerUrls, resendDelay, remoteWriteUrl, externalLabels,
                tickInterval, policy, sendTimeout, clock);
    }

    public AlertingOptions withClock(InstantSource source) {
        return new AlertingOptions(rulesDirectory, dataDirectory, provisioningDirectory, env, uiBaseUrl,
                evaluationInterval, pollInterval, alertmanagerUrls, resendDelay, remoteWriteUrl, externalLabels,
                tickInterval, retry, sendTimeout, source);
    }
}
