package dev.plg.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.store.block.EntryColumns;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LineSearchTest {
    static Stream<Arguments> cases() {
        List<String> lines = List.of("api one user-1", "", "api two user-2", "계정 잠김 user-1", "user-", "1 tail");
        return Stream.of(
                Arguments.of(lines, List.of("user-1"), List.of(true, false, false, true, false, false)),
                Arguments.of(lines, List.of("계정 잠김"), List.of(false, false, false, true, false, false)),
                Arguments.of(lines, List.of("api", "two"), List.of(false, false, true, false, false, false)),
                Arguments.of(lines, List.of("user-1"), List.of(true, false, false, true, false, false)),
                Arguments.of(lines, List.of("user-1 tail"), List.of(false, false, false, false, false, false)),
                Arguments.of(lines, List.of("-11"), List.of(false, false, false, false, false, false)),
                Arguments.of(lines, List.of("i"), List.of(true, false, true, false, false, true)),
                Arguments.of(lines, List.of(""), List.of(true, true, true, true, true, true)),
                Arguments.of(List.of("aaab", "ab"), List.of("ab"), List.of(true, true)),
                Arguments.of(List.of("aa", "ab"), List.of("aab"), List.of(false, false)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void marksExactlyTheLinesHoldingEveryNeedle(List<String> lines, List<String> needles, List<Boolean> expected) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes("prefix".getBytes(StandardCharsets.UTF_8)); // lines need not start at 0
        int n = lines.size();
        int[] offs = new int[n];
        int[] lens = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] b = lines.get(i).getBytes(StandardCharsets.UTF_8);
            offs[i] = all.size();
            lens[i] = b.length;
            all.writeBytes(b);
        }
        EntryColumns c = new EntryColumns(n, new long[n], all.toByteArray(), offs, lens, List.of(), null);
        boolean[] got = Cursors.LineSearch.candidates(c, needles);
        for (int i = 0; i < n; i++) {
            assertThat(got[i]).as("%s in line %d %s", needles, i, lines.get(i)).isEqualTo(expected.get(i));
        }
    }
}
