package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.ExactInertia;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Graded positive definite matrices {@code A = D B D} (D diagonal, B with unit diagonal and
 * cond(B) <= 1e3): every eigenvalue to a relative accuracy of 1e-12, at every size, checked
 * against Sylvester inertia counts in 80-digit arithmetic ({@link ExactInertia}).
 */
class GradedAccuracyTest {
    static final double RELATIVE = 1e-12;
    /** The review's graded tridiagonal: QL returned its smallest eigenvalue, 5.99999616e-25, as 1e-24. */
    static final double[][] REVIEWED = {
        {1.0, 0.0005, 0, 0, 0},
        {0.0005, 1e-06, 5e-10, 0, 0},
        {0, 5e-10, 1e-12, 5e-16, 0},
        {0, 0, 5e-16, 1e-18, 5e-22},
        {0, 0, 0, 5e-22, 1e-24}};

    @Test
    void gradedTridiagonalKeepsItsSmallestEigenvalue() {
        double[][] a = REVIEWED;
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a);
        assertEquals(5.99999616e-25, e.value(4), 1e-8 * 6e-25);
        assertEveryEigenvalueAccurate(a, e);
        GeneralSolverRangeTest.assertValid(a, e, 1e-13);
    }

    @Test
    void zcaTraceOfTheGradedMatrix() {
        double[][] a = REVIEWED;
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a);
        double[][] invSqrt = MatrixFunction.inverseSqrt().value(e);
        double trace = 0;
        for (int i = 0; i < 5; i++) {
            trace += invSqrt[i][i];
        }
        // trace = sum 1/sqrt(lambda_i); every lambda_i is bracketed to 1e-12 by the oracle
        double expected = 0;
        for (int i = 0; i < 5; i++) {
            assertTrue(ExactInertia.eigenvalueWithin(a, i, e.value(i), RELATIVE));
            expected += 1 / Math.sqrt(e.value(i));
        }
        assertEquals(expected, trace, 1e-11 * expected);
        assertEquals(1.292e12, trace, 1e-3 * 1.292e12); // the figure the review computed independently
    }

    static Stream<Arguments> cases() {
        return IntStream.of(2, 3, 4, 5, 6, 8, 12, 16, 24).boxed()
                .flatMap(n -> IntStream.range(0, n <= 8 ? 15 : 5).mapToObj(seed -> Arguments.of(n, seed)));
    }

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void gradedPositiveDefiniteMatricesKeepRelativeAccuracy(int n, int seed) {
        SplittableRandom random = new SplittableRandom(0x6AADEDL + 100L * n + seed);
        double[][] b = unitDiagonal(n, random);
        double[] d = new double[n];
        double span = new double[] {0, 2, 12, 40, 120}[seed % 5]; // decades spanned by D^2; 0, 2: the QL path
        for (int i = 0; i < n; i++) {
            d[i] = Math.pow(10, -random.nextDouble() * span / 2);
        }
        if (seed % 2 == 0) {
            java.util.Arrays.sort(d); // graded one way; odd seeds are unordered
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = d[i] * b[i][j] * d[j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                a[i][j] = a[j][i]; // exactly symmetric
            }
        }
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a);
        assertEveryEigenvalueAccurate(a, e);
        GeneralSolverRangeTest.assertValid(a, e, 1e-13);
    }

    /** A random symmetric B with unit diagonal and cond(B) <= 1e3 (checked, redrawn otherwise). */
    static double[][] unitDiagonal(int n, SplittableRandom random) {
        while (true) {
            double[] spectrum = new double[n];
            for (int i = 0; i < n; i++) {
                spectrum[i] = Math.pow(10, random.nextDouble() * 2.5);
            }
            double[][] b = TestMatrices.withSpectrum(spectrum, random);
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = 1 / Math.sqrt(b[i][i]);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    b[i][j] = i == j ? 1 : s[i] * b[i][j] * s[j];
                }
            }
            org.apache.commons.math3.linear.EigenDecomposition check =
                    new org.apache.commons.math3.linear.EigenDecomposition(
                            org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(b));
            double[] l = check.getRealEigenvalues();
            double max = java.util.Arrays.stream(l).max().orElseThrow();
            double min = java.util.Arrays.stream(l).min().orElseThrow();
            if (min > 0 && max <= 1e3 * min) {
                return b;
            }
        }
    }

    static void assertEveryEigenvalueAccurate(double[][] a, SymmetricEigendecomposition e) {
        for (int i = 0; i < a.length; i++) {
            int index = i;
            assertTrue(ExactInertia.eigenvalueWithin(a, i, e.value(i), RELATIVE),
                    () -> "eigenvalue " + index + " = " + e.value(index) + " is not within " + RELATIVE
                            + " (relative) of the truth");
        }
    }

    /**
     * 3x3 D B D whose smallest eigenvalue is 1e-3 to 1e-7 of the largest: the closed form once
     * served ratios down to 2^-20 and lost relative accuracy there (its error is about
     * 4 eps lambda_max); such matrices now go to Jacobi.
     */
    @Test
    void threeByThreeBetweenTheClosedFormAndJacobi() {
        SplittableRandom random = new SplittableRandom(0x33);
        for (int t = 0; t < 400; t++) {
            double[][] b = unitDiagonal(3, random);
            double[] d = {1, Math.pow(10, -random.nextDouble() * 3.5), Math.pow(10, -random.nextDouble() * 3.5)};
            double[][] a = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i][j] = a[j][i] = d[i] * b[i][j] * d[j];
                }
            }
            assertEveryEigenvalueAccurate(a, SymmetricEigensolver.defaults().decompose(a));
        }
    }
}
