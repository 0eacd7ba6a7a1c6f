package dev.plg.logql.syntax;

/**
 * LogQL tokens. {@link #display()} is the name Loki's goyacc parser prints in syntax errors: the literal
 * text for operators and keywords, the upper-case token name for the rest (e.g. {@code IDENTIFIER}, {@code SUM}).
 */
public enum TokenType {
    EOF("$end"), IDENTIFIER("IDENTIFIER"), STRING("STRING"), NUMBER("NUMBER"), DURATION("DURATION"), BYTES("BYTES"),
    RANGE("RANGE"), PARSER_FLAG("PARSER_FLAG"),
    COMMA(","), DOT("."), OPEN_BRACE("{"), CLOSE_BRACE("}"), EQ("="), NEQ("!="), RE("=~"), NRE("!~"), NPA("!>"),
    PIPE_EXACT("|="), PIPE_MATCH("|~"), PIPE_PATTERN("|>"), PIPE("|"), UNWRAP("unwrap"),
    OPEN_PARENTHESIS("("), CLOSE_PARENTHESIS(")"), BY("by"), WITHOUT("without"), BOOL("bool"),
    OPEN_BRACKET("["), CLOSE_BRACKET("]"), LABEL_REPLACE("label_replace"), OFFSET("offset"), ON("on"),
    IGNORING("ignoring"), GROUP_LEFT("group_left"), GROUP_RIGHT("group_right"),
    OR("or"), AND("and"), UNLESS("unless"), ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"),
    CMP_EQ("=="), GT(">"), GTE(">="), LT("<"), LTE("<="),
    JSON("json"), REGEXP("regexp"), LOGFMT("logfmt"), UNPACK("unpack"), PATTERN("pattern"),
    LABEL_FMT("label_format"), LINE_FMT("line_format"), IP("ip"), DECOLORIZE("decolorize"), DROP("drop"), KEEP("keep"),
    // function tokens (only when followed by '(' or by/without '(')
    RATE("RATE"), RATE_COUNTER("RATE_COUNTER"), COUNT_OVER_TIME("COUNT_OVER_TIME"), BYTES_RATE("BYTES_RATE"),
    BYTES_OVER_TIME("BYTES_OVER_TIME"), AVG_OVER_TIME("AVG_OVER_TIME"), SUM_OVER_TIME("SUM_OVER_TIME"),
    MIN_OVER_TIME("MIN_OVER_TIME"), MAX_OVER_TIME("MAX_OVER_TIME"), STDVAR_OVER_TIME("STDVAR_OVER_TIME"),
    STDDEV_OVER_TIME("STDDEV_OVER_TIME"), QUANTILE_OVER_TIME("QUANTILE_OVER_TIME"),
    FIRST_OVER_TIME("FIRST_OVER_TIME"), LAST_OVER_TIME("LAST_OVER_TIME"), ABSENT_OVER_TIME("ABSENT_OVER_TIME"),
    VECTOR("VECTOR"), SUM("SUM"), AVG("AVG"), MAX("MAX"), MIN("MIN"), COUNT("COUNT"), STDDEV("STDDEV"),
    STDVAR("STDVAR"), BOTTOMK("BOTTOMK"), TOPK("TOPK"), SORT("SORT"), SORT_DESC("SORT_DESC"),
    APPROX_TOPK("APPROX_TOPK"), BYTES_CONV("BYTES_CONV"), DURATION_CONV("DURATION_CONV"),
    DURATION_SECONDS_CONV("DURATION_SECONDS_CONV");

    private final String display;

    TokenType(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }
}
