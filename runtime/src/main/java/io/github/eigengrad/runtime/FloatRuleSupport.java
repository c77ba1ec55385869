package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.RuleConstants;

/**
 * What generated float rules call (docs/math.md section 11): the argument checks of
 * {@link GeneratedRuleSupport} for {@code float[]} arrays, K up to 2^24, and the spectrum
 * prologue. A spectrum beyond the float rules' direct range (binary exponent of
 * {@code max|lambda|} beyond {@value #DIRECT_EXPONENT}) is pulled back in scaled units by the
 * exact power-of-two identities of {@link SpectrumScaling}, computed in double from the float
 * inputs and handed back to the rule as floats; the scaled inputs are at most 2 in size, so
 * only what lies below 2^-126 of the largest is lost.
 */
public final class FloatRuleSupport {
    /** See the class comment. */
    public static final int DIRECT_EXPONENT = RuleConstants.FLOAT_DIRECT_EXPONENT;

    private FloatRuleSupport() {}

    /**
     * The arrays of one float pullback of size n, as {@link GeneratedRuleSupport#checkArrays}.
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
    public static void checkArrays(int n, float[] values, int valuesOffset, float[] vectors, int vectorsOffset,
            float[] valuesBar, int valuesBarOffset, float[] vectorsBar, int vectorsBarOffset, float[] gradient,
            int gradientOffset) {
        GeneratedRuleSupport.checkArrayLengths(n, length(values), valuesOffset, length(vectors), vectorsOffset,
                "valuesBar", length(valuesBar), valuesBarOffset, "vectorsBar", length(vectorsBar), vectorsBarOffset,
                true, length(gradient), gradientOffset);
    }

    /**
     * The arrays of one float pushforward of size n, as
     * {@link GeneratedRuleSupport#checkPushforwardArrays}.
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
    public static void checkPushforwardArrays(int n, float[] values, int valuesOffset, float[] vectors,
            int vectorsOffset, float[] tangent, int tangentOffset, float[] valuesDot, int valuesDotOffset,
            float[] vectorsDot, int vectorsDotOffset) {
        GeneratedRuleSupport.checkArrayLengths(n, length(values), valuesOffset, length(vectors), vectorsOffset,
                "tangent", length(tangent), tangentOffset, "valuesDot", length(valuesDot), valuesDotOffset, false,
                length(vectorsDot), vectorsDotOffset);
    }

    /**
     * The arrays of one call of a generated float lane rule, as
     * {@link GeneratedRuleSupport#checkLanes}.
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
     * @param gradient the gradient rows
     * @param gradientRows the number of gradient rows the lane rule writes
     * @param stride the length of each gradient row
     * @param first the first column (problem) the call fills
     * @param scratch the lane rule's scratch array
     * @param scratchLength the number of floats {@code scratch} needs
     */
    public static void checkLanes(int n, int lanes, float[] values, int valuesOffset, float[] vectors,
            int vectorsOffset, float[] valuesBar, int valuesBarOffset, float[] vectorsBar, int vectorsBarOffset,
            float[] gradient, int gradientRows, int stride, int first, float[] scratch, int scratchLength) {
        GeneratedRuleSupport.checkLaneLengths(n, lanes, length(values), valuesOffset, length(vectors), vectorsOffset,
                length(valuesBar), valuesBarOffset, length(vectorsBar), vectorsBarOffset);
        checkLaneRows(lanes, gradient, gradientRows, stride, first, scratch, scratchLength);
    }

    /**
     * The gradient rows and scratch of a generated float lane rule, as
     * {@link GeneratedRuleSupport#checkLaneRows}.
     *
     * @param lanes the number of problems in one call of a lane rule
     * @param gradient the gradient rows
     * @param gradientRows the number of gradient rows the lane rule writes
     * @param stride the length of each gradient row
     * @param first the first column (problem) the call fills
     * @param scratch the lane rule's scratch array
     * @param scratchLength the number of floats {@code scratch} needs
     */
    public static void checkLaneRows(int lanes, float[] gradient, int gradientRows, int stride, int first,
            float[] scratch, int scratchLength) {
        GeneratedRuleSupport.checkLaneRows(lanes, length(gradient), gradientRows, stride, first, length(scratch),
                scratchLength);
    }

    static int length(float[] array) {
        return array == null ? -1 : array.length;
    }

    /** {@link GeneratedRuleSupport#check} for a {@code float[]} array. */
    static void check(String name, float[] array, int offset, long needed, boolean optional) {
        GeneratedRuleSupport.checkLength(name, length(array), offset, needed, optional);
    }

