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
        // Q = H_0 H_1 ... H_{n-2}, from the right: Q <- Q H_i on columns i+1 .. n-1
        for (int r = 0; r < n; r++) {
            t.qr[r][r] = 1;
        }
        for (int i = 0; i + 1 < n; i++) {
            if (taur[i] == 0 && taui[i] == 0) {
                continue;
            }
            int off = i + 1;
            double[] pr = vr[i];
            double[] pi = vi[i];
            for (int r = 0; r < n; r++) {
                double[] rowR = t.qr[r];
                double[] rowI = t.qi[r];
                // s = (Q v)_r
                double sr = 0;
                double si = 0;
                for (int k = 0; k < pr.length; k++) {
                    sr += rowR[off + k] * pr[k] - rowI[off + k] * pi[k];
                    si += rowR[off + k] * pi[k] + rowI[off + k] * pr[k];
                }
                // c = tau s; Q_r,. -= c conj(v)
                double cr = taur[i] * sr - taui[i] * si;
                double ci = taur[i] * si + taui[i] * sr;
                for (int k = 0; k < pr.length; k++) {
                    rowR[off + k] -= cr * pr[k] + ci * pi[k];
                    rowI[off + k] -= ci * pr[k] - cr * pi[k];
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
        double xnorm = 0; // the norm of x_1.., by hypot: safe from over- and underflow
        for (int k = 1; k < xr.length; k++) {
            xnorm = Math.hypot(xnorm, Math.hypot(xr[k], xi[k]));
        }
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
     * {@code A22 <- H^H A22 H} on the trailing block from {@code off}, H = I - tau v v^H:
     * {@code y = tau A22 v}, {@code w = y - (tau (y^H v) / 2) v}, {@code A22 -= v w^H + w v^H}.
     */
    private static void applyBothSides(double[][] ar, double[][] ai, int off, double[] vr, double[] vi, double taur,
            double taui) {
        int m = vr.length;
        double[] yr = new double[m];
        double[] yi = new double[m];
        for (int p = 0; p < m; p++) {
            double[] rowR = ar[off + p];
            double[] rowI = ai[off + p];
            double sr = 0;
            double si = 0;
            for (int q = 0; q < m; q++) {
                sr += rowR[off + q] * vr[q] - rowI[off + q] * vi[q];
                si += rowR[off + q] * vi[q] + rowI[off + q] * vr[q];
            }
            yr[p] = taur * sr - taui * si;
            yi[p] = taur * si + taui * sr;
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
        // A22 -= v w^H + w v^H
        for (int p = 0; p < m; p++) {
            double[] rowR = ar[off + p];
            double[] rowI = ai[off + p];
            for (int q = 0; q < m; q++) {
                // v_p conj(w_q) + w_p conj(v_q)
                double re = vr[p] * yr[q] + vi[p] * yi[q] + yr[p] * vr[q] + yi[p] * vi[q];
                double im = vi[p] * yr[q] - vr[p] * yi[q] + yi[p] * vr[q] - yr[p] * vi[q];
                rowR[off + q] -= re;
                rowI[off + q] -= im;
            }
            rowI[off + p] = 0; // the diagonal of a Hermitian matrix stays real
        }
    }
}
