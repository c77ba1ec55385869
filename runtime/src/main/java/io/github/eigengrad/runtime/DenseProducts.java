package io.github.eigengrad.runtime;

/**
 * The dense matrix product of the general-n solvers, {@code C += A B} on matrices held as
 * rows. It is blocked so that a block of B stays in the first-level cache while every row of A
 * passes it; each row of C is updated from four rows of B per pass, along the rows, which the
 * JIT vectorises.
 */
final class DenseProducts {
    /** Rows of B per block (the summation index). */
    private static final int DEPTH = 8;

    /** Columns of B and C per block: a block of B is DEPTH x WIDTH doubles, 32 KiB (the sizes were tuned by measurement; deeper blocks were slower). */
    private static final int WIDTH = 512;

    private DenseProducts() {}

    /**
     * {@code C[0..m) x [0..p) += A[0..m) x [0..depth) * B[0..depth) x [0..p)} on rows
     * ({@code a[i][k]} is row i, column k).
     */
    static void multiplyAdd(int m, int depth, int p, double[][] a, double[][] b, double[][] c) {
        for (int k0 = 0; k0 < depth; k0 += DEPTH) {
            int k1 = Math.min(depth, k0 + DEPTH);
            for (int c0 = 0; c0 < p; c0 += WIDTH) {
                int c1 = Math.min(p, c0 + WIDTH);
                for (int r = 0; r < m; r++) {
                    row(k0, k1, c0, c1, a[r], b, c[r]);
                }
            }
        }
    }

    /**
     * {@code out[c0..c1) += sum over k in [k0, k1) of x[k] b[k][c0..c1)}, four rows of b per
     * pass. Every access in the inner loops is at the loop index itself: with different offsets
     * into one array the JIT could not rule out a dependence between iterations and would not
     * vectorise.
     */
    private static void row(int k0, int k1, int c0, int c1, double[] x, double[][] b, double[] out) {
        int k = k0;
        for (; k + 3 < k1; k += 4) {
            double t0 = x[k];
            double t1 = x[k + 1];
            double t2 = x[k + 2];
            double t3 = x[k + 3];
            double[] b0 = b[k];
            double[] b1 = b[k + 1];
            double[] b2 = b[k + 2];
            double[] b3 = b[k + 3];
            for (int j = c0; j < c1; j++) {
                out[j] = out[j] + t0 * b0[j] + t1 * b1[j] + t2 * b2[j] + t3 * b3[j];
            }
        }
        for (; k < k1; k++) {
            double t0 = x[k];
            double[] b0 = b[k];
            for (int j = c0; j < c1; j++) {
                out[j] += t0 * b0[j];
            }
        }
    }
}
