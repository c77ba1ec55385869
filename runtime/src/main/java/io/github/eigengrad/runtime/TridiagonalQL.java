package io.github.eigengrad.runtime;

import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * Symmetric eigensolver for general n: Householder reduction to tridiagonal form, then the
 * implicit QL iteration with Wilkinson-type shifts on the accumulated transformations (the
 * EISPACK tred2/tql2 algorithms), or from {@link #DIVIDE_FROM} divide and conquer on the
 * tridiagonal matrix with the transformations applied afterwards in blocks. Deflation in QL
 * compares each off-diagonal entry with the norm of the whole tridiagonal matrix, not with its
 * neighbouring diagonal entries, so the iteration converges for every input, including zero
 * and repeated eigenvalues (where Commons Math 3.6.1's neighbour test can exhaust its iteration
 * limit), and a leading block of zeros cannot make a tiny off-diagonal entry look significant.
 *
 * <p>The loops are arranged so that every inner loop runs along a row ({@code double[]} from
 * index 0), which the JIT turns into vector instructions. The reduction holds the block still
 * to be reduced in full (both triangles), so that the product with the next Householder vector
 * is a sum of rows, computed in the same loop as the rank-two update of each row; the
 * accumulation goes row by row; QL rotates rows of the transposed eigenvector matrix.
 */
final class TridiagonalQL {
    private static final double EPS = 0x1p-52;

    /** A bound that QL never reaches in practice (about 2 iterations per eigenvalue are typical). */
    private static final int MAX_ITERATIONS_PER_VALUE = 200;

    /**
     * From this size the tridiagonal eigenproblem is solved by {@link TridiagonalDivideConquer}
     * and Q applied in blocks ({@link HouseholderReflectors}) instead of QL rotating the
     * accumulated Q: measured, divide and conquer was 8% slower at n = 192, 3% faster at 256
     * and 36% faster at 512.
     */
    static final int DIVIDE_FROM = 224;

    private TridiagonalQL() {}

    /**
     * Decomposes the symmetric matrix in {@code v} (n x n, overwritten with the eigenvectors as
     * columns) and writes the eigenvalues, unsorted, to {@code d}: by divide and conquer from
     * {@link #DIVIDE_FROM}, sharing it with the executor if it is not null, else by QL.
     */
    static void decompose(double[][] v, double[] d, Executor executor) {
        decompose(v, d, d.length >= DIVIDE_FROM, executor);
    }

    /** As {@link #decompose(double[][], double[], Executor)}, by divide and conquer or by QL as chosen. */
    static void decompose(double[][] v, double[] d, boolean divide, Executor executor) {
        int n = d.length;
        double[] e = new double[n];
        reduce(v, d, e);
        if (divide && n > 1) {
            double[] h = d.clone();
            for (int i = 0; i < n; i++) {
                d[i] = v[i][i];
            }
            double[][] z = TridiagonalDivideConquer.decompose(d, e, executor);
            HouseholderReflectors.apply(v, h, z, executor);
            System.arraycopy(z, 0, v, 0, n);
            return;
        }
        accumulate(v, d, e);
        // QL rotates pairs of columns of v: on the transpose those are pairs of rows, which
        // the rotation loop reads contiguously (and the JIT vectorises)
        transpose(v);
        iterate(v, d, e);
        transpose(v);
    }

    /**
     * As {@link #decomposeTridiagonal}, by divide and conquer from {@link #DIVIDE_FROM} (then the
     * eigenvalues ascend and e is kept).
     */
    static double[][] solveTridiagonal(double[] d, double[] e) {
        return d.length >= DIVIDE_FROM ? TridiagonalDivideConquer.decompose(d, e) : decomposeTridiagonal(d, e);
    }

    /**
     * The eigenvalues (unsorted, written to {@code d}) and eigenvectors of the symmetric
     * tridiagonal matrix with diagonal {@code d} and subdiagonal {@code e[1..n-1]}
     * ({@code e[i]} is entry (i, i-1); {@code e[0]} is ignored; e is overwritten), as the
     * columns of the returned n x n matrix.
     */
    static double[][] decomposeTridiagonal(double[] d, double[] e) {
        int n = d.length;
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) {
            z[i][i] = 1;
        }
        iterate(z, d, e);
        transpose(z);
        return z;
    }

    private static void transpose(double[][] v) {
        int n = v.length;
        for (int i = 0; i < n; i++) {
            double[] row = v[i];
            for (int j = i + 1; j < n; j++) {
                double x = row[j];
                row[j] = v[j][i];
                v[j][i] = x;
            }
        }
    }

    /**
     * Householder reduction (tred2's first half): on exit e[1..n-1] is the subdiagonal, v[i][i]
     * the diagonal, reflector i (1 <= i < n) is {@code I - u u^T / d[i]} with
     * {@code u[k] = v[k][i]} for k < i (none where {@code d[i] == 0}), and
     * {@code Q = P_{n-1} ... P_1}.
     */
    private static void reduce(double[][] v, double[] d, double[] e) {
        int n = d.length;
        if (n == 1) {
            d[0] = v[0][0];
            return;
        }
        double[] u = new double[n];
        double[] p = new double[n];
        double[] nextU = new double[n];
        double[] nextP = new double[n];
        System.arraycopy(v[n - 1], 0, u, 0, n - 1);
        double h = householder(v, u, e, n - 1);
        if (h != 0) {
            product(v, u, p, n - 1);
        }
        for (int i = n - 1; i > 0; i--) {
            // here u is reflector i's vector (P = I - u u^T / h) and p = A u over the leading i x i block
            int m = i - 1; // the next step's block
            double nextH = 0;
            Arrays.fill(nextP, 0, i, 0.0);
            if (h == 0) {
                if (m > 0) {
                    System.arraycopy(v[m], 0, nextU, 0, m);
                    nextH = householder(v, nextU, e, m);
                    if (nextH != 0) {
                        product(v, nextU, nextP, m);
                    }
                }
            } else {
                // q = p/h - (p.u / 2h^2) u, into p
                double f = 0;
                for (int j = 0; j < i; j++) {
                    p[j] /= h;
                    f += p[j] * u[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) {
                    p[j] -= hh * u[j];
                }
                // A -= u q^T + q u^T. Row i - 1 goes first: it gives the next reflector, whose
                // product with the updated block is summed in the same loop as the update of
                // each row (the block is held in full, so both are plain loops along the row)
                double[] last = v[m];
                double qm = p[m];
                double um = u[m];
                for (int j = 0; j <= m; j++) {
                    last[j] -= u[j] * qm + p[j] * um;
                }
                if (m > 0) {
                    System.arraycopy(last, 0, nextU, 0, m);
                    nextH = householder(v, nextU, e, m);
                }
                for (int k = 0; k < m; k++) {
                    double[] row = v[k];
                    double qk = p[k];
                    double uk = u[k];
                    if (nextH != 0) {
                        double nk = nextU[k];
                        for (int j = 0; j < m; j++) {
                            double x = row[j] - (u[j] * qk + p[j] * uk);
                            row[j] = x;
                            nextP[j] += x * nk;
                        }
                    } else {
                        for (int j = 0; j < m; j++) {
                            row[j] -= u[j] * qk + p[j] * uk;
                        }
                    }
                }
            }
            Arrays.fill(v[i], 0, i, 0.0);
            d[i] = h;
            double[] swap = u;
            u = nextU;
            nextU = swap;
            swap = p;
            p = nextP;
            nextP = swap;
            h = nextH;
        }
        d[0] = v[0][0];
    }

    /** {@code p[0..size) += A u} over the leading block, held in full, row by row. */
    private static void product(double[][] v, double[] u, double[] p, int size) {
        for (int k = 0; k < size; k++) {
            double[] row = v[k];
            double uk = u[k];
            for (int j = 0; j < size; j++) {
                p[j] += row[j] * uk;
            }
        }
    }

    /**
     * The Householder vector of reflector i from {@code u[0..i)} (row i of the reduced matrix),
     * scaled to avoid under- and overflow: writes it over u and into column i of v above the
     * diagonal, the subdiagonal entry to e[i], and returns h (0, and a zero column, when the row
     * is already zero).
     */
    private static double householder(double[][] v, double[] u, double[] e, int i) {
        double scale = 0;
        for (int k = 0; k < i; k++) {
            scale += Math.abs(u[k]);
        }
        if (scale == 0) {
            e[i] = u[i - 1];
            for (int j = 0; j < i; j++) {
                v[j][i] = 0;
            }
            return 0;
        }
        double h = 0;
        for (int k = 0; k < i; k++) {
            u[k] /= scale;
            h += u[k] * u[k];
        }
        double f = u[i - 1];
        double g = Math.sqrt(h);
        if (f > 0) {
            g = -g;
        }
        e[i] = scale * g;
        h -= f * g;
        u[i - 1] = f - g;
        for (int j = 0; j < i; j++) {
            v[j][i] = u[j];
        }
        return h;
    }

    /** tred2's second half: on exit d is the diagonal and v the accumulated Q. */
    private static void accumulate(double[][] v, double[] d, double[] e) {
        int n = d.length;
        // accumulate the transformations: Q <- Q - u (u^T Q) / h on the leading block, with
        // u^T Q formed row by row (vectorisable) before the rank-1 update of those rows
        double[] g = new double[n];
        for (int i = 0; i < n - 1; i++) {
            v[n - 1][i] = v[i][i];
            v[i][i] = 1;
            double h = d[i + 1];
            if (h != 0) {
                Arrays.fill(g, 0, i + 1, 0.0);
                for (int k = 0; k <= i; k++) {
                    double[] row = v[k];
                    double uk = row[i + 1];
                    d[k] = uk / h;
                    for (int j = 0; j <= i; j++) {
                        g[j] += uk * row[j];
                    }
                }
                for (int k = 0; k <= i; k++) {
                    double[] row = v[k];
                    double dk = d[k];
                    for (int j = 0; j <= i; j++) {
                        row[j] -= g[j] * dk;
                    }
                }
            }
            for (int k = 0; k <= i; k++) {
                v[k][i + 1] = 0;
            }
        }
        for (int j = 0; j < n; j++) {
            d[j] = v[n - 1][j];
            v[n - 1][j] = 0;
        }
        v[n - 1][n - 1] = 1;
        e[0] = 0;
    }

    /** Implicit QL on the tridiagonal (d, e), rotating the rows of z (the transposed eigenvectors) along. */
    private static void iterate(double[][] z, double[] d, double[] e) {
        int n = d.length;
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0;
        double f = 0;
        // deflation compares with the norm of the whole matrix: a running norm starts near
        // zero on a leading zero block, where a tiny e[l] then looked significant and the
        // shift (d[l+1] - d[l]) / (2 e[l]) overflowed
        double norm = 0;
        for (int l = 0; l < n; l++) {
            norm = Math.max(norm, Math.abs(d[l]) + Math.abs(e[l]));
        }
        for (int l = 0; l < n; l++) {
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > EPS * norm) {
                m++;
            }
            if (m > l) {
                int iterations = 0;
                do {
                    if (++iterations > MAX_ITERATIONS_PER_VALUE) {
                        throw new ArithmeticException("QL iteration did not converge for eigenvalue " + l);
                    }
                    // shift from the leading 2 x 2 block
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = hypot(p, 1);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    // chase the bulge from m up to l
                    p = d[m];
                    double c = 1;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0;
                    double s2 = 0;
                    // each rotation waits for the next one, and the two are applied in one pass
                    // over three rows (a quarter fewer loads and stores, the same arithmetic)
                    boolean pending = false;
                    double pendingC = 0;
                    double pendingS = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        if (pending) {
                            rotateTwo(z[i], z[i + 1], z[i + 2], pendingC, pendingS, c, s);
                            pending = false;
                        } else {
                            pending = true;
                            pendingC = c;
                            pendingS = s;
                        }
                    }
                    if (pending) {
                        rotate(z[l], z[l + 1], pendingC, pendingS);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > EPS * norm);
            }
            d[l] += f;
            e[l] = 0;
        }
    }

    /**
     * The rotation of (b, y) by (c1, s1), then of (x, b) by (c2, s2), entry by entry, as two
     * calls of {@link #rotate} would do them.
     */
    private static void rotateTwo(double[] x, double[] b, double[] y, double c1, double s1, double c2, double s2) {
        for (int k = 0; k < x.length; k++) {
            double xk = x[k];
            double bk = b[k];
            double yk = y[k];
            double middle = c1 * bk - s1 * yk;
            y[k] = s1 * bk + c1 * yk;
            b[k] = s2 * xk + c2 * middle;
            x[k] = c2 * xk - s2 * middle;
        }
    }

    /** {@code (x, y) <- (c x - s y, s x + c y)} entry by entry. */
    private static void rotate(double[] x, double[] y, double c, double s) {
        for (int k = 0; k < x.length; k++) {
            double h = y[k];
            y[k] = s * x[k] + c * h;
            x[k] = c * x[k] - s * h;
        }
    }

    /**
     * {@code sqrt(x^2 + y^2)}: the plain formula where the squares can neither overflow nor
     * lose accuracy to underflow, else {@link Math#hypot}, which is exact to an ulp everywhere
     * but costs several times as much (QL takes one per rotation).
     */
    static double hypot(double x, double y) {
        double s = x * x + y * y;
        if (s >= 0x1p-900 && s <= 0x1p900) {
            return Math.sqrt(s);
        }
        return Math.hypot(x, y);
    }
}
