package io.github.eigengrad.runtime;

/**
 * A pushforward rule that also serves the generalised problem {@code A v = lambda B v}
 * (docs/math.md section 12), as {@link GeneralizedPullbackRule} does for the pullback:
 * generated rules override the generalised method with their fused
 * {@code pushforwardGeneralized}; the default lifts the standard method.
 */
public interface GeneralizedPushforwardRule extends PushforwardRule {
    /**
     * Writes the tangents of the generalised problem along (ADot, BDot) with this rule's method.
     *
     * @param values the generalised eigenvalues, length n, descending
     * @param vectors the B-orthonormal V row-major, n*n
     * @param tangent ADot row-major, n*n, or null for zero
     * @param tangentB BDot row-major, n*n, or null for zero
     * @param valuesDot overwritten with the tangents of the eigenvalues, length n
     * @param vectorsDot overwritten with the tangents of V, n*n
     */
    default void pushforward(double[] values, double[] vectors, double[] tangent, double[] tangentB,
            double[] valuesDot, double[] vectorsDot) {
        GeneralizedRules.pushforward(this, values, vectors, tangent, tangentB, valuesDot, vectorsDot);
    }
}
