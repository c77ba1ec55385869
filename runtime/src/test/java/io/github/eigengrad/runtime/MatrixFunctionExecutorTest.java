package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Matrix-function gradients with an executor: the products' rows in two ranges give the same
 * bits as the calling thread alone, for every built-in function, and with executors that
 * reject, discard or hold back a range.
 */
class MatrixFunctionExecutorTest {
    private static final List<MatrixFunction> FUNCTIONS = List.of(MatrixFunction.sqrt(), MatrixFunction.inverseSqrt(),
            MatrixFunction.log(), MatrixFunction.exp(), MatrixFunction.power(0.3));

    /** A positive definite matrix with eigenvalues in [0.5, 2], ties included. */
    private static SymmetricEigendecomposition decomposition(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] spectrum = new double[n];
        for (int i = 0; i < n; i++) {
            spectrum[i] = i % 7 == 0 ? 1 : 0.5 + 1.5 * random.nextDouble();
        }
        return SymmetricEigensolver.defaults().decompose(TestMatrices.withSpectrum(spectrum, random));
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {GeneratedRuleSupport.PARALLEL_ROWS_FROM, 301})
    void everyFunctionGivesTheSameBitsOnAPool(int n) {
        SymmetricEigendecomposition e = decomposition(n, 0xF00L + n);
        double[][] c = TestMatrices.gaussianMatrix(n, n, new SplittableRandom(n));
        try (CountingPool pool = new CountingPool(1)) {
            for (MatrixFunction f : FUNCTIONS) {
                double[][] alone = f.gradient(e, c);
                double[][] shared = f.withExecutor(pool.executor()).gradient(e, c);
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(alone[i], shared[i], 0, f + ", row " + i);
                }
            }
            assertTrue(pool.ran() > 0, "the executor was used");
        }
    }

    @Test
    void rejectingDiscardingAndHoldingExecutorsGiveTheSameBits() {
        int n = GeneratedRuleSupport.PARALLEL_ROWS_FROM;
        SymmetricEigendecomposition e = decomposition(n, 0xF01L);
        double[][] c = TestMatrices.gaussianMatrix(n, n, new SplittableRandom(1));
        double[][] alone = MatrixFunction.inverseSqrt().gradient(e, c);
        try (AwkwardExecutors awkward = new AwkwardExecutors()) {
            for (Executor executor : awkward.all()) {
                double[][] shared = MatrixFunction.inverseSqrt().withExecutor(executor).gradient(e, c);
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(alone[i], shared[i], 0);
                }
            }
            assertTrue(awkward.runHeld() > 0);
        }
    }
}
