package dev.plg.query;

import dev.plg.logql.LogQL;
import dev.plg.logql.ast.Expr;

/** The logql module's parser and validator ({@link LogQL#parse(String)}). */
final class DefaultParser {
    private DefaultParser() {
    }

    static Expr parse(String query) {
        return LogQL.parse(query);
    }
}
