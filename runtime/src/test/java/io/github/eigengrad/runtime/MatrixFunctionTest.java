package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Matrix-function gradients against central differences of f(M) computed directly, without
 * any eigendecomposition: exp by scaling and squaring, sqrt by the Denman-Beavers iteration,
 * log by inverse scaling and squaring, powers as exp(p log M).
 */
class MatrixFunctionTest {
    static final double P = 0.37;

    static RealMatrix identity(int n) {
        return MatrixUtils.createRealIdentityMatrix(n);
    }

    static RealMatrix exp(RealMatrix m) {
        int squarings = Math.max(0, (int) Math.ceil(Math.log(Math.max(m.getNorm(), 1e-300)) / Math.log(2)) + 4);
        RealMatrix y = m.scalarMultiply(Math.pow(2, -squarings));
        RealMatrix sum = identity(m.getRowDimension());
        RealMatrix term = identity(m.getRowDimension());
        for (int k = 1; k < 30; k++) {
            term = term.multiply(y).scalarMultiply(1.0 / k);
            sum = sum.add(term);
        }
        for (int i = 0; i < squarings; i++) {
            sum = sum.multiply(sum);
        }
        return sum;
    }

    /** Denman-Beavers: Y -> (Y + Z^-1)/2, Z -> (Z + Y^-1)/2 from Y = M, Z = I; Y -> sqrt(M). */
    static RealMatrix sqrt(RealMatrix m) {
        RealMatrix y = m;
        RealMatrix z = identity(m.getRowDimension());
        for (int k = 0; k < 60; k++) {
            RealMatrix yInverse = new LUDecomposition(y).getSolver().getInverse();
            RealMatrix zInverse = new LUDecomposition(z).getSolver().getInverse();
            y = y.add(zInverse).scalarMultiply(0.5);
            z = z.add(yInverse).scalarMultiply(0.5);
        }
        return y;
    }

    /** log M = 2^s log(M^(1/2^s)), the inner log by its series once M^(1/2^s) is near I. */
    static RealMatrix log(RealMatrix m) {
        int n = m.getRowDimension();
        int s = 0;
        RealMatrix x = m;
        while (x.subtract(identity(n)).getNorm() > 0.05) {
            x = sqrt(x);
            s++;
        }
        RealMatrix y = x.subtract(identity(n));
        RealMatrix sum = MatrixUtils.createRealMatrix(n, n);
        RealMatrix power = identity(n);
        for (int k = 1; k < 40; k++) {
            power = power.multiply(y);
            sum = sum.add(power.scalarMultiply((k % 2 == 1 ? 1.0 : -1.0) / k));
        }
        return sum.scalarMultiply(Math.pow(2, s));
    }

    static RealMatrix direct(String f, RealMatrix m) {
        return switch (f) {
            case "sqrt" -> sqrt(m);
            case "invsqrt" -> new LUDecomposition(sqrt(m)).getSolver().getInverse();
            case "log" -> log(m);
            case "exp" -> exp(m);
            default -> exp(log(m).scalarMultiply(P));
        };
    }

    static MatrixFunction function(String f) {
        return MatrixFunction.named(f, f.equals("pow") ? P : null);
    }

