package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Matrix-function gradients at every scale. The oracle is homogeneity: for f(x) = x^q,
 * {@code f(sM) = s^q f(M)}, so the gradient of {@code <f(sM), C>} with respect to sM is
 * {@code s^(q-1)} times the gradient at M (for log, {@code 1/s} times). With s a power of two
 * the decomposition of sM is that of M, exactly scaled, so only f[1] is on trial; the
 * gradient at M itself is checked against finite differences in {@link MatrixFunctionTest}.
 */
class MatrixFunctionScaleTest {
    @Test
    void tiesAtTinyScalesHaveTheirDerivative() {
        double[][] c = {{1, 0}, {0, 1}};
        double[][] g = MatrixFunction.sqrt().gradient(decompose(new double[][] {{2e-30, 0}, {0, 2e-30}}), c);
        double expected = 0.5 / Math.sqrt(2e-30); // 3.5355e14
        assertEquals(expected, g[0][0], 1e-15 * expected);
        assertEquals(expected, g[1][1], 1e-15 * expected);
        assertEquals(0, g[0][1], 0);
        double[][] l = MatrixFunction.log().gradient(decompose(new double[][] {{2e-28, 0}, {0, 2e-28}}), c);
        assertEquals(1 / 2e-28, l[0][0], 1e-15 / 2e-28);
    }

    @Test
    void separatedTinyEigenvaluesAtFiveByFive() {
        double[][] a = new double[5][5];
        for (int i = 0; i < 5; i++) {
            a[i][i] = (5 - i) * 1e-30;
        }
        double[][] c = new double[5][5];
        c[0][1] = 1;
        c[1][0] = 1;
        double[][] g = MatrixFunction.sqrt().gradient(decompose(a), c);
        double expected = 1 / (Math.sqrt(5e-30) + Math.sqrt(4e-30)); // 2.3607e14
        assertEquals(expected, g[0][1], 1e-14 * expected);
        assertEquals(expected, g[1][0], 1e-14 * expected);
        assertEquals(0, g[2][3], 0);
    }

    @Test
    void powerWhoseValueUnderflowsStillHasItsGradient() {
        double[][] g = MatrixFunction.power(2).gradient(decompose(new double[][] {{3e-200, 0}, {0, 1.5e-200}}),
                new double[][] {{0, 1}, {1, 0}});
        assertEquals(4.5e-200, g[0][1], 1e-14 * 4.5e-200); // (a^2 - b^2)/(a - b) = a + b
        assertEquals(4.5e-200, g[1][0], 1e-14 * 4.5e-200);
        assertEquals(0, g[0][0], 0);
    }

    static Stream<Arguments> cases() {
        return Stream.of("sqrt", "invsqrt", "log", "pow").flatMap(f -> IntStream.of(2, 3, 4, 5, 7)
                .mapToObj(n -> Arguments.of(f, n)));
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void gradientScalesAsTheFunctionDoes(String name, int n) {
        MatrixFunction f = MatrixFunction.named(name, name.equals("pow") ? 0.37 : null);
        SplittableRandom random = new SplittableRandom(0x5CA1E + 31L * n + name.hashCode());
        // eigenvalues in [1, 4] with a tie and a near-tie, so both branches of f[1] run
        double[] spectrum = new double[n];
        for (int i = 0; i < n; i++) {
            spectrum[i] = 1 + 3 * random.nextDouble();
        }
        spectrum[n - 1] = spectrum[0];
        if (n > 2) {
            spectrum[1] = spectrum[0] * (1 + 1e-9);
        }
        double[][] m = TestMatrices.withSpectrum(spectrum, random);
        double[][] c = TestMatrices.gaussianSymmetric(n, random);
        double[][] unit = f.gradient(decompose(m), c);
        double q = switch (name) {
            case "sqrt" -> 0.5;
            case "invsqrt" -> -0.5;
            case "log" -> 0;
            default -> 0.37;
        };
        for (int k = -1000; k <= 1000; k += 50) {
            // the gradient s^(q-1) unit must be a normal double for the comparison to mean anything
            if ((q - 1) * k > 1000 || (q - 1) * k < -1000) {
                continue;
            }
            double s = Math.scalb(1.0, k);
            double[][] scaledM = TestMatrices.scaled(m, s);
            double[][] g = f.gradient(decompose(scaledM), c);
            double factor = Math.pow(2, (q - 1) * k);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = unit[i][j] * factor;
                    double tolerance = 1e-13 * norm(unit) * factor;
                    int scale = k;
                    int row = i;
                    int col = j;
                    assertTrue(Math.abs(g[i][j] - expected) <= tolerance, () -> name + " at scale 2^" + scale
                            + ", entry (" + row + ", " + col + "): " + g[row][col] + " vs " + expected);
                }
            }
        }
    }

    static SymmetricEigendecomposition decompose(double[][] a) {
        return SymmetricEigensolver.defaults().decompose(a);
    }

    static double norm(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double x : row) {
                s += x * x;
            }
        }
        return Math.sqrt(s);
    }
}
