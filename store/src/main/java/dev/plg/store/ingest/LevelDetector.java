package dev.plg.store.ingest;

import dev.plg.push.LabelPair;
import dev.plg.push.PushEntry;
import java.util.List;

/**
 * Loki 3.4's {@code detected_level} discovery (distributor {@code FieldDetector}): the value of a
 * stream label named like a level (as is), else of such a structured-metadata pair (as is), else
 * the level field of a JSON line (top level) or logfmt line, normalised, else keywords in the
 * line, else {@code unknown}. Stateless and thread-safe.
 */
public final class LevelDetector {
    /** Loki 3.4's allowed level field names, in priority order. */
    static final List<String> LEVEL_FIELDS = List.of("level", "LEVEL", "Level", "severity", "SEVERITY", "Severity", "lvl", "LVL", "Lvl");

    private LevelDetector() {}

    public static String detect(List<LabelPair> streamLabels, List<LabelPair> metadata, String line) {
        String v = firstOf(streamLabels);
        if (v != null) {
            return v;
        }
        v = firstOf(metadata);
        if (v != null) {
            return v;
        }
        return fromLine(line);
    }

    /**
     * As {@link #detect(List, List, String)} with the entry's line, which is decoded to text only
     * when no label or metadata pair gives the level.
     */
    public static String detect(List<LabelPair> streamLabels, List<LabelPair> metadata, PushEntry entry) {
        String v = firstOf(streamLabels);
        if (v == null) {
            v = firstOf(metadata);
        }
        return v != null ? v : fromLine(entry.line());
    }

    /** The value of the first level-named pair (in {@link #LEVEL_FIELDS} order), or null. */
    public static String fromPairs(List<LabelPair> pairs) {
        return firstOf(pairs);
    }

    private static String firstOf(List<LabelPair> pairs) {
        if (pairs.isEmpty()) {
            return null;
        }
        for (String name : LEVEL_FIELDS) {
            for (LabelPair p : pairs) {
                if (p.name().equals(name)) {
                    return p.value();
                }
            }
        }
        return null;
    }

    static String fromLine(String line) {
        String v;
        if (isJson(line)) {
            v = jsonTopLevelField(line);
        } else if (line.indexOf('=') >= 0) {
            v = logfmtField(line);
        } else {
            return fromKeywords(line);
        }
        String normalized = v == null ? null : normalize(v);
        return normalized != null ? normalized : fromKeywords(line);
    }

    /** Loki's mapping of a level field value, or {@code null} when the value is no known level. */
    static String normalize(String v) {
        if (v.equalsIgnoreCase("trace") || v.equalsIgnoreCase("trc")) {
            return "trace";
        }
        if (v.equalsIgnoreCase("debug") || v.equalsIgnoreCase("dbg")) {
            return "debug";
        }
        if (v.equalsIgnoreCase("info") || v.equalsIgnoreCase("inf") || v.equalsIgnoreCase("information")) {
            return "info";
        }
        if (v.equalsIgnoreCase("warn") || v.equalsIgnoreCase("wrn") || v.equalsIgnoreCase("warning")) {
            return "warn";
        }
        if (v.equalsIgnoreCase("error") || v.equalsIgnoreCase("err")) {
            return "error";
        }
        if (v.equalsIgnoreCase("critical")) {
            return "critical";
        }
        if (v.equalsIgnoreCase("fatal")) {
            return "fatal";
        }
        return null;
    }

    /** Loki 3.4's keyword fallback, in its order (info wins over error, as in Loki). */
    static String fromKeywords(String line) {
        if (line.contains("info") || line.contains("INFO")) {
            return "info";
        }
        if (line.contains("err:") || line.contains("ERR:") || line.contains("error") || line.contains("ERROR")) {
            return "error";
        }
        if (line.contains("warn:") || line.contains("WARN:") || line.contains("warning") || line.contains("WARNING")) {
            return "warn";
        }
        if (line.contains("CRITICAL:") || line.contains("critical:")) {
            return "critical";
        }
        if (line.contains("debug:") || line.contains("DEBUG:")) {
            return "debug";
        }
        return "unknown";
    }

