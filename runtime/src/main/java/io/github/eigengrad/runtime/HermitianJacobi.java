package io.github.eigengrad.runtime;

/**
 * Cyclic Jacobi for small Hermitian matrices (n = 2, 3, 4; docs/math.md section 13), on flat
 * row-major real and imaginary parts. The pair (p, q) with {@code a_pq = |a_pq| e^(i phi)} is
 * made real by the phase {@code P = diag(1, e^(-i phi))} and zeroed by the real rotation
 * {@code R = [[c, s], [-s, c]]} of the symmetric 2 x 2 block, so the unitary step is
 * {@code W = P R}: {@code A <- W^H A W}, {@code V <- V W}. The matrix stays exactly Hermitian
 * (rows are written as the conjugates of the columns, the block set explicitly), and a pair is
 * skipped once {@code |a_pq|^2 <= eps^2 |a_pp a_qq|}, which keeps small eigenvalues to relative
 * accuracy. No QL, no sorting of arrays of objects: the small sizes' allocation-light path.
 */
final class HermitianJacobi {
    private static final double EPS = 0x1p-53;
    private static final int MAX_SWEEPS = 60;

    private HermitianJacobi() {}

    /**
     * Diagonalises the exactly Hermitian {@code (ar, ai)} (n x n flat, overwritten) and writes the
     * eigenvalues, unsorted, to {@code values} and the eigenvectors as the columns of
     * {@code (vr, vi)} (n x n flat).
     */
    static void decompose(double[] ar, double[] ai, int n, double[] values, double[] vr, double[] vi) {
        java.util.Arrays.fill(vr, 0);
        java.util.Arrays.fill(vi, 0);
        for (int i = 0; i < n; i++) {
            vr[i * n + i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotated |= rotate(ar, ai, n, p, q, vr, vi);
                }
            }
            if (!rotated) {
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            values[i] = ar[i * n + i];
        }
    }

    /** One Jacobi step on the pair (p, q), p &lt; q; false when the pair is already negligible. */
    private static boolean rotate(double[] ar, double[] ai, int n, int p, int q, double[] vr, double[] vi) {
        double br = ar[p * n + q];
        double bi = ai[p * n + q];
        double alpha = ar[p * n + p];
        double gamma = ar[q * n + q];
        double b2 = br * br + bi * bi;
        if (b2 == 0 || b2 <= EPS * EPS * Math.abs(alpha * gamma)) {
            ar[p * n + q] = 0;
            ai[p * n + q] = 0;
            ar[q * n + p] = 0;
            ai[q * n + p] = 0;
            return false;
        }
        double b = Math.sqrt(b2);
        double er = br / b; // e^(i phi)
        double ei = bi / b;
        double tau = (gamma - alpha) / (2 * b);
        double t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        double c = 1 / Math.sqrt(1 + t * t);
        double s = t * c;
        // e^(-i phi) = conj(e)
        double mr = er;
        double mi = -ei;
        for (int k = 0; k < n; k++) {
            if (k == p || k == q) {
                continue;
            }
            double kpr = ar[k * n + p];
            double kpi = ai[k * n + p];
            double kqr = ar[k * n + q];
            double kqi = ai[k * n + q];
            // A_kq e^(-i phi)
            double xr = kqr * mr - kqi * mi;
            double xi = kqr * mi + kqi * mr;
            double npr = kpr * c - xr * s;
            double npi = kpi * c - xi * s;
            double nqr = kpr * s + xr * c;
            double nqi = kpi * s + xi * c;
            ar[k * n + p] = npr;
            ai[k * n + p] = npi;
            ar[k * n + q] = nqr;
            ai[k * n + q] = nqi;
            ar[p * n + k] = npr;
            ai[p * n + k] = -npi;
            ar[q * n + k] = nqr;
            ai[q * n + k] = -nqi;
        }
        ar[p * n + p] = alpha - t * b;
        ar[q * n + q] = gamma + t * b;
        ai[p * n + p] = 0;
        ai[q * n + q] = 0;
        ar[p * n + q] = 0;
        ai[p * n + q] = 0;
        ar[q * n + p] = 0;
        ai[q * n + p] = 0;
        for (int k = 0; k < n; k++) {
            double kpr = vr[k * n + p];
            double kpi = vi[k * n + p];
            double kqr = vr[k * n + q];
            double kqi = vi[k * n + q];
            double xr = kqr * mr - kqi * mi;
            double xi = kqr * mi + kqi * mr;
            vr[k * n + p] = kpr * c - xr * s;
            vi[k * n + p] = kpi * c - xi * s;
            vr[k * n + q] = kpr * s + xr * c;
            vi[k * n + q] = kpi * s + xi * c;
        }
        return true;
    }
}
