package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;

/**
 * The checks of generated complex Hermitian rules (docs/math.md section 13), as
 * {@link GeneratedRuleSupport} has them for real ones: the values and their cotangent or tangent
 * real (n each), the matrices interleaved (2 n^2 doubles: entry (i, j) has its real part at
 * {@code 2 (i n + j)}, its imaginary part next to it). Every refusal names the array, the entry
 * and the part.
 */
public final class ComplexRuleSupport {
    private ComplexRuleSupport() {}

    /**
     * The arrays of a complex pullback: values (n), vectors (2 n^2), optional valuesBar (n) and
     * vectorsBar (2 n^2), gradient (2 n^2), each from its offset.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V interleaved, from {@code vectorsOffset}
     * @param vectorsOffset the index of the real part of V[0][0] in {@code vectors}
     * @param valuesBar dL/dlambda from {@code valuesBarOffset}, or null for zero
     * @param valuesBarOffset the index of the first entry of {@code valuesBar}
     * @param vectorsBar dL/dV interleaved from {@code vectorsBarOffset}, or null for zero
     * @param vectorsBarOffset the index of its first entry
     * @param gradient receives dL/dA interleaved, from {@code gradientOffset}
     * @param gradientOffset the index of its first entry
     */
    public static void checkArrays(int n, double[] values, int valuesOffset, double[] vectors, int vectorsOffset,
            double[] valuesBar, int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset, double[] gradient,
            int gradientOffset) {
        long nn = checkSize(n);
        GeneratedRuleSupport.check("values", values, valuesOffset, n, false);
        GeneratedRuleSupport.check("vectors", vectors, vectorsOffset, nn, false);
        GeneratedRuleSupport.check("valuesBar", valuesBar, valuesBarOffset, n, true);
        GeneratedRuleSupport.check("vectorsBar", vectorsBar, vectorsBarOffset, nn, true);
        GeneratedRuleSupport.check("gradient", gradient, gradientOffset, nn, false);
    }

