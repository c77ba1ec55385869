package io.github.eigengrad.runtime;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The forward result and its tangents along {@code sym(ADot)} (docs/math.md section 9): the
 * eigenvalues and eigenvectors, {@code valuesDot = diag(W)} and {@code vectorsDot = V (F o W)},
 * with what the method reports. Immutable: array accessors return copies.
 */
public final class PushforwardResult {
    private final SymmetricEigendecomposition forward;
    private final double[] valuesDot;
    private final double[] vectorsDot;
    private final OptionalLong iterationsUsed;
    private final double maxPairError;
    private final OptionalDouble vectorsDotBound;
    private final double shift;
    private final List<String> warnings;

    PushforwardResult(SymmetricEigendecomposition forward, double[] valuesDot, double[] vectorsDot,
            OptionalLong iterationsUsed, double maxPairError, OptionalDouble vectorsDotBound, double shift,
            List<String> warnings) {
        this.forward = forward;
        this.valuesDot = valuesDot;
        this.vectorsDot = vectorsDot;
        this.iterationsUsed = iterationsUsed;
        this.maxPairError = maxPairError;
        this.vectorsDotBound = vectorsDotBound;
        this.shift = shift;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * The decomposition the tangents belong to.
     *
     * @return the eigendecomposition (values descending, gauge-fixed vectors)
     */
    public SymmetricEigendecomposition decomposition() {
        return forward;
    }

    /**
     * The size of the matrix.
     *
     * @return n
     */
    public int size() {
        return forward.size();
    }

    /**
     * The eigenvalues, descending (a copy).
     *
     * @return the eigenvalues
     */
    public double[] values() {
        return forward.values();
    }

    /**
     * The eigenvectors as rows (column j is v_j; a copy).
     *
     * @return V, n x n
     */
    public double[][] vectors() {
        return forward.vectors();
    }

    /**
     * The tangents of the eigenvalues, {@code W_ii} (zero in paper mode; a copy).
     *
     * @return lambdaDot, length n
     */
    public double[] valuesDot() {
        return valuesDot.clone();
    }

    /**
     * The tangent of V as rows: column j is the tangent of v_j (a copy).
     *
     * @return VDot, n x n
     */
    public double[][] vectorsDot() {
        return MatrixInput.rows(vectorsDot, size());
    }

    /**
     * The tangent of V row-major, length n*n (a copy).
     *
     * @return VDot row-major
     */
    public double[] vectorsDotRowMajor() {
        return vectorsDot.clone();
    }

    /**
     * K, or the largest per-pair K of the adaptive method; empty for the analytic method.
     *
     * @return K used; empty for analytic
     */
    public OptionalLong iterationsUsed() {
        return iterationsUsed;
    }

    /**
     * The largest relative truncation error r^K over the pairs; 0 for the analytic method.
     *
     * @return the largest r^K (0 for analytic)
     */
    public double maxPairError() {
        return maxPairError;
    }

    /**
     * The bound {@code max |F_ij| ||W - diag(W)||_F} on ||VDot||_F; empty for the analytic method.
     *
     * @return the bound on the Frobenius norm of the eigenvector tangents; empty for analytic
     */
    public OptionalDouble vectorsDotBound() {
        return vectorsDotBound;
    }

    /**
     * The amount added to every eigenvalue before the series was formed; 0 if none.
     *
     * @return the shift (0 if none)
     */
    public double shift() {
        return shift;
    }

    /**
     * Warnings, e.g. the pairs the analytic method masked; empty if none.
     *
     * @return the warnings (immutable)
     */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "PushforwardResult[n=" + size() + ", iterationsUsed=" + iterationsUsed + ", maxPairError="
                + maxPairError + ", vectorsDotBound=" + vectorsDotBound + ", shift=" + shift + ", warnings="
                + warnings + "]";
    }
}
