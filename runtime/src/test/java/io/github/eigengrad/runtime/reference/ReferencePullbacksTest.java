package io.github.eigengrad.runtime.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.reference.Losses.Cotangents;
import io.github.eigengrad.runtime.reference.Losses.EigenLoss;
import io.github.eigengrad.runtime.reference.ReferencePullbacks.Adaptive;
import io.github.eigengrad.runtime.reference.ReferencePullbacks.Analytic;
import io.github.eigengrad.runtime.reference.ReferencePullbacks.Method;
import io.github.eigengrad.runtime.reference.ReferencePullbacks.PowerIteration;
import io.github.eigengrad.runtime.reference.ReferencePullbacks.Result;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference pullbacks (docs/math.md sections 3 to 5) against their oracles (section 8):
 * finite differences, each other, exact identities and BigDecimal.
 */
class ReferencePullbacksTest {
    static final int[] SIZES = {1, 2, 3, 4, 5, 8, 16};

    /** 210 cases: every size with 30 seeds. */
    static Stream<Arguments> cases() {
        return IntStream.of(SIZES).boxed()
                .flatMap(n -> IntStream.range(0, 30).mapToObj(seed -> Arguments.of(n, seed)));
    }

    static SplittableRandom random(int n, int seed) {
        return new SplittableRandom(0xE16E_0000L + 1000L * n + seed);
    }

    /** ||actual - expected||_F <= tolerance * ||expected||_F. */
    static void assertRelativeClose(RealMatrix expected, RealMatrix actual, double tolerance, String what) {
        double diff = actual.subtract(expected).getFrobeniusNorm();
        double norm = expected.getFrobeniusNorm();
        assertTrue(diff <= tolerance * norm,
                () -> what + ": relative difference " + diff / norm + " exceeds " + tolerance);
    }

    /**
     * Central differences of {@code loss} at {@code a} agree with {@code actual} to
     * {@code tolerance} relative to the larger of ||FD|| and |L(A)| / ||A||: the second is the
     * natural gradient scale of the loss and keeps a zero gradient (n = 1) from being compared
     * with the stencil's round-off alone.
     */
    static void assertMatchesFiniteDifferences(double[][] a, ToDoubleFunction<double[][]> loss, RealMatrix actual,
            double tolerance, String what) {
        RealMatrix fd = MatrixUtils.createRealMatrix(FiniteDifferences.gradient(loss, a));
        double scale = Math.max(fd.getFrobeniusNorm(),
                Math.abs(loss.applyAsDouble(a)) / MatrixUtils.createRealMatrix(a).getFrobeniusNorm());
        double diff = actual.subtract(fd).getFrobeniusNorm();
        assertTrue(diff <= tolerance * scale,
                () -> what + ": difference from finite differences " + diff / scale + " (relative) exceeds " + tolerance);
    }

    static RealMatrix analyticGradient(double[][] a, EigenLoss loss) {
        SymmetricEigendecomposition e = Losses.decompose(a);
        RealMatrix v = Losses.vectors(e);
        Cotangents c = loss.cotangents(e.values(), v);
        return ReferencePullbacks.analytic(e.values(), v, c.vBar(), c.lambdaBar(), true, Analytic.DEFAULT).gradient();
    }

