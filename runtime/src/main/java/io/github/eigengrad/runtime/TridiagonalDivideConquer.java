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

    /** The side of the tiles in which the secular vectors are transposed. */
    private static final int TILE = 16;

    /** Root finding stops after this many steps (the bracket then has shrunk to rounding). */
    private static final int MAX_STEPS = 400;

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
        inHalves(executor, k, (first, end) -> {
            double[] gaps = new double[k];
            double[] terms = new double[k];
            double[] sums = new double[4];
            for (int i = first; i < end; i++) {
                delta[i] = new double[k];
                roots[i] = secularRoot(poles, weights, rho, sum, i, delta[i], gaps, terms, sums);
            }
        });
        double[][] u = secularVectors(poles, weights, delta, k, executor);
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

    /**
     * Root i (ascending) of {@code 1/rho + sum_j w_j^2 / (p_j - lambda)} for ascending, distinct
     * poles p and nonzero weights w ({@code norm = |w|^2}), rho > 0: in (p_i, p_{i+1}), the last
     * in {@code (p_{k-1}, p_{k-1} + rho |w|^2]}. Writes {@code p_j - lambda} to
     * {@code delta[j]}, each to full relative accuracy; gaps, terms (k long) and sums (4 long)
     * are scratch.
     */
    static double secularRoot(double[] p, double[] w, double rho, double norm, int i, double[] delta,
            double[] gaps, double[] terms, double[] sums) {
        int k = p.length;
        if (k == 1) {
            delta[0] = -rho * norm;
            return p[0] + rho * norm;
        }
        boolean last = i == k - 1;
        int right = last ? -1 : i + 1;
        // the origin is the nearer pole; tau is the root's offset from it, in (lower, upper)
        int origin = i;
        double lower = 0;
        double upper;
        double tau;
        for (int j = 0; j < k; j++) {
            gaps[j] = p[j] - p[i];
        }
        if (last) {
            upper = rho * norm;
            tau = upper / 2;
            evaluate(w, gaps, tau, i, rho, terms, sums);
        } else {
            // f at the midpoint between the poles says which pole is nearer, and is the first step
            double mid = (p[i + 1] - p[i]) / 2;
            evaluate(w, gaps, mid, i, rho, terms, sums);
            upper = mid;
            tau = mid;
            if (sums[0] < 0) {
                origin = i + 1;
                for (int j = 0; j < k; j++) {
                    gaps[j] = p[j] - p[origin];
                }
                lower = -mid;
                upper = 0;
                tau = -mid;
            }
        }
        for (int step = 0; step < MAX_STEPS; step++) {
            if (step > 0) {
                evaluate(w, gaps, tau, i, rho, terms, sums);
            }
            double f = sums[0];
            if (f == 0 || Math.abs(f) <= 4 * k * EPS * sums[1]) {
                break;
            }
            if (f > 0) {
                upper = tau;
            } else {
                lower = tau;
            }
            if (!(upper - lower > 2 * EPS * Math.max(Math.abs(lower), Math.abs(upper)))) {
                break;
            }
            double eta = modelStep(f, gaps[i] - tau, last ? 0 : gaps[right] - tau, sums[2], sums[3], !last);
            double next = tau + eta;
            if (!(next > lower && next < upper)) {
                next = (lower + upper) / 2;
            } else if (Math.abs(eta) <= 2 * EPS * Math.abs(next)) {
                // the model step is at the rounding level of the root: converged (the model
                // converges quadratically, so one more evaluation would only confirm it)
                tau = next;
                break;
            }
            if (next == tau) {
                break;
            }
            tau = next;
        }
        for (int j = 0; j < k; j++) {
            delta[j] = gaps[j] - tau;
        }
        return p[origin] + tau;
    }

    /**
     * The secular function at {@code lambda = p_origin + tau} (gaps: {@code p_j - p_origin}):
     * writes f, the sum of the absolute values of its terms (the scale of its rounding error),
     * and the derivatives of its left part (j <= left) and of its right part to sums[0..3];
     * terms is scratch.
     */
    private static void evaluate(double[] w, double[] gaps, double tau, int left, double rho, double[] terms,
            double[] sums) {
        int k = w.length;
        for (int j = 0; j < k; j++) {
            terms[j] = w[j] / (gaps[j] - tau);
        }
        partSums(w, terms, 0, left + 1, sums, 0);
        partSums(w, terms, left + 1, k, sums, 2);
        double negative = sums[0];
        double leftSlope = sums[1];
        double positive = sums[2];
        sums[0] = 1 / rho + negative + positive;
        sums[1] = 1 / rho - negative + positive;
        sums[2] = leftSlope;
    }

    /**
     * {@code sum w_j t_j} and {@code sum t_j^2} over [from, to) to {@code out[at]} and
     * {@code out[at + 1]}, two partial sums each.
     */
    private static void partSums(double[] w, double[] t, int from, int to, double[] out, int at) {
        double value0 = 0;
        double value1 = 0;
        double square0 = 0;
        double square1 = 0;
        int j = from;
        for (; j + 1 < to; j += 2) {
            double t0 = t[j];
            double t1 = t[j + 1];
            value0 += w[j] * t0;
            value1 += w[j + 1] * t1;
            square0 += t0 * t0;
            square1 += t1 * t1;
        }
        if (j < to) {
            value0 += w[j] * t[j];
            square0 += t[j] * t[j];
        }
        out[at] = value0 + value1;
        out[at + 1] = square0 + square1;
    }

    /**
     * The step eta that zeroes the two-pole model {@code c + a/(dl - eta) + b/(dr - eta)} of f,
     * matching f and the derivatives of its parts at the current point (dl, dr: the distances
     * to the bracketing poles; a = dl^2 f_left', b = dr^2 f_right'). NaN when it has no root
     * between the poles (the caller bisects).
     */
    private static double modelStep(double f, double dl, double dr, double leftSlope, double rightSlope,
            boolean hasRight) {
        double a = dl * dl * leftSlope;
        double b = hasRight ? dr * dr * rightSlope : 0;
        double c = f - dl * leftSlope - (hasRight ? dr * rightSlope : 0);
        if (!hasRight) {
            // c + a/(dl - eta) = 0
            return c == 0 ? Double.NaN : dl + a / c;
        }
        // c (dl - eta)(dr - eta) + a (dr - eta) + b (dl - eta) = 0
        double qa = c;
        double qb = -(c * (dl + dr) + a + b);
        double qc = c * dl * dr + a * dr + b * dl;
        if (qa == 0) {
            return -qc / qb;
        }
        double disc = qb * qb - 4 * qa * qc;
        if (disc < 0) {
            return Double.NaN;
        }
        double root = Math.sqrt(disc);
        double big = qb >= 0 ? (-qb - root) / (2 * qa) : (-qb + root) / (2 * qa);
        double small = big == 0 ? 0 : qc / (qa * big);
        // the model has exactly one root between the poles: dl - eta < 0 < dr - eta
        if (big > dl && big < dr) {
            return big;
        }
        return small > dl && small < dr ? small : Double.NaN;
    }

    /**
     * The unit eigenvectors of {@code diag(p) + rho w w^T} from the differences
     * {@code delta[i][j] = p_j - lambda_i}: w is first recomputed from the roots (Gu and
     * Eisenstat), so the vectors are orthogonal however close the roots. Returns u as rows,
     * {@code u[j][i]} component j of eigenvector i. Every inner loop runs along a row of delta,
     * which is overwritten.
     */
    private static double[][] secularVectors(double[] p, double[] w, double[][] delta, int k, Executor executor) {
        // the products over i of delta[i][j] / (p_j - p_i), and delta[j][j] for i = j, each
        // half of the components j on its own
        double[] hat = new double[k];
        inHalves(executor, k, (from, to) -> {
            double[] product = new double[k];
            Arrays.fill(product, from, to, 1);
            for (int i = 0; i < k; i++) {
                double[] di = delta[i];
                double pi = p[i];
                int below = Math.min(i, to);
                for (int j = from; j < below; j++) {
                    product[j] *= di[j] / (p[j] - pi);
                }
                if (i >= from && i < to) {
                    product[i] *= di[i];
                }
                for (int j = Math.max(i + 1, from); j < to; j++) {
                    product[j] *= di[j] / (p[j] - pi);
                }
            }
            for (int j = from; j < to; j++) {
                hat[j] = Math.copySign(Math.sqrt(Math.max(-product[j], 0)), w[j]);
            }
        });
        // vector i is hat / delta[i], normalised, computed in place of delta[i]
        inHalves(executor, k, (from, to) -> {
            for (int i = from; i < to; i++) {
                double[] x = delta[i];
                for (int j = 0; j < k; j++) {
                    x[j] = hat[j] / x[j];
                }
                double norm0 = 0;
                double norm1 = 0;
                int j = 0;
                for (; j + 1 < k; j += 2) {
                    norm0 += x[j] * x[j];
                    norm1 += x[j + 1] * x[j + 1];
                }
                if (j < k) {
                    norm0 += x[j] * x[j];
                }
                double inverse = 1 / Math.sqrt(norm0 + norm1);
                for (j = 0; j < k; j++) {
                    x[j] *= inverse;
                }
            }
        });
        // u holds vector i as a column, written by tiles of TILE x TILE so that both sides stay
        // in the cache
        double[][] u = new double[k][k];
        inHalves(executor, k, (from, to) -> {
            for (int i0 = 0; i0 < k; i0 += TILE) {
                int i1 = Math.min(k, i0 + TILE);
                for (int j0 = from; j0 < to; j0 += TILE) {
                    int j1 = Math.min(to, j0 + TILE);
                    for (int j = j0; j < j1; j++) {
                        double[] row = u[j];
                        for (int i = i0; i < i1; i++) {
                            row[i] = delta[i][j];
                        }
                    }
                }
            }
        });
        return u;
    }

    /** {@code work(0, count)}, or its two halves on the executor (and the calling thread). */
    private static void inHalves(Executor executor, int count, ChunkRunner.Chunk work) {
        if (executor == null) {
            work.run(0, count);
            return;
        }
        int half = count / 2;
        ChunkRunner.run(executor, 2, 1, (part, unused) -> {
            if (part == 0) {
                work.run(0, half);
            } else {
                work.run(half, count);
            }
        });
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
