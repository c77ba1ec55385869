package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Backpropagation through the symmetric eigendecomposition: the forward pass and the
 * pullback {@code (valuesBar, vectorsBar) -> dL/dA} with the options of MATH.md sections 3
 * to 5. Immutable and thread-safe.
 *
 * <pre>{@code
 * EigenGradient g = EigenGradient.builder().method(EigenGradient.Method.POWER_ITERATION).iterations(19).build();
 * SymmetricEigendecomposition e = g.decompose(a);
 * PullbackResult r = g.pullback(e, valuesBar, vectorsBar);   // either cotangent may be null
 * double[][] dLdA = r.gradient();
 * }</pre>
 *
 * <p>Methods: {@link Method#POWER_ITERATION} (default; the paper's Eq. 8 for all eigenvectors,
 * K terms, finite at ties), {@link Method#ADAPTIVE} (K per pair from a tolerance, capped), and
 * {@link Method#ANALYTIC} (Eq. 10; at a tie a {@link DegenerateSpectrumException} unless
 * {@code maskDegenerate}). The eigenvalue term {@code V diag(valuesBar) V^T} is on by default;
 * off reproduces the paper. n = 2, 3, 4 run generated straight-line code, other n generated
 * loop code.
 */
public final class EigenGradient {
    /** How the pairwise factor of the gradient is formed. */
    public enum Method {
        ANALYTIC, POWER_ITERATION, ADAPTIVE
    }

    public static final int DEFAULT_ITERATIONS = 19;
    public static final double DEFAULT_TOLERANCE = 1e-10;
    public static final int DEFAULT_MAX_ITERATIONS = 1000;
    public static final double DEFAULT_DEGENERACY_TOLERANCE = 1e-8;

    private final Method method;
    private final long iterations;
    private final double tolerance;
    private final long maxIterations;
    private final boolean eigenvalueTerm;
    private final double degeneracyTolerance;
    private final boolean maskDegenerate;
    private final SymmetricEigensolver solver;

    private EigenGradient(Builder b) {
        this.method = b.method;
        this.iterations = b.iterations;
        this.tolerance = b.tolerance;
        this.maxIterations = b.maxIterations;
        this.eigenvalueTerm = b.eigenvalueTerm;
        this.degeneracyTolerance = b.degeneracyTolerance;
        this.maskDegenerate = b.maskDegenerate;
        this.solver = b.solver.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().method(method).iterations(iterations).tolerance(tolerance).maxIterations(maxIterations)
                .eigenvalueTerm(eigenvalueTerm).degeneracyTolerance(degeneracyTolerance).maskDegenerate(maskDegenerate);
        b.solver = solver.toBuilder();
        return b;
    }

    public Method method() {
        return method;
    }

    /** K of the power-iteration method (1 to 2^53). */
    public long iterations() {
        return iterations;
    }

    public double tolerance() {
        return tolerance;
    }

    /** Kmax of the adaptive method (1 to 2^53). */
    public long maxIterations() {
        return maxIterations;
    }

    public boolean eigenvalueTerm() {
        return eigenvalueTerm;
    }

    public double degeneracyTolerance() {
        return degeneracyTolerance;
    }

    public boolean maskDegenerate() {
        return maskDegenerate;
    }

    /** The forward solver, with this gradient's epsilon and symmetry tolerance. */
    public SymmetricEigensolver solver() {
        return solver;
    }

    /** The forward pass: {@code sym(A) + epsilon*I} (see {@link SymmetricEigensolver}). */
    public SymmetricEigendecomposition decompose(double[][] a) {
        return solver.decompose(a);
    }

    public SymmetricEigendecomposition decompose(double[] a, int n) {
        return solver.decompose(a, n);
    }

    /**
     * The pullback with {@code vectorsBar} as {@code double[n][n]} (column j is dL/dv_j).
     * Either cotangent may be null (zero).
     */
    public PullbackResult pullback(SymmetricEigendecomposition forward, double[] valuesBar, double[][] vectorsBar) {
        requireForward(forward);
        double[] flat = vectorsBar == null ? null : MatrixInput.matrixRowMajor(vectorsBar, forward.size(), "vectorsBar");
        return pullbackValidated(forward, valuesBar, flat);
    }

    /** The pullback with {@code vectorsBar} row-major (length n*n) or null. */
    public PullbackResult pullback(SymmetricEigendecomposition forward, double[] valuesBar, double[] vectorsBar) {
        requireForward(forward);
        double[] flat = vectorsBar == null ? null
                : MatrixInput.vectorOfLength(vectorsBar, forward.size() * forward.size(), "vectorsBar");
        return pullbackValidated(forward, valuesBar, flat);
    }

    /**
     * The top-k pullback (MATH.md section 6): the gradient of a loss of the top k eigenpairs
     * only, from the matrix and those pairs, without the other n - k eigenvectors; O(K k n^2)
     * instead of O(n^3). Equal (to rounding) to {@link #pullback} with zero cotangents beyond k
     * and the same K. Requires the power-iteration method, K at most 10^5, 1 <= k < n, and
     * positive semi-definite input with {@code lambda_k > 1e-12 lambda_1} (the caller's promise
     * about the spectrum beyond k, which is never computed; no shift applies). The report's
     * {@code maxPairError} covers the pairs inside the top k only.
     *
     * @param matrix A, n x n row-major; the pairs are those of {@code sym(A) + epsilon I}
     * @param values the top k eigenvalues, descending (k is {@code values.length})
     * @param vectors the top k eigenvectors, n x k row-major (column a is v_a)
     * @param valuesBar dL/dlambda of the top k, or null
     * @param vectorsBar dL/dV of the top k, n x k row-major (column a is dL/dv_a), or null
     */
    public PullbackResult pullbackTopK(double[] matrix, int n, double[] values, double[] vectors, double[] valuesBar,
            double[] vectorsBar) {
        double[] a = MatrixInput.squareRowMajor(matrix, n, "matrix");
        MatrixInput.requireSymmetric(a, n, MatrixInput.maxAbs(a), solver.symmetryTolerance(), "matrix");
        if (values == null) {
            throw new InvalidInputException(Problem.NULL, "values is null");
        }
        int k = values.length;
        double[] top = MatrixInput.vectorOfLength(values, k, "values");
        if (vectors == null) {
            throw new InvalidInputException(Problem.NULL, "vectors is null");
        }
        double[] v = MatrixInput.vectorOfLength(vectors, n * k, "vectors");
        double[] lb = valuesBar == null ? null : MatrixInput.vectorOfLength(valuesBar, k, "valuesBar");
        double[] vb = vectorsBar == null ? null : MatrixInput.vectorOfLength(vectorsBar, n * k, "vectorsBar");
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i * n + j] = (a[i * n + j] + a[j * n + i]) / 2 + (i == j ? solver.epsilon() : 0);
            }
        }
        return TopKPullback.pullback(this, n, k, m, top, v, lb, vb);
    }

    private static void requireForward(SymmetricEigendecomposition forward) {
        if (forward == null) {
            throw new InvalidInputException(Problem.NULL, "forward (the decomposition to pull back through) is null");
        }
    }

    private PullbackResult pullbackValidated(SymmetricEigendecomposition forward, double[] valuesBar, double[] vectorsBar) {
        int n = forward.size();
        double[] lambdaBar = valuesBar == null ? null : MatrixInput.vectorOfLength(valuesBar, n, "valuesBar");
        double[] values = forward.valuesInternal();
        double[] vectors = forward.vectorsInternal();
        List<String> warnings = new ArrayList<>();
        if (method == Method.ANALYTIC) {
            checkDegeneracy(values, 0, n, warnings);
        }
        double[] gradient = new double[n * n];
        PullbackReport report = new PullbackReport();
        new RuleDispatch(this, n).pullback(values, 0, vectors, 0, lambdaBar, 0, vectorsBar, 0, gradient, 0, report);
        boolean analytic = method == Method.ANALYTIC;
        return new PullbackResult(n, gradient,
                analytic ? OptionalLong.empty() : OptionalLong.of((long) report.iterationsUsed()),
                report.maxPairError(), analytic ? OptionalDouble.empty() : OptionalDouble.of(report.gradientBound()),
                report.shift(), warnings);
    }

    /**
     * Eq. 10 at a (near) tie: fail naming the adjacent pair, or (with masking) add to
     * {@code warnings}, if not null, the pairs the generated code masks.
     */
    void checkDegeneracy(double[] values, int offset, int n, java.util.List<String> warnings) {
        double m = Math.max(Math.abs(values[offset]), Math.abs(values[offset + n - 1]));
        for (int i = 0; i + 1 < n; i++) {
            if (!(values[offset + i] - values[offset + i + 1] > degeneracyTolerance * m) && !maskDegenerate) {
                throw new DegenerateSpectrumException(i, i + 1, values[offset + i], values[offset + i + 1],
                        degeneracyTolerance);
            }
        }
        if (warnings == null) {
            return;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (!(values[offset + i] - values[offset + j] > degeneracyTolerance * m)) {
                    warnings.add("masked the degenerate pair (" + i + ", " + j + "): eigenvalues " + values[offset + i]
                            + " and " + values[offset + j] + " are closer than " + degeneracyTolerance
                            + " max|lambda|; their term of the gradient is set to 0");
                }
            }
        }
    }

    /** Builds an {@link EigenGradient}; every setter validates its argument. */
    public static final class Builder {
        private Method method = Method.POWER_ITERATION;
        private long iterations = DEFAULT_ITERATIONS;
        private double tolerance = DEFAULT_TOLERANCE;
        private long maxIterations = DEFAULT_MAX_ITERATIONS;
        private boolean eigenvalueTerm = true;
        private double degeneracyTolerance = DEFAULT_DEGENERACY_TOLERANCE;
        private boolean maskDegenerate;
        private SymmetricEigensolver.Builder solver = SymmetricEigensolver.builder();

        private Builder() {}

        public Builder method(Method method) {
            if (method == null) {
                throw new InvalidInputException(Problem.NULL, "method is null");
            }
            this.method = method;
            return this;
        }

        /** K for {@link Method#POWER_ITERATION}: the number of terms, >= 1 (default 19, the paper's). */
        public Builder iterations(long iterations) {
            GeneratedRuleSupport.checkIterations(iterations);
            this.iterations = iterations;
            return this;
        }

        /** The per-pair relative error for {@link Method#ADAPTIVE}, in (0, 1) (default 1e-10). */
        public Builder tolerance(double tolerance) {
            GeneratedRuleSupport.checkTolerance(tolerance);
            this.tolerance = tolerance;
            return this;
        }

        /** The cap on K for {@link Method#ADAPTIVE}, >= 1 (default 1000). */
        public Builder maxIterations(long maxIterations) {
            GeneratedRuleSupport.checkMaxIterations(maxIterations);
            this.maxIterations = maxIterations;
            return this;
        }

        /** Whether {@code V diag(valuesBar) V^T} is added (default true; false is the paper's formula). */
        public Builder eigenvalueTerm(boolean eigenvalueTerm) {
            this.eigenvalueTerm = eigenvalueTerm;
            return this;
        }

        /** {@link Method#ANALYTIC}: relative gaps below this are degenerate, in [0, 1) (default 1e-8). */
        public Builder degeneracyTolerance(double degeneracyTolerance) {
            GeneratedRuleSupport.checkDegeneracyTolerance(degeneracyTolerance);
            this.degeneracyTolerance = degeneracyTolerance;
            return this;
        }

        /** {@link Method#ANALYTIC}: mask degenerate pairs (F = 0, with a warning) instead of failing. */
        public Builder maskDegenerate(boolean maskDegenerate) {
            this.maskDegenerate = maskDegenerate;
            return this;
        }

        /** The forward pass's diagonal shift (see {@link SymmetricEigensolver.Builder#epsilon}). */
        public Builder epsilon(double epsilon) {
            solver.epsilon(epsilon);
            return this;
        }

        /** The forward pass's accepted asymmetry (see {@link SymmetricEigensolver.Builder#symmetryTolerance}). */
        public Builder symmetryTolerance(double symmetryTolerance) {
            solver.symmetryTolerance(symmetryTolerance);
            return this;
        }

        public EigenGradient build() {
            return new EigenGradient(this);
        }
    }
}
