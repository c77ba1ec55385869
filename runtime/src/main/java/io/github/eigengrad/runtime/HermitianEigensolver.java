package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;

/**
 * Eigendecomposition of a complex Hermitian matrix (docs/math.md section 13):
 * {@code M = (A + A^H)/2 + epsilon I = V diag(lambda) V^H}, lambda real and descending, V
 * unitary in the phase gauge (each column's entry of largest modulus real and positive, the
 * first such on ties, squared moduli within 2^-40 of the largest counting as tied).
 *
 * <p>Matrices are interleaved row-major {@code double[]}: entry (i, j) has its real part at
 * {@code 2 (i n + j)} and its imaginary part at {@code 2 (i n + j) + 1}; the convenience
 * overload takes the real and imaginary parts as rows. The matrix is scaled by a power of two
 * (entries from 1e-300 to 1e300 work). For n = 2, 3, 4 cyclic Jacobi with complex rotations
 * diagonalises it ({@link HermitianJacobi}); larger matrices are reduced by Householder
 * reflectors to a real symmetric tridiagonal matrix ({@link HermitianTridiagonal}), whose
 * eigenpairs the runtime's QL computes, V being the reflectors applied to them, and
 * eigenvalues below 1e-8 of the largest are refined as Rayleigh quotients, as in
 * {@link SymmetricEigensolver}.
 *
 * <p>Inputs are validated up front: null, wrong or odd length, ragged parts, non-finite real
 * or imaginary parts, and non-Hermitian input
 * ({@code max|A_ij - conj(A_ji)| > symmetryTolerance max|A_ij|}, the diagonal's imaginary parts
 * included) are refused with an {@link InvalidInputException} naming the problem. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * HermitianEigendecomposition e = HermitianEigensolver.defaults().decompose(re, im);
 * e.values();      // lambda, descending
 * e.vectorsRe();   // Re V; e.vectorsIm() for Im V
 * }</pre>
 */
public final class HermitianEigensolver {
    /** Eigenvalues up to this fraction of the largest are refined by a Rayleigh quotient. */
    private static final double SMALL_EIGENVALUE = 1e-8;
    /**
     * Squared moduli within this fraction of a column's largest count as tied for the gauge
     * entry (the first of them is taken); the generated derivatives find it the same way.
     */
    static final double GAUGE_TIE = io.github.eigengrad.runtime.generated.RuleConstants.GAUGE_TIE;

    private final double epsilon;
    private final double symmetryTolerance;

    private HermitianEigensolver(double epsilon, double symmetryTolerance) {
        this.epsilon = epsilon;
        this.symmetryTolerance = symmetryTolerance;
    }

    /**
     * Epsilon 0 and the default tolerance of the Hermitian check (1e-8 relative).
     *
     * @return the default solver
     */
    public static HermitianEigensolver defaults() {
        return new HermitianEigensolver(0, MatrixInput.DEFAULT_SYMMETRY_TOLERANCE);
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this solver's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().epsilon(epsilon).symmetryTolerance(symmetryTolerance);
    }

    /**
     * The shift added to the diagonal before decomposing (0 by default).
     *
     * @return epsilon
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * The accepted {@code max|A_ij - conj(A_ji)| / max|A_ij|}.
     *
     * @return the tolerance of the Hermitian check
     */
    public double symmetryTolerance() {
        return symmetryTolerance;
    }

    /**
     * Decomposes the interleaved n x n matrix {@code a} (2 n^2 doubles, see the class comment).
     *
     * @param a the matrix, interleaved (re, im) row-major
     * @param n the size, at least 1
     * @return the eigendecomposition of {@code (A + A^H)/2 + epsilon I}
     */
    public HermitianEigendecomposition decompose(double[] a, int n) {
        return decomposeValidated(HermitianInput.interleaved(a, n, "matrix"), n);
    }

    /**
     * Decomposes the matrix {@code re + i im}, each part given as rows.
     *
     * @param re the real part, n x n
     * @param im the imaginary part, n x n
     * @return the eigendecomposition of {@code (A + A^H)/2 + epsilon I}
     */
    public HermitianEigendecomposition decompose(double[][] re, double[][] im) {
        return decomposeValidated(HermitianInput.fromParts(re, im, "matrix"), re.length);
    }

