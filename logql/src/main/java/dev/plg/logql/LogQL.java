package dev.plg.logql;

import dev.plg.logql.ast.Expr;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.Matcher;
import dev.plg.logql.syntax.Parser;
import dev.plg.logql.syntax.Printer;
import dev.plg.logql.syntax.Validator;
import java.util.List;

/**
 * Entry points of the LogQL language: parse (+ validate), parse selectors, print.
 * All methods are thread-safe; errors are {@link ParseException}s carrying Loki's exact text.
 */
public final class LogQL {
    private LogQL() {
    }

    /**
     * Parses and validates a query (Loki's {@code ParseExpr}), including the checks Loki only makes when it
     * builds pipelines (bad line-filter regexes, templates, json expressions: {@code parse error : stage '...' : ...}).
     */
    public static Expr parse(String query) {
        Expr e = Parser.parse(query);
        Validator.validate(e);
        PipelineChecks.check(e);
        return e;
    }

    /** Parses without any validation (what {@code /format_query} needs). */
    public static Expr parseWithoutValidation(String query) {
        return Parser.parse(query);
    }

    /**
     * Parses a log query (selector with optional stages) and validates its matchers; for
     * {@code /series match[]} use {@link #parseMatchers}. Metric queries are rejected.
     */
    public static LogExpr parseSelector(String query) {
        Expr e = Parser.parse(query);
        if (!(e instanceof LogExpr l)) {
            throw ParseException.semantic("only log selector is supported");
        }
        Validator.validate(l);
        PipelineChecks.check(l);
        return l;
    }

    /**
     * Loki's {@code ParseMatchers}: a bare stream selector only; anything else fails with
     * {@code only label matchers are supported}.
     */
    public static List<Matcher> parseMatchers(String query, boolean validate) {
        Expr e = Parser.parse(query);
        if (!(e instanceof LogExpr l) || !l.stages().isEmpty()) {
            throw new LogQLException("only label matchers are supported");
        }
        if (validate) {
            Validator.validateMatchers(l.matchers());
        }
        return l.matchers();
    }

    /** Prints the expression as Loki's {@code String()} does; {@code format(parse(q))} is Loki's normalized query. */
    public static String format(Expr expr) {
        return Printer.print(expr);
    }
}