    /**
     * K of a float rule: a whole number from 1 to 2^24 (every such number is exact in a float).
     *
     * @param iterations K
     */
    public static void checkIterations(long iterations) {
        if (iterations < 1 || iterations > RuleConstants.FLOAT_ITERATIONS_LIMIT) {
            throw new InvalidInputException(Problem.INVALID_OPTION,
                    "iterations K must be a whole number from 1 to 2^24 in float, got " + iterations);
        }
    }

    /**
     * tol in (0, 1) and Kmax from 1 to 2^24.
     *
     * @param tolerance the adaptive method's relative error per pair, in (0, 1)
     * @param maxIterations the adaptive method's cap on K, a whole number from 1 to 2^24
     */
    public static void checkAdaptive(float tolerance, long maxIterations) {
        GeneratedRuleSupport.checkTolerance(tolerance);
        if (maxIterations < 1 || maxIterations > RuleConstants.FLOAT_ITERATIONS_LIMIT) {
            throw new InvalidInputException(Problem.INVALID_OPTION,
                    "maxIterations must be a whole number from 1 to 2^24 in float, got " + maxIterations);
        }
    }

    /**
     * The analytic method's relative gap below which pairs are masked: in [0, 1).
     *
     * @param degeneracyTolerance the relative gap, in [0, 1)
     */
    public static void checkDegeneracyTolerance(float degeneracyTolerance) {
        GeneratedRuleSupport.checkDegeneracyTolerance(degeneracyTolerance);
    }

    /**
     * The float prologue of every rule, as {@link SpectrumScaling#checkSpectrum}: values
     * descending, and 1 within the direct range (or for m = 0 or not finite), else the power
     * of two that brings {@code max|lambda|} into [1, 2).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @return 1, or the power of two that brings {@code max|lambda|} into [1, 2)
     */
    public static double checkSpectrum(int n, float[] values, int valuesOffset) {
        for (int k = 0; k + 1 < n; k++) {
            if (values[valuesOffset + k] < values[valuesOffset + k + 1]) {
                throw SpectrumScaling.unordered(k, values[valuesOffset + k], values[valuesOffset + k + 1]);
            }
        }
        double m = Math.max(Math.abs(values[valuesOffset]), Math.abs(values[valuesOffset + n - 1]));
        if (m == 0 || !(m < Double.POSITIVE_INFINITY)) {
            return 1;
        }
        int e = MatrixInput.exponentOf(m);
        return Math.abs(e) <= DIRECT_EXPONENT ? 1 : MatrixInput.powerOfTwo(-e);
    }

    /** The scaled inputs of a float pullback: {@link SpectrumScaling.Scaled} with float arrays. */
    public static final class Scaled {
        private final SpectrumScaling.Scaled scaled;
        /** sigma lambda, from index 0. */
        public final float[] values;
        /** lambdaBar / c from index 0, or null. */
        public final float[] valuesBar;
        /** sigma VBar / c from index 0, or null. */
        public final float[] vectorsBar;

        private Scaled(SpectrumScaling.Scaled scaled) {
            this.scaled = scaled;
            this.values = narrow(scaled.values);
            this.valuesBar = narrow(scaled.valuesBar);
            this.vectorsBar = narrow(scaled.vectorsBar);
        }

        /**
         * The gradient the rule wrote from the scaled inputs turned into that of the original
         * ones, the report into original units; {@link Problem#OUT_OF_RANGE} if the gradient
         * exceeds the float range.
         *
         * @param n the size of the matrix (n x n), at least 1
         * @param gradient dL/dA row-major, from {@code gradientOffset}
         * @param gradientOffset the index of the first entry of {@code gradient}
         * @param report receives the shift, K used, largest r^K and gradient bound; may be null
         */
        public void finish(int n, float[] gradient, int gradientOffset, PullbackReport report) {
            double[] wide = widen(gradient, gradientOffset, n * n);
            scaled.finish(n, wide, 0, report);
            narrowInto(wide, gradient, gradientOffset, "the gradient entry");
        }
    }

    /**
     * The scaled inputs of a float pullback for the factor {@code sigma} of
     * {@link #checkSpectrum}, as {@link SpectrumScaling#scale}.
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
    public static Scaled scale(int n, double sigma, float[] values, int valuesOffset, float[] valuesBar,
            int valuesBarOffset, float[] vectorsBar, int vectorsBarOffset) {
        return new Scaled(SpectrumScaling.scale(n, sigma, widen(values, valuesOffset, n), 0,
                widen(valuesBar, valuesBarOffset, n), 0, widen(vectorsBar, vectorsBarOffset, n * n), 0));
    }

    /** The scaled inputs of a float pushforward: {@link SpectrumScaling.ScaledTangent} with float arrays. */
    public static final class ScaledTangent {
        private final SpectrumScaling.ScaledTangent scaled;
        /** sigma lambda, from index 0. */
        public final float[] values;
        /** ADot / c from index 0, or null. */
        public final float[] tangent;

