package io.github.eigengrad.runtime.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated straight-line reduction of the generalised problem for n = 2, 3, 4 against the
 * reduction written out with Commons Math (Cholesky, inverse, products): pivots, L^-1,
 * C = L^-1 A L^-T and V = L^-T U, over 2,000 random pairs per size (the count is asserted).
 */
class GeneralizedReductionsTest {
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {2, 3, 4})
    void straightLineEqualsTheReference(int n) {
        SplittableRandom random = new SplittableRandom(n);
        int pairs = 0;
        for (int t = 0; t < 2000; t++) {
            double[] spectrum = new double[n];
            for (int i = 0; i < n; i++) {
                spectrum[i] = Math.pow(10, random.nextDouble(-3, 1));
            }
            double[][] b = TestMatrices.withSpectrum(spectrum, random);
            double[][] a = TestMatrices.gaussianSymmetric(n, random);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    b[j][i] = b[i][j];
                    a[j][i] = a[i][j];
                }
            }
            double[] fa = flat(a);
            double[] fb = flat(b);
            double[] pivots = new double[n];
            double[] inverse = new double[n * n];
            double[] c = new double[n * n];
            double[] u = flat(TestMatrices.gaussianMatrix(n, n, random));
            double[] v = new double[n * n];
            switch (n) {
                case 2 -> {
                    GeneralizedReductions.reduce2(fa, 0, fb, 0, pivots, 0, inverse, 0, c, 0);
                    GeneralizedReductions.backTransform2(inverse, 0, u, 0, v, 0);
                }
                case 3 -> {
                    GeneralizedReductions.reduce3(fa, 0, fb, 0, pivots, 0, inverse, 0, c, 0);
                    GeneralizedReductions.backTransform3(inverse, 0, u, 0, v, 0);
                }
                default -> {
                    GeneralizedReductions.reduce4(fa, 0, fb, 0, pivots, 0, inverse, 0, c, 0);
                    GeneralizedReductions.backTransform4(inverse, 0, u, 0, v, 0);
                }
            }
            RealMatrix l = new CholeskyDecomposition(MatrixUtils.createRealMatrix(b)).getL();
            RealMatrix li = new LUDecomposition(l).getSolver().getInverse();
            RealMatrix cr = li.multiply(MatrixUtils.createRealMatrix(a)).multiply(li.transpose());
            RealMatrix vr = li.transpose().multiply(MatrixUtils.createRealMatrix(rows(u, n)));
            double scaleC = cr.getNorm();
            double scaleV = vr.getNorm();
            for (int i = 0; i < n; i++) {
                assertEquals(l.getEntry(i, i) * l.getEntry(i, i), pivots[i], 1e-12 * b[i][i], "pivot " + i);
                for (int j = 0; j <= i; j++) {
                    assertEquals(li.getEntry(i, j), inverse[i * n + j], 1e-11 * li.getNorm(), "inverse " + i + j);
                }
                for (int j = 0; j < n; j++) {
                    assertEquals(cr.getEntry(i, j), c[i * n + j], 1e-11 * scaleC, "c " + i + j);
                    assertEquals(vr.getEntry(i, j), v[i * n + j], 1e-11 * scaleV, "v " + i + j);
                }
            }
            pairs++;
        }
        assertEquals(2000, pairs);
    }

    static double[] flat(double[][] m) {
        int n = m.length;
        double[] f = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, f, i * n, n);
        }
        return f;
    }

    static double[][] rows(double[] f, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(f, i * n, m[i], 0, n);
        }
        return m;
    }
}
