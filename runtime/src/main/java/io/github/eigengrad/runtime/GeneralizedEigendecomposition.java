package io.github.eigengrad.runtime;

/**
 * The result of {@link GeneralizedEigensolver}: {@code sym(A) V = sym(B) V diag(lambda)} with
 * {@code lambda_0 >= ... >= lambda_{n-1}}, V B-orthonormal ({@code V^T sym(B) V = I}), each
 * column's largest-magnitude entry positive (docs/math.md section 12). Immutable: every array
 * accessor returns a fresh copy.
 */
public final class GeneralizedEigendecomposition {
    private final int size;
    private final double[] values;
    private final double[] vectors;
    private final double[] scaledB;
    private final int exponentB;
    private final double epsilon;

    /** {@code scaledB} is {@code sym(B) 2^-exponentB}, kept as the solver scaled it. */
    GeneralizedEigendecomposition(int size, double[] values, double[] vectors, double[] scaledB, int exponentB,
            double epsilon) {
        this.size = size;
        this.values = values;
        this.vectors = vectors;
        this.scaledB = scaledB;
        this.exponentB = exponentB;
        this.epsilon = epsilon;
    }

    /**
     * The size n.
     *
     * @return n
     */
    public int size() {
        return size;
    }

    /**
     * The eigenvalues, descending.
     *
     * @return a copy of the n eigenvalues
     */
    public double[] values() {
        return values.clone();
    }

    /**
     * Eigenvalue {@code i}.
     *
     * @param i the index, 0-based
     * @return lambda_i
     */
    public double value(int i) {
        return values[i];
    }

    /**
     * The B-orthonormal eigenvectors as rows: {@code vectors()[i][j]} is entry i of eigenvector j.
     *
     * @return a copy of V
     */
    public double[][] vectors() {
        return MatrixInput.rows(vectors, size);
    }

    /**
     * V row-major: entry {@code i * n + j} is entry i of eigenvector j.
     *
     * @return a copy of V, n*n
     */
    public double[] vectorsRowMajor() {
        return vectors.clone();
    }

    /**
     * {@code sym(B)} as decomposed, row-major: the metric in which V is orthonormal.
     *
     * @return a copy of sym(B), n*n
     */
    public double[] matrixBRowMajor() {
        double[] b = new double[scaledB.length];
        for (int k = 0; k < b.length; k++) {
            b[k] = Math.scalb(scaledB[k], exponentB);
        }
        return b;
    }

    /**
     * The regularisation: the decomposition is of {@code A + epsilon B}, every eigenvalue moved by epsilon.
     *
     * @return epsilon
     */
    public double epsilon() {
        return epsilon;
    }

    double[] valuesInternal() {
        return values;
    }

    double[] vectorsInternal() {
        return vectors;
    }
}
