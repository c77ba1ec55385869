package io.github.eigengrad.runtime;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The pushforward of a complex Hermitian decomposition (docs/math.md section 13): the tangents of
 * the eigenvalues (real) and of V (interleaved, keeping each gauge entry real) along ADot, with
 * the report of the method. Immutable: every array accessor returns a fresh copy.
 */
public final class HermitianPushforwardResult {
    private final int size;
    private final double[] valuesDot;
    private final double[] vectorsDot;
    private final OptionalLong iterationsUsed;
    private final double maxPairError;
    private final OptionalDouble vectorsDotBound;
    private final double shift;
    private final List<String> warnings;

    HermitianPushforwardResult(int size, double[] valuesDot, double[] vectorsDot, OptionalLong iterationsUsed,
            double maxPairError, OptionalDouble vectorsDotBound, double shift, List<String> warnings) {
        this.size = size;
        this.valuesDot = valuesDot;
        this.vectorsDot = vectorsDot;
        this.iterationsUsed = iterationsUsed;
        this.maxPairError = maxPairError;
        this.vectorsDotBound = vectorsDotBound;
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
     * The tangents of the eigenvalues.
     *
     * @return a copy, n doubles
     */
    public double[] valuesDot() {
        return valuesDot.clone();
    }

    /**
     * The tangent of V, interleaved row-major.
     *
     * @return a copy, 2 n^2 doubles
     */
    public double[] vectorsDotInterleaved() {
        return vectorsDot.clone();
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
     * A bound on {@code ||VDot||_F}: {@code (1 + sqrt(n)) max|F| ||offdiag(W)||_F}; empty for
     * analytic.
     *
     * @return the bound, or empty
     */
    public OptionalDouble vectorsDotBound() {
        return vectorsDotBound;
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
        return "HermitianPushforwardResult[n=" + size + ", iterationsUsed=" + iterationsUsed + ", maxPairError="
                + maxPairError + ", vectorsDotBound=" + vectorsDotBound + ", shift=" + shift + ", warnings="
                + warnings + "]";
    }
}
