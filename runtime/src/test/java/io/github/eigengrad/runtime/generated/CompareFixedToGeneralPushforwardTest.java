package io.github.eigengrad.runtime.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.PushforwardReport;
import io.github.eigengrad.runtime.PushforwardRule;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.reference.Losses;
import io.github.eigengrad.runtime.reference.ReferencePullbacks;
import io.github.eigengrad.runtime.reference.ReferencePushforwards;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * The pushforward rules three ways, as {@link CompareFixedToGeneralTest} does for pullbacks:
 * each fixed-size class against the general-n class of the same method and against the plain
 * reference of docs/math.md section 9, report included; the pairs are counted.
 */
class CompareFixedToGeneralPushforwardTest {
    static final int TRIALS = 40;

    @Test
    void everyFixedSizePushforwardMatchesTheGeneralOneAndTheReference() throws Exception {
        int pairs = 0;
        for (int n = 1; n <= 9; n++) {
            for (String kind : CompareFixedToGeneralTest.METHODS) {
                Class<?> fixed;
                try {
                    fixed = Class.forName(getClass().getPackageName() + ".Pushforward" + n + kind);
                } catch (ClassNotFoundException e) {
                    continue;
                }
                Class<?> general = Class.forName(getClass().getPackageName() + ".PushforwardGeneral" + kind);
                assertEquals(n, ((PushforwardRule) fixed.getDeclaredConstructor().newInstance()).size());
                assertEquals(PushforwardRule.GENERAL,
                        ((PushforwardRule) general.getDeclaredConstructor().newInstance()).size());
                compare(n, kind, staticPushforward(fixed), staticPushforward(general));
                pairs++;
            }
        }
        assertEquals(9, pairs, "sizes 2, 3, 4 times three methods are generated and compared");
    }

    @Test
    void generalPushforwardsMatchTheReferenceAtOtherSizes() throws Exception {
        int compared = 0;
        for (String kind : CompareFixedToGeneralTest.METHODS) {
            Method general = staticPushforward(Class.forName(getClass().getPackageName() + ".PushforwardGeneral" + kind));
            for (int n : new int[] {1, 5, 8, 16}) {
                compare(n, kind, null, general);
                compared++;
            }
        }
        assertEquals(12, compared);
    }

    static Method staticPushforward(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals("pushforward") && java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                return m;
            }
        }
        throw new AssertionError(type + " has no static pushforward");
    }

    private void compare(int n, String kind, Method fixed, Method general) throws Exception {
        SplittableRandom random = new SplittableRandom(37L * n + kind.hashCode());
        for (int trial = 0; trial < TRIALS; trial++) {
            double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, trial % 2 == 0, random), random);
            SymmetricEigendecomposition e = Losses.decompose(a);
            double[] tangent = trial % 9 == 8 ? null : CompareFixedToGeneralTest.flat(TestMatrices.gaussianMatrix(n, n,
                    random));
            int k = 1 + random.nextInt(60);
            Object[] params = switch (kind) {
                case "PowerIteration" -> new Object[] {(long) k};
                case "Adaptive" -> new Object[] {Math.pow(10, -4 - random.nextInt(9)), 1L + random.nextInt(3000)};
                default -> new Object[] {1e-8};
            };
            ReferencePullbacks.Method method = switch (kind) {
                case "PowerIteration" -> new ReferencePullbacks.PowerIteration(k);
                case "Adaptive" -> new ReferencePullbacks.Adaptive((Double) params[0], ((Long) params[1]).intValue());
                default -> ReferencePullbacks.Analytic.DEFAULT;
            };
            RealMatrix aDot = tangent == null ? MatrixUtils.createRealMatrix(n, n)
                    : MatrixUtils.createRealMatrix(CompareFixedToGeneralTest.unflat(tangent, n));
            ReferencePushforwards.Result expected = ReferencePushforwards.pushforward(e.values(),
                    MatrixUtils.createRealMatrix(e.vectors()), aDot, true, method);

            double[][] generalOut = run(general, n, e, tangent, params, true, kind, expected, "general " + kind + " n=" + n);
            if (fixed != null) {
                double[][] fixedOut = run(fixed, n, e, tangent, params, false, kind, expected, "fixed " + kind + " n=" + n);
                assertClose(generalOut[0], fixedOut[0], "fixed vs general valuesDot " + kind + " n=" + n);
                assertClose(generalOut[1], fixedOut[1], "fixed vs general vectorsDot " + kind + " n=" + n);
            }
        }
    }

    private static double[][] run(Method rule, int n, SymmetricEigendecomposition e, double[] tangent, Object[] params,
            boolean general, String kind, ReferencePushforwards.Result expected, String what) throws Exception {
        double[] valuesDot = new double[n];
        double[] vectorsDot = new double[n * n];
        PushforwardReport report = new PushforwardReport();
        List<Object> args = new ArrayList<>();
        if (general) {
            args.add(n);
        }
        args.addAll(Arrays.asList(e.values(), 0, e.vectorsRowMajor(), 0, tangent, 0, valuesDot, 0, vectorsDot, 0));
        args.addAll(List.of(params));
        if (general) {
            args.add(null); // workspace
        }
        args.add(report);
        rule.invoke(null, args.toArray());
        assertClose(expected.valuesDot(), valuesDot, what + " valuesDot");
        assertClose(CompareFixedToGeneralTest.flat(expected.vectorsDot().getData()), vectorsDot, what + " vectorsDot");
        assertEquals(expected.shift(), report.shift(), 1e-15 * Math.abs(expected.shift()), what + " shift");
        if (kind.equals("Analytic")) {
            assertEquals(-1, report.iterationsUsed(), what);
            assertEquals(-1, report.vectorsDotBound(), 0, what);
        } else {
            assertEquals(expected.vectorsDotBound(), report.vectorsDotBound(), 1e-12 * expected.vectorsDotBound(),
                    what + " bound");
            double norm = Math.sqrt(Arrays.stream(vectorsDot).map(x -> x * x).sum());
            assertTrue(norm <= report.vectorsDotBound() * (1 + 1e-12), what + ": ||VDot|| within its bound");
        }
        return new double[][] {valuesDot, vectorsDot};
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        double norm = Math.sqrt(Arrays.stream(expected).map(x -> x * x).sum());
        double diff = 0;
        for (int k = 0; k < expected.length; k++) {
            diff += (expected[k] - actual[k]) * (expected[k] - actual[k]);
        }
        double d = Math.sqrt(diff);
        assertTrue(d <= 1e-12 * norm + 1e-300, () -> what + ": difference " + d + " against norm " + norm);
    }
}
