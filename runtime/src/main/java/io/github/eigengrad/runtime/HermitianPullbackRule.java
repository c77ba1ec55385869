package io.github.eigengrad.runtime;

/**
 * A pullback rule for complex Hermitian matrices in the phase gauge (docs/math.md section 13):
 * what the generator writes for {@code field = complex}. The matrices are interleaved
 * row-major (entry (i, j): real part at {@code 2 (i n + j)}, imaginary part next to it), the
 * cotangent convention {@code VBar = dL/dRe V + i dL/dIm V}, and the gradient likewise.
 */
public interface HermitianPullbackRule {
    /** The size of a rule that serves any n. */
    int GENERAL = -1;

    /**
     * The size n this rule serves, or {@link #GENERAL}.
     *
     * @return n, or {@link #GENERAL}
     */
    int size();

    /**
     * Writes dL/dA with the rule's method and default parameters.
     *
     * @param values the eigenvalues, length n, descending
     * @param vectors V interleaved, 2 n^2, in the phase gauge
     * @param valuesBar dL/dlambda, length n, or null for zero
     * @param vectorsBar dL/dV interleaved, 2 n^2, or null for zero
     * @param gradient overwritten with dL/dA interleaved, 2 n^2 (Hermitian)
     */
    void pullback(double[] values, double[] vectors, double[] valuesBar, double[] vectorsBar, double[] gradient);
}
