package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The README's Fisher LDA example (docs/math.md section 12): scatter matrices of three
 * Gaussian classes, the best Fisher ratio as the top generalised eigenvalue of (S_b, S_w), its
 * direction against the ratio it attains, and its gradient against central differences in
 * every entry of S_b and S_w (as the example's comments state: v v^T and -lambda v v^T).
 */
class FisherLdaExampleTest {
    @Test
    void topDirectionAndItsGradient() {
        int d = 3;
        SplittableRandom random = new SplittableRandom(2024);
        double[][] means = {{0, 0, 0}, {2, 0.5, 0}, {0.5, 2, 1}};
        double[][] sb = new double[d][d];
        double[][] sw = new double[d][d];
        double[] grand = new double[d];
        int perClass = 200;
        double[][][] samples = new double[3][perClass][d];
        for (int c = 0; c < 3; c++) {
            for (int s = 0; s < perClass; s++) {
                for (int k = 0; k < d; k++) {
                    samples[c][s][k] = means[c][k] + random.nextGaussian() * (k + 1) * 0.5;
                    grand[k] += samples[c][s][k] / (3 * perClass);
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            double[] mean = new double[d];
            for (double[] x : samples[c]) {
                for (int k = 0; k < d; k++) {
                    mean[k] += x[k] / perClass;
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    sb[i][j] += perClass * (mean[i] - grand[i]) * (mean[j] - grand[j]);
                    for (double[] x : samples[c]) {
                        sw[i][j] += (x[i] - mean[i]) * (x[j] - mean[j]);
                    }
                }
            }
        }
        EigenGradient g = EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
        GeneralizedEigendecomposition lda = g.decompose(sb, sw);
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = lda.vectors()[i][0];
        }
        // the direction attains the ratio v^T S_b v / v^T S_w v = lambda_0, and no random direction beats it
        assertEquals(lda.value(0), quadratic(sb, v) / quadratic(sw, v), 1e-12 * lda.value(0));
        for (int t = 0; t < 1000; t++) {
            double[] w = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            assertTrue(quadratic(sb, w) / quadratic(sw, w) <= lda.value(0) * (1 + 1e-12));
        }
        GeneralizedPullbackResult r = g.pullback(lda, new double[] {1, 0, 0}, (double[][]) null);
        double h = 1e-4;
        for (int which = 0; which < 2; which++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double[][] plus = copy(which == 0 ? sb : sw);
                    double[][] minus = copy(which == 0 ? sb : sw);
                    plus[i][j] += h;
                    minus[i][j] -= h;
                    if (i != j) {
                        plus[j][i] += h;
                        minus[j][i] -= h;
                    }
                    double up = which == 0 ? g.decompose(plus, sw).value(0) : g.decompose(sb, plus).value(0);
                    double down = which == 0 ? g.decompose(minus, sw).value(0) : g.decompose(sb, minus).value(0);
                    double[][] grad = which == 0 ? r.gradient() : r.gradientB();
                    double ours = i == j ? grad[i][i] : grad[i][j] + grad[j][i];
                    assertEquals((up - down) / (2 * h), ours, 1e-7, (which == 0 ? "S_b" : "S_w") + " " + i + j);
                    double expected = (which == 0 ? 1 : -lda.value(0)) * v[i] * v[j];
                    assertEquals(expected, grad[i][j], 1e-14 * Math.max(1, lda.value(0)), "v v^T form");
                }
            }
        }
    }

    static double quadratic(double[][] m, double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                s += x[i] * m[i][j] * x[j];
            }
        }
        return s;
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
