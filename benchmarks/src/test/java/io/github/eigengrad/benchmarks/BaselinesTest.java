package io.github.eigengrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.PullbackResult;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
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
}
