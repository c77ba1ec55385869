package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.eigengrad.runtime.generated.Pullback3PowerIteration;
import io.github.eigengrad.runtime.generated.PullbackGeneralPowerIteration;
import io.github.eigengrad.runtime.generated.Pushforward3PowerIteration;
import io.github.eigengrad.runtime.generated.PushforwardGeneralPowerIteration;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link GeneralizedRules}: a standard generated rule lifted to the generalised problem gives
 * what {@link EigenGradient} computes for it with the same method (to rounding: here the
 * diagonal term is added apart instead of riding on the eigenvalue term; at n = 7 the runtime
 * uses the fused method of the general classes), for n = 3 (straight-line rules) and n = 7
 * (general rules); bad arguments are named.
 */
class GeneralizedRulesTest {
    @Test
    void liftedRulesAgreeWithTheRuntime() {
        SplittableRandom random = new SplittableRandom(77);
        EigenGradient g = EigenGradient.builder().iterations(19).build();
        for (int n : new int[] {3, 7}) {
            PullbackRule back = n == 3 ? new Pullback3PowerIteration() : new PullbackGeneralPowerIteration();
            PushforwardRule forth = n == 3 ? new Pushforward3PowerIteration() : new PushforwardGeneralPowerIteration();
            for (int t = 0; t < 20; t++) {
                double[][][] p = GeneralizedDerivativesTest.pair(n, null, random);
                GeneralizedEigendecomposition e = g.decompose(p[0], p[1]);
                double[] lb = TestMatrices.gaussianVector(n, random);
                double[] vb = TestMatrices.gaussianVector(n * n, random);
                double[] ta = TestMatrices.gaussianVector(n * n, random);
                double[] tb = TestMatrices.gaussianVector(n * n, random);
                double[] ga = new double[n * n];
                double[] gb = new double[n * n];
                GeneralizedRules.pullback(back, e.values(), e.vectorsRowMajor(), lb, vb, ga, gb);
                GeneralizedPullbackResult r = g.pullback(e, lb, vb);
                if (n == 3) {
                    assertArrayEquals(r.gradientRowMajor(), ga, "dL/dA: the same first call, bit for bit");
                } else { // the runtime's fused method at n > 4
                    assertArrayEquals(r.gradientRowMajor(), ga, 1e-13, "dL/dA");
                }
                double[] expected = r.gradientBRowMajor();
                for (int k = 0; k < n * n; k++) {
                    assertEquals(expected[k], gb[k], 1e-13 * Math.max(1, Math.abs(expected[k])), "dL/dB " + k);
                }
                double[] valuesDot = new double[n];
                double[] vectorsDot = new double[n * n];
                GeneralizedRules.pushforward(forth, e.values(), e.vectorsRowMajor(), ta, tb, valuesDot, vectorsDot);
                GeneralizedPushforwardResult f = g.pushforward(e, rows(ta, n), rows(tb, n));
                assertArrayEquals(f.valuesDot(), valuesDot, 1e-13);
                assertArrayEquals(f.vectorsDotRowMajor(), vectorsDot, 1e-13);
            }
        }
    }

    static double[][] rows(double[] f, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(f, i * n, m[i], 0, n);
        }
        return m;
    }

    @Test
    void badArgumentsAreNamed() {
        double[] values = {3, 2, 1};
        double[] vectors = new double[9];
        assertEquals("null-input", assertThrows(InvalidInputException.class, () -> GeneralizedRules.pullback(null,
                values, vectors, null, null, new double[9], new double[9])).problem().code());
        assertEquals("wrong-length", assertThrows(InvalidInputException.class, () -> GeneralizedRules.pullback(
                new Pullback3PowerIteration(), new double[] {2, 1}, new double[4], null, null, new double[4],
                new double[4])).problem().code());
        assertEquals("wrong-length", assertThrows(InvalidInputException.class, () -> GeneralizedRules.pullback(
                new Pullback3PowerIteration(), values, vectors, null, null, new double[9], new double[8])).problem()
                .code());
    }
}
