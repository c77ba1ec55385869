package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.ComplexMatrices;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The general-n pullbacks and pushforwards with an executor: the products' rows split in two
 * ranges give the same bits as the calling thread alone, for every method, at an even and an
 * odd n, and with executors that reject, discard or hold back the ranges.
 */
class RuleExecutorTest {
    private static double[] flat(double[][] a) {
        int n = a.length;
        double[] f = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, f, i * n, n);
        }
        return f;
    }

    private static void assertSameBits(EigenGradient alone, EigenGradient shared, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = flat(TestMatrices.gaussianSymmetric(n, random));
        double[] valuesBar = TestMatrices.gaussianVector(n, random);
        double[] vectorsBar = flat(TestMatrices.gaussianMatrix(n, n, random));
        double[] tangent = flat(TestMatrices.gaussianSymmetric(n, random));
        SymmetricEigendecomposition e = alone.decompose(a, n);
        String method = alone.pullbackOptions().method() + " n=" + n;
        assertArrayEquals(alone.pullback(e, valuesBar, vectorsBar).gradientRowMajor(),
                shared.pullback(e, valuesBar, vectorsBar).gradientRowMajor(), 0, "pullback, " + method);
        PushforwardResult one = alone.pushforward(e, tangent);
        PushforwardResult two = shared.pushforward(e, tangent);
        assertArrayEquals(one.valuesDot(), two.valuesDot(), 0, "pushforward values, " + method);
        assertArrayEquals(one.vectorsDotRowMajor(), two.vectorsDotRowMajor(), 0, "pushforward vectors, " + method);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {GeneratedRuleSupport.PARALLEL_ROWS_FROM, 301})
    void everyMethodGivesTheSameBitsOnAPool(int n) {
        try (CountingPool pool = new CountingPool(1)) {
            for (EigenGradient.Method method : EigenGradient.Method.values()) {
                EigenGradient alone = EigenGradient.builder().method(method).build();
                EigenGradient shared = EigenGradient.builder().method(method).executor(pool.executor()).build();
                assertSameBits(alone, shared, n, 0xB17L + n + method.ordinal());
            }
            assertTrue(pool.ran() > 0, "the executor was used");
        }
    }

    /** The Hermitian, generalised and float rules take the same workspaces, and the same split. */
    @Test
    void hermitianGeneralizedAndFloatRulesGiveTheSameBitsOnAPool() {
        int n = GeneratedRuleSupport.PARALLEL_ROWS_FROM;
        SplittableRandom random = new SplittableRandom(0xB19L);
        try (CountingPool pool = new CountingPool(1)) {
            EigenGradient alone = EigenGradient.builder().build();
            EigenGradient shared = EigenGradient.builder().executor(pool.executor()).build();
            // Hermitian
            double[] h = ComplexMatrices.gaussianHermitian(n, random);
            HermitianEigendecomposition he = alone.decomposeHermitian(h, n);
            double[] hValuesBar = TestMatrices.gaussianVector(n, random);
            double[] hVectorsBar = ComplexMatrices.gaussianHermitian(n, random); // any interleaved matrix
            assertArrayEquals(alone.pullback(he, hValuesBar, hVectorsBar).gradientInterleaved(),
                    shared.pullback(he, hValuesBar, hVectorsBar).gradientInterleaved(), 0, "Hermitian pullback");
            assertArrayEquals(alone.pushforward(he, hVectorsBar).vectorsDotInterleaved(),
                    shared.pushforward(he, hVectorsBar).vectorsDotInterleaved(), 0, "Hermitian pushforward");
            // generalised, B = G G^T / n + I
            double[][] g = TestMatrices.gaussianMatrix(n, n, random);
            double[][] b = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = i == j ? 1 : 0;
                    for (int k = 0; k < n; k++) {
                        sum += g[i][k] * g[j][k] / n;
                    }
                    b[i][j] = sum;
                }
            }
            GeneralizedEigendecomposition ge = alone.decompose(TestMatrices.gaussianSymmetric(n, random), b);
            double[] gValuesBar = TestMatrices.gaussianVector(n, random);
            double[] gVectorsBar = flat(TestMatrices.gaussianMatrix(n, n, random));
            GeneralizedPullbackResult one = alone.pullback(ge, gValuesBar, gVectorsBar);
            GeneralizedPullbackResult two = shared.pullback(ge, gValuesBar, gVectorsBar);
            assertArrayEquals(one.gradientRowMajor(), two.gradientRowMajor(), 0, "generalised pullback, A");
            assertArrayEquals(one.gradientBRowMajor(), two.gradientBRowMajor(), 0, "generalised pullback, B");
            // float
            SymmetricEigendecomposition e = alone.decompose(flat(TestMatrices.gaussianSymmetric(n, random)), n);
            float[] values = narrow(e.values());
            float[] vectors = narrow(e.vectorsRowMajor());
            float[] fValuesBar = narrow(TestMatrices.gaussianVector(n, random));
            float[] fVectorsBar = narrow(flat(TestMatrices.gaussianMatrix(n, n, random)));
            float[] gradientAlone = new float[n * n];
            float[] gradientShared = new float[n * n];
            alone.pullback(n, values, vectors, fValuesBar, fVectorsBar, gradientAlone);
            shared.pullback(n, values, vectors, fValuesBar, fVectorsBar, gradientShared);
            assertArrayEquals(gradientAlone, gradientShared, 0, "float pullback");
            assertTrue(pool.ran() > 0, "the executor was used");
        }
    }

    private static float[] narrow(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    @Test
    void rejectingDiscardingAndHoldingExecutorsGiveTheSameBits() {
        int n = GeneratedRuleSupport.PARALLEL_ROWS_FROM;
        try (AwkwardExecutors awkward = new AwkwardExecutors()) {
            EigenGradient alone = EigenGradient.builder().build();
            for (Executor executor : awkward.all()) {
                assertSameBits(alone, EigenGradient.builder().executor(executor).build(), n, 0xB18L);
            }
            // the ranges were claimed by the calling thread: the held tasks do nothing
            assertTrue(awkward.runHeld() > 0);
        }
    }
}
