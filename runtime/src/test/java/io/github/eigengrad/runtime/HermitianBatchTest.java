package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.ComplexMatrices;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EigenBatch#decomposeAndPullbackHermitian}: each matrix as the single calls compute it,
 * bit for bit, with or without an executor; a bad matrix named by its index.
 */
class HermitianBatchTest {
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 3, 6})
    void everyMatrixIsTheSingleCallBitForBit(int n) throws Exception {
        int count = 40;
        int block = 2 * n * n;
        SplittableRandom random = new SplittableRandom(60 + n);
        double[] matrices = new double[count * block];
        for (int p = 0; p < count; p++) {
            System.arraycopy(ComplexMatrices.gaussianHermitian(n, random), 0, matrices, p * block, block);
        }
        double[] lb = HermitianDerivativesTest.vector(count * n, random);
        double[] vb = HermitianDerivativesTest.vector(count * block, random);
        EigenGradient g = EigenGradient.builder().build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (EigenBatch batch : new EigenBatch[] {EigenBatch.of(g), EigenBatch.of(g).withExecutor(pool)
                    .withChunkSize(7)}) {
                double[] values = new double[count * n];
                double[] vectors = new double[count * block];
                double[] gradients = new double[count * block];
                batch.decomposeAndPullbackHermitian(count, n, matrices, lb, vb, values, vectors, gradients);
                for (int p = 0; p < count; p++) {
                    int m = p * block;
                    HermitianEigendecomposition e = g.decomposeHermitian(java.util.Arrays.copyOfRange(matrices, m,
                            m + block), n);
                    HermitianPullbackResult r = g.pullback(e, java.util.Arrays.copyOfRange(lb, p * n, p * n + n),
                            java.util.Arrays.copyOfRange(vb, m, m + block));
                    assertArrayEquals(e.values(), java.util.Arrays.copyOfRange(values, p * n, p * n + n));
                    assertArrayEquals(e.vectorsInterleaved(), java.util.Arrays.copyOfRange(vectors, m, m + block));
                    assertArrayEquals(r.gradientInterleaved(), java.util.Arrays.copyOfRange(gradients, m, m + block));
                }
            }
        } finally {
            pool.shutdown();
        }
        double[] bad = matrices.clone();
        bad[3 * block + 1] = Double.NaN; // matrix 3, entry (0, 0), imaginary part
        InvalidInputException x = assertThrows(InvalidInputException.class, () -> EigenBatch.of(g)
                .decomposeAndPullbackHermitian(count, n, bad, null, null, new double[count * n],
                        new double[count * block], new double[count * block]));
        assertEquals("non-finite-value", x.problem().code());
        assertTrue(x.getMessage().startsWith("matrix 3: "), x.getMessage());
        assertEquals("wrong-length", assertThrows(InvalidInputException.class, () -> EigenBatch.of(g)
                .decomposeAndPullbackHermitian(2, n, new double[2 * block - 1], null, null, new double[2 * n],
                        new double[2 * block], new double[2 * block])).problem().code());
    }
}
