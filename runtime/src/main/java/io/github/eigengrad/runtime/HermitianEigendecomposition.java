package io.github.eigengrad.runtime;

/**
 * The result of {@link HermitianEigensolver}: {@code M V = V diag(lambda)} for the Hermitian
 * part {@code M = (A + A^H)/2} plus epsilon I, lambda real and descending, V unitary
 * ({@code V^H V = I}), each column's entry of largest modulus real and positive (the first
 * such on ties; docs/math.md section 13). V is held interleaved: entry (i, j) has its real
 * part at {@code 2 (i n + j)} and its imaginary part next to it. Immutable: every array
 * accessor returns a fresh copy.
 */
public final class HermitianEigendecomposition {
    private final int size;
    private final double[] values;
    private final double[] vectors;
    private final double epsilon;

    HermitianEigendecomposition(int size, double[] values, double[] vectors, double epsilon) {
        this.size = size;
        this.values = values;
        this.vectors = vectors;
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
     * The eigenvalues, real and descending.
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
     * V interleaved row-major: entry (i, j) (row i of eigenvector j) is
     * {@code [2 (i n + j)] + i [2 (i n + j) + 1]}.
     *
     * @return a copy of V, 2 n^2 doubles
     */
    public double[] vectorsInterleaved() {
        return vectors.clone();
    }

    /**
     * The real part of V as rows: {@code vectorsRe()[i][j]} is the real part of entry i of
     * eigenvector j.
     *
     * @return a copy of Re(V)
     */
    public double[][] vectorsRe() {
        return part(0);
    }

    /**
     * The imaginary part of V as rows.
     *
     * @return a copy of Im(V)
     */
    public double[][] vectorsIm() {
        return part(1);
    }

    /**
     * The epsilon the solver added (the decomposition is of {@code M + epsilon I}).
     *
     * @return epsilon
     */
    public double epsilon() {
        return epsilon;
    }

    private double[][] part(int offset) {
        double[][] m = new double[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                m[i][j] = vectors[2 * (i * size + j) + offset];
            }
        }
        return m;
    }

    double[] valuesInternal() {
        return values;
    }

    double[] vectorsInternal() {
        return vectors;
    }
}
