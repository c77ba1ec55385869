package io.github.eigengrad.runtime;

/**
 * Applies the orthogonal factor of the Householder tridiagonalisation to a matrix, a block of
 * reflectors at a time in the compact WY form {@code P_{i+k-1} ... P_i = I - U T U^T} (LAPACK's
 * dlarft and dlarfb): two dense products per block in place of two passes over the matrix per
 * reflector.
 */
final class HouseholderReflectors {
    /** Reflectors per block. */
    private static final int BLOCK = 32;

    private HouseholderReflectors() {}

    /**
     * {@code z <- P_{n-1} ... P_1 z} for the reflectors left by the reduction:
     * {@code P_i = I - u u^T / h[i]} with {@code u[k] = v[k][i]} for k < i, the identity where
     * {@code h[i] == 0}. z is n x n, as rows.
     */
    static void apply(double[][] v, double[] h, double[][] z) {
        int n = z.length;
        int p = z[0].length;
        for (int i0 = 1; i0 < n; i0 += BLOCK) {
            int i1 = Math.min(n, i0 + BLOCK);
            int k = i1 - i0;
            int m = i1 - 1; // the block's vectors live in rows [0, m)
            // column j of U is u of reflector i1 - 1 - j, so that the block's product is
            // H(0) H(1) ... H(k-1) in LAPACK's forward order
            double[][] ut = new double[k][m];
            double[] tau = new double[k];
            for (int j = 0; j < k; j++) {
                int i = i1 - 1 - j;
                tau[j] = h[i] == 0 ? 0 : 1 / h[i];
                double[] row = ut[j];
                for (int r = 0; r < i; r++) {
                    row[r] = v[r][i];
                }
            }
            double[][] minusU = new double[m][k];
            for (int j = 0; j < k; j++) {
                double[] row = ut[j];
                for (int r = 0; r < m; r++) {
                    minusU[r][j] = -row[r];
                }
            }
            // minus the Gram matrix of the vectors, for T
            double[][] gram = new double[k][k];
            DenseProducts.multiplyAdd(k, m, k, ut, minusU, gram);
            double[][] t = triangularFactor(gram, tau, k);
            double[][] w = new double[k][p];
            DenseProducts.multiplyAdd(k, m, p, ut, z, w);
            double[][] tw = new double[k][p];
            DenseProducts.multiplyAdd(k, k, p, t, w, tw);
            DenseProducts.multiplyAdd(m, k, p, minusU, tw, z);
        }
    }

    /**
     * The upper triangular T with {@code H(0) ... H(k-1) = I - U T U^T},
     * {@code H(j) = I - tau_j u_j u_j^T} (dlarft, forward, columnwise), from
     * {@code minusGram = -U^T U}: column j of T is {@code -tau_j T[0..j) (U[:, 0..j)^T u_j)}
     * above {@code tau_j}.
     */
    private static double[][] triangularFactor(double[][] minusGram, double[] tau, int k) {
        double[][] t = new double[k][k];
        for (int j = 0; j < k; j++) {
            if (tau[j] == 0) {
                continue;
            }
            for (int a = 0; a < j; a++) {
                double s = 0;
                for (int b = a; b < j; b++) {
                    s += t[a][b] * minusGram[b][j];
                }
                t[a][j] = tau[j] * s;
            }
            t[j][j] = tau[j];
        }
        return t;
    }
}