    private HermitianEigendecomposition decomposeValidated(double[] a, int n) {
        double maxModulus = HermitianInput.maxModulus(a);
        HermitianInput.requireHermitian(a, n, maxModulus, symmetryTolerance, "matrix");
        double[] values = new double[n];
        double[] vectors = new double[2 * n * n];
        if (maxModulus == 0) {
            for (int i = 0; i < n; i++) {
                vectors[2 * (i * n + i)] = 1;
            }
        } else {
            int exponent = MatrixInput.exponentOf(maxModulus);
            double[] mr = new double[n * n];
            double[] mi = new double[n * n];
            hermitianPart(a, n, exponent, mr, mi);
            decomposeScaled(mr, mi, n, values, vectors);
            for (int i = 0; i < n; i++) {
                values[i] = MatrixInput.unscaleEigenvalue(values[i], exponent, 0, i);
            }
        }
        for (int i = 0; i < n; i++) {
            values[i] += epsilon;
            if (Double.isInfinite(values[i])) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, "eigenvalue " + i + " plus epsilon = "
                        + epsilon + " exceeds the double range");
            }
        }
        return new HermitianEigendecomposition(n, values, vectors, epsilon);
    }

    /**
     * {@code (A + A^H)/2 2^-exponent} into (mr, mi), n x n flat, exactly Hermitian (diagonal
     * imaginary parts 0); parts below 2^-1022 of the largest entry set to 0, as in the real solver.
     */
    private static void hermitianPart(double[] a, int n, int exponent, double[] mr, double[] mi) {
        // a product with an exact power of two rounds as scalb does; beyond 2^1000 scalb avoids overflowing the factor
        boolean product = Math.abs(exponent) <= 1000;
        double factor = product ? MatrixInput.powerOfTwo(-exponent) : 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                int p = 2 * (i * n + j);
                int q = 2 * (j * n + i);
                double re = (scaled(a[p], exponent, factor, product) + scaled(a[q], exponent, factor, product)) / 2;
                double im = i == j ? 0 : (scaled(a[p + 1], exponent, factor, product)
                        - scaled(a[q + 1], exponent, factor, product)) / 2;
                re = Math.abs(re) < Double.MIN_NORMAL ? 0 : re;
                im = Math.abs(im) < Double.MIN_NORMAL ? 0 : im;
                mr[i * n + j] = re;
                mr[j * n + i] = re;
                mi[i * n + j] = im;
                mi[j * n + i] = -im;
            }
        }
    }

    /** {@code x 2^-exponent}: by the factor when it is representable, else by scalb. */
    private static double scaled(double x, int exponent, double factor, boolean product) {
        return product ? x * factor : Math.scalb(x, -exponent);
    }

    /**
     * Decomposes the exactly Hermitian, scaled (mr, mi) (n x n flat, overwritten for n up to 4);
     * writes descending values and gauged V.
     */
    private static void decomposeScaled(double[] mr, double[] mi, int n, double[] values, double[] vectors) {
        double[] raw = new double[n];
        double[] vr = new double[n * n];
        double[] vi = new double[n * n];
        if (n <= 4) {
            // small: cyclic Jacobi, accurate for small eigenvalues too, no reduction and no QL
            HermitianJacobi.decompose(mr, mi, n, raw, vr, vi);
        } else {
            double[][] ar = new double[n][n];
            double[][] ai = new double[n][n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(mr, i * n, ar[i], 0, n);
                System.arraycopy(mi, i * n, ai[i], 0, n);
            }
            HermitianTridiagonal t = HermitianTridiagonal.reduce(ar, ai);
            System.arraycopy(t.d, 0, raw, 0, n);
            double[][] z = TridiagonalQL.solveTridiagonal(raw, t.e);
            double[][] qzr = multiply(t.qr, z);
            double[][] qzi = multiply(t.qi, z);
            for (int i = 0; i < n; i++) {
                System.arraycopy(qzr[i], 0, vr, i * n, n);
                System.arraycopy(qzi[i], 0, vi, i * n, n);
            }
            double largest = 0;
            for (double x : raw) {
                largest = Math.max(largest, Math.abs(x));
            }
            for (int j = 0; j < n; j++) {
                if (Math.abs(raw[j]) <= SMALL_EIGENVALUE * largest) {
                    raw[j] = rayleighQuotient(mr, mi, vr, vi, n, j);
                }
            }
        }
        // stable: descending value, ties keep the solver's order
        int[] order = EigenOrder.descending(raw);
        for (int col = 0; col < n; col++) {
            int src = order[col];
            values[col] = raw[src];
            gauge(vr, vi, src, n, vectors, col);
        }
    }

    /**
     * Column {@code src} of V (flat rows) times the phase that makes its gauge entry real and
     * positive, written to column {@code col} of the interleaved {@code out}: the gauge entry is
     * the first whose squared modulus is within {@link #GAUGE_TIE} of the largest (moduli that
     * tie to rounding, which the phase may reorder by an ulp, pick the first of them).
     */
    private static void gauge(double[] vr, double[] vi, int src, int n, double[] out, int col) {
        double largest = 0;
        for (int row = 0; row < n; row++) {
            largest = Math.max(largest, square(vr, vi, row * n + src));
        }
        int top = 0;
        while (square(vr, vi, top * n + src) < (1 - GAUGE_TIE) * largest) {
            top++;
        }
        double modulus = Math.hypot(vr[top * n + src], vi[top * n + src]);
        double cr = vr[top * n + src] / modulus; // the phase is conj(v_top) / |v_top|
        double ci = -vi[top * n + src] / modulus;
        for (int row = 0; row < n; row++) {
            double re = vr[row * n + src] * cr - vi[row * n + src] * ci;
            double im = vr[row * n + src] * ci + vi[row * n + src] * cr;
            out[2 * (row * n + col)] = re;
            out[2 * (row * n + col) + 1] = im;
        }
        out[2 * (top * n + col)] = modulus;
        out[2 * (top * n + col) + 1] = 0;
    }

    private static double square(double[] vr, double[] vi, int k) {
        return vr[k] * vr[k] + vi[k] * vi[k];
    }

    /** {@code q z} for real rows q and z. */
    private static double[][] multiply(double[][] q, double[][] z) {
        int n = q.length;
        double[][] out = new double[n][n];
        DenseProducts.multiplyAdd(n, n, n, q, z, out);
        return out;
    }

    /** {@code Re(v^H M v)} for column {@code col} of V (flat rows): a tiny eigenvalue to relative accuracy. */
    private static double rayleighQuotient(double[] mr, double[] mi, double[] vr, double[] vi, int n, int col) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < n; j++) {
                re += mr[i * n + j] * vr[j * n + col] - mi[i * n + j] * vi[j * n + col];
                im += mr[i * n + j] * vi[j * n + col] + mi[i * n + j] * vr[j * n + col];
            }
            sum += vr[i * n + col] * re + vi[i * n + col] * im; // Re(conj(v_i) (M v)_i)
        }
        return sum;
    }

    /** Builds a {@link HermitianEigensolver}; every setter validates its argument. */
    public static final class Builder {
        private final SymmetricEigensolver.Builder settings = SymmetricEigensolver.builder();

        private Builder() {}

        /**
         * Adds {@code epsilon I} before decomposing. Must be finite and {@code >= 0}.
         *
         * @param epsilon added to every eigenvalue
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            settings.epsilon(epsilon);
            return this;
        }

        /**
         * The largest accepted {@code max|A_ij - conj(A_ji)| / max|A_ij|}; 0 demands an exactly
         * Hermitian matrix, {@code Double.POSITIVE_INFINITY} accepts any (only the Hermitian
         * part is used).
         *
         * @param symmetryTolerance at least 0
         * @return this builder
         */
        public Builder symmetryTolerance(double symmetryTolerance) {
            settings.symmetryTolerance(symmetryTolerance);
            return this;
        }

        /**
         * The solver.
         *
         * @return a new solver with these settings
         */
        public HermitianEigensolver build() {
            SymmetricEigensolver checked = settings.build();
            return new HermitianEigensolver(checked.epsilon(), checked.symmetryTolerance());
        }
    }
}
