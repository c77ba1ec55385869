package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.EigenGradient.Method;
import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.Pullback2PowerIteration;
import io.github.eigengrad.runtime.generated.Pullback3PowerIteration;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import io.github.eigengrad.runtime.reference.FiniteDifferences;
import io.github.eigengrad.runtime.reference.Losses;
import io.github.eigengrad.runtime.reference.Losses.Cotangents;
import io.github.eigengrad.runtime.reference.Losses.EigenLoss;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EigenGradientTest {
    static Stream<Arguments> cases() {
        return IntStream.of(1, 2, 3, 4, 5, 8).boxed()
                .flatMap(n -> IntStream.range(0, 6).mapToObj(seed -> Arguments.of(n, seed)));
    }

    static double[][] columns(RealMatrix m) {
        return m == null ? null : m.getData();
    }

    /** Through the public API against finite differences of L(eigh(sym(A))). */
    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void publicApiMatchesFiniteDifferences(int n, int seed) {
        SplittableRandom random = new SplittableRandom(4000 + 10 * n + seed);
        double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, seed % 2 == 0, random), random);
        EigenLoss loss = sum(Losses.weightedEigenvalues(TestMatrices.gaussianVector(n, random)),
                Losses.projections(TestMatrices.gaussianVector(n, random), TestMatrices.gaussianVector(n, random)));
        double[][] fd = FiniteDifferences.gradient(Losses.ofMatrix(loss), a);
        for (EigenGradient g : new EigenGradient[] {
            EigenGradient.builder().method(Method.ANALYTIC).build(),
            EigenGradient.builder().method(Method.ADAPTIVE).tolerance(1e-12).maxIterations(100_000).build(),
            EigenGradient.builder().method(Method.POWER_ITERATION).iterations(200_000).build()}) {
            SymmetricEigendecomposition e = g.decompose(a);
            Cotangents c = loss.cotangents(e.values(), Losses.vectors(e));
            PullbackResult r = g.pullback(e, c.lambdaBar(), columns(c.vBar()));
            double diff = MatrixUtils.createRealMatrix(r.gradient()).subtract(MatrixUtils.createRealMatrix(fd))
                    .getFrobeniusNorm();
            double scale = Math.max(MatrixUtils.createRealMatrix(fd).getFrobeniusNorm(),
                    Math.abs(Losses.ofMatrix(loss).applyAsDouble(a)) / MatrixUtils.createRealMatrix(a).getFrobeniusNorm());
            assertTrue(diff <= 1e-6 * scale, () -> g.method() + ": " + diff / scale);
            r.gradientBound().ifPresent(bound -> assertTrue(
                    MatrixUtils.createRealMatrix(r.gradient()).getFrobeniusNorm() <= bound * (1 + 1e-12)));
        }
    }

    static EigenLoss sum(EigenLoss a, EigenLoss b) {
        return new EigenLoss() {
            @Override
            public double value(double[] lambda, RealMatrix v) {
                return a.value(lambda, v) + b.value(lambda, v);
            }

            @Override
            public Cotangents cotangents(double[] lambda, RealMatrix v) {
                return new Cotangents(a.cotangents(lambda, v).lambdaBar(), b.cotangents(lambda, v).vBar());
            }
        };
    }

    @Test
    void eigenvalueOnlyLossAndPaperMode() {
        double[][] a = TestMatrices.withSpectrum(new double[] {3, 2, 2, 0.5}, new SplittableRandom(1));
        double[] w = {1, -2, 0.5, 4};
        for (Method method : Method.values()) {
            EigenGradient g = EigenGradient.builder().method(method).maskDegenerate(true).build();
            SymmetricEigendecomposition e = g.decompose(a);
            double[][] expected = new double[4][4];
            for (int k = 0; k < 4; k++) {
                double[] v = e.vector(k);
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        expected[i][j] += w[k] * v[i] * v[j];
                    }
                }
            }
            double[][] got = g.pullback(e, w, (double[][]) null).gradient();
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(expected[i], got[i], 1e-14, method + " row " + i);
            }
            double[][] paper = g.toBuilder().eigenvalueTerm(false).build().pullback(e, w, (double[][]) null).gradient();
            for (double[] row : paper) {
                assertArrayEquals(new double[4], row, 0, method + ": paper mode has no eigenvalue gradient");
            }
        }
    }

    @Test
    void analyticFailsAtATieNamingThePairUnlessMasked() {
        double[][] a = TestMatrices.withSpectrum(new double[] {3, 1, 1}, new SplittableRandom(2));
        EigenGradient analytic = EigenGradient.builder().method(Method.ANALYTIC).build();
        SymmetricEigendecomposition e = analytic.decompose(a);
        double[][] vBar = TestMatrices.gaussianMatrix(3, 3, new SplittableRandom(3));
        DegenerateSpectrumException x = assertThrows(DegenerateSpectrumException.class,
                () -> analytic.pullback(e, null, vBar));
        assertEquals(1, x.first());
        assertEquals(2, x.second());
        assertTrue(x.getMessage().contains("eigenvalues 1 and 2") && x.getMessage().contains("power-iteration"));
        PullbackResult masked = analytic.toBuilder().maskDegenerate(true).build().pullback(e, null, vBar);
        assertEquals(1, masked.warnings().size());
        assertTrue(masked.warnings().get(0).contains("(1, 2)"));
        for (double v : masked.gradientRowMajor()) {
            assertTrue(Double.isFinite(v));
        }
        assertTrue(masked.iterationsUsed().isEmpty() && masked.gradientBound().isEmpty());
        // the power-iteration method is finite at the tie and within its bound
        PullbackResult pi = EigenGradient.builder().build().pullback(e, null, vBar);
        assertEquals(19, pi.iterationsUsed().getAsLong());
        assertEquals(1, pi.maxPairError(), 1e-12, "a tie accepts r^K = 1");
        assertTrue(MatrixUtils.createRealMatrix(pi.gradient()).getFrobeniusNorm() <= pi.gradientBound().getAsDouble());
    }

    @Test
    void rankDeficientAndIndefiniteSpectraAreShifted() {
        EigenGradient g = EigenGradient.builder().build();
        SymmetricEigendecomposition psd = g.decompose(TestMatrices.withSpectrum(new double[] {2, 1, 0},
                new SplittableRandom(4)));
        assertEquals(2e-3 - psd.value(2), g.pullback(psd, new double[] {1, 1, 1}, (double[][]) null).shift(), 1e-15);
        SymmetricEigendecomposition indefinite = g.decompose(new double[][] {{1, 0}, {0, -3}});
        assertEquals(3e-3 + 3, g.pullback(indefinite, null, new double[4]).shift(), 1e-15);
        SymmetricEigendecomposition pd = g.decompose(new double[][] {{2, 0}, {0, 1}});
        assertEquals(0, g.pullback(pd, null, new double[4]).shift(), 0);
    }

    @Test
    void cotangentsAreValidated() {
        EigenGradient g = EigenGradient.builder().build();
        SymmetricEigendecomposition e = g.decompose(new double[][] {{2, 1}, {1, 2}});
        assertProblem(Problem.WRONG_LENGTH, () -> g.pullback(e, new double[3], (double[][]) null), "valuesBar has length 3");
        assertProblem(Problem.NOT_FINITE, () -> g.pullback(e, new double[] {1, Double.NaN}, (double[][]) null),
                "valuesBar entry 1 is NaN");
        assertProblem(Problem.NOT_SQUARE, () -> g.pullback(e, null, new double[3][3]), "vectorsBar has 3 rows");
        assertProblem(Problem.RAGGED, () -> g.pullback(e, null, new double[][] {{1, 2}, {3}}), "ragged");
        assertProblem(Problem.WRONG_LENGTH, () -> g.pullback(e, null, new double[5]), "vectorsBar has length 5");
        assertProblem(Problem.NOT_FINITE, () -> g.pullback(e, null, new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}}),
                "entry (1, 1)");
        assertProblem(Problem.INVALID_OPTION, () -> EigenGradient.builder().iterations(0), "iterations K must be a whole number from 1 to 2^53");
        assertProblem(Problem.INVALID_OPTION, () -> EigenGradient.builder().iterations((1L << 53) + 2), "from 1 to 2^53");
        assertEquals(1L << 40, EigenGradient.builder().iterations(1L << 40).build().iterations());
        assertProblem(Problem.INVALID_OPTION, () -> Pullback2PowerIteration.pullback(new double[] {2, 1}, 0,
                new double[] {1, 0, 0, 1}, 0, null, 0, null, 0, new double[4], 0, (1L << 53) + 1, null), "got 9007199254740993");
        assertProblem(Problem.INVALID_OPTION, () -> GeneratedRuleSupport.checkMaxIterations(0), "whole number");
        assertProblem(Problem.INVALID_OPTION, () -> EigenGradient.builder().tolerance(1), "tolerance must be in (0, 1)");
        assertProblem(Problem.INVALID_OPTION, () -> EigenGradient.builder().maxIterations(0), "maxIterations");
        assertProblem(Problem.INVALID_OPTION, () -> EigenGradient.builder().degeneracyTolerance(-1), "degeneracyTolerance");
        assertProblem(Problem.INVALID_OPTION, () -> EigenGradient.builder().epsilon(-1), "epsilon");
    }

    static void assertProblem(Problem problem, org.junit.jupiter.api.function.Executable call, String fragment) {
        InvalidInputException x = assertThrows(InvalidInputException.class, call);
        assertEquals(problem, x.problem(), x.getMessage());
        assertTrue(x.getMessage().contains(fragment), () -> x.getMessage() + " lacks " + fragment);
    }

    /** Generated static methods check their arrays and parameters before any arithmetic. */
    @Test
    void generatedMethodsRejectShortArraysAndBadParameters() {
        double[] values = {2, 1};
        double[] vectors = {1, 0, 0, 1};
        assertProblem(Problem.WRONG_LENGTH, () -> Pullback2PowerIteration.pullback(values, 0, vectors, 1, null, 0, null,
                0, new double[4], 0, 19, null), "vectors has length 4 but needs 4 entries from offset 1");
        assertProblem(Problem.WRONG_LENGTH, () -> Pullback2PowerIteration.pullback(values, 0, vectors, 0, null, 0, null,
                0, new double[3], 0, 19, null), "gradient has length 3");
        assertProblem(Problem.NULL, () -> Pullback2PowerIteration.pullback(null, 0, vectors, 0, null, 0, null, 0,
                new double[4], 0, 19, null), "values is null");
        assertProblem(Problem.INVALID_OPTION, () -> Pullback2PowerIteration.pullback(values, 0, vectors, 0, null, 0, null,
                0, new double[4], 0, 0, null), "iterations K");
        assertProblem(Problem.WRONG_LENGTH, () -> PullbackGeneralPowerIteration.pullback(3, values, 0, vectors, 0, null,
                0, null, 0, new double[9], 0, 19, null, null), "values has length 2 but needs 3");
        assertThrows(IllegalArgumentException.class, () -> PullbackGeneralPowerIteration.pullback(2, values, 0, vectors,
                0, null, 0, null, 0, new double[4], 0, 19, new PullbackGeneralPowerIteration.Workspace(3), null));
    }

    /** Offsets address one problem inside flat batch arrays; results equal the single-problem call. */
    @Test
    void offsetsServeBatchesInFlatArrays() {
        SplittableRandom random = new SplittableRandom(9);
        int batch = 5;
        double[] values = new double[3 * batch];
        double[] vectors = new double[9 * batch];
        double[] vectorsBar = new double[9 * batch];
        double[] gradients = new double[9 * batch];
        double[][] singles = new double[batch][9];
        for (int b = 0; b < batch; b++) {
            SymmetricEigendecomposition e = Losses.decompose(TestMatrices.gaussianSymmetric(3, random));
            double[] vBar = TestMatrices.gaussianVector(9, random);
            System.arraycopy(e.values(), 0, values, 3 * b, 3);
            System.arraycopy(e.vectorsRowMajor(), 0, vectors, 9 * b, 9);
            System.arraycopy(vBar, 0, vectorsBar, 9 * b, 9);
            new Pullback3PowerIteration().pullback(e.values(), e.vectorsRowMajor(), null, vBar, singles[b]);
        }
        for (int b = 0; b < batch; b++) {
            Pullback3PowerIteration.pullback(values, 3 * b, vectors, 9 * b, null, 0, vectorsBar, 9 * b, gradients, 9 * b,
                    Pullback3PowerIteration.DEFAULT_ITERATIONS, null);
        }
        for (int b = 0; b < batch; b++) {
            assertArrayEquals(singles[b], java.util.Arrays.copyOfRange(gradients, 9 * b, 9 * b + 9), 0);
        }
    }

    /**
     * The generated F^(K) at ties and tiny gaps, through the 2x2 and the general code: with V = I
     * and dL/dV = e_1 e_0^T, the off-diagonal gradient entry is F^(K)_10 / 2, compared with the
     * K-term sum (or for huge K its closed form) in 60-digit BigDecimal.
     */
    @Test
    void stableSeriesAtTiesAndTinyGaps() {
        MathContext mc = new MathContext(60);
        int checked = 0;
        double[] vectors = {1, 0, 0, 1};
        double[] vectorsBar = {0, 0, 1, 0};
        for (double top : new double[] {1.0, 1e-290, 3.5e200}) {
            for (double relativeGap : new double[] {0, 0x1p-52, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3}) {
                double second = top * (1 - relativeGap);
                if (relativeGap > 0 && second == top) {
                    continue;
                }
                for (long k : new long[] {1, 2, 19, 1000, 1_000_000, 1_000_000_000}) {
                    BigDecimal expected = series(top, second, k, mc);
                    double[] fixed = new double[4];
                    Pullback2PowerIteration.pullback(new double[] {top, second}, 0, vectors, 0, null, 0, vectorsBar, 0,
                            fixed, 0, k, null);
                    double[] general = new double[4];
                    PullbackGeneralPowerIteration.pullback(2, new double[] {top, second}, 0, vectors, 0, null, 0,
                            vectorsBar, 0, general, 0, k, null, null);
                    double e = expected.doubleValue();
                    assertTrue(Double.isFinite(2 * fixed[1]), "finite");
                    assertEquals(e, 2 * fixed[1], 4e-15 * Math.abs(e), "fixed top=" + top + " gap=" + relativeGap + " K=" + k);
                    assertEquals(e, 2 * general[1], 4e-15 * Math.abs(e), "general top=" + top + " gap=" + relativeGap);
                    checked++;
                }
            }
        }
        // absolute gaps down to 1e-300 near 1e-290
        double top = 1.0e-290;
        double second = top - 1e-300;
        double[] fixed = new double[4];
        Pullback2PowerIteration.pullback(new double[] {top, second}, 0, vectors, 0, null, 0, vectorsBar, 0, fixed, 0,
                1_000_000, null);
        double e = series(top, second, 1_000_000, mc).doubleValue();
        assertEquals(e, 2 * fixed[1], 4e-15 * e);
        assertTrue(checked >= 100, "checked " + checked);
    }

    /**
     * Both branches of the generated F^(K) and the switch between them (K r^K = 1/2): for
     * ratios on either side of the switch and uniformly in (0, 1), within 4 ulps of the
     * 60-digit series, through the 2x2 and the general code.
     */
    @Test
    void seriesWithin4UlpsOnBothSidesOfTheBranchSwitch() {
        MathContext mc = new MathContext(60);
        SplittableRandom random = new SplittableRandom(2026);
        double[] vectors = {1, 0, 0, 1};
        double[] vectorsBar = {0, 0, 1, 0};
        int checked = 0;
        for (double top : new double[] {1.0, 3e-290, 3.5e200}) {
            for (long k : new long[] {1, 2, 3, 19, 50, 1000, 1_000_000}) {
                // the switch: K r^K = 1/2
                double rSwitch = Math.pow(0.5 / k, 1.0 / k);
                for (int trial = 0; trial < 40; trial++) {
                    double r = trial < 20 ? Math.min(rSwitch * (1 + (trial - 10) * 1e-3 / Math.max(1, Math.log(k))), 1)
                            : random.nextDouble();
                    double second = top * r;
                    if (second >= top) {
                        continue;
                    }
                    double e = series(top, second, k, mc).doubleValue();
                    double[] fixed = new double[4];
                    Pullback2PowerIteration.pullback(new double[] {top, second}, 0, vectors, 0, null, 0, vectorsBar, 0,
                            fixed, 0, k, null);
                    double[] general = new double[4];
                    PullbackGeneralPowerIteration.pullback(2, new double[] {top, second}, 0, vectors, 0, null, 0,
                            vectorsBar, 0, general, 0, k, null, null);
                    assertEquals(e, 2 * fixed[1], 4 * Math.ulp(e), "fixed top=" + top + " r=" + r + " K=" + k);
                    assertEquals(e, 2 * general[1], 4 * Math.ulp(e), "general top=" + top + " r=" + r + " K=" + k);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 3 * 7 * 38, "checked " + checked);
    }

    /** sum_{k<K} r^k / mu_i with r = mu_j / mu_i: the sum itself for K <= 1000, the closed form beyond. */
    static BigDecimal series(double muI, double muJ, long k, MathContext mc) {
        BigDecimal a = new BigDecimal(muI);
        BigDecimal b = new BigDecimal(muJ);
        BigDecimal r = b.divide(a, mc);
        if (k <= 1000) {
            BigDecimal sum = BigDecimal.ZERO;
            BigDecimal power = BigDecimal.ONE;
            for (long t = 0; t < k; t++) {
                sum = sum.add(power, mc);
                power = power.multiply(r, mc);
            }
            return sum.divide(a, mc);
        }
        if (muI == muJ) {
            return BigDecimal.valueOf(k).divide(a, mc);
        }
        return BigDecimal.ONE.subtract(power(r, k, mc), mc).divide(a.subtract(b, mc), mc);
    }

    /** r^k by repeated squaring (BigDecimal.pow stops at k = 999999999). */
    static BigDecimal power(BigDecimal r, long k, MathContext mc) {
        BigDecimal result = BigDecimal.ONE;
        BigDecimal square = r;
        for (long e = k; e > 0; e >>= 1) {
            if ((e & 1) == 1) {
                result = result.multiply(square, mc);
            }
            square = square.multiply(square, mc);
        }
        return result;
    }
}
