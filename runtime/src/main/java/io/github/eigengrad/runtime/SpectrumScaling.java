package io.github.eigengrad.runtime;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.RuleConstants;

/**
 * The prologue of every generated pullback rule: the values must be descending, and a
 * spectrum outside the direct range is pulled back in scaled units (an exact power-of-two
 * identity, docs/numerics.md), so nothing under- or overflows on the way to a representable
 * gradient.
 */
public final class SpectrumScaling {
    private SpectrumScaling() {}

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
                throw unordered(k, values[valuesOffset + k], values[valuesOffset + k + 1]);
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

    /** {@link Problem#UNORDERED}: values[k] = a is below values[k + 1] = b. */
    static InvalidInputException unordered(int k, Number a, Number b) {
        return new InvalidInputException(Problem.UNORDERED, "values must be descending (the order of "
                + "SymmetricEigensolver), but values[" + k + "] = " + a + " < values[" + (k + 1) + "] = " + b);
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
        /** 1 for real matrices, 2 for interleaved complex ones (docs/math.md section 13). */
        private final int parts;
        /** sigma lambda, from index 0. */
        public final double[] values;
        /** lambdaBar / c from index 0, or null. */
        public final double[] valuesBar;
        /** sigma VBar / c from index 0, or null. */
        public final double[] vectorsBar;

        private Scaled(double sigma, int cExponent, double[] values, double[] valuesBar, double[] vectorsBar,
                int parts) {
            this.sigma = sigma;
            this.cExponent = cExponent;
            this.parts = parts;
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
            int nn = n * n * parts;
            for (int k = 0; k < nn; k++) {
                double g = Math.scalb(gradient[gradientOffset + k], cExponent);
                if (Double.isInfinite(g)) {
                    throw new InvalidInputException(Problem.OUT_OF_RANGE, "the gradient entry (" + k / parts / n + ", "
                            + k / parts % n + ") exceeds the double range (eigenvalues of order "
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

        /**
         * Turns dL/dB of a generalised pullback (docs/math.md section 12) written from the
         * scaled inputs into that of the original ones: {@code BBar = -V (Z diag(lambda) + ...) V^T}
         * is of degree one in lambda more than dL/dA, so it scales by {@code c / sigma}. Fails
         * with {@link Problem#OUT_OF_RANGE} if an entry exceeds the double range.
         *
         * @param n the size of the matrix (n x n), at least 1
         * @param gradientB dL/dB row-major, from {@code gradientBOffset}
         * @param gradientBOffset the index of the first entry of {@code gradientB}
         */
        public void finishB(int n, double[] gradientB, int gradientBOffset) {
            int exponent = cExponent - Math.getExponent(sigma);
            int nn = n * n;
            for (int k = 0; k < nn; k++) {
                double g = Math.scalb(gradientB[gradientBOffset + k], exponent);
                if (Double.isInfinite(g)) {
                    throw new InvalidInputException(Problem.OUT_OF_RANGE, "the gradient entry (" + k / n + ", "
                            + k % n + ") of B exceeds the double range (eigenvalues of order " + (1 / sigma)
                            + " with cotangents of this size)");
                }
                gradientB[gradientBOffset + k] = g;
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
        return scale(n, 1, sigma, values, valuesOffset, valuesBar, valuesBarOffset, vectorsBar, vectorsBarOffset);
    }

    /**
     * {@link #scale} for a complex Hermitian rule (docs/math.md section 13): VBar and the
     * gradient interleaved (2 n^2 doubles). Its pullback is linear in the cotangents and F is of
     * degree -1 in lambda, so the identity of {@link Scaled} holds as for real matrices.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param sigma the power of two from {@link #checkSpectrum}
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param valuesBar dL/dlambda from {@code valuesBarOffset}, or null for zero
     * @param valuesBarOffset the index of the first entry of {@code valuesBar}
     * @param vectorsBar dL/dV interleaved from {@code vectorsBarOffset}, or null for zero
     * @param vectorsBarOffset the index of the first entry of {@code vectorsBar}
     * @return the scaled inputs
     */
    public static Scaled scaleComplex(int n, double sigma, double[] values, int valuesOffset, double[] valuesBar,
            int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset) {
        return scale(n, 2, sigma, values, valuesOffset, valuesBar, valuesBarOffset, vectorsBar, vectorsBarOffset);
    }

    private static Scaled scale(int n, int parts, double sigma, double[] values, int valuesOffset, double[] valuesBar,
            int valuesBarOffset, double[] vectorsBar, int vectorsBarOffset) {
        int nn = n * n * parts;
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
        double[] scaledValues = scaledValues(n, sigma, values, valuesOffset);
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
        return new Scaled(sigma, cExponent, scaledValues, scaledValuesBar, scaledVectorsBar, parts);
    }

    /**
     * The inputs of a pushforward in scaled units, for a spectrum outside the direct range:
     * {@code lambdaDot} is linear in the tangent and free of lambda, {@code VDot} linear in the
     * tangent and homogeneous of degree -1 in lambda, so for powers of two sigma and c
     * <pre>lambdaDot(lambda, ADot) = c lambdaDot(sigma lambda, ADot / c),
     * VDot(lambda, ADot) = c sigma VDot(sigma lambda, ADot / c)</pre>
     * exactly, with c the power of two near {@code max|ADot|}.
     */
    public static final class ScaledTangent {
        private final double sigma;
        private final int cExponent;
        /** 1 for real matrices, 2 for interleaved complex ones. */
        private final int parts;
        /** sigma lambda, from index 0. */
        public final double[] values;
        /** ADot / c from index 0, or null. */
        public final double[] tangent;
        /** BDot / (c sigma) from index 0 ({@link #scaleTangents}), or null. */
        public final double[] tangentB;

        private ScaledTangent(double sigma, int cExponent, double[] values, double[] tangent, double[] tangentB,
                int parts) {
            this.sigma = sigma;
            this.cExponent = cExponent;
            this.parts = parts;
            this.values = values;
            this.tangent = tangent;
            this.tangentB = tangentB;
        }

        /**
         * Turns the tangents the rule wrote from the scaled inputs into those of the original
         * ones, and the report back into original units; fails with {@link Problem#OUT_OF_RANGE}
         * if a tangent itself exceeds the double range.
         *
         * @param n the size of the matrix (n x n), at least 1
         * @param valuesDot the eigenvalue tangents, from {@code valuesDotOffset}
         * @param valuesDotOffset the index of the first entry of {@code valuesDot}
         * @param vectorsDot the eigenvector tangents row-major, from {@code vectorsDotOffset}
         * @param vectorsDotOffset the index of the first entry of {@code vectorsDot}
         * @param report receives the shift, K used, largest r^K and the bound; may be null
         */
        public void finish(int n, double[] valuesDot, int valuesDotOffset, double[] vectorsDot, int vectorsDotOffset,
                PushforwardReport report) {
            int vectorsExponent = cExponent + Math.getExponent(sigma);
            for (int k = 0; k < n; k++) {
                valuesDot[valuesDotOffset + k] = scaled(valuesDot[valuesDotOffset + k], cExponent, "valuesDot", k);
            }
            for (int k = 0; k < n * n * parts; k++) {
                vectorsDot[vectorsDotOffset + k] = scaled(vectorsDot[vectorsDotOffset + k], vectorsExponent,
                        "vectorsDot", k);
            }
            if (report != null) {
                double bound = report.vectorsDotBound() < 0 ? report.vectorsDotBound()
                        : Math.scalb(report.vectorsDotBound(), vectorsExponent);
                report.set(report.shift() / sigma, report.iterationsUsed(), report.maxPairError(), bound);
            }
        }

        private double scaled(double x, int exponent, String name, int k) {
            double y = Math.scalb(x, exponent);
            if (Double.isInfinite(y)) {
                throw new InvalidInputException(Problem.OUT_OF_RANGE, "the pushforward's " + name + " entry " + k
                        + " exceeds the double range (eigenvalues of order " + (1 / sigma)
                        + " with a tangent of this size)");
            }
            return y;
        }
    }

    /**
     * The scaled inputs of {@link ScaledTangent} for the factor {@code sigma} returned by
     * {@link #checkSpectrum}; the tangent may be null (zero). A non-finite entry is carried
     * along, and the rule called on the scaled inputs names it.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param sigma the power of two from {@link #checkSpectrum}
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param tangent ADot row-major from {@code tangentOffset}, or null for zero
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     * @return the scaled inputs
     */
    public static ScaledTangent scaleTangent(int n, double sigma, double[] values, int valuesOffset, double[] tangent,
            int tangentOffset) {
        return scaleTangent(n, 1, sigma, values, valuesOffset, tangent, tangentOffset);
    }

    /**
     * {@link #scaleTangent} for a complex Hermitian rule (docs/math.md section 13): ADot and
     * the eigenvector tangents interleaved (2 n^2 doubles), the homogeneity as for real matrices.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param sigma the power of two from {@link #checkSpectrum}
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param tangent ADot interleaved from {@code tangentOffset}, or null for zero
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     * @return the scaled inputs
     */
    public static ScaledTangent scaleComplexTangent(int n, double sigma, double[] values, int valuesOffset,
            double[] tangent, int tangentOffset) {
        return scaleTangent(n, 2, sigma, values, valuesOffset, tangent, tangentOffset);
    }

    private static ScaledTangent scaleTangent(int n, int parts, double sigma, double[] values, int valuesOffset,
            double[] tangent, int tangentOffset) {
        int nn = n * n * parts;
        int largest = largestExponent(tangent, tangentOffset, nn);
        int cExponent = largest == Integer.MIN_VALUE ? 0 : largest;
        return new ScaledTangent(sigma, cExponent, scaledValues(n, sigma, values, valuesOffset),
                scaledCopy(tangent, tangentOffset, nn, -cExponent), null, parts);
    }

    /**
     * {@link #scaleTangent} for a generalised pushforward (docs/math.md section 12) along (ADot,
     * BDot). Its tangents along BDot are of degree 0 in lambda ({@code F o (WB diag(l))} and
     * {@code diag(WB)/2}), those along ADot of degree -1, so BDot goes in as
     * {@code BDot / (c sigma)}: then the tangents of the scaled inputs are those of the original
     * ones over c (values) and over {@code c sigma} (vectors), as for the standard rule, and
     * {@link ScaledTangent#finish} applies unchanged. c is the power of two near the larger of
     * {@code max|ADot|} and {@code max|BDot| / sigma}.
     *
     * @param n the size of the matrix (n x n), at least 1
     * @param sigma the power of two from {@link #checkSpectrum}
     * @param values the eigenvalues, descending, from {@code valuesOffset}
     * @param valuesOffset the index of the first eigenvalue in {@code values}
     * @param tangent ADot row-major from {@code tangentOffset}, or null for zero
     * @param tangentOffset the index of ADot[0][0] in {@code tangent}
     * @param tangentB BDot row-major from {@code tangentBOffset}, or null for zero
     * @param tangentBOffset the index of BDot[0][0] in {@code tangentB}
     * @return the scaled inputs
     */
    public static ScaledTangent scaleTangents(int n, double sigma, double[] values, int valuesOffset, double[] tangent,
            int tangentOffset, double[] tangentB, int tangentBOffset) {
        int nn = n * n;
        int sigmaExponent = Math.getExponent(sigma);
        int a = largestExponent(tangent, tangentOffset, nn);
        int b = largestExponent(tangentB, tangentBOffset, nn);
        int cExponent = Math.max(a, b == Integer.MIN_VALUE ? Integer.MIN_VALUE : b - sigmaExponent);
        if (cExponent == Integer.MIN_VALUE) {
            cExponent = 0;
        }
        return new ScaledTangent(sigma, cExponent, scaledValues(n, sigma, values, valuesOffset),
                scaledCopy(tangent, tangentOffset, nn, -cExponent),
                scaledCopy(tangentB, tangentBOffset, nn, -cExponent - sigmaExponent), 1);
    }

    /** The binary exponent of the largest finite magnitude among the entries, or MIN_VALUE for none or zero. */
    private static int largestExponent(double[] a, int offset, int count) {
        if (a == null) {
            return Integer.MIN_VALUE;
        }
        double m = 0;
        for (int k = 0; k < count; k++) {
            m = Math.max(m, Math.abs(a[offset + k]));
        }
        return m == 0 || !(m < Double.POSITIVE_INFINITY) ? Integer.MIN_VALUE : MatrixInput.exponentOf(m);
    }

    /** {@code a 2^exponent} from index 0, or null. */
    private static double[] scaledCopy(double[] a, int offset, int count, int exponent) {
        if (a == null) {
            return null;
        }
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            out[k] = Math.scalb(a[offset + k], exponent);
        }
        return out;
    }

    /** sigma lambda, from index 0. */
    private static double[] scaledValues(int n, double sigma, double[] values, int valuesOffset) {
        double[] scaled = new double[n];
        for (int k = 0; k < n; k++) {
            scaled[k] = values[valuesOffset + k] * sigma;
        }
        return scaled;
    }
}
