package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward mode (docs/math.md section 9) through the public API: the dot-product test against
 * the pullback of the same options at every size and method, over separated, indefinite,
 * tied, near-tied and extreme-scale spectra; the analytic pushforward against central
 * differences of the gauge-fixed forward pass; paper mode; hostile input.
 */
class PushforwardTest {
    static final int[] SIZES = {1, 2, 3, 4, 5, 8, 16};
    /** Relative gaps of the near ties. */
    static final double[] NEAR_GAPS = {1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-3};

    static Stream<Arguments> options() {
        List<Arguments> all = new ArrayList<>();
        for (int n : SIZES) {
            all.add(Arguments.of(n, "analytic", EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build()));
            all.add(Arguments.of(n, "masked", EigenGradient.builder().method(EigenGradient.Method.ANALYTIC)
                    .maskDegenerate(true).build()));
            all.add(Arguments.of(n, "K=19", EigenGradient.builder().build()));
            all.add(Arguments.of(n, "K=5000", EigenGradient.builder().iterations(5000).build()));
            all.add(Arguments.of(n, "adaptive", EigenGradient.builder().method(EigenGradient.Method.ADAPTIVE).build()));
            all.add(Arguments.of(n, "paper", EigenGradient.builder().eigenvalueTerm(false).build()));
        }
        return all.stream();
    }

    /** The spectra of a test: name and values (descending). */
    record Spectrum(String name, double[] values) {}

    static List<Spectrum> spectra(int n, SplittableRandom random) {
        List<Spectrum> s = new ArrayList<>();
        s.add(new Spectrum("separated", TestMatrices.separatedSpectrum(n, true, random)));
        s.add(new Spectrum("indefinite", TestMatrices.separatedSpectrum(n, false, random)));
        double[] tied = TestMatrices.separatedSpectrum(n, true, random);
        for (int i = 1; i < n; i += 2) {
            tied[i] = tied[i - 1]; // exact ties, pairs (0, 1), (2, 3), ...
        }
        sortDescending(tied);
        s.add(new Spectrum("tied", tied));
        double[] triple = new double[n];
        java.util.Arrays.fill(triple, 2.5); // one n-fold eigenvalue
        s.add(new Spectrum("all tied", triple));
        for (double gap : NEAR_GAPS) {
            double[] near = TestMatrices.separatedSpectrum(n, true, random);
            if (n > 1) {
                near[1] = near[0] * (1 - gap);
                sortDescending(near);
            }
            s.add(new Spectrum("near tie " + gap, near));
        }
        for (double scale : new double[] {1e-300, 1e300}) {
            double[] scaled = TestMatrices.separatedSpectrum(n, true, random);
            for (int i = 0; i < n; i++) {
                scaled[i] *= scale;
            }
            s.add(new Spectrum("scale " + scale, scaled));
        }
        return s;
    }

