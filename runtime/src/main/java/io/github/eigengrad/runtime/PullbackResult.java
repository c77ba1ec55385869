package io.github.eigengrad.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The gradient {@code dL/dA} (symmetric, n x n) and what MATH.md section 5 asks to report
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

    public int size() {
        return size;
    }

    /** dL/dA as {@code double[n][n]} (a copy). */
    public double[][] gradient() {
        double[][] g = new double[size][];
        for (int i = 0; i < size; i++) {
            g[i] = Arrays.copyOfRange(gradient, i * size, (i + 1) * size);
        }
        return g;
    }

    /** dL/dA row-major, length n*n (a copy). */
    public double[] gradientRowMajor() {
        return gradient.clone();
    }

    /** K, or the largest per-pair K of the adaptive method; empty for the analytic method. */
    public OptionalLong iterationsUsed() {
        return iterationsUsed;
    }

    /** The largest relative truncation error r^K accepted over the pairs; 0 for the analytic method. */
    public double maxPairError() {
        return maxPairError;
    }

    /** The bound on ||dL/dA||_F of MATH.md section 5; empty for the analytic method. */
    public OptionalDouble gradientBound() {
        return gradientBound;
    }

    /** The amount added to every eigenvalue before the series was formed; 0 if none. */
    public double shift() {
        return shift;
    }

    /** Warnings, e.g. the pairs the analytic method masked; empty if none. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "PullbackResult[n=" + size + ", iterationsUsed=" + iterationsUsed + ", maxPairError=" + maxPairError
                + ", gradientBound=" + gradientBound + ", shift=" + shift + ", warnings=" + warnings + "]";
    }
}