    static boolean isJson(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        int j = n - 1;
        while (j >= 0 && Character.isWhitespace(line.charAt(j))) {
            j--;
        }
        return i < n && line.charAt(i) == '{' && line.charAt(j) == '}';
    }

    /** The top-level field with the highest-priority level name; its raw text for non-strings. */
    static String jsonTopLevelField(String s) {
        int n = s.length();
        int i = s.indexOf('{') + 1;
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        while (i < n) {
            i = skipSpace(s, i);
            if (i >= n || s.charAt(i) == '}') {
                break;
            }
            if (s.charAt(i) == ',') {
                i++;
                continue;
            }
            if (s.charAt(i) != '"') {
                return best;
            }
            int keyEnd = endOfString(s, i);
            if (keyEnd < 0) {
                return best;
            }
            String key = s.substring(i + 1, keyEnd);
            i = skipSpace(s, keyEnd + 1);
            if (i >= n || s.charAt(i) != ':') {
                return best;
            }
            i = skipSpace(s, i + 1);
            int valueStart = i;
            int valueEnd = skipValue(s, i);
            if (valueEnd < 0) {
                return best;
            }
            int rank = LEVEL_FIELDS.indexOf(key);
            if (rank >= 0 && rank < bestRank) {
                bestRank = rank;
                best = s.charAt(valueStart) == '"' ? unescape(s.substring(valueStart + 1, valueEnd - 1)) : s.substring(valueStart, valueEnd);
                if (rank == 0) {
                    return best;
                }
            }
            i = valueEnd;
        }
        return best;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index of the closing quote of the string opening at {@code i}, or -1. */
    private static int endOfString(String s, int i) {
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '"') {
                return j;
            }
        }
        return -1;
    }

    /** Index just after the JSON value starting at {@code i}, or -1. */
    private static int skipValue(String s, int i) {
        if (i >= s.length()) {
            return -1;
        }
        char c = s.charAt(i);
        if (c == '"') {
            int e = endOfString(s, i);
            return e < 0 ? -1 : e + 1;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int j = i; j < s.length(); j++) {
                char d = s.charAt(j);
                if (d == '"') {
                    j = endOfString(s, j);
                    if (j < 0) {
                        return -1;
                    }
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    if (--depth == 0) {
                        return j + 1;
                    }
                }
            }
            return -1;
        }
        int j = i;
        while (j < s.length() && s.charAt(j) != ',' && s.charAt(j) != '}' && !Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char e = v.charAt(++i);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (i + 4 < v.length()) {
                            try {
                                b.append((char) Integer.parseInt(v.substring(i + 1, i + 5), 16));
                                i += 4;
                            } catch (NumberFormatException ex) {
                                b.append('u');
                            }
                        }
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The value of the first logfmt key that is a level name (in line order). */
    static String logfmtField(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && s.charAt(i) <= ' ') {
                i++;
            }
            int keyStart = i;
            while (i < n && s.charAt(i) > ' ' && s.charAt(i) != '=') {
                i++;
            }
            String key = s.substring(keyStart, i);
            String value = null;
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '"') {
                    int e = endOfString(s, i);
                    if (e < 0) {
                        value = s.substring(i + 1);
                        i = n;
                    } else {
                        value = unescape(s.substring(i + 1, e));
                        i = e + 1;
                    }
                } else {
                    int vs = i;
                    while (i < n && s.charAt(i) > ' ') {
                        i++;
                    }
                    value = s.substring(vs, i);
                }
            }
            if (!key.isEmpty() && LEVEL_FIELDS.contains(key)) {
                return value == null ? "" : value;
            }
            if (keyStart == i) {
                i++;
            }
        }
        return null;
    }
}
