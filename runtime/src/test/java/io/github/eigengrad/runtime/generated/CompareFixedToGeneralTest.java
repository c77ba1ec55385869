package io.github.eigengrad.runtime.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.PullbackReport;
import io.github.eigengrad.runtime.PullbackRule;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.reference.Losses;
import io.github.eigengrad.runtime.reference.ReferencePullbacks;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * In the style of EJML's CompareFixed: every generated fixed-size method is paired with the
 * general-n method of the same method kind and with the reference written from docs/math.md, on
 * random inputs; the number of pairs is asserted so that nothing is skipped silently.
 */
class CompareFixedToGeneralTest {
    static final String[] METHODS = {"Analytic", "PowerIteration", "Adaptive"};
    static final int TRIALS = 40;

    @Test
    void everyFixedSizeRuleMatchesTheGeneralRuleAndTheReference() throws Exception {
        int pairs = 0;
        for (int n = 1; n <= 9; n++) {
            for (String kind : METHODS) {
                Class<?> fixed;
                try {
                    fixed = Class.forName(getClass().getPackageName() + ".Pullback" + n + kind);
                } catch (ClassNotFoundException e) {
                    continue;
                }
                Class<?> general = Class.forName(getClass().getPackageName() + ".PullbackGeneral" + kind);
                assertEquals(n, ((PullbackRule) fixed.getDeclaredConstructor().newInstance()).size());
                assertEquals(PullbackRule.GENERAL, ((PullbackRule) general.getDeclaredConstructor().newInstance()).size());
                compare(n, kind, staticPullback(fixed), staticPullback(general));
                pairs++;
            }
        }
        assertEquals(9, pairs, "sizes 2, 3, 4 times three methods are generated and compared");
    }

    /** The general rules alone against the reference at sizes without a fixed rule. */
    @Test
    void generalRulesMatchTheReferenceAtOtherSizes() throws Exception {
        int compared = 0;
        for (String kind : METHODS) {
            Method general = staticPullback(Class.forName(getClass().getPackageName() + ".PullbackGeneral" + kind));
            for (int n : new int[] {1, 5, 8, 16}) {
                compare(n, kind, null, general);
                compared++;
            }
        }
        assertEquals(12, compared);
    }

    static Method staticPullback(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals("pullback") && java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                return m;
            }
        }
        throw new AssertionError(type + " has no static pullback");
    }

    private void compare(int n, String kind, Method fixed, Method general) throws Exception {
        SplittableRandom random = new SplittableRandom(31L * n + kind.hashCode());
        for (int trial = 0; trial < TRIALS; trial++) {
            boolean positive = trial % 2 == 0;
            double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, positive, random), random);
            SymmetricEigendecomposition e = Losses.decompose(a);
            double[] valuesBar = trial % 5 == 4 ? null : TestMatrices.gaussianVector(n, random);
            double[] vectorsBar = trial % 7 == 6 ? null : flat(TestMatrices.gaussianMatrix(n, n, random));
            int k = 1 + random.nextInt(60);
            // K and Kmax are longs in the generated signatures, the tolerances doubles
            Object[] params = switch (kind) {
                case "PowerIteration" -> new Object[] {(long) k};
                case "Adaptive" -> new Object[] {Math.pow(10, -4 - random.nextInt(9)), 1L + random.nextInt(3000)};
                default -> new Object[] {1e-8};
            };
            ReferencePullbacks.Method referenceMethod = switch (kind) {
                case "PowerIteration" -> new ReferencePullbacks.PowerIteration(k);
                case "Adaptive" -> new ReferencePullbacks.Adaptive((Double) params[0], ((Long) params[1]).intValue());
                default -> ReferencePullbacks.Analytic.DEFAULT;
            };
            RealMatrix vBar = vectorsBar == null ? null : MatrixUtils.createRealMatrix(unflat(vectorsBar, n));
            RealMatrix v = MatrixUtils.createRealMatrix(e.vectors());
            ReferencePullbacks.Result expected = kind.equals("Analytic")
                    ? ReferencePullbacks.analytic(e.values(), v, vBar, valuesBar, true,
                            (ReferencePullbacks.Analytic) referenceMethod)
                    : ReferencePullbacks.series(e.values(), v, vBar, valuesBar, true, referenceMethod);

            PullbackReport generalReport = new PullbackReport();
            double[] generalGradient = new double[n * n];
            List<Object> args = new ArrayList<>(List.of(n));
            args.addAll(arrays(e, valuesBar, vectorsBar, generalGradient));
            args.addAll(List.of(params));
            args.add(null); // workspace
            args.add(generalReport);
            general.invoke(null, args.toArray());
            assertRelativeClose(expected.gradient(), generalGradient, "general " + kind + " n=" + n);
            assertReport(expected, generalReport, kind, "general " + kind + " n=" + n);

            if (fixed != null) {
                PullbackReport fixedReport = new PullbackReport();
                double[] fixedGradient = new double[n * n];
                List<Object> fixedArgs = new ArrayList<>(arrays(e, valuesBar, vectorsBar, fixedGradient));
                fixedArgs.addAll(List.of(params));
                fixedArgs.add(fixedReport);
                fixed.invoke(null, fixedArgs.toArray());
                assertRelativeClose(expected.gradient(), fixedGradient, "fixed " + kind + " n=" + n);
                assertRelativeClose(MatrixUtils.createRealMatrix(unflat(generalGradient, n)), fixedGradient,
                        "fixed vs general " + kind + " n=" + n);
                assertReport(expected, fixedReport, kind, "fixed " + kind + " n=" + n);
            }
        }
    }

    /** values, vectors, valuesBar, vectorsBar, gradient, each with offset 0. */
    static List<Object> arrays(SymmetricEigendecomposition e, double[] valuesBar, double[] vectorsBar, double[] gradient) {
        return java.util.Arrays.asList(e.values(), 0, e.vectorsRowMajor(), 0, valuesBar, 0, vectorsBar, 0, gradient, 0);
    }

    static void assertReport(ReferencePullbacks.Result expected, PullbackReport report, String kind, String what) {
        assertEquals(expected.shift(), report.shift(), 1e-15 * Math.abs(expected.shift()), what + " shift");
        if (kind.equals("Analytic")) {
            assertEquals(-1, report.iterationsUsed(), 0, what);
            assertEquals(0, report.maxPairError(), 0, what);
            assertEquals(-1, report.gradientBound(), 0, what);
            return;
        }
        assertEquals(expected.iterationsUsed(), report.iterationsUsed(), 0, what + " K used");
        // r^K amplifies rounding by K; the shifted spectra here keep mu_j >= ~1e-3 max|lambda|
        assertEquals(expected.maxPairError(), report.maxPairError(),
                1e-9 * expected.maxPairError() + 1e-300, what + " max r^K");
        assertEquals(expected.gradientBound(), report.gradientBound(), 1e-12 * expected.gradientBound(), what + " bound");
    }

    static void assertRelativeClose(RealMatrix expected, double[] actual, String what) {
        int n = expected.getRowDimension();
        double diff = MatrixUtils.createRealMatrix(unflat(actual, n)).subtract(expected).getFrobeniusNorm();
        double norm = expected.getFrobeniusNorm();
        assertTrue(diff <= 1e-12 * norm, () -> what + ": relative difference " + diff / norm);
    }

    static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    static double[][] unflat(double[] x, int n) {
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOfRange(x, i * n, (i + 1) * n);
        }
        return m;
    }
}
