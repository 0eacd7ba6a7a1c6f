package dev.plg.logql.ast;

import java.util.List;

/** A log query: a stream selector followed by pipeline stages ({@code {app="x"} |= "err" | json}). */
public record LogExpr(List<Matcher> matchers, List<Stage> stages) implements Expr {
    public LogExpr {
        matchers = List.copyOf(matchers);
        stages = List.copyOf(stages);
    }
}
