package io.github.eigengrad.runtime;

/**
 * What a generated pullback reports besides the gradient (docs/math.md section 5), written in
 * place so the hot path allocates nothing. Reuse one instance per thread; not thread-safe.
 * For the analytic method {@link #iterationsUsed()} and {@link #gradientBound()} are -1
 * (there is none) and {@link #maxPairError()} is 0.
 */
public final class PullbackReport {
    private double shift;
    private long iterationsUsed;
    private double maxPairError;
    private double gradientBound;

    /**
     * Called by generated code.
     *
     * @param shift the amount added to every eigenvalue before the series is formed (0 if none)
     * @param iterationsUsed K, or the largest K of a pair for the adaptive method (-1 for analytic),
     *        a whole number at most 2^53 as the rule's arithmetic computes it
     * @param maxPairError the largest relative truncation error r^K over the pairs
     * @param gradientBound the bound on ||dL/dA||_F of the method (-1 for analytic)
     */
    public void set(double shift, double iterationsUsed, double maxPairError, double gradientBound) {
        this.shift = shift;
        this.iterationsUsed = (long) iterationsUsed; // a whole number (or -1) as the rule computed it
        this.maxPairError = maxPairError;
        this.gradientBound = gradientBound;
    }

    /**
     * The amount added to every eigenvalue before the series was formed (0 if none).
     *
     * @return the shift added to every eigenvalue before the series (0 if none)
     */
    public double shift() {
        return shift;
    }

    /**
     * K, or the largest per-pair K for the adaptive method; -1 for analytic.
     *
     * @return K, or the largest K of a pair (adaptive); -1 for analytic
     */
    public long iterationsUsed() {
        return iterationsUsed;
    }

    /**
     * The largest relative truncation error r^K accepted over the pairs; 0 for analytic.
     *
     * @return the largest relative truncation error r^K over the pairs (0 for analytic)
     */
    public double maxPairError() {
        return maxPairError;
    }

    /**
     * The bound on ||dL/dA||_F of docs/math.md section 5; -1 for analytic.
     *
     * @return the bound on ||dL/dA||_F (-1 for analytic)
     */
    public double gradientBound() {
        return gradientBound;
    }
}
