package io.github.eigengrad.runtime;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The pullback of a complex Hermitian decomposition (docs/math.md section 13): dL/dA, Hermitian,
 * in the convention {@code dL/dRe A + i dL/dIm A}, interleaved or as parts, with the report of the
 * method as {@link PullbackResult}. Immutable: every array accessor returns a fresh copy.
 */
public final class HermitianPullbackResult {
    private final int size;
    private final double[] gradient;
    private final OptionalLong iterationsUsed;
    private final double maxPairError;
    private final OptionalDouble gradientBound;
    private final double shift;
    private final List<String> warnings;

    HermitianPullbackResult(int size, double[] gradient, OptionalLong iterationsUsed, double maxPairError,
            OptionalDouble gradientBound, double shift, List<String> warnings) {
        this.size = size;
        this.gradient = gradient;
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
     * dL/dA interleaved row-major: entry (i, j) has its real part at {@code 2 (i n + j)}.
     *
     * @return a copy, 2 n^2 doubles
     */
    public double[] gradientInterleaved() {
        return gradient.clone();
    }

    /**
     * The real part of dL/dA as rows: {@code dL/dRe A}.
     *
     * @return a copy
     */
    public double[][] gradientRe() {
        return part(0);
    }

    /**
     * The imaginary part of dL/dA as rows: {@code dL/dIm A}.
     *
     * @return a copy
     */
    public double[][] gradientIm() {
        return part(1);
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
     * The largest {@code r^K} over all pairs (0 for analytic).
     *
     * @return the largest pair error
     */
    public double maxPairError() {
        return maxPairError;
    }

    /**
     * A bound on {@code ||dL/dA||_F}: {@code max|F| ||VBar'||_F} plus {@code ||lambdaBar||_2}
     * with the eigenvalue term, VBar' the gauge-corrected cotangent; empty for analytic.
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

    private double[][] part(int offset) {
        double[][] m = new double[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                m[i][j] = gradient[2 * (i * size + j) + offset];
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "HermitianPullbackResult[n=" + size + ", iterationsUsed=" + iterationsUsed + ", maxPairError="
                + maxPairError + ", gradientBound=" + gradientBound + ", shift=" + shift + ", warnings=" + warnings + "]";
    }
}
