package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The derivatives of the generalised problem (docs/math.md section 12): the pullback against
 * central differences in every entry of A and of B (separated spectra), the dot-product test of
 * pushforward and pullback for every method and size at ties, near ties and apart, finiteness
 * and the bound at ties, and B = I against the standard problem.
 */
class GeneralizedDerivativesTest {
    static EigenGradient gradient(String method) {
        return switch (method) {
            case "analytic" -> EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
            case "adaptive" -> EigenGradient.builder().method(EigenGradient.Method.ADAPTIVE).tolerance(1e-13).build();
            case "paper" -> EigenGradient.builder().eigenvalueTerm(false).build();
            default -> EigenGradient.builder().method(EigenGradient.Method.POWER_ITERATION).iterations(19).build();
        };
    }

    /** A random pair with separated generalised eigenvalues (about 1 apart), or the given spectrum. */
    static double[][][] pair(int n, double[] spectrum, SplittableRandom random) {
        double[][] b = TestMatrices.withSpectrum(spread(n, 0.5, 2, random), random);
        double[] w = spectrum != null ? spectrum : spread(n, -n, n, random);
        // A = B^(1/2) W B^(1/2): generalised eigenvalues are those of W
        org.apache.commons.math3.linear.RealMatrix root = new org.apache.commons.math3.linear.EigenDecomposition(
                org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(b)).getSquareRoot();
        org.apache.commons.math3.linear.RealMatrix wm = org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(
                TestMatrices.withSpectrum(w, random));
        double[][] a = root.multiply(wm).multiply(root).getData();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                a[i][j] = a[j][i];
                b[i][j] = b[j][i];
            }
        }
        return new double[][][] {a, b};
    }

    static double[] spread(int n, double low, double high, SplittableRandom random) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = low + (high - low) * (i + 0.2 + 0.6 * random.nextDouble()) / n;
        }
        return s;
    }

    /** L = <lambda, c> + <V, D> at (A, B). */
    static double loss(double[][] a, double[][] b, double[] c, double[] d) {
        GeneralizedEigendecomposition e = GeneralizedEigensolver.defaults().decompose(a, b);
        double s = 0;
        double[] v = e.vectorsRowMajor();
        for (int i = 0; i < c.length; i++) {
            s += e.value(i) * c[i];
        }
        for (int k = 0; k < v.length; k++) {
            s += v[k] * d[k];
        }
        return s;
    }

    @ParameterizedTest(name = "{0}, n = {1}")
    @CsvSource({"analytic, 1", "analytic, 2", "analytic, 3", "analytic, 4", "analytic, 5", "analytic, 8",
        "adaptive, 2", "adaptive, 3", "adaptive, 4", "adaptive, 5", "adaptive, 8"})
    void pullbackAgainstCentralDifferences(String method, int n) {
        SplittableRandom random = new SplittableRandom(n * 13L + method.hashCode());
        for (int trial = 0; trial < 3; trial++) {
            double[][][] p = pair(n, null, random);
            double[] c = TestMatrices.gaussianVector(n, random);
            double[] d = TestMatrices.gaussianVector(n * n, random);
            EigenGradient g = gradient(method);
            GeneralizedPullbackResult r = g.pullback(g.decompose(p[0], p[1]), c, d);
            double[][] ga = r.gradient();
            double[][] gb = r.gradientB();
            double scale = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    scale = Math.max(scale, Math.max(Math.abs(ga[i][j]), Math.abs(gb[i][j])));
                }
            }
            double h = 1e-6;
            for (int which = 0; which < 2; which++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        double[][] plus = copy(p[which]);
                        double[][] minus = copy(p[which]);
                        plus[i][j] += h;
                        minus[i][j] -= h;
                        if (i != j) {
                            plus[j][i] += h;
                            minus[j][i] -= h;
                        }
                        double fd = ((which == 0 ? loss(plus, p[1], c, d) : loss(p[0], plus, c, d))
                                - (which == 0 ? loss(minus, p[1], c, d) : loss(p[0], minus, c, d))) / (2 * h);
                        double[][] grad = which == 0 ? ga : gb;
                        double ours = i == j ? grad[i][i] : grad[i][j] + grad[j][i];
                        assertEquals(fd, ours, 1e-6 * Math.max(1, scale), method + " n=" + n + " d/d"
                                + (which == 0 ? "A" : "B") + "[" + i + "][" + j + "]");
                    }
                }
            }
        }
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"analytic", "power-iteration", "adaptive", "paper"})
    void pushforwardIsTheTransposeOfThePullback(String method) {
        SplittableRandom random = new SplittableRandom(method.hashCode());
        for (int n : new int[] {1, 2, 3, 4, 5, 8, 16}) {
            for (String kind : new String[] {"apart", "near tie", "tie"}) {
                if (method.equals("analytic") && !kind.equals("apart")) {
                    continue; // the analytic method refuses ties (tested with the standard problem)
                }
                double[] spectrum = spread(n, -n, n, random);
                if (n > 1 && !kind.equals("apart")) {
                    spectrum[1] = spectrum[0] * (kind.equals("tie") ? 1 : 1 + 1e-9);
                }
                double[][][] p = pair(n, spectrum, random);
                EigenGradient g = gradient(method);
                GeneralizedEigendecomposition e = g.decompose(p[0], p[1]);
                double[] lb = TestMatrices.gaussianVector(n, random);
                double[] vb = TestMatrices.gaussianVector(n * n, random);
                double[][] ta = TestMatrices.gaussianMatrix(n, n, random);
                double[][] tb = TestMatrices.gaussianMatrix(n, n, random);
                GeneralizedPullbackResult back = g.pullback(e, lb, vb);
                GeneralizedPushforwardResult forth = g.pushforward(e, ta, tb);
                double left = dot(lb, forth.valuesDot()) + dot(vb, forth.vectorsDotRowMajor());
                double right = dot(back.gradientRowMajor(), flat(ta)) + dot(back.gradientBRowMajor(), flat(tb));
                double size = Math.abs(dot(vb, forth.vectorsDotRowMajor())) + Math.abs(dot(lb, forth.valuesDot()))
                        + Math.abs(right);
                assertEquals(left, right, 1e-12 * Math.max(1, size), method + " n=" + n + " " + kind);
                for (double x : back.gradientBRowMajor()) {
                    assertTrue(Double.isFinite(x), "finite at " + kind);
                }
                if (forth.vectorsDotBound().isPresent()) {
                    double norm = Math.sqrt(dot(forth.vectorsDotRowMajor(), forth.vectorsDotRowMajor()));
                    assertTrue(norm <= forth.vectorsDotBound().getAsDouble() * (1 + 1e-12),
                            method + " n=" + n + " " + kind + ": ||VDot|| = " + norm + " > bound "
                                    + forth.vectorsDotBound().getAsDouble());
                }
                if (back.gradientBound().isPresent()) {
                    double norm = Math.sqrt(dot(back.gradientRowMajor(), back.gradientRowMajor()));
                    assertTrue(norm <= back.gradientBound().getAsDouble() * (1 + 1e-12),
                            method + " n=" + n + " " + kind + ": ||ABar|| = " + norm + " > bound "
                                    + back.gradientBound().getAsDouble());
                }
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] flat(double[][] m) {
        int n = m.length;
        double[] f = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, f, i * n, n);
        }
        return f;
    }

    /**
     * B = I: the pushforward and the fixed-size pullbacks (n &lt;= 4, two standard calls) are the
     * standard ones bit for bit; the general-n pullback (n &gt;= 5) is the fused method, which
     * forms {@code sym(V Z V^T)} instead of {@code V sym(Z) V^T}: within 1e-14 of the largest entry.
     */
    @Test
    void theIdentityForBGivesTheStandardDerivatives() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 3, 4, 5, 8, 16}) {
            double[][] identity = new double[n][n];
            for (int i = 0; i < n; i++) {
                identity[i][i] = 1;
            }
            double[][] a = TestMatrices.gaussianSymmetric(n, random);
            double[] lb = TestMatrices.gaussianVector(n, random);
            double[] vb = TestMatrices.gaussianVector(n * n, random);
            double[][] ta = TestMatrices.gaussianMatrix(n, n, random);
            for (String method : new String[] {"power-iteration", "adaptive", "analytic"}) {
                EigenGradient g = gradient(method);
                PullbackResult standard = g.pullback(g.decompose(a), lb, vb);
                GeneralizedPullbackResult generalized = g.pullback(g.decompose(a, identity), lb, vb);
                if (n <= 4) {
                    assertArrayEquals(standard.gradientRowMajor(), generalized.gradientRowMajor(), method + " n=" + n);
                } else {
                    double[] expected = standard.gradientRowMajor();
                    double max = 0;
                    for (double x : expected) {
                        max = Math.max(max, Math.abs(x));
                    }
                    assertArrayEquals(expected, generalized.gradientRowMajor(), 1e-14 * max, method + " n=" + n);
                }
                PushforwardResult sf = g.pushforward(g.decompose(a), ta);
                GeneralizedPushforwardResult gf = g.pushforward(g.decompose(a, identity), ta, null);
                assertArrayEquals(sf.valuesDot(), gf.valuesDot(), method + " n=" + n);
                assertArrayEquals(sf.vectorsDotRowMajor(), gf.vectorsDotRowMajor(), method + " n=" + n);
            }
        }
    }

    @Test
    void badArgumentsAreRefusedByName() {
        EigenGradient g = EigenGradient.builder().build();
        GeneralizedEigendecomposition e = g.decompose(new double[][] {{2, 0}, {0, 1}}, new double[][] {{1, 0}, {0, 1}});
        assertEquals("null-input", assertThrows(InvalidInputException.class,
                () -> g.pullback((GeneralizedEigendecomposition) null, null, (double[]) null)).problem().code());
        assertEquals("wrong-length", assertThrows(InvalidInputException.class,
                () -> g.pullback(e, new double[3], (double[]) null)).problem().code());
        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> g.pushforward(e, null, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}));
        assertTrue(x.getMessage().startsWith("tangentB"), x.getMessage());
        assertThrows(DegenerateSpectrumException.class, () -> gradient("analytic").pullback(
                g.decompose(new double[][] {{1, 0}, {0, 1}}, new double[][] {{2, 0}, {0, 2}}), new double[] {1, 0},
                (double[]) null));
    }
}
