package io.github.eigengrad.runtime;

/**
 * A pullback rule that also serves the generalised problem {@code A v = lambda B v}
 * (docs/math.md section 12): what the Maven plugin, the annotation processor and
 * {@code eigengrad generate} write for {@code problem = generalized}, and the runtime's own
 * double rules. Generated rules override the generalised method with their fused
 * {@code pullbackGeneralized}; the default lifts the rule's standard method by
 * {@link GeneralizedRules} (two calls).
 */
public interface GeneralizedPullbackRule extends PullbackRule {
    /**
     * Writes dL/dA and dL/dB of the generalised problem with this rule's method and parameters.
     *
     * @param values the generalised eigenvalues, length n, descending
     * @param vectors the B-orthonormal V row-major, n*n
     * @param valuesBar dL/dlambda, length n, or null for zero
     * @param vectorsBar dL/dV row-major, n*n, or null for zero
     * @param gradient overwritten with dL/dA, n*n (symmetric)
     * @param gradientB overwritten with dL/dB, n*n (symmetric)
     */
    default void pullback(double[] values, double[] vectors, double[] valuesBar, double[] vectorsBar,
            double[] gradient, double[] gradientB) {
        GeneralizedRules.pullback(this, values, vectors, valuesBar, vectorsBar, gradient, gradientB);
    }
}
