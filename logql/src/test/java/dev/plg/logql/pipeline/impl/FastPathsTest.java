package dev.plg.logql.pipeline.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.logql.syntax.GoNumbers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scan fast paths give exactly what their plain versions give. */
class FastPathsTest {
    @Test
    void decimalFastPathIsBitExact() {
        for (String s : List.of("0", "-0", "+7", "3", "12.5", "0.1", "1.", ".5", "999999999999999", "0.000000000000001",
                "1234567.891", "-2.5", "00012", "1e5", "1.5E-3", "inf", "NaN", "0x10", "1_000", "", "-", ".", "1.2.3",
                "9999999999999999", "12345678901234567")) {
            Double expected;
            try {
                expected = s.isEmpty() || s.equals("-") || s.equals(".") || s.equals("1.2.3") || s.equals("1_000")
                        ? null : s.equals("inf") ? Double.POSITIVE_INFINITY
                        : s.equals("0x10") ? 16.0 : Double.parseDouble(s);
            } catch (NumberFormatException e) {
                expected = null;
            }
            Double got = GoNumbers.tryParseFloat(s);
            assertThat(got == null ? null : Double.doubleToRawLongBits(got))
                    .as(s).isEqualTo(expected == null ? null : Double.doubleToRawLongBits(expected));
        }
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            if (r.nextInt(4) == 0) {
                b.append('-');
            }
            int intDigits = 1 + r.nextInt(9);
            for (int k = 0; k < intDigits; k++) {
                b.append((char) ('0' + r.nextInt(10)));
            }
            if (r.nextBoolean()) {
                b.append('.');
                int frac = r.nextInt(8);
                for (int k = 0; k < frac; k++) {
                    b.append((char) ('0' + r.nextInt(10)));
                }
            }
            String s = b.toString();
            assertThat(Double.doubleToRawLongBits(GoNumbers.tryParseFloat(s)))
                    .as(s).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
        }
    }

    @Test
    void keyComparisonMatchesArraysEquals() {
        Random r = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            int n = r.nextInt(30);
            byte[] key = new byte[n];
            for (int k = 0; k < n; k++) {
                key[k] = (byte) ('a' + r.nextInt(3));
            }
            int pad = r.nextInt(5);
            byte[] line = new byte[pad + n + r.nextInt(5) + r.nextInt(2)];
            for (int k = 0; k < line.length; k++) {
                line[k] = (byte) ('a' + r.nextInt(3));
            }
            if (r.nextBoolean() && pad + n <= line.length) {
                System.arraycopy(key, 0, line, pad, n);
            }
            int e = Math.min(line.length, pad + n + (r.nextInt(4) == 0 ? 1 : 0));
            boolean expected = java.util.Arrays.equals(key, 0, n, line, pad, Math.max(pad, e));
            assertThat(KeyCache.same(key, line, pad, Math.max(pad, e))).isEqualTo(expected);
        }
    }

    @Test
    void stringEndFastPathMatchesTheByteLoop() {
        Random r = new Random(11);
        byte[] alphabet = "ab\"\\ 한x".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 100_000; i++) {
            int len = r.nextInt(40);
            byte[] d = new byte[len];
            for (int k = 0; k < len; k++) {
                d[k] = r.nextInt(6) == 0 ? alphabet[r.nextInt(alphabet.length)] : (byte) ('a' + r.nextInt(26));
            }
            int from = len == 0 ? 0 : r.nextInt(len);
            boolean[] fast = new boolean[1];
            boolean[] slow = new boolean[1];
            int a = JsonScan.stringEnd(d, from, len, fast);
            int b = JsonScan.stringEndSlow(d, from, len, slow);
            assertThat(a).as("%s from %d", new String(d, StandardCharsets.UTF_8), from).isEqualTo(b);
            assertThat(fast[0]).isEqualTo(slow[0]);
        }
    }
}