    @ParameterizedTest(name = "n={0} {1}")
    @MethodSource("options")
    void pushforwardIsTheTransposeOfThePullback(int n, String label, EigenGradient g) {
        SplittableRandom random = new SplittableRandom(1009L * n + label.hashCode());
        int checked = 0;
        int refused = 0;
        for (Spectrum spectrum : spectra(n, random)) {
            for (int trial = 0; trial < 4; trial++) {
                double scale = Math.max(Math.abs(spectrum.values()[0]), Math.abs(spectrum.values()[n - 1]));
                SymmetricEigendecomposition e = SymmetricEigendecomposition.of(spectrum.values(),
                        TestMatrices.randomOrthogonal(n, random).getData());
                // a tangent of the size of the matrix keeps the tangents of V of order 1 at every scale
                double[][] aDot = TestMatrices.scaled(TestMatrices.gaussianMatrix(n, n, random), scale == 0 ? 1 : scale);
                double[] lambdaBar = TestMatrices.gaussianVector(n, random);
                double[][] vBar = TestMatrices.gaussianMatrix(n, n, random);
                PushforwardResult forward;
                PullbackResult back;
                try {
                    forward = g.pushforward(e, aDot);
                } catch (DegenerateSpectrumException ex) {
                    assertThrows(DegenerateSpectrumException.class, () -> g.pullback(e, lambdaBar, vBar),
                            "the analytic pullback fails exactly when the pushforward does");
                    refused++;
                    continue;
                }
                back = g.pullback(e, lambdaBar, vBar);
                assertDotProduct(lambdaBar, vBar, forward, back, aDot, label + " " + spectrum.name());
                assertEquals(back.shift(), forward.shift(), 0, "the same shift");
                assertEquals(back.iterationsUsed(), forward.iterationsUsed(), "the same K");
                if (!g.eigenvalueTerm()) {
                    assertArrayEquals(new double[n], forward.valuesDot(), 0, "paper mode: lambdaDot = 0");
                }
                if (forward.vectorsDotBound().isPresent()) {
                    double norm = frobenius(forward.vectorsDot());
                    assertTrue(norm <= forward.vectorsDotBound().getAsDouble() * (1 + 1e-12) + Double.MIN_NORMAL,
                            label + " " + spectrum.name() + ": ||VDot|| " + norm + " within its bound");
                }
                checked++;
            }
        }
        int spectra = spectra(n, new SplittableRandom(0)).size();
        assertEquals(4 * spectra, checked + refused, "every case checked or refused as degenerate");
        if (!label.equals("analytic") || n == 1) {
            assertEquals(0, refused, "only the unmasked analytic method refuses ties");
        } else {
            assertTrue(refused >= 4 * 2, "the unmasked analytic method refuses the tied spectra");
        }
    }

    static void assertDotProduct(double[] lambdaBar, double[][] vBar, PushforwardResult forward, PullbackResult back,
            double[][] aDot, String what) {
        double[] lambdaDot = forward.valuesDot();
        double[][] vDot = forward.vectorsDot();
        double[][] aBar = back.gradient();
        double left = dot(lambdaBar, lambdaDot) + dot(vBar, vDot);
        double right = dot(aBar, aDot);
        double scale = norm(lambdaBar) * norm(lambdaDot) + frobenius(vBar) * frobenius(vDot)
                + frobenius(aBar) * frobenius(aDot);
        assertTrue(Math.abs(left - right) <= 1e-12 * scale, () -> what + ": <lambdaBar, lambdaDot> + <VBar, VDot> = "
                + left + " but <ABar, ADot> = " + right + " (scale " + scale + ")");
    }

