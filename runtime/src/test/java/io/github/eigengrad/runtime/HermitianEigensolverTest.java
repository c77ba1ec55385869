package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.ComplexMatrices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link HermitianEigensolver} (docs/math.md section 13): residual {@code ||M V - V diag(l)||_F}
 * and unitarity {@code max|V^H V - I|} within 1e-13 (relative to the norm), descending order,
 * the phase gauge, and the eigenvalues against the real embedding
 * {@code [[Re, -Im], [Im, Re]]} (each eigenvalue twice) decomposed by the real solver; over
 * random and hard matrices for n in {1, 2, 3, 4, 5, 8, 16, 64, 240} (240: divide and conquer on the
 * tridiagonal matrix). Purely real input agrees with
 * {@link SymmetricEigensolver} to 1e-14; hostile input is refused by name.
 */
class HermitianEigensolverTest {
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int n : new int[] {1, 2, 3, 4, 5, 8, 16, 64, 240}) {
            for (String kind : new String[] {"random", "tied", "near tie", "graded", "real", "imaginary off-diagonal",
                "scaled 1e300", "scaled 1e-300"}) {
                cases.add(Arguments.of(n, kind));
            }
        }
        return cases.stream();
    }

    static double[] matrix(int n, String kind, SplittableRandom random) {
        double[] a = ComplexMatrices.gaussianHermitian(n, random);
        switch (kind) {
            case "tied", "near tie" -> {
                double[] spectrum = new double[n];
                for (int i = 0; i < n; i++) {
                    spectrum[i] = i < 2 ? 3 : i < 5 ? -1 : i;
                }
                if (kind.equals("near tie") && n > 1) {
                    spectrum[1] = 3 * (1 - 1e-10);
                }
                a = ComplexMatrices.withSpectrum(spectrum, random);
            }
            case "graded" -> {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double g = Math.pow(10, -(i + j) * 4.0 / Math.max(1, n));
                        a[2 * (i * n + j)] *= g;
                        a[2 * (i * n + j) + 1] *= g;
                    }
                }
            }
            case "real" -> {
                for (int k = 1; k < a.length; k += 2) {
                    a[k] = 0;
                }
            }
            case "imaginary off-diagonal" -> {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (i != j) {
                            a[2 * (i * n + j)] = 0;
                        }
                    }
                }
            }
            case "scaled 1e300" -> a = ComplexMatrices.scaled(a, 1e300);
            case "scaled 1e-300" -> a = ComplexMatrices.scaled(a, 1e-300);
            default -> { }
        }
        return a;
    }

    @ParameterizedTest(name = "n = {0}, {1}")
    @MethodSource("cases")
    void residualUnitarityOrderAndGauge(int n, String kind) {
        SplittableRandom random = new SplittableRandom(17L * n + kind.hashCode());
        double worstResidual = 0;
        double worstUnitarity = 0;
        for (int trial = 0; trial < (n <= 8 ? 10 : 2); trial++) {
            double[] a = matrix(n, kind, random);
            HermitianEigendecomposition e = HermitianEigensolver.defaults().decompose(a, n);
            // measured in units where the largest entry is about 1 (exact powers of two)
            double unit = Math.scalb(1.0, -Math.getExponent(Math.max(ComplexMatrices.maxModulus(a), Double.MIN_NORMAL)));
            double[] m = ComplexMatrices.hermitianPart(ComplexMatrices.scaled(a, unit), n);
            double[] v = e.vectorsInterleaved();
            double[] l = e.values();
            double[] lv = v.clone();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    lv[2 * (i * n + j)] *= l[j] * unit;
                    lv[2 * (i * n + j) + 1] *= l[j] * unit;
                }
            }
            double[] mv = ComplexMatrices.multiply(m, v, n);
            double residual = 0;
            double norm = 0;
            for (int k = 0; k < mv.length; k++) {
                residual += (mv[k] - lv[k]) * (mv[k] - lv[k]);
                norm += m[k] * m[k];
            }
            double relative = norm == 0 ? Math.sqrt(residual) : Math.sqrt(residual / norm);
            double[] gram = ComplexMatrices.multiply(ComplexMatrices.conjugateTranspose(v, n), v, n);
            double unitarity = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    unitarity = Math.max(unitarity, Math.hypot(gram[2 * (i * n + j)] - (i == j ? 1 : 0),
                            gram[2 * (i * n + j) + 1]));
                }
            }
            assertTrue(relative <= 1e-13, kind + " n=" + n + ": residual " + relative);
            assertTrue(unitarity <= 1e-13, kind + " n=" + n + ": max|V^H V - I| " + unitarity);
            worstResidual = Math.max(worstResidual, relative);
            worstUnitarity = Math.max(worstUnitarity, unitarity);
            for (int i = 1; i < n; i++) {
                assertTrue(l[i - 1] >= l[i], "descending");
            }
            assertGauge(v, n);
            // the eigenvalues against the real embedding, each of which comes twice
            double[] embedded = SymmetricEigensolver.defaults().decompose(ComplexMatrices.realEmbedding(m, n)).values();
            double scale = Math.max(Math.abs(embedded[0]), Math.abs(embedded[2 * n - 1]));
            for (int k = 0; k < n; k++) {
                for (int copy = 0; copy < 2; copy++) {
                    assertEquals(embedded[2 * k + copy], l[k] * unit, 1e-13 * Math.max(scale, Double.MIN_NORMAL),
                            kind + " n=" + n + " lambda_" + k);
                }
            }
        }
        System.out.printf("hermitian n=%d %s: residual %.2e, max|V^H V - I| %.2e%n", n, kind, worstResidual,
                worstUnitarity);
    }

    /**
     * In each column the first entry of largest modulus (squared moduli within 2^-40 of the
     * largest counting as tied) is real and positive.
     */
    static void assertGauge(double[] v, int n) {
        for (int col = 0; col < n; col++) {
            double best = 0;
            for (int row = 0; row < n; row++) {
                double re = v[2 * (row * n + col)];
                double im = v[2 * (row * n + col) + 1];
                best = Math.max(best, re * re + im * im);
            }
            int top = 0;
            while (true) {
                double re = v[2 * (top * n + col)];
                double im = v[2 * (top * n + col) + 1];
                if (re * re + im * im >= (1 - 0x1p-40) * best) {
                    break;
                }
                top++;
            }
            assertEquals(0.0, v[2 * (top * n + col) + 1], 0.0, "gauge entry of column " + col + " is real");
            assertTrue(v[2 * (top * n + col)] > 0, "gauge entry of column " + col + " is positive");
        }
    }

    @Test
    void purelyRealInputAgreesWithTheRealSolver() {
        SplittableRandom random = new SplittableRandom(8);
        for (int n : new int[] {1, 2, 3, 4, 5, 8, 16, 64, 240}) {
            double[] a = matrix(n, "real", random);
            double[][] rows = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    rows[i][j] = a[2 * (i * n + j)];
                }
            }
            SymmetricEigendecomposition real = SymmetricEigensolver.defaults().decompose(rows);
            HermitianEigendecomposition complex = HermitianEigensolver.defaults().decompose(a, n);
            double scale = Math.max(Math.abs(real.value(0)), Math.abs(real.value(n - 1)));
            double[][] rv = real.vectors();
            double[][] cr = complex.vectorsRe();
            double[][] ci = complex.vectorsIm();
            for (int j = 0; j < n; j++) {
                assertEquals(real.value(j), complex.value(j), 1e-14 * scale, "n=" + n + " lambda_" + j);
                for (int i = 0; i < n; i++) {
                    assertEquals(rv[i][j], cr[i][j], 1e-14 * n, "n=" + n + " V[" + i + "][" + j + "]");
                    assertEquals(0.0, ci[i][j], 0.0, "n=" + n + " Im V[" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void theTwoLayoutsAgreeAndEpsilonShiftsTheValues() {
        SplittableRandom random = new SplittableRandom(12);
        int n = 5;
        double[] a = ComplexMatrices.gaussianHermitian(n, random);
        double[][] re = new double[n][n];
        double[][] im = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                re[i][j] = a[2 * (i * n + j)];
                im[i][j] = a[2 * (i * n + j) + 1];
            }
        }
        HermitianEigendecomposition e = HermitianEigensolver.defaults().decompose(a, n);
        HermitianEigendecomposition parts = HermitianEigensolver.defaults().decompose(re, im);
        assertTrue(Arrays.equals(e.values(), parts.values()));
        assertTrue(Arrays.equals(e.vectorsInterleaved(), parts.vectorsInterleaved()));
        HermitianEigendecomposition shifted = HermitianEigensolver.builder().epsilon(0.5).build().decompose(a, n);
        for (int i = 0; i < n; i++) {
            assertEquals(e.value(i) + 0.5, shifted.value(i), 0.0);
        }
        assertEquals(0.5, shifted.epsilon(), 0.0);
    }

    @Test
    void hostileInputIsRefusedByName() {
        HermitianEigensolver s = HermitianEigensolver.defaults();
        double[] a = {2, 0, 1, 1, 1, -1, 3, 0}; // [[2, 1+i], [1-i, 3]]
        s.decompose(a, 2);
        double[] notHermitian = a.clone();
        notHermitian[3] = 0.5; // A01 = 1 + 0.5i, A10 = 1 - i
        InvalidInputException x = assertThrows(InvalidInputException.class, () -> s.decompose(notHermitian, 2));
        assertEquals("asymmetric-matrix", x.problem().code());
        assertTrue(x.getMessage().contains("not Hermitian") && x.getMessage().contains("(0, 1)"), x.getMessage());
        double[] diagonal = a.clone();
        diagonal[1] = 1e-3; // Im A00
        x = assertThrows(InvalidInputException.class, () -> s.decompose(diagonal, 2));
        assertTrue(x.getMessage().contains("(0, 0)"), x.getMessage());
        double[] nanRe = a.clone();
        nanRe[6] = Double.NaN;
        x = assertThrows(InvalidInputException.class, () -> s.decompose(nanRe, 2));
        assertEquals("non-finite-value", x.problem().code());
        assertTrue(x.getMessage().contains("(1, 1) has real part NaN"), x.getMessage());
        double[] infIm = a.clone();
        infIm[5] = Double.NEGATIVE_INFINITY;
        x = assertThrows(InvalidInputException.class, () -> s.decompose(infIm, 2));
        assertTrue(x.getMessage().contains("(1, 0) has imaginary part -Infinity"), x.getMessage());
        x = assertThrows(InvalidInputException.class, () -> s.decompose(new double[7], 2));
        assertEquals("wrong-length", x.problem().code());
        assertTrue(x.getMessage().contains("odd length 7"), x.getMessage());
        x = assertThrows(InvalidInputException.class, () -> s.decompose(new double[6], 2));
        assertTrue(x.getMessage().contains("needs 2 n^2 = 8"), x.getMessage());
        assertEquals("null-input", assertThrows(InvalidInputException.class, () -> s.decompose(null, 2)).problem()
                .code());
        assertEquals("empty-matrix", assertThrows(InvalidInputException.class, () -> s.decompose(new double[0], 0))
                .problem().code());
        x = assertThrows(InvalidInputException.class, () -> s.decompose(new double[][] {{1, 0}, {0, 1}},
                new double[][] {{0, 0}, {0}}));
        assertEquals("ragged-matrix", x.problem().code());
        assertTrue(x.getMessage().contains("row 1 of the imaginary part"), x.getMessage());
        x = assertThrows(InvalidInputException.class, () -> s.decompose(new double[][] {{1, 0}, {0, 1}},
                new double[][] {{0, 0}}));
        assertEquals("ragged-matrix", x.problem().code());
        assertEquals("null-input", assertThrows(InvalidInputException.class, () -> s.decompose(
                new double[][] {{1}}, null)).problem().code());
        // the zero matrix: eigenvalues 0, V = I
        HermitianEigendecomposition zero = s.decompose(new double[8], 2);
        assertTrue(Arrays.equals(new double[] {0, 0}, zero.values()));
        assertTrue(Arrays.equals(ComplexMatrices.identity(2), zero.vectorsInterleaved()));
    }
}
