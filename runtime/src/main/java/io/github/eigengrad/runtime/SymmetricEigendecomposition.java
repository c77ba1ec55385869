package io.github.eigengrad.runtime;

import java.util.Arrays;

/**
 * The result of {@link SymmetricEigensolver}: {@code M = V diag(lambda) V^T} with
 * {@code lambda_0 >= lambda_1 >= ... >= lambda_{n-1}} and V orthogonal, in the gauge of
 * docs/math.md section 1. Indices are 0-based (an index outside [0, n) is an
 * {@link IndexOutOfBoundsException}). Immutable: every array accessor returns a fresh copy.
 */
public final class SymmetricEigendecomposition {
    private final int size;
    private final double[] values;
    private final double[] vectors;
    private final double epsilon;

    /**
     * How far from orthonormal the vectors given to {@link #of} may be:
     * {@code max|(V^T V - I)_ij|} at most this.
     */
    public static final double ORTHONORMALITY_TOLERANCE = 1e-10;

    /**
     * A decomposition computed elsewhere (EJML, ojAlgo, LAPACK, another framework), to pull
     * back through with {@link EigenGradient#pullback}. Checked before use: the values finite
     * and descending (sort them, and permute the columns of V with them, if your solver
     * returns another order), the vectors finite, square and orthonormal to
     * {@link #ORTHONORMALITY_TOLERANCE}. The vectors are kept exactly as given, in your gauge
     * (no sign is flipped): give the cotangents for these vectors. Whether V diagonalises
     * your matrix is your solver's promise; it is not checked. {@link #epsilon()} is 0.
     *
     * @param values the eigenvalues, descending (length n)
     * @param vectors V as rows, {@code vectors[i][j]} = entry i of eigenvector j
     * @return the decomposition, holding copies of both arrays
     * @throws InvalidInputException naming the problem: null, shape, a non-finite entry
     *         ({@code NOT_FINITE}), the order ({@code UNORDERED}) or orthonormality
     *         ({@code NOT_ORTHONORMAL})
     */
    public static SymmetricEigendecomposition of(double[] values, double[][] vectors) {
        if (values == null) {
            throw new InvalidInputException(InvalidInputException.Problem.NULL, "values is null");
        }
        return of(values, MatrixInput.matrixRowMajor(vectors, values.length, "vectors"), values.length);
    }

    /**
     * {@link #of(double[], double[][])} with V row-major.
     *
     * @param values the eigenvalues, descending (length n)
     * @param vectors V row-major, length n*n: entry {@code i * n + j} is entry i of eigenvector j
     * @param n the size
     * @return the decomposition, holding copies of both arrays
     * @throws InvalidInputException naming the problem, as {@link #of(double[], double[][])}
     */
    public static SymmetricEigendecomposition of(double[] values, double[] vectors, int n) {
        double[] v = MatrixInput.squareRowMajor(vectors, n, "vectors");
        double[] l = MatrixInput.vectorOfLength(values, n, "values");
        for (int k = 0; k + 1 < n; k++) {
            if (l[k] < l[k + 1]) {
                throw new InvalidInputException(InvalidInputException.Problem.UNORDERED, "values must be descending, "
                        + "but values[" + k + "] = " + l[k] + " < values[" + (k + 1) + "] = " + l[k + 1]
                        + "; sort them and permute the columns of the vectors with them");
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double dot = 0;
                for (int r = 0; r < n; r++) {
                    dot += v[r * n + i] * v[r * n + j];
                }
                double error = Math.abs(dot - (i == j ? 1 : 0));
                if (!(error <= ORTHONORMALITY_TOLERANCE)) {
                    throw new InvalidInputException(InvalidInputException.Problem.NOT_ORTHONORMAL, "vectors are not "
                            + "orthonormal: column " + i + " . column " + j + " = " + dot + ", off by " + error
                            + " (tolerance " + ORTHONORMALITY_TOLERANCE + ")");
                }
            }
        }
        return new SymmetricEigendecomposition(n, l, v, 0);
    }

    SymmetricEigendecomposition(int size, double[] values, double[] vectors, double epsilon) {
        this.size = size;
        this.values = values;
        this.vectors = vectors;
        this.epsilon = epsilon;
    }

    /**
     * n, the order of the matrix.
     *
     * @return n
     */
    public int size() {
        return size;
    }

    /**
     * The eigenvalues of {@code sym(A) + epsilon*I}, descending (a copy).
     *
     * @return the eigenvalues, descending, a fresh copy
     */
    public double[] values() {
        return values.clone();
    }

    /**
     * Eigenvalue i (0-based), the (i+1)-th largest.
     *
     * @param i the index of the eigenvalue, 0-based (0 is the largest)
     * @return eigenvalue i
     */
    public double value(int i) {
        checkIndex(i, "eigenvalue index");
        return values[i];
    }

    /**
     * V as an n x n array: {@code vectors()[row][j]} is entry {@code row} of eigenvector j (a copy).
     *
     * @return V, n x n, column j is eigenvector j, a fresh copy
     */
    public double[][] vectors() {
        return MatrixInput.rows(vectors, size);
    }

    /**
     * V row-major, length n*n: entry {@code row*n + j} is entry {@code row} of eigenvector j (a copy).
     *
     * @return V row-major, a fresh copy
     */
    public double[] vectorsRowMajor() {
        return vectors.clone();
    }

    /**
     * Eigenvector j (column j of V) as a new array of length n.
     *
     * @param j the index of the eigenvector (column of V), 0-based
     * @return eigenvector j, a fresh copy
     */
    public double[] vector(int j) {
        checkIndex(j, "eigenvector index");
        double[] v = new double[size];
        for (int row = 0; row < size; row++) {
            v[row] = vectors[row * size + j];
        }
        return v;
    }

    /**
     * Entry {@code row} of eigenvector {@code j}, that is {@code V[row][j]}.
     *
     * @param row the row of V, 0-based
     * @param j the index of the eigenvector (column of V), 0-based
     * @return V[row][j]
     */
    public double vectorEntry(int row, int j) {
        checkIndex(row, "row index");
        checkIndex(j, "eigenvector index");
        return vectors[row * size + j];
    }

    /** The values without a copy, for the pullback (never handed out). */
    double[] valuesInternal() {
        return values;
    }

    /** V row-major without a copy, for the pullback (never handed out). */
    double[] vectorsInternal() {
        return vectors;
    }

    /**
     * The diagonal shift that was added before decomposing.
     *
     * @return epsilon
     */
    public double epsilon() {
        return epsilon;
    }

    private void checkIndex(int i, String what) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(what + " " + i + " is outside [0, " + (size - 1) + "]");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymmetricEigendecomposition
                && ((SymmetricEigendecomposition) o).size == size
                && Double.compare(((SymmetricEigendecomposition) o).epsilon, epsilon) == 0
                && Arrays.equals(((SymmetricEigendecomposition) o).values, values)
                && Arrays.equals(((SymmetricEigendecomposition) o).vectors, vectors);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(values) + Arrays.hashCode(vectors)) + Double.hashCode(epsilon);
    }

    @Override
    public String toString() {
        return "SymmetricEigendecomposition[n=" + size + ", values=" + Arrays.toString(values)
                + ", epsilon=" + epsilon + "]";
    }
}
