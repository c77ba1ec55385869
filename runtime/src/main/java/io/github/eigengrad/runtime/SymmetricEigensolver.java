package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Eigendecomposition of a real symmetric matrix (docs/math.md section 1).
 *
 * <p>The solver works on {@code M = sym(A) + epsilon*I} with {@code sym(A) = (A + A^T)/2},
 * so a slightly asymmetric input is accepted and its gradient is well defined. It returns
 * eigenvalues in descending order and orthonormal eigenvectors in a fixed gauge: each
 * eigenvector's entry of largest absolute value is positive (the first such entry on ties).
 *
 * <p>Inputs are validated up front: null, empty, ragged, non-square, NaN or infinite entries,
 * and asymmetry {@code max|A_ij - A_ji| > symmetryTolerance * max|A_ij|} (default
 * {@value #DEFAULT_SYMMETRY_TOLERANCE}) are rejected with an {@link InvalidInputException}
 * naming the problem.
 *
 * <p>Numerics: the matrix is scaled by a power of two (exact) so that its largest entry lies
 * in [1, 2), symmetrised in that scale (no overflow for entries near {@code Double.MAX_VALUE}),
 * decomposed (n = 2, 3, 4: cyclic Jacobi, {@link SmallEigensolver}; otherwise Householder
 * tridiagonalisation and implicit QL, our own implementation, which unlike Commons Math 3.6.1
 * converges on every input, with eigenvalues below 1e-8 of the largest refined as Rayleigh
 * quotients), and the eigenvalues are scaled back; {@code epsilon} is added to the eigenvalues, which is
 * the exact eigendecomposition of {@code M + epsilon*I} with one rounding fewer. Entries from
 * 1e-300 to 1e300 neither underflow nor overflow. If an eigenvalue exceeds the double range
 * (possible only for entries within a factor n of {@code Double.MAX_VALUE}) the call fails
 * with {@link Problem#OUT_OF_RANGE} instead of returning infinity.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SymmetricEigensolver {
    /** Default relative asymmetry accepted: {@code max|A_ij - A_ji| <= 1e-8 * max|A_ij|}. */
    public static final double DEFAULT_SYMMETRY_TOLERANCE = MatrixInput.DEFAULT_SYMMETRY_TOLERANCE;

    private static final SymmetricEigensolver DEFAULTS = new Builder().build();

    /** Eigenvalues up to this fraction of the largest are refined by a Rayleigh quotient. */
    private static final double SMALL_EIGENVALUE = 1e-8;

    /**
     * Positive definite matrices whose largest Cholesky pivot exceeds the smallest by more
     * than this factor take the accurate path (graded or ill-conditioned); the others have a
     * condition number small enough that QL's absolute accuracy is also relative.
     */
    static final double GRADED_PIVOT_SPREAD = 100;

    private final double epsilon;
    private final double symmetryTolerance;
    private final Executor executor;

    private SymmetricEigensolver(Builder builder) {
        this.epsilon = builder.epsilon;
        this.symmetryTolerance = builder.symmetryTolerance;
        this.executor = builder.executor;
    }

    /**
     * A solver with epsilon 0 and the default symmetry tolerance.
     *
     * @return the solver with epsilon 0 and the default symmetry tolerance
     */
    public static SymmetricEigensolver defaults() {
        return DEFAULTS;
    }

    /**
     * A builder with epsilon 0 and the default symmetry tolerance.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this solver's options.
     *
     * @return a new builder with these options
     */
    public Builder toBuilder() {
        return new Builder().epsilon(epsilon).symmetryTolerance(symmetryTolerance).executor(executor);
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
     * The accepted relative asymmetry (see the class comment).
     *
     * @return the accepted relative asymmetry
     */
    public double symmetryTolerance() {
        return symmetryTolerance;
    }

    /**
     * The executor that shares one large decomposition with the calling thread, if set (see
     * {@link Builder#executor}).
     *
     * @return the executor, or empty
     */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /**
     * Decomposes the square matrix {@code a} ({@code a[i][j]} is row i, column j).
     *
     * @param a the matrix: rows ({@code a[i][j]} is row i, column j) or n*n doubles row-major
     * @return the eigendecomposition of {@code sym(A) + epsilon I}
     */
    public SymmetricEigendecomposition decompose(double[][] a) {
        double[] flat = MatrixInput.squareRowMajor(a, "matrix");
        return decomposeValidated(flat, a.length);
    }

    /**
     * Decomposes the n x n matrix stored row-major in {@code a} (length n*n).
     *
     * @param a the matrix: rows ({@code a[i][j]} is row i, column j) or n*n doubles row-major
     * @param n the size of the matrix (n x n), at least 1
     * @return the eigendecomposition of {@code sym(A) + epsilon I}
     */
    public SymmetricEigendecomposition decompose(double[] a, int n) {
        double[] flat = MatrixInput.squareRowMajor(a, n, "matrix");
        return decomposeValidated(flat, n);
    }

    /**
     * Decomposes the n x n float matrix stored row-major in {@code a} (docs/math.md section 11)
     * into float arrays: for n = 2, 3 the float closed forms of {@link SmallEigensolver}, for n = 4
     * its 4x4 solver in double, else this solver in double on the float input (exact widening), rounded once. The checks and
     * symmetry tolerance are this solver's; for n = 2 to 4 epsilon is added in float ({@code (float) epsilon}),
     * as {@link EigenBatch} does.
     *
     * @param a the matrix, n*n floats row-major
     * @param n the size of the matrix (n x n), at least 1
     * @param values receives the n eigenvalues of {@code sym(A) + epsilon I}, descending
     * @param vectors receives V row-major (column j is eigenvector j), n*n
     */
    public void decompose(float[] a, int n, float[] values, float[] vectors) {
        if (n < 1) {
            throw new InvalidInputException(InvalidInputException.Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        FloatRuleSupport.check("matrix", a, 0, (long) n * n, false);
        if (a.length != (long) n * n) {
            throw new InvalidInputException(InvalidInputException.Problem.WRONG_LENGTH, "matrix has length "
                    + a.length + " but an n x n matrix with n = " + n + " has " + (long) n * n + " entries");
        }
        float maxAbs = FloatSolvers.check(a, 0, n, symmetryTolerance);
        FloatSolvers.checkOutputs(n, values, 0, vectors, 0);
        if (n == 1) {
            FloatSolvers.narrow(1, new double[] {a[0] + epsilon}, 0, new double[] {1}, 0, values, 0, vectors, 0);
            return;
        }
        if (n <= 4) {
            FloatSolvers.decomposeSmall(n, a, 0, maxAbs, (float) epsilon, values, 0, vectors, 0);
            return;
        }
        FloatSolvers.inDouble(this, a, n, values, vectors);
    }

    private SymmetricEigendecomposition decomposeValidated(double[] a, int n) {
        double maxAbs = MatrixInput.maxAbs(a);
        MatrixInput.requireSymmetric(a, n, maxAbs, symmetryTolerance, "matrix");
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        if (n >= 2 && n <= 4) {
            SmallEigensolver.decomposeChecked(n, a, maxAbs, epsilon, values, vectors);
            return new SymmetricEigendecomposition(n, values, vectors, epsilon);
        }
        if (maxAbs == 0) {
            for (int i = 0; i < n; i++) {
                vectors[i * n + i] = 1;
            }
        } else {
            int exponent = MatrixInput.exponentOf(maxAbs);
            double[][] m = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = (Math.scalb(a[i * n + j], -exponent) + Math.scalb(a[j * n + i], -exponent)) / 2;
                    if (Math.abs(s) < Double.MIN_NORMAL) {
                        s = 0; // below 2^-1022 of the largest entry: negligible, and QL must not iterate on subnormals
                    }
                    m[i][j] = s;
                    m[j][i] = s;
                }
            }
            decomposeScaled(m, values, vectors, executor);
            for (int i = 0; i < n; i++) {
                values[i] = Math.scalb(values[i], exponent);
                if (Double.isInfinite(values[i])) {
                    throw new InvalidInputException(Problem.OUT_OF_RANGE, "eigenvalue " + i
                            + " of the matrix exceeds the double range (|lambda| > " + Double.MAX_VALUE
                            + "); scale the matrix down");
                }
            }
        }
        for (int i = 0; i < n; i++) {
            values[i] += epsilon;
            if (Double.isInfinite(values[i])) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, "eigenvalue " + i + " plus epsilon = "
                        + epsilon + " exceeds the double range");
            }
        }
        return new SymmetricEigendecomposition(n, values, vectors, epsilon);
    }

    /**
     * Decomposes an exactly symmetric, well-scaled m (largest entry in [1, 2), no subnormal
     * entry); writes descending values and gauged vectors.
     */
    private static void decomposeScaled(double[][] m, double[] values, double[] vectors, Executor executor) {
        int n = m.length;
        double[][] v = new double[n][n];
        double[] raw = new double[n];
        if (!accuratePositiveDefinite(m, raw, v)) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(m[i], 0, v[i], 0, n);
            }
            TridiagonalQL.decompose(v, raw, executor);
            double largest = 0;
            for (double x : raw) {
                largest = Math.max(largest, Math.abs(x));
            }
            for (int i = 0; i < n; i++) {
                if (Math.abs(raw[i]) <= SMALL_EIGENVALUE * largest) {
                    raw[i] = rayleighQuotient(m, v, i);
                }
            }
        }
        int[] order = EigenOrder.descending(raw);
        // gauge: each eigenvector's first entry of largest absolute value is made positive;
        // scanned by rows, as v is stored
        double[] largest = new double[n];
        double[] sign = new double[n];
        Arrays.fill(largest, -1);
        for (double[] row : v) {
            for (int c = 0; c < n; c++) {
                double a = Math.abs(row[c]);
                if (a > largest[c]) {
                    largest[c] = a;
                    sign[c] = row[c] < 0 ? -1 : 1;
                }
            }
        }
        for (int col = 0; col < n; col++) {
            values[col] = raw[order[col]];
        }
        for (int row = 0; row < n; row++) {
            double[] in = v[row];
            int at = row * n;
            for (int col = 0; col < n; col++) {
                int src = order[col];
                vectors[at + col] = sign[src] * in[src];
            }
        }
    }

    /**
     * The accurate path ({@link PositiveDefiniteJacobi}) for a positive definite m whose
     * Cholesky pivots span more than {@link #GRADED_PIVOT_SPREAD}: false (nothing written)
     * when m is not positive definite or well enough conditioned for QL.
     */
    private static boolean accuratePositiveDefinite(double[][] m, double[] values, double[][] v) {
        int n = m.length;
        for (int i = 0; i < n; i++) {
            if (!(m[i][i] > 0)) {
                return false;
            }
        }
        int[] perm = new int[n];
        double[][] l = PositiveDefiniteJacobi.choleskyRows(m, perm);
        if (l == null) {
            return false;
        }
        double largest = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double pivot = l[i][i] * l[i][i];
            largest = Math.max(largest, pivot);
            smallest = Math.min(smallest, pivot);
        }
        if (largest <= GRADED_PIVOT_SPREAD * smallest) {
            return false;
        }
        return PositiveDefiniteJacobi.decompose(l, perm, values, v);
    }

    /**
     * {@code v_i^T M v_i}. QL computes every eigenvalue to an absolute error of about
     * {@code 1e-16 max|lambda|}, which is all the relative accuracy a tiny eigenvalue gets;
     * the Rayleigh quotient of its eigenvector has an error quadratic in the vector's, and
     * restores tiny eigenvalues of diagonal and graded matrices (diag(1, 1e-20) keeps 1e-20).
     */
    private static double rayleighQuotient(double[][] m, double[][] v, int column) {
        int n = m.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += m[i][j] * v[j][column];
            }
            sum += v[i][column] * row;
        }
        return sum;
    }

    /** Builds a {@link SymmetricEigensolver}; every setter validates its argument. */
    public static final class Builder {
        private double epsilon = 0;
        private double symmetryTolerance = DEFAULT_SYMMETRY_TOLERANCE;
        private Executor executor;

        private Builder() {}

        /**
         * Adds {@code epsilon * I} before decomposing (the paper's regularisation for
         * covariance matrices uses 1e-4). Must be finite and {@code >= 0}.
         *
         * @param epsilon added to every eigenvalue (the diagonal shift), finite and >= 0
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
                throw new InvalidInputException(Problem.INVALID_OPTION,
                        "epsilon must be finite and >= 0, got " + epsilon);
            }
            this.epsilon = epsilon;
            return this;
        }

        /**
         * The largest accepted {@code max|A_ij - A_ji| / max|A_ij|}; 0 demands exact symmetry,
         * {@code Double.POSITIVE_INFINITY} accepts any matrix (only {@code sym(A)} is used).
         *
         * @param symmetryTolerance the largest accepted {@code max|A_ij - A_ji| / max|A_ij|}
         * @return this builder
         */
        public Builder symmetryTolerance(double symmetryTolerance) {
            if (!(symmetryTolerance >= 0)) {
                throw new InvalidInputException(Problem.INVALID_OPTION,
                        "symmetryTolerance must be >= 0, got " + symmetryTolerance);
            }
            this.symmetryTolerance = symmetryTolerance;
            return this;
        }

        /**
         * An executor to share one large decomposition with: from n = 224 (where the solver
         * switches to divide and conquer) the two halves of the larger subproblems, the roots,
         * vectors and products of their merges, and the columns of the back-transformation run
         * in two parts, one on the executor and one on the calling thread, which also runs any
         * part the executor has not started (a busy or rejecting executor costs time, never a
         * hang). The results are the same to the bit as without one. Smaller matrices, and the
         * Householder reduction, run on the calling thread. Null (the default) for none.
         *
         * @param executor the executor, or null
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * The solver as set.
         *
         * @return a new, immutable {@link SymmetricEigensolver}
         */
        public SymmetricEigensolver build() {
            return new SymmetricEigensolver(this);
        }
    }
}
