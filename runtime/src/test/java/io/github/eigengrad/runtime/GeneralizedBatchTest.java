package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EigenBatch#decomposeAndPullbackGeneralized}: each pair as the single calls compute it
 * (n = 2 to 4 through the chunk's scratch and the fused rules, other n one by one), with or
 * without an executor; bad pairs named.
 */
class GeneralizedBatchTest {
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 2, 3, 4, 6})
    void everyPairIsTheSingleCallBitForBit(int n) throws Exception {
        int count = 120;
        SplittableRandom random = new SplittableRandom(9 + n);
        double[] a = new double[count * n * n];
        double[] b = new double[count * n * n];
        for (int p = 0; p < count; p++) {
            double[][][] pair = GeneralizedDerivativesTest.pair(n, null, random);
            for (int i = 0; i < n; i++) {
                System.arraycopy(pair[0][i], 0, a, p * n * n + i * n, n);
                System.arraycopy(pair[1][i], 0, b, p * n * n + i * n, n);
            }
        }
        double[] lb = TestMatrices.gaussianVector(count * n, random);
        double[] vb = TestMatrices.gaussianVector(count * n * n, random);
        EigenGradient g = EigenGradient.builder().build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (EigenBatch batch : new EigenBatch[] {EigenBatch.of(g), EigenBatch.of(g).withExecutor(pool).withChunkSize(16)}) {
                double[] values = new double[count * n];
                double[] vectors = new double[count * n * n];
                double[] ga = new double[count * n * n];
                double[] gb = new double[count * n * n];
                batch.decomposeAndPullbackGeneralized(count, n, a, b, lb, vb, values, vectors, ga, gb);
                for (int p = 0; p < count; p++) {
                    int m = p * n * n;
                    int nn = n * n;
                    GeneralizedEigendecomposition e = g.decompose(java.util.Arrays.copyOfRange(a, m, m + nn),
                            java.util.Arrays.copyOfRange(b, m, m + nn), n);
                    GeneralizedPullbackResult r = g.pullback(e, java.util.Arrays.copyOfRange(lb, p * n, p * n + n),
                            java.util.Arrays.copyOfRange(vb, m, m + nn));
                    assertArrayEquals(e.values(), java.util.Arrays.copyOfRange(values, p * n, p * n + n));
                    assertArrayEquals(e.vectorsRowMajor(), java.util.Arrays.copyOfRange(vectors, m, m + nn));
                    assertArrayEquals(r.gradientRowMajor(), java.util.Arrays.copyOfRange(ga, m, m + nn));
                    assertArrayEquals(r.gradientBRowMajor(), java.util.Arrays.copyOfRange(gb, m, m + nn));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A bad pair is refused naming its index and the problem; shapes are checked before any work. */
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {3, 6})
    void badPairsAreNamed(int n) {
        EigenGradient g = EigenGradient.builder().build();
        int nn = n * n;
        int count = 4;
        double[] a = new double[count * nn];
        double[] b = new double[count * nn];
        for (int p = 0; p < count; p++) {
            for (int i = 0; i < n; i++) {
                a[p * nn + i * n + i] = i + 1;
                b[p * nn + i * n + i] = 1;
            }
        }
        double[] indefinite = b.clone();
        indefinite[2 * nn + nn - 1] = -1; // pair 2: B has a negative last pivot
        double[] nan = a.clone();
        nan[3 * nn + 1] = Double.NaN; // pair 3: A has NaN
        double[] asymmetric = b.clone();
        asymmetric[nn + 1] = 0.5; // pair 1: B(0, 1) = 0.5, B(1, 0) = 0
        Object[][] cases = {{a, indefinite, "not-positive-definite", "matrix 2: "}, {nan, b, "non-finite-value", "matrix 3: "},
            {a, asymmetric, "asymmetric-matrix", "matrix 1: "}};
        for (Object[] c : cases) {
            InvalidInputException x = assertThrows(InvalidInputException.class, () -> EigenBatch.of(g)
                    .decomposeAndPullbackGeneralized(count, n, (double[]) c[0], (double[]) c[1], null, null,
                            new double[count * n], new double[count * nn], new double[count * nn],
                            new double[count * nn]));
            assertEquals(c[2], x.problem().code(), x.getMessage());
            assertTrue(x.getMessage().startsWith((String) c[3]), x.getMessage());
        }
        assertEquals("wrong-length", assertThrows(InvalidInputException.class, () -> EigenBatch.of(g)
                .decomposeAndPullbackGeneralized(2, 3, new double[18], new double[17], null, null, new double[6],
                        new double[18], new double[18], new double[18])).problem().code());
        EigenBatch.of(g).decomposeAndPullbackGeneralized(0, 3, new double[0], new double[0], null, null, new double[0],
                new double[0], new double[0], new double[0]);
    }
}