    // ---- section 3: analytic pullback vs finite differences ----

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void analyticMatchesFiniteDifferencesOnEigenvalueAndEigenvectorLosses(int n, int seed) {
        SplittableRandom random = random(n, seed);
        double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, false, random), random);
        EigenLoss values = Losses.weightedEigenvalues(TestMatrices.gaussianVector(n, random));
        EigenLoss projections = Losses.projections(TestMatrices.gaussianVector(n, random),
                TestMatrices.gaussianVector(n, random));
        assertMatchesFiniteDifferences(a, Losses.ofMatrix(values), analyticGradient(a, values), 1e-6,
                "eigenvalue loss");
        assertMatchesFiniteDifferences(a, Losses.ofMatrix(projections), analyticGradient(a, projections), 1e-6,
                "projection loss");
    }

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void analyticMatchesFiniteDifferencesOnMatrixFunctions(int n, int seed) {
        SplittableRandom random = random(n, seed);
        double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, true, random), random);
        RealMatrix c = MatrixUtils.createRealMatrix(TestMatrices.gaussianMatrix(n, n, random));
        EigenLoss sqrt = Losses.matrixFunction(Math::sqrt, x -> 0.5 / Math.sqrt(x), c);
        EigenLoss log = Losses.matrixFunction(Math::log, x -> 1 / x, c);
        EigenLoss exp = Losses.matrixFunction(x -> Math.exp(x / n), x -> Math.exp(x / n) / n, c);
        for (EigenLoss loss : new EigenLoss[] {sqrt, log, exp}) {
            assertMatchesFiniteDifferences(a, Losses.ofMatrix(loss), analyticGradient(a, loss), 1e-6,
                    loss == sqrt ? "<sqrt(M), C>" : loss == log ? "<log(M), C>" : "<exp(M/n), C>");
        }
    }

    // ---- section 4: the three forms of Eq. 8 agree ----

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void matrixPowerSpectralAndSeriesFormsAgree(int n, int seed) {
        SplittableRandom random = random(n, seed);
        boolean positive = seed % 3 != 0;
        double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, positive, random), random);
        SymmetricEigendecomposition e = Losses.decompose(a);
        RealMatrix v = Losses.vectors(e);
        RealVector vBar = MatrixUtils.createRealVector(TestMatrices.gaussianVector(n, random));
        RealMatrix vBarFirstColumn = MatrixUtils.createRealMatrix(n, n);
        vBarFirstColumn.setColumnVector(0, vBar);
        double shift = ReferencePullbacks.spectrumShift(e.values());
        assertEquals(positive, shift == 0, "shift exactly for the spectra reaching 0");
        double[] mu = ReferencePullbacks.shiftedSpectrum(e.values());
        RealMatrix m = MatrixUtils.createRealMatrix(a).add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(shift));
        for (int k : new int[] {1, 5, 19, 100}) {
            RealMatrix power = ReferencePullbacks.matrixPowerForm(m, v.getColumnVector(0), mu[0], vBar, k);
            RealMatrix spectral = ReferencePullbacks.spectralForm(mu, v, vBar, k);
            Result series = ReferencePullbacks.series(e.values(), v, vBarFirstColumn, null, true, new PowerIteration(k));
            assertEquals(shift, series.shift());
            assertRelativeClose(spectral, power, 1e-12, "matrix-power vs spectral form, K=" + k);
            assertRelativeClose(spectral, series.gradient(), 1e-12, "F^(K) column 1 vs spectral form, K=" + k);
        }
    }

    // ---- section 8: Eq. 8 vs finite differences of K-step power iteration ----

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void matrixPowerFormMatchesFiniteDifferencesOfPowerIteration(int n, int seed) {
        SplittableRandom random = random(n, seed);
        double[] spectrum = TestMatrices.separatedSpectrum(n, true, random);
        if (n >= 3) {
            spectrum[2] = spectrum[1]; // an exact repeated eigenvalue below the top one
        }
        if (n >= 4 && seed % 2 == 0) {
            spectrum[n - 1] = 0; // and a PSD rank deficiency
        }
        double[][] a = TestMatrices.withSpectrum(spectrum, random);
        SymmetricEigendecomposition e = Losses.decompose(a);
        double[] start = e.vector(0);
        double[] vBar = TestMatrices.gaussianVector(n, random);
        for (int k : new int[] {1, 5, 19}) {
            RealMatrix power = ReferencePullbacks.matrixPowerForm(MatrixUtils.createRealMatrix(a),
                    MatrixUtils.createRealVector(start), e.value(0), MatrixUtils.createRealVector(vBar), k);
            assertMatchesFiniteDifferences(a, Losses.powerIteration(start, vBar, k), power, 1e-6, "K=" + k);
        }
    }

    // ---- section 5: adaptive K ----

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void adaptiveMatchesAnalyticToTheTolerance(int n, int seed) {
        SplittableRandom random = random(n, seed);
        double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, seed % 2 == 0, random), random);
        SymmetricEigendecomposition e = Losses.decompose(a);
        RealMatrix v = Losses.vectors(e);
        RealMatrix vBar = MatrixUtils.createRealMatrix(TestMatrices.gaussianMatrix(n, n, random));
        double[] lambdaBar = TestMatrices.gaussianVector(n, random);
        RealMatrix exact = ReferencePullbacks.analytic(e.values(), v, vBar, lambdaBar, true, Analytic.DEFAULT).gradient();
        for (double tol : new double[] {1e-6, 1e-10}) {
            Result adaptive = ReferencePullbacks.series(e.values(), v, vBar, lambdaBar, true, new Adaptive(tol, 10_000));
            assertTrue(adaptive.iterationsUsed() < 10_000, "the cap was not needed");
            assertTrue(adaptive.maxPairError() <= tol, "every pair within tol: " + adaptive.maxPairError());
            assertRelativeClose(exact, adaptive.gradient(), 10 * tol, "adaptive tol=" + tol);
            assertTrue(adaptive.gradient().getFrobeniusNorm() <= adaptive.gradientBound(), "section-5 bound");
        }
    }

    @Test
    void adaptiveKIsTheSmallestKMeetingTheTolerance() {
        assertEquals(34, ReferencePullbacks.adaptiveK(0.5, 1e-10, 1000));
        assertTrue(Math.pow(0.5, 34) <= 1e-10 && Math.pow(0.5, 33) > 1e-10);
        assertEquals(1, ReferencePullbacks.adaptiveK(0, 1e-10, 1000));
        assertEquals(1000, ReferencePullbacks.adaptiveK(1, 1e-10, 1000));
        assertEquals(1000, ReferencePullbacks.adaptiveK(0.999999, 1e-10, 1000));
        assertEquals(1, ReferencePullbacks.adaptiveK(1e-20, 1e-10, 1000));
        // the paper's K = 19 is enough for r <= 0.85 at 5%
        assertEquals(19, ReferencePullbacks.adaptiveK(0.85, 0.05, 1000));
    }

    // ---- the eigenvalue term ----

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void eigenvalueOnlyLossGetsTheEigenvalueTermAndPaperModeDropsIt(int n, int seed) {
        SplittableRandom random = random(n, seed);
        double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, true, random), random);
        SymmetricEigendecomposition e = Losses.decompose(a);
        RealMatrix v = Losses.vectors(e);
        double[] w = TestMatrices.gaussianVector(n, random);
        RealMatrix expected = MatrixUtils.createRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            RealVector vi = v.getColumnVector(i);
            expected = expected.add(vi.outerProduct(vi).scalarMultiply(w[i]));
        }
        assertTrue(expected.getFrobeniusNorm() > 0);
        assertMatchesFiniteDifferences(a, Losses.ofMatrix(Losses.weightedEigenvalues(w)), expected, 1e-6,
                "V diag(w) V^T");
        for (Method method : new Method[] {new PowerIteration(19), new Adaptive(1e-10, 1000)}) {
            Result on = ReferencePullbacks.series(e.values(), v, null, w, true, method);
            Result paper = ReferencePullbacks.series(e.values(), v, null, w, false, method);
            assertRelativeClose(expected, on.gradient(), 1e-13, "eigenvalue term " + method);
            assertEquals(0, paper.gradient().getFrobeniusNorm(), 0, "paper mode drops the eigenvalue gradient");
        }
        assertRelativeClose(expected,
                ReferencePullbacks.analytic(e.values(), v, null, w, true, Analytic.DEFAULT).gradient(), 1e-13,
                "analytic eigenvalue term");
        assertEquals(0, ReferencePullbacks.analytic(e.values(), v, null, w, false, Analytic.DEFAULT).gradient()
                .getFrobeniusNorm(), 0);
    }

    // ---- ties and near ties ----

    @Test
    void exactTiesGiveAFiniteIndexAntisymmetricFactor() {
        double[] mu = {3, 2, 2, 2, 0.5};
        for (int k : new int[] {1, 19, 1000, 1_000_000_000}) {
            RealMatrix f = ReferencePullbacks.seriesFactor(mu, new PowerIteration(k)).f();
            for (int i = 0; i < mu.length; i++) {
                assertEquals(0, f.getEntry(i, i), 0);
                for (int j = i + 1; j < mu.length; j++) {
                    assertTrue(Double.isFinite(f.getEntry(j, i)));
                    assertEquals(-f.getEntry(j, i), f.getEntry(i, j), 0, "antisymmetric by index");
                    if (mu[i] == mu[j]) {
                        assertEquals((double) k / mu[i], f.getEntry(j, i), 0, "K / mu_i at a tie");
                    }
                }
            }
            assertEquals(k / 2.0, f.getEntry(2, 1), 0);
        }
    }

    @Test
    void nearTiesMatchTheSeriesInExtendedPrecision() {
        SplittableRandom random = new SplittableRandom(20261126);
        MathContext mc = new MathContext(60);
        int checked = 0;
        for (double gap : new double[] {1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-3}) {
            for (int trial = 0; trial < 5; trial++) {
                double muI = (0.5 + 1.5 * random.nextDouble()) * Math.pow(10, random.nextInt(-100, 101));
                double muJ = muI * (1 - gap * (0.5 + random.nextDouble()));
                for (int k : new int[] {1, 2, 3, 19, 50, 100, 200}) {
                    BigDecimal r = new BigDecimal(muJ).divide(new BigDecimal(muI), mc);
                    BigDecimal sum = BigDecimal.ZERO;
                    BigDecimal power = BigDecimal.ONE;
                    for (int term = 0; term < k; term++) {
                        sum = sum.add(power, mc);
                        power = power.multiply(r, mc);
                    }
                    double expected = sum.divide(new BigDecimal(muI), mc).doubleValue();
                    double actual = ReferencePullbacks.seriesCoefficient(muI, muJ, k);
                    assertTrue(Double.isFinite(actual));
                    assertEquals(expected, actual, 1e-12 * expected, "gap " + gap + " K " + k);
                    checked++;
                }
            }
        }
        assertEquals(6 * 5 * 7, checked);
    }

    @Test
    void pairErrorIsRToTheK() {
        // the PI coefficient is the exact one times (1 - r^K): relative error r^K
        double muI = 2.0;
        for (double r : new double[] {0.1, 0.5, 0.85, 0.99}) {
            double muJ = muI * r;
            for (int k : new int[] {1, 5, 19, 50}) {
                double exact = 1 / (muI - muJ);
                double rK = Math.pow(muJ / muI, k);
                if (rK < 1e-6) {
                    continue;
                }
                double relativeError = (exact - ReferencePullbacks.seriesCoefficient(muI, muJ, k)) / exact;
                assertEquals(rK, relativeError, 1e-9 * rK, "r=" + r + " K=" + k);
            }
        }
    }

    @Test
    void seriesAtADegenerateSpectrumIsFiniteAndBounded() {
        SplittableRandom random = new SplittableRandom(99);
        double[][] a = TestMatrices.withSpectrum(new double[] {4, 1, 1, 1, 0}, random);
        SymmetricEigendecomposition e = Losses.decompose(a);
        RealMatrix v = Losses.vectors(e);
        RealMatrix vBar = MatrixUtils.createRealMatrix(TestMatrices.gaussianMatrix(5, 5, random));
        double[] lambdaBar = TestMatrices.gaussianVector(5, random);
        Result r = ReferencePullbacks.series(e.values(), v, vBar, lambdaBar, true, new PowerIteration(19));
        assertTrue(r.shift() > 0, "rank-deficient PSD is shifted");
        assertEquals(1, r.maxPairError(), 1e-12, "a tie accepts r^K = 1");
        double norm = r.gradient().getFrobeniusNorm();
        assertTrue(Double.isFinite(norm) && norm <= r.gradientBound(), norm + " > " + r.gradientBound());
        assertTrue(r.gradientBound() <= 19 / (1 + r.shift()) * vBar.getFrobeniusNorm()
                + MatrixUtils.createRealVector(lambdaBar).getNorm() + 1e-9, "K / mu_{n-1} form of the bound");
    }

    @Test
    void spectrumShiftFollowsSection4() {
        assertEquals(0, ReferencePullbacks.spectrumShift(new double[] {3, 2, 1}), 0);
        assertEquals(3e-3, ReferencePullbacks.spectrumShift(new double[] {3, 2, 0}), 0);
        assertEquals(1, ReferencePullbacks.spectrumShift(new double[] {0, 0}), 0);
        assertEquals(4e-3 + 4, ReferencePullbacks.spectrumShift(new double[] {3, -4}), 0);
        // below the 1e-12 threshold counts as zero: shifted
        assertEquals(1e-3 - 1e-13, ReferencePullbacks.spectrumShift(new double[] {1, 1e-13}), 1e-18);
        assertEquals(0, ReferencePullbacks.spectrumShift(new double[] {1, 1e-11}), 0);
    }

    // ---- the analytic method at a (near) tie ----

    @Test
    void analyticFailsAtATieNamingThePairOrMasksIt() {
        SplittableRandom random = new SplittableRandom(5);
        double[][] a = TestMatrices.withSpectrum(new double[] {3, 1, 1}, random);
        SymmetricEigendecomposition e = Losses.decompose(a);
        RealMatrix v = Losses.vectors(e);
        double[] c = {1.5, 0, 0};
        EigenLoss topOnly = Losses.projections(c, TestMatrices.gaussianVector(3, random));
        Cotangents cot = topOnly.cotangents(e.values(), v);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> ReferencePullbacks.analytic(e.values(), v, cot.vBar(), null, true, Analytic.DEFAULT));
        assertTrue(x.getMessage().contains("eigenvalues 1 and 2"), x.getMessage());
        Result masked = ReferencePullbacks.analytic(e.values(), v, cot.vBar(), null, true, new Analytic(1e-8, true));
        assertEquals(1, masked.warnings().size());
        assertTrue(masked.warnings().get(0).contains("(1, 2)"));
        // v_1 is simple, so its loss is differentiable at the tie and the masked pair does not enter
        assertMatchesFiniteDifferences(a, Losses.ofMatrix(topOnly), masked.gradient(), 1e-6, "masked analytic");
    }
}
