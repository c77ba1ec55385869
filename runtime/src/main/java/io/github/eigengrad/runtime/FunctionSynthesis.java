package io.github.eigengrad.runtime;

import java.util.Arrays;

/**
 * {@code V diag(f) V^T}, the value of a matrix function from a decomposition, by row updates
 * over the rows of V^T (which the JIT vectorises): row i of the lower triangle is
 * {@code sum_k (V_ik f_k) V^T[k][0..i]}, each entry summed over k in order, then mirrored, so
 * the result is exactly symmetric. Scratch: V^T and one row, reused across matrices.
 */
final class FunctionSynthesis {
    private final int n;
    private final double[][] transposed;
    private final double[] row;

    FunctionSynthesis(int n) {
        this.n = n;
        this.transposed = new double[n][n];
        this.row = new double[n];
    }

    /**
     * Writes {@code V diag(f) V^T} (n*n, row-major) at {@code outOffset}.
     *
     * @param f f at the eigenvalues, n entries
     * @param v V row-major from {@code vectorsOffset}
     */
    void synthesize(double[] f, double[] v, int vectorsOffset, double[] out, int outOffset) {
        for (int k = 0; k < n; k++) {
            double[] column = transposed[k];
            for (int j = 0; j < n; j++) {
                column[j] = v[vectorsOffset + j * n + k];
            }
        }
        for (int i = 0; i < n; i++) {
            Arrays.fill(row, 0, i + 1, 0.0);
            for (int k = 0; k < n; k++) {
                double t = v[vectorsOffset + i * n + k] * f[k];
                double[] vk = transposed[k];
                for (int j = 0; j <= i; j++) {
                    row[j] += t * vk[j];
                }
            }
            for (int j = 0; j <= i; j++) {
                out[outOffset + i * n + j] = row[j];
                out[outOffset + j * n + i] = row[j];
            }
        }
    }
}
