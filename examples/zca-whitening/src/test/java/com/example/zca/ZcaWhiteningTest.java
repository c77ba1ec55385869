package com.example.zca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZcaWhiteningTest {
    static double loss(ZcaWhitening layer, double[][] x, double[][] r) {
        double[][] y = layer.forward(x);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                s += y[i][j] * r[i][j];
            }
        }
        return s;
    }

    /** Whitened output: Y^T Y / N = S^(-1/2) (S - eps I) S^(-1/2), close to I for small eps. */
    @Test
    void outputIsWhite() {
        SplittableRandom random = new SplittableRandom(1);
        double[][] x = data(200, 4, random, false);
        double[][] y = new ZcaWhitening(1e-9).forward(x);
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                double s = 0;
                for (double[] row : y) {
                    s += row[a] * row[b] / y.length;
                }
                assertEquals(a == b ? 1 : 0, s, 1e-6);
            }
        }
    }

    /**
     * dL/dX against central differences, for correlated features and for features of exactly
     * equal variance (tied eigenvalues of the covariance), where the backward pass must stay exact.
     */
    @Test
    void backwardMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(2);
        for (boolean tied : new boolean[] {false, true}) {
            double[][] x = data(12, 3, random, tied);
            double[][] r = data(x.length, 3, random, false);
            ZcaWhitening layer = new ZcaWhitening(1e-3);
            layer.forward(x);
            double[][] xBar = layer.backward(r);
            double h = 1e-6;
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x[0].length; j++) {
                    double keep = x[i][j];
                    x[i][j] = keep + h;
                    double plus = loss(layer, x, r);
                    x[i][j] = keep - h;
                    double minus = loss(layer, x, r);
                    x[i][j] = keep;
                    double fd = (plus - minus) / (2 * h);
                    assertEquals(fd, xBar[i][j], 1e-6 * Math.max(1, Math.abs(fd)), "entry " + i + ", " + j
                            + (tied ? " (tied variances)" : ""));
                }
            }
        }
    }

    /**
     * Gaussian data with correlated columns; with {@code tied}, every row together with its
     * cyclic shifts, so the covariance is circulant: two of its eigenvalues are equal (up to the
     * rounding of the sums).
     */
    static double[][] data(int n, int d, SplittableRandom random, boolean tied) {
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = random.nextGaussian() + (tied ? 0 : 0.5 * j * x[i][0]);
            }
        }
        if (tied) {
            // rows (a, b, c) and their cyclic shifts: the covariance is circulant with a tied pair
            double[][] y = new double[3 * n][d];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < 3; s++) {
                    for (int j = 0; j < d; j++) {
                        y[3 * i + s][j] = x[i][(j + s) % d];
                    }
                }
            }
            return y;
        }
        return x;
    }
}
