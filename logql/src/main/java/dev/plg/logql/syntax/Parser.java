package dev.plg.logql.syntax;

import dev.plg.logql.ParseException;
import dev.plg.logql.ast.BinaryOperation;
import dev.plg.logql.ast.CompareOp;
import dev.plg.logql.ast.Expr;
import dev.plg.logql.ast.Grouping;
import dev.plg.logql.ast.LabelFilter;
import dev.plg.logql.ast.LabelReplace;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.MatchOp;
import dev.plg.logql.ast.Matcher;
import dev.plg.logql.ast.NumberLiteral;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.SampleExpr;
import dev.plg.logql.ast.Stage;
import dev.plg.logql.ast.Unwrap;
import dev.plg.logql.ast.VectorAggregation;
import dev.plg.logql.ast.VectorLiteral;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent LogQL parser producing the sealed AST. It accepts the language of Loki's
 * {@code syntax.y} (3.4.2), resolves precedence as goyacc does, and reports syntax errors with Loki's
 * texts ({@code syntax error: unexpected X[, expecting A or B]}). Constructor-time checks of Loki's AST
 * (parameters, groupings, unwrap rules, literal folding) happen here too; the empty-matcher rule is in
 * {@link Validator}.
 */
public final class Parser {
    private static final Set<TokenType> RANGE_OPS = EnumSet.of(TokenType.RATE, TokenType.RATE_COUNTER,
            TokenType.COUNT_OVER_TIME, TokenType.BYTES_RATE, TokenType.BYTES_OVER_TIME, TokenType.AVG_OVER_TIME,
            TokenType.SUM_OVER_TIME, TokenType.MIN_OVER_TIME, TokenType.MAX_OVER_TIME, TokenType.STDVAR_OVER_TIME,
            TokenType.STDDEV_OVER_TIME, TokenType.QUANTILE_OVER_TIME, TokenType.FIRST_OVER_TIME,
            TokenType.LAST_OVER_TIME, TokenType.ABSENT_OVER_TIME);
    private static final Set<TokenType> VECTOR_OPS = EnumSet.of(TokenType.SUM, TokenType.AVG, TokenType.MAX,
            TokenType.MIN, TokenType.COUNT, TokenType.STDDEV, TokenType.STDVAR, TokenType.BOTTOMK, TokenType.TOPK,
            TokenType.SORT, TokenType.SORT_DESC, TokenType.APPROX_TOPK);
    private static final Set<TokenType> LINE_FILTER_OPS = EnumSet.of(TokenType.PIPE_EXACT, TokenType.NEQ,
            TokenType.PIPE_MATCH, TokenType.NRE, TokenType.PIPE_PATTERN, TokenType.NPA);

