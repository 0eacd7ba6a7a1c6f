package dev.plg.alerting.rules;

import java.util.Map;

/** One rule of a group: an alerting rule or a recording rule (Prometheus' {@code rulefmt.Rule}). */
public sealed interface Rule permits AlertingRule, RecordingRule {
    /** The alert name or the recorded metric name. */
    String name();

    /** The LogQL expression as written. */
    String expr();

    /** Labels added to every alert / sample (templates allowed in alerting rules). */
    Map<String, String> labels();
}
