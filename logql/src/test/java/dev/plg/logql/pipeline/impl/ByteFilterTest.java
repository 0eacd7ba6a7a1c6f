package dev.plg.logql.pipeline.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteFilterTest {
    /** The SWAR substring search agrees with a naive search on many seeded inputs (small alphabet, all offsets). */
    @Test
    void containsAgreesWithNaiveSearch() {
        Random r = new Random(7);
        String alphabet = "ab-\u00e9";
        for (int round = 0; round < 3000; round++) {
            StringBuilder hay = new StringBuilder();
            int len = r.nextInt(40);
            for (int i = 0; i < len; i++) {
                hay.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            StringBuilder needle = new StringBuilder();
            int nl = 1 + r.nextInt(4);
            for (int i = 0; i < nl; i++) {
                needle.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            byte[] padded = ("xy" + hay + "z").getBytes(StandardCharsets.UTF_8);
            int off = 2;
            int hl = hay.toString().getBytes(StandardCharsets.UTF_8).length;
            ByteFilter.Contains c = new ByteFilter.Contains(needle.toString());
            boolean expected = hay.toString().contains(needle);
            assertThat(c.test(padded, off, hl)).as("'%s' in '%s'", needle, hay).isEqualTo(expected);
        }
    }

    @Test
    void foldAndRegex() {
        byte[] b = "Mozilla/5.0 Firefox".getBytes(StandardCharsets.UTF_8);
        assertThat(Compiler.regexFilter("(?i)firefox").test(b, 0, b.length)).isTrue();
        assertThat(Compiler.regexFilter("(?i)chrome").test(b, 0, b.length)).isFalse();
        assertThat(Compiler.regexFilter("^Moz.*fox$").test(b, 0, b.length)).isTrue();
        assertThat(Compiler.regexFilter("^Fire").test(b, 12, 7)).isTrue();
    }
}
