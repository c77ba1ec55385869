package io.github.eigengrad.runtime;

/**
 * The 3x3 closed form of {@link SmallEigensolver} on the scaled matrix: the most isolated
 * eigenvalue from the normalised characteristic cubic, its eigenvector from a cross product,
 * the other two pairs from the 2x2 problem on the complement; and the final sort, gauge and
 * unscaling that the 3x3 Jacobi fallback shares. The SIMD lanes ({@code Batch3Lanes}) use the
 * same polynomial and thresholds.
 */
final class ClosedForm3 {
    private ClosedForm3() {}

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
    static double isolatedEigenvalue(double a00, double a11, double a22, double a01, double a02,
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
    static boolean closedForm3(double a00, double a11, double a22, double a01, double a02, double a12,
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

    /** Sorts the eigenpairs (diagonal d, columns of V) descending, fixes the gauge, unscales and writes them. */
    static void finish3(double a00, double a11, double a22, double v00, double v01, double v02, double v10,
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
        values[valuesOffset] = MatrixInput.unscaleEigenvalue(d0, e, epsilon, 0);
        values[valuesOffset + 1] = MatrixInput.unscaleEigenvalue(d1, e, epsilon, 1);
        values[valuesOffset + 2] = MatrixInput.unscaleEigenvalue(d2, e, epsilon, 2);
        column3(i0, v00, v01, v02, v10, v11, v12, v20, v21, v22, vectors, vectorsOffset, 0);
        column3(i1, v00, v01, v02, v10, v11, v12, v20, v21, v22, vectors, vectorsOffset, 1);
        column3(i2, v00, v01, v02, v10, v11, v12, v20, v21, v22, vectors, vectorsOffset, 2);
    }

    /** Writes column {@code source} of V as column {@code target}, in the gauge. */
    static void column3(int source, double v00, double v01, double v02, double v10, double v11, double v12,
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
}
