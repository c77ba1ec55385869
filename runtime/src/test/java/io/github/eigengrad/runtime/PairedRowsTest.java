package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.eigengrad.runtime.reference.ReferencePullbacks;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * From n = 128 on, the generated general-n products update two rows at a time (docs/emission.md).
 * Through the public API at n = 128 (even: pairs only) and 131 (a row left over), the
 * power-iteration pullback against the plain reference of docs/math.md section 4, the
 * pushforward by the dot-product identity with it, and a matrix-function gradient against
 * {@code V (f[1] o V^T sym(C) V) V^T} summed plainly, all within 1e-12.
 */
class PairedRowsTest {
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {128, 131})
    void pairedRowsComputeTheProducts(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = random.nextGaussian();
                a[j][i] = a[i][j];
            }
            a[i][i] += 4 * Math.sqrt(n); // positive definite, for log
        }
        double[] lambdaBar = random.doubles(n, -1, 1).toArray();
        double[][] vBar = new double[n][n];
        double[][] tangent = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                vBar[i][j] = random.nextDouble(-1, 1);
                tangent[i][j] = random.nextDouble(-1, 1);
            }
        }
        EigenGradient g = EigenGradient.builder().build(); // power iteration, K = 19
        SymmetricEigendecomposition e = g.decompose(a);
        RealMatrix v = MatrixUtils.createRealMatrix(e.vectors());
        RealMatrix expected = ReferencePullbacks.series(e.values(), v, MatrixUtils.createRealMatrix(vBar), lambdaBar, true,
                new ReferencePullbacks.PowerIteration(19)).gradient();
        double[][] actual = g.pullback(e, lambdaBar, vBar).gradient();
        double scale = expected.getNorm();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(expected.getEntry(i, j), actual[i][j], 1e-12 * scale, "pullback (" + i + ", " + j + ")");
            }
        }
        PushforwardResult forward = g.pushforward(e, tangent);
        double lhs = 0;
        double rhs = 0;
        double size = 0;
        for (int i = 0; i < n; i++) {
            lhs += lambdaBar[i] * forward.valuesDot()[i];
            for (int j = 0; j < n; j++) {
                lhs += vBar[i][j] * forward.vectorsDot()[i][j];
                rhs += actual[i][j] * tangent[i][j];
                size += Math.abs(actual[i][j] * tangent[i][j]);
            }
        }
        assertEquals(lhs, rhs, 1e-12 * size, "dot-product identity");

        MatrixFunction log = MatrixFunction.log();
        double[][] c = vBar;
        double[][] gradient = log.gradient(e, c);
        double[] lambda = e.values();
        double[][] w = v.transpose().multiply(MatrixUtils.createRealMatrix(c).add(MatrixUtils.createRealMatrix(c)
                .transpose()).scalarMultiply(0.5)).multiply(v).getData();
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                w[k][l] *= k == l ? 1 / lambda[k] : (Math.log(lambda[k]) - Math.log(lambda[l])) / (lambda[k] - lambda[l]);
            }
        }
        RealMatrix plain = v.multiply(MatrixUtils.createRealMatrix(w)).multiply(v.transpose());
        double functionScale = plain.getNorm();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(plain.getEntry(i, j), gradient[i][j], 1e-10 * functionScale, "log (" + i + ", " + j + ")");
            }
        }
    }
}
