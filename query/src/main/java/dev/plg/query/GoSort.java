package dev.plg.query;

import java.util.List;

/**
 * Go's {@code sort.Sort} (pattern-defeating quicksort, Go 1.19+) and {@code container/heap},
 * step for step. Loki's query frontend orders split responses with them; where elements compare
 * equal the resulting order is an artefact of these algorithms (not stable), and Loki's answers
 * depend on it, so PLG reproduces them exactly instead of using Java's sorts.
 */
final class GoSort {
    private GoSort() {
    }

    /** Go's {@code sort.Interface}. */
    interface Data {
        int len();

        boolean less(int i, int j);

        void swap(int i, int j);
    }

    /** A {@link Data} over a list whose order is decided by {@code less}. */
    static <T> Data over(List<T> list, java.util.function.BiPredicate<T, T> less) {
        return new Data() {
            @Override
            public int len() {
                return list.size();
            }

            @Override
            public boolean less(int i, int j) {
                return less.test(list.get(i), list.get(j));
            }

            @Override
            public void swap(int i, int j) {
                T t = list.get(i);
                list.set(i, list.get(j));
                list.set(j, t);
            }
        };
    }

    // ---- sort.Sort ----------------------------------------------------------------------------

    private static final int UNKNOWN_HINT = 0;
    private static final int INCREASING_HINT = 1;
    private static final int DECREASING_HINT = 2;

    static void sort(Data data) {
        int n = data.len();
        if (n <= 1) {
            return;
        }
        int limit = 64 - Long.numberOfLeadingZeros(n);
        pdqsort(data, 0, n, limit);
    }

    private static void insertionSort(Data data, int a, int b) {
        for (int i = a + 1; i < b; i++) {
            for (int j = i; j > a && data.less(j, j - 1); j--) {
                data.swap(j, j - 1);
            }
        }
    }

    private static void siftDown(Data data, int lo, int hi, int first) {
        int root = lo;
        while (true) {
            int child = 2 * root + 1;
            if (child >= hi) {
                return;
            }
            if (child + 1 < hi && data.less(first + child, first + child + 1)) {
                child++;
            }
            if (!data.less(first + root, first + child)) {
                return;
            }
            data.swap(first + root, first + child);
            root = child;
        }
    }

    private static void heapSort(Data data, int a, int b) {
        int first = a;
        int lo = 0;
        int hi = b - a;
        for (int i = (hi - 1) / 2; i >= 0; i--) {
            siftDown(data, i, hi, first);
        }
        for (int i = hi - 1; i >= 0; i--) {
            data.swap(first, first + i);
            siftDown(data, lo, i, first);
        }
    }

    private static void pdqsort(Data data, int a, int b, int limit) {
        final int maxInsertion = 12;
        boolean wasBalanced = true;
        boolean wasPartitioned = true;
        while (true) {
            int length = b - a;
            if (length <= maxInsertion) {
                insertionSort(data, a, b);
                return;
            }
            if (limit == 0) {
                heapSort(data, a, b);
                return;
            }
            if (!wasBalanced) {
                breakPatterns(data, a, b);
                limit--;
            }
            int[] ph = choosePivot(data, a, b);
            int pivot = ph[0];
            int hint = ph[1];
            if (hint == DECREASING_HINT) {
                reverseRange(data, a, b);
                pivot = (b - 1) - (pivot - a);
                hint = INCREASING_HINT;
            }
            if (wasBalanced && wasPartitioned && hint == INCREASING_HINT) {
                if (partialInsertionSort(data, a, b)) {
                    return;
                }
            }
            if (a > 0 && !data.less(a - 1, pivot)) {
                a = partitionEqual(data, a, b, pivot);
                continue;
            }
            int[] mp = partition(data, a, b, pivot);
            int mid = mp[0];
            wasPartitioned = mp[1] != 0;
            int leftLen = mid - a;
            int rightLen = b - mid;
            int balanceThreshold = length / 8;
            if (leftLen < rightLen) {
                wasBalanced = leftLen >= balanceThreshold;
                pdqsort(data, a, mid, limit);
                a = mid + 1;
            } else {
                wasBalanced = rightLen >= balanceThreshold;
                pdqsort(data, mid + 1, b, limit);
                b = mid;
            }
        }
    }

    private static int[] partition(Data data, int a, int b, int pivot) {
        data.swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (i <= j && data.less(i, a)) {
            i++;
        }
        while (i <= j && !data.less(j, a)) {
            j--;
        }
        if (i > j) {
            data.swap(j, a);
            return new int[] {j, 1};
        }
        data.swap(i, j);
        i++;
        j--;
        while (true) {
            while (i <= j && data.less(i, a)) {
                i++;
            }
            while (i <= j && !data.less(j, a)) {
                j--;
            }
            if (i > j) {
                break;
            }
            data.swap(i, j);
            i++;
            j--;
        }
        data.swap(j, a);
        return new int[] {j, 0};
    }

