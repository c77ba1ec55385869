package io.github.eigengrad.runtime;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The pullback of a generalised problem (docs/math.md section 12): dL/dA and dL/dB (each
 * symmetric, per entry through sym) and the report of the method, as {@link PullbackResult}.
 * Immutable.
 */
public final class GeneralizedPullbackResult {
    private final int size;
    private final double[] gradient;
    private final double[] gradientB;
    private final OptionalLong iterationsUsed;
    private final double maxPairError;
    private final OptionalDouble gradientBound;
    private final double shift;
    private final List<String> warnings;

    GeneralizedPullbackResult(int size, double[] gradient, double[] gradientB, OptionalLong iterationsUsed,
            double maxPairError, OptionalDouble gradientBound, double shift, List<String> warnings) {
        this.size = size;
        this.gradient = gradient;
        this.gradientB = gradientB;
        this.iterationsUsed = iterationsUsed;
        this.maxPairError = maxPairError;
        this.gradientBound = gradientBound;
        this.shift = shift;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * The size n.
     *
     * @return n
     */
    public int size() {
        return size;
    }

    /**
     * dL/dA as rows, symmetric.
     *
     * @return a copy of dL/dA
     */
    public double[][] gradient() {
        return MatrixInput.rows(gradient, size);
    }

    /**
     * dL/dA row-major.
     *
     * @return a copy of dL/dA, n*n
     */
    public double[] gradientRowMajor() {
        return gradient.clone();
    }

    /**
     * dL/dB as rows, symmetric.
     *
     * @return a copy of dL/dB
     */
    public double[][] gradientB() {
        return MatrixInput.rows(gradientB, size);
    }

    /**
     * dL/dB row-major.
     *
     * @return a copy of dL/dB, n*n
     */
    public double[] gradientBRowMajor() {
        return gradientB.clone();
    }

    /**
     * The K used (the largest per-pair K for adaptive); empty for analytic.
     *
     * @return K, or empty
     */
    public OptionalLong iterationsUsed() {
        return iterationsUsed;
    }

    /**
     * The largest {@code r^K} over all pairs (0 for analytic): the relative error of the series.
     *
     * @return the largest pair error
     */
    public double maxPairError() {
        return maxPairError;
    }

    /**
     * The bound on {@code ||dL/dA||_F} of docs/math.md section 12, with {@code ||V||_F^2} as the
     * upper estimate of {@code ||B^-1||_2}; empty for analytic.
     *
     * @return the bound, or empty
     */
    public OptionalDouble gradientBound() {
        return gradientBound;
    }

    /**
     * The shift of the series (docs/math.md section 4).
     *
     * @return the shift
     */
    public double shift() {
        return shift;
    }

    /**
     * Warnings, e.g. the pairs the analytic method masked.
     *
     * @return the warnings (immutable)
     */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "GeneralizedPullbackResult[n=" + size + ", iterationsUsed=" + iterationsUsed + ", maxPairError="
                + maxPairError + ", gradientBound=" + gradientBound + ", shift=" + shift + ", warnings=" + warnings + "]";
    }
}
