package io.github.eigengrad.runtime;

/**
 * A generated pushforward in single precision (docs/math.md sections 9 and 11): the arrays
 * and the arithmetic are {@code float}; the layout and contract are those of
 * {@link PushforwardRule}.
 */
public interface FloatPushforwardRule {
    /** The size for a general-n rule. */
    int GENERAL = PushforwardRule.GENERAL;

    /**
     * The size n this rule serves, or {@link #GENERAL}.
     *
     * @return n or {@link #GENERAL}
     */
    int size();

    /**
     * Writes the tangents of the eigenvalues and eigenvectors along sym(ADot) with the rule's
     * default parameters.
     *
     * @param values the eigenvalues, descending
     * @param vectors V row-major (column j is eigenvector j)
     * @param tangent ADot row-major, or null for zero
     * @param valuesDot receives the eigenvalue tangents
     * @param vectorsDot receives the eigenvector tangents row-major
     */
    void pushforward(float[] values, float[] vectors, float[] tangent, float[] valuesDot, float[] vectorsDot);
}
