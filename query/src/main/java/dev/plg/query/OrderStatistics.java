package dev.plg.query;

import java.util.Arrays;

/** Selection of the k-th smallest value in linear expected time (what a quantile needs, without a full sort). */
final class OrderStatistics {
    private OrderStatistics() {
    }

    /**
     * Reorders {@code a} so that {@code a[k]} is the value a sort would put there, nothing before
     * it is greater and nothing after it is smaller. Falls back to sorting a range that keeps
     * partitioning badly, so the worst case stays O(n log n).
     */
    static void select(long[] a, int k) {
        if (k < 0 || k >= a.length) {
            throw new IllegalArgumentException("rank " + k + " outside 0.." + (a.length - 1));
        }
        int lo = 0;
        int hi = a.length - 1;
        int budget = 2 * (64 - Long.numberOfLeadingZeros(a.length)) + 8;
        while (hi - lo > 16) {
            if (--budget < 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            long pivot = medianOf3(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            // now a[lo..j] <= pivot, a[i..hi] >= pivot, and a[j+1..i-1] == pivot
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
        Arrays.sort(a, lo, hi + 1);
    }

    private static long medianOf3(long x, long y, long z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }
}
