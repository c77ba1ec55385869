package io.github.eigengrad.runtime;

/**
 * A pushforward rule for complex Hermitian matrices in the phase gauge (docs/math.md section
 * 13), the exact transpose of {@link HermitianPullbackRule} with the same method; matrices
 * interleaved as there.
 */
public interface HermitianPushforwardRule {
    /** The size of a rule that serves any n. */
    int GENERAL = -1;

    /**
     * The size n this rule serves, or {@link #GENERAL}.
     *
     * @return n, or {@link #GENERAL}
     */
    int size();

    /**
     * Writes the tangents of the eigenvalues and of V along ADot (only its Hermitian part acts).
     *
     * @param values the eigenvalues, length n, descending
     * @param vectors V interleaved, 2 n^2, in the phase gauge
     * @param tangent ADot interleaved, 2 n^2, or null for zero
     * @param valuesDot overwritten with the tangents of the eigenvalues, length n
     * @param vectorsDot overwritten with the tangents of V, interleaved, 2 n^2
     */
    void pushforward(double[] values, double[] vectors, double[] tangent, double[] valuesDot, double[] vectorsDot);
}
