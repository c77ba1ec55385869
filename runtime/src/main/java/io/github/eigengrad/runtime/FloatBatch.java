package io.github.eigengrad.runtime;

/**
 * The per-matrix work of the float methods of {@link EigenBatch} on a range of matrices
 * (docs/math.md section 11): the float forward pass of {@link FloatSolvers} and the
 * generated float rules through one {@link RuleDispatch} per range, or, given the lanes, the
 * 3x3 forward pass and power-iteration pullback on SIMD lanes with the same results bit for
 * bit. A problem in matrix b is rethrown naming b.
 */
final class FloatBatch {
    private final EigenGradient options;
    private final FloatVectorKernel3 lanes;

    /** @param lanes the float SIMD lanes for 3x3 work, or null for scalar */
    FloatBatch(EigenGradient options, FloatVectorKernel3 lanes) {
        this.options = options;
        this.lanes = lanes;
    }

    /** The forward passes of matrices [from, to). */
    void forward(int from, int to, int n, float[] matrices, float[] values, float[] vectors) {
        if (lanes != null && n == 3) {
            lanes.decompose(matrices, from, to - from, (float) options.solver().epsilon(),
                    options.solver().symmetryTolerance(), values, vectors, b -> forward(b, n, matrices, values, vectors));
            return;
        }
        for (int b = from; b < to; b++) {
            forward(b, n, matrices, values, vectors);
        }
    }

    private void forward(int b, int n, float[] matrices, float[] values, float[] vectors) {
        SymmetricEigensolver solver = options.solver();
        try {
            if (n >= 2 && n <= 4) {
                float maxAbs = n == 3 ? FloatSolvers.check3(matrices, 9 * b, solver.symmetryTolerance())
                        : FloatSolvers.check(matrices, b * n * n, n, solver.symmetryTolerance());
                FloatSolvers.decomposeSmall(n, matrices, b * n * n, maxAbs, (float) solver.epsilon(), values, b * n,
                        vectors, b * n * n);
            } else {
                float[] v = new float[n];
                float[] w = new float[n * n];
                solver.decompose(java.util.Arrays.copyOfRange(matrices, b * n * n, (b + 1) * n * n), n, v, w);
                System.arraycopy(v, 0, values, b * n, n);
                System.arraycopy(w, 0, vectors, b * n * n, n * n);
            }
        } catch (InvalidInputException x) {
            throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
        }
    }

    /** The forward passes and pullbacks of matrices [from, to): on lanes in one pass where they serve. */
    void forwardAndBackward(int from, int to, int n, float[] matrices, float[] valuesBar, float[] vectorsBar,
            float[] values, float[] vectors, float[] gradients) {
        if (lanes != null && n == 3 && options.method() == EigenGradient.Method.POWER_ITERATION) {
            RuleDispatch dispatch = new RuleDispatch(options.pullbackOptions(), n);
            double[] wide = new double[n];
            lanes.decomposeAndPullback(matrices, from, to - from, (float) options.solver().epsilon(),
                    options.solver().symmetryTolerance(), values, vectors, valuesBar, options.eigenvalueTerm(),
                    vectorsBar, gradients, options.iterations(), b -> forward(b, n, matrices, values, vectors),
                    b -> backward(b, n, dispatch, wide, values, vectors, valuesBar, vectorsBar, gradients));
            return;
        }
        forward(from, to, n, matrices, values, vectors);
        backward(from, to, n, values, vectors, valuesBar, vectorsBar, gradients);
    }

    /** The pullbacks of matrices [from, to). */
    void backward(int from, int to, int n, float[] values, float[] vectors, float[] valuesBar, float[] vectorsBar,
            float[] gradients) {
        RuleDispatch dispatch = new RuleDispatch(options.pullbackOptions(), n);
        double[] wide = new double[n];
        if (lanes != null && n == 3 && options.method() == EigenGradient.Method.POWER_ITERATION) {
            lanes.pullback(from, to - from, values, vectors, valuesBar, options.eigenvalueTerm(), vectorsBar, gradients,
                    options.iterations(), b -> backward(b, n, dispatch, wide, values, vectors, valuesBar, vectorsBar,
                            gradients));
            return;
        }
        for (int b = from; b < to; b++) {
            backward(b, n, dispatch, wide, values, vectors, valuesBar, vectorsBar, gradients);
        }
    }

    private void backward(int b, int n, RuleDispatch dispatch, double[] wide, float[] values, float[] vectors,
            float[] valuesBar, float[] vectorsBar, float[] gradients) {
        try {
            checkDegeneracy(b, n, values, wide);
            dispatch.pullback(values, b * n, vectors, b * n * n, valuesBar, b * n, vectorsBar, b * n * n, gradients,
                    b * n * n, null);
        } catch (DegenerateSpectrumException x) {
            throw x.inMatrix(b);
        } catch (InvalidInputException x) {
            throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
        }
    }

    /** The pushforwards of matrices [from, to). */
    void tangents(int from, int to, int n, float[] values, float[] vectors, float[] tangents, float[] valuesDot,
            float[] vectorsDot) {
        RuleDispatch dispatch = new RuleDispatch(options.pullbackOptions(), n);
        double[] wide = new double[n];
        for (int b = from; b < to; b++) {
            try {
                checkDegeneracy(b, n, values, wide);
                dispatch.pushforward(values, b * n, vectors, b * n * n, tangents, b * n * n, valuesDot, b * n,
                        vectorsDot, b * n * n, null);
            } catch (DegenerateSpectrumException x) {
                throw x.inMatrix(b);
            } catch (InvalidInputException x) {
                throw new InvalidInputException(x.problem(), "matrix " + b + ": " + x.getMessage());
            }
        }
    }

    /** The analytic method's tie check of matrix b, on its eigenvalues widened into {@code wide}. */
    private void checkDegeneracy(int b, int n, float[] values, double[] wide) {
        if (options.method() == EigenGradient.Method.ANALYTIC) {
            options.checkDegeneracy(FloatRuleSupport.widen(values, b * n, n, wide), 0, n,
                    options.floatDegeneracyTolerance(), null);
        }
    }

    /** {@code array} has {@code needed} entries (or is null and optional), else the problem named. */
    static void require(String name, float[] array, long needed, boolean optional) {
        FloatRuleSupport.check(name, array, 0, needed, optional);
    }
}
