package io.github.eigengrad.runtime;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The pushforward of a generalised problem (docs/math.md section 12): the tangents of the
 * eigenvalues and of the B-orthonormal eigenvectors along (ADot, BDot), with the report of the
 * method. Immutable.
 */
public final class GeneralizedPushforwardResult {
    private final GeneralizedEigendecomposition forward;
    private final double[] valuesDot;
    private final double[] vectorsDot;
    private final OptionalLong iterationsUsed;
    private final double maxPairError;
    private final OptionalDouble vectorsDotBound;
    private final double shift;
    private final List<String> warnings;

    GeneralizedPushforwardResult(GeneralizedEigendecomposition forward, double[] valuesDot, double[] vectorsDot,
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
     * @return the decomposition
     */
    public GeneralizedEigendecomposition decomposition() {
        return forward;
    }

    /**
     * The tangents of the eigenvalues.
     *
     * @return a copy of lambdaDot (n)
     */
    public double[] valuesDot() {
        return valuesDot.clone();
    }

    /**
     * The tangents of the eigenvectors as rows (column j is the tangent of v_j).
     *
     * @return a copy of VDot
     */
    public double[][] vectorsDot() {
        return MatrixInput.rows(vectorsDot, forward.size());
    }

    /**
     * VDot row-major.
     *
     * @return a copy of VDot, n*n
     */
    public double[] vectorsDotRowMajor() {
        return vectorsDot.clone();
    }

    /**
     * The K used; empty for analytic.
     *
     * @return K, or empty
     */
    public OptionalLong iterationsUsed() {
        return iterationsUsed;
    }

    /**
     * The largest {@code r^K} over all pairs (0 for analytic).
     *
     * @return the largest pair error
     */
    public double maxPairError() {
        return maxPairError;
    }

    /**
     * A bound on {@code ||VDot||_F}: {@code ||V||_F (max|F| ||offdiag(WA - WB diag(lambda))||_F
     * + ||diag WB||_2 / 2)}, with {@code WA = V^T sym(ADot) V}, {@code WB = V^T sym(BDot) V};
     * empty for analytic.
     *
     * @return the bound, or empty
     */
    public OptionalDouble vectorsDotBound() {
        return vectorsDotBound;
    }

    /**
     * The shift of the series.
     *
     * @return the shift
     */
    public double shift() {
        return shift;
    }

    /**
     * Warnings, e.g. masked pairs.
     *
     * @return the warnings (immutable)
     */
    public List<String> warnings() {
        return warnings;
    }
}
