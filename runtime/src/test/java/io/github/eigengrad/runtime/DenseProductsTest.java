package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The blocked product against the triple loop, bit for bit, on shapes that cut every block and unroll. */
class DenseProductsTest {
    static Stream<Arguments> shapes() {
        int[] sizes = {1, 3, 4, 5, 9, 17, 33, 520};
        return IntStream.of(sizes).boxed().flatMap(m -> IntStream.of(sizes).boxed()
                .flatMap(depth -> IntStream.of(1, 7, 513).mapToObj(p -> Arguments.of(m, depth, p))))
                .filter(a -> (int) a.get()[0] * (int) a.get()[1] * (int) a.get()[2] < 3_000_000);
    }

    @ParameterizedTest(name = "{0} x {1} x {2}")
    @MethodSource("shapes")
    void addsTheProductToC(int m, int depth, int p) {
        SplittableRandom random = new SplittableRandom(31L * m + 7L * depth + p);
        double[][] a = random(m, depth, random);
        double[][] b = random(depth, p, random);
        double[][] c = random(m, p, random);
        double[][] expected = new double[m][p];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                double sum = c[i][j];
                for (int k = 0; k < depth; k++) {
                    sum += a[i][k] * b[k][j];
                }
                expected[i][j] = sum;
            }
        }
        DenseProducts.multiplyAdd(m, depth, p, a, b, c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                // the blocked product adds the same terms in the same order: the same bits
                assertEquals(expected[i][j], c[i][j], 0, "entry " + i + ", " + j);
            }
        }
    }

    private static double[][] random(int rows, int cols, SplittableRandom random) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextDouble(-1, 1);
            }
        }
        return x;
    }
}
