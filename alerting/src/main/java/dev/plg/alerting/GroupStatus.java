package dev.plg.alerting;

import dev.plg.alerting.rules.RuleGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A snapshot of one rule group: where it comes from, its effective interval and its rules' status. */
public record GroupStatus(String tenant, String namespace, RuleGroup group, Duration interval, Instant lastEvaluation,
                          Duration evaluationTime, List<RuleStatus> rules) {
    public GroupStatus {
        rules = List.copyOf(rules);
    }
}
