package dev.plg.logql.ast;

import java.util.List;

/** One pipeline stage of a log expression. */
public sealed interface Stage {

    /** Line filter operators: {@code |=}, {@code !=}, {@code |~}, {@code !~}, {@code |>}, {@code !>}. */
    enum LineFilterOp {
        CONTAINS("|="), NOT_CONTAINS("!="), MATCH("|~"), NOT_MATCH("!~"), PATTERN("|>"), NOT_PATTERN("!>");

        private final String symbol;

        LineFilterOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean negated() {
            return this == NOT_CONTAINS || this == NOT_MATCH || this == NOT_PATTERN;
        }
    }

    /** One value of a line filter: a string, or {@code ip("cidr")} when {@code ip} is true. */
    record LineFilterValue(String value, boolean ip) {
        public LineFilterValue {
            java.util.Objects.requireNonNull(value, "value is null");
        }
    }

    /**
     * {@code |= "a" or "b"}: a positive filter keeps lines matching any alternative; a negated
     * filter drops lines matching any alternative.
     */
    record LineFilter(LineFilterOp op, List<LineFilterValue> alternatives) implements Stage {
        public LineFilter {
            java.util.Objects.requireNonNull(op, "op is null");
            alternatives = List.copyOf(alternatives);
        }
    }

    /**
     * {@code label="expression"} of json/logfmt parsers; for a bare identifier ({@code | json a})
     * {@code expression} is {@code null}.
     */
    record Extraction(String label, String expression) {
        public Extraction {
            java.util.Objects.requireNonNull(label, "label is null");
        }
    }

    /** {@code | json} or {@code | json a="b.c", d}. */
    record JsonParser(List<Extraction> extractions) implements Stage {
        public JsonParser {
            extractions = List.copyOf(extractions);
        }
    }

    /** {@code | logfmt [--strict] [--keep-empty] [extractions]}. */
    record LogfmtParser(boolean strict, boolean keepEmpty, List<Extraction> extractions) implements Stage {
        public LogfmtParser {
            extractions = List.copyOf(extractions);
        }
    }

    /** {@code | regexp "(?P<name>...)"}. */
    record RegexpParser(String regex) implements Stage {
    }

    /** {@code | pattern "<ip> - <_> ..."}. */
    record PatternParser(String pattern) implements Stage {
    }

    /** {@code | unpack}. */
    record Unpack() implements Stage {
    }

    /** {@code | label filter expression}. */
    record LabelFilterStage(LabelFilter filter) implements Stage {
        public LabelFilterStage {
            java.util.Objects.requireNonNull(filter, "filter is null");
        }
    }

    /** {@code | line_format "template"}. */
    record LineFormat(String template) implements Stage {
    }

    /** One item of label_format: {@code dst=src} rename when {@code rename}, else {@code dst="template"}. */
    record LabelFormatItem(String destination, String source, boolean rename) {
    }

    /** {@code | label_format a=b, c="{{.x}}"}. */
    record LabelFormat(List<LabelFormatItem> items) implements Stage {
        public LabelFormat {
            items = List.copyOf(items);
        }
    }

    /** One item of drop/keep: a bare name ({@code matcher == null}) or a matcher. */
    record NamedMatcher(String name, Matcher matcher) {
    }

    /** {@code | drop a, b="x"}. */
    record Drop(List<NamedMatcher> items) implements Stage {
        public Drop {
            items = List.copyOf(items);
        }
    }

    /** {@code | keep a, b="x"}. */
    record Keep(List<NamedMatcher> items) implements Stage {
        public Keep {
            items = List.copyOf(items);
        }
    }

    /** {@code | decolorize}. */
    record Decolorize() implements Stage {
    }
}
