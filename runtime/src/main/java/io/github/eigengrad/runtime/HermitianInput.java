package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;

/**
 * Validation of complex matrices in the interleaved layout (docs/math.md section 13): entry
 * (i, j) of an n x n matrix has its real part at {@code 2 (i n + j)} and its imaginary part at
 * {@code 2 (i n + j) + 1}. Every check names what it refuses.
 */
final class HermitianInput {
    private HermitianInput() {}

    /** A copy of the interleaved n x n matrix {@code a}, its length and finiteness checked. */
    static double[] interleaved(double[] a, int n, String name) {
        if (a == null) {
            throw new InvalidInputException(Problem.NULL, name + " is null");
        }
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        if (a.length % 2 != 0) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, name + " has odd length " + a.length
                    + "; an interleaved complex matrix holds (re, im) pairs, 2 n^2 doubles");
        }
        if (a.length != 2L * n * n) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, name + " has length " + a.length
                    + " but an interleaved n x n complex matrix with n = " + n + " needs 2 n^2 = " + 2L * n * n);
        }
        double[] copy = a.clone();
        requireFinite(copy, n, name);
        return copy;
    }

    /** The interleaved copy of the matrix with real part {@code re} and imaginary part {@code im}, as rows. */
    static double[] fromParts(double[][] re, double[][] im, String name) {
        double[] r = MatrixInput.squareRowMajor(re, name + " (real part)");
        int n = re.length;
        if (im == null) {
            throw new InvalidInputException(Problem.NULL, name + " (imaginary part) is null");
        }
        if (im.length != n) {
            throw new InvalidInputException(Problem.RAGGED, name + ": the real part has " + n
                    + " rows but the imaginary part has " + im.length);
        }
        for (int i = 0; i < n; i++) {
            if (im[i] == null) {
                throw new InvalidInputException(Problem.NULL, name + " (imaginary part) row " + i + " is null");
            }
            if (im[i].length != n) {
                throw new InvalidInputException(Problem.RAGGED, name + ": row " + i + " of the imaginary part has "
                        + im[i].length + " entries but the real part has " + n);
            }
        }
        double[] out = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[2 * (i * n + j)] = r[i * n + j];
                out[2 * (i * n + j) + 1] = im[i][j];
            }
        }
        requireFinite(out, n, name);
        return out;
    }

    private static void requireFinite(double[] a, int n, String name) {
        for (int k = 0; k < a.length; k++) {
            if (!Double.isFinite(a[k])) {
                int entry = k / 2;
                throw new InvalidInputException(Problem.NOT_FINITE, name + " entry (" + entry / n + ", " + entry % n
                        + ") has " + (k % 2 == 0 ? "real" : "imaginary") + " part " + a[k] + "; entries must be finite");
            }
        }
    }

    /**
     * The largest modulus of an entry: the largest part fixes a power of two, and the squared
     * moduli are compared in that scale (one square root, no overflow or underflow that matters).
     */
    static double maxModulus(double[] a) {
        double part = 0;
        for (double x : a) {
            part = Math.max(part, Math.abs(x));
        }
        if (part == 0) {
            return 0;
        }
        double unit = MatrixInput.powerOfTwo(-MatrixInput.exponentOf(part));
        double best = 0;
        for (int k = 0; k < a.length; k += 2) {
            double re = a[k] * unit;
            double im = a[k + 1] * unit;
            best = Math.max(best, re * re + im * im);
        }
        return Math.sqrt(best) / unit;
    }

    /**
     * Rejects {@code max|A_ij - conj(A_ji)| > tolerance max|A_ij|} (the diagonal's imaginary
     * parts included: {@code |A_ii - conj(A_ii)| = 2 |Im A_ii|}), naming the worst pair.
     */
    static void requireHermitian(double[] a, int n, double maxModulus, double tolerance, String name) {
        double worst = 0;
        int wi = -1;
        int wj = -1;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                int p = 2 * (i * n + j);
                int q = 2 * (j * n + i);
                double dr = a[p] - a[q];
                double di = a[p + 1] + a[q + 1];
                if (dr == 0 && di == 0) {
                    continue;
                }
                // |d| / max|A_ij| by scaled parts: no overflow for entries near the double range
                double rr = dr / maxModulus;
                double ri = di / maxModulus;
                double relative = Math.sqrt(rr * rr + ri * ri);
                if (relative > worst || wi < 0) {
                    worst = relative;
                    wi = i;
                    wj = j;
                }
            }
        }
        if (wi >= 0 && (worst > tolerance || tolerance == 0)) {
            int p = 2 * (wi * n + wj);
            int q = 2 * (wj * n + wi);
            throw new InvalidInputException(Problem.ASYMMETRIC, name + " is not Hermitian: worst pair (" + wi + ", "
                    + wj + ") has A[" + wi + "][" + wj + "] = " + a[p] + " + " + a[p + 1] + "i and A[" + wj + "]["
                    + wi + "] = " + a[q] + " + " + a[q + 1] + "i, |A_ij - conj(A_ji)| / max|A_ij| = " + worst
                    + " exceeds the tolerance " + tolerance);
        }
    }
}
