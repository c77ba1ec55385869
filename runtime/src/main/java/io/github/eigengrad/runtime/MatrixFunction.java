package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.DividedDifferences;
import io.github.eigengrad.runtime.generated.DividedDifferencesFloat;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralCallbackComplex;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralExp;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralInverseSqrt;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralLog;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralPower;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralSqrt;
import io.github.eigengrad.runtime.generated.RuleRegistry;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * A matrix function {@code f(M) = V f(Lambda) V^T} of a symmetric matrix, and the exact
 * gradient of {@code L = <f(sym(A)), C>}: {@code V (f[1] o (V^T sym(C) V)) V^T} with the divided
 * difference {@code f[1]} (docs/math.md section 7). Unlike the analytic and power-iteration
 * pullbacks it is exact and finite at ties: {@code f[1](a, a) = f'(a)}. f, f[1] and the
 * gradient are generated code (docs/matrix-functions.md). Immutable.
 *
 * <pre>{@code
 * MatrixFunction isqrt = MatrixFunction.inverseSqrt();          // ZCA whitening
 * SymmetricEigendecomposition e = SymmetricEigensolver.builder().epsilon(1e-5).build().decompose(cov);
 * double[][] w = isqrt.value(e);                                // cov^(-1/2)
 * double[][] grad = isqrt.gradient(e, wBar);                    // dL/dcov for L = <cov^(-1/2), wBar>
 * }</pre>
 */
public final class MatrixFunction {
    private enum Kind {
        SQRT("sqrt"), INVERSE_SQRT("invsqrt"), LOG("log"), EXP("exp"), POWER("pow"), USER("user");

        final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    private final Kind kind;
    private final double p;
    private final ScalarFunction user;
    private final Executor executor;

    private MatrixFunction(Kind kind, double p) {
        this(kind, p, null, null);
    }

    private MatrixFunction(Kind kind, double p, ScalarFunction user) {
        this(kind, p, user, null);
    }

    private MatrixFunction(Kind kind, double p, ScalarFunction user, Executor executor) {
        this.kind = kind;
        this.p = p;
        this.user = user;
        this.executor = executor;
    }

    /**
     * This function with an executor for the real gradients of large matrices: from n = 256 the
     * generated built-in gradients (sqrt, invsqrt, log, exp, pow) split their products in two
     * ranges of rows, one on the executor and one on the calling thread (which also runs a
     * range the executor has not started), with the same bits as without. Batches
     * ({@link EigenBatch}) parallelise over matrices and ignore it.
     *
     * @param executor the executor, or null for none
     * @return this function with the executor
     */
    public MatrixFunction withExecutor(Executor executor) {
        return new MatrixFunction(kind, p, user, executor);
    }

    /**
     * The matrix function of a user's scalar function (docs/math.md section 14): a generated
     * class ({@code XlogxFunction} from the Maven plugin, the annotation processor or
     * {@code eigengrad generate --function}), whose gradients run its generated straight-line
     * (n = 2, 3, 4) and loop code, or any other {@link ScalarFunction}, whose gradients run the
     * generated loop code with f[1] and f[2] by {@link SpectralDifferences}. Double precision
     * only: the float methods refuse it.
     *
     * <pre>{@code
     * MatrixFunction xlogx = MatrixFunction.of(new XlogxFunction());   // f(x) = x log x
     * double[][] grad = xlogx.gradient(e, identity);                   // d tr(M log M) / dM, exact at ties
     * }</pre>
     *
     * @param f the scalar function
     * @return its matrix function
     */
    public static MatrixFunction of(ScalarFunction f) {
        if (f == null) {
            throw new InvalidInputException(Problem.NULL, "the scalar function is null");
        }
        return new MatrixFunction(Kind.USER, 0, f);
    }

    /**
     * sqrt(M), for eigenvalues >= 0 (> 0 where the gradient is needed).
     *
     * @return the square root
     */
    public static MatrixFunction sqrt() {
        return new MatrixFunction(Kind.SQRT, 0);
    }

    /**
     * M^(-1/2), for eigenvalues > 0 (ZCA whitening).
     *
     * @return the inverse square root, 1/sqrt(x)
     */
    public static MatrixFunction inverseSqrt() {
        return new MatrixFunction(Kind.INVERSE_SQRT, 0);
    }

    /**
     * log(M), for eigenvalues > 0.
     *
     * @return the natural logarithm
     */
    public static MatrixFunction log() {
        return new MatrixFunction(Kind.LOG, 0);
    }

    /**
     * exp(M).
     *
     * @return the exponential
     */
    public static MatrixFunction exp() {
        return new MatrixFunction(Kind.EXP, 0);
    }

    /**
     * M^p for a finite real p, for eigenvalues > 0.
     *
     * @param p the exponent of x^p
     * @return the power x^p
     */
    public static MatrixFunction power(double p) {
        if (!Double.isFinite(p)) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "the power p must be finite, got " + p);
        }
        return new MatrixFunction(Kind.POWER, p);
    }

    /**
     * By name, as the CLI writes it: sqrt, invsqrt, log, exp, or pow (with {@code p}).
     *
     * @param name the function's name: sqrt, invsqrt, log, exp or pow
     * @param p the exponent of x^p
     * @return the function of that name
     */
    public static MatrixFunction named(String name, Double p) {
        if (name == null) {
            throw new InvalidInputException(Problem.NULL, "the function name is null");
        }
        if (!name.equals("pow") && p != null) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "'power' applies to pow only, not " + name);
        }
        return switch (name) {
            case "sqrt" -> sqrt();
            case "invsqrt" -> inverseSqrt();
            case "log" -> log();
            case "exp" -> exp();
            case "pow" -> {
                if (p == null) {
                    throw new InvalidInputException(Problem.INVALID_OPTION, "pow needs its power p");
                }
                yield power(p);
            }
            default -> throw new InvalidInputException(Problem.INVALID_OPTION, "unknown function '" + name
                    + "'; choose sqrt, invsqrt, log, exp or pow");
        };
    }

    /**
     * {@code sqrt}, {@code invsqrt}, {@code log}, {@code exp} or {@code pow}.
     *
     * @return the name: sqrt, invsqrt, log, exp or pow
     */
    public String name() {
        return kind == Kind.USER ? user.name() : kind.id;
    }

    /**
     * f at a scalar.
     *
     * @param x the argument
     * @return f(x)
     */
    public double apply(double x) {
        return switch (kind) {
            case SQRT -> DividedDifferences.sqrt(x);
            case INVERSE_SQRT -> DividedDifferences.invsqrt(x);
            case LOG -> DividedDifferences.log(x);
            case EXP -> DividedDifferences.exp(x);
            case POWER -> DividedDifferences.pow(x, p);
            case USER -> {
                user.checkDomain(0, x);
                yield user.value(x);
            }
        };
    }

    /**
     * {@code f[1](a, b)}, and f'(a) at a = b.
     *
     * @param a the first eigenvalue
     * @param b the second eigenvalue
     * @return f[1](a, b), f'(a) at a = b
     */
    public double dividedDifference(double a, double b) {
        return switch (kind) {
            case SQRT -> DividedDifferences.sqrtDifference(a, b);
            case INVERSE_SQRT -> DividedDifferences.invsqrtDifference(a, b);
            case LOG -> DividedDifferences.logDifference(a, b);
            case EXP -> DividedDifferences.expDifference(a, b);
            case POWER -> DividedDifferences.powDifference(a, b, p);
            case USER -> {
                user.checkDomain(0, a);
                user.checkDomain(1, b);
                yield user.first(a, b);
            }
        };
    }

    /**
     * f(M) for the decomposed M, n x n.
     *
     * @param forward the decomposition to work from
     * @return f(M), n x n
     */
    public double[][] value(SymmetricEigendecomposition forward) {
        if (forward == null) {
            throw new InvalidInputException(Problem.NULL, "forward (the decomposition) is null");
        }
        double[] lambda = forward.valuesInternal(); // valueInto checks the domain
        int n = lambda.length;
        double[] flat = new double[n * n];
        valueInto(n, lambda, 0, forward.vectorsInternal(), 0, flat, 0, new FunctionSynthesis(n), new double[n]);
        return MatrixInput.rows(flat, n);
    }

    /**
     * f(M) of the decomposition at the offsets, into {@code out} at its offset (n*n, symmetric),
     * with the caller's scratch (batches reuse it); the eigenvalues checked for the domain of f,
     * the result for finiteness.
     */
    void valueInto(int n, double[] lambda, int valuesOffset, double[] v, int vectorsOffset, double[] out,
            int outOffset, FunctionSynthesis synthesis, double[] f) {
        for (int k = 0; k < n; k++) {
            checkedValue(k, lambda[valuesOffset + k]);
            f[k] = apply(lambda[valuesOffset + k]);
        }
        synthesis.synthesize(f, v, vectorsOffset, out, outOffset);
        for (int k = 0; k < n * n; k++) {
            if (!Double.isFinite(out[outOffset + k])) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, "f(M) of " + name() + " has the non-finite "
                        + "entry (" + k / n + ", " + k % n + ") = " + out[outOffset + k] + "; the eigenvalues or C are "
                        + "beyond double range");
            }
        }
    }

    /**
     * dL/dA of {@code <f(sym(A)), C>} for the decomposition at the offsets, into {@code out} at
     * its offset, by the generated classes; {@code workspace[0]} keeps the general-n workspace
     * between calls of one thread (batches; null on the first).
     */
    void gradientInto(int n, double[] lambda, int lo, double[] v, int vo, double[] c, int co, double[] out, int oo,
            Object[] workspace) {
        gradientInto(n, lambda, lo, v, vo, c, co, out, oo, workspace, null);
    }

    /** As above, the general-n workspace made with the executor (null: none). */
    private void gradientInto(int n, double[] lambda, int lo, double[] v, int vo, double[] c, int co, double[] out,
            int oo, Object[] workspace, Executor executor) {
        if (kind == Kind.USER || (n >= 2 && n <= 4)) { // straight-line classes, or a user's own code
            registry(n, lambda, lo, v, vo, c, co, out, oo);
            return;
        }
        switch (kind) {
            case SQRT -> MatrixFunctionGeneralSqrt.gradient(n, lambda, lo, v, vo, c, co, out, oo,
                    workspace(workspace, MatrixFunctionGeneralSqrt.Workspace.class,
                            () -> new MatrixFunctionGeneralSqrt.Workspace(n, executor)));
            case INVERSE_SQRT -> MatrixFunctionGeneralInverseSqrt.gradient(n, lambda, lo, v, vo, c, co, out, oo,
                    workspace(workspace, MatrixFunctionGeneralInverseSqrt.Workspace.class,
                            () -> new MatrixFunctionGeneralInverseSqrt.Workspace(n, executor)));
            case LOG -> MatrixFunctionGeneralLog.gradient(n, lambda, lo, v, vo, c, co, out, oo,
                    workspace(workspace, MatrixFunctionGeneralLog.Workspace.class,
                            () -> new MatrixFunctionGeneralLog.Workspace(n, executor)));
            case EXP -> MatrixFunctionGeneralExp.gradient(n, lambda, lo, v, vo, c, co, out, oo,
                    workspace(workspace, MatrixFunctionGeneralExp.Workspace.class,
                            () -> new MatrixFunctionGeneralExp.Workspace(n, executor)));
            case POWER -> MatrixFunctionGeneralPower.gradient(n, lambda, lo, v, vo, c, co, out, oo, p,
                    workspace(workspace, MatrixFunctionGeneralPower.Workspace.class,
                            () -> new MatrixFunctionGeneralPower.Workspace(n, executor)));
            case USER -> throw new IllegalStateException("handled above");
        }
    }

    /** {@code holder[0]} as a {@code type}, made by {@code make} when absent. */
    private static <W> W workspace(Object[] holder, Class<W> type, java.util.function.Supplier<W> make) {
        if (!type.isInstance(holder[0])) {
            holder[0] = make.get();
        }
        return type.cast(holder[0]);
    }

    /**
     * dL/dA of {@code L = <f(sym(A)), C>} (n x n, symmetric); only {@code sym(C)} matters.
     * n = 2, 3, 4 run the generated straight-line classes ({@code MatrixFunction3Sqrt} and so
     * on), other n the generated loop classes ({@code MatrixFunctionGeneralSqrt} and so on).
     *
     * @param forward the decomposition to work from
     * @param c the matrix C of the loss {@code <f(sym(A)), C>} (any n x n matrix)
     * @return dL/dA, n x n, symmetric
     */
    public double[][] gradient(SymmetricEigendecomposition forward, double[][] c) {
        return daleckiiKrein(forward, c, "functionBar");
    }

    /**
     * The Frechet derivative of f at the decomposed M along {@code sym(tangent)}
     * (docs/math.md section 9): {@code d f(M)[MDot] = V (f[1] o W) V^T} with
     * {@code W = V^T sym(tangent) V}, exact and finite at ties. The map {@code C -> V (f[1] o
     * V^T sym(C) V) V^T} is self-adjoint, so this is the pullback's generated code applied to the
     * tangent: {@code <C, derivative(ADot)> = <gradient(C), ADot>} for all C and ADot.
     *
     * @param forward the decomposition of M
     * @param tangent ADot (any n x n matrix; only its symmetric part acts)
     * @return the derivative of f(M) along sym(ADot), n x n, symmetric
     */
    public double[][] derivative(SymmetricEigendecomposition forward, double[][] tangent) {
        return daleckiiKrein(forward, tangent, "tangent");
    }

    /**
     * {@code V (f[1] o (V^T sym(X) V)) V^T} by the generated classes: the gradient for X = C, the
     * Frechet derivative for X = ADot (the map is self-adjoint); {@code name} names X in errors.
     */
    private double[][] daleckiiKrein(SymmetricEigendecomposition forward, double[][] x, String name) {
        if (forward == null) {
            throw new InvalidInputException(Problem.NULL, "forward (the decomposition) is null");
        }
        double[] lambda = forward.valuesInternal(); // the generated classes check the domain
        int n = lambda.length;
        double[] flat = new double[n * n];
        double[] input = MatrixInput.matrixRowMajor(x, n, name);
        if (executor != null && n >= GeneratedRuleSupport.PARALLEL_ROWS_FROM && kind != Kind.USER) {
            gradientInto(n, lambda, 0, forward.vectorsInternal(), 0, input, 0, flat, 0, new Object[1], executor);
        } else {
            registry(n, lambda, forward.vectorsInternal(), input, flat);
        }
        return MatrixInput.rows(flat, n);
    }

    /**
     * The Hessian-vector product of {@code L(A) = <f(sym(A)), C>} along {@code tangent}
     * (docs/math.md section 10): the derivative of {@link #gradient} along sym(ADot),
     * {@code V H V^T} with {@code H_ij = sum_k f[2](l_i, l_k, l_j) (W_ik Z_kj + Z_ik W_kj)},
     * exact and finite at ties (double and triple). n = 2, 3, 4 run generated straight-line code
     * (one call of the generated f[2] per distinct triple of eigenvalues), other n generated
     * loops in O(n^3). A loss of the eigenvalues {@code sum_i h(lambda_i)} is the case C = I.
     *
     * @param forward the decomposition of M
     * @param c the matrix C of the loss (any n x n matrix; only sym(C) matters)
     * @param tangent ADot (any n x n matrix; only its symmetric part acts)
     * @return the derivative of dL/dA along ADot, n x n, symmetric
     */
    public double[][] hessianVector(SymmetricEigendecomposition forward, double[][] c, double[][] tangent) {
        if (forward == null) {
            throw new InvalidInputException(Problem.NULL, "forward (the decomposition) is null");
        }
        double[] lambda = forward.valuesInternal();
        int n = lambda.length;
        double[] cs = MatrixInput.matrixRowMajor(c, n, "functionBar");
        double[] t = MatrixInput.matrixRowMajor(tangent, n, "tangent");
        double[] v = forward.vectorsInternal();
        double[] flat = new double[n * n];
        switch (kind) {
            case SQRT -> RuleRegistry.sqrtHessian(n, lambda, 0, v, 0, cs, 0, t, 0, flat, 0);
            case INVERSE_SQRT -> RuleRegistry.invsqrtHessian(n, lambda, 0, v, 0, cs, 0, t, 0, flat, 0);
            case LOG -> RuleRegistry.logHessian(n, lambda, 0, v, 0, cs, 0, t, 0, flat, 0);
            case EXP -> RuleRegistry.expHessian(n, lambda, 0, v, 0, cs, 0, t, 0, flat, 0);
            case POWER -> RuleRegistry.powHessian(n, lambda, 0, v, 0, cs, 0, t, 0, flat, 0, p);
            case USER -> {
                checkedValues(lambda);
                user.hessianVector(n, lambda, v, cs, t, flat);
            }
        }
        return MatrixInput.rows(flat, n);
    }

    /**
     * {@code f[2](a, b, c)}, the generated second divided difference (symmetric; f''(a)/2 at a
     * triple tie), within a few units in the last place.
     *
     * @param a the first eigenvalue
     * @param b the second eigenvalue
     * @param c the third eigenvalue
     * @return f[2](a, b, c)
     */
    public double secondDividedDifference(double a, double b, double c) {
        return switch (kind) {
            case SQRT -> DividedDifferences.sqrtSecond(a, b, c);
            case INVERSE_SQRT -> DividedDifferences.invsqrtSecond(a, b, c);
            case LOG -> DividedDifferences.logSecond(a, b, c);
            case EXP -> DividedDifferences.expSecond(a, b, c);
            case POWER -> DividedDifferences.powSecond(a, b, c, p);
            case USER -> {
                user.checkDomain(0, a);
                user.checkDomain(1, b);
                user.checkDomain(2, c);
                yield user.second(a, b, c);
            }
        };
    }

    // ---- complex Hermitian matrices (docs/math.md section 13) ----

    /**
     * f(M) for a decomposed complex Hermitian M: {@code V diag(f(lambda)) V^H}, interleaved
     * (entry (i, j) has its real part at {@code 2 (i n + j)}, its imaginary part next to it),
     * Hermitian with a real diagonal. It does not depend on the phases of V.
     *
     * @param forward the decomposition of M
     * @return f(M) interleaved, 2 n^2 doubles
     */
    public double[] value(HermitianEigendecomposition forward) {
        HermitianFunctions.require(forward);
        double[] lambda = checkedValues(forward.valuesInternal());
        double[] f = new double[lambda.length];
        for (int k = 0; k < lambda.length; k++) {
            f[k] = apply(lambda[k]);
        }
        int n = lambda.length;
        double[] out = HermitianFunctions.synthesize(n, forward.vectorsInternal(), f);
        for (int k = 0; k < out.length; k++) {
            if (!Double.isFinite(out[k])) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, "f(M) of " + name() + " has the non-finite "
                        + "entry (" + k / 2 / n + ", " + k / 2 % n + ") with " + (k % 2 == 0 ? "real" : "imaginary")
                        + " part " + out[k] + "; the eigenvalues are beyond double range");
            }
        }
        return out;
    }

    /**
     * dL/dA of {@code L = Re <f(herm(A)), C>} for a complex Hermitian decomposition, where
     * {@code <X, Y> = sum conj(X_ij) Y_ij}: {@code V (f[1] o (V^H herm(C) V)) V^H}, exact and
     * finite at ties, in the convention {@code dL/dA = dL/dRe A + i dL/dIm A}. n = 2, 3, 4 run
     * generated straight-line classes ({@code MatrixFunction3SqrtComplex} and so on), other n
     * generated loops; a user's function runs the generated loops with its own f[1].
     *
     * <pre>{@code
     * HermitianEigendecomposition e = HermitianEigensolver.defaults().decompose(re, im);
     * double[] grad = MatrixFunction.log().gradient(e, c);   // d Re<log(M), C> / dA, interleaved
     * }</pre>
     *
     * @param forward the decomposition of M
     * @param c C interleaved (2 n^2; any complex matrix, only herm(C) matters)
     * @return dL/dA interleaved, Hermitian
     */
    public double[] gradient(HermitianEigendecomposition forward, double[] c) {
        HermitianFunctions.require(forward);
        return daleckiiKrein(forward, HermitianFunctions.input(forward, c, "functionBar"));
    }

    /**
     * {@link #gradient(HermitianEigendecomposition, double[])} with C given by its real and
     * imaginary parts as rows.
     *
     * @param forward the decomposition of M
     * @param cRe the real part of C, n x n
     * @param cIm the imaginary part of C, n x n
     * @return dL/dA interleaved, Hermitian
     */
    public double[] gradient(HermitianEigendecomposition forward, double[][] cRe, double[][] cIm) {
        HermitianFunctions.require(forward);
        return daleckiiKrein(forward, HermitianFunctions.input(forward, cRe, cIm, "functionBar"));
    }

    /**
     * The Frechet derivative of f at a decomposed complex Hermitian M along {@code herm(tangent)}:
     * {@code V (f[1] o (V^H herm(ADot) V)) V^H}, exact and finite at ties. The map is
     * self-adjoint for {@code Re <., .>}, so this is the gradient's generated code applied to the
     * tangent: {@code Re <C, derivative(ADot)> = Re <gradient(C), ADot>} for all C and ADot.
     *
     * @param forward the decomposition of M
     * @param tangent ADot interleaved (2 n^2; only its Hermitian part acts)
     * @return the derivative of f(M) interleaved, Hermitian
     */
    public double[] derivative(HermitianEigendecomposition forward, double[] tangent) {
        HermitianFunctions.require(forward);
        return daleckiiKrein(forward, HermitianFunctions.input(forward, tangent, "tangent"));
    }

    /**
     * {@link #derivative(HermitianEigendecomposition, double[])} with ADot given by its real and
     * imaginary parts as rows.
     *
     * @param forward the decomposition of M
     * @param tangentRe the real part of ADot, n x n
     * @param tangentIm the imaginary part of ADot, n x n
     * @return the derivative of f(M) interleaved, Hermitian
     */
    public double[] derivative(HermitianEigendecomposition forward, double[][] tangentRe, double[][] tangentIm) {
        HermitianFunctions.require(forward);
        return daleckiiKrein(forward, HermitianFunctions.input(forward, tangentRe, tangentIm, "tangent"));
    }

    /** The complex Daleckii-Krein map of the checked interleaved {@code x} by the generated classes. */
    private double[] daleckiiKrein(HermitianEigendecomposition forward, double[] x) {
        int n = forward.size();
        double[] lambda = forward.valuesInternal(); // the generated classes check the domain
        double[] v = forward.vectorsInternal();
        double[] out = new double[2 * n * n];
        switch (kind) {
            case SQRT -> RuleRegistry.sqrtComplex(n, lambda, 0, v, 0, x, 0, out, 0);
            case INVERSE_SQRT -> RuleRegistry.invsqrtComplex(n, lambda, 0, v, 0, x, 0, out, 0);
            case LOG -> RuleRegistry.logComplex(n, lambda, 0, v, 0, x, 0, out, 0);
            case EXP -> RuleRegistry.expComplex(n, lambda, 0, v, 0, x, 0, out, 0);
            case POWER -> RuleRegistry.powComplex(n, lambda, 0, v, 0, x, 0, out, 0, p);
            case USER -> {
                checkedValues(lambda);
                MatrixFunctionGeneralCallbackComplex.gradient(n, lambda, 0, v, 0, x, 0, out, 0, user, null);
            }
        }
        return out;
    }

    // ---- single precision (docs/math.md section 11) ----

    /**
     * f(M) for a float problem, {@code V diag(f(lambda)) V^T} in float with the float f of
     * {@code DividedDifferencesFloat} (within 8 float ulps per eigenvalue).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending (n), in the domain of f
     * @param vectors V row-major (n*n, column j is eigenvector j)
     * @param out receives f(M) row-major (n*n, symmetric)
     */
    public void value(int n, float[] values, float[] vectors, float[] out) {
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        FloatRuleSupport.check("values", values, 0, n, false);
        FloatRuleSupport.check("vectors", vectors, 0, (long) n * n, false);
        FloatRuleSupport.check("out", out, 0, (long) n * n, false);
        requireDouble();
        FloatFunctionSupport.checkFiniteFunction(n, values, 0, vectors, 0, vectors, 0); // values, then vectors
        checkedValues(FloatRuleSupport.widen(values, 0, n));
        float[] f = new float[n];
        float q = (float) p;
        for (int k = 0; k < n; k++) {
            float x = values[k];
            f[k] = switch (kind) {
                case SQRT -> DividedDifferencesFloat.sqrt(x);
                case INVERSE_SQRT -> DividedDifferencesFloat.invsqrt(x);
                case LOG -> DividedDifferencesFloat.log(x);
                case EXP -> DividedDifferencesFloat.exp(x);
                case POWER -> DividedDifferencesFloat.pow(x, q);
                case USER -> throw new IllegalStateException("refused above");
            };
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                float s = 0;
                for (int k = 0; k < n; k++) {
                    s += vectors[i * n + k] * f[k] * vectors[j * n + k];
                }
                out[i * n + j] = s;
                out[j * n + i] = s;
            }
        }
        for (int k = 0; k < n * n; k++) {
            if (!Float.isFinite(out[k])) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, "f(M) of " + name() + " has the non-finite "
                        + "entry (" + k / n + ", " + k % n + ") = " + out[k] + "; the eigenvalues are beyond float "
                        + "range for " + name() + " (use double)");
            }
        }
    }

    /**
     * dL/dA of {@code L = <f(sym(A)), C>} for a float problem, by the generated float classes
     * ({@code MatrixFunction3SqrtFloat}, ..., general n in loops): arithmetic in float, the
     * divided differences of {@code DividedDifferencesFloat}, exact and finite at ties. The
     * power of x^p is rounded to float.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending (n)
     * @param vectors V row-major (n*n, column j is eigenvector j)
     * @param c C row-major (n*n, any matrix; only sym(C) matters)
     * @param gradient receives dL/dA row-major (n*n, symmetric)
     */
    public void gradient(int n, float[] values, float[] vectors, float[] c, float[] gradient) {
        registry(n, values, vectors, c, gradient);
    }

    /**
     * The Frechet derivative of f along {@code sym(tangent)} for a float problem: the map of
     * {@link #gradient(int, float[], float[], float[], float[])} applied to the tangent (it is
     * self-adjoint).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending (n)
     * @param vectors V row-major (n*n, column j is eigenvector j)
     * @param tangent ADot row-major (n*n, any matrix; only its symmetric part acts)
     * @param derivative receives the derivative of f(M) row-major (n*n, symmetric)
     */
    public void derivative(int n, float[] values, float[] vectors, float[] tangent, float[] derivative) {
        registry(n, values, vectors, tangent, derivative);
    }

    /**
     * The Hessian-vector product of {@code <f(sym(A)), C>} along {@code tangent} for a float
     * problem, by the generated float classes.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending (n)
     * @param vectors V row-major (n*n, column j is eigenvector j)
     * @param c C row-major (n*n, any matrix; only sym(C) matters)
     * @param tangent ADot row-major (n*n, any matrix; only its symmetric part acts)
     * @param gradientDot receives the derivative of dL/dA along ADot, row-major (n*n, symmetric)
     */
    public void hessianVector(int n, float[] values, float[] vectors, float[] c, float[] tangent,
            float[] gradientDot) {
        requireDouble();
        float q = (float) p;
        switch (kind) {
            case SQRT -> RuleRegistry.sqrtHessianFloat(n, values, 0, vectors, 0, c, 0, tangent, 0, gradientDot, 0);
            case INVERSE_SQRT -> RuleRegistry.invsqrtHessianFloat(n, values, 0, vectors, 0, c, 0, tangent, 0,
                    gradientDot, 0);
            case LOG -> RuleRegistry.logHessianFloat(n, values, 0, vectors, 0, c, 0, tangent, 0, gradientDot, 0);
            case EXP -> RuleRegistry.expHessianFloat(n, values, 0, vectors, 0, c, 0, tangent, 0, gradientDot, 0);
            case POWER -> RuleRegistry.powHessianFloat(n, values, 0, vectors, 0, c, 0, tangent, 0, gradientDot, 0, q);
            case USER -> throw new IllegalStateException("refused above");
        }
    }

    private void registry(int n, float[] lambda, float[] v, float[] c, float[] out) {
        requireDouble();
        float q = (float) p;
        switch (kind) {
            case SQRT -> RuleRegistry.sqrtFloat(n, lambda, 0, v, 0, c, 0, out, 0);
            case INVERSE_SQRT -> RuleRegistry.invsqrtFloat(n, lambda, 0, v, 0, c, 0, out, 0);
            case LOG -> RuleRegistry.logFloat(n, lambda, 0, v, 0, c, 0, out, 0);
            case EXP -> RuleRegistry.expFloat(n, lambda, 0, v, 0, c, 0, out, 0);
            case POWER -> RuleRegistry.powFloat(n, lambda, 0, v, 0, c, 0, out, 0, q);
            case USER -> throw new IllegalStateException("refused above");
        }
    }

    /** The generated class for n and this function (straight-line for 2, 3, 4; loops otherwise), into {@code out}. */
    void registry(int n, double[] lambda, double[] v, double[] c, double[] out) {
        registry(n, lambda, 0, v, 0, c, 0, out, 0);
    }

    /** As above, each array from its offset; a user's function, which takes whole arrays, gets copies. */
    private void registry(int n, double[] lambda, int lo, double[] v, int vo, double[] c, int co, double[] out,
            int oo) {
        switch (kind) {
            case SQRT -> RuleRegistry.sqrt(n, lambda, lo, v, vo, c, co, out, oo);
            case INVERSE_SQRT -> RuleRegistry.invsqrt(n, lambda, lo, v, vo, c, co, out, oo);
            case LOG -> RuleRegistry.log(n, lambda, lo, v, vo, c, co, out, oo);
            case EXP -> RuleRegistry.exp(n, lambda, lo, v, vo, c, co, out, oo);
            case POWER -> RuleRegistry.pow(n, lambda, lo, v, vo, c, co, out, oo, p);
            case USER -> {
                double[] l = range(lambda, lo, n);
                double[] g = oo == 0 && out.length == n * n ? out : new double[n * n];
                user.gradient(n, checkedValues(l), range(v, vo, n * n), range(c, co, n * n), g);
                if (g != out) {
                    System.arraycopy(g, 0, out, oo, n * n);
                }
            }
        }
    }

    /** {@code a[offset .. offset + length)}: a itself when that is all of it. */
    private static double[] range(double[] a, int offset, int length) {
        return offset == 0 && a.length == length ? a : Arrays.copyOfRange(a, offset, offset + length);
    }

    /** Users' functions are double only (their series and switches are placed for double's rounding). */
    private void requireDouble() {
        if (kind == Kind.USER) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "the user's function " + user.name()
                    + " is double precision only; call the double methods");
        }
    }

    /** {@code lambda}, checked for the domain of f itself. */
    private double[] checkedValues(double[] lambda) {
        for (int k = 0; k < lambda.length; k++) {
            checkedValue(k, lambda[k]);
        }
        return lambda;
    }

    /** Eigenvalue k, {@code x}, refused outside the domain of f itself (sqrt: >= 0; invsqrt, log, pow: > 0). */
    private void checkedValue(int k, double x) {
        if (kind == Kind.USER) {
            user.checkDomain(k, x);
            return;
        }
        boolean ok = kind == Kind.EXP || (kind == Kind.SQRT ? x >= 0 : x > 0);
        if (!ok) {
            throw new InvalidInputException(Problem.OUT_OF_RANGE, name() + " needs eigenvalues "
                    + (kind == Kind.SQRT ? ">= 0" : "> 0") + ", but eigenvalue " + k + " is " + x
                    + " (a small epsilon on the diagonal lifts round-off below zero)");
        }
    }

    /**
     * f(M) together with its pullback, for code written against an autodiff tape (the
     * "rrule" of ChainRules): {@code value()} is f(M), {@code pullback(C)} the gradient of
     * {@code <f(sym(A)), C>}; {@code pushforward(ADot)} and {@code hessianVector(C, ADot)} give
     * forward mode and second order from the same decomposition.
     *
     * @param forward the decomposition of M
     * @return f(M) with its pullback
     */
    public Rrule rrule(SymmetricEigendecomposition forward) {
        return new Rrule(this, forward, value(forward));
    }

    /**
     * {@link #rrule(SymmetricEigendecomposition)} of {@code sym(a)}, decomposed by
     * {@link SymmetricEigensolver#defaults()}.
     *
     * @param a the matrix, as rows
     * @return f(M) with its pullback
     */
    public Rrule rrule(double[][] a) {
        return rrule(SymmetricEigensolver.defaults().decompose(a));
    }

    /** f(M) with its pullback (see {@link MatrixFunction#rrule}). Immutable. */
    public static final class Rrule {
        private final MatrixFunction f;
        private final SymmetricEigendecomposition forward;
        private final double[][] value;

        private Rrule(MatrixFunction f, SymmetricEigendecomposition forward, double[][] value) {
            this.f = f;
            this.forward = forward;
            this.value = value;
        }

        /**
         * f(M).
         *
         * @return f(M), n x n, a fresh copy
         */
        public double[][] value() {
            double[][] copy = new double[value.length][];
            for (int i = 0; i < value.length; i++) {
                copy[i] = value[i].clone();
            }
            return copy;
        }

        /**
         * The decomposition f(M) was computed from.
         *
         * @return the decomposition of M
         */
        public SymmetricEigendecomposition decomposition() {
            return forward;
        }

        /**
         * The gradient of {@code <f(sym(A)), C>}.
         *
         * @param c the cotangent C of f(M) (any n x n matrix; only sym(C) matters)
         * @return dL/dA, n x n, symmetric
         */
        public double[][] pullback(double[][] c) {
            return f.gradient(forward, c);
        }

        /**
         * The pushforward (the "frule" direction): the Frechet derivative of f(M) along
         * sym(tangent), by the same decomposition.
         *
         * @param tangent ADot (any n x n matrix; only its symmetric part acts)
         * @return the derivative of f(M), n x n, symmetric
         */
        public double[][] pushforward(double[][] tangent) {
            return f.derivative(forward, tangent);
        }

        /**
         * The derivative of {@link #pullback} along sym(tangent): a Hessian-vector product.
         *
         * @param c the cotangent C of f(M)
         * @param tangent ADot
         * @return the derivative of the gradient of {@code <f(sym(A)), C>}, n x n, symmetric
         */
        public double[][] hessianVector(double[][] c, double[][] tangent) {
            return f.hessianVector(forward, c, tangent);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.POWER ? "pow(" + p + ")" : kind == Kind.USER ? user.toString() : name();
    }
}
