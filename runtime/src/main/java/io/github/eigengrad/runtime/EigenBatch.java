package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import java.util.concurrent.Executor;

/**
 * Decomposes, pulls back and pushes forward many matrices of one size n stored in flat arrays,
 * with the options of an {@link EigenGradient}. Layout, for {@code count} matrices (matrix b at
 * block b):
 *
 * <ul>
 *   <li>{@code matrices}, {@code vectors}, {@code vectorsBar}, {@code gradients}, {@code tangents},
 *       {@code vectorsDot}: {@code count} consecutive blocks of n*n doubles, each row-major
 *       (vectors: column j is eigenvector j);
 *   <li>{@code values}, {@code valuesBar}, {@code valuesDot}: {@code count} blocks of n doubles;
 *   <li>{@code reports} (optional): {@code count} blocks of 4 doubles: shift, K used (-1 for
 *       analytic), largest r^K, gradient bound (-1 for analytic).
 * </ul>
 *
 * <p>Work is split into chunks; each chunk reuses one dispatcher, report and (for {@code n > 4})
 * workspace, so for {@code n <= 4} nothing is allocated per matrix (the general solver for {@code n > 4}
 * allocates its O(n^2) working arrays per matrix). Chunks run on the calling thread, or on a
 * caller-supplied {@link Executor} (e.g. a {@code ForkJoinPool}; any executor works, including
 * one that rejects or discards tasks, see {@link ChunkRunner}: the calling thread runs every
 * chunk the executor has not started, no chunk runs after the call returns, and an interrupt
 * cancels the chunks not yet started and throws {@link java.util.concurrent.CancellationException}).
 * Results are identical to
 * {@link EigenGradient} on each matrix. Array lengths are checked before any work; matrices
 * chunk by chunk, before the chunk's forward pass; cotangents matrix by matrix, before the
 * matrix's pullback. A problem in matrix b is reported naming b, and the outputs of other
 * matrices may have been written by then; with an executor, the first failing chunk's
 * problem is thrown after all chunks finish. The analytic method with masking does not
 * collect warnings in a batch.
 */
public final class EigenBatch {
    /** Matrices per chunk, by default. */
    public static final int DEFAULT_CHUNK_SIZE = 1024;

    private static final VectorKernel3 LANES = VectorKernel3.load();
    private static final FloatVectorKernel3 FLOAT_LANES = FloatVectorKernel3.load();

    private final EigenGradient options;
    private final Executor executor;
    private final int chunkSize;
    private final boolean vectorLanes;

    private EigenBatch(EigenGradient options, Executor executor, int chunkSize, boolean vectorLanes) {
        this.options = options;
        this.executor = executor;
        this.chunkSize = chunkSize;
        this.vectorLanes = vectorLanes;
    }

    /**
     * A batch with these options, on the calling thread, scalar (see {@link #withVectorLanes}).
     *
     * @param options the pullback options for every matrix
     * @return a batch with these options
     */
    public static EigenBatch of(EigenGradient options) {
        if (options == null) {
            throw new InvalidInputException(InvalidInputException.Problem.NULL, "options (the EigenGradient) is null");
        }
        return new EigenBatch(options, null, DEFAULT_CHUNK_SIZE, false);
    }

    /**
     * The same batch, running its chunks on {@code executor} (null: the calling thread).
     *
     * @param executor the executor to run chunks on, or null for the calling thread
     * @return a batch like this one, on {@code executor}
     */
    public EigenBatch withExecutor(Executor executor) {
        return new EigenBatch(options, executor, chunkSize, vectorLanes);
    }

