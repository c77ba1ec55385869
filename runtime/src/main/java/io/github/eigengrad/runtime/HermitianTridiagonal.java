package io.github.eigengrad.runtime;

/**
 * Householder reduction of a Hermitian matrix to a real symmetric tridiagonal one,
 * {@code Q^H M Q = T} with Q unitary (LAPACK's unblocked zhetd2 on the lower triangle, held as
 * full real and imaginary parts). Each reflector {@code H = I - tau v v^H} maps the column below
 * the diagonal to {@code (beta, 0, ..., 0)} with beta real (zlarfg), so T's off-diagonal is real
 * and no diagonal phase matrix is needed. {@code Q = H_0 H_1 ... H_{n-2}} is accumulated.
 */
final class HermitianTridiagonal {
    /** The diagonal of T. */
    final double[] d;
    /** The subdiagonal of T: {@code e[i]} is entry (i, i-1); {@code e[0] = 0}. */
    final double[] e;
    /** Q, real part, rows. */
    final double[][] qr;
    /** Q, imaginary part, rows. */
    final double[][] qi;

    private HermitianTridiagonal(int n) {
        d = new double[n];
        e = new double[n];
        qr = new double[n][n];
        qi = new double[n][n];
    }

    /**
     * Reduces the Hermitian matrix {@code (ar, ai)} (n x n rows, both triangles set, diagonal
     * imaginary parts zero), which is overwritten.
     */
    static HermitianTridiagonal reduce(double[][] ar, double[][] ai) {
        int n = ar.length;
        HermitianTridiagonal t = new HermitianTridiagonal(n);
        double[][] vr = new double[n][];
        double[][] vi = new double[n][];
        double[] taur = new double[n];
        double[] taui = new double[n];
        for (int i = 0; i + 1 < n; i++) {
            int m = n - i - 1; // the length of the column below the diagonal
            double[] xr = new double[m];
            double[] xi = new double[m];
            for (int k = 0; k < m; k++) {
                xr[k] = ar[i + 1 + k][i];
                xi[k] = ai[i + 1 + k][i];
            }
            double beta = reflector(xr, xi, taur, taui, i);
            t.e[i + 1] = beta;
            vr[i] = xr; // now v, with v_0 = 1
            vi[i] = xi;
            if (taur[i] != 0 || taui[i] != 0) {
                applyBothSides(ar, ai, i + 1, xr, xi, taur[i], taui[i]);
            }
            t.d[i] = ar[i][i];
        }
        t.d[n - 1] = ar[n - 1][n - 1];
        // Q = H_0 (H_1 (... (H_{n-2} I))): applied from the left in reverse order, H_i meets a Q
        // that is still the identity outside rows and columns i+1 .. n-1, so only that block is
        // updated (about a third of the work of accumulating from the right)
        for (int r = 0; r < n; r++) {
            t.qr[r][r] = 1;
        }
        double[] ur = new double[n];
        double[] ui = new double[n];
        for (int i = n - 2; i >= 0; i--) {
            if (taur[i] == 0 && taui[i] == 0) {
                continue;
            }
            int off = i + 1;
            double[] pr = vr[i];
            double[] pi = vi[i];
            // u = v^H Q_block, row by row
            java.util.Arrays.fill(ur, off, n, 0);
            java.util.Arrays.fill(ui, off, n, 0);
            for (int k = 0; k < pr.length; k++) {
                double[] rowR = t.qr[off + k];
                double[] rowI = t.qi[off + k];
                double cr = pr[k]; // conj(v_k)
                double ci = -pi[k];
                for (int c = off; c < n; c++) {
                    ur[c] += cr * rowR[c] - ci * rowI[c];
                    ui[c] += cr * rowI[c] + ci * rowR[c];
                }
            }
            // Q_block -= (tau v) u
            for (int k = 0; k < pr.length; k++) {
                double[] rowR = t.qr[off + k];
                double[] rowI = t.qi[off + k];
                double sr = taur[i] * pr[k] - taui[i] * pi[k];
                double si = taur[i] * pi[k] + taui[i] * pr[k];
                for (int c = off; c < n; c++) {
                    rowR[c] -= sr * ur[c] - si * ui[c];
                    rowI[c] -= sr * ui[c] + si * ur[c];
                }
            }
        }
        return t;
    }

