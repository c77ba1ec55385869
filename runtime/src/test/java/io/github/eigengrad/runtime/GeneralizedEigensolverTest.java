package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generalised forward pass (docs/math.md section 12): residual (relative, as in section 12)
 * within 1e-13 and B-orthonormality (max entry of {@code V^T B V - I}, exact in BigDecimal)
 * within 1e-13 (exactly, in BigDecimal), over
 * random and hard pairs (ill-conditioned B up to cond 1e8, graded, tied spectra, extreme
 * scales), n in {1, 2, 3, 4, 5, 8, 16, 64}; order and gauge; B = I against the standard
 * solver; hostile B.
 */
class GeneralizedEigensolverTest {
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int n : new int[] {1, 2, 3, 4, 5, 8, 16, 64}) {
            for (String kind : new String[] {"random", "cond 1e4", "cond 1e8", "graded", "tied", "scaled 1e300",
                "scaled 1e-300"}) {
                cases.add(Arguments.of(n, kind));
            }
        }
        return cases.stream();
    }

    /** sym(B) positive definite with eigenvalues from 1 down to 1/cond (log-spaced). */
    static double[][] positiveDefinite(int n, double cond, SplittableRandom random) {
        double[] spectrum = new double[n];
        for (int i = 0; i < n; i++) {
            spectrum[i] = n == 1 ? 1 : Math.pow(cond, -(double) i / (n - 1));
        }
        return TestMatrices.withSpectrum(spectrum, random);
    }

    static double[][][] pair(int n, String kind, SplittableRandom random) {
        double[][] a = TestMatrices.gaussianSymmetric(n, random);
        double[][] b = positiveDefinite(n, 10, random);
        switch (kind) {
            case "cond 1e4" -> b = positiveDefinite(n, 1e4, random);
            case "cond 1e8" -> b = positiveDefinite(n, 1e8, random);
            case "graded" -> {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double g = Math.pow(10, -(i + j) * 4.0 / Math.max(1, n));
                        b[i][j] *= g;
                        a[i][j] *= g;
                    }
                }
            }
            case "tied" -> {
                // A = B^(1/2) W B^(1/2) with W having a double and a triple eigenvalue: tied generalised values
                double[] spectrum = new double[n];
                for (int i = 0; i < n; i++) {
                    spectrum[i] = i < 2 ? 3 : i < 5 ? -1 : i;
                }
                RealMatrix w = MatrixUtils.createRealMatrix(TestMatrices.withSpectrum(spectrum, random));
                RealMatrix root = new org.apache.commons.math3.linear.EigenDecomposition(MatrixUtils.createRealMatrix(b))
                        .getSquareRoot();
                a = root.multiply(w).multiply(root).getData();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < i; j++) {
                        a[i][j] = a[j][i];
                    }
                }
            }
            case "scaled 1e300" -> a = TestMatrices.scaled(a, 1e300);
            case "scaled 1e-300" -> {
                a = TestMatrices.scaled(a, 1e-300);
                b = TestMatrices.scaled(b, 1e300);
            }
            default -> { }
        }
        return new double[][][] {a, b};
    }

    @ParameterizedTest(name = "n = {0}, {1}")
    @MethodSource("cases")
    void residualAndBOrthonormality(int n, String kind) {
        SplittableRandom random = new SplittableRandom(31L * n + kind.hashCode());
        double worstGram = 0;
        double worstResidual = 0;
        for (int trial = 0; trial < (n <= 8 ? 20 : 3); trial++) {
            double[][][] p = pair(n, kind, random);
            GeneralizedEigendecomposition e = GeneralizedEigensolver.defaults().decompose(p[0], p[1]);
            // measured in units where A's largest entry is about 1 (exact powers of two), so no product overflows
            double scale = Math.scalb(1.0, -Math.getExponent(Math.max(maxAbs(p[0]), Double.MIN_NORMAL)));
            RealMatrix a = MatrixUtils.createRealMatrix(p[0]).scalarMultiply(scale);
            RealMatrix b = MatrixUtils.createRealMatrix(p[1]);
            RealMatrix v = MatrixUtils.createRealMatrix(e.vectors());
            double[] l = e.values();
            for (int i = 0; i < n; i++) {
                l[i] *= scale;
            }
            double maxL = 0;
            for (int i = 0; i < n; i++) {
                maxL = Math.max(maxL, Math.abs(l[i]));
                if (i > 0) {
                    assertTrue(l[i - 1] >= l[i], "descending");
                }
            }
            RealMatrix residual = a.multiply(v).subtract(b.multiply(v).multiply(MatrixUtils.createRealDiagonalMatrix(l)));
            double relative = residual.getFrobeniusNorm()
                    / ((a.getFrobeniusNorm() + b.getFrobeniusNorm() * maxL) * v.getFrobeniusNorm());
            // V^T B V - I exactly (in double it would carry rounding of eps ||V||^2 ||B|| = eps cond(B))
            double orthonormality = exactGramError(e.vectorsRowMajor(), p[1], n);
            assertTrue(relative <= 1e-13, kind + " n=" + n + ": residual " + relative);
            worstGram = Math.max(worstGram, orthonormality);
            worstResidual = Math.max(worstResidual, relative);
            assertTrue(orthonormality <= 1e-13, kind + " n=" + n + ": ||V^T B V - I|| = " + orthonormality);
            for (int col = 0; col < n; col++) {
                int top = 0;
                for (int row = 1; row < n; row++) {
                    if (Math.abs(v.getEntry(row, col)) > Math.abs(v.getEntry(top, col))) {
                        top = row;
                    }
                }
                assertTrue(v.getEntry(top, col) > 0, "gauge of column " + col);
            }
        }
        System.out.printf("generalised n=%d %s: residual %.2e, max|V^T B V - I| %.2e%n", n, kind, worstResidual,
                worstGram);
    }

    static double maxAbs(double[][] m) {
        double max = 0;
        for (double[] row : m) {
            for (double x : row) {
                max = Math.max(max, Math.abs(x));
            }
        }
        return max;
    }

    /** {@code max |(V^T sym(B) V - I)_ij|} with V and B taken exactly, in BigDecimal. */
    static double exactGramError(double[] v, double[][] b, int n) {
        java.math.BigDecimal[][] bv = new java.math.BigDecimal[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                java.math.BigDecimal s = java.math.BigDecimal.ZERO;
                for (int k = 0; k < n; k++) {
                    java.math.BigDecimal bik = new java.math.BigDecimal(b[i][k]).add(new java.math.BigDecimal(b[k][i]))
                            .divide(java.math.BigDecimal.valueOf(2));
                    s = s.add(bik.multiply(new java.math.BigDecimal(v[k * n + j])));
                }
                bv[i][j] = s;
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                java.math.BigDecimal s = java.math.BigDecimal.ZERO;
                for (int k = 0; k < n; k++) {
                    s = s.add(new java.math.BigDecimal(v[k * n + i]).multiply(bv[k][j]));
                }
                double d = s.subtract(i == j ? java.math.BigDecimal.ONE : java.math.BigDecimal.ZERO).doubleValue();
                sum = Math.max(sum, Math.abs(d));
            }
        }
        return sum;
    }

    @Test
    void theIdentityForBIsTheStandardProblemBitForBit() {
        SplittableRandom random = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 3, 4, 5, 8, 16, 64}) {
            double[][] identity = new double[n][n];
            for (int i = 0; i < n; i++) {
                identity[i][i] = 1;
            }
            for (int trial = 0; trial < 10; trial++) {
                double[][] a = TestMatrices.scaled(TestMatrices.gaussianSymmetric(n, random), Math.pow(10,
                        random.nextInt(-5, 6)));
                GeneralizedEigendecomposition g = GeneralizedEigensolver.defaults().decompose(a, identity);
                SymmetricEigendecomposition s = SymmetricEigensolver.defaults().decompose(a);
                assertArrayEquals(s.values(), g.values(), "values, n = " + n);
                assertArrayEquals(s.vectorsRowMajor(), g.vectorsRowMajor(), "vectors, n = " + n);
            }
        }
    }

    @Test
    void epsilonMovesEveryEigenvalue() {
        SplittableRandom random = new SplittableRandom(7);
        double[][][] p = pair(5, "random", random);
        GeneralizedEigendecomposition plain = GeneralizedEigensolver.defaults().decompose(p[0], p[1]);
        GeneralizedEigendecomposition shifted = GeneralizedEigensolver.builder().epsilon(0.25).build()
                .decompose(p[0], p[1]);
        for (int i = 0; i < 5; i++) {
            assertEquals(plain.value(i) + 0.25, shifted.value(i), 1e-14 * Math.max(1, Math.abs(plain.value(i))));
        }
        assertEquals(0.25, shifted.epsilon());
    }

    static String problem(double[][] a, double[][] b) {
        return assertThrows(InvalidInputException.class, () -> GeneralizedEigensolver.defaults().decompose(a, b))
                .problem().code();
    }

    static String message(double[][] a, double[][] b) {
        return assertThrows(InvalidInputException.class, () -> GeneralizedEigensolver.defaults().decompose(a, b))
                .getMessage();
    }

    @Test
    void hostileBIsRefusedByName() {
        double[][] a = {{1, 0}, {0, 2}};
        assertEquals("not-positive-definite", problem(a, new double[][] {{1, 0}, {0, -1}}));
        assertTrue(message(a, new double[][] {{1, 0}, {0, -1}}).contains("Cholesky pivot 1 is -1.0"),
                message(a, new double[][] {{1, 0}, {0, -1}}));
        assertEquals("not-positive-definite", problem(a, new double[][] {{1, 1}, {1, 1}}));
        assertTrue(message(a, new double[][] {{1, 1}, {1, 1 + 1e-16}}).contains("pivot 1"));
        assertEquals("not-positive-definite", problem(a, new double[][] {{0, 0}, {0, 0}}));
        assertEquals("not-positive-definite", problem(a, new double[][] {{-1, 0}, {0, 1}}));
        assertEquals("non-finite-value", problem(a, new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
        assertTrue(message(a, new double[][] {{1, Double.NaN}, {Double.NaN, 1}}).startsWith("matrixB entry (0, 1)"));
        assertEquals("asymmetric-matrix", problem(a, new double[][] {{1, 0.5}, {0, 1}}));
        assertTrue(message(a, new double[][] {{1, 0.5}, {0, 1}}).startsWith("matrixB is not symmetric"));
        assertEquals("non-square-matrix", problem(a, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}));
        assertTrue(message(a, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}).contains("matrixB has 3 rows"));
        assertEquals("null-input", problem(a, null));
        assertEquals("non-finite-value", problem(new double[][] {{Double.POSITIVE_INFINITY, 0}, {0, 1}},
                new double[][] {{1, 0}, {0, 1}}));
        assertEquals("wrong-length", assertThrows(InvalidInputException.class,
                () -> GeneralizedEigensolver.defaults().decompose(new double[4], new double[9], 2)).problem().code());
    }
}
