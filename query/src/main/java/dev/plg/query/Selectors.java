package dev.plg.query;

import dev.plg.logql.ast.Matcher;
import dev.plg.store.read.LabelMatcher;
import java.util.ArrayList;
import java.util.List;

/** Turns AST stream selectors into the store's {@link LabelMatcher}s. */
final class Selectors {
    private Selectors() {
    }

    static List<LabelMatcher> toStore(List<Matcher> matchers) {
        List<LabelMatcher> out = new ArrayList<>(matchers.size());
        for (Matcher m : matchers) {
            LabelMatcher.Type type = switch (m.op()) {
                case EQ -> LabelMatcher.Type.EQ;
                case NEQ -> LabelMatcher.Type.NEQ;
                case RE -> LabelMatcher.Type.RE;
                case NRE -> LabelMatcher.Type.NRE;
            };
            try {
                out.add(LabelMatcher.of(m.name(), type, m.value()));
            } catch (RuntimeException e) {
                throw QueryException.user("parse error : error parsing regexp: " + e.getMessage());
            }
        }
        return out;
    }
}
