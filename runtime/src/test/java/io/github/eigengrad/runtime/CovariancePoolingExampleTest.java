package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The covariance-pooling example of docs/matrix-functions.md: a batch of covariance matrices
 * whitened by {@code M^(-1/2)} on two threads ({@link EigenBatch#decomposeAndApply}), and the exact
 * gradient of {@code L = sum_b <M_b^(-1/2), C_b>} ({@link EigenBatch#functionGradient}), against
 * central differences of L in every entry of every covariance (relative 1e-6; the symmetry
 * check is off, since a difference moves one entry and f acts on sym(M)).
 */
class CovariancePoolingExampleTest {
    @Test
    void whiteningAndItsGradient() throws Exception {
        int count = 8;
        int n = 6;
        SplittableRandom random = new SplittableRandom(2022);
        double[] covariances = FunctionBatchTest.covariances(count, n, random);
        double[] cotangents = random.doubles((long) count * n * n, -1, 1).toArray();
        MatrixFunction isqrt = MatrixFunction.inverseSqrt();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            EigenBatch batch = EigenBatch.of(EigenGradient.builder().epsilon(1e-5)
                    .symmetryTolerance(Double.POSITIVE_INFINITY).build()).withExecutor(pool)
                    .withChunkSize(count / 2);
            double[] values = new double[count * n];
            double[] vectors = new double[count * n * n];
            double[] whitened = new double[count * n * n];
            double[] gradients = new double[count * n * n];
            batch.decomposeAndApply(count, n, isqrt, covariances, values, vectors, whitened);   // forward
            batch.functionGradient(count, n, isqrt, values, vectors, cotangents, gradients);    // backward

            double scale = 0;
            for (double g : gradients) {
                scale = Math.max(scale, Math.abs(g));
            }
            double h = 1e-6;
            for (int k = 0; k < covariances.length; k++) {
                double[] up = covariances.clone();
                double[] down = covariances.clone();
                up[k] += h;
                down[k] -= h;
                double fd = (loss(batch, isqrt, up, cotangents, count, n) - loss(batch, isqrt, down, cotangents, count, n))
                        / (2 * h);
                assertEquals(fd, gradients[k], 1e-6 * scale, "entry " + k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code sum_b <f(sym(M_b)), C_b>}. */
    private static double loss(EigenBatch batch, MatrixFunction f, double[] m, double[] c, int count, int n) {
        double[] fm = new double[count * n * n];
        batch.decomposeAndApply(count, n, f, m, new double[count * n], new double[count * n * n], fm);
        double s = 0;
        for (int k = 0; k < fm.length; k++) {
            s += fm[k] * c[k];
        }
        return s;
    }
}
