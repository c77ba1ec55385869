package io.github.eigengrad.benchmarks;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.ojalgo.matrix.decomposition.Eigenvalue;

/**
 * The pullbacks a user would write without eigengrad: Eq. 10 with the eigenvalue term,
 * {@code V (F o skew(V^T VBar) + diag(lambdaBar)) V^T}, as plain loops on arrays (the baseline
 * for 3x3) and on Commons Math {@code RealMatrix} (the baseline for general n); and ojAlgo's
 * forward pass.
 */
final class Baselines {
    private Baselines() {}

    /** Loops on {@code double[][]}: values, V (column j = eigenvector j), cotangents; returns dL/dA. */
    /** ojAlgo's eigendecomposition for symmetric n x n matrices (values and vectors), reusable. */
    static Eigenvalue<Double> ojalgoSymmetric(int n) {
        return Eigenvalue.R064.make(n, true);
    }

    static double[][] loopPullback(double[] lambda, double[][] v, double[] lambdaBar, double[][] vBar) {
        int n = lambda.length;
        double[][] g = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                double s = 0;
                for (int m = 0; m < n; m++) {
                    s += v[m][k] * vBar[m][l];
                }
                g[k][l] = s;
            }
        }
        double[][] x = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                x[k][l] = k == l ? lambdaBar[k] : 0.5 * (g[k][l] - g[l][k]) / (lambda[l] - lambda[k]);
            }
        }
        double[][] y = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < n; l++) {
                    s += x[k][l] * v[j][l];
                }
                y[k][j] = s;
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += v[i][k] * y[k][j];
                }
                a[i][j] = s;
            }
        }
        return a;
    }

    /** The same on Commons Math matrices, as in its user guide's style. */
    static RealMatrix realMatrixPullback(double[] lambda, RealMatrix v, double[] lambdaBar, RealMatrix vBar) {
        int n = lambda.length;
        RealMatrix g = v.transpose().multiply(vBar);
        RealMatrix x = MatrixUtils.createRealMatrix(n, n);
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                x.setEntry(k, l, k == l ? lambdaBar[k]
                        : 0.5 * (g.getEntry(k, l) - g.getEntry(l, k)) / (lambda[l] - lambda[k]));
            }
        }
        return v.multiply(x).multiply(v.transpose());
    }
}
