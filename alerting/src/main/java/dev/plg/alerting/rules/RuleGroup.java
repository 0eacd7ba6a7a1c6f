package dev.plg.alerting.rules;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A rule group: rules evaluated in order, together, every {@code interval}.
 *
 * @param interval {@link Duration#ZERO} when the file leaves it out (the ruler's default applies)
 * @param limit most alerts (alerting rule) or series (recording rule) one rule may produce; 0 = no limit
 */
public record RuleGroup(String name, Duration interval, int limit, List<Rule> rules) {
    public RuleGroup {
        requireNonNull(name, "name is null");
        requireNonNull(interval, "interval is null");
        rules = List.copyOf(requireNonNull(rules, "rules is null"));
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
    }
}
