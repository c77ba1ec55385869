package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;

/**
 * The forward pass in single precision (docs/math.md section 11), behind the float overloads
 * of {@link SmallEigensolver} and {@link SymmetricEigensolver}. The 2x2 and 3x3 closed forms
 * run in float arithmetic ({@code ClosedFormsFloat}, generated from the programs of the double
 * ones, with float thresholds of range); where the 3x3 closed form hands a matrix to Jacobi
 * (a multiple of the identity, graded spectra), and for n = 4 and general n, the float input
 * is decomposed in double (exact widening) and rounded once, which is more accurate than the
 * float contract and costs little beside those solvers' own work. A rounded result gets the
 * gauge again in float (rounding can make two entries of a column equal in magnitude).
 */
final class FloatSolvers {
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[2 * 16 + 4]);

    private FloatSolvers() {}

    /**
     * {@link #check} for n = 3 without data-dependent branches on the common path (finite,
     * exactly symmetric input), as {@code SmallInputCheck.check3}: the largest |a_ij| from the
     * bit patterns (which order like the magnitudes, NaN and infinities largest); anything else
     * takes the general check, which names the problem or returns the same value.
     */
    static float check3(float[] a, int offset, double symmetryTolerance) {
        if (a == null || offset < 0 || offset > a.length - 9) {
            return check(a, offset, 3, symmetryTolerance);
        }
        int m01 = maxNonNegative(absBits(a[offset]), absBits(a[offset + 1]));
        int m23 = maxNonNegative(absBits(a[offset + 2]), absBits(a[offset + 3]));
        int m45 = maxNonNegative(absBits(a[offset + 4]), absBits(a[offset + 5]));
        int m67 = maxNonNegative(absBits(a[offset + 6]), absBits(a[offset + 7]));
        int maxBits = maxNonNegative(maxNonNegative(maxNonNegative(m01, m23), maxNonNegative(m45, m67)),
                absBits(a[offset + 8]));
        if (maxBits >= 0x7f800000 || a[offset + 1] != a[offset + 3] || a[offset + 2] != a[offset + 6]
                || a[offset + 5] != a[offset + 7]) {
            return check(a, offset, 3, symmetryTolerance);
        }
        return Float.intBitsToFloat(maxBits);
    }

    private static int absBits(float x) {
        return Float.floatToRawIntBits(x) & Integer.MAX_VALUE;
    }

    /** max(x, y) for x, y >= 0 in arithmetic: no branch to mispredict. */
    private static int maxNonNegative(int x, int y) {
        int d = x - y;
        return x - (d & (d >> 31));
    }

    /** The checks of a float matrix: finite, symmetric within the tolerance; returns max|a_ij|. */
    static float check(float[] a, int offset, int n, double symmetryTolerance) {
        FloatRuleSupport.check("matrix", a, offset, (long) n * n, false);
        float maxAbs = 0;
        for (int k = 0; k < n * n; k++) {
            maxAbs = Math.max(maxAbs, Math.abs(a[offset + k])); // NaN propagates
        }
        if (!(maxAbs <= Float.MAX_VALUE)) {
            for (int k = 0; k < n * n; k++) {
                if (!Float.isFinite(a[offset + k])) {
                    throw new InvalidInputException(Problem.NOT_FINITE, "matrix entry (" + k / n + ", " + k % n
                            + ") is " + a[offset + k] + "; entries must be finite");
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float aij = a[offset + i * n + j];
                float aji = a[offset + j * n + i];
                if (aij != aji && ((double) Math.abs(aij - aji) / maxAbs > symmetryTolerance || symmetryTolerance == 0)) {
                    MatrixInput.requireSymmetric(FloatRuleSupport.widen(a, offset, n * n), n, maxAbs,
                            symmetryTolerance, "matrix");
                }
            }
        }
        return maxAbs;
    }

    static void checkEpsilon(float epsilon) {
        SmallInputCheck.checkEpsilon(epsilon);
    }

    static void checkOutputs(int n, float[] values, int valuesOffset, float[] vectors, int vectorsOffset) {
        FloatRuleSupport.check("values", values, valuesOffset, n, false);
        FloatRuleSupport.check("vectors", vectors, vectorsOffset, (long) n * n, false);
    }

    /**
     * The n x n float matrix at {@code offset}, n = 2, 3 or 4, checked already (max|a_ij| =
     * {@code maxAbs}): the float closed forms for n = 2, 3, {@link #inDouble4} for n = 4;
     * epsilon is added in float.
     */
    static void decomposeSmall(int n, float[] a, int offset, float maxAbs, float epsilon, float[] values,
            int valuesOffset, float[] vectors, int vectorsOffset) {
        if (maxAbs == 0) {
            for (int i = 0; i < n; i++) {
                values[valuesOffset + i] = epsilon;
                for (int j = 0; j < n; j++) {
                    vectors[vectorsOffset + i * n + j] = i == j ? 1 : 0;
                }
            }
            return;
        }
        if (n == 4) {
            inDouble4(a, offset, epsilon, values, valuesOffset, vectors, vectorsOffset);
            return;
        }
        int e = MatrixInput.exponentOf(maxAbs);
        // multiplying by 2^-e is exact; two factors keep each inside the float range (e >= -149)
        float f1 = (float) MatrixInput.powerOfTwo(-(e / 2));
        float f2 = (float) MatrixInput.powerOfTwo(-(e - e / 2));
        if (n == 2) {
            float a00 = a[offset] * f1 * f2;
            float a11 = a[offset + 3] * f1 * f2;
            float a01 = (a[offset + 1] * f1 * f2 + a[offset + 2] * f1 * f2) / 2;
            ClosedFormsFloat.closedForm2(a00, a11, a01, e, epsilon, values, valuesOffset, vectors, vectorsOffset);
            return;
        }
        float a00 = a[offset] * f1 * f2;
        float a11 = a[offset + 4] * f1 * f2;
        float a22 = a[offset + 8] * f1 * f2;
        float a01 = (a[offset + 1] * f1 * f2 + a[offset + 3] * f1 * f2) / 2;
        float a02 = (a[offset + 2] * f1 * f2 + a[offset + 6] * f1 * f2) / 2;
        float a12 = (a[offset + 5] * f1 * f2 + a[offset + 7] * f1 * f2) / 2;
        float lambda = ClosedFormsFloat.isolatedEigenvalue(a00, a11, a22, a01, a02, a12);
        if (lambda != lambda || !ClosedFormsFloat.closedForm3(a00, a11, a22, a01, a02, a12, lambda, e, epsilon, values,
                valuesOffset, vectors, vectorsOffset)) {
            double[] s = SCRATCH.get();
            SmallEigensolver.jacobi3(a00, a11, a22, a01, a02, a12, e, epsilon, s, 0, s, 3);
            narrow(3, s, 0, s, 3, values, valuesOffset, vectors, vectorsOffset);
        }
    }

    /** The 4x4 float matrix (checked) decomposed in double, rounded once into the float outputs; no allocation. */
    private static void inDouble4(float[] a, int offset, float epsilon, float[] values, int valuesOffset,
            float[] vectors, int vectorsOffset) {
        double[] s = SCRATCH.get(); // the matrix from 0, the values from 16, V from 20
        for (int k = 0; k < 16; k++) {
            s[k] = a[offset + k];
        }
        SmallEigensolver.decompose(4, s, 0, epsilon, 1, s, 16, s, 20); // checked in float already
        narrow(4, s, 16, s, 20, values, valuesOffset, vectors, vectorsOffset);
    }

    /** The n x n float matrix decomposed by {@code solver} in double, rounded once into the float outputs. */
    static void inDouble(SymmetricEigensolver solver, float[] a, int n, float[] values, float[] vectors) {
        SymmetricEigendecomposition d = solver.decompose(FloatRuleSupport.widen(a, 0, n * n), n);
        narrow(n, d.values(), 0, d.vectorsRowMajor(), 0, values, 0, vectors, 0);
    }

    /**
     * Double eigenpairs rounded into float arrays: values beyond the float range are
     * {@link Problem#OUT_OF_RANGE}; each column of V gets the gauge again (its entry of largest
     * magnitude, the first on ties, positive). Rounding keeps the order of the values.
     */
    static void narrow(int n, double[] v, int vOffset, double[] w, int wOffset, float[] values, int valuesOffset,
            float[] vectors, int vectorsOffset) {
        for (int i = 0; i < n; i++) {
            float x = (float) v[vOffset + i];
            if (Float.isInfinite(x)) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, "eigenvalue " + i + " = " + v[vOffset + i]
                        + " exceeds the float range; scale the matrix down or use double");
            }
            values[valuesOffset + i] = x;
        }
        for (int col = 0; col < n; col++) {
            float largest = 0;
            for (int row = 0; row < n; row++) {
                float x = (float) w[wOffset + row * n + col];
                vectors[vectorsOffset + row * n + col] = x;
                if (Math.abs(x) > Math.abs(largest)) {
                    largest = x;
                }
            }
            if (largest < 0) {
                for (int row = 0; row < n; row++) {
                    vectors[vectorsOffset + row * n + col] = -vectors[vectorsOffset + row * n + col];
                }
            }
        }
    }
}
