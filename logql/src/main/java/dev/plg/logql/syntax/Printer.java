package dev.plg.logql.syntax;

import dev.plg.logql.ast.BinaryOperation;
import dev.plg.logql.ast.Expr;
import dev.plg.logql.ast.Grouping;
import dev.plg.logql.ast.LabelFilter;
import dev.plg.logql.ast.LabelReplace;
import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.ast.LogRange;
import dev.plg.logql.ast.Matcher;
import dev.plg.logql.ast.NumberLiteral;
import dev.plg.logql.ast.ParenExpr;
import dev.plg.logql.ast.RangeAggregation;
import dev.plg.logql.ast.SampleExpr;
import dev.plg.logql.ast.Stage;
import dev.plg.logql.ast.Unwrap;
import dev.plg.logql.ast.VectorAggregation;
import dev.plg.logql.ast.VectorLiteral;
import java.util.List;
import java.util.Locale;

/** Prints an AST exactly as Loki's {@code String()} methods do (what {@code /format_query} returns). */
public final class Printer {
    private Printer() {
    }

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        expr(sb, e);
        return sb.toString();
    }

    private static void expr(StringBuilder sb, Expr e) {
        switch (e) {
            case LogExpr l -> logExpr(sb, l);
            case SampleExpr s -> sample(sb, s);
        }
    }

    public static String logExpr(LogExpr l) {
        StringBuilder sb = new StringBuilder();
        logExpr(sb, l);
        return sb.toString();
    }

    private static void logExpr(StringBuilder sb, LogExpr l) {
        selector(sb, l.matchers());
        for (Stage s : l.stages()) {
            sb.append(' ');
            stage(sb, s);
        }
    }

    private static void selector(StringBuilder sb, List<Matcher> ms) {
        sb.append('{');
        for (int i = 0; i < ms.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            matcher(sb, ms.get(i));
        }
        sb.append('}');
    }

    public static String matcher(Matcher m) {
        StringBuilder sb = new StringBuilder();
        matcher(sb, m);
        return sb.toString();
    }

    private static void matcher(StringBuilder sb, Matcher m) {
        sb.append(Regexes.isValidLabelName(m.name()) ? m.name() : GoText.quote(m.name()))
                .append(m.op().symbol()).append(GoText.quote(m.value()));
    }

    /** One stage as Loki prints it (also the text of {@code stage '...'} errors). */
    public static String stage(Stage s) {
        StringBuilder sb = new StringBuilder();
        stage(sb, s);
        return sb.toString();
    }

    private static void stage(StringBuilder sb, Stage s) {
        switch (s) {
            case Stage.LineFilter f -> {
                if (f.op().negated()) {
                    for (int i = 0; i < f.alternatives().size(); i++) {
                        if (i > 0) {
                            sb.append(' ');
                        }
                        sb.append(f.op().symbol()).append(' ');
                        filterValue(sb, f.alternatives().get(i));
                    }
                } else {
                    sb.append(f.op().symbol()).append(' ');
                    for (int i = 0; i < f.alternatives().size(); i++) {
                        if (i > 0) {
                            sb.append(" or ");
                        }
                        filterValue(sb, f.alternatives().get(i));
                    }
                }
            }
            case Stage.JsonParser j -> {
                if (j.extractions().isEmpty()) {
                    sb.append("| json");
                } else {
                    sb.append("| json ");
                    extractions(sb, j.extractions());
                }
            }
            case Stage.LogfmtParser l -> {
                if (l.extractions().isEmpty()) {
                    sb.append("| logfmt");
                    if (l.strict()) {
                        sb.append(" --strict");
                    }
                    if (l.keepEmpty()) {
                        sb.append(" --keep-empty");
                    }
                } else {
                    sb.append("| logfmt ");
                    if (l.strict()) {
                        sb.append("--strict ");
                    }
                    if (l.keepEmpty()) {
                        sb.append("--keep-empty ");
                    }
                    extractions(sb, l.extractions());
                }
            }
            case Stage.RegexpParser r -> sb.append("| regexp ").append(GoText.quote(r.regex()));
            case Stage.PatternParser pp -> sb.append("| pattern ").append(GoText.quote(pp.pattern()));
            case Stage.Unpack u -> sb.append("| unpack");
            case Stage.LabelFilterStage lf -> {
                sb.append("| ");
                labelFilter(sb, lf.filter());
            }
            case Stage.LineFormat lf -> sb.append("| line_format ").append(GoText.quote(lf.template()));
            case Stage.LabelFormat lf -> {
                sb.append("| label_format ");
                for (int i = 0; i < lf.items().size(); i++) {
                    Stage.LabelFormatItem it = lf.items().get(i);
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(it.destination()).append('=');
                    sb.append(it.rename() ? it.source() : GoText.quote(it.source()));
                }
            }
            case Stage.Drop d -> {
                sb.append("| drop ");
                namedMatchers(sb, d.items());
            }
            case Stage.Keep k -> {
                sb.append("| keep ");
                namedMatchers(sb, k.items());
            }
            case Stage.Decolorize d -> sb.append("| decolorize");
        }
    }

    private static void namedMatchers(StringBuilder sb, List<Stage.NamedMatcher> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Stage.NamedMatcher nm = items.get(i);
            if (nm.matcher() != null) {
                matcher(sb, nm.matcher());
            } else {
                sb.append(nm.name());
            }
        }
    }

    private static void extractions(StringBuilder sb, List<Stage.Extraction> ex) {
        for (int i = 0; i < ex.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Stage.Extraction e = ex.get(i);
            sb.append(e.label()).append('=').append(GoText.quote(e.expression() == null ? e.label() : e.expression()));
        }
    }

    private static void filterValue(StringBuilder sb, Stage.LineFilterValue v) {
        if (v.ip()) {
            sb.append("ip(").append(GoText.quote(v.value())).append(')');
        } else {
            sb.append(GoText.quote(v.value()));
        }
    }

    public static String labelFilter(LabelFilter f) {
        StringBuilder sb = new StringBuilder();
        labelFilter(sb, f);
        return sb.toString();
    }

    private static void labelFilter(StringBuilder sb, LabelFilter f) {
        switch (f) {
            case LabelFilter.StringFilter s -> matcher(sb, new Matcher(s.name(), s.op(), s.value()));
            case LabelFilter.NumberFilter n ->
                    sb.append(n.name()).append(n.op().symbol()).append(GoText.formatFloatF(n.value()));
            case LabelFilter.DurationFilter d ->
                    sb.append(d.name()).append(d.op().symbol()).append(Durations.formatGo(d.nanos()));
            case LabelFilter.BytesFilter b ->
                    sb.append(b.name()).append(b.op().symbol()).append(ByteSizes.format(b.bytes()).replace(" ", ""));
            case LabelFilter.IpFilter ip -> sb.append(ip.name()).append(ip.negated() ? "!=" : "=")
                    .append("ip(").append(GoText.quote(ip.cidr())).append(')');
            case LabelFilter.And a -> {
                sb.append("( ");
                labelFilter(sb, a.left());
                sb.append(" , ");
                labelFilter(sb, a.right());
                sb.append(" )");
            }
            case LabelFilter.Or o -> {
                sb.append("( ");
                labelFilter(sb, o.left());
                sb.append(" or ");
                labelFilter(sb, o.right());
                sb.append(" )");
            }
            case LabelFilter.Parens p -> labelFilter(sb, p.inner());
        }
    }

    private static void sample(StringBuilder sb, SampleExpr e) {
        switch (e) {
            case NumberLiteral n -> sb.append(GoText.formatFloatG(n.value()));
            case VectorLiteral v -> sb.append("vector(").append(String.format(Locale.ROOT, "%f", v.value())).append(')');
            case ParenExpr p -> sample(sb, p.inner());
            case LabelReplace lr -> {
                sb.append("label_replace(");
                sample(sb, lr.inner());
                sb.append(',').append(GoText.quote(lr.destination())).append(',').append(GoText.quote(lr.replacement()))
                        .append(',').append(GoText.quote(lr.source())).append(',').append(GoText.quote(lr.regex()))
                        .append(')');
            }
            case RangeAggregation r -> {
                sb.append(r.op().function()).append('(');
                if (r.parameter() != null) {
                    sb.append(GoText.formatFloatF(r.parameter())).append(',');
                }
                logRange(sb, r.range());
                sb.append(')');
                if (r.grouping() != null) {
                    grouping(sb, r.grouping());
                }
            }
            case VectorAggregation v -> {
                sb.append(v.op().function());
                if (v.grouping() != null && !(v.grouping().labels().isEmpty() && !v.grouping().without())) {
                    grouping(sb, v.grouping());
                }
                sb.append('(');
                if (v.parameter() != null) {
                    sb.append(v.parameter()).append(',');
                }
                sample(sb, v.inner());
                sb.append(')');
            }
            case BinaryOperation b -> {
                StringBuilder op = new StringBuilder(b.op().symbol());
                if (b.returnBool()) {
                    op.append(" bool");
                }
                BinaryOperation.VectorMatching m = b.matching();
                if (m != null && (m.on() || !m.labels().isEmpty())) {
                    String group = switch (m.cardinality()) {
                        case ONE_TO_ONE -> "";
                        case MANY_TO_ONE -> "group_left";
                        case ONE_TO_MANY -> "group_right";
                    };
                    if (!m.include().isEmpty()) {
                        group = group + " (" + String.join(",", m.include()) + ")";
                    }
                    op.append(' ').append(m.on() ? "on" : "ignoring").append(" (").append(String.join(",", m.labels()))
                            .append(") ").append(group);
                }
                sb.append('(');
                sample(sb, b.lhs());
                sb.append(' ').append(op).append(' ');
                sample(sb, b.rhs());
                sb.append(')');
            }
        }
    }

    private static void grouping(StringBuilder sb, Grouping g) {
        sb.append(g.without() ? " without " : " by ").append('(').append(String.join(",", g.labels())).append(')');
    }

    public static String logRange(LogRange r) {
        StringBuilder sb = new StringBuilder();
        logRange(sb, r);
        return sb.toString();
    }

    private static void logRange(StringBuilder sb, LogRange r) {
        logExpr(sb, r.selector());
        Unwrap u = r.unwrap();
        if (u != null) {
            switch (u.conversion()) {
                case NONE -> sb.append(" | unwrap ").append(u.label());
                case DURATION -> sb.append(" | unwrap duration(").append(u.label()).append(')');
                case DURATION_SECONDS -> sb.append(" | unwrap duration_seconds(").append(u.label()).append(')');
                case BYTES -> sb.append(" | unwrap bytes(").append(u.label()).append(')');
            }
            for (LabelFilter f : r.postUnwrapFilters()) {
                sb.append(" | ");
                labelFilter(sb, f);
            }
        }
        sb.append('[').append(Durations.formatPrometheus(r.rangeNanos())).append(']');
        if (r.offsetNanos() != 0) {
            sb.append(" offset ").append(Durations.formatGo(r.offsetNanos()));
        }
    }
}