    /**
     * The same batch with {@code chunkSize} matrices per chunk (>= 1).
     *
     * @param chunkSize matrices per chunk, at least 1
     * @return a batch like this one, with {@code chunkSize} matrices per chunk
     */
    public EigenBatch withChunkSize(int chunkSize) {
        if (chunkSize < 1) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "chunkSize must be >= 1, got " + chunkSize);
        }
        return new EigenBatch(options, executor, chunkSize, vectorLanes);
    }

    /**
     * The same batch, allowed ({@code true}) or not (the default) to run 3x3 work on SIMD lanes.
     * Lanes are used only where {@link #vectorLanesAvailable()}; the results are the same bit
     * for bit either way. Enable them for long-running jobs only: the lane code runs slowly
     * until the JIT has compiled it. Measured in a fresh JVM, a first call of 200,000 matrices
     * took 4.2 us per matrix on lanes against 0.34 us scalar, and the lanes save about 60 ns
     * per matrix once compiled (70 against 130 ns), so they pay off after some ten million
     * matrices (docs/performance.md).
     *
     * @param enabled whether 3x3 work may run on SIMD lanes
     * @return a batch like this one, with lanes allowed or not
     */
    public EigenBatch withVectorLanes(boolean enabled) {
        return new EigenBatch(options, executor, chunkSize, enabled);
    }

    /**
     * True if this JVM runs with the incubating module {@code jdk.incubator.vector}
     * ({@code --add-modules jdk.incubator.vector}): then 3x3 forward passes, and 3x3
     * power-iteration pullbacks without reports, run several matrices per instruction
     * (docs/performance.md).
     *
     * @return whether SIMD lanes can be used in this JVM
     */
    public static boolean vectorLanesAvailable() {
        return LANES != null;
    }

    /** Whether n x n work of this batch runs on SIMD lanes (tests). */
    boolean lanesFor(int n) {
        return lanes(n);
    }

    private boolean lanes(int n) {
        return vectorLanes && LANES != null && n == 3;
    }

    private boolean pullbackLanes(int n, double[] reports) {
        return lanes(n) && reports == null && options.method() == EigenGradient.Method.POWER_ITERATION;
    }

    /**
     * The forward pass of every matrix: writes {@code values} and {@code vectors}.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrix (n x n), at least 1
     * @param matrices the matrices, n*n doubles each, row-major
     * @param values the eigenvalues of every matrix, n each, descending
     * @param vectors V of every matrix, n*n each, row-major (column j is eigenvector j)
     */
    public void decompose(int count, int n, double[] matrices, double[] values, double[] vectors) {
        checkShape(count, n);
        require("matrices", matrices, (long) count * n * n, false);
        require("values", values, (long) count * n, false);
        require("vectors", vectors, (long) count * n * n, false);
        run(count, (from, to) -> forward(from, to, n, matrices, values, vectors));
    }

    /**
     * The pullback of every matrix from its forward result and cotangents (either may be null:
     * zero); writes {@code gradients} and, if not null, {@code reports}.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues of every matrix, n each, descending
     * @param vectors V of every matrix, n*n each, row-major (column j is eigenvector j)
     * @param valuesBar dL/dlambda of every matrix, n each, or null for zero
     * @param vectorsBar dL/dV of every matrix, n*n each, row-major, or null for zero
     * @param gradients receives dL/dA of every matrix, n*n doubles each
     * @param reports receives 4 numbers per matrix (shift, K used or -1, largest r^K, bound or -1), or null
     */
    public void pullback(int count, int n, double[] values, double[] vectors, double[] valuesBar, double[] vectorsBar,
            double[] gradients, double[] reports) {
        checkPullback(count, n, values, vectors, valuesBar, vectorsBar, gradients, reports);
        run(count, (from, to) -> backward(from, to, n, values, vectors, valuesBar, vectorsBar, gradients, reports));
    }

    /**
     * Forward and pullback in one pass over the data: the same results as the two calls.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrix (n x n), at least 1
     * @param matrices the matrices, n*n doubles each, row-major
     * @param valuesBar dL/dlambda of every matrix, n each, or null for zero
     * @param vectorsBar dL/dV of every matrix, n*n each, row-major, or null for zero
     * @param values the eigenvalues of every matrix, n each, descending
     * @param vectors V of every matrix, n*n each, row-major (column j is eigenvector j)
     * @param gradients receives dL/dA of every matrix, n*n doubles each
     * @param reports receives 4 numbers per matrix (shift, K used or -1, largest r^K, bound or -1), or null
     */
    public void decomposeAndPullback(int count, int n, double[] matrices, double[] valuesBar, double[] vectorsBar,
            double[] values, double[] vectors, double[] gradients, double[] reports) {
        checkPullback(count, n, values, vectors, valuesBar, vectorsBar, gradients, reports);
        require("matrices", matrices, (long) count * n * n, false);
        run(count, (from, to) -> {
            if (pullbackLanes(n, reports)) {
                RuleDispatch dispatch = new RuleDispatch(options.pullbackOptions(), n);
                PullbackReport report = new PullbackReport();
                LANES.decomposeAndPullback(matrices, from, to - from, options.solver().epsilon(),
                        options.solver().symmetryTolerance(), values, vectors, valuesBar, options.eigenvalueTerm(),
                        vectorsBar, gradients, options.iterations(),
                        b -> backward(b, n, dispatch, report, values, vectors, valuesBar, vectorsBar, gradients, null));
                return;
            }
            forward(from, to, n, matrices, values, vectors);
            backward(from, to, n, values, vectors, valuesBar, vectorsBar, gradients, reports);
        });
    }

    /**
     * The generalised problem for every pair (A, B) (docs/math.md section 12): the forward pass
     * and the pullback to dL/dA and dL/dB, the same results as {@link EigenGradient#decompose(double[][],
     * double[][])} and {@link EigenGradient#pullback(GeneralizedEigendecomposition, double[], double[])}
     * for each pair, chunked over the executor if one is set.
     *
     * @param count the number of pairs (>= 0)
     * @param n the size (n x n), at least 1
     * @param matricesA the matrices A, n*n doubles each, row-major
     * @param matricesB the matrices B (symmetric positive definite), n*n doubles each
     * @param valuesBar dL/dlambda of every pair, n each, or null for zero
     * @param vectorsBar dL/dV of every pair, n*n each, or null for zero
     * @param values receives the eigenvalues, n each, descending
     * @param vectors receives the B-orthonormal V, n*n each, row-major
     * @param gradients receives dL/dA, n*n each
     * @param gradientsB receives dL/dB, n*n each
     */
    public void decomposeAndPullbackGeneralized(int count, int n, double[] matricesA, double[] matricesB,
            double[] valuesBar, double[] vectorsBar, double[] values, double[] vectors, double[] gradients,
            double[] gradientsB) {
        checkShape(count, n);
        long nn = (long) n * n;
        require("matricesA", matricesA, count * nn, false);
        require("matricesB", matricesB, count * nn, false);
        require("valuesBar", valuesBar, (long) count * n, true);
        require("vectorsBar", vectorsBar, count * nn, true);
        require("values", values, (long) count * n, false);
        require("vectors", vectors, count * nn, false);
        require("gradients", gradients, count * nn, false);
        require("gradientsB", gradientsB, count * nn, false);
        run(count, (from, to) -> {
            // n = 2 to 4: the straight-line forward pass and the fused generated pullback into the
            // caller's arrays, through scratch held for the chunk (nothing allocated per pair)
            boolean small = n >= 2 && n <= 4;
            GeneralizedEigensolver.Small scratch = small ? new GeneralizedEigensolver.Small(n) : null;
            RuleDispatch dispatch = new RuleDispatch(options.pullbackOptions(), n);
            for (int p = from; p < to; p++) {
                int m = p * n * n;
                try {
                    if (small) {
                        options.generalizedSolver().decomposeInto(matricesA, m, matricesB, m, scratch, values, p * n,
                                vectors, m);
                    } else {
                        GeneralizedEigendecomposition e = options.decompose(
                                java.util.Arrays.copyOfRange(matricesA, m, m + n * n),
                                java.util.Arrays.copyOfRange(matricesB, m, m + n * n), n);
                        System.arraycopy(e.valuesInternal(), 0, values, p * n, n);
                        System.arraycopy(e.vectorsInternal(), 0, vectors, m, n * n);
                    }
                } catch (InvalidInputException x) {
                    throw new InvalidInputException(x.problem(), "matrix " + p + ": " + x.getMessage());
                }
                backwardGeneralized(p, n, dispatch, values, vectors, valuesBar, vectorsBar, gradients, gradientsB);
            }
        });
    }

    /**
     * A matrix function of every matrix (docs/math.md section 7), the forward half of covariance
     * pooling or whitening: the forward pass with this batch's solver options, then
     * {@code f(M) = V f(Lambda) V^T}. Each matrix gets exactly what
     * {@link SymmetricEigensolver#decompose} and {@link MatrixFunction#value(SymmetricEigendecomposition)}
     * give it; scratch is held per chunk. A matrix outside f's domain is named by its index.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size (n x n), at least 1
     * @param f the matrix function
     * @param matrices the matrices, n*n doubles each, row-major
     * @param values receives the eigenvalues, n each, descending
     * @param vectors receives V, n*n each, row-major (column j is eigenvector j)
     * @param functionValues receives f(M), n*n each, row-major, symmetric
     */
    public void decomposeAndApply(int count, int n, MatrixFunction f, double[] matrices, double[] values,
            double[] vectors, double[] functionValues) {
        checkShape(count, n);
        requireFunction(f);
        long nn = (long) n * n;
        require("matrices", matrices, count * nn, false);
        require("values", values, (long) count * n, false);
        require("vectors", vectors, count * nn, false);
        require("functionValues", functionValues, count * nn, false);
        run(count, (from, to) -> {
            forward(from, to, n, matrices, values, vectors);
            FunctionSynthesis synthesis = new FunctionSynthesis(n);
            double[] scratch = new double[n];
            for (int b = from; b < to; b++) {
                try {
                    f.valueInto(n, values, b * n, vectors, b * n * n, functionValues, b * n * n, synthesis, scratch);
                } catch (InvalidInputException x) {
                    throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
                }
            }
        });
    }

    /**
     * The exact gradient of {@code <f(sym(A)), C>} for every matrix from its decomposition (the
     * backward half of covariance pooling): what {@link MatrixFunction#gradient(SymmetricEigendecomposition,
     * double[][])} gives each, by the same generated classes, with their general-n workspace held
     * per chunk instead of allocated per matrix. A matrix whose eigenvalues are outside f's
     * domain or not finite is named by its index.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size (n x n), at least 1
     * @param f the matrix function
     * @param values the eigenvalues of every matrix, n each, descending
     * @param vectors V of every matrix, n*n each, row-major
     * @param functionBars C of every matrix, n*n each (any matrix; only sym(C) matters)
     * @param gradients receives dL/dA, n*n each, symmetric
     */
    public void functionGradient(int count, int n, MatrixFunction f, double[] values, double[] vectors,
            double[] functionBars, double[] gradients) {
        checkShape(count, n);
        requireFunction(f);
        long nn = (long) n * n;
        require("values", values, (long) count * n, false);
        require("vectors", vectors, count * nn, false);
        require("functionBars", functionBars, count * nn, false);
        require("gradients", gradients, count * nn, false);
        run(count, (from, to) -> {
            Object[] workspace = new Object[1];
            for (int b = from; b < to; b++) {
                try {
                    f.gradientInto(n, values, b * n, vectors, b * n * n, functionBars, b * n * n, gradients, b * n * n,
                            workspace);
                } catch (InvalidInputException x) {
                    throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
                }
            }
        });
    }

    private static void requireFunction(MatrixFunction f) {
        if (f == null) {
            throw new InvalidInputException(Problem.NULL, "the matrix function is null");
        }
    }

    /**
     * Complex Hermitian matrices (docs/math.md section 13): the forward pass and the pullback of
     * every matrix, the same results as {@link EigenGradient#decomposeHermitian(double[], int)} and
     * {@link EigenGradient#pullback(HermitianEigendecomposition, double[], double[])} for each,
     * chunked over the executor if one is set. Matrices are interleaved (re, im) row-major,
     * 2 n^2 doubles each; a bad matrix is named by its index.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size (n x n), at least 1
     * @param matrices the matrices, 2 n^2 doubles each, interleaved
     * @param valuesBar dL/dlambda of every matrix, n each, or null for zero
     * @param vectorsBar dL/dV of every matrix, 2 n^2 each, interleaved, or null for zero
     * @param values receives the eigenvalues, n each, descending
     * @param vectors receives V in the phase gauge, 2 n^2 each, interleaved
     * @param gradients receives dL/dA, 2 n^2 each, interleaved
     */
    public void decomposeAndPullbackHermitian(int count, int n, double[] matrices, double[] valuesBar,
            double[] vectorsBar, double[] values, double[] vectors, double[] gradients) {
        checkShape(count, n);
        long nn = 2L * n * n;
        require("matrices", matrices, count * nn, false);
        require("valuesBar", valuesBar, (long) count * n, true);
        require("vectorsBar", vectorsBar, count * nn, true);
        require("values", values, (long) count * n, false);
        require("vectors", vectors, count * nn, false);
        require("gradients", gradients, count * nn, false);
        int block = 2 * n * n;
        run(count, (from, to) -> {
            for (int p = from; p < to; p++) {
                int m = p * block;
                try {
                    HermitianEigendecomposition e = options.decomposeHermitian(
                            java.util.Arrays.copyOfRange(matrices, m, m + block), n);
                    HermitianPullbackResult r = options.pullback(e,
                            valuesBar == null ? null : java.util.Arrays.copyOfRange(valuesBar, p * n, p * n + n),
                            vectorsBar == null ? null : java.util.Arrays.copyOfRange(vectorsBar, m, m + block));
                    System.arraycopy(e.valuesInternal(), 0, values, p * n, n);
                    System.arraycopy(e.vectorsInternal(), 0, vectors, m, block);
                    System.arraycopy(r.gradientInterleaved(), 0, gradients, m, block);
                } catch (DegenerateSpectrumException x) {
                    throw x.inMatrix(p);
                } catch (InvalidInputException x) {
                    throw new InvalidInputException(x.problem(), "matrix " + p + ": " + x.getMessage());
                }
            }
        });
    }

    /** The generalised pullback of pair b into the flat arrays, errors naming the pair. */
    private void backwardGeneralized(int b, int n, RuleDispatch dispatch, double[] values, double[] vectors,
            double[] valuesBar, double[] vectorsBar, double[] gradients, double[] gradientsB) {
        checkCotangentValues(b, n, valuesBar, vectorsBar);
        try {
            if (options.method() == EigenGradient.Method.ANALYTIC) {
                options.checkDegeneracy(values, b * n, n, null);
            }
            dispatch.pullbackGeneralized(values, b * n, vectors, b * n * n, valuesBar, b * n, vectorsBar, b * n * n,
                    gradients, b * n * n, gradientsB, b * n * n, null);
        } catch (DegenerateSpectrumException x) {
            throw x.inMatrix(b);
        } catch (InvalidInputException x) {
            throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
        }
    }

    /** The forward passes of matrices [from, to): 3x3 in stages over the range, other sizes one by one. */
    private void forward(int from, int to, int n, double[] matrices, double[] values, double[] vectors) {
        if (lanes(n)) {
            LANES.decompose(matrices, from, to - from, options.solver().epsilon(),
                    options.solver().symmetryTolerance(), values, vectors);
            return;
        }
        if (n == 3) {
            SmallBatch3.decompose(matrices, 9 * from, to - from, options.solver().epsilon(),
                    options.solver().symmetryTolerance(), values, 3 * from, vectors, 9 * from,
                    SmallBatch3.chunk(to - from), from);
            return;
        }
        for (int b = from; b < to; b++) {
            forward(b, n, matrices, values, vectors);
        }
    }

    private void forward(int b, int n, double[] matrices, double[] values, double[] vectors) {
        try {
            if (n >= 2 && n <= 4) {
                SmallEigensolver.decompose(n, matrices, b * n * n, options.solver().epsilon(),
                        options.solver().symmetryTolerance(), values, b * n, vectors, b * n * n);
            } else {
                SymmetricEigendecomposition e = options.solver().decompose(
                        java.util.Arrays.copyOfRange(matrices, b * n * n, (b + 1) * n * n), n);
                System.arraycopy(e.valuesInternal(), 0, values, b * n, n);
                System.arraycopy(e.vectorsInternal(), 0, vectors, b * n * n, n * n);
            }
        } catch (InvalidInputException x) {
            throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
        }
    }

    /** The pullbacks of matrices [from, to). */
    private void backward(int from, int to, int n, double[] values, double[] vectors, double[] valuesBar,
            double[] vectorsBar, double[] gradients, double[] reports) {
        RuleDispatch dispatch = new RuleDispatch(options.pullbackOptions(), n);
        PullbackReport report = new PullbackReport();
        if (pullbackLanes(n, reports)) {
            LANES.pullback(from, to - from, values, vectors, valuesBar, options.eigenvalueTerm(), vectorsBar,
                    gradients, options.iterations(),
                    b -> backward(b, n, dispatch, report, values, vectors, valuesBar, vectorsBar, gradients, null));
            return;
        }
        for (int b = from; b < to; b++) {
            backward(b, n, dispatch, report, values, vectors, valuesBar, vectorsBar, gradients, reports);
        }
    }

    private void backward(int b, int n, RuleDispatch dispatch, PullbackReport report, double[] values, double[] vectors,
            double[] valuesBar, double[] vectorsBar, double[] gradients, double[] reports) {
        checkCotangentValues(b, n, valuesBar, vectorsBar);
        try {
            if (options.method() == EigenGradient.Method.ANALYTIC) {
                options.checkDegeneracy(values, b * n, n, null);
            }
            // the report costs transcendental calls per pair: computed only when asked for
            dispatch.pullback(values, b * n, vectors, b * n * n, valuesBar, b * n, vectorsBar, b * n * n, gradients,
                    b * n * n, reports != null ? report : null);
        } catch (DegenerateSpectrumException x) {
            throw x.inMatrix(b);
        } catch (InvalidInputException x) {
            throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
        }
        if (reports != null) {
            reports[4 * b] = report.shift();
            reports[4 * b + 1] = report.iterationsUsed();
            reports[4 * b + 2] = report.maxPairError();
            reports[4 * b + 3] = report.gradientBound();
        }
    }

    /** A range of matrices [from, to). */
    private interface Chunk {
        void run(int from, int to);
    }

    private void run(int count, Chunk chunk) {
        if (executor == null || count <= chunkSize) {
            for (int from = 0; from < count; from += chunkSize) {
                chunk.run(from, Math.min(count, from + chunkSize));
            }
            return;
        }
        ChunkRunner.run(executor, count, chunkSize, chunk::run);
    }

    /**
     * {@link #pullback(int, int, double[], double[], double[], double[], double[], double[])}
     * without reports.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrices
     * @param values the eigenvalues of every matrix, n each, descending
     * @param vectors V of every matrix, n*n each, row-major (column j is eigenvector j)
     * @param valuesBar dL/dlambda of every matrix, n each, or null for zero
     * @param vectorsBar dL/dV of every matrix, n*n each, row-major, or null for zero
     * @param gradients receives dL/dA of every matrix, n*n each
     */
    public void pullback(int count, int n, double[] values, double[] vectors, double[] valuesBar, double[] vectorsBar,
            double[] gradients) {
        pullback(count, n, values, vectors, valuesBar, vectorsBar, gradients, (double[]) null);
    }

    /**
     * {@link #pullback(int, int, double[], double[], double[], double[], double[], double[])}
     * with the reports returned as a typed view.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrices
     * @param values the eigenvalues of every matrix, n each, descending
     * @param vectors V of every matrix, n*n each, row-major (column j is eigenvector j)
     * @param valuesBar dL/dlambda of every matrix, n each, or null for zero
     * @param vectorsBar dL/dV of every matrix, n*n each, row-major, or null for zero
     * @param gradients receives dL/dA of every matrix, n*n each
     * @return the report of every matrix
     */
    public BatchReports pullbackWithReports(int count, int n, double[] values, double[] vectors, double[] valuesBar,
            double[] vectorsBar, double[] gradients) {
        BatchReports reports = BatchReports.allocate(Math.max(count, 0));
        pullback(count, n, values, vectors, valuesBar, vectorsBar, gradients, reports.array());
        return reports;
    }

    /**
     * {@link #decomposeAndPullback(int, int, double[], double[], double[], double[], double[], double[], double[])}
     * without reports.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrices
     * @param matrices the matrices, n*n doubles each, row-major
     * @param valuesBar dL/dlambda of every matrix, n each, or null for zero
     * @param vectorsBar dL/dV of every matrix, n*n each, row-major, or null for zero
     * @param values receives the eigenvalues of every matrix, n each, descending
     * @param vectors receives V of every matrix, n*n each, row-major
     * @param gradients receives dL/dA of every matrix, n*n each
     */
    public void decomposeAndPullback(int count, int n, double[] matrices, double[] valuesBar, double[] vectorsBar,
            double[] values, double[] vectors, double[] gradients) {
        decomposeAndPullback(count, n, matrices, valuesBar, vectorsBar, values, vectors, gradients, (double[]) null);
    }

    /**
     * {@link #decomposeAndPullback(int, int, double[], double[], double[], double[], double[], double[], double[])}
     * with the reports returned as a typed view.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrices
     * @param matrices the matrices, n*n doubles each, row-major
     * @param valuesBar dL/dlambda of every matrix, n each, or null for zero
     * @param vectorsBar dL/dV of every matrix, n*n each, row-major, or null for zero
     * @param values receives the eigenvalues of every matrix, n each, descending
     * @param vectors receives V of every matrix, n*n each, row-major
     * @param gradients receives dL/dA of every matrix, n*n each
     * @return the report of every matrix
     */
    public BatchReports decomposeAndPullbackWithReports(int count, int n, double[] matrices, double[] valuesBar,
            double[] vectorsBar, double[] values, double[] vectors, double[] gradients) {
        BatchReports reports = BatchReports.allocate(Math.max(count, 0));
        decomposeAndPullback(count, n, matrices, valuesBar, vectorsBar, values, vectors, gradients, reports.array());
        return reports;
    }

    /**
     * The pushforward of every matrix (forward mode, docs/math.md section 9) from its forward
     * result and its tangent {@code ADot} (null: zero); writes {@code valuesDot},
     * {@code vectorsDot} and, if not null, {@code reports} (shift, K used or -1, largest r^K,
     * the bound on ||VDot||_F or -1). Equal to {@link EigenGradient#pushforward} on each matrix.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues of every matrix, n each, descending
     * @param vectors V of every matrix, n*n each, row-major (column j is eigenvector j)
     * @param tangents ADot of every matrix, n*n each, row-major (only sym(ADot) acts), or null for zero
     * @param valuesDot receives the eigenvalue tangents of every matrix, n each
     * @param vectorsDot receives the tangent of V of every matrix, n*n each (column j is that of v_j)
     * @param reports receives 4 numbers per matrix, or null
     */
    public void pushforward(int count, int n, double[] values, double[] vectors, double[] tangents, double[] valuesDot,
            double[] vectorsDot, double[] reports) {
        checkPushforward(count, n, values, vectors, tangents, valuesDot, vectorsDot, reports);
        run(count, (from, to) -> tangents(from, to, n, values, vectors, tangents, valuesDot, vectorsDot, reports));
    }

    /**
     * Forward pass and pushforward in one pass over the data: the same results as
     * {@link #decompose} then {@link #pushforward}.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrix (n x n), at least 1
     * @param matrices the matrices, n*n doubles each, row-major
     * @param tangents ADot of every matrix, n*n each, row-major, or null for zero
     * @param values receives the eigenvalues of every matrix, n each, descending
     * @param vectors receives V of every matrix, n*n each, row-major
     * @param valuesDot receives the eigenvalue tangents of every matrix, n each
     * @param vectorsDot receives the tangent of V of every matrix, n*n each
     * @param reports receives 4 numbers per matrix, or null
     */
    public void decomposeAndPushforward(int count, int n, double[] matrices, double[] tangents, double[] values,
            double[] vectors, double[] valuesDot, double[] vectorsDot, double[] reports) {
        checkPushforward(count, n, values, vectors, tangents, valuesDot, vectorsDot, reports);
        require("matrices", matrices, (long) count * n * n, false);
        run(count, (from, to) -> {
            forward(from, to, n, matrices, values, vectors);
            tangents(from, to, n, values, vectors, tangents, valuesDot, vectorsDot, reports);
        });
    }

    /** The pushforwards of matrices [from, to), one dispatcher and report per chunk. */
    private void tangents(int from, int to, int n, double[] values, double[] vectors, double[] tangents,
            double[] valuesDot, double[] vectorsDot, double[] reports) {
        RuleDispatch dispatch = new RuleDispatch(options.pullbackOptions(), n);
        PushforwardReport report = new PushforwardReport();
        for (int b = from; b < to; b++) {
            checkFinite("tangents", tangents, b, n * n);
            try {
                if (options.method() == EigenGradient.Method.ANALYTIC) {
                    options.checkDegeneracy(values, b * n, n, null);
                }
                dispatch.pushforward(values, b * n, vectors, b * n * n, tangents, b * n * n, valuesDot, b * n,
                        vectorsDot, b * n * n, reports != null ? report : null);
            } catch (DegenerateSpectrumException x) {
                throw x.inMatrix(b);
            } catch (InvalidInputException x) {
                throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
            }
            if (reports != null) {
                reports[4 * b] = report.shift();
                reports[4 * b + 1] = report.iterationsUsed();
                reports[4 * b + 2] = report.maxPairError();
                reports[4 * b + 3] = report.vectorsDotBound();
            }
        }
    }

    // ---- single precision (docs/math.md section 11): float arrays, float rules, scalar ----

    /**
     * The float forward pass of every matrix ({@link SymmetricEigensolver#decompose(float[], int, float[],
     * float[])}): the layout of the double method with floats.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrix (n x n), at least 1
     * @param matrices the matrices, n*n floats each, row-major
     * @param values receives the eigenvalues of every matrix, n each, descending
     * @param vectors receives V of every matrix, n*n each, row-major (column j is eigenvector j)
     */
    public void decompose(int count, int n, float[] matrices, float[] values, float[] vectors) {
        checkShape(count, n);
        FloatBatch.require("matrices", matrices, (long) count * n * n, false);
        FloatBatch.require("values", values, (long) count * n, false);
        FloatBatch.require("vectors", vectors, (long) count * n * n, false);
        FloatBatch floats = floatBatch(n);
        run(count, (from, to) -> floats.forward(from, to, n, matrices, values, vectors));
    }

    /** The float work of this batch: on lanes for 3x3 where allowed and available. */
    private FloatBatch floatBatch(int n) {
        return new FloatBatch(options, vectorLanes && FLOAT_LANES != null && n == 3 ? FLOAT_LANES : null);
    }

    /**
     * The float pullback of every matrix by the generated float rule of the method
     * ({@link EigenGradient#pullback(int, float[], float[], float[], float[], float[])}).
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues of every matrix, n each, descending
     * @param vectors V of every matrix, n*n each, row-major (column j is eigenvector j)
     * @param valuesBar dL/dlambda of every matrix, n each, or null for zero
     * @param vectorsBar dL/dV of every matrix, n*n each, row-major, or null for zero
     * @param gradients receives dL/dA of every matrix, n*n floats each
     */
    public void pullback(int count, int n, float[] values, float[] vectors, float[] valuesBar, float[] vectorsBar,
            float[] gradients) {
        checkFloatPullback(count, n, values, vectors, valuesBar, vectorsBar, gradients);
        FloatBatch floats = floatBatch(n);
        run(count, (from, to) -> floats.backward(from, to, n, values, vectors, valuesBar, vectorsBar, gradients));
    }

    /**
     * The float forward pass and pullback in one pass over the data.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrix (n x n), at least 1
     * @param matrices the matrices, n*n floats each, row-major
     * @param valuesBar dL/dlambda of every matrix, n each, or null for zero
     * @param vectorsBar dL/dV of every matrix, n*n each, row-major, or null for zero
     * @param values receives the eigenvalues of every matrix, n each, descending
     * @param vectors receives V of every matrix, n*n each, row-major
     * @param gradients receives dL/dA of every matrix, n*n floats each
     */
    public void decomposeAndPullback(int count, int n, float[] matrices, float[] valuesBar, float[] vectorsBar,
            float[] values, float[] vectors, float[] gradients) {
        checkFloatPullback(count, n, values, vectors, valuesBar, vectorsBar, gradients);
        FloatBatch.require("matrices", matrices, (long) count * n * n, false);
        FloatBatch floats = floatBatch(n);
        run(count, (from, to) -> floats.forwardAndBackward(from, to, n, matrices, valuesBar, vectorsBar, values,
                vectors, gradients));
    }

    /**
     * The float pushforward of every matrix by the generated float rule of the method.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues of every matrix, n each, descending
     * @param vectors V of every matrix, n*n each, row-major (column j is eigenvector j)
     * @param tangents ADot of every matrix, n*n each, row-major (only sym(ADot) acts), or null for zero
     * @param valuesDot receives the eigenvalue tangents of every matrix, n each
     * @param vectorsDot receives the tangent of V of every matrix, n*n each
     */
    public void pushforward(int count, int n, float[] values, float[] vectors, float[] tangents, float[] valuesDot,
            float[] vectorsDot) {
        checkFloatPushforward(count, n, values, vectors, tangents, valuesDot, vectorsDot);
        FloatBatch floats = floatBatch(n);
        run(count, (from, to) -> floats.tangents(from, to, n, values, vectors, tangents, valuesDot, vectorsDot));
    }

    /**
     * The float forward pass and pushforward in one pass over the data.
     *
     * @param count the number of matrices (>= 0)
     * @param n the size of the matrix (n x n), at least 1
     * @param matrices the matrices, n*n floats each, row-major
     * @param tangents ADot of every matrix, n*n each, row-major, or null for zero
     * @param values receives the eigenvalues of every matrix, n each, descending
     * @param vectors receives V of every matrix, n*n each, row-major
     * @param valuesDot receives the eigenvalue tangents of every matrix, n each
     * @param vectorsDot receives the tangent of V of every matrix, n*n each
     */
    public void decomposeAndPushforward(int count, int n, float[] matrices, float[] tangents, float[] values,
            float[] vectors, float[] valuesDot, float[] vectorsDot) {
        checkFloatPushforward(count, n, values, vectors, tangents, valuesDot, vectorsDot);
        FloatBatch.require("matrices", matrices, (long) count * n * n, false);
        FloatBatch floats = floatBatch(n);
        run(count, (from, to) -> {
            floats.forward(from, to, n, matrices, values, vectors);
            floats.tangents(from, to, n, values, vectors, tangents, valuesDot, vectorsDot);
        });
    }

    private static void checkFloatPullback(int count, int n, float[] values, float[] vectors, float[] valuesBar,
            float[] vectorsBar, float[] gradients) {
        checkShape(count, n);
        FloatBatch.require("values", values, (long) count * n, false);
        FloatBatch.require("vectors", vectors, (long) count * n * n, false);
        FloatBatch.require("valuesBar", valuesBar, (long) count * n, true);
        FloatBatch.require("vectorsBar", vectorsBar, (long) count * n * n, true);
        FloatBatch.require("gradients", gradients, (long) count * n * n, false);
    }

    private static void checkFloatPushforward(int count, int n, float[] values, float[] vectors, float[] tangents,
            float[] valuesDot, float[] vectorsDot) {
        checkShape(count, n);
        FloatBatch.require("values", values, (long) count * n, false);
        FloatBatch.require("vectors", vectors, (long) count * n * n, false);
        FloatBatch.require("tangents", tangents, (long) count * n * n, true);
        FloatBatch.require("valuesDot", valuesDot, (long) count * n, false);
        FloatBatch.require("vectorsDot", vectorsDot, (long) count * n * n, false);
    }

    private static void checkPushforward(int count, int n, double[] values, double[] vectors, double[] tangents,
            double[] valuesDot, double[] vectorsDot, double[] reports) {
        checkShape(count, n);
        require("values", values, (long) count * n, false);
        require("vectors", vectors, (long) count * n * n, false);
        require("tangents", tangents, (long) count * n * n, true);
        require("valuesDot", valuesDot, (long) count * n, false);
        require("vectorsDot", vectorsDot, (long) count * n * n, false);
        require("reports", reports, 4L * count, true);
    }

    /** The shape, the arrays of a pullback and the cotangents' values, before any work. */
    private static void checkPullback(int count, int n, double[] values, double[] vectors, double[] valuesBar,
            double[] vectorsBar, double[] gradients, double[] reports) {
        checkShape(count, n);
        require("values", values, (long) count * n, false);
        require("vectors", vectors, (long) count * n * n, false);
        require("valuesBar", valuesBar, (long) count * n, true);
        require("vectorsBar", vectorsBar, (long) count * n * n, true);
        require("gradients", gradients, (long) count * n * n, false);
        require("reports", reports, 4L * count, true);
    }

    private static void checkShape(int count, int n) {
        if (count < 0) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "count must be >= 0, got " + count);
        }
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        if ((long) count * n * n > Integer.MAX_VALUE) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, count + " matrices of " + n + " x " + n
                    + " do not fit in one Java array");
        }
    }

    private static void require(String name, double[] array, long needed, boolean optional) {
        GeneratedRuleSupport.check(name, array, 0, needed, optional);
    }

    /**
     * The cotangents of matrix b are finite (dL/dlambda, then dL/dV): checked just before its
     * pullback, when they are read anyway. The SIMD lanes test the cotangents they gather and
     * send a group with one that is not to this check, matrix by matrix.
     */
    private static void checkCotangentValues(int b, int n, double[] valuesBar, double[] vectorsBar) {
        checkFinite("valuesBar", valuesBar, b, n);
        checkFinite("vectorsBar", vectorsBar, b, n * n);
    }

    private static void checkFinite(String name, double[] array, int b, int block) {
        if (array == null) {
            return;
        }
        for (int k = 0; k < block; k++) {
            double x = array[b * block + k];
            if (!Double.isFinite(x)) {
                throw new InvalidInputException(Problem.NOT_FINITE, "matrix " + b + ": " + name + " entry " + k + " is "
                        + x + "; entries must be finite");
            }
        }
    }
}
