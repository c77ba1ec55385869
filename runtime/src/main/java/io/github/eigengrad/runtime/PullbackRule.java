package io.github.eigengrad.runtime;

/**
 * A generated pullback (the contract of docs/emission.md): given the forward result and the
 * cotangents, writes {@code dL/dA}. Generated classes also offer static methods that take
 * array offsets (for batches in flat arrays), the method's parameters (K, or tolerance and
 * Kmax, or the degeneracy tolerance) and a {@link PullbackReport}.
 */
public interface PullbackRule {
    /** The size used by {@link #size()} for a rule that serves every n. */
    int GENERAL = -1;

    /**
     * n for a fixed-size rule, {@link #GENERAL} for a general-n rule.
     *
     * @return n, or {@link #GENERAL} for a general-n rule
     */
    int size();

    /**
     * Writes the gradient with the parameters the rule was generated with.
     *
     * @param values the eigenvalues, length n, descending
     * @param vectors V row-major, n*n; column j is eigenvector j
     * @param valuesBar dL/dlambda, length n, or null for zero
     * @param vectorsBar dL/dV row-major, n*n, or null for zero
     * @param gradient overwritten with dL/dA, row-major n*n (symmetric)
     */
    void pullback(double[] values, double[] vectors, double[] valuesBar, double[] vectorsBar, double[] gradient);
}
