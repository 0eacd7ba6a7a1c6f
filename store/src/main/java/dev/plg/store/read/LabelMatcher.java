package dev.plg.store.read;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;

/**
 * A stream-selector matcher, without LogQL syntax: {@code name}, an operator and a value.
 * Regular expressions use RE2 syntax and are fully anchored, as in Loki and Prometheus.
 * A label that a stream does not have has the value {@code ""} for matching, so
 * {@code {foo=""}} selects streams without {@code foo}.
 *
 * <p>Immutable and thread-safe; the regex is compiled once at construction.
 */
public record LabelMatcher(String name, Type type, String value, Pattern pattern) {
    public enum Type {
        EQ("="), NEQ("!="), RE("=~"), NRE("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public LabelMatcher {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(value, "value is null");
        if ((type == Type.RE || type == Type.NRE) && pattern == null) {
            pattern = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
        }
    }

    /** Throws {@link com.google.re2j.PatternSyntaxException} for a bad regex. */
    public static LabelMatcher of(String name, Type type, String value) {
        return new LabelMatcher(name, type, value, null);
    }

    /** Whether a label value (or {@code ""} when the label is absent) satisfies this matcher. */
    public boolean matches(String labelValue) {
        String v = labelValue == null ? "" : labelValue;
        return switch (type) {
            case EQ -> v.equals(value);
            case NEQ -> !v.equals(value);
            case RE -> pattern.matches(v);
            case NRE -> !pattern.matches(v);
        };
    }

    /** Whether this matcher also selects streams that lack the label. */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public String toString() {
        return name + type.symbol + '"' + value + '"';
    }
}
