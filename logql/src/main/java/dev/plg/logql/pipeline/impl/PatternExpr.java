package dev.plg.logql.pipeline.impl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled Loki pattern ({@code <ip> - <_> "<method> <path>"}): alternating captures and literals,
 * matched on UTF-8 bytes the way Loki's {@code pkg/logql/log/pattern} does (left to right, first occurrence
 * of each literal, a missed literal ends the match with the rest of the line as the pending capture).
 */
public final class PatternExpr {
    /** Each part is a capture name ({@code ""} for {@code <_>}) or a literal. */
    private final boolean[] isCapture;
    private final String[] names;
    private final byte[][] literals;
    private final List<String> captureNames;

    private PatternExpr(boolean[] isCapture, String[] names, byte[][] literals) {
        this.isCapture = isCapture;
        this.names = names;
        this.literals = literals;
        List<String> cn = new ArrayList<>();
        for (int i = 0; i < isCapture.length; i++) {
            if (isCapture[i] && !names[i].isEmpty()) {
                cn.add(names[i]);
            }
        }
        this.captureNames = List.copyOf(cn);
    }

    /** Parses and validates a pattern for the {@code pattern} parser (at least one named capture). */
    public static PatternExpr parse(String pattern) {
        PatternExpr e = parseLenient(pattern);
        if (e.captureNames.isEmpty()) {
            throw new IllegalArgumentException("at least one capture is required");
        }
        return e;
    }

    /** Parses a pattern for the {@code |>} line filter (captures may all be {@code <_>}). */
    public static PatternExpr parseLenient(String pattern) {
        List<Boolean> caps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<byte[]> lits = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        Set<String> seen = new HashSet<>();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '<') {
                int j = i + 1;
                while (j < pattern.length() && isNameChar(pattern.charAt(j), j == i + 1)) {
                    j++;
                }
                if (j < pattern.length() && pattern.charAt(j) == '>' && j > i + 1) {
                    String name = pattern.substring(i + 1, j);
                    if (!lit.isEmpty()) {
                        caps.add(false);
                        names.add(null);
                        lits.add(lit.toString().getBytes(StandardCharsets.UTF_8));
                        lit.setLength(0);
                    } else if (!caps.isEmpty() && caps.get(caps.size() - 1)) {
                        throw new IllegalArgumentException("found consecutive capture '<" + name + ">': invalid expression");
                    }
                    String n = name.equals("_") ? "" : name;
                    if (!n.isEmpty() && !seen.add(n)) {
                        throw new IllegalArgumentException("duplicate capture name (" + n + "): invalid expression");
                    }
                    caps.add(true);
                    names.add(n);
                    lits.add(null);
                    i = j + 1;
                    continue;
                }
            }
            lit.append(c);
            i++;
        }
        if (!lit.isEmpty()) {
            caps.add(false);
            names.add(null);
            lits.add(lit.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (caps.isEmpty()) {
            throw new IllegalArgumentException("at least one capture is required");
        }
        boolean[] ic = new boolean[caps.size()];
        for (int k = 0; k < ic.length; k++) {
            ic[k] = caps.get(k);
        }
        return new PatternExpr(ic, names.toArray(String[]::new), lits.toArray(byte[][]::new));
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    public List<String> captureNames() {
        return captureNames;
    }

    /** Receives one named capture: {@code [start, end)} of the line bytes. */
    public interface CaptureSink {
        void capture(String name, int start, int end);
    }

    /** Loki's {@code Matches}: reports named captures found left to right. */
    public void matches(byte[] in, int off, int len, CaptureSink sink) {
        if (len == 0 || isCapture.length == 0) {
            return;
        }
        int pos = off;
        int end = off + len;
        int k = 0;
        if (!isCapture[0]) {
            byte[] ls = literals[0];
            if (!startsWith(in, pos, end, ls)) {
                return;
            }
            pos += ls.length;
            k = 1;
        }
        if (k >= isCapture.length) {
            return;
        }
        while (k < isCapture.length) {
            if (k == isCapture.length - 1) {
                if (!names[k].isEmpty()) {
                    sink.capture(names[k], pos, end);
                }
                return;
            }
            String name = names[k];
            byte[] ls = literals[k + 1];
            k += 2;
            int i = ByteSearch.indexOf(in, pos, end, ls);
            if (i < 0) {
                if (!name.isEmpty()) {
                    sink.capture(name, pos, end);
                }
                return;
            }
            if (!name.isEmpty()) {
                sink.capture(name, pos, i);
            }
            pos = i + ls.length;
        }
    }

    /** The {@code |>} test: literals appear in order (the first one at the start when the pattern starts with it). */
    public boolean test(byte[] in, int off, int len) {
        if (isCapture.length == 0) {
            return false;
        }
        int pos = off;
        int end = off + len;
        int k = 0;
        if (!isCapture[0]) {
            if (!startsWith(in, pos, end, literals[0])) {
                return false;
            }
            pos += literals[0].length;
            k = 1;
        }
        while (k < isCapture.length) {
            if (k == isCapture.length - 1) {
                return true;
            }
            byte[] ls = literals[k + 1];
            k += 2;
            int i = ByteSearch.indexOf(in, pos, end, ls);
            if (i < 0) {
                return false;
            }
            pos = i + ls.length;
        }
        return pos == end;
    }

    private static boolean startsWith(byte[] in, int pos, int end, byte[] ls) {
        if (end - pos < ls.length) {
            return false;
        }
        for (int i = 0; i < ls.length; i++) {
            if (in[pos + i] != ls[i]) {
                return false;
            }
        }
        return true;
    }
}
