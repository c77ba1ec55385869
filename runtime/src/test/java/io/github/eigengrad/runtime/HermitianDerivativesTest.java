package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.generated.RuleRegistry;
import io.github.eigengrad.runtime.reference.ComplexMatrices;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The derivatives of the complex Hermitian decomposition through {@link EigenGradient}
 * (docs/math.md section 13), by the generated complex rules: central differences of a
 * phase-dependent loss in the real and imaginary part of every entry of A (analytic,
 * separated spectra, relative 1e-6), the dot-product identity of pushforward and pullback for
 * every method at ties and near ties (1e-12) with finite results within the bounds, and purely
 * real input with real cotangents against the real pullback (1e-12 relative).
 */
class HermitianDerivativesTest {
    static EigenGradient gradient(String method) {
        EigenGradient.Builder b = EigenGradient.builder().symmetryTolerance(Double.POSITIVE_INFINITY);
        return switch (method) {
            case "analytic" -> b.method(EigenGradient.Method.ANALYTIC).build();
            case "adaptive" -> b.method(EigenGradient.Method.ADAPTIVE).tolerance(1e-13).build();
            case "paper" -> b.eigenvalueTerm(false).build();
            default -> b.method(EigenGradient.Method.POWER_ITERATION).iterations(19).build();
        };
    }

