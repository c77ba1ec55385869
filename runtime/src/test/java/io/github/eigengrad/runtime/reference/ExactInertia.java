package io.github.eigengrad.runtime.reference;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * An oracle for eigenvalues that needs no eigensolver: by Sylvester's law of inertia the
 * number of eigenvalues of a symmetric A below x is the number of negative pivots of the
 * LDL^T factorisation of {@code A - x I}. The factorisation runs in BigDecimal with 80
 * significant digits on the exact values of the double entries, so the count is exact unless
 * x lies within about 1e-70 (relative) of an eigenvalue.
 */
public final class ExactInertia {
    private static final MathContext MC = new MathContext(80);

    private ExactInertia() {}

    /** The number of eigenvalues of the symmetric matrix a strictly below x. */
    public static int countBelow(double[][] a, BigDecimal x) {
        int n = a.length;
        BigDecimal[][] w = new BigDecimal[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                BigDecimal v = new BigDecimal(a[i][j]);
                w[i][j] = i == j ? v.subtract(x, MC) : v;
            }
        }
        int negative = 0;
        for (int k = 0; k < n; k++) {
            BigDecimal pivot = w[k][k];
            if (pivot.signum() == 0) {
                throw new ArithmeticException("zero pivot at " + k + ": x is an eigenvalue or too close to one");
            }
            if (pivot.signum() < 0) {
                negative++;
            }
            for (int i = k + 1; i < n; i++) {
                BigDecimal factor = w[i][k].divide(pivot, MC);
                if (factor.signum() == 0) {
                    continue;
                }
                for (int j = k + 1; j <= i; j++) {
                    w[i][j] = w[i][j].subtract(factor.multiply(w[k][j], MC), MC);
                    w[j][i] = w[i][j];
                }
            }
        }
        return negative;
    }

    /**
     * Whether eigenvalue {@code index} (descending order, 0 = largest) of the symmetric matrix
     * a lies within {@code relative * |estimate|} of {@code estimate}.
     */
    public static boolean eigenvalueWithin(double[][] a, int index, double estimate, double relative) {
        BigDecimal e = new BigDecimal(estimate);
        BigDecimal radius = e.abs().multiply(new BigDecimal(relative), MC);
        int n = a.length;
        int rank = n - 1 - index; // eigenvalues strictly below the wanted one
        return countBelow(a, e.subtract(radius, MC)) <= rank && countBelow(a, e.add(radius, MC)) >= rank + 1;
    }
}
