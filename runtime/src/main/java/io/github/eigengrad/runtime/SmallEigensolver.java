package io.github.eigengrad.runtime;


/**
 * Allocation-free eigendecompositions of symmetric 2x2, 3x3 and 4x4 matrices on
 * {@code double[]} with offsets, for hot loops and batches. Same contract as
 * {@link SymmetricEigensolver}: {@code sym(A) + epsilon*I}, descending eigenvalues, the gauge
 * of docs/math.md section 1, and the same input checks (finite entries, asymmetry within
 * {@link SymmetricEigensolver#DEFAULT_SYMMETRY_TOLERANCE}).
 *
 * <p>Method: the matrix is scaled by a power of two (exact) so its largest entry is in [1, 2).
 * <ul>
 *   <li>2x2: one Jacobi rotation, the closed form.</li>
 *   <li>3x3: a closed form first. The most isolated eigenvalue comes from the normalised
 *       characteristic cubic (a polynomial start and one Halley step, no {@code acos}), its
 *       eigenvector from the largest cross product of two rows of {@code A - lambda I}, and the
 *       other two pairs from the 2x2 problem of A on the orthogonal complement. Residual and
 *       orthogonality are a few ulps of ||A|| even at ties and near ties. Where an eigenvalue
 *       is below 2^-20 of the largest (graded or nearly singular matrices), or the matrix is a
 *       multiple of the identity, cyclic Jacobi, unrolled on locals, is used instead.</li>
 *   <li>4x4: cyclic Jacobi.</li>
 * </ul>
 * A Jacobi rotation is skipped when {@code |a_pq| <= 2^-53 sqrt(|a_pp a_qq|)}, the criterion
 * under which Jacobi computes the eigenvalues of a positive definite matrix to high relative
 * accuracy (Demmel and Veselic): tiny eigenvalues of graded SPD matrices keep their relative
 * accuracy, and the 3x3 closed form hands exactly those matrices to Jacobi.
 */
public final class SmallEigensolver {
    private static final double EPS = 0x1p-53;
    private static final int MAX_SWEEPS = 64;
    /** Below this |tan|, {@code 1/sqrt(1 + t^2)} rounds to 1: the cosine is 1 without computing it. */
    private static final double SMALL_ANGLE = 0x1p-27;
    private static final ThreadLocal<double[]> SCRATCH4 = ThreadLocal.withInitial(() -> new double[32]);

    private SmallEigensolver() {}

    /**
     * Decomposes the 3x3 matrix at {@code a[aOffset..aOffset+8]} (row-major); writes 3 values
     * (descending) and V row-major (column j = eigenvector j).
     *
     * @param a the matrix, row-major from {@code aOffset} (or as rows)
     * @param aOffset the index of A[0][0] in {@code a}
     * @param epsilon added to every eigenvalue (the diagonal shift), finite and >= 0
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     */
    public static void decompose3(double[] a, int aOffset, double epsilon, double[] values, int valuesOffset,
            double[] vectors, int vectorsOffset) {
        double maxAbs = SmallInputCheck.check3(a, aOffset, MatrixInput.DEFAULT_SYMMETRY_TOLERANCE);
        SmallInputCheck.checkEpsilon(epsilon);
        SmallInputCheck.checkOutputs(3, values, valuesOffset, vectors, vectorsOffset);
        core3(a, aOffset, maxAbs, epsilon, values, valuesOffset, vectors, vectorsOffset);
    }

