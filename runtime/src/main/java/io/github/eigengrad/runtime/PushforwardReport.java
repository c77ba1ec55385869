package io.github.eigengrad.runtime;

/**
 * What a generated pushforward reports besides the tangents (docs/math.md section 9), written
 * in place so the hot path allocates nothing. Reuse one instance per thread; not thread-safe.
 * For the analytic method {@link #iterationsUsed()} and {@link #vectorsDotBound()} are -1
 * (there is none) and {@link #maxPairError()} is 0.
 */
public final class PushforwardReport {
    private double shift;
    private long iterationsUsed;
    private double maxPairError;
    private double vectorsDotBound;

    /**
     * Called by generated code.
     *
     * @param shift the amount added to every eigenvalue before the series is formed (0 if none)
     * @param iterationsUsed K, or the largest K of a pair for the adaptive method (-1 for analytic)
     * @param maxPairError the largest relative truncation error r^K over the pairs
     * @param vectorsDotBound {@code max |F_ij| ||W - diag(W)||_F}, a bound on ||VDot||_F (-1 for analytic)
     */
    public void set(double shift, double iterationsUsed, double maxPairError, double vectorsDotBound) {
        this.shift = shift;
        this.iterationsUsed = (long) iterationsUsed; // a whole number (or -1) as the rule computed it
        this.maxPairError = maxPairError;
        this.vectorsDotBound = vectorsDotBound;
    }

    /**
     * The amount added to every eigenvalue before the series was formed (0 if none).
     *
     * @return the shift
     */
    public double shift() {
        return shift;
    }

    /**
     * K, or the largest per-pair K for the adaptive method; -1 for analytic.
     *
     * @return K used
     */
    public long iterationsUsed() {
        return iterationsUsed;
    }

    /**
     * The largest relative truncation error r^K over the pairs; 0 for analytic.
     *
     * @return the largest r^K
     */
    public double maxPairError() {
        return maxPairError;
    }

    /**
     * The bound {@code max |F_ij| ||W - diag(W)||_F} on ||VDot||_F; -1 for analytic.
     *
     * @return the bound on the Frobenius norm of the eigenvector tangents
     */
    public double vectorsDotBound() {
        return vectorsDotBound;
    }
}
