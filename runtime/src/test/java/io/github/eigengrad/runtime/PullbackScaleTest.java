package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.EigenGradient.Method;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every matrix the forward pass accepts gets its gradient, however small or large. The oracle
 * is the exact identity of the pullback: its F-part is homogeneous of degree -1 in lambda and
 * its eigenvalue part of degree 0, so the pullback at {@code s lambda} with cotangents
 * {@code (lambdaBar, VBar)} equals the pullback at {@code lambda} with {@code (lambdaBar, VBar / s)},
 * which runs unscaled (the direct path) at s = 1.
 */
class PullbackScaleTest {
    @ParameterizedTest
    @EnumSource(Method.class)
    void subnormalMatrixGetsTheTraceGradient(Method method) {
        EigenGradient g = EigenGradient.builder().method(method).build();
        SymmetricEigendecomposition e = g.decompose(new double[][] {{2e-310, 0}, {0, 1e-310}});
        PullbackResult r = g.pullback(e, new double[] {1, 1}, (double[]) null);
        assertArrayEquals(new double[] {1, 0, 0, 1}, r.gradientRowMajor(), 0);
        PullbackResult none = g.pullback(e, null, (double[]) null);
        assertArrayEquals(new double[] {0, 0, 0, 0}, none.gradientRowMajor(), 0);
        assertTrue(Double.isFinite(r.shift()) && Double.isFinite(r.maxPairError()));
    }

    @Test
    void hugeMatrixGetsItsGradient() {
        EigenGradient g = EigenGradient.builder().method(Method.POWER_ITERATION).iterations(19).build();
        SymmetricEigendecomposition e = g.decompose(new double[][] {{1.7e308, 1e300}, {1e300, 1.0}});
        PullbackResult r = g.pullback(e, new double[] {1, 1}, (double[]) null);
        // L = trace: the gradient is V V^T = I
        assertArrayEquals(new double[] {1, 0, 0, 1}, r.gradientRowMajor(), 1e-15);
        assertEquals(1e-3 * 1.7e308 - e.value(1), r.shift(), 1e-12 * 1.7e305);
        assertTrue(Double.isFinite(r.gradientBound().orElseThrow()));
    }

    static Stream<Arguments> cases() {
        return Stream.of(Method.values()).flatMap(m -> IntStream.of(2, 3, 4, 6).mapToObj(n -> Arguments.of(m, n)));
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void pullbackIsHomogeneousAtEveryScale(Method method, int n) {
        SplittableRandom random = new SplittableRandom(0x5CA1EL * n + method.ordinal());
        double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, random.nextBoolean(), random), random);
        double[] lambdaBar = TestMatrices.gaussianVector(n, random);
        double[] vectorsBar = TestMatrices.gaussianVector(n * n, random);
        EigenGradient g = EigenGradient.builder().method(method).iterations(25).build();
        SymmetricEigendecomposition unit = g.decompose(a);
        for (int k : new int[] {-1000, -900, -700, -520, -400, 400, 520, 700, 1000}) {
            double s = Math.scalb(1.0, k);
            SymmetricEigendecomposition e = g.decompose(TestMatrices.scaled(a, s));
            for (int i = 0; i < n; i++) {
                assertEquals(Math.scalb(unit.value(i), k), e.value(i), Math.ulp(e.value(i)) * 2, "forward at 2^" + k);
            }
            // cotangents (lambdaBar, VBar t) at scale s against (lambdaBar, VBar t / s) at scale 1, with t
            // chosen so that both stay normal doubles
            int t = k < 0 ? k : 0;
            double[] scaledBar = scaled(vectorsBar, t);
            double[] unitBar = scaled(vectorsBar, t - k);
            PullbackResult expected = g.pullback(unit, lambdaBar, unitBar);
            PullbackResult actual = g.pullback(e, lambdaBar, scaledBar);
            double[] x = expected.gradientRowMajor();
            double[] y = actual.gradientRowMajor();
            double norm = 0;
            for (double v : x) {
                norm = Math.max(norm, Math.abs(v));
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-12 * norm, method + " at scale 2^" + k + ", entry " + i);
            }
            assertEquals(expected.maxPairError(), actual.maxPairError(), 1e-12 * expected.maxPairError());
            assertEquals(expected.iterationsUsed(), actual.iterationsUsed());
            assertEquals(Math.scalb(expected.shift(), k), actual.shift(), 1e-12 * Math.abs(actual.shift()));
            if (expected.gradientBound().isPresent()) {
                double b = expected.gradientBound().getAsDouble();
                assertEquals(b, actual.gradientBound().getAsDouble(), 1e-12 * b);
            }
        }
    }

    static double[] scaled(double[] x, int exponent) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.scalb(x[i], exponent);
        }
        return y;
    }
}