    /** A Hermitian matrix with the given spectrum, or eigenvalues about 1 apart. */
    static double[] matrix(int n, double[] spectrum, SplittableRandom random) {
        double[] s = spectrum;
        if (s == null) {
            s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = n - i + 0.3 * random.nextDouble();
            }
        }
        return ComplexMatrices.withSpectrum(s, random);
    }

    static double[] vector(int length, SplittableRandom random) {
        double[] x = new double[length];
        for (int k = 0; k < length; k++) {
            x[k] = random.nextDouble(-1, 1);
        }
        return x;
    }

    static double loss(EigenGradient g, double[] a, int n, double[] lb, double[] vb) {
        HermitianEigendecomposition e = g.decomposeHermitian(a, n);
        double[] v = e.vectorsInterleaved();
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += lb[k] * e.value(k);
        }
        for (int k = 0; k < v.length; k++) {
            s += vb[k] * v[k];
        }
        return s;
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void pullbackFollowsCentralDifferencesOfAPhaseDependentLoss(int n) {
        SplittableRandom random = new SplittableRandom(500 + n);
        EigenGradient g = gradient("analytic");
        for (int trial = 0; trial < 3; trial++) {
            double[] a = matrix(n, null, random);
            double[] lb = vector(n, random);
            double[] vb = vector(2 * n * n, random);
            double[] grad = g.pullback(g.decomposeHermitian(a, n), lb, vb).gradientInterleaved();
            double max = 0;
            for (double x : grad) {
                max = Math.max(max, Math.abs(x));
            }
            double h = 1e-6;
            for (int k = 0; k < a.length; k++) {
                double[] plus = a.clone();
                double[] minus = a.clone();
                plus[k] += h;
                minus[k] -= h;
                double fd = (loss(g, plus, n, lb, vb) - loss(g, minus, n, lb, vb)) / (2 * h);
                assertEquals(fd, grad[k], 1e-6 * Math.max(1, max), "n=" + n + " entry " + k / 2
                        + (k % 2 == 0 ? " re" : " im"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"analytic", "power-iteration", "adaptive", "paper"})
    void pushforwardIsTheTransposeOfThePullback(String method) {
        SplittableRandom random = new SplittableRandom(method.hashCode());
        EigenGradient g = gradient(method);
        int checked = 0;
        for (int n : new int[] {1, 2, 3, 4, 5, 8, 16}) {
            for (String kind : new String[] {"apart", "near tie", "tie"}) {
                if (method.equals("analytic") && !kind.equals("apart")) {
                    continue; // the analytic method refuses ties (DegenerateSpectrumException)
                }
                double[] spectrum = new double[n];
                for (int i = 0; i < n; i++) {
                    spectrum[i] = n - i;
                }
                if (n > 1 && !kind.equals("apart")) {
                    spectrum[1] = spectrum[0] * (kind.equals("tie") ? 1 : 1 - 1e-9);
                }
                HermitianEigendecomposition e = g.decomposeHermitian(matrix(n, spectrum, random), n);
                double[] lb = vector(n, random);
                double[] vb = vector(2 * n * n, random);
                double[] aDot = vector(2 * n * n, random);
                HermitianPullbackResult back = g.pullback(e, lb, vb);
                HermitianPushforwardResult forth = g.pushforward(e, aDot);
                double[] grad = back.gradientInterleaved();
                double[] valuesDot = forth.valuesDot();
                double[] vectorsDot = forth.vectorsDotInterleaved();
                double left = 0;
                double right = 0;
                double size = 0;
                for (int i = 0; i < n; i++) {
                    left += lb[i] * valuesDot[i];
                    size += Math.abs(lb[i] * valuesDot[i]);
                }
                for (int k = 0; k < grad.length; k++) {
                    left += vb[k] * vectorsDot[k];
                    right += grad[k] * aDot[k];
                    size += Math.abs(vb[k] * vectorsDot[k]);
                }
                assertEquals(left, right, 1e-12 * Math.max(1, size), method + " n=" + n + " " + kind);
                double gradNorm = 0;
                for (double x : grad) {
                    assertTrue(Double.isFinite(x), "finite at " + kind);
                    gradNorm += x * x;
                }
                double dotNorm = 0;
                for (double x : vectorsDot) {
                    dotNorm += x * x;
                }
                if (back.gradientBound().isPresent()) {
                    assertTrue(Math.sqrt(gradNorm) <= back.gradientBound().getAsDouble() * (1 + 1e-12),
                            method + " n=" + n + " " + kind + ": ||ABar|| above its bound");
                    assertTrue(Math.sqrt(dotNorm) <= forth.vectorsDotBound().getAsDouble() * (1 + 1e-12),
                            method + " n=" + n + " " + kind + ": ||VDot|| above its bound");
                }
                checked++;
            }
        }
        assertEquals(method.equals("analytic") ? 7 : 21, checked);
    }

    @Test
    void realInputWithRealCotangentsIsTheRealPullback() {
        SplittableRandom random = new SplittableRandom(77);
        EigenGradient g = EigenGradient.builder().build();
        for (int n : new int[] {1, 2, 3, 4, 5, 8, 16}) {
            double[][] a = io.github.eigengrad.runtime.reference.TestMatrices.gaussianSymmetric(n, random);
            double[] interleaved = new double[2 * n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    interleaved[2 * (i * n + j)] = a[i][j];
                }
            }
            double[] lb = vector(n, random);
            double[] vbReal = vector(n * n, random);
            double[] vb = new double[2 * n * n];
            for (int k = 0; k < n * n; k++) {
                vb[2 * k] = vbReal[k];
            }
            double[] real = g.pullback(g.decompose(a), lb, vbReal).gradientRowMajor();
            HermitianPullbackResult complex = g.pullback(g.decomposeHermitian(interleaved, n), lb, vb);
            double[][] re = complex.gradientRe();
            double[][] im = complex.gradientIm();
            double max = 0;
            for (double x : real) {
                max = Math.max(max, Math.abs(x));
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(real[i * n + j], re[i][j], 1e-12 * Math.max(1, max), "n=" + n + " (" + i + ", " + j
                            + ")");
                    assertEquals(0.0, im[i][j], 0.0, "n=" + n + " imaginary part");
                }
            }
        }
    }

    @Test
    void badArgumentsAreRefusedByName() {
        EigenGradient g = EigenGradient.builder().build();
        HermitianEigendecomposition e = g.decomposeHermitian(new double[] {2, 0, 1, 1, 1, -1, 3, 0}, 2);
        assertEquals("null-input", assertThrows(InvalidInputException.class,
                () -> g.pullback((HermitianEigendecomposition) null, null, null)).problem().code());
        assertEquals("wrong-length", assertThrows(InvalidInputException.class,
                () -> g.pullback(e, null, new double[4])).problem().code());
        assertEquals("wrong-length", assertThrows(InvalidInputException.class,
                () -> g.pushforward(e, new double[7])).problem().code());
        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> g.pullback(e, new double[] {1, Double.NaN}, null));
        assertEquals("non-finite-value", x.problem().code());
        assertThrows(DegenerateSpectrumException.class, () -> EigenGradient.builder()
                .method(EigenGradient.Method.ANALYTIC).build().pullback(g.decomposeHermitian(new double[] {1, 0, 0, 0,
                    0, 0, 1, 0}, 2), new double[] {1, 0}, null));
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {2, 3, 4, 5})
    void aNonFiniteImaginaryDiagonalOfTheTangentIsRefused(int n) {
        // herm(ADot) drops Im ADot_ii, so the straight-line rules never load it; they refuse it all the same
        SplittableRandom random = new SplittableRandom(70 + n);
        HermitianEigendecomposition e = gradient("analytic").decomposeHermitian(matrix(n, null, random), n);
        double[] values = e.values();
        double[] vectors = e.vectorsInterleaved();
        for (int i = 0; i < n; i++) {
            double[] t = vector(2 * n * n, random);
            t[2 * (i * n + i) + 1] = Double.POSITIVE_INFINITY;
            String where = "tangent entry (" + i + ", " + i + ") has imaginary part";
            List<Executable> calls = List.of(
                    () -> RuleRegistry.analyticPushforwardComplex(n, values, 0, vectors, 0, t, 0, new double[n], 0,
                            new double[2 * n * n], 0, 1e-8, null, null),
                    () -> RuleRegistry.powerIterationPushforwardComplex(n, values, 0, vectors, 0, t, 0, new double[n],
                            0, new double[2 * n * n], 0, 19, null, null),
                    () -> RuleRegistry.adaptivePushforwardComplex(n, values, 0, vectors, 0, t, 0, new double[n], 0,
                            new double[2 * n * n], 0, 1e-10, 1000, null, null),
                    () -> gradient("power-iteration").pushforward(e, t));
            for (Executable call : calls) {
                InvalidInputException x = assertThrows(InvalidInputException.class, call);
                assertEquals("non-finite-value", x.problem().code(), "n=" + n + " i=" + i);
                assertTrue(x.getMessage().contains(where), x.getMessage());
            }
        }
    }
}
