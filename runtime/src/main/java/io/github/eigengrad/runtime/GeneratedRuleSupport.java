package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.RuleConstants;

/**
 * Argument checks that generated pullback rules call before any arithmetic, so a wrong array
 * or parameter is an {@link InvalidInputException} naming it, never an
 * {@code ArrayIndexOutOfBoundsException} from deep inside generated code or a silent NaN.
 */
public final class GeneratedRuleSupport {
    private GeneratedRuleSupport() {}

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
        if (n < 1) {
            throw new InvalidInputException(Problem.EMPTY, "size n must be >= 1, got " + n);
        }
        long nn = (long) n * n;
        check("values", values, valuesOffset, n, false);
        check("vectors", vectors, vectorsOffset, nn, false);
        check("valuesBar", valuesBar, valuesBarOffset, n, true);
        check("vectorsBar", vectorsBar, vectorsBarOffset, nn, true);
        check("gradient", gradient, gradientOffset, nn, false);
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
        if (k < 1 || k >= n) {
            throw new InvalidInputException(Problem.INVALID_OPTION, "topK must be in [1, n - 1] = [1, " + (n - 1)
                    + "], got " + k);
        }
        long nn = (long) n * n;
        long nk = (long) n * k;
        check("matrix", matrix, matrixOffset, nn, true);
        check("values", values, valuesOffset, k, false);
        check("valuesBar", valuesBar, valuesBarOffset, k, true);
        check("vectors", vectors, vectorsOffset, nk, true);
        check("vectorsBar", vectorsBar, vectorsBarOffset, nk, false);
        check("gradient", gradient, gradientOffset, nn, true);
    }

    /**
     * {@code needed} entries of {@code array} from {@code offset} exist (null allowed only if
     * {@code optional}); else an exception naming the array. Shared by every entry point that
     * writes into caller's arrays, so that nothing is written before the check.
     */
    static void check(String name, double[] array, int offset, long needed, boolean optional) {
        if (array == null) {
            if (optional) {
                return;
            }
            throw new InvalidInputException(Problem.NULL, name + " is null");
        }
        if (offset < 0) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, name + " offset is negative: " + offset);
        }
        if ((long) offset + needed > array.length) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, name + " has length " + array.length
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
        long nn = (long) n * n;
        check("values", values, valuesOffset, lanes * (long) n, false);
        check("vectors", vectors, vectorsOffset, lanes * nn, false);
        check("valuesBar", valuesBar, valuesBarOffset, lanes * (long) n, true);
        check("vectorsBar", vectorsBar, vectorsBarOffset, lanes * nn, true);
        checkLaneRows(lanes, gradient, gradientRows, stride, first, scratch, scratchLength);
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
        if (first < 0 || stride < 0 || (long) first + lanes > stride) {
            throw new InvalidInputException(Problem.WRONG_LENGTH, "gradient columns " + first + " to "
                    + (first + lanes - 1) + " do not fit in rows of stride " + stride);
        }
        check("gradient", gradient, 0, (long) gradientRows * stride, false);
        check("scratch", scratch, 0, scratchLength, false);
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
        int nn = n * n;
        if (probe(gradient, gradientOffset, nn) == 0) {
            return;
        }
        for (int k = 0; k < nn; k++) {
            double g = gradient[gradientOffset + k];
            if (!Double.isFinite(g)) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, "the gradient has the non-finite entry (" + k / n
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
     * A rule evaluates its formulas as they stand while {@code max|lambda|} lies in
     * [{@value #DIRECT_MIN_EXPONENT}, {@value #DIRECT_MAX_EXPONENT}] as a binary exponent (or is
     * 0); beyond, it works in scaled units ({@link Scaled}), so nothing under- or overflows on
     * the way to a representable gradient.
     */
    public static final int DIRECT_MIN_EXPONENT = RuleConstants.DIRECT_MIN_EXPONENT;
    /** See {@link #DIRECT_MIN_EXPONENT}. */
    public static final int DIRECT_MAX_EXPONENT = RuleConstants.DIRECT_MAX_EXPONENT;

    /**
     * Called by every rule before any arithmetic: the n values must be descending
     * ({@code lambda_0 >= lambda_1 >= ...}, the order the formulas assume; {@link Problem#UNORDERED}).
     * Returns 1 when {@code m = max|lambda|} is 0, within the direct range, or not finite (the
     * rule's finiteness check names it), else the power of two {@code sigma} with
     * {@code m sigma} in [1, 2), the factor {@link #scale} works with.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @return 1, or the power of two that brings {@code max|lambda|} into [1, 2)
     */
    public static double checkSpectrum(int n, double[] values, int valuesOffset) {
        for (int k = 0; k + 1 < n; k++) {
            if (values[valuesOffset + k] < values[valuesOffset + k + 1]) {
                throw new InvalidInputException(Problem.UNORDERED, "values must be descending (the order of "
                        + "SymmetricEigensolver), but values[" + k + "] = " + values[valuesOffset + k] + " < values["
                        + (k + 1) + "] = " + values[valuesOffset + k + 1]);
            }
        }
        double m = Math.max(Math.abs(values[valuesOffset]), Math.abs(values[valuesOffset + n - 1]));
        if (m == 0 || !(m < Double.POSITIVE_INFINITY)) {
            return 1;
        }
        int e = MatrixInput.exponentOf(m);
        if (e >= DIRECT_MIN_EXPONENT && e <= DIRECT_MAX_EXPONENT) {
            return 1;
        }
        return MatrixInput.powerOfTwo(-e);
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
        int nn = n * n;
        requireFinite("values", values, valuesOffset, n);
        requireFinite("vectors", vectors, vectorsOffset, nn);
        requireFinite("functionBar", functionBar, functionBarOffset, nn);
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
        int nn = n * n;
        if (probe(values, valuesOffset, n) + probe(vectors, vectorsOffset, nn)
                + probe(functionBar, functionBarOffset, nn) != 0) {
            requireFiniteFunctionInputs(n, values, valuesOffset, vectors, vectorsOffset, functionBar, functionBarOffset);
        }
    }

    /** {@code sum x * 0} over count entries (0 if all are finite; 0 for a null array). */
    private static double probe(double[] x, int offset, int count) {
        if (x == null) {
            return 0;
        }
        double p = 0;
        for (int k = 0; k < count; k++) {
            p += x[offset + k] * 0.0;
        }
        return p;
    }

    /**
     * The inputs of a rule in scaled units, for a spectrum outside the direct range. Every
     * term of the gradient is either {@code F o skew(V^T VBar)} with F homogeneous of degree
     * -1 in lambda (analytic, F^(K) with its shift, adaptive K all depend on ratios and gaps
     * only through 1/lambda), or {@code diag(lambdaBar)}; so for powers of two sigma and c
     * <pre>gradient(lambda, V, lambdaBar, VBar) = c gradient(sigma lambda, V, lambdaBar / c, sigma VBar / c)</pre>
     * exactly. c is chosen so that both scaled cotangents are at most 2 in size; the smaller
     * one loses only what is below 2^-1000 of the larger. The shift scales with lambda and
     * the gradient bound with the gradient; the pair errors and K are scale-free.
     */
    public static final class Scaled {
        private final double sigma;
        private final int cExponent;
        /** sigma lambda, from index 0. */
        public final double[] values;
        /** lambdaBar / c from index 0, or null. */
        public final double[] valuesBar;
        /** sigma VBar / c from index 0, or null. */
        public final double[] vectorsBar;

        private Scaled(double sigma, int cExponent, double[] values, double[] valuesBar, double[] vectorsBar) {
            this.sigma = sigma;
            this.cExponent = cExponent;
            this.values = values;
            this.valuesBar = valuesBar;
            this.vectorsBar = vectorsBar;
        }

        /**
         * Turns the gradient the rule wrote from the scaled inputs into the gradient of the
         * original ones (multiplying by c), and the report back into original units; fails
         * with {@link Problem#OUT_OF_RANGE} if the gradient itself exceeds the double range.
         *
         * @param n the size of the matrix (n x n), at least 1
         * @param gradient dL/dA row-major, from {@code gradientOffset}
         * @param gradientOffset the index of the first entry of {@code gradient}
         * @param report receives the shift, K used, largest r^K and gradient bound; may be null
         */
        public void finish(int n, double[] gradient, int gradientOffset, PullbackReport report) {
            int nn = n * n;
            for (int k = 0; k < nn; k++) {
                double g = Math.scalb(gradient[gradientOffset + k], cExponent);
                if (Double.isInfinite(g)) {
                    throw new InvalidInputException(Problem.OUT_OF_RANGE, "the gradient entry (" + k / n + ", "
                            + k % n + ") exceeds the double range (eigenvalues of order "
                            + (1 / sigma) + " with cotangents of this size)");
                }
                gradient[gradientOffset + k] = g;
            }
            if (report != null) {
                double shift = report.shift() / sigma;
                if (Double.isInfinite(shift)) {
                    // only for eigenvalues of both signs within 0.1% of Double.MAX_VALUE
                    throw new InvalidInputException(Problem.OUT_OF_RANGE, "the spectrum shift of the series (1e-3 "
                            + "max|lambda| - lambda_n) exceeds the double range and cannot be reported; scale the "
                            + "matrix down (the gradient scales inversely)");
                }
                report.set(shift, report.iterationsUsed(), report.maxPairError(),
                        Math.scalb(report.gradientBound(), cExponent));
            }
        }
    }

    /**
     * The scaled inputs of {@link Scaled} for the factor {@code sigma} returned by
     * {@link #checkSpectrum}; the cotangents may be null (zero). A non-finite entry is carried
     * along, and the rule called on the scaled inputs names it.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param sigma the power of two from {@link #checkSpectrum}
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param valuesBar dL/dlambda from {@code valuesBarOffset}, or null for zero
     * @param valuesBarOffset the index of the first entry of {@code valuesBar}
     * @param vectorsBar dL/dV row-major from {@code vectorsBarOffset}, or null for zero
     * @param vectorsBarOffset the index of the first entry of {@code vectorsBar}
     * @return the scaled inputs
     */
    public static Scaled scale(int n, double sigma, double[] values, int valuesOffset, double[] valuesBar,
            int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset) {
        int nn = n * n;
        // c: the power of two near the larger of max|lambdaBar| and sigma max|VBar|, in exponents
        // so that sigma max|VBar| itself cannot overflow
        int lambdaBarExponent = Integer.MIN_VALUE;
        int vectorsBarExponent = Integer.MIN_VALUE;
        if (valuesBar != null) {
            double m = 0;
            for (int k = 0; k < n; k++) {
                m = Math.max(m, Math.abs(valuesBar[valuesBarOffset + k]));
            }
            lambdaBarExponent = m == 0 ? Integer.MIN_VALUE : MatrixInput.exponentOf(m);
        }
        if (vectorsBar != null) {
            double m = 0;
            for (int k = 0; k < nn; k++) {
                m = Math.max(m, Math.abs(vectorsBar[vectorsBarOffset + k]));
            }
            vectorsBarExponent = m == 0 ? Integer.MIN_VALUE : MatrixInput.exponentOf(m) + Math.getExponent(sigma);
        }
        int cExponent = Math.max(lambdaBarExponent, vectorsBarExponent);
        if (cExponent == Integer.MIN_VALUE) {
            cExponent = 0;
        }
        // c = 2^cExponent may lie beyond the double range: it is only ever applied by scalb
        int sigmaExponent = Math.getExponent(sigma);
        double[] scaledValues = new double[n];
        for (int k = 0; k < n; k++) {
            scaledValues[k] = values[valuesOffset + k] * sigma;
        }
        double[] scaledValuesBar = null;
        if (valuesBar != null) {
            scaledValuesBar = new double[n];
            for (int k = 0; k < n; k++) {
                scaledValuesBar[k] = Math.scalb(valuesBar[valuesBarOffset + k], -cExponent);
            }
        }
        double[] scaledVectorsBar = null;
        if (vectorsBar != null) {
            scaledVectorsBar = new double[nn];
            for (int k = 0; k < nn; k++) {
                scaledVectorsBar[k] = Math.scalb(vectorsBar[vectorsBarOffset + k], sigmaExponent - cExponent);
            }
        }
        return new Scaled(sigma, cExponent, scaledValues, scaledValuesBar, scaledVectorsBar);
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
     * {@code x} with its sign flipped where the sign bit of {@code s} is set: {@code x} or
     * {@code -x}, exactly, without a branch (the gauge of the generated closed forms).
     *
     * @param x the value
     * @param s the value whose sign decides
     * @return {@code x} XOR the sign bit of {@code s}
     */
    public static double flipSign(double x, double s) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ (Double.doubleToRawLongBits(s) & Long.MIN_VALUE));
    }

    /**
     * {@code x^k} for a whole number {@code k >= 0}, by binary powering: at most 2 log2(k)
     * multiplications, so the relative error stays below about {@code 2k} units in the last
     * place (the series coefficient only uses it where {@code k x^k <= 1/2}, where that error is
     * below one unit of the result). Exponents from 2^53 on, where every double is even, go to
     * {@link StrictMath#pow}. Generated code calls this for the generator's integer power node;
     * the generator evaluates that node with the same arithmetic.
     *
     * @param x the argument
     * @param k the exponent, a whole number {@code >= 0}
     * @return x^k
     */
    public static double integerPower(double x, double k) {
        if (!(k >= 0) || k != Math.rint(k)) {
            throw new IllegalArgumentException("integerPower needs a whole exponent >= 0, got " + k);
        }
        if (k >= 0x1p53) {
            return StrictMath.pow(x, k);
        }
        long e = (long) k;
        double result = 1;
        double square = x;
        while (e != 0) {
            if ((e & 1) != 0) {
                result *= square;
            }
            e >>>= 1;
            if (e != 0) {
                square *= square;
            }
        }
        return result;
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
