package dev.plg.logql.ast;

/** A label filter expression ({@code | status >= 500 and method="GET"}). */
public sealed interface LabelFilter {

    /** {@code name="v"}, {@code name=~"re"}, ... */
    record StringFilter(String name, MatchOp op, String value) implements LabelFilter {
    }

    /** {@code name > 1.5}; the label is parsed as a float. */
    record NumberFilter(String name, CompareOp op, double value, String literal) implements LabelFilter {
    }

    /** {@code name > 250ms}; the label is parsed as a Go duration; {@code nanos} is the literal's value. */
    record DurationFilter(String name, CompareOp op, long nanos, String literal) implements LabelFilter {
    }

    /** {@code name > 1.5MB}; the label is parsed as a humanized byte size; {@code bytes} is the literal's value. */
    record BytesFilter(String name, CompareOp op, long bytes, String literal) implements LabelFilter {
    }

    /** {@code name = ip("192.168.0.0/16")} or {@code !=}. */
    record IpFilter(String name, boolean negated, String cidr) implements LabelFilter {
    }

    /** {@code left and right}, also written {@code left, right} or {@code left right}. */
    record And(LabelFilter left, LabelFilter right) implements LabelFilter {
    }

    /** {@code left or right}. */
    record Or(LabelFilter left, LabelFilter right) implements LabelFilter {
    }

    /** A parenthesized filter, kept so the printer reproduces the user's grouping. */
    record Parens(LabelFilter inner) implements LabelFilter {
    }
}
