package dev.plg.alerting;

import static java.util.Objects.requireNonNull;

import dev.plg.alerting.rules.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one rule for the API and UI.
 *
 * @param health {@code ok}, {@code err} or {@code unknown} (not evaluated yet)
 * @param lastError the last evaluation's error, empty when it succeeded
 * @param lastEvaluation {@code null} before the first evaluation
 */
public record RuleStatus(Rule rule, AlertState state, String health, String lastError, Instant lastEvaluation,
                         Duration evaluationTime, List<ActiveAlert> alerts) {
    public RuleStatus {
        requireNonNull(rule, "rule is null");
        requireNonNull(state, "state is null");
        alerts = List.copyOf(alerts);
    }

    /**
     * One alert of a rule: pending, firing, or resolved ({@code INACTIVE} with {@code resolvedAt},
     * kept 15 minutes so receivers hear about the resolution).
     */
    public record ActiveAlert(Map<String, String> labels, Map<String, String> annotations, AlertState state,
                              Instant activeAt, Instant firedAt, Instant resolvedAt, double value) {
        public ActiveAlert {
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
        }
    }
}