    /**
     * The arrays of a complex pushforward: values (n), vectors (2 n^2), optional tangent
     * (2 n^2), valuesDot (n), vectorsDot (2 n^2), each from its offset.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V interleaved, from {@code vectorsOffset}
     * @param vectorsOffset the index of its first entry
     * @param tangent ADot interleaved from {@code tangentOffset}, or null for zero
     * @param tangentOffset the index of its first entry
     * @param valuesDot receives the eigenvalue tangents, from {@code valuesDotOffset}
     * @param valuesDotOffset the index of its first entry
     * @param vectorsDot receives the eigenvector tangents interleaved, from {@code vectorsDotOffset}
     * @param vectorsDotOffset the index of its first entry
     */
    public static void checkPushforwardArrays(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] tangent, int tangentOffset, double[] valuesDot, int valuesDotOffset,
            double[] vectorsDot, int vectorsDotOffset) {
        long nn = checkSize(n);
        GeneratedRuleSupport.check("values", values, valuesOffset, n, false);
        GeneratedRuleSupport.check("vectors", vectors, vectorsOffset, nn, false);
        GeneratedRuleSupport.check("tangent", tangent, tangentOffset, nn, true);
        GeneratedRuleSupport.check("valuesDot", valuesDot, valuesDotOffset, n, false);
        GeneratedRuleSupport.check("vectorsDot", vectorsDot, vectorsDotOffset, nn, false);
    }

    /**
     * The arrays of a complex matrix-function gradient: values (n), vectors, functionBar and
     * gradient (2 n^2 each), each from its offset.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V interleaved, from {@code vectorsOffset}
     * @param vectorsOffset the index of its first entry
     * @param functionBar C interleaved, from {@code functionBarOffset}
     * @param functionBarOffset the index of its first entry
     * @param gradient receives dL/dA interleaved, from {@code gradientOffset}
     * @param gradientOffset the index of its first entry
     */
    public static void checkFunctionArrays(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] functionBar, int functionBarOffset, double[] gradient, int gradientOffset) {
        long nn = checkSize(n);
        GeneratedRuleSupport.check("values", values, valuesOffset, n, false);
        GeneratedRuleSupport.check("vectors", vectors, vectorsOffset, nn, false);
        GeneratedRuleSupport.check("functionBar", functionBar, functionBarOffset, nn, false);
        GeneratedRuleSupport.check("gradient", gradient, gradientOffset, nn, false);
    }

    /**
     * The inputs of a complex matrix-function gradient finite, else {@link Problem#NOT_FINITE}
     * naming the first non-finite entry and its part.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue
     * @param vectors V interleaved, from {@code vectorsOffset}
     * @param vectorsOffset the index of its first entry
     * @param functionBar C interleaved, from {@code functionBarOffset}
     * @param functionBarOffset the index of its first entry
     */
    public static void checkFiniteFunction(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] functionBar, int functionBarOffset) {
        real("values", values, valuesOffset, n);
        complex("vectors", vectors, vectorsOffset, n);
        complex("functionBar", functionBar, functionBarOffset, n);
    }

    private static long checkSize(int n) {
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        return 2L * n * n;
    }

    /**
     * The inputs of a complex pullback finite, else {@link Problem#NOT_FINITE} naming the first
     * non-finite entry and its part.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue
     * @param vectors V interleaved, from {@code vectorsOffset}
     * @param vectorsOffset the index of its first entry
     * @param valuesBar dL/dlambda, or null
     * @param valuesBarOffset the index of its first entry
     * @param vectorsBar dL/dV interleaved, or null
     * @param vectorsBarOffset the index of its first entry
     */
    public static void checkFinite(int n, double[] values, int valuesOffset, double[] vectors, int vectorsOffset,
            double[] valuesBar, int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset) {
        real("values", values, valuesOffset, n);
        complex("vectors", vectors, vectorsOffset, n);
        real("valuesBar", valuesBar, valuesBarOffset, n);
        complex("vectorsBar", vectorsBar, vectorsBarOffset, n);
    }

    /**
     * The inputs of a complex pushforward finite, else {@link Problem#NOT_FINITE} naming the
     * first non-finite entry and its part.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue
     * @param vectors V interleaved, from {@code vectorsOffset}
     * @param vectorsOffset the index of its first entry
     * @param tangent ADot interleaved, or null
     * @param tangentOffset the index of its first entry
     */
    public static void checkFiniteTangent(int n, double[] values, int valuesOffset, double[] vectors, int vectorsOffset,
            double[] tangent, int tangentOffset) {
        real("values", values, valuesOffset, n);
        complex("vectors", vectors, vectorsOffset, n);
        complex("tangent", tangent, tangentOffset, n);
    }

    /**
     * The gradient a complex pullback wrote is finite, else {@link Problem#OUT_OF_RANGE}.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param gradient dL/dA interleaved, from {@code gradientOffset}
     * @param gradientOffset the index of its first entry
     */
    public static void checkGradient(int n, double[] gradient, int gradientOffset) {
        output("the gradient", gradient, gradientOffset, n);
    }

    /**
     * The tangents a complex pushforward wrote are finite, else {@link Problem#OUT_OF_RANGE}.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param valuesDot the eigenvalue tangents, from {@code valuesDotOffset}
     * @param valuesDotOffset the index of its first entry
     * @param vectorsDot the eigenvector tangents interleaved, from {@code vectorsDotOffset}
     * @param vectorsDotOffset the index of its first entry
     */
    public static void checkPushforward(int n, double[] valuesDot, int valuesDotOffset, double[] vectorsDot,
            int vectorsDotOffset) {
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(valuesDot[valuesDotOffset + k])) {
                throw outOfRange("the pushforward's valuesDot entry " + k + " is " + valuesDot[valuesDotOffset + k]);
            }
        }
        output("the pushforward's vectorsDot", vectorsDot, vectorsDotOffset, n);
    }

    private static void real(String name, double[] a, int offset, int n) {
        if (a == null) {
            return;
        }
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(a[offset + k])) {
                throw new InvalidInputException(Problem.NOT_FINITE, name + " entry " + k + " is " + a[offset + k]
                        + "; entries must be finite");
            }
        }
    }

    private static void complex(String name, double[] a, int offset, int n) {
        if (a == null) {
            return;
        }
        for (int k = 0; k < 2 * n * n; k++) {
            if (!Double.isFinite(a[offset + k])) {
                throw new InvalidInputException(Problem.NOT_FINITE, name + " entry (" + k / 2 / n + ", " + k / 2 % n
                        + ") has " + (k % 2 == 0 ? "real" : "imaginary") + " part " + a[offset + k]
                        + "; entries must be finite");
            }
        }
    }

    private static void output(String what, double[] a, int offset, int n) {
        for (int k = 0; k < 2 * n * n; k++) {
            if (!Double.isFinite(a[offset + k])) {
                throw outOfRange(what + " entry (" + k / 2 / n + ", " + k / 2 % n + ") has " + (k % 2 == 0 ? "real"
                        : "imaginary") + " part " + a[offset + k]);
            }
        }
    }

    private static InvalidInputException outOfRange(String what) {
        return new InvalidInputException(Problem.OUT_OF_RANGE, what + ": the cotangents, the tangent or the "
                + "eigenvalue gaps are beyond double precision (scale them down; for the analytic method, a tie needs "
                + "masking)");
    }
}
