package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.generated.Pullback3PowerIteration;
import io.github.eigengrad.runtime.generated.PullbackGeneralAdaptive;
import io.github.eigengrad.runtime.generated.PullbackGeneralAnalytic;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The generated fused generalised rules against the composition of two standard calls they
 * replace, pair by pair: every method, paper mode, ties, and spectra far outside the direct
 * range. The pullbacks ({@code pullbackGeneralized}: straight-line for n = 2, 3, 4, loops in
 * four O(n^3) products otherwise, {@code aBar = sym(V Z V^T)},
 * {@code bBar = -sym(V (Z diag(l) + diag(G)/2) V^T)}; the composition takes six) with the
 * {@code c / sigma} rescaling of dL/dB; the pushforwards ({@code pushforwardGeneralized}, five
 * products for seven) with BDot scaled by {@code 1 / (c sigma)}. Agreement within 1e-13 of the
 * largest entry.
 */
class GeneralizedFusedRulesTest {
    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String method : new String[] {"power-iteration", "adaptive", "analytic", "paper"}) {
            for (int n : new int[] {1, 2, 3, 4, 5, 8, 16}) {
                for (double scale : new double[] {1, 0x1p510, 0x1p-510}) {
                    b.add(Arguments.of(method, n, scale));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fusedAgreesWithTheComposition(String method, int n, double scale) {
        SplittableRandom random = new SplittableRandom(31L * n + method.length());
        EigenGradient g = GeneralizedDerivativesTest.gradient(method);
        boolean ties = method.equals("power-iteration") || method.equals("paper");
        double[] spectrum = null;
        if (ties && n >= 4) { // a double tie and a near tie; the series is finite there
            spectrum = new double[n];
            for (int k = 0; k < n; k++) {
                spectrum[k] = n - k;
            }
            spectrum[1] = spectrum[0];
            spectrum[3] = spectrum[2] * (1 - 1e-9);
        }
        double[][][] p = GeneralizedDerivativesTest.pair(n, spectrum, random);
        for (double[] row : p[0]) {
            for (int j = 0; j < n; j++) {
                row[j] *= scale;
            }
        }
        GeneralizedEigendecomposition e = g.decompose(p[0], p[1]);
        double[] lb = TestMatrices.gaussianVector(n, random);
        double[] vb = TestMatrices.gaussianVector(n * n, random);
        double[] l = e.valuesInternal();
        double[] v = e.vectorsInternal();
        RuleDispatch dispatch = new RuleDispatch(g.pullbackOptions(), n);
        double[] ga = new double[n * n];
        double[] gb = new double[n * n];
        GeneralizedDerivatives.pullback(n, l, v, lb, vb, ga, gb, dispatch.eigenvalueTerm(),
                (x, y, out) -> dispatch.pullback(l, 0, v, 0, x, 0, y, 0, out, 0, null),
                (x, y, out) -> dispatch.pullback(l, 0, v, 0, x, 0, y, 0, out, 0, null));
        GeneralizedPullbackResult fused = g.pullback(e, lb, vb);
        assertClose(ga, fused.gradientRowMajor(), method + " dL/dA");
        assertClose(gb, fused.gradientBRowMajor(), method + " dL/dB");

        double[] ta = TestMatrices.gaussianVector(n * n, random);
        double[] tb = TestMatrices.gaussianVector(n * n, random);
        double[] valuesDot = new double[n];
        double[] vectorsDot = new double[n * n];
        GeneralizedDerivatives.pushforward(n, l, v, ta, tb, valuesDot, vectorsDot,
                (t, vd, vecd) -> dispatch.pushforward(l, 0, v, 0, t, 0, vd, 0, vecd, 0, null),
                (t, vd, vecd) -> dispatch.pushforward(l, 0, v, 0, t, 0, vd, 0, vecd, 0, null));
        GeneralizedPushforwardResult forward = g.pushforward(e, GeneralizedRulesTest.rows(ta, n),
                GeneralizedRulesTest.rows(tb, n));
        assertClose(valuesDot, forward.valuesDot(), method + " valuesDot");
        assertClose(vectorsDot, forward.vectorsDotRowMajor(), method + " vectorsDot");
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        double max = 0;
        for (double x : expected) {
            max = Math.max(max, Math.abs(x));
        }
        // only paper mode has a zero dL/dA at n = 1 (no pair, no eigenvalue term) and zero valuesDot: then exactly
        assertTrue(max > 0 || what.equals("paper dL/dA") || what.equals("paper valuesDot"), what
                + " is zero: nothing compared");
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-13 * max, what + " entry " + k);
        }
    }

    @Test
    void theGeneratedInstanceMethodIsTheFusedOne() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 6;
        double[][][] p = GeneralizedDerivativesTest.pair(n, null, random);
        EigenGradient g = GeneralizedDerivativesTest.gradient("power-iteration");
        GeneralizedEigendecomposition e = g.decompose(p[0], p[1]);
        double[] lb = TestMatrices.gaussianVector(n, random);
        double[] vb = TestMatrices.gaussianVector(n * n, random);
        GeneralizedPullbackResult r = g.pullback(e, lb, vb);
        double[] ga = new double[n * n];
        double[] gb = new double[n * n];
        new PullbackGeneralPowerIteration().pullback(e.values(), e.vectorsRowMajor(), lb, vb, ga, gb);
        assertArrayEquals(r.gradientRowMajor(), ga, "dL/dA bit for bit");
        assertArrayEquals(r.gradientBRowMajor(), gb, "dL/dB bit for bit");
        GeneralizedEigendecomposition e3 = g.decompose(new double[][] {{4, 1, 0}, {1, 3, 1}, {0, 1, 1}},
                new double[][] {{2, 0.5, 0}, {0.5, 1, 0}, {0, 0, 1}});
        GeneralizedPullbackResult r3 = g.pullback(e3, java.util.Arrays.copyOf(lb, 3), (double[]) null);
        double[] ga3 = new double[9];
        double[] gb3 = new double[9];
        new Pullback3PowerIteration().pullback(e3.values(), e3.vectorsRowMajor(), java.util.Arrays.copyOf(lb, 3), null,
                ga3, gb3);
        assertArrayEquals(r3.gradientRowMajor(), ga3, "3x3 dL/dA bit for bit");
        assertArrayEquals(r3.gradientBRowMajor(), gb3, "3x3 dL/dB bit for bit");
        // the other two classes are generalised rules too, and refuse a short gradientB by name
        assertEquals("wrong-length", assertThrows(InvalidInputException.class, () -> new PullbackGeneralAdaptive()
                .pullback(e.values(), e.vectorsRowMajor(), lb, vb, new double[n * n], new double[n * n - 1]))
                .problem().code());
        assertEquals("null-input", assertThrows(InvalidInputException.class, () -> new PullbackGeneralAnalytic()
                .pullback(e.values(), e.vectorsRowMajor(), lb, vb, new double[n * n], null)).problem().code());
    }
}
