package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.RuleConstants;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Executor;

/**
 * Differentiation through the symmetric eigendecomposition: the forward pass, the pullback
 * {@code (valuesBar, vectorsBar) -> dL/dA} (reverse mode) and the pushforward
 * {@code ADot -> (valuesDot, vectorsDot)} (forward mode, its exact transpose), with the options
 * of docs/math.md sections 3 to 5 and 9. Immutable and thread-safe.
 *
 * <pre>{@code
 * EigenGradient g = EigenGradient.builder().method(EigenGradient.Method.POWER_ITERATION).iterations(19).build();
 * SymmetricEigendecomposition e = g.decompose(a);
 * PullbackResult r = g.pullback(e, valuesBar, vectorsBar);   // either cotangent may be null
 * double[][] dLdA = r.gradient();
 * PushforwardResult t = g.pushforward(e, aDot);                 // forward mode: t.valuesDot(), t.vectorsDot()
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
        /** Eq. 10: {@code F_ij = 1/(lambda_j - lambda_i)}, exact, infinite at ties. */
        ANALYTIC,
        /** Eq. 8 for every pair: the truncated series F^(K) with one K, finite at ties. */
        POWER_ITERATION,
        /** The series with K chosen per pair by Eq. 14 from a tolerance, capped at Kmax. */
        ADAPTIVE
    }

    /** K of the power-iteration method unless set: 19, the paper's value. */
    public static final int DEFAULT_ITERATIONS = (int) RuleConstants.DEFAULT_ITERATIONS;
    /** The adaptive method's relative error per pair unless set. */
    public static final double DEFAULT_TOLERANCE = RuleConstants.DEFAULT_TOLERANCE;
    /** The adaptive method's cap on K unless set. */
    public static final int DEFAULT_MAX_ITERATIONS = (int) RuleConstants.DEFAULT_MAX_ITERATIONS;
    /** The relative gap below which the analytic method calls a pair degenerate, unless set. */
    public static final double DEFAULT_DEGENERACY_TOLERANCE = RuleConstants.DEFAULT_DEGENERACY_TOLERANCE;
    /** The analytic method's relative gap of a degenerate pair in float problems unless set (docs/math.md section 11). */
    public static final double DEFAULT_FLOAT_DEGENERACY_TOLERANCE = RuleConstants.FLOAT_DEGENERACY_TOLERANCE;

    private final PullbackOptions pullbackOptions;
    private final boolean maskDegenerate;
    private final SymmetricEigensolver solver;
    /** The generalised solver with this solver's epsilon and symmetry tolerance. */
    private final GeneralizedEigensolver generalizedSolver;
    /** The Hermitian solver with this solver's epsilon and symmetry tolerance. */
    private final HermitianEigensolver hermitianSolver;
    private final boolean degeneracyToleranceSet;

    private EigenGradient(Builder b) {
        this.pullbackOptions = new PullbackOptions(b.method, b.iterations, b.tolerance, b.maxIterations,
                b.eigenvalueTerm, b.degeneracyTolerance,
                b.degeneracyToleranceSet ? b.degeneracyTolerance : DEFAULT_FLOAT_DEGENERACY_TOLERANCE);
        this.degeneracyToleranceSet = b.degeneracyToleranceSet;
        this.maskDegenerate = b.maskDegenerate;
        this.solver = b.solver.build();
        this.generalizedSolver = GeneralizedEigensolver.builder().epsilon(solver.epsilon())
                .symmetryTolerance(solver.symmetryTolerance()).build();
        this.hermitianSolver = HermitianEigensolver.builder().epsilon(solver.epsilon())
                .symmetryTolerance(solver.symmetryTolerance()).build();
    }

    /**
     * A builder with the defaults: power iteration, K = 19, the eigenvalue term on, epsilon 0.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options, to derive others from them.
     *
     * @return a new builder with these options
     */
    public Builder toBuilder() {
        PullbackOptions o = pullbackOptions;
        Builder b = new Builder().method(o.method()).iterations(o.iterations()).tolerance(o.tolerance())
                .maxIterations(o.maxIterations()).eigenvalueTerm(o.eigenvalueTerm()).maskDegenerate(maskDegenerate);
        if (degeneracyToleranceSet) {
            b.degeneracyTolerance(o.degeneracyTolerance());
        }
        b.solver = solver.toBuilder();
        return b;
    }

    /**
     * How F is formed.
     *
     * @return the method
     */
    public Method method() {
        return pullbackOptions.method();
    }

    /**
     * K of the power-iteration method (1 to 2^53).
     *
     * @return K of the power-iteration method
     */
    public long iterations() {
        return pullbackOptions.iterations();
    }

    /**
     * The adaptive method's relative error per pair.
     *
     * @return the tolerance, in (0, 1)
     */
    public double tolerance() {
        return pullbackOptions.tolerance();
    }

    /**
     * Kmax of the adaptive method (1 to 2^53).
     *
     * @return Kmax of the adaptive method
     */
    public long maxIterations() {
        return pullbackOptions.maxIterations();
    }

    /**
     * Whether the gradient includes {@code V diag(lambdaBar) V^T}.
     *
     * @return true unless the paper's formula was asked for
     */
    public boolean eigenvalueTerm() {
        return pullbackOptions.eigenvalueTerm();
    }

    /**
     * The relative gap below which the analytic method calls a pair degenerate.
     *
     * @return the degeneracy tolerance, in [0, 1)
     */
    public double degeneracyTolerance() {
        return pullbackOptions.degeneracyTolerance();
    }

    /**
     * The analytic method's degeneracy tolerance for float problems: the one set on the
     * builder, else {@value #DEFAULT_FLOAT_DEGENERACY_TOLERANCE} (docs/math.md section 11).
     *
     * @return the degeneracy tolerance in float, in [0, 1)
     */
    public double floatDegeneracyTolerance() {
        return pullbackOptions.floatDegeneracyTolerance();
    }

    /**
     * Whether the analytic method masks degenerate pairs (F = 0, with a warning) instead of
     * failing with a {@link DegenerateSpectrumException}.
     *
     * @return whether degenerate pairs are masked
     */
    public boolean maskDegenerate() {
        return maskDegenerate;
    }

    /** The method and its parameters, as the rule helpers take them. */
    /** The generalised solver with this instance's settings (the batch's straight-line path). */
    GeneralizedEigensolver generalizedSolver() {
        return generalizedSolver;
    }

        PullbackOptions pullbackOptions() {
        return pullbackOptions;
    }

    /**
     * The forward solver, with this gradient's epsilon and symmetry tolerance.
     *
     * @return the forward solver these options decompose with
     */
    public SymmetricEigensolver solver() {
        return solver;
    }

    /**
     * The forward pass: {@code sym(A) + epsilon*I} (see {@link SymmetricEigensolver}).
     *
     * @param a the matrix: rows ({@code a[i][j]} is row i, column j) or n*n doubles row-major
     * @return the eigendecomposition of {@code sym(A) + epsilon I}
     */
    public SymmetricEigendecomposition decompose(double[][] a) {
        return solver.decompose(a);
    }

    /**
     * The forward pass of the n x n matrix stored row-major in {@code a}.
     *
     * @param a the matrix, n*n doubles row-major
     * @param n the size of the matrix
     * @return the eigendecomposition of {@code sym(A) + epsilon I}
     */
    public SymmetricEigendecomposition decompose(double[] a, int n) {
        return solver.decompose(a, n);
    }

    /**
     * The pullback with {@code vectorsBar} as {@code double[n][n]} (column j is dL/dv_j).
     * Either cotangent may be null (zero).
     *
     * @param forward the decomposition to work from
     * @param valuesBar dL/dlambda (length n), or null for zero
     * @param vectorsBar dL/dV as rows (column j is dL/dv_j), or null for zero
     * @return the gradient dL/dA and the report of the method
     */
    public PullbackResult pullback(SymmetricEigendecomposition forward, double[] valuesBar, double[][] vectorsBar) {
        requireForward(forward);
        double[] flat = vectorsBar == null ? null : MatrixInput.matrixRowMajor(vectorsBar, forward.size(), "vectorsBar");
        return pullbackValidated(forward, valuesBar, flat);
    }

    /**
     * The pullback of a loss of the eigenvalues only: {@code dL/dA = V diag(lambdaBar) V^T}
     * (0 in paper mode, which drops the eigenvalue term).
     *
     * @param forward the decomposition to work from
     * @param valuesBar dL/dlambda (length n)
     * @return the gradient dL/dA and the report of the method
     */
    public PullbackResult pullbackValues(SymmetricEigendecomposition forward, double[] valuesBar) {
        if (valuesBar == null) {
            throw new InvalidInputException(InvalidInputException.Problem.NULL, "valuesBar is null");
        }
        return pullback(forward, valuesBar, (double[]) null);
    }

    /**
     * The pullback of a loss of the eigenvectors only.
     *
     * @param forward the decomposition to work from
     * @param vectorsBar dL/dV as rows (column j is dL/dv_j)
     * @return the gradient dL/dA and the report of the method
     */
    public PullbackResult pullbackVectors(SymmetricEigendecomposition forward, double[][] vectorsBar) {
        if (vectorsBar == null) {
            throw new InvalidInputException(InvalidInputException.Problem.NULL, "vectorsBar is null");
        }
        return pullback(forward, null, vectorsBar);
    }

    /**
     * The forward pass and its pullback as one value, for code written against an autodiff
     * tape (the "rrule" of ChainRules): the decomposition of {@code a} and a closure that
     * pulls cotangents back through it with these options.
     *
     * @param a the matrix, as rows
     * @return the decomposition with its pullback
     */
    public Rrule rrule(double[][] a) {
        return new Rrule(this, decompose(a));
    }

    /**
     * A decomposition together with its pullback (see {@link EigenGradient#rrule}). Immutable;
     * {@link #pullback} may be called any number of times, from any thread.
     */
    public static final class Rrule {
        private final EigenGradient options;
        private final SymmetricEigendecomposition value;

        private Rrule(EigenGradient options, SymmetricEigendecomposition value) {
            this.options = options;
            this.value = value;
        }

        /**
         * The forward result.
         *
         * @return the eigendecomposition
         */
        public SymmetricEigendecomposition value() {
            return value;
        }

        /**
         * The pullback of cotangents of the eigenvalues and eigenvectors.
         *
         * @param valuesBar dL/dlambda (length n), or null for zero
         * @param vectorsBar dL/dV as rows (column j is dL/dv_j), or null for zero
         * @return the gradient dL/dA and the report
         */
        public PullbackResult pullback(double[] valuesBar, double[][] vectorsBar) {
            return options.pullback(value, valuesBar, vectorsBar);
        }

        /**
         * The pullback of a loss of the eigenvalues only.
         *
         * @param valuesBar dL/dlambda (length n)
         * @return the gradient dL/dA and the report
         */
        public PullbackResult pullbackValues(double[] valuesBar) {
            return options.pullbackValues(value, valuesBar);
        }

        /**
         * The pullback of a loss of the eigenvectors only.
         *
         * @param vectorsBar dL/dV as rows (column j is dL/dv_j)
         * @return the gradient dL/dA and the report
         */
        public PullbackResult pullbackVectors(double[][] vectorsBar) {
            return options.pullbackVectors(value, vectorsBar);
        }
    }

    /**
     * The pullback with {@code vectorsBar} row-major (length n*n) or null.
     *
     * @param forward the decomposition to work from
     * @param valuesBar dL/dlambda (length n), or null for zero
     * @param vectorsBar dL/dV row-major (length n*n, column j is dL/dv_j), or null for zero
     * @return the gradient dL/dA and the report of the method
     */
    public PullbackResult pullback(SymmetricEigendecomposition forward, double[] valuesBar, double[] vectorsBar) {
        requireForward(forward);
        double[] flat = vectorsBar == null ? null
                : MatrixInput.vectorOfLength(vectorsBar, forward.size() * forward.size(), "vectorsBar");
        return pullbackValidated(forward, valuesBar, flat);
    }

    /**
     * The top-k pullback (docs/math.md section 6): the gradient of a loss of the top k eigenpairs
     * only, from the matrix and those pairs, without the other n - k eigenvectors; O(K k n^2)
     * instead of O(n^3). Equal (to rounding) to {@link #pullback} with zero cotangents beyond k
     * and the same K. Requires the power-iteration method, K at most 10^5, {@code 1 <= k < n}, and
     * positive semi-definite input with {@code lambda_k > 1e-12 lambda_1} (the caller's promise
     * about the spectrum beyond k, which is never computed; no shift applies). The report's
     * {@code maxPairError} covers the pairs inside the top k only.
     *
     * @param matrix A, n x n row-major; the pairs are those of {@code sym(A) + epsilon I}
     * @param values the top k eigenvalues, descending (k is {@code values.length})
     * @param vectors the top k eigenvectors, n x k row-major (column a is v_a)
     * @param valuesBar dL/dlambda of the top k, or null
     * @param vectorsBar dL/dV of the top k, n x k row-major (column a is dL/dv_a), or null
     * @param n the size of the matrix (n x n), at least 1
     * @return the gradient dL/dA and the report of the top-k pullback
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
        return TopKPullback.pullback(pullbackOptions, n, k, m, top, v, lb, vb);
    }

    /**
     * The pushforward (forward mode, docs/math.md section 9): the tangents of the eigenvalues and
     * eigenvectors of {@code forward} along the tangent {@code ADot} of the input, with the F of
     * this method, so that it is the exact transpose of {@link #pullback} with the same options.
     * Only {@code sym(ADot)} acts: an asymmetric tangent is accepted. In paper mode (eigenvalue
     * term off) {@code valuesDot} is zero. The analytic method fails at a tie as the pullback does
     * (or masks the pair).
     *
     * @param forward the decomposition to work from
     * @param tangent ADot as rows (n x n, any matrix), or null for zero
     * @return the decomposition, its tangents and the report of the method
     */
    public PushforwardResult pushforward(SymmetricEigendecomposition forward, double[][] tangent) {
        requireForward(forward);
        double[] flat = tangent == null ? null : MatrixInput.matrixRowMajor(tangent, forward.size(), "tangent");
        return pushforwardValidated(forward, flat);
    }

    /**
     * {@link #pushforward(SymmetricEigendecomposition, double[][])} with the tangent row-major.
     *
     * @param forward the decomposition to work from
     * @param tangent ADot row-major (length n*n, any matrix), or null for zero
     * @return the decomposition, its tangents and the report of the method
     */
    public PushforwardResult pushforward(SymmetricEigendecomposition forward, double[] tangent) {
        requireForward(forward);
        double[] flat = tangent == null ? null : MatrixInput.squareRowMajor(tangent, forward.size(), "tangent");
        return pushforwardValidated(forward, flat);
    }

    /**
     * The forward pass and its pushforward in one call (the "frule" of ChainRules, the
     * counterpart of {@link #rrule}): the decomposition of {@code a} with its tangents along
     * {@code tangent}.
     *
     * @param a the matrix, as rows
     * @param tangent ADot as rows (any matrix; only its symmetric part acts), or null for zero
     * @return the decomposition, its tangents and the report
     */
    public PushforwardResult frule(double[][] a, double[][] tangent) {
        return pushforward(decompose(a), tangent);
    }

    private PushforwardResult pushforwardValidated(SymmetricEigendecomposition forward, double[] tangent) {
        int n = forward.size();
        double[] values = forward.valuesInternal();
        List<String> warnings = new ArrayList<>();
        boolean analytic = method() == Method.ANALYTIC;
        if (analytic) {
            checkDegeneracy(values, 0, n, warnings);
        }
        double[] valuesDot = new double[n];
        double[] vectorsDot = new double[n * n];
        PushforwardReport report = new PushforwardReport();
        dispatch(n).pushforward(values, 0, forward.vectorsInternal(), 0, tangent, 0, valuesDot,
                0, vectorsDot, 0, report);
        return new PushforwardResult(forward, valuesDot, vectorsDot,
                analytic ? OptionalLong.empty() : OptionalLong.of(report.iterationsUsed()), report.maxPairError(),
                analytic ? OptionalDouble.empty() : OptionalDouble.of(report.vectorsDotBound()), report.shift(),
                warnings);
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
        boolean analytic = method() == Method.ANALYTIC;
        if (analytic) {
            checkDegeneracy(values, 0, n, warnings);
        }
        double[] gradient = new double[n * n];
        PullbackReport report = new PullbackReport();
        dispatch(n).pullback(values, 0, vectors, 0, lambdaBar, 0, vectorsBar, 0, gradient, 0, report);
        return new PullbackResult(n, gradient,
                analytic ? OptionalLong.empty() : OptionalLong.of(report.iterationsUsed()),
                report.maxPairError(), analytic ? OptionalDouble.empty() : OptionalDouble.of(report.gradientBound()),
                report.shift(), warnings);
    }

    // ---- the generalised problem A v = lambda B v (docs/math.md section 12) ----

    /**
     * The generalised forward pass with this gradient's solver settings (epsilon regularises as
     * {@code A + epsilon B}; the symmetry tolerance applies to A and to B).
     *
     * @param a A as rows (only sym(A) acts)
     * @param b B as rows, symmetric positive definite (only sym(B) acts)
     * @return the decomposition, V B-orthonormal
     */
    public GeneralizedEigendecomposition decompose(double[][] a, double[][] b) {
        return generalizedSolver.decompose(a, b);
    }

    /**
     * {@link #decompose(double[][], double[][])} with A and B row-major.
     *
     * @param a A, n*n row-major
     * @param b B, n*n row-major, symmetric positive definite
     * @param n the size, at least 1
     * @return the decomposition, V B-orthonormal
     */
    public GeneralizedEigendecomposition decompose(double[] a, double[] b, int n) {
        return generalizedSolver.decompose(a, b, n);
    }

    /**
     * The pullback of the generalised problem (docs/math.md section 12): dL/dA and dL/dB from
     * the cotangents of the eigenvalues and of the B-orthonormal eigenvectors, with this
     * method's F (finite at ties for the series methods; the analytic method fails at a tie
     * or masks it, as for the standard problem).
     *
     * @param forward the generalised decomposition
     * @param valuesBar dL/dlambda (n), or null for zero
     * @param vectorsBar dL/dV as rows (column j is dL/dv_j), or null for zero
     * @return dL/dA, dL/dB and the report
     */
    public GeneralizedPullbackResult pullback(GeneralizedEigendecomposition forward, double[] valuesBar,
            double[][] vectorsBar) {
        requireGeneralized(forward);
        int n = forward.size();
        return pullback(forward, valuesBar, vectorsBar == null ? null
                : MatrixInput.matrixRowMajor(vectorsBar, n, "vectorsBar"));
    }

    /**
     * {@link #pullback(GeneralizedEigendecomposition, double[], double[][])} with dL/dV row-major.
     *
     * @param forward the generalised decomposition
     * @param valuesBar dL/dlambda (n), or null for zero
     * @param vectorsBar dL/dV row-major (n*n), or null for zero
     * @return dL/dA, dL/dB and the report
     */
    public GeneralizedPullbackResult pullback(GeneralizedEigendecomposition forward, double[] valuesBar,
            double[] vectorsBar) {
        requireGeneralized(forward);
        int n = forward.size();
        double[] lambdaBar = valuesBar == null ? null : MatrixInput.vectorOfLength(valuesBar, n, "valuesBar");
        double[] vb = vectorsBar == null ? null : MatrixInput.vectorOfLength(vectorsBar, n * n, "vectorsBar");
        List<String> warnings = new ArrayList<>();
        boolean analytic = method() == Method.ANALYTIC;
        if (analytic) {
            checkDegeneracy(forward.valuesInternal(), 0, n, warnings);
        }
        return GeneralizedDerivatives.pullback(dispatch(n), analytic, forward, lambdaBar, vb,
                warnings);
    }

    /**
     * The pushforward of the generalised problem (docs/math.md section 12): the tangents of the
     * eigenvalues and eigenvectors along (ADot, BDot), the exact transpose of
     * {@link #pullback(GeneralizedEigendecomposition, double[], double[][])}.
     *
     * @param forward the generalised decomposition
     * @param tangent ADot as rows (any matrix; only sym(ADot) acts), or null for zero
     * @param tangentB BDot as rows (any matrix; only sym(BDot) acts), or null for zero
     * @return the tangents and the report
     */
    public GeneralizedPushforwardResult pushforward(GeneralizedEigendecomposition forward, double[][] tangent,
            double[][] tangentB) {
        requireGeneralized(forward);
        int n = forward.size();
        double[] ta = tangent == null ? null : MatrixInput.matrixRowMajor(tangent, n, "tangent");
        double[] tb = tangentB == null ? null : MatrixInput.matrixRowMajor(tangentB, n, "tangentB");
        List<String> warnings = new ArrayList<>();
        boolean analytic = method() == Method.ANALYTIC;
        if (analytic) {
            checkDegeneracy(forward.valuesInternal(), 0, n, warnings);
        }
        return GeneralizedDerivatives.pushforward(dispatch(n), analytic, forward, ta, tb,
                warnings);
    }

    /**
     * Decomposes a complex Hermitian matrix with this instance's epsilon and tolerance
     * (docs/math.md section 13; {@link HermitianEigensolver}).
     *
     * @param a the matrix, interleaved (re, im) row-major, 2 n^2 doubles
     * @param n the size, at least 1
     * @return the decomposition, V unitary in the phase gauge
     */
    public HermitianEigendecomposition decomposeHermitian(double[] a, int n) {
        return hermitianSolver.decompose(a, n);
    }

    /**
     * {@link #decomposeHermitian(double[], int)} with the real and imaginary parts as rows.
     *
     * @param re the real part, n x n
     * @param im the imaginary part, n x n
     * @return the decomposition
     */
    public HermitianEigendecomposition decomposeHermitian(double[][] re, double[][] im) {
        return hermitianSolver.decompose(re, im);
    }

    /**
     * The pullback of a complex Hermitian decomposition (docs/math.md section 13): dL/dA from the
     * cotangents of the eigenvalues (real) and of V ({@code VBar = dL/dRe V + i dL/dIm V}), exact
     * for phase-dependent losses too (the gauge is part of the decomposition), with this
     * method's F (finite at ties for the series methods).
     *
     * @param forward the Hermitian decomposition
     * @param valuesBar dL/dlambda (n), or null for zero
     * @param vectorsBar dL/dV interleaved (2 n^2), or null for zero
     * @return dL/dA (Hermitian, same convention) and the report
     */
    public HermitianPullbackResult pullback(HermitianEigendecomposition forward, double[] valuesBar,
            double[] vectorsBar) {
        int n = requireHermitian(forward);
        double[] lambdaBar = valuesBar == null ? null : MatrixInput.vectorOfLength(valuesBar, n, "valuesBar");
        double[] vb = vectorsBar == null ? null : HermitianInput.interleaved(vectorsBar, n, "vectorsBar");
        List<String> warnings = new ArrayList<>();
        boolean analytic = method() == Method.ANALYTIC;
        if (analytic) {
            checkDegeneracy(forward.valuesInternal(), 0, n, warnings);
        }
        double[] gradient = new double[2 * n * n];
        PullbackReport report = new PullbackReport();
        dispatch(n).pullbackHermitian(forward.valuesInternal(), forward.vectorsInternal(),
                lambdaBar, vb, gradient, report);
        return new HermitianPullbackResult(n, gradient, analytic ? OptionalLong.empty()
                : OptionalLong.of(report.iterationsUsed()), report.maxPairError(), analytic ? OptionalDouble.empty()
                : OptionalDouble.of(report.gradientBound()), report.shift(), warnings);
    }

    /**
     * The pushforward of a complex Hermitian decomposition (docs/math.md section 13), the exact
     * transpose of {@link #pullback(HermitianEigendecomposition, double[], double[])}.
     *
     * @param forward the Hermitian decomposition
     * @param tangent ADot interleaved (2 n^2; only its Hermitian part acts), or null for zero
     * @return the tangents and the report
     */
    public HermitianPushforwardResult pushforward(HermitianEigendecomposition forward, double[] tangent) {
        int n = requireHermitian(forward);
        double[] ta = tangent == null ? null : HermitianInput.interleaved(tangent, n, "tangent");
        List<String> warnings = new ArrayList<>();
        boolean analytic = method() == Method.ANALYTIC;
        if (analytic) {
            checkDegeneracy(forward.valuesInternal(), 0, n, warnings);
        }
        double[] valuesDot = new double[n];
        double[] vectorsDot = new double[2 * n * n];
        PushforwardReport report = new PushforwardReport();
        dispatch(n).pushforwardHermitian(forward.valuesInternal(), forward.vectorsInternal(),
                ta, valuesDot, vectorsDot, report);
        return new HermitianPushforwardResult(n, valuesDot, vectorsDot, analytic ? OptionalLong.empty()
                : OptionalLong.of(report.iterationsUsed()), report.maxPairError(), analytic ? OptionalDouble.empty()
                : OptionalDouble.of(report.vectorsDotBound()), report.shift(), warnings);
    }

    private static int requireHermitian(HermitianEigendecomposition forward) {
        return HermitianFunctions.require(forward).size();
    }

    private static void requireGeneralized(GeneralizedEigendecomposition forward) {
        if (forward == null) {
            throw new InvalidInputException(Problem.NULL, "forward (the generalised decomposition) is null");
        }
    }

    // ---- single precision (docs/math.md section 11) ----

    /**
     * The forward pass of a float matrix into float arrays ({@link SymmetricEigensolver#decompose(float[], int,
     * float[], float[])} of this gradient's solver).
     *
     * @param a the matrix, n*n floats row-major
     * @param n the size of the matrix (n x n), at least 1
     * @param values receives the n eigenvalues, descending
     * @param vectors receives V row-major (column j is eigenvector j), n*n
     */
    public void decompose(float[] a, int n, float[] values, float[] vectors) {
        solver.decompose(a, n, values, vectors);
    }

    /**
     * The pullback of a float problem by the generated float rule of this method
     * (docs/math.md section 11): arithmetic in float, within 1e-4 relative of the double
     * gradient of the same inputs where every relative gap is at least 1e-2. K and Kmax are at
     * most 2^24; the analytic method uses {@link #floatDegeneracyTolerance()}.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending (n)
     * @param vectors V row-major (n*n, column j is eigenvector j)
     * @param valuesBar dL/dlambda (n), or null for zero
     * @param vectorsBar dL/dV row-major (n*n), or null for zero
     * @param gradient receives dL/dA row-major (n*n, symmetric)
     * @return the report of the method: shift, K used (-1 for analytic), largest r^K, bound (-1 for analytic)
     */
    public PullbackReport pullback(int n, float[] values, float[] vectors, float[] valuesBar, float[] vectorsBar,
            float[] gradient) {
        FloatRuleSupport.checkArrays(n, values, 0, vectors, 0, valuesBar, 0, vectorsBar, 0, gradient, 0);
        if (method() == Method.ANALYTIC) {
            checkDegeneracy(FloatRuleSupport.widen(values, 0, n), 0, n, pullbackOptions.floatDegeneracyTolerance(),
                    null);
        }
        PullbackReport report = new PullbackReport();
        dispatch(n).pullback(values, 0, vectors, 0, valuesBar, 0, vectorsBar, 0, gradient, 0,
                report);
        return report;
    }

    /**
     * The pushforward of a float problem by the generated float rule of this method, the
     * transpose of {@link #pullback(int, float[], float[], float[], float[], float[])}.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending (n)
     * @param vectors V row-major (n*n, column j is eigenvector j)
     * @param tangent ADot row-major (n*n, any matrix: only sym(ADot) acts), or null for zero
     * @param valuesDot receives the tangents of the eigenvalues (n; zero in paper mode)
     * @param vectorsDot receives the tangent of V row-major (n*n)
     * @return the report of the method: shift, K used (-1 for analytic), largest r^K, bound (-1 for analytic)
     */
    public PushforwardReport pushforward(int n, float[] values, float[] vectors, float[] tangent, float[] valuesDot,
            float[] vectorsDot) {
        FloatRuleSupport.checkPushforwardArrays(n, values, 0, vectors, 0, tangent, 0, valuesDot, 0, vectorsDot, 0);
        if (method() == Method.ANALYTIC) {
            checkDegeneracy(FloatRuleSupport.widen(values, 0, n), 0, n, pullbackOptions.floatDegeneracyTolerance(),
                    null);
        }
        PushforwardReport report = new PushforwardReport();
        dispatch(n).pushforward(values, 0, vectors, 0, tangent, 0, valuesDot, 0, vectorsDot,
                0, report);
        return report;
    }

    /**
     * The warnings of the analytic method with masking for a float problem: one per pair the
     * float rule sets to zero (closer than {@link #floatDegeneracyTolerance()} max|lambda|);
     * empty for the other methods or without masking. Fails as the float pullback does where
     * masking is off and a pair is degenerate.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending (n)
     * @return the warnings, as {@link PullbackResult#warnings()} words them
     */
    public List<String> maskedPairs(int n, float[] values) {
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        FloatRuleSupport.check("values", values, 0, n, false);
        List<String> warnings = new ArrayList<>();
        if (method() == Method.ANALYTIC) {
            checkDegeneracy(FloatRuleSupport.widen(values, 0, n), 0, n, pullbackOptions.floatDegeneracyTolerance(),
                    warnings);
        }
        return List.copyOf(warnings);
    }

    /**
     * Eq. 10 at a (near) tie: fail naming the adjacent pair, or (with masking) add to
     * {@code warnings}, if not null, the pairs the generated code masks.
     */
    void checkDegeneracy(double[] values, int offset, int n, java.util.List<String> warnings) {
        checkDegeneracy(values, offset, n, degeneracyTolerance(), warnings);
    }

    /** {@link #checkDegeneracy(double[], int, int, List)} with the given tolerance (float problems have theirs). */
    void checkDegeneracy(double[] values, int offset, int n, double degeneracyTolerance,
            java.util.List<String> warnings) {
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

    /** The rules of this method for size n, sharing large products with the solver's executor. */
    private RuleDispatch dispatch(int n) {
        return new RuleDispatch(pullbackOptions, n, solver.executor().orElse(null));
    }

    /** Builds an {@link EigenGradient}; every setter validates its argument. */
    public static final class Builder {
        private Method method = Method.POWER_ITERATION;
        private long iterations = DEFAULT_ITERATIONS;
        private double tolerance = DEFAULT_TOLERANCE;
        private long maxIterations = DEFAULT_MAX_ITERATIONS;
        private boolean eigenvalueTerm = true;
        private double degeneracyTolerance = DEFAULT_DEGENERACY_TOLERANCE;
        private boolean degeneracyToleranceSet;
        private boolean maskDegenerate;
        private SymmetricEigensolver.Builder solver = SymmetricEigensolver.builder();

        private Builder() {}

        /**
         * How F is formed (default {@link Method#POWER_ITERATION}).
         *
         * @param method the method, not null
         * @return this builder
         */
        public Builder method(Method method) {
            if (method == null) {
                throw new InvalidInputException(Problem.NULL, "method is null");
            }
            this.method = method;
            return this;
        }

        /**
         * K for {@link Method#POWER_ITERATION}: the number of terms, >= 1 (default 19, the paper's).
         *
         * @param iterations K, the number of terms of the series, a whole number from 1 to 2^53
         * @return this builder
         */
        public Builder iterations(long iterations) {
            GeneratedRuleSupport.checkIterations(iterations);
            this.iterations = iterations;
            return this;
        }

        /**
         * The per-pair relative error for {@link Method#ADAPTIVE}, in (0, 1) (default 1e-10).
         *
         * @param tolerance the adaptive method's relative error per pair, in (0, 1)
         * @return this builder
         */
        public Builder tolerance(double tolerance) {
            GeneratedRuleSupport.checkTolerance(tolerance);
            this.tolerance = tolerance;
            return this;
        }

        /**
         * The cap on K for {@link Method#ADAPTIVE}, >= 1 (default 1000).
         *
         * @param maxIterations the adaptive method's cap on K, a whole number from 1 to 2^53
         * @return this builder
         */
        public Builder maxIterations(long maxIterations) {
            GeneratedRuleSupport.checkMaxIterations(maxIterations);
            this.maxIterations = maxIterations;
            return this;
        }

        /**
         * Whether {@code V diag(valuesBar) V^T} is added (default true; false is the paper's formula).
         *
         * @param eigenvalueTerm whether the gradient includes {@code V diag(lambdaBar) V^T} (false: the paper's formula)
         * @return this builder
         */
        public Builder eigenvalueTerm(boolean eigenvalueTerm) {
            this.eigenvalueTerm = eigenvalueTerm;
            return this;
        }

        /**
         * {@link Method#ANALYTIC}: relative gaps below this are degenerate, in [0, 1) (default 1e-8).
         *
         * @param degeneracyTolerance the relative gap below which the analytic method calls a pair degenerate, in [0, 1)
         * @return this builder
         */
        public Builder degeneracyTolerance(double degeneracyTolerance) {
            GeneratedRuleSupport.checkDegeneracyTolerance(degeneracyTolerance);
            this.degeneracyTolerance = degeneracyTolerance;
            this.degeneracyToleranceSet = true;
            return this;
        }

        /**
         * {@link Method#ANALYTIC}: mask degenerate pairs (F = 0, with a warning) instead of failing.
         *
         * @param maskDegenerate whether the analytic method masks degenerate pairs instead of failing
         * @return this builder
         */
        public Builder maskDegenerate(boolean maskDegenerate) {
            this.maskDegenerate = maskDegenerate;
            return this;
        }

        /**
         * The forward pass's diagonal shift (see {@link SymmetricEigensolver.Builder#epsilon}).
         *
         * @param epsilon added to every eigenvalue (the diagonal shift), finite and >= 0
         * @return this builder
         */
        public Builder epsilon(double epsilon) {
            solver.epsilon(epsilon);
            return this;
        }

        /**
         * The forward pass's accepted asymmetry (see {@link SymmetricEigensolver.Builder#symmetryTolerance}).
         *
         * @param symmetryTolerance the largest accepted {@code max|A_ij - A_ji| / max|A_ij|}
         * @return this builder
         */
        public Builder symmetryTolerance(double symmetryTolerance) {
            solver.symmetryTolerance(symmetryTolerance);
            return this;
        }

        /**
         * An executor for large matrices: the forward pass shares its work with it from n = 224
         * (see {@link SymmetricEigensolver.Builder#executor}), and the general-n pullbacks and
         * pushforwards split their products in two ranges of rows from n = 256, one on the
         * executor and one on the calling thread (which also runs a range the executor has not
         * started). The results are the same to the bit as without one.
         *
         * @param executor the executor, or null for none
         * @return this builder
         */
        public Builder executor(Executor executor) {
            solver.executor(executor);
            return this;
        }

        /**
         * The options as set.
         *
         * @return a new, immutable {@link EigenGradient}
         */
        public EigenGradient build() {
            return new EigenGradient(this);
        }
    }
}
