package io.github.eigengrad.benchmarks;

import java.util.SplittableRandom;

/**
 * A pool of random problems (a symmetric matrix with well-separated eigenvalues, and
 * cotangents) cycled through by the benchmarks, so that neither the JIT nor the branch
 * predictor sees one input again and again.
 */
final class Problems {
    final int n;
    final int count;
    final double[] matrices;
    final double[][][] matrices2d;
    final double[] valuesBar;
    final double[] vectorsBar;

    Problems(int n, int count, long seed) {
        this.n = n;
        this.count = count;
        SplittableRandom random = new SplittableRandom(seed);
        matrices = new double[count * n * n];
        matrices2d = new double[count][n][n];
        valuesBar = new double[count * n];
        vectorsBar = new double[count * n * n];
        for (int b = 0; b < count; b++) {
            // Gaussian symmetric matrices: eigenvalues distinct with probability 1
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double x = gaussian(random);
                    matrices[b * n * n + i * n + j] = x;
                    matrices[b * n * n + j * n + i] = x;
                    matrices2d[b][i][j] = x;
                    matrices2d[b][j][i] = x;
                }
            }
            for (int i = 0; i < n; i++) {
                valuesBar[b * n + i] = gaussian(random);
            }
            for (int k = 0; k < n * n; k++) {
                vectorsBar[b * n * n + k] = gaussian(random);
            }
        }
    }

    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    double[][] vectorsBar2d(int b) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(vectorsBar, b * n * n + i * n, m[i], 0, n);
        }
        return m;
    }

    double[] valuesBar1d(int b) {
        return java.util.Arrays.copyOfRange(valuesBar, b * n, (b + 1) * n);
    }
}
