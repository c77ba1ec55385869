package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Matrix functions in batches ({@link EigenBatch#decomposeAndApply},
 * {@link EigenBatch#functionGradient}): every matrix gets, bit for bit, what the single calls
 * give it ({@link SymmetricEigensolver#decompose}, {@link MatrixFunction#value},
 * {@link MatrixFunction#gradient}), for every built-in and a user's function, n from 1 to 48, on
 * the calling thread and on two threads with several chunks; the value's row-update synthesis
 * is checked against the plain triple sum; bad input is refused naming the array or the matrix.
 */
class FunctionBatchTest {
    static List<MatrixFunction> functions() {
        return List.of(MatrixFunction.sqrt(), MatrixFunction.inverseSqrt(), MatrixFunction.log(), MatrixFunction.exp(),
                MatrixFunction.power(0.3), MatrixFunction.of(new ScalarFunctionTest.HandLog()));
    }

    /** count covariance-like positive definite matrices, n x n each, flat. */
    static double[] covariances(int count, int n, SplittableRandom random) {
        double[] out = new double[count * n * n];
        for (int b = 0; b < count; b++) {
            double[][] x = new double[2 * n + 3][n];
            for (double[] sample : x) {
                for (int k = 0; k < n; k++) {
                    sample[k] = random.nextGaussian();
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = i == j ? 0.1 : 0;
                    for (double[] sample : x) {
                        s += sample[i] * sample[j] / x.length;
                    }
                    out[b * n * n + i * n + j] = s;
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 9, 48})
    void batchesEqualTheSingleCalls(int n) throws Exception {
        SplittableRandom random = new SplittableRandom(300 + n);
        int count = 7;
        double[] matrices = covariances(count, n, random);
        double[] cs = random.doubles((long) count * n * n, -1, 1).toArray();
        EigenGradient options = EigenGradient.builder().epsilon(1e-5).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (EigenBatch batch : List.of(EigenBatch.of(options), EigenBatch.of(options).withExecutor(pool)
                    .withChunkSize(3))) {
                for (MatrixFunction f : functions()) {
                    double[] values = new double[count * n];
                    double[] vectors = new double[count * n * n];
                    double[] fm = new double[count * n * n];
                    double[] grads = new double[count * n * n];
                    batch.decomposeAndApply(count, n, f, matrices, values, vectors, fm);
                    batch.functionGradient(count, n, f, values, vectors, cs, grads);
                    for (int b = 0; b < count; b++) {
                        double[] a = java.util.Arrays.copyOfRange(matrices, b * n * n, (b + 1) * n * n);
                        SymmetricEigendecomposition e = options.solver().decompose(a, n);
                        assertArrayEquals(e.values(), java.util.Arrays.copyOfRange(values, b * n, (b + 1) * n),
                                f + " values " + b);
                        assertArrayEquals(flat(f.value(e)), java.util.Arrays.copyOfRange(fm, b * n * n,
                                (b + 1) * n * n), f + " f(M) " + b);
                        double[][] c = MatrixInput.rows(java.util.Arrays.copyOfRange(cs, b * n * n, (b + 1) * n * n), n);
                        assertArrayEquals(flat(f.gradient(e, c)), java.util.Arrays.copyOfRange(grads, b * n * n,
                                (b + 1) * n * n), f + " gradient " + b);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 2, 6, 17})
    void theValueIsThePlainTripleSum(int n) {
        SplittableRandom random = new SplittableRandom(7 + n);
        double[] a = covariances(1, n, random);
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a, n);
        MatrixFunction log = MatrixFunction.log();
        double[][] value = log.value(e);
        double[] lambda = e.values();
        double[] v = e.vectorsRowMajor();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += v[i * n + k] * Math.log(lambda[k]) * v[j * n + k];
                }
                assertEquals(s, value[i][j], 0, "(" + i + ", " + j + ")"); // the same products, in the same order
                assertEquals(value[i][j], value[j][i], 0, "symmetric");
            }
        }
    }

    @Test
    void badInputIsRefusedByName() {
        EigenBatch batch = EigenBatch.of(EigenGradient.builder().build());
        int n = 3;
        double[] m = covariances(3, n, new SplittableRandom(1));
        double[] values = new double[9];
        double[] vectors = new double[27];
        double[] out = new double[27];
        assertEquals("null-input", assertThrows(InvalidInputException.class,
                () -> batch.decomposeAndApply(3, n, null, m, values, vectors, out)).problem().code());
        InvalidInputException shortOut = assertThrows(InvalidInputException.class,
                () -> batch.decomposeAndApply(3, n, MatrixFunction.log(), m, values, vectors, new double[26]));
        assertTrue(shortOut.getMessage().contains("functionValues"), shortOut.getMessage());
        InvalidInputException shortC = assertThrows(InvalidInputException.class,
                () -> batch.functionGradient(3, n, MatrixFunction.log(), values, vectors, new double[5], out));
        assertTrue(shortC.getMessage().contains("functionBars"), shortC.getMessage());
        double[] indefinite = m.clone();
        for (int i = 0; i < n; i++) {
            indefinite[2 * 9 + i * n + i] -= 100; // matrix 2 has negative eigenvalues
        }
        InvalidInputException domain = assertThrows(InvalidInputException.class,
                () -> batch.decomposeAndApply(3, n, MatrixFunction.log(), indefinite, values, vectors, out));
        assertEquals("out-of-range", domain.problem().code());
        assertTrue(domain.getMessage().startsWith("matrix 2: "), domain.getMessage());
        batch.decomposeAndApply(3, n, MatrixFunction.exp(), indefinite, values, vectors, out);
        InvalidInputException gradientDomain = assertThrows(InvalidInputException.class,
                () -> batch.functionGradient(3, n, MatrixFunction.log(), values, vectors, new double[27], out));
        assertTrue(gradientDomain.getMessage().startsWith("matrix 2: "), gradientDomain.getMessage());
        values[4] = Double.NaN;
        InvalidInputException nan = assertThrows(InvalidInputException.class,
                () -> batch.functionGradient(3, n, MatrixFunction.exp(), values, vectors, new double[27], out));
        assertEquals("non-finite-value", nan.problem().code());
        assertTrue(nan.getMessage().startsWith("matrix 1: "), nan.getMessage());
    }

    static double[] flat(double[][] m) {
        return GeneralizedDerivativesTest.flat(m);
    }
}
