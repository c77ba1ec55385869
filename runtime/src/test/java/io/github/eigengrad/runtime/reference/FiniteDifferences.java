package io.github.eigengrad.runtime.reference;

import java.util.function.ToDoubleFunction;

/**
 * Central finite differences of a scalar function of a matrix, per entry (docs/math.md section 2):
 * entry (i, j) perturbs {@code A_ij} alone, so the result is {@code dL/dA} for a loss of
 * {@code sym(A)}. Five-point stencil, error O(h^4), with h relative to {@code max|A_ij|}.
 */
public final class FiniteDifferences {
    /** Step relative to max|A_ij|: the O(h^4) truncation stays below about 1e-8 relative for relative gaps >= 1e-2. */
    public static final double DEFAULT_RELATIVE_STEP = 1e-4;

    private FiniteDifferences() {}

    public static double[][] gradient(ToDoubleFunction<double[][]> loss, double[][] a) {
        return gradient(loss, a, DEFAULT_RELATIVE_STEP);
    }

    public static double[][] gradient(ToDoubleFunction<double[][]> loss, double[][] a, double relativeStep) {
        int n = a.length;
        double scale = 0;
        for (double[] row : a) {
            for (double x : row) {
                scale = Math.max(scale, Math.abs(x));
            }
        }
        double h = relativeStep * (scale > 0 ? scale : 1);
        double[][] work = new double[n][];
        for (int i = 0; i < n; i++) {
            work[i] = a[i].clone();
        }
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = a[i][j];
                work[i][j] = x + 2 * h;
                double f2 = loss.applyAsDouble(work);
                work[i][j] = x + h;
                double f1 = loss.applyAsDouble(work);
                work[i][j] = x - h;
                double fm1 = loss.applyAsDouble(work);
                work[i][j] = x - 2 * h;
                double fm2 = loss.applyAsDouble(work);
                work[i][j] = x;
                g[i][j] = (-f2 + 8 * f1 - 8 * fm1 + fm2) / (12 * h);
            }
        }
        return g;
    }
}
