package dev.plg.logql.pipeline.impl;

/**
 * A logfmt scanner over UTF-8 bytes following Loki's {@code pkg/logql/log/logfmt} decoder: bare keys,
 * {@code key=value}, {@code key="quoted \"value\""}, garbage skipped; errors are
 * {@code logfmt syntax error at pos N : msg} (N is the 1-based byte position).
 */
final class Logfmt {
    interface Sink {
        /** The key is {@code b[ks, ke)}; {@code value == null} when it has no value (bare key or {@code key=}). */
        void pair(byte[] b, int ks, int ke, String value);
    }

    private Logfmt() {
    }

    /**
     * Scans the line; returns the first syntax error message, or {@code null}. With {@code strict} the scan
     * stops at the first error.
     */
    static String scan(byte[] b, int off, int len, boolean strict, Sink sink) {
        int end = off + len;
        int pos = off;
        String firstErr = null;
        while (true) {
            // garbage
            while (pos < end && (b[pos] & 0xff) <= ' ') {
                pos++;
            }
            if (pos >= end) {
                return firstErr;
            }
            int start = pos;
            int keyEnd = -1;
            boolean done = false;
            String err = null;
            int errPos = 0;
            boolean haveEqual = false;
            while (pos < end) {
                int c = b[pos] & 0xff;
                if (c == '=') {
                    if (pos > start) {
                        keyEnd = pos;
                    }
                    if (keyEnd < 0) {
                        err = "unexpected '='";
                        errPos = pos;
                        pos++;
                    } else {
                        haveEqual = true;
                    }
                    break;
                } else if (c == '"') {
                    err = "unexpected '\"'";
                    errPos = pos;
                    pos++;
                    break;
                } else if (c <= ' ') {
                    keyEnd = pos;
                    done = true;
                    break;
                }
                pos++;
            }
            if (err == null && !haveEqual && !done) {
                // end of line inside the key
                keyEnd = pos;
                done = true;
            }
            if (err != null) {
                if (firstErr == null) {
                    firstErr = syntax(errPos - off, err);
                }
                if (strict) {
                    return firstErr;
                }
                pos = skipToSpace(b, errPos, end);
                continue;
            }
            if (done) {
                sink.pair(b, start, keyEnd, null);
                continue;
            }
            // after '='
            pos++;
            if (pos >= end || (b[pos] & 0xff) <= ' ') {
                sink.pair(b, start, keyEnd, null);
                continue;
            }
            if (b[pos] != '"') {
                int vs = pos;
                String verr = null;
                while (pos < end) {
                    int c = b[pos] & 0xff;
                    if (c == '=' || c == '"') {
                        verr = "unexpected '" + (char) c + "'";
                        break;
                    }
                    if (c <= ' ') {
                        break;
                    }
                    pos++;
                }
                if (verr != null) {
                    if (firstErr == null) {
                        firstErr = syntax(pos - off, verr);
                    }
                    if (strict) {
                        return firstErr;
                    }
                    pos = skipToSpace(b, pos, end);
                    continue;
                }
                sink.pair(b, start, keyEnd, pos > vs ? str(b, vs, pos) : null);
                continue;
            }
            // quoted value
            int qs = pos;
            boolean hasEsc = false;
            boolean esc = false;
            int close = -1;
            for (int p = pos + 1; p < end; p++) {
                int c = b[p] & 0xff;
                if (esc) {
                    esc = false;
                } else if (c == '\\') {
                    hasEsc = true;
                    esc = true;
                } else if (c == '"') {
                    close = p;
                    break;
                }
            }
            if (close < 0) {
                pos = end;
                if (firstErr == null) {
                    firstErr = syntax(end - off, "unterminated quoted value");
                }
                return firstErr;
            }
            pos = close + 1;
            String value;
            if (hasEsc) {
                value = unquote(b, qs, pos);
                if (value == null) {
                    if (firstErr == null) {
                        firstErr = syntax(pos - off, "invalid quoted value");
                    }
                    if (strict) {
                        return firstErr;
                    }
                    continue;
                }
            } else {
                value = close > qs + 1 ? str(b, qs + 1, close) : null;
            }
            sink.pair(b, start, keyEnd, value);
        }
    }

    private static int skipToSpace(byte[] b, int pos, int end) {
        while (pos < end && (b[pos] & 0xff) > ' ') {
            pos++;
        }
        return pos;
    }

    private static String syntax(int zeroBasedPos, String msg) {
        return "logfmt syntax error at pos " + (zeroBasedPos + 1) + " : " + msg;
    }

    private static String str(byte[] b, int s, int e) {
        return new String(b, s, e - s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Go-logfmt's unquoteBytes: JSON-like escapes inside double quotes. */
    private static String unquote(byte[] b, int s, int e) {
        String inner = str(b, s + 1, e - 1);
        StringBuilder sb = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= inner.length()) {
                return null;
            }
            char n = inner.charAt(i);
            switch (n) {
                case '"', '\\', '/', '\'' -> sb.append(n);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 >= inner.length() + 0 && i + 4 > inner.length() - 1 + 1) {
                        return null;
                    }
                    try {
                        sb.append((char) Integer.parseInt(inner.substring(i + 1, i + 5), 16));
                    } catch (RuntimeException ex) {
                        return null;
                    }
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return sb.toString();
    }
}
