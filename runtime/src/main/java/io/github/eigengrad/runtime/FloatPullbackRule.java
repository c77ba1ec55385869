package io.github.eigengrad.runtime;

/**
 * A generated pullback in single precision (docs/math.md section 11): the arrays and the
 * arithmetic are {@code float}; the layout, order and contract are those of {@link PullbackRule}.
 */
public interface FloatPullbackRule {
    /** The size for a general-n rule. */
    int GENERAL = PullbackRule.GENERAL;

    /**
     * The size n this rule serves, or {@link #GENERAL}.
     *
     * @return n or {@link #GENERAL}
     */
    int size();

    /**
     * Writes dL/dA (row-major, symmetric) with the rule's default parameters.
     *
     * @param values the eigenvalues, descending
     * @param vectors V row-major (column j is eigenvector j)
     * @param valuesBar dL/dlambda, or null for zero
     * @param vectorsBar dL/dV row-major, or null for zero
     * @param gradient receives dL/dA row-major
     */
    void pullback(float[] values, float[] vectors, float[] valuesBar, float[] vectorsBar, float[] gradient);
}