    static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    static double[][] unflat(double[] x, int n) {
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOfRange(x, i * n, (i + 1) * n);
        }
        return m;
    }

    static double inner(RealMatrix a, RealMatrix c) {
        double s = 0;
        for (int i = 0; i < a.getRowDimension(); i++) {
            for (int j = 0; j < a.getColumnDimension(); j++) {
                s += a.getEntry(i, j) * c.getEntry(i, j);
            }
        }
        return s;
    }

    /**
     * At an exact tie, a triple tie, a near tie (1e-10) and a well-separated spectrum: the
     * gradient of {@code <f(M), C>} along random directions (which split the ties) equals
     * five-point central differences of the directly computed f to 1e-7 relative; f(M) itself
     * to 1e-10.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void exactAtTiesAgainstFiniteDifferencesOfTheDirectF(String name) {
        MatrixFunction f = function(name);
        SplittableRandom random = new SplittableRandom(name.hashCode());
        // n = 4 runs the generated straight-line class, n = 5 the generated loop class
        double[][] spectra = {{2, 1, 1, 0.5}, {1.5, 1.5, 1.5, 0.7}, {3, 1 + 1e-10, 1, 0.4}, {3, 2, 1, 0.5},
            {2, 1, 1, 0.6, 0.3}};
        int checked = 0;
        for (double[] spectrum : spectra) {
            double[][] a = TestMatrices.withSpectrum(spectrum, random);
            int n = a.length;
            RealMatrix m = MatrixUtils.createRealMatrix(a);
            RealMatrix c = MatrixUtils.createRealMatrix(TestMatrices.gaussianMatrix(n, n, random));
            SymmetricEigendecomposition e = SymmetricEigensolver.builder().build().decompose(a);
            RealMatrix value = MatrixUtils.createRealMatrix(f.value(e));
            RealMatrix expected = direct(name, m);
            assertTrue(value.subtract(expected).getNorm() <= 1e-10 * expected.getNorm(), name + " f(M)");
            RealMatrix g = MatrixUtils.createRealMatrix(f.gradient(e, c.getData()));
            for (int d = 0; d < 3; d++) {
                RealMatrix dir = MatrixUtils.createRealMatrix(TestMatrices.gaussianSymmetric(n, random));
                // five-point central differences: truncation error of order h^4
                double h = 1e-3;
                double[] at = new double[4];
                double[] steps = {2, 1, -1, -2};
                for (int q = 0; q < 4; q++) {
                    at[q] = inner(direct(name, m.add(dir.scalarMultiply(steps[q] * h))), c);
                }
                double fd = (-at[0] + 8 * at[1] - 8 * at[2] + at[3]) / (12 * h);
                double analytic = inner(g, dir);
                assertEquals(fd, analytic, 1e-7 * Math.max(1, Math.abs(fd)), name + " spectrum " + java.util.Arrays
                        .toString(spectrum) + " direction " + d);
                checked++;
            }
        }
        assertEquals(15, checked);
    }

    /**
     * The Frechet derivative (forward mode) at ties and apart: every entry against five-point
     * central differences of the directly computed f along an asymmetric tangent's symmetric
     * part, and the adjoint identity {@code <C, df[ADot]> = <gradient(C), ADot>}.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void frechetDerivativeAtTiesAgainstFiniteDifferences(String name) {
        MatrixFunction f = function(name);
        SplittableRandom random = new SplittableRandom(31 * name.hashCode());
        double[][] spectra = {{2, 1, 1, 0.5}, {1.5, 1.5, 1.5, 0.7}, {3, 1 + 1e-10, 1, 0.4}, {3, 2}, {2, 1, 1, 0.6, 0.3}};
        int checked = 0;
        for (double[] spectrum : spectra) {
            double[][] a = TestMatrices.withSpectrum(spectrum, random);
            int n = a.length;
            RealMatrix m = MatrixUtils.createRealMatrix(a);
            SymmetricEigendecomposition e = SymmetricEigensolver.builder().build().decompose(a);
            RealMatrix tangent = MatrixUtils.createRealMatrix(TestMatrices.gaussianMatrix(n, n, random));
            RealMatrix dir = tangent.add(tangent.transpose()).scalarMultiply(0.5);
            RealMatrix derivative = MatrixUtils.createRealMatrix(f.derivative(e, tangent.getData()));
            double h = 1e-3;
            RealMatrix fd = direct(name, m.add(dir.scalarMultiply(-2 * h)))
                    .subtract(direct(name, m.add(dir.scalarMultiply(-h))).scalarMultiply(8))
                    .add(direct(name, m.add(dir.scalarMultiply(h))).scalarMultiply(8))
                    .subtract(direct(name, m.add(dir.scalarMultiply(2 * h)))).scalarMultiply(1 / (12 * h));
            assertTrue(derivative.subtract(fd).getNorm() <= 1e-7 * Math.max(1, fd.getNorm()),
                    name + " " + java.util.Arrays.toString(spectrum) + ": " + derivative.subtract(fd).getNorm());
            RealMatrix c = MatrixUtils.createRealMatrix(TestMatrices.gaussianMatrix(n, n, random));
            RealMatrix g = MatrixUtils.createRealMatrix(f.gradient(e, c.getData()));
            double left = inner(c, derivative);
            double right = inner(g, tangent);
            assertEquals(left, right, 1e-12 * (c.getFrobeniusNorm() * derivative.getFrobeniusNorm()
                    + g.getFrobeniusNorm() * tangent.getFrobeniusNorm()), name + " adjoint");
            checked++;
        }
        assertEquals(5, checked);
        assertThrows(InvalidInputException.class, () -> f.derivative(null, new double[2][2]));
        SymmetricEigendecomposition e = SymmetricEigensolver.builder().build().decompose(new double[][] {{2, 0}, {0, 1}});
        InvalidInputException nan = assertThrows(InvalidInputException.class,
                () -> f.derivative(e, new double[][] {{1, Double.NaN}, {0, 1}}));
        assertTrue(nan.getMessage().contains("tangent"), nan.getMessage());
    }

    @Test
    void outsideTheDomainItSaysWhy() {
        SymmetricEigendecomposition indefinite = SymmetricEigensolver.builder().build()
                .decompose(new double[][] {{1, 0}, {0, -1}});
        InvalidInputException x = assertThrows(InvalidInputException.class, () -> MatrixFunction.log().value(indefinite));
        assertEquals(Problem.OUT_OF_RANGE, x.problem());
        assertTrue(x.getMessage().contains("log needs eigenvalues > 0, but eigenvalue 1 is -1.0"), x.getMessage());
        assertTrue(MatrixFunction.exp().gradient(indefinite, new double[][] {{1, 0}, {0, 1}})[0][0] > 0);
        assertEquals(Problem.INVALID_OPTION, assertThrows(InvalidInputException.class,
                () -> MatrixFunction.named("tanh", null)).problem());
        assertEquals(Problem.INVALID_OPTION, assertThrows(InvalidInputException.class,
                () -> MatrixFunction.named("pow", null)).problem());
        assertEquals(Problem.NOT_SQUARE, assertThrows(InvalidInputException.class,
                () -> MatrixFunction.exp().gradient(indefinite, new double[3][3])).problem());
    }

    /**
     * The straight-line classes (n = 2, 3, 4) against the generated general-n classes, for every
     * function, at random spectra with and without ties: equal to 1e-13 relative. The pairs are
     * counted (EJML style).
     */
    @Test
    void fixedSizeClassesEqualTheGeneralOnes() {
        SplittableRandom random = new SplittableRandom(44);
        int pairs = 0;
        for (String name : new String[] {"sqrt", "invsqrt", "log", "exp", "pow"}) {
            MatrixFunction f = function(name);
            for (int n = 2; n <= 4; n++) {
                for (int t = 0; t < 20; t++) {
                    double[] spectrum = new double[n];
                    for (int k = 0; k < n; k++) {
                        spectrum[k] = 0.2 + 2 * random.nextDouble();
                    }
                    if (t % 2 == 0) {
                        spectrum[n - 1] = spectrum[0]; // a tie
                    }
                    SymmetricEigendecomposition e = SymmetricEigensolver.builder().build()
                            .decompose(TestMatrices.withSpectrum(spectrum, random));
                    double[][] c = TestMatrices.gaussianMatrix(n, n, random);
                    double[][] fixed = f.gradient(e, c);
                    double[] flatC = new double[n * n];
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(c[i], 0, flatC, i * n, n);
                    }
                    double[] loops = new double[n * n];
                    loopClass(f, n, e.values(), e.vectorsRowMajor(), flatC, loops);
                    double scale = 0;
                    for (double x : loops) {
                        scale = Math.max(scale, Math.abs(x));
                    }
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            assertEquals(loops[i * n + j], fixed[i][j], 1e-13 * scale, name + " n=" + n);
                        }
                    }
                }
                pairs++;
            }
        }
        assertEquals(15, pairs, "every fixed-size class paired with the general one");
    }

    /** The generated loop class of f on an n the registry would send to a straight-line class. */
    static void loopClass(MatrixFunction f, int n, double[] lambda, double[] v, double[] c, double[] out) {
        switch (f.name()) {
            case "sqrt" -> io.github.eigengrad.runtime.generated.MatrixFunctionGeneralSqrt.gradient(n, lambda, 0, v, 0, c, 0,
                    out, 0, null);
            case "invsqrt" -> io.github.eigengrad.runtime.generated.MatrixFunctionGeneralInverseSqrt.gradient(n, lambda, 0,
                    v, 0, c, 0, out, 0, null);
            case "log" -> io.github.eigengrad.runtime.generated.MatrixFunctionGeneralLog.gradient(n, lambda, 0, v, 0, c, 0,
                    out, 0, null);
            case "exp" -> io.github.eigengrad.runtime.generated.MatrixFunctionGeneralExp.gradient(n, lambda, 0, v, 0, c, 0,
                    out, 0, null);
            default -> io.github.eigengrad.runtime.generated.MatrixFunctionGeneralPower.gradient(n, lambda, 0, v, 0, c, 0,
                    out, 0, P, null);
        }
    }
}
