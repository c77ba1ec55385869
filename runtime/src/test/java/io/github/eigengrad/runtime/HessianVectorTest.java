package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralExp;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralInverseSqrt;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralLog;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralPower;
import io.github.eigengrad.runtime.generated.MatrixFunctionGeneralSqrt;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Second order for matrix functions (docs/math.md section 10): the Hessian-vector product of
 * {@code <f(sym(A)), C>} against five-point central differences of the exact gradient at
 * separated spectra, exact double and triple ties and near ties; its symmetry; eigenvalue
 * losses (C = I); the straight-line classes against the loop classes; hostile input.
 */
class HessianVectorTest {
    static final String[] FUNCTIONS = {"sqrt", "invsqrt", "log", "exp", "pow"};

    static double[][][] spectra() {
        return new double[][][] {
            {{3, 2}, {2, 1, 0.5}, {3, 2, 1, 0.5}, {4, 3, 2.2, 1.5, 0.7}, {5, 4.2, 3.1, 2.5, 2, 1.4, 1, 0.6}},
            {{1.5, 1.5}, {2, 1, 1}, {2, 1, 1, 0.5}, {2, 2, 1, 1, 0.5}},
            {{1.5, 1.5, 1.5}, {1.5, 1.5, 1.5, 0.7}, {2, 1.2, 1.2, 1.2, 0.5}},
            {{3, 1 + 1e-12, 1, 0.4}, {3, 1 + 1e-8, 1, 0.4}, {3, 1 + 1e-4, 1, 0.4, 0.2}, {2, 1 + 1e-6, 1, 1 - 1e-6, 0.3}},
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void hessianVectorIsTheDerivativeOfTheGradient(String name) {
        MatrixFunction f = MatrixFunctionTest.function(name);
        SplittableRandom random = new SplittableRandom(91 * name.hashCode());
        SymmetricEigensolver solver = SymmetricEigensolver.builder().build();
        int checked = 0;
        for (double[][] group : spectra()) {
            for (double[] spectrum : group) {
                double[][] a = TestMatrices.withSpectrum(spectrum, random);
                int n = a.length;
                SymmetricEigendecomposition e = solver.decompose(a);
                double[][] c = TestMatrices.gaussianMatrix(n, n, random);
                double[][] tangent = TestMatrices.gaussianMatrix(n, n, random);
                RealMatrix hvp = MatrixUtils.createRealMatrix(f.hessianVector(e, c, tangent));
                RealMatrix t = MatrixUtils.createRealMatrix(tangent);
                RealMatrix direction = t.add(t.transpose()).scalarMultiply(0.5);
                RealMatrix m = MatrixUtils.createRealMatrix(a);
                double h = 1e-3;
                RealMatrix fd = gradient(f, solver, m, direction, -2 * h, c)
                        .subtract(gradient(f, solver, m, direction, -h, c).scalarMultiply(8))
                        .add(gradient(f, solver, m, direction, h, c).scalarMultiply(8))
                        .subtract(gradient(f, solver, m, direction, 2 * h, c)).scalarMultiply(1 / (12 * h));
                double error = hvp.subtract(fd).getFrobeniusNorm();
                assertTrue(error <= 1e-6 * Math.max(1, fd.getFrobeniusNorm()), name + " " + java.util.Arrays.toString(
                        spectrum) + ": |HVP - FD| = " + error + " of " + fd.getFrobeniusNorm());
                checked++;
            }
        }
        assertEquals(16, checked);
    }

    private static RealMatrix gradient(MatrixFunction f, SymmetricEigensolver solver, RealMatrix m, RealMatrix d,
            double step, double[][] c) {
        return MatrixUtils.createRealMatrix(f.gradient(solver.decompose(m.add(d.scalarMultiply(step)).getData()), c));
    }

    /** {@code <gDot(A1), A2> = <gDot(A2), A1>}: the Hessian is symmetric; with C = I, eigenvalue losses. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void theHessianIsSymmetric(String name) {
        MatrixFunction f = MatrixFunctionTest.function(name);
        SplittableRandom random = new SplittableRandom(17 * name.hashCode());
        int checked = 0;
        for (double[][] group : spectra()) {
            for (double[] spectrum : group) {
                int n = spectrum.length;
                SymmetricEigendecomposition e = SymmetricEigensolver.builder().build()
                        .decompose(TestMatrices.withSpectrum(spectrum, random));
                for (boolean identity : new boolean[] {false, true}) {
                    double[][] c = identity ? MatrixUtils.createRealIdentityMatrix(n).getData()
                            : TestMatrices.gaussianMatrix(n, n, random);
                    RealMatrix a1 = MatrixUtils.createRealMatrix(TestMatrices.gaussianMatrix(n, n, random));
                    RealMatrix a2 = MatrixUtils.createRealMatrix(TestMatrices.gaussianMatrix(n, n, random));
                    RealMatrix g1 = MatrixUtils.createRealMatrix(f.hessianVector(e, c, a1.getData()));
                    RealMatrix g2 = MatrixUtils.createRealMatrix(f.hessianVector(e, c, a2.getData()));
                    double left = MatrixFunctionTest.inner(g1, a2);
                    double right = MatrixFunctionTest.inner(g2, a1);
                    double scale = g1.getFrobeniusNorm() * a2.getFrobeniusNorm() + g2.getFrobeniusNorm()
                            * a1.getFrobeniusNorm();
                    assertEquals(left, right, 1e-12 * scale, name + " " + java.util.Arrays.toString(spectrum)
                            + (identity ? " C = I" : ""));
                    checked++;
                }
            }
        }
        assertEquals(32, checked);
    }

    /** n = 2, 3, 4: the straight-line classes equal the loop classes (which RuleRegistry sends n > 4 to). */
    @Test
    void straightLineEqualsLoopClasses() {
        SplittableRandom random = new SplittableRandom(5);
        int pairs = 0;
        for (String name : FUNCTIONS) {
            MatrixFunction f = MatrixFunctionTest.function(name);
            for (int n = 2; n <= 4; n++) {
                for (double[] spectrum : new double[][] {TestMatrices.separatedSpectrum(n, true, random),
                    tie(n), new double[] {2, 1.9, 1.85, 1.8}}) {
                    double[] s = java.util.Arrays.copyOf(spectrum, n);
                    SymmetricEigendecomposition e = SymmetricEigendecomposition.of(s,
                            TestMatrices.randomOrthogonal(n, random).getData());
                    double[] c = MatrixFunctionTest.flat(TestMatrices.gaussianMatrix(n, n, random));
                    double[] t = MatrixFunctionTest.flat(TestMatrices.gaussianMatrix(n, n, random));
                    double[][] fixed = f.hessianVector(e, MatrixFunctionTest.unflat(c, n), MatrixFunctionTest.unflat(t, n));
                    double[] loops = new double[n * n];
                    double[] v = e.vectorsRowMajor();
                    switch (name) {
                        case "sqrt" -> MatrixFunctionGeneralSqrt.hessianVector(n, s, 0, v, 0, c, 0, t, 0, loops, 0, null);
                        case "invsqrt" -> MatrixFunctionGeneralInverseSqrt.hessianVector(n, s, 0, v, 0, c, 0, t, 0, loops,
                                0, null);
                        case "log" -> MatrixFunctionGeneralLog.hessianVector(n, s, 0, v, 0, c, 0, t, 0, loops, 0, null);
                        case "exp" -> MatrixFunctionGeneralExp.hessianVector(n, s, 0, v, 0, c, 0, t, 0, loops, 0, null);
                        default -> MatrixFunctionGeneralPower.hessianVector(n, s, 0, v, 0, c, 0, t, 0, loops, 0,
                                MatrixFunctionTest.P, null);
                    }
                    RealMatrix expected = MatrixUtils.createRealMatrix(fixed);
                    RealMatrix actual = MatrixUtils.createRealMatrix(MatrixFunctionTest.unflat(loops, n));
                    assertTrue(expected.subtract(actual).getFrobeniusNorm() <= 1e-12 * expected.getFrobeniusNorm(),
                            name + " n=" + n + " " + java.util.Arrays.toString(s));
                    pairs++;
                }
            }
        }
        assertEquals(FUNCTIONS.length * 3 * 3, pairs);
    }

    private static double[] tie(int n) {
        double[] s = new double[n];
        java.util.Arrays.fill(s, 1.25);
        s[n - 1] = 0.5;
        return s;
    }

    /** The rrule object serves all three directions from its one decomposition. */
    @Test
    void theRruleServesForwardModeAndSecondOrderToo() {
        double[][] a = {{2, 1, 0}, {1, 3, 0.5}, {0, 0.5, 1.5}};
        double[][] c = {{1, 0, 0}, {0, 2, 0}, {0, 0, 1}};
        double[][] t = {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
        MatrixFunction f = MatrixFunction.log();
        MatrixFunction.Rrule rule = f.rrule(a);
        SymmetricEigendecomposition e = rule.decomposition();
        assertEquals(MatrixUtils.createRealMatrix(f.derivative(e, t)), MatrixUtils.createRealMatrix(rule.pushforward(t)));
        assertEquals(MatrixUtils.createRealMatrix(f.hessianVector(e, c, t)),
                MatrixUtils.createRealMatrix(rule.hessianVector(c, t)));
        // for log, d log(M)[E] at a diagonal M = diag(d) is E_ij (log d_i - log d_j)/(d_i - d_j)
        SymmetricEigendecomposition diagonal = SymmetricEigensolver.builder().build()
                .decompose(new double[][] {{4, 0}, {0, 1}});
        double[][] d = f.derivative(diagonal, new double[][] {{0, 1}, {1, 0}});
        assertEquals(Math.log(4) / 3, d[0][1], 1e-15);
        assertEquals(0, d[0][0], 0);
    }

    @Test
    void badInputIsNamed() {
        MatrixFunction f = MatrixFunction.log();
        SymmetricEigendecomposition e = SymmetricEigensolver.builder().build().decompose(new double[][] {{2, 0}, {0, 1}});
        double[][] ok = {{1, 0}, {0, 1}};
        InvalidInputException nan = assertThrows(InvalidInputException.class,
                () -> f.hessianVector(e, ok, new double[][] {{1, Double.NaN}, {0, 1}}));
        assertEquals(InvalidInputException.Problem.NOT_FINITE, nan.problem());
        assertTrue(nan.getMessage().contains("tangent"), nan.getMessage());
        assertEquals(InvalidInputException.Problem.NOT_SQUARE, assertThrows(InvalidInputException.class,
                () -> f.hessianVector(e, ok, new double[][] {{1, 0}})).problem());
        assertEquals(InvalidInputException.Problem.NULL, assertThrows(InvalidInputException.class,
                () -> f.hessianVector(null, ok, ok)).problem());
        SymmetricEigendecomposition indefinite = SymmetricEigensolver.builder().build()
                .decompose(new double[][] {{1, 0}, {0, -1}});
        assertEquals(InvalidInputException.Problem.OUT_OF_RANGE, assertThrows(InvalidInputException.class,
                () -> f.hessianVector(indefinite, ok, ok)).problem());
    }
}