    private final List<Token> tokens;
    private int p;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses without validation (Loki's {@code ParseExprWithoutValidation}). */
    public static Expr parse(String query) {
        if (query.isBlank()) {
            throw ParseException.semantic("syntax error: unexpected $end");
        }
        Parser parser = new Parser(Lexer.lex(query));
        Expr e = parser.parseExpr(0);
        if (parser.peek().type() != TokenType.EOF) {
            throw parser.unexpected();
        }
        return e;
    }

    // ---------------------------------------------------------------- token helpers

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private boolean at(TokenType t) {
        return peek().type() == t;
    }

    private Token take() {
        Token t = tokens.get(p);
        if (t.type() != TokenType.EOF) {
            p++;
        }
        return t;
    }

    private Token expect(TokenType t, String... expecting) {
        if (!at(t)) {
            throw unexpected(expecting.length == 0 ? new String[]{t.display()} : expecting);
        }
        return take();
    }

    private ParseException unexpected(String... expecting) {
        Token t = peek();
        StringBuilder sb = new StringBuilder("syntax error: unexpected ").append(t.type().display());
        for (int i = 0; i < expecting.length; i++) {
            sb.append(i == 0 ? ", expecting " : " or ").append(expecting[i]);
        }
        return new ParseException(sb.toString(), t.line(), t.column());
    }

    // ---------------------------------------------------------------- expressions

    private static int precedence(TokenType t) {
        return switch (t) {
            case OR -> 1;
            case AND, UNLESS -> 2;
            case CMP_EQ, NEQ, LT, LTE, GT, GTE -> 3;
            case ADD, SUB -> 4;
            case MUL, DIV, MOD -> 5;
            case POW -> 6;
            default -> -1;
        };
    }

    private static BinaryOperation.Op binOp(TokenType t) {
        return switch (t) {
            case OR -> BinaryOperation.Op.OR;
            case AND -> BinaryOperation.Op.AND;
            case UNLESS -> BinaryOperation.Op.UNLESS;
            case CMP_EQ -> BinaryOperation.Op.EQ;
            case NEQ -> BinaryOperation.Op.NEQ;
            case LT -> BinaryOperation.Op.LT;
            case LTE -> BinaryOperation.Op.LTE;
            case GT -> BinaryOperation.Op.GT;
            case GTE -> BinaryOperation.Op.GTE;
            case ADD -> BinaryOperation.Op.ADD;
            case SUB -> BinaryOperation.Op.SUB;
            case MUL -> BinaryOperation.Op.MUL;
            case DIV -> BinaryOperation.Op.DIV;
            case MOD -> BinaryOperation.Op.MOD;
            case POW -> BinaryOperation.Op.POW;
            default -> throw new IllegalStateException("not a binary operator: " + t);
        };
    }

    /** Precedence climbing: every operator is left-associative except {@code ^}. */
    private Expr parseExpr(int minPrec) {
        Expr left = parseUnary();
        while (true) {
            TokenType t = peek().type();
            int prec = precedence(t);
            if (prec < 0 || prec < minPrec) {
                return left;
            }
            take();
            boolean returnBool = false;
            if (at(TokenType.BOOL)) {
                take();
                returnBool = true;
            }
            BinaryOperation.VectorMatching matching = null;
            if (at(TokenType.ON) || at(TokenType.IGNORING)) {
                boolean on = take().type() == TokenType.ON;
                List<String> labels = parseLabelList();
                BinaryOperation.Cardinality card = BinaryOperation.Cardinality.ONE_TO_ONE;
                List<String> include = List.of();
                if (at(TokenType.GROUP_LEFT) || at(TokenType.GROUP_RIGHT)) {
                    card = take().type() == TokenType.GROUP_LEFT ? BinaryOperation.Cardinality.MANY_TO_ONE
                            : BinaryOperation.Cardinality.ONE_TO_MANY;
                    if (at(TokenType.OPEN_PARENTHESIS)) {
                        include = parseLabelList();
                    }
                }
                matching = new BinaryOperation.VectorMatching(on, labels, card, include);
            }
            int nextMin = t == TokenType.POW ? prec : prec + 1;
            Expr right = parseExpr(nextMin);
            left = makeBinary(binOp(t), left, right, returnBool, matching);
        }
    }

    private Expr makeBinary(BinaryOperation.Op op, Expr lhs, Expr rhs, boolean returnBool,
                            BinaryOperation.VectorMatching matching) {
        if (!(lhs instanceof SampleExpr l)) {
            throw ParseException.semantic("unexpected type for left leg of binary operation (" + op.symbol()
                    + "): " + goTypeName(lhs));
        }
        if (!(rhs instanceof SampleExpr r)) {
            throw ParseException.semantic("unexpected type for right leg of binary operation (" + op.symbol()
                    + "): " + goTypeName(rhs));
        }
        if (op.isSetOperator()) {
            if (l instanceof NumberLiteral n) {
                throw ParseException.semantic("unexpected literal for left leg of logical/set binary operation ("
                        + op.symbol() + "): " + String.format(java.util.Locale.ROOT, "%f", n.value()));
            }
            if (r instanceof NumberLiteral n) {
                throw ParseException.semantic("unexpected literal for right leg of logical/set binary operation ("
                        + op.symbol() + "): " + String.format(java.util.Locale.ROOT, "%f", n.value()));
            }
        }
        if (l instanceof NumberLiteral a && r instanceof NumberLiteral b) {
            return new NumberLiteral(fold(op, a.value(), b.value()));
        }
        return new BinaryOperation(op, l, r, returnBool, matching);
    }

    private static String goTypeName(Expr e) {
        if (e instanceof LogExpr le) {
            return le.stages().isEmpty() ? "*syntax.MatchersExpr" : "*syntax.PipelineExpr";
        }
        return "*syntax." + e.getClass().getSimpleName();
    }

    /** Loki folds binary operations on two literals at parse time ({@code reduceBinOp}). */
    static double fold(BinaryOperation.Op op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> b == 0 ? Double.NaN : a / b;
            case MOD -> b == 0 ? Double.NaN : a % b;
            case POW -> Math.pow(a, b);
            case EQ -> a == b ? 1 : 0;
            case NEQ -> a != b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GTE -> a >= b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LTE -> a <= b ? 1 : 0;
            case OR, AND, UNLESS -> throw new IllegalStateException("set operator on literals");
        };
    }

