package io.github.eigengrad.runtime;

/**
 * The accurate path for positive definite matrices of general size: Cholesky with diagonal
 * pivoting, {@code P M P^T = L L^T}, then one-sided (Hestenes) Jacobi on the rows of L until
 * they are mutually orthogonal. The eigenvalues are the squared row norms and the eigenvectors
 * the accumulated rotations.
 *
 * <p>Why: tridiagonal QL computes every eigenvalue to an absolute error of about
 * {@code eps ||M||}, so an eigenvalue far below the norm loses its relative accuracy. For a
 * graded matrix {@code M = D B D} (D diagonal, B with unit diagonal and modest condition
 * number) every eigenvalue is determined to a relative accuracy of about {@code eps cond(B)}
 * by the entries, and this algorithm attains it (Demmel and Veselic, "Jacobi's method is more
 * accurate than QR", 1992): Cholesky perturbs each entry relative to
 * {@code sqrt(m_ii m_jj)}, and the stopping test below is relative to the row norms.
 */
final class PositiveDefiniteJacobi {
    private static final double EPS = 0x1p-53;
    private static final int MAX_SWEEPS = 80;

    private PositiveDefiniteJacobi() {}

    /**
     * The lower-triangular pivoted Cholesky factor of the symmetric matrix m as rows
     * ({@code l[i]} is row i of L, in pivoted order), with {@code perm[i]} the row of m that
     * became row i; null if m is not numerically positive definite (a pivot {@code <= 0}).
     */
    static double[][] choleskyRows(double[][] m, int[] perm) {
        int n = m.length;
        double[][] w = new double[n][];
        for (int i = 0; i < n; i++) {
            w[i] = m[i].clone();
            perm[i] = i;
        }
        double[][] l = new double[n][n];
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (w[i][i] > w[p][p]) {
                    p = i;
                }
            }
            if (!(w[p][p] > 0)) {
                return null;
            }
            if (p != k) {
                swapSymmetric(w, k, p);
                double[] row = l[k];
                l[k] = l[p];
                l[p] = row;
                int t = perm[k];
                perm[k] = perm[p];
                perm[p] = t;
            }
            double pivot = Math.sqrt(w[k][k]);
            l[k][k] = pivot;
            for (int i = k + 1; i < n; i++) {
                l[i][k] = w[i][k] / pivot;
            }
            for (int i = k + 1; i < n; i++) {
                double lik = l[i][k];
                double[] wi = w[i];
                for (int j = k + 1; j <= i; j++) {
                    wi[j] -= lik * l[j][k];
                }
                for (int j = k + 1; j < i; j++) {
                    w[j][i] = wi[j];
                }
            }
        }
        return l;
    }

    /** Swaps rows and columns k and p of the symmetric matrix w (both triangles kept). */
    private static void swapSymmetric(double[][] w, int k, int p) {
        double[] row = w[k];
        w[k] = w[p];
        w[p] = row;
        for (double[] r : w) {
            double t = r[k];
            r[k] = r[p];
            r[p] = t;
        }
    }

    /**
     * Decomposes the positive definite matrix whose pivoted Cholesky rows are {@code l}
     * (overwritten). Writes the eigenvalues, unsorted, to {@code values} and the eigenvectors
     * as columns of {@code v} (n x n, in the original order of m). Returns false if the
     * sweeps did not converge (never observed; the caller then falls back to QL).
     */
    static boolean decompose(double[][] l, int[] perm, double[] values, double[][] v) {
        int n = l.length;
        double[][] qt = new double[n][n];
        for (int i = 0; i < n; i++) {
            qt[i][i] = 1;
        }
        double tolerance = Math.max(1, n) * EPS;
        boolean converged = false;
        for (int sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
            converged = true;
            for (int i = 0; i < n - 1; i++) {
                for (int j = i + 1; j < n; j++) {
                    double[] ri = l[i];
                    double[] rj = l[j];
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int k = 0; k < n; k++) {
                        double x = ri[k];
                        double y = rj[k];
                        alpha += x * x;
                        beta += y * y;
                        gamma += x * y;
                    }
                    if (Math.abs(gamma) <= tolerance * Math.sqrt(alpha) * Math.sqrt(beta)) {
                        continue;
                    }
                    converged = false;
                    // the rotation that diagonalises [[alpha, gamma], [gamma, beta]]
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) {
                        t = 1;
                    } else if (Double.isInfinite(zeta * zeta)) {
                        t = 0.5 / zeta;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = c * t;
                    rotate(ri, rj, c, s);
                    rotate(qt[i], qt[j], c, s);
                }
            }
        }
        if (!converged) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (double x : l[i]) {
                sum += x * x;
            }
            values[i] = sum;
            // row i of Q^T is eigenvector i of P M P^T; entry k belongs to row perm[k] of m
            double[] q = qt[i];
            for (int k = 0; k < n; k++) {
                v[perm[k]][i] = q[k];
            }
        }
        return true;
    }

    /** {@code (x, y) <- (c x - s y, s x + c y)} entry by entry. */
    private static void rotate(double[] x, double[] y, double c, double s) {
        for (int k = 0; k < x.length; k++) {
            double a = x[k];
            double b = y[k];
            x[k] = c * a - s * b;
            y[k] = s * a + c * b;
        }
    }
}
