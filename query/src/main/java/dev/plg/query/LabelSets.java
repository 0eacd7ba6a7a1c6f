package dev.plg.query;

import dev.plg.push.LabelPair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** Helpers over label sets: immutable lists of {@link LabelPair} sorted by name, names unique. */
public final class LabelSets {
    /** Label sets compared name by name, then value by value, then by length (Prometheus' order). */
    public static final Comparator<List<LabelPair>> ORDER = LabelSets::compare;

    static final Comparator<QueryResult.LogStream> STREAM_ORDER = (a, b) -> compare(a.labels(), b.labels());

    private LabelSets() {
    }

    public static int compare(List<LabelPair> a, List<LabelPair> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            LabelPair x = a.get(i);
            LabelPair y = b.get(i);
            int c = x.name().compareTo(y.name());
            if (c != 0) {
                return c;
            }
            c = x.value().compareTo(y.value());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Merges label lists; on a name clash the later list wins. Result sorted by name. */
    @SafeVarargs
    public static List<LabelPair> merge(List<LabelPair>... lists) {
        int total = 0;
        int nonEmpty = 0;
        List<LabelPair> only = List.of();
        for (List<LabelPair> l : lists) {
            total += l.size();
            if (!l.isEmpty()) {
                nonEmpty++;
                only = l;
            }
        }
        if (nonEmpty <= 1) {
            return sorted(only);
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (List<LabelPair> l : lists) {
            for (LabelPair p : l) {
                m.put(p.name(), p.value());
            }
        }
        List<LabelPair> out = new ArrayList<>(total);
        m.forEach((k, v) -> out.add(new LabelPair(k, v)));
        return List.copyOf(out);
    }

    /** The list sorted by name (returns it unchanged when already sorted). */
    public static List<LabelPair> sorted(List<LabelPair> labels) {
        for (int i = 1; i < labels.size(); i++) {
            if (labels.get(i - 1).name().compareTo(labels.get(i).name()) > 0) {
                List<LabelPair> copy = new ArrayList<>(labels);
                copy.sort(Comparator.comparing(LabelPair::name));
                return List.copyOf(copy);
            }
        }
        return List.copyOf(labels);
    }

    /** {@code by (names)}: only the named labels (those present with a non-empty value). */
    public static List<LabelPair> keep(List<LabelPair> labels, Collection<String> names) {
        List<LabelPair> out = new ArrayList<>(names.size());
        for (LabelPair p : labels) {
            if (names.contains(p.name()) && !p.value().isEmpty()) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    /** {@code without (names)}: every label except the named ones. */
    public static List<LabelPair> drop(List<LabelPair> labels, Collection<String> names) {
        List<LabelPair> out = new ArrayList<>(labels.size());
        for (LabelPair p : labels) {
            if (!names.contains(p.name())) {
                out.add(p);
            }
        }
        return out.size() == labels.size() ? List.copyOf(labels) : List.copyOf(out);
    }

    /** The value of {@code name}, or {@code ""} when absent. */
    public static String get(List<LabelPair> labels, String name) {
        for (LabelPair p : labels) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return "";
    }

    public static boolean has(List<LabelPair> labels, String name) {
        for (LabelPair p : labels) {
            if (p.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Sets (or, for an empty value, removes) one label. */
    public static List<LabelPair> with(List<LabelPair> labels, String name, String value) {
        List<LabelPair> out = new ArrayList<>(labels.size() + 1);
        boolean added = value.isEmpty();
        for (LabelPair p : labels) {
            int c = p.name().compareTo(name);
            if (c == 0) {
                continue;
            }
            if (c > 0 && !added) {
                out.add(new LabelPair(name, value));
                added = true;
            }
            out.add(p);
        }
        if (!added) {
            out.add(new LabelPair(name, value));
        }
        return List.copyOf(out);
    }

    /** Prometheus' text form: {@code {a="1", b="x\"y"}}. */
    public static String format(List<LabelPair> labels) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            LabelPair p = labels.get(i);
            b.append(p.name()).append("=\"");
            String v = p.value();
            for (int j = 0; j < v.length(); j++) {
                char c = v.charAt(j);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    default -> b.append(c);
                }
            }
            b.append('"');
        }
        return b.append('}').toString();
    }

    /** {@link #has} for a list sorted by name: stops at the first name past {@code name}. */
    public static boolean hasSorted(List<LabelPair> labels, String name) {
        for (int i = 0; i < labels.size(); i++) {
            int c = labels.get(i).name().compareTo(name);
            if (c >= 0) {
                return c == 0;
            }
        }
        return false;
    }

    static boolean containsAny(List<LabelPair> labels, Set<String> names) {
        for (LabelPair p : labels) {
            if (names.contains(p.name())) {
                return true;
            }
        }
        return false;
    }
}
