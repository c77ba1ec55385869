package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.RuleConstants;
import java.util.concurrent.Executor;

/**
 * Argument checks that generated pullback rules call before any arithmetic, so a wrong array
 * or parameter is an {@link InvalidInputException} naming it, never an
 * {@code ArrayIndexOutOfBoundsException} from deep inside generated code or a silent NaN.
 */
public final class GeneratedRuleSupport {
    private GeneratedRuleSupport() {}

    /** From this n a generated rule whose workspace has an executor splits its products by rows. */
    public static final int PARALLEL_ROWS_FROM = 256;

    /** A range of rows of a product in a generated rule. */
    @FunctionalInterface
    public interface RowRange {
        /**
         * Computes rows [from, to).
         *
         * @param from the first row
         * @param to one past the last row
         */
        void run(int from, int to);
    }

    /**
     * Runs {@code rows(0, n)}: with an executor and n from {@link #PARALLEL_ROWS_FROM}, as two
     * ranges split at an even row (rows paired from row 0 stay paired), one on the executor
     * and one on the calling thread, which also runs a range the executor has not started.
     * Each row is computed as it would be in one range, so the result is the same to the bit.
     *
     * @param executor the executor, or null
     * @param n the number of rows
     * @param rows the product's rows
     */
    public static void rows(Executor executor, int n, RowRange rows) {
        ChunkRunner.inTwo(n < PARALLEL_ROWS_FROM ? null : executor, n, (n / 2) & ~1, rows::run);
    }

    /**
     * Checks the arrays of one pullback of size n: values (n), vectors (n*n), optional
     * valuesBar (n) and vectorsBar (n*n), gradient (n*n), each from its offset.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param valuesBar dL/dlambda from {@code valuesBarOffset}, or null for zero
     * @param valuesBarOffset the index of the first entry of {@code valuesBar}
     * @param vectorsBar dL/dV row-major from {@code vectorsBarOffset}, or null for zero
     * @param vectorsBarOffset the index of the first entry of {@code vectorsBar}
     * @param gradient dL/dA row-major, from {@code gradientOffset}
     * @param gradientOffset the index of the first entry of {@code gradient}
     */
    public static void checkArrays(int n, double[] values, int valuesOffset, double[] vectors, int vectorsOffset,
            double[] valuesBar, int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset, double[] gradient,
            int gradientOffset) {
        checkArrayLengths(n, length(values), valuesOffset, length(vectors), vectorsOffset, "valuesBar",
                length(valuesBar), valuesBarOffset, "vectorsBar", length(vectorsBar), vectorsBarOffset, true,
                length(gradient), gradientOffset);
    }

    /**
     * The arrays of one rule of size n given their lengths (-1 for null), of any element type:
     * values (n) and vectors (n*n); for a pullback the optional cotangents {@code a} (n) and
     * {@code b} (n*n) and the gradient (n*n); for a pushforward the optional tangent {@code a}
     * (n*n), valuesDot {@code b} (n) and vectorsDot (n*n).
     */
    static void checkArrayLengths(int n, int values, int valuesOffset, int vectors, int vectorsOffset, String a,
            int aLength, int aOffset, String b, int bLength, int bOffset, boolean pullback, int out, int outOffset) {
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        long nn = (long) n * n;
        checkLength("values", values, valuesOffset, n, false);
        checkLength("vectors", vectors, vectorsOffset, nn, false);
        if (pullback) { // valuesBar (n) and vectorsBar (n*n), both optional; the gradient
            checkLength(a, aLength, aOffset, n, true);
            checkLength(b, bLength, bOffset, nn, true);
            checkLength("gradient", out, outOffset, nn, false);
        } else { // the tangent (n*n, optional), valuesDot (n); vectorsDot
            checkLength(a, aLength, aOffset, nn, true);
            checkLength(b, bLength, bOffset, n, false);
            checkLength("vectorsDot", out, outOffset, nn, false);
        }
    }

