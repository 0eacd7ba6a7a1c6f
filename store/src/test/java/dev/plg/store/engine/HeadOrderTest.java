package dev.plg.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HeadOrderTest {

    /** Timestamp arrays of every shape a head can hold: sizes around the run width, ties, reversed, nearly sorted. */
    static Stream<long[]> timestamps() {
        Random rnd = new Random(3);
        List<long[]> cases = new java.util.ArrayList<>();
        for (int n : new int[] {0, 1, 2, 31, 32, 33, 64, 65, 100, 1000, 4097}) {
            cases.add(rnd.longs(n, 0, 1_000_000).toArray());
            cases.add(rnd.longs(n, 0, 4).toArray()); // many ties: stability shows
            cases.add(reversed(n));
            long[] nearly = IntStream.range(0, n).mapToLong(i -> i * 10L).toArray();
            for (int k = 0; k < n / 20; k++) {
                int i = rnd.nextInt(n);
                nearly[i] -= 15; // a few entries a little late
            }
            cases.add(nearly);
        }
        return cases.stream();
    }

    private static long[] reversed(int n) {
        return IntStream.range(0, n).mapToLong(i -> n - i).toArray();
    }

    @ParameterizedTest
    @MethodSource("timestamps")
    void sortsByTimeKeepingArrivalOrderOnTies(long[] ts) {
        int n = ts.length;
        int[] order = IntStream.range(0, n).toArray();
        Head.Snapshot.sortByTime(order, ts, n);
        Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(expected, Comparator.comparingLong(i -> ts[i])); // stable
        assertThat(order).containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
    }
}