    private static void core3(double[] a, int aOffset, double maxAbs, double epsilon, double[] values, int valuesOffset,
            double[] vectors, int vectorsOffset) {
        if (maxAbs == 0) {
            identity(3, epsilon, values, valuesOffset, vectors, vectorsOffset);
            return;
        }
        int e = MatrixInput.exponentOf(maxAbs);
        // multiplying by 2^-e is exact; two factors keep 2^-e in range
        double f1 = MatrixInput.powerOfTwo(-(e / 2));
        double f2 = MatrixInput.powerOfTwo(-(e - e / 2));
        double a00 = a[aOffset] * f1 * f2;
        double a11 = a[aOffset + 4] * f1 * f2;
        double a22 = a[aOffset + 8] * f1 * f2;
        double a01 = (a[aOffset + 1] * f1 * f2 + a[aOffset + 3] * f1 * f2) / 2;
        double a02 = (a[aOffset + 2] * f1 * f2 + a[aOffset + 6] * f1 * f2) / 2;
        double a12 = (a[aOffset + 5] * f1 * f2 + a[aOffset + 7] * f1 * f2) / 2;
        double lambda = ClosedForms.isolatedEigenvalue(a00, a11, a22, a01, a02, a12);
        if (lambda != lambda // NaN: a multiple of the identity
                || !ClosedForms.closedForm3(a00, a11, a22, a01, a02, a12, lambda, e, epsilon, values, valuesOffset, vectors,
                        vectorsOffset)) {
            jacobi3(a00, a11, a22, a01, a02, a12, e, epsilon, values, valuesOffset, vectors, vectorsOffset);
        }
    }

