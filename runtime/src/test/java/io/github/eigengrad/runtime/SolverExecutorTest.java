package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One large decomposition shared with an executor: the same bits as on the calling thread
 * alone, with a pool that runs the parts, one that rejects or discards them, and one that
 * holds them back past the call (the calling thread then runs everything).
 */
class SolverExecutorTest {
    private static double[] matrix(int n, int kind) {
        SplittableRandom random = new SplittableRandom(0xE5ECL + n + kind);
        double[][] a;
        if (kind == 0) {
            a = TestMatrices.gaussianSymmetric(n, random);
        } else {
            double[] spectrum = new double[n];
            for (int i = 0; i < n; i++) {
                spectrum[i] = new double[] {3, -1, 0.5}[random.nextInt(3)]; // heavy ties: deflation
            }
            a = TestMatrices.withSpectrum(spectrum, random);
        }
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, flat, i * n, n);
        }
        return flat;
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {TridiagonalQL.DIVIDE_FROM, 301})
    void aPoolGivesTheSameBits(int n) {
        try (CountingPool pool = new CountingPool(2)) {
            for (int kind = 0; kind < 2; kind++) {
                double[] a = matrix(n, kind);
                SymmetricEigendecomposition alone = SymmetricEigensolver.defaults().decompose(a, n);
                SymmetricEigendecomposition shared = SymmetricEigensolver.builder().executor(pool.executor()).build()
                        .decompose(a, n);
                assertArrayEquals(alone.values(), shared.values(), 0, "values, kind " + kind);
                assertArrayEquals(alone.vectorsRowMajor(), shared.vectorsRowMajor(), 0, "vectors, kind " + kind);
            }
            assertTrue(pool.ran() > 0, "the executor was used");
        }
    }

    @Test
    void rejectingDiscardingAndHoldingExecutorsGiveTheSameBits() {
        int n = TridiagonalQL.DIVIDE_FROM;
        double[] a = matrix(n, 0);
        SymmetricEigendecomposition alone = SymmetricEigensolver.defaults().decompose(a, n);
        try (AwkwardExecutors awkward = new AwkwardExecutors()) {
            SymmetricEigendecomposition shared = null;
            for (Executor executor : awkward.all()) {
                shared = SymmetricEigensolver.builder().executor(executor).build().decompose(a, n);
                assertArrayEquals(alone.values(), shared.values(), 0);
                assertArrayEquals(alone.vectorsRowMajor(), shared.vectorsRowMajor(), 0);
            }
            // the held tasks, run after the call, find their parts done and change nothing
            assertTrue(awkward.runHeld() > 0);
            assertArrayEquals(alone.vectorsRowMajor(), shared.vectorsRowMajor(), 0);
            assertArrayEquals(alone.values(), shared.values(), 0);
        }
    }

    @Test
    void theExecutorIsAnOption() {
        Executor executor = Runnable::run;
        SymmetricEigensolver solver = SymmetricEigensolver.builder().epsilon(1e-3).executor(executor).build();
        assertEquals(executor, solver.executor().orElseThrow());
        assertEquals(executor, solver.toBuilder().build().executor().orElseThrow());
        assertTrue(SymmetricEigensolver.defaults().executor().isEmpty());
        assertEquals(executor, EigenGradient.builder().executor(executor).build().solver().executor().orElseThrow());
    }
}
