package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The analytic generalised pullback (docs/math.md section 12) against the chain rule through
 * the Cholesky reduction, written out here with Commons Math: {@code B = L L^T},
 * {@code C = L^-1 A L^-T = U diag(l) U^T}, {@code V = L^-T U}; the standard analytic pullback
 * of C (section 3, its own formula), then {@code ABar = L^-T CBar L^-1} and the Cholesky
 * pullback of {@code LBar = -V VBar^T L^-T - 2 L^-T CBar C}.
 */
class GeneralizedChainRuleTest {
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 8, 16})
    void analyticPullbackIsTheChainRuleThroughCholesky(int n) {
        SplittableRandom random = new SplittableRandom(n * 101L);
        for (int trial = 0; trial < 5; trial++) {
            double[][][] p = GeneralizedDerivativesTest.pair(n, null, random);
            double[] lambdaBar = TestMatrices.gaussianVector(n, random);
            double[][] vectorsBar = TestMatrices.gaussianMatrix(n, n, random);
            EigenGradient g = EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
            GeneralizedEigendecomposition e = g.decompose(p[0], p[1]);
            GeneralizedPullbackResult ours = g.pullback(e, lambdaBar, vectorsBar);

            RealMatrix a = MatrixUtils.createRealMatrix(p[0]);
            RealMatrix b = MatrixUtils.createRealMatrix(p[1]);
            RealMatrix l = new org.apache.commons.math3.linear.CholeskyDecomposition(b, 1e-10, 1e-14).getL();
            RealMatrix li = new LUDecomposition(l).getSolver().getInverse();
            RealMatrix c = li.multiply(a).multiply(li.transpose());
            RealMatrix v = MatrixUtils.createRealMatrix(e.vectors()); // the same gauge: U = L^T V
            RealMatrix u = l.transpose().multiply(v);
            double[] lam = e.values();
            RealMatrix vBar = MatrixUtils.createRealMatrix(vectorsBar);
            // V = L^-T U: UBar = L^-1 VBar
            RealMatrix uBar = li.multiply(vBar);
            // standard analytic pullback: CBar = U (F o skew(U^T UBar) + diag(lambdaBar)) U^T, F_ij = 1/(l_j - l_i)
            RealMatrix gu = u.transpose().multiply(uBar);
            RealMatrix x = MatrixUtils.createRealMatrix(n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    x.setEntry(i, j, i == j ? lambdaBar[i]
                            : (gu.getEntry(i, j) - gu.getEntry(j, i)) / 2 / (lam[j] - lam[i]));
                }
            }
            RealMatrix cBar = u.multiply(x).multiply(u.transpose());
            cBar = cBar.add(cBar.transpose()).scalarMultiply(0.5);
            RealMatrix aBar = li.transpose().multiply(cBar).multiply(li);
            // LBar from V = L^-T U and from C = L^-1 A L^-T (lower triangle only: L is lower)
            RealMatrix lBar = v.multiply(vBar.transpose()).multiply(li.transpose()).scalarMultiply(-1)
                    .subtract(li.transpose().multiply(cBar).multiply(c).scalarMultiply(2));
            // Cholesky pullback: Phi(L^T tril(LBar)), BBar = L^-T Phi L^-1, symmetrised
            RealMatrix lower = MatrixUtils.createRealMatrix(n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    lower.setEntry(i, j, lBar.getEntry(i, j));
                }
            }
            RealMatrix phi = l.transpose().multiply(lower);
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    phi.setEntry(i, j, 0);
                }
                phi.setEntry(i, i, phi.getEntry(i, i) / 2);
            }
            RealMatrix bBar = li.transpose().multiply(phi).multiply(li);
            bBar = bBar.add(bBar.transpose()).scalarMultiply(0.5);
            double[][] oa = ours.gradient();
            double[][] ob = ours.gradientB();
            double scale = Math.max(aBar.getNorm(), bBar.getNorm());
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(aBar.getEntry(i, j), oa[i][j], 1e-10 * scale, "ABar n=" + n + " (" + i + ", " + j + ")");
                    assertEquals(bBar.getEntry(i, j), ob[i][j], 1e-10 * scale, "BBar n=" + n + " (" + i + ", " + j + ")");
                }
            }
        }
    }
}
