package dev.plg.logql.pipeline.impl;

import java.nio.charset.StandardCharsets;

/**
 * A byte-level JSON scanner with the tolerance and error texts of {@code github.com/buger/jsonparser},
 * which Loki's json parser uses: values are located without full validation, and a failure stops the
 * walk with one of jsonparser's messages (labels extracted before it stay). Works on UTF-8 bytes.
 */
public final class JsonScan {
    public static final String MALFORMED_JSON = "Malformed JSON error";
    public static final String MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";
    public static final String MALFORMED_ARRAY = "Value is array, but can't find closing ']' symbol";
    public static final String MALFORMED_STRING = "Value is string, but can't find closing '\"' symbol";
    public static final String MALFORMED_VALUE = "Value looks like Number/Boolean/None, but can't find its end: ',' or '}' symbol";
    public static final String MALFORMED_ESCAPE = "Encountered an invalid escape sequence in a string";
    public static final String UNKNOWN_TYPE = "Unknown value type";

    public enum Type { STRING, NUMBER, OBJECT, ARRAY, BOOLEAN, NULL }

    private JsonScan() {
    }

    /** Receives each member of an object. {@code [vs, ve)} is the value (string values without quotes). */
    public interface MemberVisitor {
        /** Returns an error message to stop the walk, or {@code null} to continue. */
        String member(byte[] data, int ks, int ke, boolean keyEscaped, int vs, int ve, Type type);
    }

