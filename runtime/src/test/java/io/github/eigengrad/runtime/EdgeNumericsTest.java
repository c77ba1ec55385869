package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.EigenGradient.Method;
import io.github.eigengrad.runtime.generated.Pullback4Analytic;
import io.github.eigengrad.runtime.generated.Pullback4PowerIteration;
import io.github.eigengrad.runtime.generated.PullbackGeneralAnalytic;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import io.github.eigengrad.runtime.reference.ReferencePullbacks;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The numerics of issue "hostile inputs" at the edges (docs/numerics.md): extreme scales,
 * ties and near ties, perturbations that split a tie, non-PSD input, and the Eq. 14 error
 * model as an identity.
 */
class EdgeNumericsTest {
    static final EigenGradient PI = EigenGradient.builder().build();
    static final EigenGradient ADAPTIVE = EigenGradient.builder().method(Method.ADAPTIVE).build();
    static final EigenGradient ANALYTIC = EigenGradient.builder().method(Method.ANALYTIC).build();

    static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static void assertClose(double[] expected, double[] actual, double relative, String what) {
        double scale = maxAbs(expected);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], relative * scale, what + " entry " + k);
        }
    }

    static double[] scaled(double[] x, double s) {
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = x[k] * s;
        }
        return y;
    }

    /**
     * sA for s = 1e-150 and 1e150: eigenvalues scale by s, the eigenvalue part of the gradient
     * is unchanged, the eigenvector part scales by 1/s, and nothing overflows or underflows
     * inside (the series never forms lambda^K).
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 4, 6})
    void extremeScales(int n) {
        SplittableRandom random = new SplittableRandom(100 + n);
        for (int trial = 0; trial < 10; trial++) {
            double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, trial % 2 == 0, random), random);
            double[] lambdaBar = TestMatrices.gaussianVector(n, random);
            double[] vBar = TestMatrices.gaussianVector(n * n, random);
            for (EigenGradient g : List.of(PI, ADAPTIVE, ANALYTIC)) {
                SymmetricEigendecomposition e = g.decompose(a);
                double[] eigenvaluePart = g.pullback(e, lambdaBar, (double[]) null).gradientRowMajor();
                double[] vectorPart = g.pullback(e, null, vBar).gradientRowMajor();
                for (double s : new double[] {1e-150, 1e150}) {
                    double[][] as = TestMatrices.scaled(a, s);
                    SymmetricEigendecomposition es = g.decompose(as);
                    assertClose(scaled(e.values(), s), es.values(), 1e-13, "values at scale " + s);
                    PullbackResult rs = g.pullback(es, lambdaBar, (double[]) null);
                    assertClose(eigenvaluePart, rs.gradientRowMajor(), 1e-12, "eigenvalue part at " + s);
                    assertClose(scaled(vectorPart, 1 / s), g.pullback(es, null, vBar).gradientRowMajor(), 1e-11,
                            "vector part at " + s + ", " + g.method());
                    assertEquals(g.pullback(e, lambdaBar, vBar).shift() * s, rs.shift(), 1e-13 * maxAbs(es.values()));
                }
            }
        }
    }

    /** Ties at the top, middle and bottom, triple ties, near ties, and the special matrices. */
    static List<double[][]> tiedMatrices(SplittableRandom random) {
        List<double[][]> m = new ArrayList<>();
        for (double gap : new double[] {0, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3}) {
            double t = 3 * (1 - gap);
            m.add(TestMatrices.withSpectrum(new double[] {3, t, 1}, random)); // top
            m.add(TestMatrices.withSpectrum(new double[] {4, 2, 2 * (1 - gap), 1}, random)); // middle
            m.add(TestMatrices.withSpectrum(new double[] {5, 2, 0.5, 0.5 * (1 - gap)}, random)); // bottom
            m.add(TestMatrices.withSpectrum(new double[] {2, 2 * (1 - gap), 2 * (1 - 2 * gap), -1, -3, 0.5}, random));
            m.add(TestMatrices.withSpectrum(new double[] {-1, -1 * (1 + gap), -2}, random)); // negative definite
        }
        m.add(new double[5][5]); // zero
        double[][] identity = new double[4][4];
        for (int i = 0; i < 4; i++) {
            identity[i][i] = 1;
        }
        m.add(identity);
        double[] u = TestMatrices.gaussianVector(6, random);
        double[][] rank1 = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                rank1[i][j] = u[i] * u[j];
            }
        }
        m.add(rank1);
        return m;
    }

    /**
     * Power iteration and adaptive: finite and within the section-5 bound at every tie. The
     * analytic method names the tied pair, or masks it and says so.
     */
    @Test
    void tiesAreFiniteAndBoundedOrNamed() {
        SplittableRandom random = new SplittableRandom(7);
        int named = 0;
        for (double[][] a : tiedMatrices(random)) {
            int n = a.length;
            double[] lambdaBar = TestMatrices.gaussianVector(n, random);
            double[] vBar = TestMatrices.gaussianVector(n * n, random);
            for (EigenGradient g : List.of(PI, ADAPTIVE)) {
                SymmetricEigendecomposition e = g.decompose(a);
                PullbackResult r = g.pullback(e, lambdaBar, vBar);
                double norm = 0;
                for (double x : r.gradientRowMajor()) {
                    assertTrue(Double.isFinite(x));
                    norm += x * x;
                }
                double bound = r.gradientBound().orElseThrow();
                assertTrue(Math.sqrt(norm) <= bound * (1 + 1e-12), "||G|| " + Math.sqrt(norm) + " > bound " + bound);
            }
            SymmetricEigendecomposition e = ANALYTIC.decompose(a);
            double m = Math.max(Math.abs(e.value(0)), Math.abs(e.value(n - 1)));
            int tied = -1;
            for (int i = 0; i + 1 < n && tied < 0; i++) {
                if (!(e.value(i) - e.value(i + 1) > 1e-8 * m)) {
                    tied = i;
                }
            }
            if (tied >= 0) {
                DegenerateSpectrumException x = assertThrows(DegenerateSpectrumException.class,
                        () -> ANALYTIC.pullback(e, lambdaBar, vBar));
                assertEquals(tied, x.first());
                assertEquals(tied + 1, x.second());
                PullbackResult masked = ANALYTIC.toBuilder().maskDegenerate(true).build().pullback(e, lambdaBar, vBar);
                assertTrue(!masked.warnings().isEmpty());
                for (double v : masked.gradientRowMajor()) {
                    assertTrue(Double.isFinite(v));
                }
                named++;
            }
        }
        assertTrue(named >= 20, "ties named: " + named);
    }

    /** {@code <V_k V_k^T, C>}: the projector onto the top-k eigenvectors, smooth wherever lambda_k > lambda_{k+1}. */
    static double projector(double[][] a, int k, RealMatrix c) {
        SymmetricEigendecomposition e = PI.decompose(a);
        double s = 0;
        for (int j = 0; j < k; j++) {
            double[] v = e.vector(j);
            s += MatrixUtils.createRealVector(v).dotProduct(c.operate(MatrixUtils.createRealVector(v)));
        }
        return s;
    }

    /**
     * At a tie inside the top-k block (or inside its complement), gauge-invariant losses are
     * smooth: {@code sum lambda_i^2} and the top-k projector. Their gradients must match
     * central differences along random directions, which split the tie.
     */
    @Test
    void gradientsAlongDirectionsThatSplitTheTie() {
        SplittableRandom random = new SplittableRandom(11);
        EigenGradient adaptive = ADAPTIVE.toBuilder().tolerance(1e-13).build();
        int checked = 0;
        double[][] spectra = {{3, 3, 1, 0.5}, {4, 2, 1, 1}, {5, 3, 3, 3, 1}, {2, 2, 2, 0.5, 0.25}};
        int[] ks = {2, 2, 1, 3};
        for (int s = 0; s < spectra.length; s++) {
            double[][] a = TestMatrices.withSpectrum(spectra[s], random);
            int n = a.length;
            int k = ks[s];
            RealMatrix c = ReferencePullbacks.sym(MatrixUtils.createRealMatrix(TestMatrices.gaussianMatrix(n, n, random)));
            SymmetricEigendecomposition e = adaptive.decompose(a);
            // the projector: dL/dv_j = 2 C v_j for j < k
            double[][] vBar = new double[n][n];
            for (int j = 0; j < k; j++) {
                double[] cv = c.operate(e.vector(j));
                for (int i = 0; i < n; i++) {
                    vBar[i][j] = 2 * cv[i];
                }
            }
            double[] projectorGradient = adaptive.pullback(e, null, vBar).gradientRowMajor();
            double[] squares = new double[n];
            for (int i = 0; i < n; i++) {
                squares[i] = 2 * e.value(i);
            }
            double[] squaresGradient = adaptive.pullback(e, squares, (double[][]) null).gradientRowMajor();
            ToDoubleFunction<double[][]> sumOfSquares = m -> {
                double t = 0;
                for (double v : PI.decompose(m).values()) {
                    t += v * v;
                }
                return t;
            };
            for (int d = 0; d < 5; d++) {
                double[][] dir = TestMatrices.gaussianSymmetric(n, random);
                double h = 1e-5;
                double[][] plus = new double[n][n];
                double[][] minus = new double[n][n];
                double directional = 0;
                double directionalSquares = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        plus[i][j] = a[i][j] + h * dir[i][j];
                        minus[i][j] = a[i][j] - h * dir[i][j];
                        directional += projectorGradient[i * n + j] * dir[i][j];
                        directionalSquares += squaresGradient[i * n + j] * dir[i][j];
                    }
                }
                double fd = (projector(plus, k, c) - projector(minus, k, c)) / (2 * h);
                double fdSquares = (sumOfSquares.applyAsDouble(plus) - sumOfSquares.applyAsDouble(minus)) / (2 * h);
                assertEquals(fd, directional, 1e-6 * (1 + Math.abs(fd)), "projector, spectrum " + s);
                assertEquals(fdSquares, directionalSquares, 1e-6 * (1 + Math.abs(fdSquares)), "squares, spectrum " + s);
                checked++;
            }
        }
        assertEquals(20, checked);
    }

    /** Indefinite and negative definite input: the shift of docs/math.md section 4 is applied, reported, and F^(K) uses mu. */
    @Test
    void nonPositiveSpectraAreShifted() {
        SplittableRandom random = new SplittableRandom(13);
        for (double[] spectrum : new double[][] {{2, 0.5, -1}, {-0.5, -1, -3}, {1, -1, -2, -4}, {3, 1, 0, 0, -2}}) {
            double[][] a = TestMatrices.withSpectrum(spectrum, random);
            int n = a.length;
            SymmetricEigendecomposition e = PI.decompose(a);
            double[] lambdaBar = TestMatrices.gaussianVector(n, random);
            RealMatrix vBar = MatrixUtils.createRealMatrix(TestMatrices.gaussianMatrix(n, n, random));
            PullbackResult r = PI.pullback(e, lambdaBar, vBar.getData());
            double[] lambda = e.values();
            double m = Math.max(Math.abs(lambda[0]), Math.abs(lambda[n - 1]));
            double shift = 1e-3 * m - lambda[n - 1];
            assertEquals(shift, r.shift(), 1e-15 * m, "shift reported");
            // V (F o skew(V^T VBar) + diag(lambdaBar)) V^T with F from the shifted ratios, written out here
            RealMatrix v = MatrixUtils.createRealMatrix(e.vectors());
            RealMatrix gMat = v.transpose().multiply(vBar);
            RealMatrix x = MatrixUtils.createRealMatrix(n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double skew = (gMat.getEntry(i, j) - gMat.getEntry(j, i)) / 2;
                    double f = i == j ? 0 : i < j ? -coefficient(lambda[i] + shift, lambda[j] + shift)
                            : coefficient(lambda[j] + shift, lambda[i] + shift);
                    x.setEntry(i, j, f * skew + (i == j ? lambdaBar[i] : 0));
                }
            }
            double[] expected = flat(v.multiply(x).multiply(v.transpose()));
            assertClose(expected, r.gradientRowMajor(), 1e-12, "shifted F^(K)");
        }
    }

    /** c_K(r)/mu_i by the plain sum of K = 19 terms. */
    static double coefficient(double muI, double muJ) {
        double r = muJ / muI;
        double sum = 0;
        double p = 1;
        for (int t = 0; t < 19; t++) {
            sum += p;
            p *= r;
        }
        return sum / muI;
    }

    static double[] flat(RealMatrix m) {
        int n = m.getRowDimension();
        double[] f = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                f[i * n + j] = m.getEntry(i, j);
            }
        }
        return f;
    }

    /**
     * Eq. 14's error model is exact: with V = I and dL/dV = e_i e_j^T, the gradient entry (i, j)
     * isolates one pair, and 1 - PI/analytic = r^K. Measured in double to 1e-9 relative where
     * r^K >= 1e-6; below, where cancellation hides it, F^(K) is checked against its 60-digit
     * value (1 - r^K)/(mu_i - mu_j) to 4 ulps. Through the fixed 4x4 and the general code (n = 6).
     */
    @Test
    void theEq14ErrorModelIsAnIdentity() {
        SplittableRandom random = new SplittableRandom(17);
        MathContext mc = new MathContext(60);
        int measured = 0;
        int inBigDecimal = 0;
        for (int n : new int[] {4, 6}) {
            double[] vectors = new double[n * n];
            for (int i = 0; i < n; i++) {
                vectors[i * n + i] = 1;
            }
            for (int trial = 0; trial < 6; trial++) {
                double[] lambda = TestMatrices.separatedSpectrum(n, true, random);
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        double[] vBar = new double[n * n];
                        vBar[i * n + j] = 1;
                        double[] analytic = new double[n * n];
                        if (n == 4) {
                            Pullback4Analytic.pullback(lambda, 0, vectors, 0, null, 0, vBar, 0, analytic, 0, 0, null);
                        } else {
                            PullbackGeneralAnalytic.pullback(n, lambda, 0, vectors, 0, null, 0, vBar, 0, analytic, 0, 0,
                                    null, null);
                        }
                        double r = lambda[j] / lambda[i];
                        for (int k = 1; k <= 50; k++) {
                            double[] pi = new double[n * n];
                            if (n == 4) {
                                Pullback4PowerIteration.pullback(lambda, 0, vectors, 0, null, 0, vBar, 0, pi, 0, k, null);
                            } else {
                                PullbackGeneralPowerIteration.pullback(n, lambda, 0, vectors, 0, null, 0, vBar, 0, pi, 0,
                                        k, null, null);
                            }
                            double rK = Math.pow(r, k);
                            if (rK >= 1e-6) {
                                double error = 1 - pi[i * n + j] / analytic[i * n + j];
                                assertEquals(rK, error, 1e-9 * rK, "n=" + n + " pair " + i + "," + j + " K=" + k);
                                measured++;
                            } else {
                                BigDecimal mi = new BigDecimal(lambda[i]);
                                BigDecimal mj = new BigDecimal(lambda[j]);
                                BigDecimal rExact = mj.divide(mi, mc);
                                BigDecimal f = BigDecimal.ONE.subtract(rExact.pow(k, mc), mc).divide(mi.subtract(mj), mc);
                                // the entry is F_ij / 2 with F_ij = -F^(K)_ji for i < j
                                double expected = -f.doubleValue() / 2;
                                assertEquals(expected, pi[i * n + j], 4 * Math.ulp(expected), "BigDecimal, K=" + k);
                                inBigDecimal++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(measured > 500 && inBigDecimal > 500, measured + " measured, " + inBigDecimal + " in BigDecimal");
    }
}