        private ScaledTangent(SpectrumScaling.ScaledTangent scaled) {
            this.scaled = scaled;
            this.values = narrow(scaled.values);
            this.tangent = narrow(scaled.tangent);
        }

        /**
         * The tangents the rule wrote from the scaled inputs turned into those of the original
         * ones, the report into original units; {@link Problem#OUT_OF_RANGE} if a tangent
         * exceeds the float range.
         *
         * @param n the size of the matrix (n x n), at least 1
         * @param valuesDot the eigenvalue tangents, from {@code valuesDotOffset}
         * @param valuesDotOffset the index of the first entry of {@code valuesDot}
         * @param vectorsDot the eigenvector tangents row-major, from {@code vectorsDotOffset}
         * @param vectorsDotOffset the index of the first entry of {@code vectorsDot}
         * @param report receives the shift, K used, largest r^K and the bound; may be null
         */
        public void finish(int n, float[] valuesDot, int valuesDotOffset, float[] vectorsDot, int vectorsDotOffset,
                PushforwardReport report) {
            double[] values = widen(valuesDot, valuesDotOffset, n);
            double[] vectors = widen(vectorsDot, vectorsDotOffset, n * n);
            scaled.finish(n, values, 0, vectors, 0, report);
            narrowInto(values, valuesDot, valuesDotOffset, "the pushforward's valuesDot entry");
            narrowInto(vectors, vectorsDot, vectorsDotOffset, "the pushforward's vectorsDot entry");
        }
    }

    /**
     * The scaled inputs of a float pushforward for the factor {@code sigma} of
     * {@link #checkSpectrum}, as {@link SpectrumScaling#scaleTangent}.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param sigma the power of two from {@link #checkSpectrum}
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param tangent ADot row-major from {@code tangentOffset}, or null for zero
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     * @return the scaled inputs
     */
    public static ScaledTangent scaleTangent(int n, double sigma, float[] values, int valuesOffset, float[] tangent,
            int tangentOffset) {
        return new ScaledTangent(SpectrumScaling.scaleTangent(n, sigma, widen(values, valuesOffset, n), 0,
                widen(tangent, tangentOffset, n * n), 0));
    }

