package dev.plg.logql.pipeline.impl;

import java.util.Arrays;

/**
 * Loki's {@code ip("...")} argument: a single address, a CIDR prefix or an {@code a-b} range, IPv4 or IPv6.
 * Thread-safe.
 */
final class IpMatcher {
    private final byte[] lo;
    private final byte[] hi;

    private IpMatcher(byte[] lo, byte[] hi) {
        this.lo = lo;
        this.hi = hi;
    }

    static IpMatcher parse(String spec) {
        String s = spec.strip();
        int dash = s.indexOf('-');
        if (dash > 0) {
            byte[] a = parseIp(s.substring(0, dash).strip());
            byte[] b = parseIp(s.substring(dash + 1).strip());
            if (a == null || b == null || a.length != b.length) {
                throw invalid(spec);
            }
            return new IpMatcher(a, b);
        }
        int slash = s.indexOf('/');
        if (slash > 0) {
            byte[] a = parseIp(s.substring(0, slash));
            int bits;
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw invalid(spec);
            }
            if (a == null || bits < 0 || bits > a.length * 8) {
                throw invalid(spec);
            }
            byte[] l = a.clone();
            byte[] h = a.clone();
            for (int i = 0; i < a.length * 8; i++) {
                if (i >= bits) {
                    int byteIdx = i / 8;
                    int mask = 0x80 >>> (i % 8);
                    l[byteIdx] = (byte) (l[byteIdx] & ~mask);
                    h[byteIdx] = (byte) (h[byteIdx] | mask);
                }
            }
            return new IpMatcher(l, h);
        }
        byte[] a = parseIp(s);
        if (a == null) {
            throw invalid(spec);
        }
        return new IpMatcher(a, a);
    }

    private static IllegalArgumentException invalid(String spec) {
        return new IllegalArgumentException("invalid ip pattern: " + spec);
    }

    boolean contains(byte[] ip) {
        if (ip == null) {
            return false;
        }
        if (ip.length != lo.length) {
            if (ip.length == 16 && lo.length == 4 && isV4Mapped(ip)) {
                ip = Arrays.copyOfRange(ip, 12, 16);
            } else {
                return false;
            }
        }
        return Arrays.compareUnsigned(ip, lo) >= 0 && Arrays.compareUnsigned(ip, hi) <= 0;
    }

    private static boolean isV4Mapped(byte[] ip) {
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }

    /** Whether any IP-looking token of the line lies in the range. */
    boolean lineContains(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (!isIpChar(b[i])) {
                i++;
                continue;
            }
            int s = i;
            while (i < end && isIpChar(b[i])) {
                i++;
            }
            if (i - s >= 2) {
                String tok = new String(b, s, i - s, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (contains(parseIp(tok))) {
                    return true;
                }
                // a trailing ':' or '.' (e.g. "1.2.3.4:80", "host 1.2.3.4.") may hide the address
                int cut = Math.max(tok.lastIndexOf(':'), tok.lastIndexOf('.'));
                if (cut > 0 && contains(parseIp(tok.substring(0, cut)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIpChar(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
    }

    /** IPv4 (4 bytes) or IPv6 (16 bytes), or null. */
    static byte[] parseIp(String s) {
        if (s.indexOf(':') >= 0) {
            return parseV6(s);
        }
        return parseV4(s);
    }

    private static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseV6(String s) {
        byte[] out = new byte[16];
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] h = groups(head);
        int[] t = groups(tail);
        if (h == null || t == null) {
            return null;
        }
        int total = h.length + t.length;
        if (dbl < 0 && total != 8 || dbl >= 0 && total > 7) {
            return null;
        }
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int pos = 8 - t.length + i;
            out[2 * pos] = (byte) (t[i] >> 8);
            out[2 * pos + 1] = (byte) t[i];
        }
        return out;
    }

    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int[] out = new int[parts.length + (parts[parts.length - 1].contains(".") ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.contains(".")) {
                byte[] v4 = parseV4(p);
                if (v4 == null) {
                    return null;
                }
                out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            try {
                out[i] = Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }
}
