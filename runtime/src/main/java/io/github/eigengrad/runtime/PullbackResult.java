package io.github.eigengrad.runtime;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The gradient {@code dL/dA} (symmetric, n x n) and what docs/math.md section 5 asks to report
 * about it. Immutable: array accessors return copies.
 */
public final class PullbackResult {
    private final int size;
    private final double[] gradient;
    private final OptionalLong iterationsUsed;
    private final double maxPairError;
    private final OptionalDouble gradientBound;
    private final double shift;
    private final List<String> warnings;

    PullbackResult(int size, double[] gradient, OptionalLong iterationsUsed, double maxPairError,
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
     * The size of the matrix.
     *
     * @return n
     */
    public int size() {
        return size;
    }

    /**
     * dL/dA as {@code double[n][n]} (a copy).
     *
     * @return dL/dA, n x n, a fresh copy
     */
    public double[][] gradient() {
        return MatrixInput.rows(gradient, size);
    }

    /**
     * dL/dA row-major, length n*n (a copy).
     *
     * @return dL/dA row-major, a fresh copy
     */
    public double[] gradientRowMajor() {
        return gradient.clone();
    }

    /**
     * K, or the largest per-pair K of the adaptive method; empty for the analytic method.
     *
     * @return K, or the largest K of a pair; empty for analytic
     */
    public OptionalLong iterationsUsed() {
        return iterationsUsed;
    }

    /**
     * The largest relative truncation error r^K accepted over the pairs; 0 for the analytic method.
     *
     * @return the largest relative truncation error r^K over the pairs (0 for analytic)
     */
    public double maxPairError() {
        return maxPairError;
    }

    /**
     * The bound on ||dL/dA||_F of docs/math.md section 5; empty for the analytic method.
     *
     * @return the bound on ||dL/dA||_F; empty for analytic
     */
    public OptionalDouble gradientBound() {
        return gradientBound;
    }

    /**
     * The amount added to every eigenvalue before the series was formed; 0 if none.
     *
     * @return the shift added to every eigenvalue before the series (0 if none)
     */
    public double shift() {
        return shift;
    }

    /**
     * Warnings, e.g. the pairs the analytic method masked; empty if none.
     *
     * @return the warnings, e.g. masked pairs (immutable)
     */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "PullbackResult[n=" + size + ", iterationsUsed=" + iterationsUsed + ", maxPairError=" + maxPairError
                + ", gradientBound=" + gradientBound + ", shift=" + shift + ", warnings=" + warnings + "]";
    }
}
