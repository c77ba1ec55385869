package com.example.zca;

import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;

/**
 * A ZCA whitening layer for a batch X of N feature vectors (N x d): centre the columns,
 * form the covariance {@code S = Xc^T Xc / N + eps I}, and output {@code Y = Xc S^(-1/2)}.
 * The backward pass needs dL/dS through {@code W = S^(-1/2)}: that is the exact
 * matrix-function gradient of {@code <S^(-1/2), dL/dW>}, finite even when features have equal
 * variances (tied eigenvalues), where the analytic eigen-gradient divides by zero.
 */
public final class ZcaWhitening {
    private final double epsilon;
    private final MatrixFunction inverseSqrt = MatrixFunction.inverseSqrt();

    // saved by forward for backward
    private double[][] centred;
    private double[][] whitening;
    private SymmetricEigendecomposition decomposition;

    public ZcaWhitening(double epsilon) {
        this.epsilon = epsilon;
    }

    /** Y = (X - mean) S^(-1/2). */
    public double[][] forward(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        centred = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                centred[i][j] = x[i][j] - mean;
            }
        }
        double[][] covariance = new double[d][d];
        for (double[] row : centred) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    covariance[a][b] += row[a] * row[b] / n;
                }
            }
        }
        decomposition = SymmetricEigensolver.builder().epsilon(epsilon).build().decompose(covariance);
        whitening = inverseSqrt.value(decomposition);
        return multiply(centred, whitening);
    }

    /** dL/dX from dL/dY, for the batch of the last forward call. */
    public double[][] backward(double[][] yBar) {
        int n = centred.length;
        int d = centred[0].length;
        // Y = Xc W: dL/dW = Xc^T YBar, dL/dXc = YBar W (W symmetric)
        double[][] wBar = multiply(transpose(centred), yBar);
        double[][] xcBar = multiply(yBar, whitening);
        // W = S^(-1/2): dL/dS, symmetric
        double[][] sBar = inverseSqrt.gradient(decomposition, wBar);
        // S = Xc^T Xc / N + eps I: dL/dXc += 2 Xc dL/dS / N
        double[][] viaCovariance = multiply(centred, sBar);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xcBar[i][j] += 2 * viaCovariance[i][j] / n;
            }
        }
        // Xc = X - mean: subtract the column means of dL/dXc
        double[][] xBar = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += xcBar[i][j];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                xBar[i][j] = xcBar[i][j] - mean;
            }
        }
        return xBar;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }
}