    /**
     * The inputs of a float pullback finite, else {@link Problem#NOT_FINITE} naming the first
     * that is not, as {@link GeneratedRuleSupport#requireFiniteInputs}.
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
    public static void requireFiniteInputs(int n, float[] values, int valuesOffset, float[] vectors,
            int vectorsOffset, float[] valuesBar, int valuesBarOffset, float[] vectorsBar, int vectorsBarOffset) {
        int nn = n * n;
        GeneratedRuleSupport.requireFiniteInputs(n, widen(values, valuesOffset, n), 0, widen(vectors, vectorsOffset,
                nn), 0, widen(valuesBar, valuesBarOffset, n), 0, widen(vectorsBar, vectorsBarOffset, nn), 0);
    }

    /**
     * {@link #requireFiniteInputs} behind a branch-free probe, for general-n rules.
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
    public static void checkFinite(int n, float[] values, int valuesOffset, float[] vectors, int vectorsOffset,
            float[] valuesBar, int valuesBarOffset, float[] vectorsBar, int vectorsBarOffset) {
        int nn = n * n;
        if (probe(values, valuesOffset, n) + probe(vectors, vectorsOffset, nn) + probe(valuesBar, valuesBarOffset, n)
                + probe(vectorsBar, vectorsBarOffset, nn) != 0) {
            requireFiniteInputs(n, values, valuesOffset, vectors, vectorsOffset, valuesBar, valuesBarOffset,
                    vectorsBar, vectorsBarOffset);
        }
    }

    /**
     * The inputs of a float pushforward finite, else {@link Problem#NOT_FINITE} naming the
     * first that is not, as {@link GeneratedRuleSupport#requireFiniteTangentInputs}.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param vectors V row-major (column j is eigenvector j), from {@code vectorsOffset}
     * @param vectorsOffset the index of V[0][0] in {@code vectors}
     * @param tangent ADot row-major from {@code tangentOffset}, or null for zero
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     */
    public static void requireFiniteTangentInputs(int n, float[] values, int valuesOffset, float[] vectors,
            int vectorsOffset, float[] tangent, int tangentOffset) {
        int nn = n * n;
        GeneratedRuleSupport.requireFiniteTangentInputs(n, widen(values, valuesOffset, n), 0,
                widen(vectors, vectorsOffset, nn), 0, widen(tangent, tangentOffset, nn), 0);
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
    public static void checkFiniteTangent(int n, float[] values, int valuesOffset, float[] vectors,
            int vectorsOffset, float[] tangent, int tangentOffset) {
        int nn = n * n;
        if (probe(values, valuesOffset, n) + probe(vectors, vectorsOffset, nn) + probe(tangent, tangentOffset, nn)
                != 0) {
            requireFiniteTangentInputs(n, values, valuesOffset, vectors, vectorsOffset, tangent, tangentOffset);
        }
    }

    /**
     * Every gradient entry finite, else {@link Problem#OUT_OF_RANGE} naming the first that is
     * not (the inputs were checked finite, so it overflowed the float range).
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param gradient dL/dA row-major, from {@code gradientOffset}
     * @param gradientOffset the index of the first entry of {@code gradient}
     */
    public static void checkGradient(int n, float[] gradient, int gradientOffset) {
        int nn = n * n;
        if (probe(gradient, gradientOffset, nn) == 0) {
            return;
        }
        for (int k = 0; k < nn; k++) {
            requireFiniteOutput("gradient entry (" + k / n + ", " + k % n + ")", gradient[gradientOffset + k],
                    "cotangents");
        }
    }

    /**
     * Every tangent a float pushforward wrote finite, else {@link Problem#OUT_OF_RANGE} naming
     * the first that is not.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param valuesDot the eigenvalue tangents, from {@code valuesDotOffset}
     * @param valuesDotOffset the index of the first entry of {@code valuesDot}
     * @param vectorsDot the eigenvector tangents row-major, from {@code vectorsDotOffset}
     * @param vectorsDotOffset the index of the first entry of {@code vectorsDot}
     */
    public static void checkPushforward(int n, float[] valuesDot, int valuesDotOffset, float[] vectorsDot,
            int vectorsDotOffset) {
        int nn = n * n;
        if (probe(valuesDot, valuesDotOffset, n) + probe(vectorsDot, vectorsDotOffset, nn) == 0) {
            return;
        }
        for (int k = 0; k < n; k++) {
            requireFiniteOutput("pushforward's valuesDot entry " + k, valuesDot[valuesDotOffset + k], "tangent");
        }
        for (int k = 0; k < nn; k++) {
            requireFiniteOutput("pushforward's vectorsDot entry (" + k / n + ", " + k % n + ")",
                    vectorsDot[vectorsDotOffset + k], "tangent");
        }
    }

    private static void requireFiniteOutput(String what, float x, String input) {
        if (!Float.isFinite(x)) {
            throw new InvalidInputException(Problem.OUT_OF_RANGE, "the " + what + " is " + x + ": the " + input
                    + " or the eigenvalue gaps are beyond float precision (scale the " + input + " down, or use double; "
                    + "for the analytic method, a tie needs masking)");
        }
    }

    /**
     * {@code sum x * 0} over count entries: 0 if all are finite (and for a null array), in two
     * partial sums.
     */
    static float probe(float[] x, int offset, int count) {
        if (x == null) {
            return 0;
        }
        float p0 = 0;
        float p1 = 0;
        int k = 0;
        for (; k + 1 < count; k += 2) {
            p0 += x[offset + k] * 0.0f;
            p1 += x[offset + k + 1] * 0.0f;
        }
        if (k < count) {
            p0 += x[offset + k] * 0.0f;
        }
        return p0 + p1;
    }

    /** count entries of {@code x} from {@code offset} as doubles (exact), or null for null. */
    static double[] widen(float[] x, int offset, int count) {
        return x == null ? null : widen(x, offset, count, new double[count]);
    }

    /** Entries offset..offset+count-1 of x into {@code wide[0..count)}; returns {@code wide}. */
    static double[] widen(float[] x, int offset, int count, double[] wide) {
        for (int k = 0; k < count; k++) {
            wide[k] = x[offset + k];
        }
        return wide;
    }

    /** {@code x} rounded to float, or null for null; used only where the entries are at most 2 in size. */
    private static float[] narrow(double[] x) {
        if (x == null) {
            return null;
        }
        float[] f = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            f[k] = (float) x[k];
        }
        return f;
    }

    /** {@code wide} rounded into {@code out} from {@code offset}; {@link Problem#OUT_OF_RANGE} on float overflow. */
    private static void narrowInto(double[] wide, float[] out, int offset, String what) {
        for (int k = 0; k < wide.length; k++) {
            float f = (float) wide[k];
            if (Float.isInfinite(f)) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, what + " " + k + " = " + wide[k]
                        + " exceeds the float range; scale the input down or use double");
            }
            out[offset + k] = f;
        }
    }
}
