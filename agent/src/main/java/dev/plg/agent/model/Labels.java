package dev.plg.agent.model;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable label set, sorted by name, with the Prometheus text form ({@code {a="x", b="y"}}) and
 * hash computed once. Empty values are kept as given (Loki drops them on ingest).
 */
public final class Labels {
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private String text;
    private int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    public static Labels of(Map<String, String> map) {
        TreeMap<String, String> sorted = new TreeMap<>(map);
        String[] n = new String[sorted.size()];
        String[] v = new String[sorted.size()];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            n[i] = java.util.Objects.requireNonNull(e.getKey(), "label name is null");
            v[i] = java.util.Objects.requireNonNull(e.getValue(), "label value is null");
            i++;
        }
        return new Labels(n, v);
    }

    public static Labels of(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of label name/value arguments: " + pairs.length);
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return of(m);
    }

    public int size() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    /** The value of {@code name}, or null. */
    public String get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : null;
    }

    /** A copy with {@code name} set to {@code value} (returns this when unchanged). */
    public Labels with(String name, String value) {
        int i = Arrays.binarySearch(names, name);
        if (i >= 0) {
            if (values[i].equals(value)) {
                return this;
            }
            String[] v = values.clone();
            v[i] = value;
            return new Labels(names, v);
        }
        int at = -i - 1;
        String[] n = new String[names.length + 1];
        String[] v = new String[names.length + 1];
        System.arraycopy(names, 0, n, 0, at);
        System.arraycopy(values, 0, v, 0, at);
        n[at] = name;
        v[at] = value;
        System.arraycopy(names, at, n, at + 1, names.length - at);
        System.arraycopy(values, at, v, at + 1, names.length - at);
        return new Labels(n, v);
    }

    public Labels without(String name) {
        int i = Arrays.binarySearch(names, name);
        if (i < 0) {
            return this;
        }
        String[] n = new String[names.length - 1];
        String[] v = new String[names.length - 1];
        System.arraycopy(names, 0, n, 0, i);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(names, i + 1, n, i, names.length - i - 1);
        System.arraycopy(values, i + 1, v, i, names.length - i - 1);
        return new Labels(n, v);
    }

    /** Labels whose names start with {@code __} removed. */
    public Labels withoutReserved() {
        Labels out = this;
        for (String n : names) {
            if (n.startsWith("__")) {
                out = out.without(n);
            }
        }
        return out;
    }

    public Map<String, String> toMap() {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return m;
    }

    /** Prometheus text form: {@code {a="x", b="y"}}, values Go-quoted. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            StringBuilder sb = new StringBuilder(16 * names.length + 2).append('{');
            for (int i = 0; i < names.length; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(names[i]).append('=');
                quote(sb, values[i]);
            }
            t = sb.append('}').toString();
            text = t;
        }
        return t;
    }

    /** Appends {@code s} as a Go-quoted string (printable non-ASCII kept as UTF-8). */
    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Labels l && hashCode() == l.hashCode() && Arrays.equals(names, l.names)
                && Arrays.equals(values, l.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
            if (h == 0) {
                h = 1;
            }
            hash = h;
        }
        return h;
    }
}
