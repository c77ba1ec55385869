package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;

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
        double lambda = isolatedEigenvalue(a00, a11, a22, a01, a02, a12);
        if (lambda != lambda // NaN: a multiple of the identity
                || !closedForm3(a00, a11, a22, a01, a02, a12, lambda, e, epsilon, values, valuesOffset, vectors,
                        vectorsOffset)) {
            jacobi3(a00, a11, a22, a01, a02, a12, e, epsilon, values, valuesOffset, vectors, vectorsOffset);
        }
    }

    private static final ThreadLocal<Chunk3> CHUNK3 = ThreadLocal.withInitial(() -> new Chunk3(0));

    /** This thread's scratch for at least {@code capacity} matrices (allocated once, then reused). */
    static Chunk3 chunk3(int capacity) {
        Chunk3 c = CHUNK3.get();
        if (c.lambda.length < capacity) {
            c = new Chunk3(capacity);
            CHUNK3.set(c);
        }
        return c;
    }

    /** Scratch arrays of {@link #decompose3Chunk} for up to {@code capacity} matrices; one per thread. */
    static final class Chunk3 {
        final double[] a00;
        final double[] a11;
        final double[] a22;
        final double[] a01;
        final double[] a02;
        final double[] a12;
        final double[] lambda;
        final int[] exponent;
        /** 2^exponent, the factor that unscales the eigenvalues: written by the SIMD lanes' first stage. */
        final double[] scale;

        Chunk3(int capacity) {
            a00 = new double[capacity];
            a11 = new double[capacity];
            a22 = new double[capacity];
            a01 = new double[capacity];
            a02 = new double[capacity];
            a12 = new double[capacity];
            lambda = new double[capacity];
            exponent = new int[capacity];
            scale = new double[capacity];
        }
    }

    /**
     * {@code count} consecutive 3x3 matrices from {@code aOffset}, with the results of
     * {@link #decompose3} bit for bit, in stages over the chunk: check and scale all, then the
     * isolated eigenvalue of all, then the rest. Each stage is a short loop whose iterations
     * are independent, so the processor overlaps several matrices instead of waiting on one
     * dependent chain (docs/performance.md). A bad matrix throws naming it as matrix
     * {@code firstIndex + b}.
     */
    static void decompose3Chunk(double[] a, int aOffset, int count, double epsilon, double symmetryTolerance,
            double[] values, int valuesOffset, double[] vectors, int vectorsOffset, Chunk3 s, int firstIndex) {
        scale3Chunk(a, aOffset, count, symmetryTolerance, s, firstIndex);
        for (int b = 0; b < count; b++) {
            s.lambda[b] = isolatedEigenvalue(s.a00[b], s.a11[b], s.a22[b], s.a01[b], s.a02[b], s.a12[b]);
        }
        for (int b = 0; b < count; b++) {
            try {
                solveScaled3(s, b, s.lambda[b], epsilon, values, valuesOffset + 3 * b, vectors, vectorsOffset + 9 * b);
            } catch (InvalidInputException x) { // an eigenvalue beyond the double range
                throw new InvalidInputException(x.problem(), "matrix " + (firstIndex + b) + ": " + x.getMessage());
            }
        }
    }

    /**
     * The first stage of {@link #decompose3Chunk}: checks matrix b and writes its scaled
     * symmetric part and its exponent (Integer.MIN_VALUE for zero) into {@code s}.
     */
    private static void scale3Chunk(double[] a, int aOffset, int count, double symmetryTolerance, Chunk3 s, int firstIndex) {
        for (int b = 0; b < count; b++) {
            double maxAbs;
            try {
                maxAbs = SmallInputCheck.check3(a, aOffset + 9 * b, symmetryTolerance);
            } catch (InvalidInputException x) {
                throw new InvalidInputException(x.problem(), "matrix " + (firstIndex + b) + ": " + x.getMessage());
            }
            if (maxAbs == 0) {
                s.exponent[b] = Integer.MIN_VALUE;
                continue;
            }
            int e = MatrixInput.exponentOf(maxAbs);
            double f1 = MatrixInput.powerOfTwo(-(e / 2));
            double f2 = MatrixInput.powerOfTwo(-(e - e / 2));
            int o = aOffset + 9 * b;
            s.exponent[b] = e;
            s.a00[b] = a[o] * f1 * f2;
            s.a11[b] = a[o + 4] * f1 * f2;
            s.a22[b] = a[o + 8] * f1 * f2;
            s.a01[b] = (a[o + 1] * f1 * f2 + a[o + 3] * f1 * f2) / 2;
            s.a02[b] = (a[o + 2] * f1 * f2 + a[o + 6] * f1 * f2) / 2;
            s.a12[b] = (a[o + 5] * f1 * f2 + a[o + 7] * f1 * f2) / 2;
        }
    }

    /**
     * The rest of matrix b of a chunk after {@link #scale3Chunk}, from its isolated eigenvalue
     * {@code lambda}: the closed form, or Jacobi, or the identity for the zero matrix.
     */
    private static void solveScaled3(Chunk3 s, int b, double lambda, double epsilon, double[] values, int valuesOffset,
            double[] vectors, int vectorsOffset) {
        int e = s.exponent[b];
        if (e == Integer.MIN_VALUE) {
            identity(3, epsilon, values, valuesOffset, vectors, vectorsOffset);
            return;
        }
        if (lambda != lambda || !closedForm3(s.a00[b], s.a11[b], s.a22[b], s.a01[b], s.a02[b], s.a12[b], lambda, e,
                epsilon, values, valuesOffset, vectors, vectorsOffset)) {
            jacobi3(s.a00[b], s.a11[b], s.a22[b], s.a01[b], s.a02[b], s.a12[b], e, epsilon, values, valuesOffset,
                    vectors, vectorsOffset);
        }
    }

    // g(s) = 2 cos(acos(s) / 3) on [0, 1], the largest root of x^3 - 3x - 2s: a degree-5 fit
    // (error below 1.2e-6) that one Halley step takes to full precision (cubic convergence)
    /** The closed form goes to Jacobi when the squared spread p^2 is at most this (a multiple of I, nearly). */
    static final double TINY_SPREAD = 0x1p-600;
    /** ... and when the best cross product is this short (the isolated eigenvector is not determined). */
    static final double TINY_VECTOR = 0x1p-400;
    static final double G0 = 0x1.bb67c1e382821p+0;
    static final double G1 = 0x1.553e3957943e9p-2;
    static final double G2 = -0x1.858f6ce51e6d0p-4;
    static final double G3 = 0x1.68166460d48a0p-5;
    static final double G4 = -0x1.28b12efba1fb6p-6;
    static final double G5 = 0x1.03c6ee78a00fcp-8;
    /**
     * Below this ratio of the smallest to the largest |eigenvalue| the 3x3 goes to Jacobi, which
     * keeps relative accuracy. Above it the closed form's error, at most about
     * {@code 4 eps lambda_max}, is within {@code 4 eps 2^10 = 4.5e-13} of every eigenvalue:
     * the 1e-12 relative accuracy promised for graded positive definite input.
     */
    static final double CLOSED_FORM_MIN_RATIO = 0x1p-10;

    /**
     * The 3x3 fast path on the scaled matrix: the most isolated eigenvalue from the normalised
     * characteristic cubic (polynomial start, one Halley step; no acos), its eigenvector from
     * the largest cross product of two rows of {@code A - lambda I}, then the other two pairs
     * from the closed-form 2x2 eigenproblem of A compressed to the orthogonal complement.
     * Residual and orthogonality are a few ulps of ||A|| (the cross product's error, about
     * eps ||A|| / gap, moves the residual by about eps ||A||). The dependent chain of divisions
     * and square roots is kept short: it sets the latency. Returns false (nothing written)
     * where Jacobi is needed: a multiple of the identity, or an eigenvalue below 2^-10 of the
     * largest, where Jacobi keeps the small eigenvalues' relative accuracy.
     */
    /**
     * The first half of the 3x3 closed form on the scaled matrix: its most isolated eigenvalue
     * (the top one when {@code det(A - qI) >= 0}, else the bottom one), or NaN for a multiple of
     * the identity, where Jacobi is used.
     */
    private static double isolatedEigenvalue(double a00, double a11, double a22, double a01, double a02,
            double a12) {
        double q = (a00 + a11 + a22) / 3;
        double b00 = a00 - q;
        double b11 = a11 - q;
        double b22 = a22 - q;
        double p2 = b00 * b00 + b11 * b11 + b22 * b22 + 2 * (a01 * a01 + a02 * a02 + a12 * a12);
        if (!(p2 > TINY_SPREAD)) { // keeps p^3 and 1/p^3 in range
            return Double.NaN;
        }
        double p = Math.sqrt(p2 / 6);
        // det(A - qI) is formed while the square root runs; B = (A - qI) / p has ||B||_F^2 = 6
        // and characteristic polynomial x^3 - 3x - det(B), det(B) = det(A - qI) / p^3
        double det = b00 * (b11 * b22 - a12 * a12) - a01 * (a01 * b22 - a12 * a02) + a02 * (a01 * a12 - b11 * a02);
        double half = 3 * det / (p2 * p);
        double r = Math.abs(half);
        if (r > 1) { // rounding; a branch, as Math.min on doubles is slow on the critical path
            r = 1;
        }
        // Estrin's scheme: a shorter dependent chain than Horner's
        double r2 = r * r;
        double x = (G0 + G1 * r) + r2 * ((G2 + G3 * r) + r2 * (G4 + G5 * r));
        double f = x * (x * x - 3) - 2 * r;
        double df = 3 * (x * x - 1);
        x -= 2 * f * df / (2 * df * df - 6 * x * f);
        return half >= 0 ? q + p * x : q - p * x;
    }

    /**
     * The second half: the eigenvector of the isolated eigenvalue {@code lambda} and the other
     * two pairs; writes the results and returns true, or returns false (nothing written) where
     * Jacobi is needed.
     */
    private static boolean closedForm3(double a00, double a11, double a22, double a01, double a02, double a12,
            double lambda, int e, double epsilon, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset) {
        // lambda = q + p x for the top eigenvalue, q - p x for the bottom one (p x > 0); where p x
        // is below the rounding of q the order is decided by finish3's sort
        boolean top = lambda >= (a00 + a11 + a22) / 3;
        double d00 = a00 - lambda;
        double d11 = a11 - lambda;
        double d22 = a22 - lambda;
        // rows of A - lambda I: their pairwise cross products are multiples of the eigenvector
        double x0 = a01 * a12 - a02 * d11;
        double y0 = a02 * a01 - d00 * a12;
        double z0 = d00 * d11 - a01 * a01;
        double x1 = a01 * d22 - a02 * a12;
        double y1 = a02 * a02 - d00 * d22;
        double z1 = d00 * a12 - a01 * a02;
        double x2 = d11 * d22 - a12 * a12;
        double y2 = a12 * a02 - a01 * d22;
        double z2 = a01 * a12 - d11 * a02;
        double n0 = x0 * x0 + y0 * y0 + z0 * z0;
        double n1 = x1 * x1 + y1 * y1 + z1 * z1;
        double n2 = x2 * x2 + y2 * y2 + z2 * z2;
        double vx = x0;
        double vy = y0;
        double vz = z0;
        double nv = n0;
        if (n1 > nv) {
            vx = x1;
            vy = y1;
            vz = z1;
            nv = n1;
        }
        if (n2 > nv) {
            vx = x2;
            vy = y2;
            vz = z2;
            nv = n2;
        }
        if (!(nv > TINY_VECTOR)) { // keeps the products of unnormalised vectors below in range
            return false;
        }
        // u is orthogonal to v; w = v x u. The vectors are normalised only at the end, so the
        // square roots and divisions run beside the products instead of before them
        boolean xz = Math.abs(vx) > Math.abs(vy);
        double ux = xz ? -vz : 0;
        double uy = xz ? 0 : vz;
        double uz = xz ? vx : -vy;
        double nu = ux * ux + uy * uy + uz * uz;
        double wx = vy * uz - vz * uy;
        double wy = vz * ux - vx * uz;
        double wz = vx * uy - vy * ux;
        double iv = 1 / Math.sqrt(nv);
        double iu = 1 / Math.sqrt(nu);
        double iw = iv * iu;
        double lv = (vx * (a00 * vx + a01 * vy + a02 * vz) + vy * (a01 * vx + a11 * vy + a12 * vz)
                + vz * (a02 * vx + a12 * vy + a22 * vz)) / nv;
        double aux = a00 * ux + a01 * uy + a02 * uz;
        double auy = a01 * ux + a11 * uy + a12 * uz;
        double auz = a02 * ux + a12 * uy + a22 * uz;
        double awx = a00 * wx + a01 * wy + a02 * wz;
        double awy = a01 * wx + a11 * wy + a12 * wz;
        double awz = a02 * wx + a12 * wy + a22 * wz;
        double buu = (ux * aux + uy * auy + uz * auz) / nu;
        double bww = (wx * awx + wy * awy + wz * awz) * (iw * iw);
        double buw = (ux * awx + uy * awy + uz * awz + wx * aux + wy * auy + wz * auz) * (iu * iw) / 2;
        vx *= iv;
        vy *= iv;
        vz *= iv;
        ux *= iu;
        uy *= iu;
        uz *= iu;
        wx *= iw;
        wy *= iw;
        wz *= iw;
        // the 2x2 [[buu, buw], [buw, bww]] in closed form: (c, s) is the eigenvector of the larger
        // eigenvalue, taken from whichever column of B - lambda_+ I has no cancellation
        double h = (buu - bww) / 2;
        double mean = (buu + bww) / 2;
        double rad = Math.sqrt(h * h + buw * buw);
        double big = Math.abs(h) + rad;
        double n = Math.sqrt(big * big + buw * buw);
        double in = n > 0 ? 1 / n : 0;
        double c = h >= 0 ? (n > 0 ? big * in : 1) : buw * in;
        double sn = h >= 0 ? buw * in : big * in;
        double hi = mean + rad;
        double lo = mean - rad;
        double largest = Math.max(Math.abs(lv), Math.max(Math.abs(hi), Math.abs(lo)));
        double smallest = Math.min(Math.abs(lv), Math.min(Math.abs(hi), Math.abs(lo)));
        if (smallest < CLOSED_FORM_MIN_RATIO * largest) {
            return false;
        }
        // columns: hi = c u + s w, lo = -s u + c w
        double hx = c * ux + sn * wx;
        double hy = c * uy + sn * wy;
        double hz = c * uz + sn * wz;
        double lx = c * wx - sn * ux;
        double ly = c * wy - sn * uy;
        double lz = c * wz - sn * uz;
        if (top) {
            finish3(lv, hi, lo, vx, hx, lx, vy, hy, ly, vz, hz, lz, e, epsilon, values, valuesOffset, vectors,
                    vectorsOffset);
        } else {
            finish3(hi, lo, lv, hx, lx, vx, hy, ly, vy, hz, lz, vz, e, epsilon, values, valuesOffset, vectors,
                    vectorsOffset);
        }
        return true;
    }

    /** Cyclic Jacobi on the scaled matrix, from the identity. */
    private static void jacobi3(double a00, double a11, double a22, double a01, double a02, double a12, int e,
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
                double t = tangent(a00, a11, a01);
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
                double t = tangent(a00, a22, a02);
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
                double t = tangent(a11, a22, a12);
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
        finish3(a00, a11, a22, v00, v01, v02, v10, v11, v12, v20, v21, v22, e, epsilon, values, valuesOffset, vectors,
                vectorsOffset);
    }

    /** Sorts the eigenpairs (diagonal d, columns of V) descending, fixes the gauge, unscales and writes them. */
    private static void finish3(double a00, double a11, double a22, double v00, double v01, double v02, double v10,
            double v11, double v12, double v20, double v21, double v22, int e, double epsilon, double[] values,
            int valuesOffset, double[] vectors, int vectorsOffset) {
        // sort descending with a three-comparison network, carrying the columns
        int i0 = 0;
        int i1 = 1;
        int i2 = 2;
        double d0 = a00;
        double d1 = a11;
        double d2 = a22;
        if (d0 < d1) {
            double x = d0;
            d0 = d1;
            d1 = x;
            i0 = 1;
            i1 = 0;
        }
        if (d1 < d2) {
            double x = d1;
            d1 = d2;
            d2 = x;
            int k = i1;
            i1 = i2;
            i2 = k;
        }
        if (d0 < d1) {
            double x = d0;
            d0 = d1;
            d1 = x;
            int k = i0;
            i0 = i1;
            i1 = k;
        }
        values[valuesOffset] = unscale(d0, e, epsilon, 0);
        values[valuesOffset + 1] = unscale(d1, e, epsilon, 1);
        values[valuesOffset + 2] = unscale(d2, e, epsilon, 2);
        column3(i0, v00, v01, v02, v10, v11, v12, v20, v21, v22, vectors, vectorsOffset, 0);
        column3(i1, v00, v01, v02, v10, v11, v12, v20, v21, v22, vectors, vectorsOffset, 1);
        column3(i2, v00, v01, v02, v10, v11, v12, v20, v21, v22, vectors, vectorsOffset, 2);
    }

    /** Writes column {@code source} of V as column {@code target}, in the gauge. */
    private static void column3(int source, double v00, double v01, double v02, double v10, double v11, double v12,
            double v20, double v21, double v22, double[] vectors, int offset, int target) {
        double x = source == 0 ? v00 : source == 1 ? v01 : v02;
        double y = source == 0 ? v10 : source == 1 ? v11 : v12;
        double z = source == 0 ? v20 : source == 1 ? v21 : v22;
        // the entry of largest magnitude (the first on ties) is positive. Done on the bit
        // patterns: |x| orders like its bits, and long selects compile to conditional moves, so
        // a data-dependent choice costs no mispredicted branch
        long bx = Double.doubleToRawLongBits(x);
        long by = Double.doubleToRawLongBits(y);
        long bz = Double.doubleToRawLongBits(z);
        long largest = SmallInputCheck.absBits(y) > SmallInputCheck.absBits(x) ? by : bx;
        largest = SmallInputCheck.absBits(z) > (largest & Long.MAX_VALUE) ? bz : largest;
        long flip = largest & Long.MIN_VALUE; // the sign bit of the largest entry
        vectors[offset + target] = Double.longBitsToDouble(bx ^ flip);
        vectors[offset + 3 + target] = Double.longBitsToDouble(by ^ flip);
        vectors[offset + 6 + target] = Double.longBitsToDouble(bz ^ flip);
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
        double c = 1;
        double s = 0;
        if (a01 != 0) {
            double t = tangent(a00, a11, a01);
            c = 1 / Math.sqrt(t * t + 1);
            s = t * c;
            a00 -= t * a01;
            a11 += t * a01;
        }
        // V = [[c, s], [-s, c]]; order descending
        boolean swap = a00 < a11;
        double d0 = swap ? a11 : a00;
        double d1 = swap ? a00 : a11;
        double x0 = swap ? s : c;
        double y0 = swap ? c : -s;
        double x1 = swap ? c : s;
        double y1 = swap ? -s : c;
        double sign0 = (Math.abs(y0) > Math.abs(x0) ? y0 : x0) < 0 ? -1 : 1;
        double sign1 = (Math.abs(y1) > Math.abs(x1) ? y1 : x1) < 0 ? -1 : 1;
        values[valuesOffset] = unscale(d0, e, epsilon, 0);
        values[valuesOffset + 1] = unscale(d1, e, epsilon, 1);
        vectors[vectorsOffset] = sign0 * x0;
        vectors[vectorsOffset + 2] = sign0 * y0;
        vectors[vectorsOffset + 1] = sign1 * x1;
        vectors[vectorsOffset + 3] = sign1 * y1;
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
                    double t = tangent(scratch[p * 5], scratch[q * 5], apq);
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
            values[valuesOffset + col] = unscale(scratch[col * 5], e, epsilon, col);
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

    /**
     * The Jacobi rotation angle's tangent that zeroes a_pq, the smaller of the two roots. For
     * {@code |theta| > 2^27} (the late sweeps) {@code sqrt(theta^2 + 1)} rounds to |theta|, so
     * the tangent is {@code 1 / (2 |theta|)} without a square root; this also avoids overflow.
     */
    private static double tangent(double app, double aqq, double apq) {
        double theta = (aqq - app) / (2 * apq);
        double abs = Math.abs(theta);
        double t = abs > 0x1p27 ? 0.5 / abs : 1 / (abs + Math.sqrt(theta * theta + 1));
        return theta < 0 ? -t : t;
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

    private static void identity(int n, double epsilon, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset) {
        for (int i = 0; i < n; i++) {
            values[valuesOffset + i] = epsilon;
            for (int j = 0; j < n; j++) {
                vectors[vectorsOffset + i * n + j] = i == j ? 1 : 0;
            }
        }
    }

    private static double unscale(double d, int exponent, double epsilon, int index) {
        double v = d * MatrixInput.powerOfTwo(exponent) + epsilon;
        if (Double.isInfinite(v)) {
            throw new InvalidInputException(Problem.OUT_OF_RANGE, "eigenvalue " + index
                    + " of the matrix exceeds the double range; scale the matrix down");
        }
        return v;
    }

}
