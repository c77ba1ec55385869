package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The merge sort against Java's stable object sort, with ties and signed zeros. */
class EigenOrderTest {
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {0, 1, 2, 3, 7, 8, 64, 100, 1000})
    void ordersLikeAStableSort(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(4);
            values[i] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : kind == 2 ? random.nextInt(5) : random.nextGaussian();
        }
        Integer[] descending = new Integer[n];
        Integer[] ascending = new Integer[n];
        for (int i = 0; i < n; i++) {
            descending[i] = i;
            ascending[i] = i;
        }
        Arrays.sort(descending, (p, q) -> Double.compare(values[q], values[p]));
        Arrays.sort(ascending, (p, q) -> Double.compare(values[p], values[q]));
        assertArrayEquals(Arrays.stream(descending).mapToInt(Integer::intValue).toArray(), EigenOrder.descending(values));
        assertArrayEquals(Arrays.stream(ascending).mapToInt(Integer::intValue).toArray(), EigenOrder.ascending(values));
    }
}
