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
            int at = vectorsOffset + i * n;
            int k = 0;
            // four terms per pass, added in the order of k
            for (; k + 3 < n; k += 4) {
                double t0 = v[at + k] * f[k];
                double t1 = v[at + k + 1] * f[k + 1];
                double t2 = v[at + k + 2] * f[k + 2];
                double t3 = v[at + k + 3] * f[k + 3];
                double[] v0 = transposed[k];
                double[] v1 = transposed[k + 1];
                double[] v2 = transposed[k + 2];
                double[] v3 = transposed[k + 3];
                for (int j = 0; j <= i; j++) {
                    row[j] = row[j] + t0 * v0[j] + t1 * v1[j] + t2 * v2[j] + t3 * v3[j];
                }
            }
            for (; k < n; k++) {
                double t = v[at + k] * f[k];
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
