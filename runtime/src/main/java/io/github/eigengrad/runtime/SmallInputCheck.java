package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;

/**
 * The input checks of the small solvers ({@link SmallEigensolver}, the 3x3 batch and its
 * lanes): finite entries, symmetry within the tolerance, the largest |a_ij|, epsilon and the
 * output arrays, each problem an {@link InvalidInputException} naming it, before anything is
 * written.
 */
final class SmallInputCheck {
    private static final long POSITIVE_INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    private SmallInputCheck() {}

    /** The output arrays of a public decompose: checked before anything is written. */
    static void checkOutputs(int n, double[] values, int valuesOffset, double[] vectors, int vectorsOffset) {
        GeneratedRuleSupport.check("values", values, valuesOffset, n, false);
        GeneratedRuleSupport.check("vectors", vectors, vectorsOffset, (long) n * n, false);
    }

    static double check(double[] a, int offset, int n) {
        return check(a, offset, n, MatrixInput.DEFAULT_SYMMETRY_TOLERANCE);
    }

    /**
     * {@link #check(double[], int, int, double)} for n = 3, unrolled and without data-dependent branches on the common path
     * (finite, exactly symmetric input): {@code Math.max(long, long)} is not an intrinsic on
     * JDK 17, and its compare-and-branch mispredicts on streamed data (a loop of nine cost about
     * 20 ns per matrix in the batch). Anything else takes the general check, which names the
     * problem or returns the same max|a_ij|.
     */
    /** The input check of a 3x3 matrix: its largest |a_ij|, or an exception naming the problem. */
    static double check3(double[] a, int offset, double symmetryTolerance) {
        if (a == null || offset < 0 || offset > a.length - 9) {
            return check(a, offset, 3, symmetryTolerance);
        }
        long m01 = maxNonNegative(absBits(a[offset]), absBits(a[offset + 1]));
        long m23 = maxNonNegative(absBits(a[offset + 2]), absBits(a[offset + 3]));
        long m45 = maxNonNegative(absBits(a[offset + 4]), absBits(a[offset + 5]));
        long m67 = maxNonNegative(absBits(a[offset + 6]), absBits(a[offset + 7]));
        long maxBits = maxNonNegative(maxNonNegative(maxNonNegative(m01, m23), maxNonNegative(m45, m67)),
                absBits(a[offset + 8]));
        if (maxBits >= POSITIVE_INFINITY_BITS || a[offset + 1] != a[offset + 3] || a[offset + 2] != a[offset + 6]
                || a[offset + 5] != a[offset + 7]) {
            return check(a, offset, 3, symmetryTolerance);
        }
        return Double.longBitsToDouble(maxBits);
    }

    /** |x| as its bit pattern, which orders like the magnitude (NaN and infinities largest). */
    static long absBits(double x) {
        return Double.doubleToRawLongBits(x) & Long.MAX_VALUE;
    }

    /** max(x, y) for x, y >= 0 in arithmetic: no branch to mispredict. */
    static long maxNonNegative(long x, long y) {
        long d = x - y;
        return x - (d & (d >> 63));
    }

    /** Checks finiteness and symmetry; returns max|a_ij|. */
    static double check(double[] a, int offset, int n, double symmetryTolerance) {
        GeneratedRuleSupport.check("matrix", a, offset, n * n, false);
        // max |a_ij| on the bit patterns: for non-negative doubles the order of the bits is the
        // order of the values, a long max is one cheap instruction, and NaN and infinities
        // have the largest patterns
        long maxBits = 0;
        for (int k = 0; k < n * n; k++) {
            maxBits = maxNonNegative(maxBits, absBits(a[offset + k]));
        }
        if (maxBits >= POSITIVE_INFINITY_BITS) {
            for (int k = 0; k < n * n; k++) {
                double x = a[offset + k];
                if (!(Math.abs(x) <= Double.MAX_VALUE)) {
                    throw new InvalidInputException(Problem.NOT_FINITE, "matrix entry (" + k / n + ", " + k % n
                            + ") is " + x + "; entries must be finite");
                }
            }
        }
        double maxAbs = Double.longBitsToDouble(maxBits);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double aij = a[offset + i * n + j];
                double aji = a[offset + j * n + i];
                if (aij != aji && (Math.abs(aij - aji) / maxAbs > symmetryTolerance || symmetryTolerance == 0)) {
                    // the full, uniform message
                    MatrixInput.requireSymmetric(java.util.Arrays.copyOfRange(a, offset, offset + n * n), n, maxAbs,
                            symmetryTolerance, "matrix");
                }
            }
        }
        return maxAbs;
    }

    static void checkEpsilon(double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "epsilon must be finite and >= 0, got " + epsilon);
        }
    }
}
