package io.github.eigengrad.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** One block's factors: its vectors as rows ({@code U^T}, k x m) and {@code -U T} (m x k). */
    private record Block(int m, double[][] ut, double[][] minusUT) {}

    /**
     * {@code z <- P_{n-1} ... P_1 z} for the reflectors left by the reduction:
     * {@code P_i = I - u u^T / h[i]} with {@code u[k] = v[k][i]} for k < i, the identity where
     * {@code h[i] == 0}. z is n x n, as rows. When the executor is not null the columns of z are
     * split in two halves, one run on it and one on the calling thread: the columns are
     * independent, so the halves share the blocks' factors and nothing else, and the results
     * are the same to the bit.
     */
    static void apply(double[][] v, double[] h, double[][] z, Executor executor) {
        List<Block> blocks = blocks(v, h, z.length);
        if (executor == null) {
            apply(blocks, z);
            return;
        }
        // each half on its own copy: two threads writing the two halves of the same rows would
        // share the cache line at the split of every row, and pass it to and fro
        int p = z[0].length;
        int half = p / 2;
        double[][] left = columns(z, 0, half);
        double[][] right = columns(z, half, p);
        ChunkRunner.run(executor, 2, 1, (part, unused) -> apply(blocks, part == 0 ? left : right));
        for (int r = 0; r < z.length; r++) {
            System.arraycopy(left[r], 0, z[r], 0, half);
            System.arraycopy(right[r], 0, z[r], half, p - half);
        }
    }

    /** {@code z <- (I - U T U^T) z} for each block in order: {@code z -= (U T) (U^T z)}. */
    private static void apply(List<Block> blocks, double[][] z) {
        int p = z[0].length;
        for (Block block : blocks) {
            int k = block.ut().length;
            double[][] w = new double[k][p];
            DenseProducts.multiplyAdd(k, block.m(), p, block.ut(), z, w);
            DenseProducts.multiplyAdd(block.m(), k, p, block.minusUT(), w, z);
        }
    }

    /** The columns [from, to) of z, as rows of their own. */
    private static double[][] columns(double[][] z, int from, int to) {
        double[][] part = new double[z.length][];
        for (int r = 0; r < z.length; r++) {
            part[r] = Arrays.copyOfRange(z[r], from, to);
        }
        return part;
    }

    /** The factors of the blocks of reflectors 1 to n - 1, in the order they apply. */
    private static List<Block> blocks(double[][] v, double[] h, int n) {
        List<Block> blocks = new ArrayList<>();
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
            // U T is m x k: cheaper to form than T (U^T z) when m is below the columns of z
            double[][] minusUT = new double[m][k];
            DenseProducts.multiplyAdd(m, k, k, minusU, t, minusUT);
            blocks.add(new Block(m, ut, minusUT));
        }
        return blocks;
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