    @Test
    void analyticPushforwardIsTheDerivativeOfTheGaugeFixedForwardPass() {
        EigenGradient g = EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
        SplittableRandom random = new SplittableRandom(4242);
        int checked = 0;
        for (int n : SIZES) {
            for (int trial = 0; trial < 5; trial++) {
                double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, trial % 2 == 0, random),
                        random);
                double[][] aDot = TestMatrices.gaussianMatrix(n, n, random);
                PushforwardResult t = g.frule(a, aDot);
                // the derivative along sym(aDot): only the symmetric part acts
                double[][] direction = axpy(TestMatrices.scaled(aDot, 0.5), 0.5, transpose(aDot));
                double h = 1e-6;
                SymmetricEigendecomposition plus = g.decompose(axpy(a, h, direction));
                SymmetricEigendecomposition minus = g.decompose(axpy(a, -h, direction));
                double[] lambdaDot = t.valuesDot();
                double[][] vDot = t.vectorsDot();
                double scale = Math.max(1, Math.max(maxAbs(lambdaDot), maxAbs(vDot)));
                for (int i = 0; i < n; i++) {
                    double fd = (plus.value(i) - minus.value(i)) / (2 * h);
                    assertEquals(fd, lambdaDot[i], 1e-6 * scale, "lambdaDot " + i + " n=" + n);
                    for (int j = 0; j < n; j++) {
                        double fdv = (plus.vectorEntry(i, j) - minus.vectorEntry(i, j)) / (2 * h);
                        assertEquals(fdv, vDot[i][j], 1e-6 * scale, "vDot (" + i + ", " + j + ") n=" + n);
                    }
                }
                checked++;
            }
        }
        assertEquals(5 * SIZES.length, checked);
    }

    @Test
    void onlyTheSymmetricPartOfTheTangentActs() {
        SplittableRandom random = new SplittableRandom(77);
        EigenGradient g = EigenGradient.builder().build();
        for (int n : SIZES) {
            SymmetricEigendecomposition e = g.decompose(TestMatrices.gaussianSymmetric(n, random));
            double[][] aDot = TestMatrices.gaussianMatrix(n, n, random);
            double[][] sym = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    sym[i][j] = 0.5 * (aDot[i][j] + aDot[j][i]);
                }
            }
            PushforwardResult full = g.pushforward(e, aDot);
            PushforwardResult symmetric = g.pushforward(e, sym);
            assertArrayEquals(symmetric.valuesDot(), full.valuesDot(), 1e-15 * (1 + maxAbs(full.valuesDot())));
            assertArrayEquals(symmetric.vectorsDotRowMajor(), full.vectorsDotRowMajor(),
                    1e-14 * (1 + maxAbs(full.vectorsDot())));
            PushforwardResult zero = g.pushforward(e, (double[][]) null);
            assertArrayEquals(new double[n], zero.valuesDot(), 0, "a null tangent is zero");
            assertArrayEquals(new double[n * n], zero.vectorsDotRowMajor(), 0);
        }
    }

    @Test
    void badTangentsAreRefusedNamingTheProblem() {
        EigenGradient g = EigenGradient.builder().build();
        SymmetricEigendecomposition e = g.decompose(new double[][] {{2, 1, 0}, {1, 3, 0}, {0, 0, 1}});
        InvalidInputException shape = assertThrows(InvalidInputException.class,
                () -> g.pushforward(e, new double[][] {{1, 0}, {0, 1}}));
        assertEquals(InvalidInputException.Problem.NOT_SQUARE, shape.problem());
        InvalidInputException length = assertThrows(InvalidInputException.class, () -> g.pushforward(e, new double[8]));
        assertEquals(InvalidInputException.Problem.WRONG_LENGTH, length.problem());
        double[][] nan = new double[3][3];
        nan[1][2] = Double.NaN;
        InvalidInputException notFinite = assertThrows(InvalidInputException.class, () -> g.pushforward(e, nan));
        assertEquals(InvalidInputException.Problem.NOT_FINITE, notFinite.problem());
        assertTrue(notFinite.getMessage().contains("tangent"), notFinite.getMessage());
        InvalidInputException noForward = assertThrows(InvalidInputException.class,
                () -> g.pushforward(null, new double[3][3]));
        assertEquals(InvalidInputException.Problem.NULL, noForward.problem());
        double[][] huge = {{1e308, 1e308, 0}, {1e308, 1e308, 0}, {0, 0, 1e308}};
        InvalidInputException range = assertThrows(InvalidInputException.class,
                () -> EigenGradient.builder().iterations(1L << 40).build().pushforward(
                        SymmetricEigendecomposition.of(new double[] {1, 1, 1e-3}, new double[][] {{1, 0, 0}, {0, 1, 0},
                            {0, 0, 1}}), huge));
        assertEquals(InvalidInputException.Problem.OUT_OF_RANGE, range.problem());
    }

    private static double[][] axpy(double[][] a, double h, double[][] d) {
        int n = a.length;
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                r[i][j] = a[i][j] + h * d[i][j];
            }
        }
        return r;
    }

    private static double[][] transpose(double[][] a) {
        int n = a.length;
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static void sortDescending(double[] x) {
        java.util.Arrays.sort(x);
        for (int i = 0; i < x.length / 2; i++) {
            double t = x[i];
            x[i] = x[x.length - 1 - i];
            x[x.length - 1 - i] = t;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double dot(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += dot(a[i], b[i]);
        }
        return s;
    }

    /** The 2-norm without over- or underflow (entries from 1e-300 to 1e300 here). */
    static double norm(double[] a) {
        double m = maxAbs(a);
        if (m == 0) {
            return 0;
        }
        double s = 0;
        for (double x : a) {
            s += (x / m) * (x / m);
        }
        return m * Math.sqrt(s);
    }

    static double frobenius(double[][] a) {
        return norm(java.util.Arrays.stream(a).flatMapToDouble(java.util.Arrays::stream).toArray());
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) {
            m = Math.max(m, maxAbs(row));
        }
        return m;
    }
}
