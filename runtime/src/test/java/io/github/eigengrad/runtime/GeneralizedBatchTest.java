package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** {@link EigenBatch#decomposeAndPullbackGeneralized}: each pair as the single calls compute it, with or without an executor. */
class GeneralizedBatchTest {
    @Test
    void everyPairIsTheSingleCallBitForBit() throws Exception {
        int n = 3;
        int count = 300;
        SplittableRandom random = new SplittableRandom(9);
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
                    GeneralizedEigendecomposition e = g.decompose(java.util.Arrays.copyOfRange(a, m, m + 9),
                            java.util.Arrays.copyOfRange(b, m, m + 9), n);
                    GeneralizedPullbackResult r = g.pullback(e, java.util.Arrays.copyOfRange(lb, p * n, p * n + n),
                            java.util.Arrays.copyOfRange(vb, m, m + 9));
                    assertArrayEquals(e.values(), java.util.Arrays.copyOfRange(values, p * n, p * n + n));
                    assertArrayEquals(e.vectorsRowMajor(), java.util.Arrays.copyOfRange(vectors, m, m + 9));
                    assertArrayEquals(r.gradientRowMajor(), java.util.Arrays.copyOfRange(ga, m, m + 9));
                    assertArrayEquals(r.gradientBRowMajor(), java.util.Arrays.copyOfRange(gb, m, m + 9));
                }
            }
        } finally {
            pool.shutdown();
        }
        assertEquals("wrong-length", assertThrows(InvalidInputException.class, () -> EigenBatch.of(g)
                .decomposeAndPullbackGeneralized(2, 3, new double[18], new double[17], null, null, new double[6],
                        new double[18], new double[18], new double[18])).problem().code());
        EigenBatch.of(g).decomposeAndPullbackGeneralized(0, 3, new double[0], new double[0], null, null, new double[0],
                new double[0], new double[0], new double[0]);
    }
}