    static int nextToken(byte[] d, int i, int end) {
        if (i < end && d[i] > ' ') {
            return i;
        }
        for (; i < end; i++) {
            byte c = d[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
        }
        return -1;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    /** Index just after the closing quote of a string whose body starts at {@code i}; -1 if none. Sets escaped flag in [0]. */
    static int stringEnd(byte[] d, int i, int end, boolean[] escapedOut) {
        // fast path: 8 bytes at a time to the first '"' or '\\'; a string without escapes ends there
        int k = i;
        while (k + 8 <= end) {
            long w = (long) LONGS.get(d, k);
            long q = w ^ QUOTES;
            long b = w ^ BACKSLASHES;
            long t = (((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS;
            if (t != 0) {
                // the lowest flagged byte is exact (borrows only flag bytes above a real match)
                k += Long.numberOfTrailingZeros(t) >>> 3;
                break;
            }
            k += 8;
        }
        while (k < end && d[k] != '"' && d[k] != '\\') {
            k++;
        }
        if (k < end && d[k] == '"') {
            if (escapedOut != null) {
                escapedOut[0] = false;
            }
            return k + 1;
        }
        return stringEndSlow(d, i, end, escapedOut);
    }

    static int stringEndSlow(byte[] d, int i, int end, boolean[] escapedOut) {
        boolean escaped = false;
        for (int k = i; k < end; k++) {
            byte c = d[k];
            if (c == '"') {
                if (!escaped) {
                    if (escapedOut != null) {
                        escapedOut[0] = false;
                    }
                    return k + 1;
                }
                int j = k - 1;
                boolean even = false;
                while (true) {
                    if (j < i || d[j] != '\\') {
                        even = true;
                        break;
                    }
                    j--;
                    if (j < i || d[j] != '\\') {
                        break;
                    }
                    j--;
                }
                if (even) {
                    if (escapedOut != null) {
                        escapedOut[0] = true;
                    }
                    return k + 1;
                }
            } else if (c == '\\') {
                escaped = true;
            }
        }
        if (escapedOut != null) {
            escapedOut[0] = escaped;
        }
        return -1;
    }

    static int blockEnd(byte[] d, int i, int end, byte open, byte close) {
        int level = 0;
        while (i < end) {
            byte c = d[i];
            if (c == '"') {
                int se = stringEnd(d, i + 1, end, null);
                if (se == -1) {
                    return -1;
                }
                i = se - 1;
            } else if (c == open) {
                level++;
            } else if (c == close) {
                level--;
                if (level == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return -1;
    }

    static int tokenEnd(byte[] d, int i, int end) {
        for (int k = i; k < end; k++) {
            byte c = d[k];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == '}' || c == ']') {
                return k;
            }
        }
        return end;
    }

    /** Result of locating one value: start/end in the data (string without quotes), its end offset, type, error. */
    static final class Value {
        int start;
        int end;
        int after;
        Type type;
        String error;
    }

    /** jsonparser's {@code getType} at {@code i} (i points to the first byte of the value). */
    static void valueAt(byte[] d, int i, int end, Value out) {
        out.error = null;
        byte c = d[i];
        if (c == '"') {
            out.type = Type.STRING;
            int se = stringEnd(d, i + 1, end, null);
            if (se == -1) {
                out.error = MALFORMED_STRING;
                return;
            }
            out.start = i + 1;
            out.end = se - 1;
            out.after = se;
        } else if (c == '[') {
            out.type = Type.ARRAY;
            int be = blockEnd(d, i, end, (byte) '[', (byte) ']');
            if (be == -1) {
                out.error = MALFORMED_ARRAY;
                return;
            }
            out.start = i;
            out.end = be;
            out.after = be;
        } else if (c == '{') {
            out.type = Type.OBJECT;
            int be = blockEnd(d, i, end, (byte) '{', (byte) '}');
            if (be == -1) {
                out.error = MALFORMED_OBJECT;
                return;
            }
            out.start = i;
            out.end = be;
            out.after = be;
        } else {
            int te = tokenEnd(d, i, end);
            int len = te - i;
            switch (c) {
                case 't', 'f' -> {
                    if (eq(d, i, len, "true") || eq(d, i, len, "false")) {
                        out.type = Type.BOOLEAN;
                    } else {
                        out.error = UNKNOWN_TYPE;
                        return;
                    }
                }
                case 'u', 'n' -> {
                    if (eq(d, i, len, "null")) {
                        out.type = Type.NULL;
                    } else {
                        out.error = UNKNOWN_TYPE;
                        return;
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-' -> out.type = Type.NUMBER;
                default -> {
                    out.error = UNKNOWN_TYPE;
                    return;
                }
            }
            out.start = i;
            out.end = te;
            out.after = te;
        }
    }

    /** Whether {@code d[i, i + len)} is the ASCII text {@code lit}. */
    static boolean eq(byte[] d, int i, int len, String lit) {
        if (len != lit.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (d[i + k] != lit.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** jsonparser's {@code ObjectEach} over {@code d[from, to)}; returns an error message or {@code null}. */
    public static String objectEach(byte[] d, int from, int to, MemberVisitor visitor) {
        int off = nextToken(d, from, to);
        if (off == -1 || d[off] != '{') {
            return MALFORMED_OBJECT;
        }
        off++;
        int n = nextToken(d, off, to);
        if (n == -1) {
            return MALFORMED_JSON;
        }
        off = n;
        if (d[off] == '}') {
            return null;
        }
        Value v = new Value();
        boolean[] esc = new boolean[1];
        while (off < to) {
            byte c = d[off];
            if (c == '"') {
                off++;
            } else if (c == '}') {
                return null;
            } else {
                return MALFORMED_OBJECT;
            }
            int se = stringEnd(d, off, to, esc);
            if (se == -1) {
                return MALFORMED_JSON;
            }
            int ks = off;
            int ke = se - 1;
            boolean keyEscaped = esc[0];
            off = se;
            n = nextToken(d, off, to);
            if (n == -1 || d[n] != ':') {
                return MALFORMED_JSON;
            }
            off = n + 1;
            n = nextToken(d, off, to);
            if (n == -1) {
                return MALFORMED_JSON;
            }
            valueAt(d, n, to, v);
            if (v.error != null) {
                return v.error;
            }
            String err = visitor.member(d, ks, ke, keyEscaped, v.start, v.end, v.type);
            if (err != null) {
                return err;
            }
            off = v.after;
            n = nextToken(d, off, to);
            if (n == -1) {
                return MALFORMED_ARRAY;
            }
            off = n;
            if (d[off] == '}') {
                return null;
            } else if (d[off] == ',') {
                off++;
            } else {
                return MALFORMED_OBJECT;
            }
            n = nextToken(d, off, to);
            if (n == -1) {
                return MALFORMED_ARRAY;
            }
            off = n;
        }
        return MALFORMED_OBJECT;
    }

    /**
     * Finds the value at a path ({@code "a"}, {@code "b"}, {@code "[0]"}) inside {@code d[from,to)}.
     * Returns false when not found or malformed.
     */
    public static boolean get(byte[] d, int from, int to, String[] path, Value out) {
        int s = from;
        int e = to;
        for (String key : path) {
            int n = nextToken(d, s, e);
            if (n == -1) {
                return false;
            }
            if (key.startsWith("[") && key.endsWith("]") && !key.startsWith("[\"")) {
                if (d[n] != '[') {
                    return false;
                }
                int idx;
                try {
                    idx = Integer.parseInt(key.substring(1, key.length() - 1));
                } catch (NumberFormatException ex) {
                    return false;
                }
                if (!arrayIndex(d, n, e, idx, out)) {
                    return false;
                }
            } else {
                if (d[n] != '{') {
                    return false;
                }
                byte[] want = key.getBytes(StandardCharsets.UTF_8);
                Value found = new Value();
                found.type = null;
                String err = objectEach(d, n, e, (data, ks, ke, esc, vs, ve, type) -> {
                    boolean match = esc ? unescape(data, ks, ke).equals(key) : regionEquals(data, ks, ke, want);
                    if (match) {
                        found.start = vs;
                        found.end = ve;
                        found.type = type;
                        return "found";
                    }
                    return null;
                });
                if (found.type == null || !"found".equals(err)) {
                    return false;
                }
                out.start = found.start;
                out.end = found.end;
                out.type = found.type;
            }
            s = out.type == Type.STRING ? out.start - 1 : out.start;
            e = out.type == Type.STRING ? out.end + 1 : out.end;
        }
        return true;
    }

    private static boolean arrayIndex(byte[] d, int open, int to, int idx, Value out) {
        int off = open + 1;
        int i = 0;
        Value v = new Value();
        while (true) {
            int n = nextToken(d, off, to);
            if (n == -1 || d[n] == ']') {
                return false;
            }
            valueAt(d, n, to, v);
            if (v.error != null) {
                return false;
            }
            if (i == idx) {
                out.start = v.start;
                out.end = v.end;
                out.type = v.type;
                return true;
            }
            i++;
            n = nextToken(d, v.after, to);
            if (n == -1 || d[n] != ',') {
                return false;
            }
            off = n + 1;
        }
    }

    static boolean regionEquals(byte[] d, int s, int e, byte[] want) {
        if (e - s != want.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (d[s + i] != want[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * jsonparser {@code Unescape} then Loki's cleanup; returns "" for an invalid escape.
     */
    public static String unescape(byte[] d, int s, int e) {
        boolean hasEsc = false;
        for (int i = s; i < e; i++) {
            if (d[i] == '\\') {
                hasEsc = true;
                break;
            }
        }
        if (!hasEsc) {
            return new String(d, s, e - s, StandardCharsets.UTF_8).replace("\uFFFD", "");
        }
        StringBuilder sb = new StringBuilder(e - s);
        int i = s;
        int runStart = s;
        while (i < e) {
            if (d[i] != '\\') {
                i++;
                continue;
            }
            sb.append(new String(d, runStart, i - runStart, StandardCharsets.UTF_8));
            if (i + 1 >= e) {
                return "";
            }
            byte c = d[i + 1];
            switch (c) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int cp = hex4(d, i + 2, e);
                    if (cp < 0) {
                        return "";
                    }
                    i += 4;
                    if (cp >= 0xD800 && cp < 0xDC00) {
                        int lo = (i + 2 + 6 <= e && d[i + 2] == '\\' && d[i + 3] == 'u') ? hex4(d, i + 4, e) : -1;
                        if (lo >= 0xDC00 && lo < 0xE000) {
                            sb.appendCodePoint(0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
                            i += 6;
                        } else {
                            sb.append('\uFFFD');
                        }
                    } else if (cp >= 0xDC00 && cp < 0xE000) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append((char) cp);
                    }
                }
                default -> {
                    return "";
                }
            }
            i += 2;
            runStart = i;
        }
        sb.append(new String(d, runStart, e - runStart, StandardCharsets.UTF_8));
        String r = sb.toString();
        return r.indexOf('\uFFFD') >= 0 ? r.replace("\uFFFD", "") : r;
    }

    private static int hex4(byte[] d, int i, int e) {
        if (i + 4 > e) {
            return -1;
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int c = d[i + k];
            int h = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (h < 0) {
                return -1;
            }
            v = v * 16 + h;
        }
        return v;
    }
}
