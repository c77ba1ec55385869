package io.github.eigengrad.runtime;

/**
 * A generated pushforward (forward mode, docs/math.md section 9): given the forward result and
 * a tangent {@code ADot} of the input, writes the tangents of the eigenvalues and eigenvectors,
 * {@code lambdaDot = diag(W)}, {@code VDot = V (F o W)}, {@code W = V^T sym(ADot) V}. It is
 * the exact transpose of the {@link PullbackRule} of the same method. Generated classes also
 * offer static methods with array offsets, the method's parameters and a
 * {@link PushforwardReport}.
 */
public interface PushforwardRule {
    /** The size used by {@link #size()} for a rule that serves every n. */
    int GENERAL = -1;

    /**
     * n for a fixed-size rule, {@link #GENERAL} for a general-n rule.
     *
     * @return n, or {@link #GENERAL} for a general-n rule
     */
    int size();

    /**
     * Writes the tangents with the parameters the rule was generated with.
     *
     * @param values the eigenvalues, length n, descending
     * @param vectors V row-major, n*n; column j is eigenvector j
     * @param tangent ADot row-major, n*n (any matrix: only its symmetric part acts), or null for zero
     * @param valuesDot overwritten with the tangents of the eigenvalues, length n
     * @param vectorsDot overwritten with the tangent of V row-major, n*n (column j is that of v_j)
     */
    void pushforward(double[] values, double[] vectors, double[] tangent, double[] valuesDot, double[] vectorsDot);
}