    private Expr parseUnary() {
        Token t = peek();
        switch (t.type()) {
            case ADD, SUB -> {
                take();
                Token n = expect(TokenType.NUMBER, "NUMBER");
                double v = parseNumber(n.text());
                return new NumberLiteral(t.type() == TokenType.SUB ? -v : v);
            }
            case NUMBER -> {
                take();
                return new NumberLiteral(parseNumber(t.text()));
            }
            case OPEN_BRACE -> {
                return parseLogExpr();
            }
            case OPEN_PARENTHESIS -> {
                take();
                Expr inner = parseExpr(0);
                expect(TokenType.CLOSE_PARENTHESIS);
                return inner;
            }
            case VECTOR -> {
                take();
                expect(TokenType.OPEN_PARENTHESIS);
                Token n = expect(TokenType.NUMBER, "NUMBER");
                expect(TokenType.CLOSE_PARENTHESIS);
                return new VectorLiteral(parseNumber(n.text()));
            }
            case LABEL_REPLACE -> {
                return parseLabelReplace();
            }
            default -> {
                if (RANGE_OPS.contains(t.type())) {
                    return parseRangeAggregation();
                }
                if (VECTOR_OPS.contains(t.type())) {
                    return parseVectorAggregation();
                }
                throw unexpected();
            }
        }
    }

