package dev.plg.alerting.rules;

import java.util.List;

/**
 * A rule file or group that Loki's ruler would refuse. {@link #errors()} holds one message per
 * problem, each naming the group and rule (and the file when read from disk), in Loki's words
 * (e.g. {@code could not parse expression for alert 'X' in group 'g': parse error at line 1, col 5: ...});
 * {@link #getMessage()} joins them with {@code ", "} as Loki's API answer does.
 */
public final class RuleValidationException extends RuntimeException {
    private final List<String> errors;

    public RuleValidationException(List<String> errors) {
        super(String.join(", ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
