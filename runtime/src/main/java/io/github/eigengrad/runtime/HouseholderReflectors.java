package io.github.eigengrad.runtime;

import java.util.Arrays;
import java.util.concurrent.Executor;

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
        apply(v, h, z, null);
    }

    /**
     * As {@link #apply(double[][], double[], double[][])}, with the columns of z split in two
     * halves run on the executor (and the calling thread) when it is not null: the columns are
     * independent, so the halves need nothing from each other, and the results are the same to
     * the bit.
     */
    static void apply(double[][] v, double[] h, double[][] z, Executor executor) {
        int p = z[0].length;
        if (executor == null) {
            apply(v, h, z, 0, p);
            return;
        }
        // the right half works on its own copy: two threads writing the two halves of the same
        // rows would share the cache line at the split of every row, and pass it to and fro
        int half = p / 2;
        int n = z.length;
        double[][] right = new double[n][];
        for (int r = 0; r < n; r++) {
            right[r] = Arrays.copyOfRange(z[r], half, p);
        }
        ChunkRunner.run(executor, 2, 1, (part, unused) -> {
            if (part == 0) {
                apply(v, h, z, 0, half);
            } else {
                apply(v, h, right, 0, p - half);
            }
        });
        for (int r = 0; r < n; r++) {
            System.arraycopy(right[r], 0, z[r], half, p - half);
        }
    }

    private static void apply(double[][] v, double[] h, double[][] z, int from, int to) {
        int n = z.length;
        for (int i0 = 1; i0 < n; i0 += BLOCK) {
            int i1 = Math.min(n, i0 + BLOCK);
            int k = i1 - i0;
            int m = i1 - 1; // the block's vectors live in rows [0, m)
            // column j of U is u of reflector i1 - 1 - j, so that the block's product is
            // H(0) H(1) ... H(k-1) in LAPACK's forward order
            double[][] ut = new double[k][m];
            double[][] minusU = new double[m][k];
            double[] tau = new double[k];
            for (int j = 0; j < k; j++) {
                int i = i1 - 1 - j;
                tau[j] = h[i] == 0 ? 0 : 1 / h[i];
            }
            // by rows of v, where the block's vectors are adjacent entries
            for (int r = 0; r < m; r++) {
                double[] in = v[r];
                double[] out = minusU[r];
                for (int j = 0; j < k; j++) {
                    int i = i1 - 1 - j;
                    if (r < i) {
                        double x = in[i];
                        ut[j][r] = x;
                        out[j] = -x;
                    }
                }
            }
            // minus the Gram matrix of the vectors, for T
            double[][] gram = new double[k][k];
            DenseProducts.multiplyAdd(k, m, k, ut, minusU, gram);
            double[][] t = triangularFactor(gram, tau, k);
            // z -= (U T) (U^T z): U T is m x k, cheaper than T (U^T z) when m < the columns
            double[][] minusUT = new double[m][k];
            DenseProducts.multiplyAdd(m, k, k, minusU, t, minusUT);
            double[][] w = new double[k][to];
            DenseProducts.multiplyAdd(k, m, from, to, ut, z, w);
            DenseProducts.multiplyAdd(m, k, from, to, minusUT, w, z);
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
