package io.github.eigengrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.PullbackResult;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;
import org.junit.jupiter.params.provider.ValueSource;

/** The baselines compute the same gradient as eigengrad's analytic method: the benchmarks compare like with like. */
class BaselinesTest {
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {3, 16})
    void baselinesAreTheAnalyticGradient(int n) {
        Problems p = new Problems(n, 20, 5);
        EigenGradient analytic = EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
        for (int b = 0; b < p.count; b++) {
            SymmetricEigendecomposition e = analytic.decompose(p.matrices2d[b]);
            PullbackResult expected = analytic.pullback(e, p.valuesBar1d(b), p.vectorsBar2d(b));
            double[][] loop = Baselines.loopPullback(e.values(), e.vectors(), p.valuesBar1d(b), p.vectorsBar2d(b));
            RealMatrix real = Baselines.realMatrixPullback(e.values(), MatrixUtils.createRealMatrix(e.vectors()),
                    p.valuesBar1d(b), MatrixUtils.createRealMatrix(p.vectorsBar2d(b)));
            RealMatrix want = MatrixUtils.createRealMatrix(expected.gradient());
            double scale = want.getFrobeniusNorm();
            assertEquals(0, MatrixUtils.createRealMatrix(loop).subtract(want).getFrobeniusNorm(), 1e-12 * scale);
            assertEquals(0, real.subtract(want).getFrobeniusNorm(), 1e-12 * scale);
        }
    }

    /** ojAlgo's forward pass gives the spectrum eigengrad gives, and vectors that solve the problem. */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {16, 64})
    void ojalgoDecomposesTheSameMatrices(int n) {
        Problems p = new Problems(n, 3, 7);
        Eigenvalue<Double> ojalgo = Baselines.ojalgoSymmetric(n);
        for (int b = 0; b < p.count; b++) {
            double[] flat = java.util.Arrays.copyOfRange(p.matrices, b * n * n, (b + 1) * n * n);
            assertEquals(true, ojalgo.decompose(R064Store.wrap(flat, n)));
            double[] ours = SymmetricEigensolver.defaults().decompose(flat, n).values();
            double[] theirs = ojalgo.getEigenvalues().toRawCopy1D();
            java.util.Arrays.sort(theirs);
            double scale = Math.abs(ours[0]) + Math.abs(ours[n - 1]);
            for (int k = 0; k < n; k++) {
                assertEquals(ours[k], theirs[n - 1 - k], 1e-12 * scale, "eigenvalue " + k);
            }
            MatrixStore<Double> v = ojalgo.getV();
            for (int k = 0; k < n; k++) { // || A v_k - lambda_k v_k || small for ojAlgo's own pairs
                double lambda = ojalgo.getEigenvalues().doubleValue(k);
                double residual = 0;
                for (int i = 0; i < n; i++) {
                    double s = -lambda * v.doubleValue(i, k);
                    for (int j = 0; j < n; j++) {
                        s += flat[i * n + j] * v.doubleValue(j, k);
                    }
                    residual = Math.max(residual, Math.abs(s));
                }
                assertEquals(0, residual, 1e-12 * scale, "pair " + k);
            }
        }
    }
}
