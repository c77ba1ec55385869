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
     * ({@code l[i]} is row i of L, zero beyond the diagonal, in pivoted order), with
     * {@code perm[i]} the row of m that became row i; null if m is not numerically positive
     * definite (a pivot {@code <= 0}). Works on the lower triangle only, row by row.
     */
    static double[][] choleskyRows(double[][] m, int[] perm) {
        int n = m.length;
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, w[i], 0, i + 1);
            perm[i] = i;
        }
        double[] column = new double[n];
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
                swapLower(w, k, p);
                int t = perm[k];
                perm[k] = perm[p];
                perm[p] = t;
            }
            double pivot = Math.sqrt(w[k][k]);
            w[k][k] = pivot;
            for (int i = k + 1; i < n; i++) {
                column[i] = w[i][k] / pivot;
                w[i][k] = column[i];
            }
            for (int i = k + 1; i < n; i++) {
                double[] wi = w[i];
                double lik = column[i];
                for (int j = k + 1; j <= i; j++) {
                    wi[j] -= lik * column[j];
                }
            }
        }
        return w;
    }

    /**
     * Swaps rows and columns k < p of a symmetric matrix held in its lower triangle, whose
     * columns before k already hold rows of L (swapped as rows).
     */
    private static void swapLower(double[][] w, int k, int p) {
        for (int j = 0; j < k; j++) {
            double t = w[k][j];
            w[k][j] = w[p][j];
            w[p][j] = t;
        }
        double t = w[k][k];
        w[k][k] = w[p][p];
        w[p][p] = t;
        for (int j = k + 1; j < p; j++) {
            t = w[j][k];
            w[j][k] = w[p][j];
            w[p][j] = t;
        }
        for (int i = p + 1; i < w.length; i++) {
            t = w[i][k];
            w[i][k] = w[i][p];
            w[i][p] = t;
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
        double[] norms = new double[n];
        boolean converged = false;
        for (int sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
            converged = true;
            for (int i = 0; i < n; i++) {
                norms[i] = dot(l[i], l[i]);
            }
            for (int i = 0; i < n - 1; i++) {
                for (int j = i + 1; j < n; j++) {
                    double[] ri = l[i];
                    double[] rj = l[j];
                    double alpha = norms[i];
                    double beta = norms[j];
                    double gamma = dot(ri, rj);
                    if (Math.abs(gamma) <= tolerance * Math.sqrt(alpha) * Math.sqrt(beta)) {
                        continue;
                    }
                    converged = false;
                    // the rotation that diagonalises [[alpha, gamma], [gamma, beta]]
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t;
                    if (zeta == 0) {
                        t = 1;
                    } else if (Double.isInfinite(zeta * zeta)) {
                        t = 0.5 / zeta;
                    } else {
                        t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = c * t;
                    rotate(ri, rj, c, s);
                    rotate(qt[i], qt[j], c, s);
                    // exact for the rotation; recomputed where cancellation could cost accuracy
                    norms[i] = alpha - t * gamma;
                    norms[j] = beta + t * gamma;
                    if (norms[i] < 0.25 * alpha) {
                        norms[i] = dot(ri, ri);
                    }
                    if (norms[j] < 0.25 * beta) {
                        norms[j] = dot(rj, rj);
                    }
                }
            }
        }
        if (!converged) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            values[i] = dot(l[i], l[i]);
            // row i of Q^T is eigenvector i of P M P^T; entry k belongs to row perm[k] of m
            double[] q = qt[i];
            for (int k = 0; k < n; k++) {
                v[perm[k]][i] = q[k];
            }
        }
        return true;
    }

    /** {@code x . y} with four partial sums (independent chains the CPU overlaps). */
    private static double dot(double[] x, double[] y) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = x.length;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += x[k] * y[k];
            s1 += x[k + 1] * y[k + 1];
            s2 += x[k + 2] * y[k + 2];
            s3 += x[k + 3] * y[k + 3];
        }
        for (; k < n; k++) {
            s0 += x[k] * y[k];
        }
        return (s0 + s1) + (s2 + s3);
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