    /**
     * zlarfg on {@code x = (alpha, x_1, ...)}: returns beta (real) and stores tau at
     * {@code [index]}; x is overwritten with v ({@code v_0 = 1}). H = I (tau = 0) when the column
     * is already {@code (real, 0, ...)}.
     */
    private static double reflector(double[] xr, double[] xi, double[] taur, double[] taui, int index) {
        double alphr = xr[0];
        double alphi = xi[0];
        double xnorm = norm(xr, xi); // of x_1..
        xr[0] = 1;
        xi[0] = 0;
        if (xnorm == 0 && alphi == 0) {
            taur[index] = 0;
            taui[index] = 0;
            return alphr;
        }
        double norm = Math.hypot(Math.hypot(alphr, alphi), xnorm);
        double beta = alphr >= 0 ? -norm : norm;
        taur[index] = (beta - alphr) / beta;
        taui[index] = -alphi / beta;
        // x_1.. /= (alpha - beta)
        double dr = alphr - beta;
        double di = alphi;
        double den = dr * dr + di * di;
        double inr = dr / den;
        double ini = -di / den;
        for (int k = 1; k < xr.length; k++) {
            double r = xr[k] * inr - xi[k] * ini;
            double im = xr[k] * ini + xi[k] * inr;
            xr[k] = r;
            xi[k] = im;
        }
        return beta;
    }

    /**
     * The 2-norm of entries 1.. of (xr, xi): the largest part fixes a power of two and the squares
     * are summed in that scale, safe from over- and underflow with one square root.
     */
    private static double norm(double[] xr, double[] xi) {
        double part = 0;
        for (int k = 1; k < xr.length; k++) {
            part = Math.max(part, Math.max(Math.abs(xr[k]), Math.abs(xi[k])));
        }
        if (part == 0) {
            return 0;
        }
        double unit = MatrixInput.powerOfTwo(-MatrixInput.exponentOf(part));
        double sum = 0;
        for (int k = 1; k < xr.length; k++) {
            double re = xr[k] * unit;
            double im = xi[k] * unit;
            sum += re * re + im * im;
        }
        return Math.sqrt(sum) / unit;
    }

    /**
     * {@code A22 <- H^H A22 H} on the trailing block from {@code off}, H = I - tau v v^H:
     * {@code y = tau A22 v}, {@code w = y - (tau (y^H v) / 2) v}, {@code A22 -= v w^H + w v^H}.
     * Only the lower triangle (with the diagonal) is read and written: {@code A22 v} takes each
     * entry below the diagonal for its row and, conjugated, for its column (both along rows),
     * and the rank-2 update keeps the lower triangle; {@link #reduce} reads nothing above it.
     */
    private static void applyBothSides(double[][] ar, double[][] ai, int off, double[] vr, double[] vi, double taur,
            double taui) {
        int m = vr.length;
        double[] sr = new double[m];
        double[] si = new double[m];
        for (int p = 0; p < m; p++) {
            double[] rowR = ar[off + p];
            double[] rowI = ai[off + p];
            double vpr = vr[p];
            double vpi = vi[p];
            double accR = 0;
            double accI = 0;
            for (int q = 0; q < p; q++) {
                double a = rowR[off + q];
                double b = rowI[off + q];
                accR += a * vr[q] - b * vi[q]; // A_pq v_q
                accI += a * vi[q] + b * vr[q];
                sr[q] += a * vpr + b * vpi; // conj(A_pq) v_p into row q
                si[q] += a * vpi - b * vpr;
            }
            double d = rowR[off + p]; // the diagonal is real
            sr[p] += accR + d * vpr;
            si[p] += accI + d * vpi;
        }
        double[] yr = new double[m];
        double[] yi = new double[m];
        for (int p = 0; p < m; p++) {
            yr[p] = taur * sr[p] - taui * si[p];
            yi[p] = taur * si[p] + taui * sr[p];
        }
        // y^H v
        double dr = 0;
        double di = 0;
        for (int p = 0; p < m; p++) {
            dr += yr[p] * vr[p] + yi[p] * vi[p];
            di += yr[p] * vi[p] - yi[p] * vr[p];
        }
        // alpha = -tau (y^H v) / 2
        double alr = -(taur * dr - taui * di) / 2;
        double ali = -(taur * di + taui * dr) / 2;
        for (int p = 0; p < m; p++) {
            double wr = yr[p] + alr * vr[p] - ali * vi[p];
            double wi = yi[p] + alr * vi[p] + ali * vr[p];
            yr[p] = wr;
            yi[p] = wi;
        }
        // A22 -= v w^H + w v^H, lower triangle
        for (int p = 0; p < m; p++) {
            double[] rowR = ar[off + p];
            double[] rowI = ai[off + p];
            double vpr = vr[p];
            double vpi = vi[p];
            double wpr = yr[p];
            double wpi = yi[p];
            for (int q = 0; q <= p; q++) {
                // v_p conj(w_q) + w_p conj(v_q)
                rowR[off + q] -= vpr * yr[q] + vpi * yi[q] + wpr * vr[q] + wpi * vi[q];
                rowI[off + q] -= vpi * yr[q] - vpr * yi[q] + wpi * vr[q] - wpr * vi[q];
            }
            rowI[off + p] = 0; // the diagonal of a Hermitian matrix stays real
        }
    }
}