    private static int partitionEqual(Data data, int a, int b, int pivot) {
        data.swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (true) {
            while (i <= j && !data.less(a, i)) {
                i++;
            }
            while (i <= j && data.less(a, j)) {
                j--;
            }
            if (i > j) {
                break;
            }
            data.swap(i, j);
            i++;
            j--;
        }
        return i;
    }

    private static boolean partialInsertionSort(Data data, int a, int b) {
        final int maxSteps = 5;
        final int shortestShifting = 50;
        int i = a + 1;
        for (int step = 0; step < maxSteps; step++) {
            while (i < b && !data.less(i, i - 1)) {
                i++;
            }
            if (i == b) {
                return true;
            }
            if (b - a < shortestShifting) {
                return false;
            }
            data.swap(i, i - 1);
            if (i - a >= 2) {
                for (int j = i - 1; j >= 1; j--) {
                    if (!data.less(j, j - 1)) {
                        break;
                    }
                    data.swap(j, j - 1);
                }
            }
            if (b - i >= 2) {
                for (int j = i + 1; j < b; j++) {
                    if (!data.less(j, j - 1)) {
                        break;
                    }
                    data.swap(j, j - 1);
                }
            }
        }
        return false;
    }

    private static void breakPatterns(Data data, int a, int b) {
        int length = b - a;
        if (length >= 8) {
            long random = length; // Go: xorshift(length)
            long modulus = 1L << (64 - Long.numberOfLeadingZeros(length)); // nextPowerOfTwo
            int idx = a + (length / 4) * 2 - 1;
            for (int i = 0; i < 3; i++) {
                random ^= random << 13;
                random ^= random >>> 7;
                random ^= random << 17;
                int other = (int) (random & (modulus - 1));
                if (other >= length) {
                    other -= length;
                }
                data.swap(idx - 1 + i, a + other);
            }
        }
    }

    private static int[] choosePivot(Data data, int a, int b) {
        final int shortestNinther = 50;
        final int maxSwaps = 4 * 3;
        int l = b - a;
        int[] swaps = {0};
        int i = a + l / 4;
        int j = a + l / 4 * 2;
        int k = a + l / 4 * 3;
        if (l >= 8) {
            if (l >= shortestNinther) {
                i = median(data, i - 1, i, i + 1, swaps);
                j = median(data, j - 1, j, j + 1, swaps);
                k = median(data, k - 1, k, k + 1, swaps);
            }
            j = median(data, i, j, k, swaps);
        }
        if (swaps[0] == 0) {
            return new int[] {j, INCREASING_HINT};
        }
        if (swaps[0] == maxSwaps) {
            return new int[] {j, DECREASING_HINT};
        }
        return new int[] {j, UNKNOWN_HINT};
    }

    private static int median(Data data, int a, int b, int c, int[] swaps) {
        // a, b = order2(a, b); b, c = order2(b, c); a, b = order2(a, b); return b
        if (data.less(b, a)) {
            swaps[0]++;
            int t = a;
            a = b;
            b = t;
        }
        if (data.less(c, b)) {
            swaps[0]++;
            int t = b;
            b = c;
            c = t;
        }
        if (data.less(b, a)) {
            swaps[0]++;
            int t = a;
            a = b;
            b = t;
        }
        return b;
    }

    private static void reverseRange(Data data, int a, int b) {
        int i = a;
        int j = b - 1;
        while (i < j) {
            data.swap(i, j);
            i++;
            j--;
        }
    }

    // ---- container/heap -----------------------------------------------------------------------

    /** Go's {@code heap.Interface}: {@link Data} plus push/pop at the end. */
    interface Heap extends Data {
        Object popLast();
    }

    static void heapInit(Heap h) {
        int n = h.len();
        for (int i = n / 2 - 1; i >= 0; i--) {
            down(h, i, n);
        }
    }

    static Object heapPop(Heap h) {
        int n = h.len() - 1;
        h.swap(0, n);
        down(h, 0, n);
        return h.popLast();
    }

    private static boolean down(Data h, int i0, int n) {
        int i = i0;
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= n || j1 < 0) {
                break;
            }
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && h.less(j2, j1)) {
                j = j2;
            }
            if (!h.less(j, i)) {
                break;
            }
            h.swap(i, j);
            i = j;
        }
        return i > i0;
    }
}