    /**
     * Checks the arrays of one pushforward of size n: values (n), vectors (n*n), optional
     * tangent (n*n), valuesDot (n), vectorsDot (n*n), each from its offset.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param tangent ADot row-major from {@code tangentOffset}, or null for zero
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     * @param valuesDot the eigenvalue tangents, from {@code valuesDotOffset}
     * @param valuesDotOffset the index of the first entry of {@code valuesDot}
     * @param vectorsDot the eigenvector tangents row-major, from {@code vectorsDotOffset}
     * @param vectorsDotOffset the index of the first entry of {@code vectorsDot}
     */
    public static void checkPushforwardArrays(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] tangent, int tangentOffset, double[] valuesDot, int valuesDotOffset,
            double[] vectorsDot, int vectorsDotOffset) {
        checkArrayLengths(n, length(values), valuesOffset, length(vectors), vectorsOffset, "tangent", length(tangent),
                tangentOffset, "valuesDot", length(valuesDot), valuesDotOffset, false, length(vectorsDot),
                vectorsDotOffset);
    }

    /**
     * Every tangent a pushforward wrote finite, else {@link Problem#OUT_OF_RANGE} naming the
     * first that is not (a tangent too large for doubles, or an analytic tie without masking).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param valuesDot the eigenvalue tangents, from {@code valuesDotOffset}
     * @param valuesDotOffset the index of the first entry of {@code valuesDot}
     * @param vectorsDot the eigenvector tangents row-major, from {@code vectorsDotOffset}
     * @param vectorsDotOffset the index of the first entry of {@code vectorsDot}
     */
    public static void checkPushforward(int n, double[] valuesDot, int valuesDotOffset, double[] vectorsDot,
            int vectorsDotOffset) {
        int nn = n * n;
        if (probe(valuesDot, valuesDotOffset, n) + probe(vectorsDot, vectorsDotOffset, nn) == 0) {
            return;
        }
        for (int k = 0; k < n; k++) {
            requireFiniteOutput("valuesDot entry " + k, valuesDot[valuesDotOffset + k]);
        }
        for (int k = 0; k < nn; k++) {
            requireFiniteOutput("vectorsDot entry (" + k / n + ", " + k % n + ")", vectorsDot[vectorsDotOffset + k]);
        }
    }

    private static void requireFiniteOutput(String what, double x) {
        if (!Double.isFinite(x)) {
            throw new InvalidInputException(Problem.OUT_OF_RANGE, "the pushforward's " + what + " is " + x
                    + ": the tangent or the eigenvalue gaps are beyond double precision (scale the tangent down; for "
                    + "the analytic method, a tie needs masking)");
        }
    }

    /**
     * The inputs of a pushforward finite, else {@link Problem#NOT_FINITE} naming the first
     * non-finite entry (values, vectors, tangent in turn); called before anything is written.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param tangent ADot row-major from {@code tangentOffset}, or null for zero
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     */
    public static void requireFiniteTangentInputs(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] tangent, int tangentOffset) {
        requireFiniteWith("tangent", n, values, valuesOffset, vectors, vectorsOffset, tangent, tangentOffset);
    }

    /**
     * {@link #requireFiniteTangentInputs} behind a branch-free probe, for general-n rules.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param tangent ADot row-major from {@code tangentOffset}, or null for zero
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     */
    public static void checkFiniteTangent(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] tangent, int tangentOffset) {
        checkFiniteWith("tangent", n, values, valuesOffset, vectors, vectorsOffset, tangent, tangentOffset);
    }

    /**
     * The arrays of the top-k complement series and bound ({@code TopKComplement}): the n x n
     * matrix, the top k values and their cotangent, the n x k vectors and their cotangent, the
     * n x n gradient; k from 1 to n - 1. The matrix, the vectors and the gradient are null
     * where only the bound is asked for, the values' cotangent where only the series is.
     *
     * @param n the size of the matrix
     * @param k the number of top pairs
     * @param matrix the symmetric matrix row-major from {@code matrixOffset}, or null
     * @param matrixOffset the index of M[0][0]
     * @param values the top k eigenvalues from {@code valuesOffset}
     * @param valuesOffset the index of lambda_0
     * @param valuesBar dL/dlambda of the top k from {@code valuesBarOffset}, or null
     * @param valuesBarOffset the index of its first entry
     * @param vectors the top k eigenvectors n x k row-major from {@code vectorsOffset}, or null
     * @param vectorsOffset the index of V[0][0]
     * @param vectorsBar dL/dV n x k row-major from {@code vectorsBarOffset}
     * @param vectorsBarOffset the index of its first entry
     * @param gradient dL/dA row-major from {@code gradientOffset}, or null
     * @param gradientOffset the index of its first entry
     */
    public static void checkTopK(int n, int k, double[] matrix, int matrixOffset, double[] values, int valuesOffset,
            double[] valuesBar, int valuesBarOffset, double[] vectors, int vectorsOffset, double[] vectorsBar,
            int vectorsBarOffset, double[] gradient, int gradientOffset) {
        checkTopKCount(n, k);
        long nn = (long) n * n;
        long nk = (long) n * k;
        check("matrix", matrix, matrixOffset, nn, true);
        check("values", values, valuesOffset, k, false);
        check("valuesBar", valuesBar, valuesBarOffset, k, true);
        check("vectors", vectors, vectorsOffset, nk, true);
        check("vectorsBar", vectorsBar, vectorsBarOffset, nk, false);
        check("gradient", gradient, gradientOffset, nn, true);
    }

    /** k, the number of top pairs, from 1 to n - 1 ({@link Problem#INVALID_OPTION} otherwise). */
    static void checkTopKCount(int n, int k) {
        if (k < 1 || k >= n) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "topK must be in [1, n - 1] = [1, " + (n - 1)
                    + "], got " + k);
        }
    }

    /**
     * {@code needed} entries of {@code array} from {@code offset} exist (null allowed only if
     * {@code optional}); else an exception naming the array. Shared by every entry point that
     * writes into caller's arrays, so that nothing is written before the check.
     */
    static void check(String name, double[] array, int offset, long needed, boolean optional) {
        checkLength(name, length(array), offset, needed, optional);
    }

    /** {@link #check} for an array of {@code length} entries (-1 for null), of any element type. */
    static void checkLength(String name, int length, int offset, long needed, boolean optional) {
        if (length < 0) {
            if (optional) {
                return;
            }
            throw new InvalidInputException(Problem.NULL, name + " is null");
        }
        if (offset < 0) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, name + " offset is negative: " + offset);
        }
        if ((long) offset + needed > length) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, name + " has length " + length
                    + " but needs " + needed + " entries from offset " + offset);
        }
    }

    /**
     * The arrays of one call of a generated lane rule of size n: {@code lanes} consecutive
     * problems in the layout of {@link #checkArrays} (values n per problem, vectors n*n, the
     * cotangents optional), and {@code gradientRows} rows of {@code stride} doubles with the
     * problems in columns {@code first} to {@code first + lanes - 1}; {@code scratch} at least
     * {@code scratchLength} doubles.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param lanes the number of problems in one call of a lane rule
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param valuesBar dL/dlambda from {@code valuesBarOffset}, or null for zero
     * @param valuesBarOffset the index of the first entry of {@code valuesBar}
     * @param vectorsBar dL/dV row-major from {@code vectorsBarOffset}, or null for zero
     * @param vectorsBarOffset the index of the first entry of {@code vectorsBar}
     * @param gradient dL/dA row-major, from {@code gradientOffset}
     * @param gradientRows the number of gradient rows the lane rule writes
     * @param stride the length of each gradient row
     * @param first the first column (problem) the call fills
     * @param scratch the lane rule's scratch array
     * @param scratchLength the number of doubles {@code scratch} needs
     */
    public static void checkLanes(int n, int lanes, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] valuesBar, int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset,
            double[] gradient, int gradientRows, int stride, int first, double[] scratch, int scratchLength) {
        checkLaneLengths(n, lanes, length(values), valuesOffset, length(vectors), vectorsOffset, length(valuesBar),
                valuesBarOffset, length(vectorsBar), vectorsBarOffset);
        checkLaneRows(lanes, length(gradient), gradientRows, stride, first, length(scratch), scratchLength);
    }

    /**
     * The gradient rows and scratch of a generated lane rule, as in {@link #checkLanes}.
     *
     * @param lanes the number of problems in one call of a lane rule
     * @param gradient dL/dA row-major, from {@code gradientOffset}
     * @param gradientRows the number of gradient rows the lane rule writes
     * @param stride the length of each gradient row
     * @param first the first column (problem) the call fills
     * @param scratch the lane rule's scratch array
     * @param scratchLength the number of doubles {@code scratch} needs
     */
    public static void checkLaneRows(int lanes, double[] gradient, int gradientRows, int stride, int first,
            double[] scratch, int scratchLength) {
        checkLaneRows(lanes, length(gradient), gradientRows, stride, first, length(scratch), scratchLength);
    }

    /** The input arrays of a lane call given their lengths (-1 for null), of any element type. */
    static void checkLaneLengths(int n, int lanes, int values, int valuesOffset, int vectors, int vectorsOffset,
            int valuesBar, int valuesBarOffset, int vectorsBar, int vectorsBarOffset) {
        long nn = (long) n * n;
        checkLength("values", values, valuesOffset, lanes * (long) n, false);
        checkLength("vectors", vectors, vectorsOffset, lanes * nn, false);
        checkLength("valuesBar", valuesBar, valuesBarOffset, lanes * (long) n, true);
        checkLength("vectorsBar", vectorsBar, vectorsBarOffset, lanes * nn, true);
    }

    /** The gradient rows and scratch of a lane call given their lengths (-1 for null), of any element type. */
    static void checkLaneRows(int lanes, int gradient, int gradientRows, int stride, int first, int scratch,
            int scratchLength) {
        if (first < 0 || stride < 0 || (long) first + lanes > stride) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, "gradient columns " + first + " to "
                    + (first + lanes - 1) + " do not fit in rows of stride " + stride);
        }
        checkLength("gradient", gradient, 0, (long) gradientRows * stride, false);
        checkLength("scratch", scratch, 0, scratchLength, false);
    }

    static int length(double[] array) {
        return array == null ? -1 : array.length;
    }

    /**
     * Called by generated rules once the gradient is written: fails unless its n*n entries
     * are all finite, so no NaN or infinity reaches a caller. The inputs were checked finite
     * before any write ({@link #requireFiniteInputs}, {@link #requireFiniteFunctionInputs}),
     * so a non-finite entry means the gradient overflowed ({@link Problem#OUT_OF_RANGE}:
     * cotangents near the double range, or an exact tie under the analytic method with
     * masking off). The test is one branch-free pass: {@code x * 0} is 0 for finite x.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param gradient dL/dA row-major, from {@code gradientOffset}
     * @param gradientOffset the index of the first entry of {@code gradient}
     */
    public static void checkGradient(int n, double[] gradient, int gradientOffset) {
        checkGradient("the gradient", n, gradient, gradientOffset);
    }

    /**
     * {@link #checkGradient} for dL/dB of a generalised pullback (docs/math.md section 12).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param gradientB dL/dB row-major, from {@code gradientBOffset}
     * @param gradientBOffset the index of the first entry of {@code gradientB}
     */
    public static void checkGradientB(int n, double[] gradientB, int gradientBOffset) {
        checkGradient("the gradient of B", n, gradientB, gradientBOffset);
    }

    /**
     * The output array of dL/dB of a generalised pullback: n*n entries from the offset, not null.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param gradientB receives dL/dB row-major, from {@code gradientBOffset}
     * @param gradientBOffset the index of the first entry of {@code gradientB}
     */
    public static void checkGradientBArray(int n, double[] gradientB, int gradientBOffset) {
        check("gradientB", gradientB, gradientBOffset, (long) n * n, false);
    }

    /**
     * BDot of a generalised pushforward (docs/math.md section 12): null (zero), or n*n finite
     * entries from the offset; else an exception naming {@code tangentB}.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param tangentB BDot row-major from {@code tangentBOffset}, or null for zero
     * @param tangentBOffset the index of BDot[0][0] in {@code tangentB}
     */
    public static void checkTangentB(int n, double[] tangentB, int tangentBOffset) {
        check("tangentB", tangentB, tangentBOffset, (long) n * n, true);
        requireFinite("tangentB", tangentB, tangentBOffset, n * n);
    }

    private static void checkGradient(String what, int n, double[] gradient, int gradientOffset) {
        int nn = n * n;
        if (probe(gradient, gradientOffset, nn) == 0) {
            return;
        }
        for (int k = 0; k < nn; k++) {
            double g = gradient[gradientOffset + k];
            if (!Double.isFinite(g)) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, what + " has the non-finite entry (" + k / n
                        + ", " + k % n + ") = " + g + ": the cotangents or the eigenvalue gaps are beyond double "
                        + "precision (scale the cotangents down; for the analytic method, a tie needs masking)");
            }
        }
    }

    private static void requireFinite(String name, double[] array, int offset, int count) {
        if (array == null) {
            return;
        }
        for (int k = 0; k < count; k++) {
            double x = array[offset + k];
            if (!Double.isFinite(x)) {
                throw new InvalidInputException(Problem.NOT_FINITE, name + " entry " + k + " is " + x
                        + "; entries must be finite");
            }
        }
    }

    /**
     * The arrays of a matrix-function gradient of size n: values (n), vectors, functionBar and gradient (n*n).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param functionBar C row-major (any matrix; only sym(C) matters), from {@code functionBarOffset}
     * @param functionBarOffset the index of C[0][0] in {@code functionBar}
     * @param gradient dL/dA row-major, from {@code gradientOffset}
     * @param gradientOffset the index of the first entry of {@code gradient}
     */
    public static void checkFunctionArrays(int n, double[] values, int valuesOffset, double[] vectors, int vectorsOffset,
            double[] functionBar, int functionBarOffset, double[] gradient, int gradientOffset) {
        long nn = (long) n * n;
        check("values", values, valuesOffset, n, false);
        check("vectors", vectors, vectorsOffset, nn, false);
        check("functionBar", functionBar, functionBarOffset, nn, false);
        check("gradient", gradient, gradientOffset, nn, false);
    }

    /**
     * The arrays of a matrix-function Hessian-vector product of size n: values (n), vectors,
     * functionBar, tangent and gradientDot (n*n), none of them optional.
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
    public static void checkHessianArrays(int n, double[] values, int valuesOffset, double[] vectors, int vectorsOffset,
            double[] functionBar, int functionBarOffset, double[] tangent, int tangentOffset, double[] gradientDot,
            int gradientDotOffset) {
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        long nn = (long) n * n;
        check("values", values, valuesOffset, n, false);
        check("vectors", vectors, vectorsOffset, nn, false);
        check("functionBar", functionBar, functionBarOffset, nn, false);
        check("tangent", tangent, tangentOffset, nn, false);
        check("gradientDot", gradientDot, gradientDotOffset, nn, false);
    }

    /**
     * The inputs of a Hessian-vector product finite, else {@link Problem#NOT_FINITE} naming the
     * first non-finite entry (values, vectors, functionBar, tangent in turn).
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
    public static void requireFiniteHessianInputs(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] functionBar, int functionBarOffset, double[] tangent, int tangentOffset) {
        requireFiniteFunctionInputs(n, values, valuesOffset, vectors, vectorsOffset, functionBar, functionBarOffset);
        requireFinite("tangent", tangent, tangentOffset, n * n);
    }

    /**
     * {@link #requireFiniteHessianInputs} behind a branch-free probe, for general-n rules.
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
    public static void checkFiniteHessian(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] functionBar, int functionBarOffset, double[] tangent, int tangentOffset) {
        int nn = n * n;
        if (probe(values, valuesOffset, n) + probe(vectors, vectorsOffset, nn) + probe(functionBar, functionBarOffset, nn)
                + probe(tangent, tangentOffset, nn) != 0) {
            requireFiniteHessianInputs(n, values, valuesOffset, vectors, vectorsOffset, functionBar, functionBarOffset,
                    tangent, tangentOffset);
        }
    }

    /**
     * The domain of sqrt, invsqrt, log and pow gradients: n finite values > 0.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param function the function's name, for the message
     */
    public static void checkPositive(int n, double[] values, int valuesOffset, String function) {
        requireFinite("values", values, valuesOffset, n);
        for (int k = 0; k < n; k++) {
            if (!(values[valuesOffset + k] > 0)) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, function + " needs eigenvalues > 0, but "
                        + "eigenvalue " + k + " is " + values[valuesOffset + k]
                        + " (a small epsilon on the diagonal lifts round-off below zero)");
            }
        }
    }

    /**
     * Every entry of the inputs finite, else {@link Problem#NOT_FINITE} naming the first
     * non-finite one (values, vectors, valuesBar, vectorsBar in turn); the cotangents may be
     * null. Straight-line rules test the entries they loaded in one branch-free sum and call
     * this only when it is not 0; general rules call {@link #checkFinite}. Either way nothing
     * has been written when it throws.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param valuesBar dL/dlambda from {@code valuesBarOffset}, or null for zero
     * @param valuesBarOffset the index of the first entry of {@code valuesBar}
     * @param vectorsBar dL/dV row-major from {@code vectorsBarOffset}, or null for zero
     * @param vectorsBarOffset the index of the first entry of {@code vectorsBar}
     */
    public static void requireFiniteInputs(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] valuesBar, int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset) {
        int nn = n * n;
        requireFinite("values", values, valuesOffset, n);
        requireFinite("vectors", vectors, vectorsOffset, nn);
        requireFinite("valuesBar", valuesBar, valuesBarOffset, n);
        requireFinite("vectorsBar", vectorsBar, vectorsBarOffset, nn);
    }

    /**
     * {@link #requireFiniteInputs} behind a branch-free probe ({@code x * 0} is 0 exactly for finite x).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param valuesBar dL/dlambda from {@code valuesBarOffset}, or null for zero
     * @param valuesBarOffset the index of the first entry of {@code valuesBar}
     * @param vectorsBar dL/dV row-major from {@code vectorsBarOffset}, or null for zero
     * @param vectorsBarOffset the index of the first entry of {@code vectorsBar}
     */
    public static void checkFinite(int n, double[] values, int valuesOffset, double[] vectors, int vectorsOffset,
            double[] valuesBar, int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset) {
        int nn = n * n;
        double p = probe(values, valuesOffset, n) + probe(vectors, vectorsOffset, nn)
                + probe(valuesBar, valuesBarOffset, n) + probe(vectorsBar, vectorsBarOffset, nn);
        if (p != 0) {
            requireFiniteInputs(n, values, valuesOffset, vectors, vectorsOffset, valuesBar, valuesBarOffset, vectorsBar,
                    vectorsBarOffset);
        }
    }

    /**
     * The inputs of a matrix-function gradient finite, else {@link Problem#NOT_FINITE} naming
     * the first non-finite entry (values, vectors, functionBar in turn); called, like
     * {@link #requireFiniteInputs}, before anything is written.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param functionBar C row-major, from {@code functionBarOffset}
     * @param functionBarOffset the index of C[0][0] in {@code functionBar}
     */
    public static void requireFiniteFunctionInputs(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] functionBar, int functionBarOffset) {
        requireFiniteWith("functionBar", n, values, valuesOffset, vectors, vectorsOffset, functionBar,
                functionBarOffset);
    }

    /**
     * {@link #requireFiniteFunctionInputs} behind a branch-free probe, for general-n rules.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param functionBar C row-major, from {@code functionBarOffset}
     * @param functionBarOffset the index of C[0][0] in {@code functionBar}
     */
    public static void checkFiniteFunction(int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] functionBar, int functionBarOffset) {
        checkFiniteWith("functionBar", n, values, valuesOffset, vectors, vectorsOffset, functionBar,
                functionBarOffset);
    }

    /** values (n), vectors and one more n x n input, named {@code name}, finite: else the first that is not, named. */
    private static void requireFiniteWith(String name, int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] matrix, int matrixOffset) {
        int nn = n * n;
        requireFinite("values", values, valuesOffset, n);
        requireFinite("vectors", vectors, vectorsOffset, nn);
        requireFinite(name, matrix, matrixOffset, nn);
    }

    /** {@link #requireFiniteWith} behind a branch-free probe. */
    private static void checkFiniteWith(String name, int n, double[] values, int valuesOffset, double[] vectors,
            int vectorsOffset, double[] matrix, int matrixOffset) {
        int nn = n * n;
        if (probe(values, valuesOffset, n) + probe(vectors, vectorsOffset, nn) + probe(matrix, matrixOffset, nn) != 0) {
            requireFiniteWith(name, n, values, valuesOffset, vectors, vectorsOffset, matrix, matrixOffset);
        }
    }

    /**
     * {@code sum x * 0} over count entries (0 if all are finite, else NaN; 0 for a null array),
     * in four partial sums: one sum would wait for each addition to finish.
     */
    private static double probe(double[] x, int offset, int count) {
        if (x == null) {
            return 0;
        }
        double p0 = 0;
        double p1 = 0;
        double p2 = 0;
        double p3 = 0;
        int k = 0;
        for (; k + 3 < count; k += 4) {
            p0 += x[offset + k] * 0.0;
            p1 += x[offset + k + 1] * 0.0;
            p2 += x[offset + k + 2] * 0.0;
            p3 += x[offset + k + 3] * 0.0;
        }
        for (; k < count; k++) {
            p0 += x[offset + k] * 0.0;
        }
        return (p0 + p1) + (p2 + p3);
    }

    /**
     * K: a whole number from 1 to 2^53 (it counts the terms of the series), as generated rules
     * take it.
     *
     * @param iterations K
     */
    public static void checkIterations(long iterations) {
        if (iterations < 1 || iterations > RuleConstants.ITERATIONS_LIMIT) {
            throw new InvalidInputException(Problem.INVALID_OPTION,
                    "iterations K must be a whole number from 1 to 2^53, got " + iterations);
        }
    }

    /**
     * tol in (0, 1) and Kmax >= 1.
     *
     * @param tolerance the adaptive method's relative error per pair, in (0, 1)
     * @param maxIterations the adaptive method's cap on K, a whole number from 1 to 2^53
     */
    public static void checkAdaptive(double tolerance, long maxIterations) {
        checkTolerance(tolerance);
        checkMaxIterations(maxIterations);
    }

    /**
     * The adaptive method's per-pair relative error: in (0, 1).
     *
     * @param tolerance the adaptive method's relative error per pair, in (0, 1)
     */
    public static void checkTolerance(double tolerance) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "tolerance must be in (0, 1), got " + tolerance);
        }
    }

    /**
     * The adaptive method's cap on K: a whole number from 1 to 2^53.
     *
     * @param maxIterations the adaptive method's cap on K, a whole number from 1 to 2^53
     */
    public static void checkMaxIterations(long maxIterations) {
        if (maxIterations < 1 || maxIterations > RuleConstants.ITERATIONS_LIMIT) {
            throw new InvalidInputException(Problem.INVALID_OPTION,
                    "maxIterations must be a whole number from 1 to 2^53, got " + maxIterations);
        }
    }

    /**
     * The analytic method's relative gap below which pairs are masked: in [0, 1).
     *
     * @param degeneracyTolerance the relative gap below which the analytic method calls a pair degenerate, in [0, 1)
     */
    public static void checkDegeneracyTolerance(double degeneracyTolerance) {
        if (!(degeneracyTolerance >= 0 && degeneracyTolerance < 1)) {
            throw new InvalidInputException(Problem.INVALID_OPTION,
                    "degeneracyTolerance must be in [0, 1), got " + degeneracyTolerance);
        }
    }
}
