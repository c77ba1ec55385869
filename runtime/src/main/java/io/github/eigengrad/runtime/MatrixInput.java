package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;

/**
 * Shape and value checks shared by every entry point that takes a matrix. Each check
 * throws {@link InvalidInputException} with a message naming the offending index and value.
 */
final class MatrixInput {
    private MatrixInput() {}

    /**
     * Validates a square {@code double[][]} and returns a row-major copy.
     *
     * @param name how the argument is called in messages, e.g. "matrix"
     */
    /** The relative asymmetry accepted unless set: {@code max|A_ij - A_ji| <= 1e-8 max|A_ij|}. */
    static final double DEFAULT_SYMMETRY_TOLERANCE = 1e-8;

    static double[] squareRowMajor(double[][] a, String name) {
        if (a == null) {
            throw new InvalidInputException(Problem.NULL, name + " is null");
        }
        int n = a.length;
        if (n == 0) {
            throw new InvalidInputException(Problem.EMPTY, name + " is empty (0 rows); need an n x n matrix with n >= 1");
        }
        for (int i = 0; i < n; i++) {
            if (a[i] == null) {
                throw new InvalidInputException(Problem.NULL, name + " row " + i + " is null");
            }
        }
        for (int i = 1; i < n; i++) {
            if (a[i].length != a[0].length) {
                throw new InvalidInputException(Problem.RAGGED, name + " is ragged: row 0 has "
                        + a[0].length + " entries but row " + i + " has " + a[i].length);
            }
        }
        if (a[0].length != n) {
            throw new InvalidInputException(Problem.NOT_SQUARE, name + " is not square: " + n
                    + (n == 1 ? " row" : " rows") + " of " + a[0].length + " entries");
        }
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, flat, i * n, n);
        }
        requireFinite(flat, n, name);
        return flat;
    }

    /** Validates a flat row-major n x n matrix and returns a copy. */
    static double[] squareRowMajor(double[] a, int n, String name) {
        if (a == null) {
            throw new InvalidInputException(Problem.NULL, name + " is null");
        }
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        if (a.length != (long) n * n) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, name + " has length " + a.length
                    + " but an n x n matrix with n = " + n + " needs n*n = " + (long) n * n);
        }
        double[] flat = a.clone();
        requireFinite(flat, n, name);
        return flat;
    }

    /** The rows of an n x n row-major array, copied. */
    static double[][] rows(double[] rowMajor, int n) {
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOfRange(rowMajor, i * n, (i + 1) * n);
        }
        return m;
    }

    /** Validates an n x n {@code double[][]} (shape and finiteness) and returns it row-major. */
    static double[] matrixRowMajor(double[][] a, int n, String name) {
        if (a == null) {
            throw new InvalidInputException(Problem.NULL, name + " is null");
        }
        if (a.length != n) {
            throw new InvalidInputException(Problem.NOT_SQUARE, name + " has " + a.length + " rows but the matrix is "
                    + n + " x " + n);
        }
        return squareRowMajor(a, name);
    }

    /** Validates a vector of the given length (non-null, finite) and returns a copy. */
    static double[] vectorOfLength(double[] x, int length, String name) {
        if (x == null) {
            throw new InvalidInputException(Problem.NULL, name + " is null");
        }
        if (x.length != length) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, name + " has length " + x.length + " but "
                    + length + " is needed");
        }
        double[] copy = x.clone();
        for (int k = 0; k < copy.length; k++) {
            if (!Double.isFinite(copy[k])) {
                throw new InvalidInputException(Problem.NOT_FINITE, name + " entry " + k + " is " + copy[k]
                        + "; entries must be finite");
            }
        }
        return copy;
    }

    static void requireFinite(double[] rowMajor, int n, String name) {
        for (int k = 0; k < rowMajor.length; k++) {
            if (!Double.isFinite(rowMajor[k])) {
                throw new InvalidInputException(Problem.NOT_FINITE, name + " entry (" + k / n + ", " + k % n
                        + ") is " + rowMajor[k] + "; entries must be finite");
            }
        }
    }

    /**
     * Rejects a matrix with {@code max|A_ij - A_ji| > tolerance * max|A_ij|}, naming the
     * worst pair. Computed as a ratio so that entries near {@code Double.MAX_VALUE} or in the
     * subnormal range are compared correctly.
     */
    static void requireSymmetric(double[] a, int n, double maxAbs, double tolerance, String name) {
        double worst = 0;
        int wi = -1;
        int wj = -1;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double aij = a[i * n + j];
                double aji = a[j * n + i];
                if (aij == aji) {
                    continue;
                }
                // |aij - aji| <= 2 maxAbs; it can overflow only when the ratio exceeds 1
                double relative = Math.abs(aij - aji) / maxAbs;
                if (relative > worst || wi < 0) {
                    worst = relative;
                    wi = i;
                    wj = j;
                }
            }
        }
        if (wi >= 0 && (worst > tolerance || tolerance == 0)) {
            double aij = a[wi * n + wj];
            double aji = a[wj * n + wi];
            throw new InvalidInputException(Problem.ASYMMETRIC, name + " is not symmetric: worst pair ("
                    + wi + ", " + wj + ") has A[" + wi + "][" + wj + "] = " + aij + " and A[" + wj + "][" + wi
                    + "] = " + aji + ", |difference| / max|A_ij| = " + worst + " exceeds the tolerance "
                    + tolerance);
        }
    }

    /** The binary exponent e with 2^e <= x < 2^(e+1), also for subnormal x > 0. */
    static int exponentOf(double x) {
        int e = Math.getExponent(x);
        if (e < Double.MIN_EXPONENT) {
            e = Math.getExponent(x * 0x1p54) - 54;
        }
        return e;
    }

    /** 2^k exactly, for k in [-1074, 1023] (subnormal below -1022); cheaper than Math.scalb. */
    static double powerOfTwo(int k) {
        return k >= Double.MIN_EXPONENT ? Double.longBitsToDouble((long) (k + 1023) << 52)
                : Double.longBitsToDouble(1L << (k + 1074));
    }

    /**
     * A float eigenvalue computed in scaled units back in the matrix's units, plus epsilon, in
     * float arithmetic (as the float lanes do); {@link Problem#OUT_OF_RANGE} beyond the float range.
     */
    static float unscaleEigenvalue(float d, int exponent, float epsilon, int index) {
        float v = d * (float) MatrixInput.powerOfTwo(exponent) + epsilon;
        if (Float.isInfinite(v)) {
            throw new InvalidInputException(Problem.OUT_OF_RANGE, "eigenvalue " + index
                    + " of the matrix exceeds the float range; scale the matrix down or use double");
        }
        return v;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /**
     * An eigenvalue computed in scaled units ({@code d}, the matrix times 2^-exponent) back in
     * the matrix's units, plus epsilon; {@link Problem#OUT_OF_RANGE} if that exceeds the range.
     */
    static double unscaleEigenvalue(double d, int exponent, double epsilon, int index) {
        double v = d * MatrixInput.powerOfTwo(exponent) + epsilon;
        if (Double.isInfinite(v)) {
            throw new InvalidInputException(Problem.OUT_OF_RANGE, "eigenvalue " + index
                    + " of the matrix exceeds the double range; scale the matrix down");
        }
        return v;
    }
}