    /** Cyclic Jacobi on the scaled matrix, from the identity. */
    static void jacobi3(double a00, double a11, double a22, double a01, double a02, double a12, int e,
            double epsilon, double[] values, int valuesOffset, double[] vectors, int vectorsOffset) {
        double v00 = 1;
        double v01 = 0;
        double v02 = 0;
        double v10 = 0;
        double v11 = 1;
        double v12 = 0;
        double v20 = 0;
        double v21 = 0;
        double v22 = 1;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            if (negligible(a01, a00, a11)) {
                a01 = 0;
            }
            if (negligible(a02, a00, a22)) {
                a02 = 0;
            }
            if (negligible(a12, a11, a22)) {
                a12 = 0;
            }
            if (a01 == 0 && a02 == 0 && a12 == 0) {
                break;
            }
            if (a01 != 0) { // rotate (0, 1); the other index is 2
                double t = ClosedForms.tangent(a00, a11, a01);
                double c = Math.abs(t) < SMALL_ANGLE ? 1 : 1 / Math.sqrt(t * t + 1);
                double s = t * c;
                a00 -= t * a01;
                a11 += t * a01;
                a01 = 0;
                double g = a02;
                double h = a12;
                a02 = c * g - s * h;
                a12 = s * g + c * h;
                g = v00;
                h = v01;
                v00 = c * g - s * h;
                v01 = s * g + c * h;
                g = v10;
                h = v11;
                v10 = c * g - s * h;
                v11 = s * g + c * h;
                g = v20;
                h = v21;
                v20 = c * g - s * h;
                v21 = s * g + c * h;
            }
            if (a02 != 0) { // rotate (0, 2); the other index is 1
                double t = ClosedForms.tangent(a00, a22, a02);
                double c = Math.abs(t) < SMALL_ANGLE ? 1 : 1 / Math.sqrt(t * t + 1);
                double s = t * c;
                a00 -= t * a02;
                a22 += t * a02;
                a02 = 0;
                double g = a01;
                double h = a12;
                a01 = c * g - s * h;
                a12 = s * g + c * h;
                g = v00;
                h = v02;
                v00 = c * g - s * h;
                v02 = s * g + c * h;
                g = v10;
                h = v12;
                v10 = c * g - s * h;
                v12 = s * g + c * h;
                g = v20;
                h = v22;
                v20 = c * g - s * h;
                v22 = s * g + c * h;
            }
            if (a12 != 0) { // rotate (1, 2); the other index is 0
                double t = ClosedForms.tangent(a11, a22, a12);
                double c = Math.abs(t) < SMALL_ANGLE ? 1 : 1 / Math.sqrt(t * t + 1);
                double s = t * c;
                a11 -= t * a12;
                a22 += t * a12;
                a12 = 0;
                double g = a01;
                double h = a02;
                a01 = c * g - s * h;
                a02 = s * g + c * h;
                g = v01;
                h = v02;
                v01 = c * g - s * h;
                v02 = s * g + c * h;
                g = v11;
                h = v12;
                v11 = c * g - s * h;
                v12 = s * g + c * h;
                g = v21;
                h = v22;
                v21 = c * g - s * h;
                v22 = s * g + c * h;
            }
        }
        ClosedForms.finish3(a00, a11, a22, v00, v01, v02, v10, v11, v12, v20, v21, v22, e, epsilon, values, valuesOffset, vectors,
                vectorsOffset);
    }


    /**
     * Decomposes the 2x2 matrix at {@code a[aOffset..aOffset+3]}: one Jacobi rotation, the
     * closed form.
     *
     * @param a the matrix, row-major from {@code aOffset} (or as rows)
     * @param aOffset the index of A[0][0] in {@code a}
     * @param epsilon added to every eigenvalue (the diagonal shift), finite and >= 0
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     */
    public static void decompose2(double[] a, int aOffset, double epsilon, double[] values, int valuesOffset,
            double[] vectors, int vectorsOffset) {
        double maxAbs = SmallInputCheck.check(a, aOffset, 2);
        SmallInputCheck.checkEpsilon(epsilon);
        SmallInputCheck.checkOutputs(2, values, valuesOffset, vectors, vectorsOffset);
        core2(a, aOffset, maxAbs, epsilon, values, valuesOffset, vectors, vectorsOffset);
    }

    private static void core2(double[] a, int aOffset, double maxAbs, double epsilon, double[] values, int valuesOffset,
            double[] vectors, int vectorsOffset) {
        if (maxAbs == 0) {
            identity(2, epsilon, values, valuesOffset, vectors, vectorsOffset);
            return;
        }
        int e = MatrixInput.exponentOf(maxAbs);
        double f1 = MatrixInput.powerOfTwo(-(e / 2));
        double f2 = MatrixInput.powerOfTwo(-(e - e / 2));
        double a00 = a[aOffset] * f1 * f2;
        double a11 = a[aOffset + 3] * f1 * f2;
        double a01 = (a[aOffset + 1] * f1 * f2 + a[aOffset + 2] * f1 * f2) / 2;
        ClosedForms.closedForm2(a00, a11, a01, e, epsilon, values, valuesOffset, vectors, vectorsOffset);
    }

    /**
     * Decomposes the 4x4 matrix at {@code a[aOffset..aOffset+15]}: cyclic Jacobi on a
     * per-thread scratch array (no allocation after the first call on a thread).
     *
     * @param a the matrix, row-major from {@code aOffset} (or as rows)
     * @param aOffset the index of A[0][0] in {@code a}
     * @param epsilon added to every eigenvalue (the diagonal shift), finite and >= 0
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     */
    public static void decompose4(double[] a, int aOffset, double epsilon, double[] values, int valuesOffset,
            double[] vectors, int vectorsOffset) {
        double maxAbs = SmallInputCheck.check(a, aOffset, 4);
        SmallInputCheck.checkEpsilon(epsilon);
        SmallInputCheck.checkOutputs(4, values, valuesOffset, vectors, vectorsOffset);
        core4(a, aOffset, maxAbs, epsilon, values, valuesOffset, vectors, vectorsOffset);
    }

    private static void core4(double[] a, int aOffset, double maxAbs, double epsilon, double[] values, int valuesOffset,
            double[] vectors, int vectorsOffset) {
        if (maxAbs == 0) {
            identity(4, epsilon, values, valuesOffset, vectors, vectorsOffset);
            return;
        }
        int e = MatrixInput.exponentOf(maxAbs);
        double f1 = MatrixInput.powerOfTwo(-(e / 2));
        double f2 = MatrixInput.powerOfTwo(-(e - e / 2));
        double[] scratch = SCRATCH4.get();
        // m in scratch[0..15], v in scratch[16..31]
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                scratch[i * 4 + j] = (a[aOffset + i * 4 + j] * f1 * f2 + a[aOffset + j * 4 + i] * f1 * f2) / 2;
                scratch[16 + i * 4 + j] = i == j ? 1 : 0;
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < 3; p++) {
                for (int q = p + 1; q < 4; q++) {
                    double apq = scratch[p * 4 + q];
                    if (negligible(apq, scratch[p * 5], scratch[q * 5])) {
                        scratch[p * 4 + q] = 0;
                        scratch[q * 4 + p] = 0;
                        continue;
                    }
                    rotated = true;
                    double t = ClosedForms.tangent(scratch[p * 5], scratch[q * 5], apq);
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    scratch[p * 5] -= t * apq;
                    scratch[q * 5] += t * apq;
                    scratch[p * 4 + q] = 0;
                    scratch[q * 4 + p] = 0;
                    for (int r = 0; r < 4; r++) {
                        if (r != p && r != q) {
                            double g = scratch[r * 4 + p];
                            double h = scratch[r * 4 + q];
                            scratch[r * 4 + p] = c * g - s * h;
                            scratch[p * 4 + r] = scratch[r * 4 + p];
                            scratch[r * 4 + q] = s * g + c * h;
                            scratch[q * 4 + r] = scratch[r * 4 + q];
                        }
                        double g = scratch[16 + r * 4 + p];
                        double h = scratch[16 + r * 4 + q];
                        scratch[16 + r * 4 + p] = c * g - s * h;
                        scratch[16 + r * 4 + q] = s * g + c * h;
                    }
                }
            }
            if (!rotated) {
                break;
            }
        }
        // selection sort of 4, descending, swapping the diagonal and the columns of V in place
        for (int i = 0; i < 3; i++) {
            int best = i;
            for (int j = i + 1; j < 4; j++) {
                if (scratch[j * 5] > scratch[best * 5]) {
                    best = j;
                }
            }
            if (best != i) {
                double d = scratch[i * 5];
                scratch[i * 5] = scratch[best * 5];
                scratch[best * 5] = d;
                for (int row = 0; row < 4; row++) {
                    double x = scratch[16 + row * 4 + i];
                    scratch[16 + row * 4 + i] = scratch[16 + row * 4 + best];
                    scratch[16 + row * 4 + best] = x;
                }
            }
        }
        for (int col = 0; col < 4; col++) {
            values[valuesOffset + col] = MatrixInput.unscaleEigenvalue(scratch[col * 5], e, epsilon, col);
            int top = 0;
            for (int row = 1; row < 4; row++) {
                if (Math.abs(scratch[16 + row * 4 + col]) > Math.abs(scratch[16 + top * 4 + col])) {
                    top = row;
                }
            }
            double sign = scratch[16 + top * 4 + col] < 0 ? -1 : 1;
            for (int row = 0; row < 4; row++) {
                vectors[vectorsOffset + row * 4 + col] = sign * scratch[16 + row * 4 + col];
            }
        }
    }

    /**
     * For {@link SymmetricEigensolver}, after its own checks (its symmetry tolerance may differ):
     * decomposes {@code sym(A)} of size 2, 3 or 4 given {@code max|a_ij|}.
     */
    static void decomposeChecked(int n, double[] a, double maxAbs, double epsilon, double[] values, double[] vectors) {
        switch (n) {
            case 2 -> core2(a, 0, maxAbs, epsilon, values, 0, vectors, 0);
            case 3 -> core3(a, 0, maxAbs, epsilon, values, 0, vectors, 0);
            case 4 -> core4(a, 0, maxAbs, epsilon, values, 0, vectors, 0);
            default -> throw new IllegalArgumentException("no small solver for n = " + n);
        }
    }

    /** {@code |a_pq| <= 2^-53 sqrt(|a_pp a_qq|)}, squared to spare the square root. */
    private static boolean negligible(double apq, double app, double aqq) {
        return apq * apq <= EPS * EPS * Math.abs(app * aqq);
    }

    /**
     * For {@link EigenBatch}: the n x n matrix (n = 2, 3, 4) at {@code aOffset}, checked with the
     * given symmetry tolerance.
     */
    static void decompose(int n, double[] a, int aOffset, double epsilon, double symmetryTolerance, double[] values,
            int valuesOffset, double[] vectors, int vectorsOffset) {
        double maxAbs = SmallInputCheck.check(a, aOffset, n, symmetryTolerance);
        switch (n) {
            case 2 -> core2(a, aOffset, maxAbs, epsilon, values, valuesOffset, vectors, vectorsOffset);
            case 3 -> core3(a, aOffset, maxAbs, epsilon, values, valuesOffset, vectors, vectorsOffset);
            case 4 -> core4(a, aOffset, maxAbs, epsilon, values, valuesOffset, vectors, vectorsOffset);
            default -> throw new IllegalArgumentException("no small solver for n = " + n);
        }
    }

    static void identity(int n, double epsilon, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset) {
        for (int i = 0; i < n; i++) {
            values[valuesOffset + i] = epsilon;
            for (int j = 0; j < n; j++) {
                vectors[vectorsOffset + i * n + j] = i == j ? 1 : 0;
            }
        }
    }

    /**
     * Decomposes the 2x2 float matrix at {@code a[aOffset..aOffset+3]} (docs/math.md section
     * 11): the closed form in float arithmetic; the contract of the double method with float
     * round-off (residual and orthogonality within {@code 64 n 2^-24}).
     *
     * @param a the matrix, row-major from {@code aOffset}
     * @param aOffset the index of A[0][0] in {@code a}
     * @param epsilon added to every eigenvalue (the diagonal shift), finite and >= 0
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     */
    public static void decompose2(float[] a, int aOffset, float epsilon, float[] values, int valuesOffset,
            float[] vectors, int vectorsOffset) {
        decomposeFloat(2, a, aOffset, epsilon, values, valuesOffset, vectors, vectorsOffset);
    }

    /**
     * Decomposes the 3x3 float matrix at {@code a[aOffset..aOffset+8]} (docs/math.md section
     * 11): the closed form in float arithmetic, and where it hands the matrix to Jacobi, Jacobi
     * in double on the float input, rounded once.
     *
     * @param a the matrix, row-major from {@code aOffset}
     * @param aOffset the index of A[0][0] in {@code a}
     * @param epsilon added to every eigenvalue (the diagonal shift), finite and >= 0
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     */
    public static void decompose3(float[] a, int aOffset, float epsilon, float[] values, int valuesOffset,
            float[] vectors, int vectorsOffset) {
        decomposeFloat(3, a, aOffset, epsilon, values, valuesOffset, vectors, vectorsOffset);
    }

    /**
     * Decomposes the 4x4 float matrix at {@code a[aOffset..aOffset+15]} (docs/math.md section
     * 11): cyclic Jacobi in double on the float input, rounded once; no allocation.
     *
     * @param a the matrix, row-major from {@code aOffset}
     * @param aOffset the index of A[0][0] in {@code a}
     * @param epsilon added to every eigenvalue (the diagonal shift), finite and >= 0
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     */
    public static void decompose4(float[] a, int aOffset, float epsilon, float[] values, int valuesOffset,
            float[] vectors, int vectorsOffset) {
        decomposeFloat(4, a, aOffset, epsilon, values, valuesOffset, vectors, vectorsOffset);
    }

    private static void decomposeFloat(int n, float[] a, int aOffset, float epsilon, float[] values, int valuesOffset,
            float[] vectors, int vectorsOffset) {
        float maxAbs = n == 3 ? FloatSolvers.check3(a, aOffset, MatrixInput.DEFAULT_SYMMETRY_TOLERANCE)
                : FloatSolvers.check(a, aOffset, n, MatrixInput.DEFAULT_SYMMETRY_TOLERANCE);
        FloatSolvers.checkEpsilon(epsilon);
        FloatSolvers.checkOutputs(n, values, valuesOffset, vectors, vectorsOffset);
        FloatSolvers.decomposeSmall(n, a, aOffset, maxAbs, epsilon, values, valuesOffset, vectors, vectorsOffset);
    }
}
