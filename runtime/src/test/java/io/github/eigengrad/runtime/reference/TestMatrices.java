package io.github.eigengrad.runtime.reference;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Seeded random symmetric matrices with a prescribed spectrum, for tests. */
public final class TestMatrices {
    private TestMatrices() {}

    /** A Haar-like random orthogonal matrix: Q of the QR factorisation of a Gaussian matrix. */
    public static RealMatrix randomOrthogonal(int n, SplittableRandom random) {
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int j = 0; j < n; j++) {
                row[j] = gaussian(random);
            }
        }
        return new QRDecomposition(new Array2DRowRealMatrix(g, false)).getQ();
    }

    /** {@code Q diag(spectrum) Q^T} for a random orthogonal Q, made exactly symmetric. */
    public static double[][] withSpectrum(double[] spectrum, SplittableRandom random) {
        int n = spectrum.length;
        RealMatrix q = randomOrthogonal(n, random);
        RealMatrix a = q.multiply(MatrixUtils.createRealDiagonalMatrix(spectrum)).multiply(q.transpose());
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = (a.getEntry(i, j) + a.getEntry(j, i)) / 2;
                m[i][j] = s;
                m[j][i] = s;
            }
        }
        return m;
    }

    /**
     * A descending spectrum whose gaps are in [1, 3] and whose values lie in [-4n, 4n], so
     * every relative gap {@code (lambda_i - lambda_{i+1}) / max|lambda|} is at least 1/(4n).
     * With {@code positive} all values are in [1, 4n]; otherwise the smallest is in [-n, -0.5]
     * (indefinite for n >= 2 in most draws, never positive definite).
     */
    public static double[] separatedSpectrum(int n, boolean positive, SplittableRandom random) {
        double[] s = new double[n];
        double v = positive ? 1 + random.nextDouble() : -0.5 - (n - 0.5) * random.nextDouble();
        for (int i = n - 1; i >= 0; i--) {
            s[i] = v;
            v += 1 + 2 * random.nextDouble();
        }
        return s;
    }

    /** A random symmetric matrix with standard Gaussian entries. */
    public static double[][] gaussianSymmetric(int n, SplittableRandom random) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = gaussian(random);
                m[j][i] = m[i][j];
            }
        }
        return m;
    }

    public static double[] gaussianVector(int n, SplittableRandom random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = gaussian(random);
        }
        return v;
    }

    public static double[][] gaussianMatrix(int rows, int cols, SplittableRandom random) {
        double[][] m = new double[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = gaussianVector(cols, random);
        }
        return m;
    }

    public static double[][] scaled(double[][] a, double factor) {
        double[][] s = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            s[i] = Arrays.stream(a[i]).map(x -> x * factor).toArray();
        }
        return s;
    }

    /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
    public static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
