package io.github.eigengrad.runtime;

import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide and conquer
 * (Cuppen's method with the deflation of LAPACK's dlaed2 and the eigenvectors of Gu and
 * Eisenstat, docs/forward-pass.md). The matrix is torn at its middle off-diagonal entry beta into
 * two halves and a rank-one term {@code |beta| v v^T}; the halves are solved recursively (by
 * {@link TridiagonalQL} up to {@link #LEAF} rows) and merged by solving the secular equation
 * {@code 1 + rho sum_j z_j^2 / (d_j - lambda) = 0} for the roots not deflated.
 *
 * <p>Accuracy: each root is held as an offset {@code tau} from its nearer pole, so every
 * difference {@code d_j - lambda_i} is computed to full relative accuracy; the vector z is then
 * recomputed from the roots (Loewner's formula), which makes the eigenvectors orthogonal to
 * working precision however close the roots are. Pairs of poles closer than the deflation
 * tolerance and entries of z below it are deflated, which also handles repeated eigenvalues
 * and off-diagonal zeros.
 *
 * <p>The deflation tolerance is absolute, {@code 8 eps} times the larger of the merge's largest
 * pole and its largest z entry (about 1), as in LAPACK, which scales the matrix to norm 1
 * first: callers pass a matrix whose largest entry is about 1 (the solver's is in [1, 2)), and
 * get every eigenvalue to about {@code eps} of that norm, like QL.
 *
 * <p>Cost: the merges multiply the halves' eigenvectors by the secular eigenvectors, dense
 * products of about {@code 2/3 n^3} multiply-adds in all without deflation (fewer with it),
 * where QL's rotations take about {@code 3 n^3} per sweep each eigenvalue needs; the
 * back-transformation adds {@code n^3}. Measured, this pays from n = 256.
 */
final class TridiagonalDivideConquer {
    /** Subproblems from this size have their halves and merges split over an executor, if given. */
    static final int PARALLEL_FROM = 128;

    /** Subproblems up to this size are solved by QL. */
    static final int LEAF = 40;

    private static final double EPS = 0x1p-53;

    private TridiagonalDivideConquer() {}

    /**
     * Decomposes the tridiagonal matrix with diagonal {@code d} and off-diagonal
     * {@code e[1..n-1]} ({@code e[i]} is entry (i, i-1); {@code e[0]} is ignored). On return d
     * holds the eigenvalues ascending; the result is the n x n eigenvector matrix as rows,
     * column i the eigenvector of {@code d[i]}. Neither d nor e may hold NaN.
     */
    static double[][] decompose(double[] d, double[] e) {
        return decompose(d, e, null);
    }

    /**
     * As {@link #decompose(double[], double[])}, with the halves of the larger subproblems,
     * and the roots, vectors and products of their merges, split in two and run on the
     * executor (and the calling thread) when it is not null.
     */
    static double[][] decompose(double[] d, double[] e, Executor executor) {
        int n = d.length;
        double[][] z = new double[n][n];
        double[] off = Arrays.copyOf(e, n);
        solve(d, off, z, n, 0, n, executor);
        return z;
    }

    /** Solves the block of rows and columns [lo, lo + size) into the same block of z. */
    private static void solve(double[] d, double[] e, double[][] z, int n, int lo, int size, Executor executor) {
        if (size <= LEAF) {
            leaf(d, e, z, n, lo, size);
            return;
        }
        int n1 = size / 2;
        int cut = lo + n1; // the torn entry is e[cut] = T(cut, cut - 1)
        double beta = e[cut];
        double rho = Math.abs(beta);
        d[cut - 1] -= rho;
        d[cut] -= rho;
        Executor split = size >= PARALLEL_FROM ? executor : null;
        if (split == null) {
            solve(d, e, z, n, lo, n1, null);
            solve(d, e, z, n, cut, size - n1, null);
        } else {
            ChunkRunner.run(split, 2, 1, (part, unused) -> {
                if (part == 0) {
                    solve(d, e, z, n, lo, n1, split);
                } else {
                    solve(d, e, z, n, cut, size - n1, split);
                }
            });
        }
        merge(d, z, n, lo, n1, size, beta, split);
    }

    private static void leaf(double[] d, double[] e, double[][] z, int n, int lo, int size) {
        double[] dl = Arrays.copyOfRange(d, lo, lo + size);
        double[] el = new double[size];
        for (int i = 1; i < size; i++) {
            el[i] = e[lo + i];
        }
        double[][] q = TridiagonalQL.decomposeTridiagonal(dl, el);
        int[] order = EigenOrder.ascending(dl);
        for (int c = 0; c < size; c++) {
            int src = order[c];
            d[lo + c] = dl[src];
            for (int r = 0; r < size; r++) {
                z[lo + r][lo + c] = q[r][src];
            }
        }
    }

    /**
     * Merges the solved halves of the block [lo, lo + size) (first n1 rows, then the rest, each
     * with ascending eigenvalues in d and eigenvectors in its diagonal block of z) into the
     * eigensystem of the whole block, ascending.
     */
    private static void merge(double[] d, double[][] z, int n, int lo, int n1, int size, double beta,
            Executor executor) {
        // the rank-one term |beta| v v^T, v = e_last of the first half +- e_first of the second;
        // in the halves' eigenbases v becomes (last row of Q1, +- first row of Q2)
        double sign = beta < 0 ? -1 : 1;
        double rho = 2 * Math.abs(beta);
        double scale = Math.sqrt(0.5);
        double[] dd = new double[size];
        double[] zz = new double[size];
        // merge the two ascending halves; q holds the columns in that order
        int[] from = new int[size];
        int a = 0;
        int b = n1;
        for (int t = 0; t < size; t++) {
            boolean takeFirst = b == size || (a < n1 && d[lo + a] <= d[lo + b]);
            from[t] = takeFirst ? a++ : b++;
        }
        double[][] q = new double[size][size];
        boolean[] top = new boolean[size];
        boolean[] bottom = new boolean[size];
        for (int t = 0; t < size; t++) {
            int c = from[t];
            dd[t] = d[lo + c];
            boolean first = c < n1;
            top[t] = first;
            bottom[t] = !first;
            zz[t] = first ? scale * z[lo + n1 - 1][lo + c] : sign * scale * z[lo + n1][lo + c];
        }
        for (int r = 0; r < size; r++) {
            boolean first = r < n1;
            double[] in = z[lo + r];
            double[] out = q[r];
            for (int t = 0; t < size; t++) {
                if (top[t] == first) {
                    out[t] = in[lo + from[t]];
                }
            }
        }
        // deflation (dlaed2): negligible z entries, then pairs of poles too close to separate
        double dmax = 0;
        double zmax = 0;
        for (int t = 0; t < size; t++) {
            dmax = Math.max(dmax, Math.abs(dd[t]));
            zmax = Math.max(zmax, Math.abs(zz[t]));
        }
        double tol = 8 * EPS * Math.max(dmax, zmax);
        boolean[] deflated = new boolean[size];
        int previous = -1;
        for (int t = 0; t < size; t++) {
            if (rho * Math.abs(zz[t]) <= tol) {
                deflated[t] = true;
                continue;
            }
            if (previous >= 0) {
                double s = zz[previous];
                double c = zz[t];
                double tau = Math.hypot(c, s);
                double gap = dd[t] - dd[previous];
                c /= tau;
                s = -s / tau;
                if (Math.abs(gap * c * s) <= tol) {
                    zz[t] = tau;
                    zz[previous] = 0;
                    rotateColumns(q, previous, t, c, s);
                    boolean both = top[previous] || top[t];
                    boolean both2 = bottom[previous] || bottom[t];
                    top[previous] = both;
                    top[t] = both;
                    bottom[previous] = both2;
                    bottom[t] = both2;
                    double dp = dd[previous];
                    double dt = dd[t];
                    dd[previous] = dp * c * c + dt * s * s;
                    dd[t] = dp * s * s + dt * c * c;
                    deflated[previous] = true;
                }
            }
            previous = t;
        }
        int undeflated = 0;
        for (int t = 0; t < size; t++) {
            if (!deflated[t]) {
                undeflated++;
            }
        }
        int k = undeflated;
        int[] kept = new int[k];
        for (int t = 0, i = 0; t < size; t++) {
            if (!deflated[t]) {
                kept[i++] = t;
            }
        }
        double[] poles = new double[k];
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            poles[i] = dd[kept[i]];
            weights[i] = zz[kept[i]];
        }
        double[] roots = new double[k];
        double[][] delta = new double[k][]; // delta[i][j] = poles[j] - roots[i]
        double norm = 0;
        for (double x : weights) {
            norm += x * x;
        }
        double sum = norm;
        ChunkRunner.inTwo(executor, k, k / 2, (first, end) -> {
            double[] gaps = new double[k];
            double[] terms = new double[k];
            double[] sums = new double[4];
            for (int i = first; i < end; i++) {
                delta[i] = new double[k];
                roots[i] = SecularEquation.root(poles, weights, rho, sum, i, delta[i], gaps, terms, sums);
            }
        });
        double[][] u = SecularEquation.vectors(poles, weights, delta, k, executor);
        // new columns: the kept columns of q times u, with the rows of each half using only the
        // columns that are nonzero there
        double[][] updated = new double[size][k];
        if (executor == null) {
            multiplyRows(q, kept, top, u, k, 0, n1, updated);
            multiplyRows(q, kept, bottom, u, k, n1, size, updated);
        } else {
            ChunkRunner.run(executor, 2, 1, (part, unused) -> {
                if (part == 0) {
                    multiplyRows(q, kept, top, u, k, 0, n1, updated);
                } else {
                    multiplyRows(q, kept, bottom, u, k, n1, size, updated);
                }
            });
        }
        // all eigenpairs of the block, ascending: roots (ascending) and deflated values
        int[] other = new int[size - k];
        for (int t = 0, i = 0; t < size; t++) {
            if (deflated[t]) {
                other[i++] = t;
            }
        }
        insertionSort(other, dd);
        // column c of the block comes from column source[c] of updated (>= 0) or of q (-1 - t)
        int[] source = new int[size];
        int i = 0;
        int j = 0;
        for (int c = 0; c < size; c++) {
            boolean root = j == other.length || (i < k && roots[i] <= dd[other[j]]);
            if (root) {
                d[lo + c] = roots[i];
                source[c] = i++;
            } else {
                int t = other[j++];
                d[lo + c] = dd[t];
                source[c] = -1 - t;
            }
        }
        for (int r = 0; r < size; r++) {
            double[] out = z[lo + r];
            double[] rootRow = updated[r];
            double[] keptRow = q[r];
            for (int c = 0; c < size; c++) {
                int from2 = source[c];
                out[lo + c] = from2 >= 0 ? rootRow[from2] : keptRow[-1 - from2];
            }
        }
    }

    /** Columns p and t of q: {@code (p, t) <- (c p + s t, c t - s p)}. */
    private static void rotateColumns(double[][] q, int p, int t, double c, double s) {
        for (double[] row : q) {
            double x = row[p];
            double y = row[t];
            row[p] = c * x + s * y;
            row[t] = c * y - s * x;
        }
    }

    /**
     * Rows [r0, r1) of {@code out = q[:, kept] u}, summing only over the kept columns marked in
     * {@code live} (the others are zero in these rows).
     */
    private static void multiplyRows(double[][] q, int[] kept, boolean[] live, double[][] u, int k, int r0,
            int r1, double[][] out) {
        int count = 0;
        for (int j = 0; j < k; j++) {
            if (live[kept[j]]) {
                count++;
            }
        }
        int rows = r1 - r0;
        int[] columns = new int[count];
        double[][] b = new double[count][];
        for (int j = 0, s = 0; j < k; j++) {
            if (live[kept[j]]) {
                columns[s] = kept[j];
                b[s++] = u[j];
            }
        }
        double[][] a = new double[rows][count];
        for (int r = 0; r < rows; r++) {
            double[] in = q[r0 + r];
            double[] out2 = a[r];
            for (int s = 0; s < count; s++) {
                out2[s] = in[columns[s]];
            }
        }
        DenseProducts.multiplyAdd(rows, count, k, a, b, Arrays.copyOfRange(out, r0, r1));
    }

    /** Sorts idx by {@code key[idx]} ascending, stable; fast on nearly sorted input. */
    private static void insertionSort(int[] idx, double[] key) {
        for (int a = 1; a < idx.length; a++) {
            int x = idx[a];
            double kx = key[x];
            int b = a - 1;
            while (b >= 0 && key[idx[b]] > kx) {
                idx[b + 1] = idx[b];
                b--;
            }
            idx[b + 1] = x;
        }
    }
}
