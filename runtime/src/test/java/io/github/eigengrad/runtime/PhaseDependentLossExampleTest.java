package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The README's complex example (docs/math.md section 13): the gradient of {@code L = Im V[1][0]},
 * a loss that depends on the phase of eigenvector 0, against central differences in the real
 * and the imaginary part of every entry of A (relative 1e-6), with the code as the README shows it.
 */
class PhaseDependentLossExampleTest {
    private static final double[][] RE = {{2, 0.5, 0}, {0.5, 1, 0.25}, {0, 0.25, -1}};
    private static final double[][] IM = {{0, 0.5, 0.1}, {-0.5, 0, -0.3}, {-0.1, 0.3, 0}};

    @Test
    void theGradientOfAPhaseDependentLossMatchesCentralDifferences() {
        EigenGradient g = EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
        HermitianEigendecomposition e = g.decomposeHermitian(RE, IM);   // V unitary, gauge entry real > 0
        double[] vectorsBar = new double[2 * 3 * 3];
        vectorsBar[2 * (1 * 3 + 0) + 1] = 1;                             // dL/dIm V[1][0]
        HermitianPullbackResult r = g.pullback(e, null, vectorsBar);
        double[][] gradRe = r.gradientRe();                              // dL/dRe A
        double[][] gradIm = r.gradientIm();                              // dL/dIm A

        EigenGradient any = EigenGradient.builder().symmetryTolerance(Double.POSITIVE_INFINITY).build();
        double h = 1e-6;
        double largest = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int part = 0; part < 2; part++) {
                    double[][] rp = copy(RE);
                    double[][] ip = copy(IM);
                    double[][] rm = copy(RE);
                    double[][] im = copy(IM);
                    (part == 0 ? rp : ip)[i][j] += h;
                    (part == 0 ? rm : im)[i][j] -= h;
                    double fd = (loss(any, rp, ip) - loss(any, rm, im)) / (2 * h);
                    double analytic = part == 0 ? gradRe[i][j] : gradIm[i][j];
                    assertEquals(fd, analytic, 1e-6, "(" + i + ", " + j + ") " + (part == 0 ? "re" : "im"));
                    largest = Math.max(largest, Math.abs(analytic));
                }
            }
        }
        assertTrue(largest > 1e-2, "the loss depends on the phase: the gradient is not zero (" + largest + ")");
    }

    private static double loss(EigenGradient g, double[][] re, double[][] im) {
        return g.decomposeHermitian(re, im).vectorsIm()[1][0];
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
