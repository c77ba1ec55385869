package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;

/**
 * What the generated float matrix-function classes call (docs/math.md section 11): the
 * argument checks of {@link GeneratedRuleSupport} for {@code float[]} arrays. The checks that
 * fail name the entry as the double ones do (they widen the arrays, exactly, to use them).
 */
public final class FloatFunctionSupport {
    private FloatFunctionSupport() {}

    /**
     * The arrays of a float matrix-function gradient of size n: values (n), vectors,
     * functionBar and gradient (n*n).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param functionBar C row-major, from {@code functionBarOffset}
     * @param functionBarOffset the index of C[0][0] in {@code functionBar}
     * @param gradient dL/dA row-major, from {@code gradientOffset}
     * @param gradientOffset the index of the first entry of {@code gradient}
     */
    public static void checkFunctionArrays(int n, float[] values, int valuesOffset, float[] vectors, int vectorsOffset,
            float[] functionBar, int functionBarOffset, float[] gradient, int gradientOffset) {
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        long nn = (long) n * n;
        check("values", values, valuesOffset, n);
        check("vectors", vectors, vectorsOffset, nn);
        check("functionBar", functionBar, functionBarOffset, nn);
        check("gradient", gradient, gradientOffset, nn);
    }

    /**
     * The arrays of a float Hessian-vector product of size n: values (n), vectors,
     * functionBar, tangent and gradientDot (n*n).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param functionBar C row-major, from {@code functionBarOffset}
     * @param functionBarOffset the index of C[0][0] in {@code functionBar}
     * @param tangent ADot row-major, from {@code tangentOffset}
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     * @param gradientDot the derivative of the gradient, row-major, from {@code gradientDotOffset}
     * @param gradientDotOffset the index of its first entry
     */
    public static void checkHessianArrays(int n, float[] values, int valuesOffset, float[] vectors, int vectorsOffset,
            float[] functionBar, int functionBarOffset, float[] tangent, int tangentOffset, float[] gradientDot,
            int gradientDotOffset) {
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        long nn = (long) n * n;
        check("values", values, valuesOffset, n);
        check("vectors", vectors, vectorsOffset, nn);
        check("functionBar", functionBar, functionBarOffset, nn);
        check("tangent", tangent, tangentOffset, nn);
        check("gradientDot", gradientDot, gradientDotOffset, nn);
    }

    private static void check(String name, float[] array, int offset, long needed) {
        FloatRuleSupport.check(name, array, offset, needed, false);
    }

    /**
     * The inputs of a float matrix-function gradient finite, else {@link Problem#NOT_FINITE}
     * naming the first that is not.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param functionBar C row-major, from {@code functionBarOffset}
     * @param functionBarOffset the index of C[0][0] in {@code functionBar}
     */
    public static void requireFiniteFunctionInputs(int n, float[] values, int valuesOffset, float[] vectors,
            int vectorsOffset, float[] functionBar, int functionBarOffset) {
        int nn = n * n;
        GeneratedRuleSupport.requireFiniteFunctionInputs(n, FloatRuleSupport.widen(values, valuesOffset, n), 0,
                FloatRuleSupport.widen(vectors, vectorsOffset, nn), 0,
                FloatRuleSupport.widen(functionBar, functionBarOffset, nn), 0);
    }

    /**
     * {@link #requireFiniteFunctionInputs}, for general-n classes.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param functionBar C row-major, from {@code functionBarOffset}
     * @param functionBarOffset the index of C[0][0] in {@code functionBar}
     */
    public static void checkFiniteFunction(int n, float[] values, int valuesOffset, float[] vectors,
            int vectorsOffset, float[] functionBar, int functionBarOffset) {
        int nn = n * n;
        if (FloatRuleSupport.probe(values, valuesOffset, n) + FloatRuleSupport.probe(vectors, vectorsOffset, nn)
                + FloatRuleSupport.probe(functionBar, functionBarOffset, nn) != 0) {
            requireFiniteFunctionInputs(n, values, valuesOffset, vectors, vectorsOffset, functionBar,
                    functionBarOffset);
        }
    }

    /**
     * The inputs of a float Hessian-vector product finite, else {@link Problem#NOT_FINITE}
     * naming the first that is not.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param functionBar C row-major, from {@code functionBarOffset}
     * @param functionBarOffset the index of C[0][0] in {@code functionBar}
     * @param tangent ADot row-major, from {@code tangentOffset}
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     */
    public static void requireFiniteHessianInputs(int n, float[] values, int valuesOffset, float[] vectors,
            int vectorsOffset, float[] functionBar, int functionBarOffset, float[] tangent, int tangentOffset) {
        int nn = n * n;
        GeneratedRuleSupport.requireFiniteHessianInputs(n, FloatRuleSupport.widen(values, valuesOffset, n), 0,
                FloatRuleSupport.widen(vectors, vectorsOffset, nn), 0,
                FloatRuleSupport.widen(functionBar, functionBarOffset, nn), 0,
                FloatRuleSupport.widen(tangent, tangentOffset, nn), 0);
    }

    /**
     * {@link #requireFiniteHessianInputs}, for general-n classes.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param functionBar C row-major, from {@code functionBarOffset}
     * @param functionBarOffset the index of C[0][0] in {@code functionBar}
     * @param tangent ADot row-major, from {@code tangentOffset}
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     */
    public static void checkFiniteHessian(int n, float[] values, int valuesOffset, float[] vectors,
            int vectorsOffset, float[] functionBar, int functionBarOffset, float[] tangent, int tangentOffset) {
        int nn = n * n;
        if (FloatRuleSupport.probe(values, valuesOffset, n) + FloatRuleSupport.probe(vectors, vectorsOffset, nn)
                + FloatRuleSupport.probe(functionBar, functionBarOffset, nn)
                + FloatRuleSupport.probe(tangent, tangentOffset, nn) != 0) {
            requireFiniteHessianInputs(n, values, valuesOffset, vectors, vectorsOffset, functionBar, functionBarOffset,
                    tangent, tangentOffset);
        }
    }

    /**
     * The domain of sqrt, invsqrt, log and pow: n finite values > 0.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param function the function's name, for the message
     */
    public static void checkPositive(int n, float[] values, int valuesOffset, String function) {
        for (int k = 0; k < n; k++) {
            if (!(values[valuesOffset + k] > 0) || !(values[valuesOffset + k] < Float.POSITIVE_INFINITY)) {
                GeneratedRuleSupport.checkPositive(n, FloatRuleSupport.widen(values, valuesOffset, n), 0, function);
            }
        }
    }

    /**
     * Every entry written finite, else {@link Problem#OUT_OF_RANGE} naming the first that is
     * not (as {@link FloatRuleSupport#checkGradient}).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param gradient the output row-major, from {@code gradientOffset}
     * @param gradientOffset the index of its first entry
     */
    public static void checkGradient(int n, float[] gradient, int gradientOffset) {
        FloatRuleSupport.checkGradient(n, gradient, gradientOffset);
    }
}