    private static double parseNumber(String text) {
        Double d = GoNumbers.tryParseFloat(text.replace("_", ""));
        if (d == null) {
            try {
                String lower = text.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("0b")) {
                    return Long.parseLong(text.substring(2).replace("_", ""), 2);
                }
                if (lower.startsWith("0o")) {
                    return Long.parseLong(text.substring(2).replace("_", ""), 8);
                }
            } catch (NumberFormatException ignored) {
                // fall through
            }
            throw ParseException.semantic("unable to parse literal as a float: strconv.ParseFloat: parsing "
                    + GoText.quote(text) + ": invalid syntax");
        }
        return d;
    }

    private SampleExpr metricExpr(Expr e, Token after) {
        if (e instanceof SampleExpr s) {
            return s;
        }
        throw new ParseException("syntax error: unexpected " + after.type().display(), after.line(), after.column());
    }

    private Expr parseLabelReplace() {
        take();
        expect(TokenType.OPEN_PARENTHESIS);
        Expr inner = parseExpr(0);
        SampleExpr s = metricExpr(inner, peek());
        expect(TokenType.COMMA);
        String dst = expect(TokenType.STRING).text();
        expect(TokenType.COMMA);
        String repl = expect(TokenType.STRING).text();
        expect(TokenType.COMMA);
        String src = expect(TokenType.STRING).text();
        expect(TokenType.COMMA);
        String regex = expect(TokenType.STRING).text();
        expect(TokenType.CLOSE_PARENTHESIS);
        try {
            com.google.re2j.Pattern.compile("^(?:" + regex + ")$");
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw ParseException.semantic("invalid regex in label_replace: " + Regexes.goMessage(e));
        }
        return new LabelReplace(s, dst, repl, src, regex);
    }

    private Expr parseVectorAggregation() {
        Token opTok = take();
        VectorAggregation.Op op = switch (opTok.type()) {
            case SUM -> VectorAggregation.Op.SUM;
            case AVG -> VectorAggregation.Op.AVG;
            case MAX -> VectorAggregation.Op.MAX;
            case MIN -> VectorAggregation.Op.MIN;
            case COUNT -> VectorAggregation.Op.COUNT;
            case STDDEV -> VectorAggregation.Op.STDDEV;
            case STDVAR -> VectorAggregation.Op.STDVAR;
            case BOTTOMK -> VectorAggregation.Op.BOTTOMK;
            case TOPK -> VectorAggregation.Op.TOPK;
            case SORT -> VectorAggregation.Op.SORT;
            case SORT_DESC -> VectorAggregation.Op.SORT_DESC;
            default -> null;
        };
        Grouping grouping = null;
        if (at(TokenType.BY) || at(TokenType.WITHOUT)) {
            grouping = parseGrouping();
        }
        expect(TokenType.OPEN_PARENTHESIS);
        String param = null;
        if (at(TokenType.NUMBER) && peek(1).type() == TokenType.COMMA) {
            param = take().text();
            take();
        }
        Expr inner = parseExpr(0);
        SampleExpr s = metricExpr(inner, peek());
        expect(TokenType.CLOSE_PARENTHESIS);
        if (grouping == null && (at(TokenType.BY) || at(TokenType.WITHOUT))) {
            grouping = parseGrouping();
        }
        if (op == null) {
            throw new dev.plg.logql.UnsupportedFeatureException("approx_topk is not enabled. See -limits.shard_aggregations");
        }
        Integer k = null;
        if (op == VectorAggregation.Op.TOPK || op == VectorAggregation.Op.BOTTOMK) {
            if (param == null) {
                throw ParseException.semantic("parameter required for operation " + op.function());
            }
            try {
                k = Integer.parseInt(param);
            } catch (NumberFormatException e) {
                throw ParseException.semantic("invalid parameter " + op.function() + "(" + param + ",");
            }
            if (k <= 0) {
                throw ParseException.semantic("invalid parameter (must be greater than 0) " + op.function() + "(" + param);
            }
        } else if (param != null) {
            throw ParseException.semantic("unsupported parameter for operation " + op.function() + "(" + param + ",");
        }
        return new VectorAggregation(op, s, k, grouping);
    }

    private Expr parseRangeAggregation() {
        Token opTok = take();
        RangeAggregation.Op op = RangeAggregation.Op.valueOf(opTok.type().name());
        expect(TokenType.OPEN_PARENTHESIS);
        String param = null;
        if (at(TokenType.NUMBER)) {
            param = take().text();
            expect(TokenType.COMMA);
        }
        LogRange range = parseLogRange();
        expect(TokenType.CLOSE_PARENTHESIS);
        Grouping grouping = null;
        if (at(TokenType.BY) || at(TokenType.WITHOUT)) {
            grouping = parseGrouping();
        }
        Double q = null;
        if (param != null) {
            if (op != RangeAggregation.Op.QUANTILE_OVER_TIME) {
                throw ParseException.semantic("parameter " + param + " not supported for operation " + op.function());
            }
            Double d = GoNumbers.tryParseFloat(param);
            if (d == null) {
                throw ParseException.semantic("invalid parameter for operation " + op.function()
                        + ": strconv.ParseFloat: parsing " + GoText.quote(param) + ": invalid syntax");
            }
            q = d;
        } else if (op == RangeAggregation.Op.QUANTILE_OVER_TIME) {
            throw ParseException.semantic("parameter required for operation " + op.function());
        }
        RangeAggregation ra = new RangeAggregation(op, range, q, grouping);
        String err = Validator.rangeAggregationError(ra);
        if (err != null) {
            throw ParseException.semantic(err);
        }
        return ra;
    }

    private Grouping parseGrouping() {
        boolean without = take().type() == TokenType.WITHOUT;
        return new Grouping(without, parseLabelList());
    }

    /** {@code ( [IDENTIFIER {, IDENTIFIER}] )}. */
    private List<String> parseLabelList() {
        expect(TokenType.OPEN_PARENTHESIS);
        List<String> labels = new ArrayList<>();
        if (at(TokenType.CLOSE_PARENTHESIS)) {
            take();
            return labels;
        }
        labels.add(expect(TokenType.IDENTIFIER, "IDENTIFIER", ")").text());
        while (at(TokenType.COMMA)) {
            take();
            labels.add(expect(TokenType.IDENTIFIER, "IDENTIFIER").text());
        }
        expect(TokenType.CLOSE_PARENTHESIS, ")", ",");
        return labels;
    }

    /** A log range in any of the shapes of Loki's {@code logRangeExpr}. */
    private LogRange parseLogRange() {
        if (at(TokenType.OPEN_PARENTHESIS)) {
            if (peek(1).type() != TokenType.OPEN_BRACE) {
                take();
                LogRange inner = parseLogRange();
                expect(TokenType.CLOSE_PARENTHESIS);
                return inner;
            }
            take();
            List<Matcher> matchers = parseSelector();
            List<Stage> stages = parsePipeline();
            UnwrapPart unwrap = parseUnwrapOpt();
            if (at(TokenType.RANGE) && stages.isEmpty() && unwrap == null) {
                // ( {sel} [5m] ... ) is the nested logRangeExpr form
                LogRange inner = finishRangeAfterSelector(matchers);
                expect(TokenType.CLOSE_PARENTHESIS);
                return inner;
            }
            expect(TokenType.CLOSE_PARENTHESIS);
            long range = expect(TokenType.RANGE).value();
            long offset = parseOffsetOpt();
            return logRange(matchers, stages, unwrap, range, offset);
        }
        if (!at(TokenType.OPEN_BRACE)) {
            throw unexpected();
        }
        List<Matcher> matchers = parseSelector();
        if (at(TokenType.RANGE)) {
            return finishRangeAfterSelector(matchers);
        }
        List<Stage> stages = parsePipeline();
        UnwrapPart unwrap = parseUnwrapOpt();
        if (!at(TokenType.RANGE)) {
            throw unexpected();
        }
        long range = take().value();
        long offset = parseOffsetOpt();
        return logRange(matchers, stages, unwrap, range, offset);
    }

    private LogRange finishRangeAfterSelector(List<Matcher> matchers) {
        long range = take().value();
        long offset = parseOffsetOpt();
        List<Stage> stages = parsePipeline();
        UnwrapPart unwrap = parseUnwrapOpt();
        return logRange(matchers, stages, unwrap, range, offset);
    }

    private LogRange logRange(List<Matcher> matchers, List<Stage> stages, UnwrapPart unwrap, long range, long offset) {
        LogExpr sel = new LogExpr(matchers, stages);
        if (unwrap == null) {
            return new LogRange(sel, null, List.of(), range, offset);
        }
        return new LogRange(sel, unwrap.unwrap(), unwrap.postFilters(), range, offset);
    }

    private long parseOffsetOpt() {
        if (!at(TokenType.OFFSET)) {
            return 0;
        }
        take();
        return expect(TokenType.DURATION, "DURATION").value();
    }

    private record UnwrapPart(Unwrap unwrap, List<LabelFilter> postFilters) {
    }

    private UnwrapPart parseUnwrapOpt() {
        if (!(at(TokenType.PIPE) && peek(1).type() == TokenType.UNWRAP)) {
            return null;
        }
        take();
        take();
        Unwrap unwrap;
        Unwrap.Conversion conv = switch (peek().type()) {
            case BYTES_CONV -> Unwrap.Conversion.BYTES;
            case DURATION_CONV -> Unwrap.Conversion.DURATION;
            case DURATION_SECONDS_CONV -> Unwrap.Conversion.DURATION_SECONDS;
            default -> Unwrap.Conversion.NONE;
        };
        if (conv != Unwrap.Conversion.NONE) {
            take();
            expect(TokenType.OPEN_PARENTHESIS);
            String label = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
            expect(TokenType.CLOSE_PARENTHESIS);
            unwrap = new Unwrap(label, conv);
        } else {
            unwrap = new Unwrap(expect(TokenType.IDENTIFIER, "IDENTIFIER").text(), Unwrap.Conversion.NONE);
        }
        List<LabelFilter> post = new ArrayList<>();
        while (at(TokenType.PIPE)) {
            take();
            post.add(parseLabelFilter());
        }
        return new UnwrapPart(unwrap, post);
    }

    // ---------------------------------------------------------------- log expressions

    private Expr parseLogExpr() {
        List<Matcher> matchers = parseSelector();
        List<Stage> stages = parsePipeline();
        if (at(TokenType.RANGE) || (at(TokenType.PIPE) && peek(1).type() == TokenType.UNWRAP)) {
            throw unexpected();
        }
        return new LogExpr(matchers, stages);
    }

    /** {@code { matcher {, matcher} }}; {@code {}} is allowed by the grammar (and rejected by validation). */
    List<Matcher> parseSelector() {
        expect(TokenType.OPEN_BRACE);
        List<Matcher> matchers = new ArrayList<>();
        if (at(TokenType.CLOSE_BRACE)) {
            take();
            return matchers;
        }
        matchers.add(parseMatcher());
        while (at(TokenType.COMMA)) {
            take();
            matchers.add(parseMatcher());
        }
        expect(TokenType.CLOSE_BRACE, "}", ",");
        return matchers;
    }

    private Matcher parseMatcher() {
        String name = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
        MatchOp op = switch (peek().type()) {
            case EQ -> MatchOp.EQ;
            case NEQ -> MatchOp.NEQ;
            case RE -> MatchOp.RE;
            case NRE -> MatchOp.NRE;
            default -> throw unexpected("=", "!=", "=~", "!~");
        };
        take();
        String value = expect(TokenType.STRING, "STRING").text();
        return newMatcher(name, op, value);
    }

    private static Matcher newMatcher(String name, MatchOp op, String value) {
        if (op == MatchOp.RE || op == MatchOp.NRE) {
            try {
                com.google.re2j.Pattern.compile(value, com.google.re2j.Pattern.DOTALL);
                com.google.re2j.Pattern.compile("^(?s:" + value + ")$");
            } catch (com.google.re2j.PatternSyntaxException e) {
                throw ParseException.semantic(Regexes.goMessage(e));
            }
        }
        return new Matcher(name, op, value);
    }

    private List<Stage> parsePipeline() {
        List<Stage> stages = new ArrayList<>();
        while (true) {
            TokenType t = peek().type();
            if (LINE_FILTER_OPS.contains(t)) {
                Stage.LineFilter f = (Stage.LineFilter) parseLineFilter();
                if (f.op().negated() && f.alternatives().size() > 1) {
                    // Loki rewrites != "a" or "b" into != "a" != "b"
                    for (Stage.LineFilterValue v : f.alternatives()) {
                        stages.add(new Stage.LineFilter(f.op(), List.of(v)));
                    }
                } else {
                    stages.add(f);
                }
            } else if (t == TokenType.PIPE && peek(1).type() != TokenType.UNWRAP) {
                take();
                stages.add(parseStage());
            } else {
                return stages;
            }
        }
    }

    private Stage parseLineFilter() {
        Stage.LineFilterOp op = switch (take().type()) {
            case PIPE_EXACT -> Stage.LineFilterOp.CONTAINS;
            case NEQ -> Stage.LineFilterOp.NOT_CONTAINS;
            case PIPE_MATCH -> Stage.LineFilterOp.MATCH;
            case NRE -> Stage.LineFilterOp.NOT_MATCH;
            case PIPE_PATTERN -> Stage.LineFilterOp.PATTERN;
            case NPA -> Stage.LineFilterOp.NOT_PATTERN;
            default -> throw new IllegalStateException();
        };
        List<Stage.LineFilterValue> alts = new ArrayList<>();
        alts.add(parseLineFilterValue(false));
        while (at(TokenType.OR)) {
            take();
            alts.add(parseLineFilterValue(true));
        }
        return new Stage.LineFilter(op, alts);
    }

    private Stage.LineFilterValue parseLineFilterValue(boolean afterOr) {
        if (at(TokenType.IP)) {
            take();
            expect(TokenType.OPEN_PARENTHESIS);
            String v = expect(TokenType.STRING, "STRING").text();
            expect(TokenType.CLOSE_PARENTHESIS);
            return new Stage.LineFilterValue(v, true);
        }
        if (!at(TokenType.STRING)) {
            throw afterOr ? unexpected("STRING", "ip") : unexpected("STRING", "ip");
        }
        return new Stage.LineFilterValue(take().text(), false);
    }

    private Stage parseStage() {
        Token t = peek();
        switch (t.type()) {
            case JSON -> {
                take();
                if (at(TokenType.IDENTIFIER)) {
                    return new Stage.JsonParser(parseExtractions());
                }
                return new Stage.JsonParser(List.of());
            }
            case LOGFMT -> {
                take();
                boolean strict = false;
                boolean keepEmpty = false;
                while (at(TokenType.PARSER_FLAG)) {
                    String f = take().text();
                    if (f.equals("--strict")) {
                        strict = true;
                    } else {
                        keepEmpty = true;
                    }
                }
                List<Stage.Extraction> ex = at(TokenType.IDENTIFIER) ? parseExtractions() : List.of();
                return new Stage.LogfmtParser(strict, keepEmpty, ex);
            }
            case REGEXP -> {
                take();
                String re = expect(TokenType.STRING, "STRING").text();
                String err = Regexes.regexpParserError(re);
                if (err != null) {
                    throw ParseException.semantic("invalid regexp parser: " + err);
                }
                return new Stage.RegexpParser(re);
            }
            case PATTERN -> {
                take();
                String pat = expect(TokenType.STRING, "STRING").text();
                String err = Regexes.patternParserError(pat);
                if (err != null) {
                    throw ParseException.semantic("invalid pattern parser: " + err);
                }
                return new Stage.PatternParser(pat);
            }
            case UNPACK -> {
                take();
                return new Stage.Unpack();
            }
            case DECOLORIZE -> {
                take();
                return new Stage.Decolorize();
            }
            case LINE_FMT -> {
                take();
                return new Stage.LineFormat(expect(TokenType.STRING, "STRING").text());
            }
            case LABEL_FMT -> {
                take();
                List<Stage.LabelFormatItem> items = new ArrayList<>();
                items.add(parseLabelFormatItem());
                while (at(TokenType.COMMA)) {
                    take();
                    items.add(parseLabelFormatItem());
                }
                return new Stage.LabelFormat(items);
            }
            case DROP, KEEP -> {
                take();
                List<Stage.NamedMatcher> items = new ArrayList<>();
                items.add(parseNamedMatcher());
                while (at(TokenType.COMMA)) {
                    take();
                    items.add(parseNamedMatcher());
                }
                return t.type() == TokenType.DROP ? new Stage.Drop(items) : new Stage.Keep(items);
            }
            case IDENTIFIER, OPEN_PARENTHESIS -> {
                return new Stage.LabelFilterStage(parseLabelFilter());
            }
            default -> throw unexpected();
        }
    }

    private Stage.NamedMatcher parseNamedMatcher() {
        String name = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
        MatchOp op = switch (peek().type()) {
            case EQ -> MatchOp.EQ;
            case NEQ -> MatchOp.NEQ;
            case RE -> MatchOp.RE;
            case NRE -> MatchOp.NRE;
            default -> null;
        };
        if (op == null) {
            return new Stage.NamedMatcher(name, null);
        }
        take();
        String value = expect(TokenType.STRING, "STRING").text();
        return new Stage.NamedMatcher(name, newMatcher(name, op, value));
    }

    private Stage.LabelFormatItem parseLabelFormatItem() {
        String dst = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
        expect(TokenType.EQ, "=");
        if (at(TokenType.IDENTIFIER)) {
            return new Stage.LabelFormatItem(dst, take().text(), true);
        }
        if (at(TokenType.STRING)) {
            return new Stage.LabelFormatItem(dst, take().text(), false);
        }
        throw unexpected("STRING", "IDENTIFIER");
    }

    private List<Stage.Extraction> parseExtractions() {
        List<Stage.Extraction> out = new ArrayList<>();
        out.add(parseExtraction());
        while (at(TokenType.COMMA)) {
            take();
            out.add(parseExtraction());
        }
        return out;
    }

    private Stage.Extraction parseExtraction() {
        String label = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
        if (at(TokenType.EQ)) {
            take();
            return new Stage.Extraction(label, expect(TokenType.STRING, "STRING").text());
        }
        return new Stage.Extraction(label, null);
    }

    // ---------------------------------------------------------------- label filters

    private enum FilterOp {
        OR(1), AND(2), COMMA(-1), JUXTAPOSE(-1);

        final int prec;

        FilterOp(int prec) {
            this.prec = prec;
        }
    }

    private FilterOp nextFilterOp() {
        return switch (peek().type()) {
            case OR -> FilterOp.OR;
            case AND -> FilterOp.AND;
            case COMMA -> FilterOp.COMMA;
            case IDENTIFIER, OPEN_PARENTHESIS -> FilterOp.JUXTAPOSE;
            default -> null;
        };
    }

    /** goyacc's shift/reduce choice: shift unless both have a precedence and the pending one binds at least as tight. */
    private static boolean shift(FilterOp pending, FilterOp next) {
        if (pending == null || pending.prec < 0 || next.prec < 0) {
            return true;
        }
        return next.prec > pending.prec;
    }

    LabelFilter parseLabelFilter() {
        return parseLabelFilter(null);
    }

    private LabelFilter parseLabelFilter(FilterOp pending) {
        LabelFilter left = parseLabelFilterPrimary();
        while (true) {
            FilterOp op = nextFilterOp();
            if (op == null || !shift(pending, op)) {
                return left;
            }
            if (op != FilterOp.JUXTAPOSE) {
                take();
            }
            LabelFilter right = parseLabelFilter(op);
            left = op == FilterOp.OR ? new LabelFilter.Or(left, right) : new LabelFilter.And(left, right);
        }
    }

    private LabelFilter parseLabelFilterPrimary() {
        if (at(TokenType.OPEN_PARENTHESIS)) {
            take();
            LabelFilter inner = parseLabelFilter(null);
            expect(TokenType.CLOSE_PARENTHESIS);
            return inner;
        }
        String name = expect(TokenType.IDENTIFIER, "IDENTIFIER").text();
        Token opTok = peek();
        TokenType ot = opTok.type();
        switch (ot) {
            case EQ, NEQ, RE, NRE, CMP_EQ, GT, GTE, LT, LTE -> take();
            default -> throw unexpected();
        }
        Token v = peek();
        if ((ot == TokenType.EQ || ot == TokenType.NEQ || ot == TokenType.RE || ot == TokenType.NRE)
                && v.type() == TokenType.STRING) {
            take();
            MatchOp mop = switch (ot) {
                case EQ -> MatchOp.EQ;
                case NEQ -> MatchOp.NEQ;
                case RE -> MatchOp.RE;
                default -> MatchOp.NRE;
            };
            Matcher m = newMatcher(name, mop, v.text());
            return new LabelFilter.StringFilter(m.name(), m.op(), m.value());
        }
        if (ot == TokenType.RE || ot == TokenType.NRE) {
            throw unexpected("STRING");
        }
        if ((ot == TokenType.EQ || ot == TokenType.NEQ) && v.type() == TokenType.IP) {
            take();
            expect(TokenType.OPEN_PARENTHESIS);
            String cidr = expect(TokenType.STRING, "STRING").text();
            expect(TokenType.CLOSE_PARENTHESIS);
            return new LabelFilter.IpFilter(name, ot == TokenType.NEQ, cidr);
        }
        CompareOp cop = switch (ot) {
            case EQ, CMP_EQ -> CompareOp.EQ;
            case NEQ -> CompareOp.NEQ;
            case GT -> CompareOp.GT;
            case GTE -> CompareOp.GTE;
            case LT -> CompareOp.LT;
            default -> CompareOp.LTE;
        };
        switch (v.type()) {
            case DURATION -> {
                take();
                return new LabelFilter.DurationFilter(name, cop, v.value(), v.text());
            }
            case BYTES -> {
                take();
                return new LabelFilter.BytesFilter(name, cop, v.value(), v.text());
            }
            case NUMBER -> {
                take();
                return new LabelFilter.NumberFilter(name, cop, parseNumber(v.text()), v.text());
            }
            case ADD, SUB -> {
                take();
                Token n = expect(TokenType.NUMBER, "NUMBER");
                double d = parseNumber(n.text());
                return new LabelFilter.NumberFilter(name, cop, v.type() == TokenType.SUB ? -d : d,
                        v.text() + n.text());
            }
            default -> throw unexpected();
        }
    }

    /** Parses a bare selector-or-pipeline log expression (used for {@code LogQL.parseSelector}). */
    public static Parser forTokens(List<Token> tokens) {
        return new Parser(tokens);
    }
}
