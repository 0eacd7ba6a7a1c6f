package dev.plg.logql.pipeline.impl;

import java.util.ArrayList;
import java.util.List;

/** Loki's json extraction expressions: {@code a.b}, {@code a[0]}, {@code ["key"]}, {@code a["b c"].d}. */
final class JsonPath {
    private JsonPath() {
    }

    /** Path segments; array indexes are kept as {@code "[n]"}. */
    static String[] parse(String expr) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        boolean expectField = true;
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '.') {
                if (out.isEmpty()) {
                    throw error(expr, "unexpected .");
                }
                i++;
                expectField = true;
                continue;
            }
            if (c == '[') {
                i++;
                if (i >= n) {
                    throw error(expr, "unexpected $end, expecting STRING or INDEX");
                }
                char d = expr.charAt(i);
                if (d == '"') {
                    int close = expr.indexOf('"', i + 1);
                    if (close < 0) {
                        throw error(expr, "unexpected $end, expecting STRING or INDEX");
                    }
                    String key = expr.substring(i + 1, close);
                    i = close + 1;
                    if (i >= n || expr.charAt(i) != ']') {
                        throw error(expr, "unexpected $end, expecting ]");
                    }
                    i++;
                    out.add(key);
                } else if (Character.isDigit(d)) {
                    int s = i;
                    while (i < n && Character.isDigit(expr.charAt(i))) {
                        i++;
                    }
                    if (i >= n || expr.charAt(i) != ']') {
                        throw error(expr, "unexpected $end, expecting ]");
                    }
                    out.add("[" + expr.substring(s, i) + "]");
                    i++;
                } else {
                    throw error(expr, "unexpected " + d + ", expecting STRING or INDEX");
                }
                expectField = false;
                continue;
            }
            if (!expectField) {
                throw error(expr, "unexpected " + c);
            }
            int s = i;
            while (i < n && expr.charAt(i) != '.' && expr.charAt(i) != '[') {
                i++;
            }
            out.add(expr.substring(s, i));
            expectField = false;
        }
        if (out.isEmpty()) {
            throw error(expr, "unexpected $end");
        }
        return out.toArray(String[]::new);
    }

    private static IllegalArgumentException error(String expr, String msg) {
        return new IllegalArgumentException("cannot parse expression [" + expr + "]: syntax error: " + msg);
    }
}
