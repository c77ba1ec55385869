package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.EigenGradient.Method;
import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The top-k pullback equals the full pullback with zero cotangents beyond k (docs/math.md section 6). */
class TopKPullbackTest {
    static Stream<Arguments> sizes() {
        List<Arguments> cases = new ArrayList<>();
        for (int n : new int[] {6, 16, 64}) {
            for (int k : n >= 16 ? new int[] {1, 3, 5, 8} : new int[] {1, 3, 5}) {
                cases.add(Arguments.of(n, k));
            }
        }
        return cases.stream();
    }

    /** A positive definite spectrum, descending; with {@code tie}, lambda_k = lambda_{k+1} exactly. */
    static double[] spectrum(int n, int k, boolean tie, SplittableRandom random) {
        double[] s = TestMatrices.separatedSpectrum(n, true, random);
        if (tie) {
            s[k] = s[k - 1];
        }
        return s;
    }

    static double[] topColumns(double[] vectors, int n, int k) {
        double[] v = new double[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(vectors, i * n, v, i * k, k);
        }
        return v;
    }

    @ParameterizedTest(name = "n={0} k={1}")
    @MethodSource("sizes")
    void equalsTheFullPullbackWithZeroCotangentsBeyondK(int n, int k) {
        SplittableRandom random = new SplittableRandom(31L * n + k);
        for (int K : new int[] {1, 19, 60}) {
            EigenGradient g = EigenGradient.builder().iterations(K).build();
            for (boolean tie : new boolean[] {false, true}) {
                double[][] a = TestMatrices.withSpectrum(spectrum(n, k, tie, random), random);
                SymmetricEigendecomposition e = g.decompose(a);
                double[] valuesBar = TestMatrices.gaussianVector(k, random);
                double[] vectorsBar = TestMatrices.gaussianVector(n * k, random);
                double[] fullValuesBar = new double[n];
                System.arraycopy(valuesBar, 0, fullValuesBar, 0, k);
                double[] fullVectorsBar = new double[n * n];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(vectorsBar, i * k, fullVectorsBar, i * n, k);
                }
                double[] expected = g.pullback(e, fullValuesBar, fullVectorsBar).gradientRowMajor();
                double[] flat = new double[n * n];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(a[i], 0, flat, i * n, n);
                }
                PullbackResult topK = g.pullbackTopK(flat, n, java.util.Arrays.copyOf(e.values(), k),
                        topColumns(e.vectorsRowMajor(), n, k), valuesBar, vectorsBar);
                double[] actual = topK.gradientRowMajor();
                double scale = 0;
                for (double x : expected) {
                    scale = Math.max(scale, Math.abs(x));
                }
                for (int i = 0; i < n * n; i++) {
                    assertEquals(expected[i], actual[i], 1e-10 * scale, "n=" + n + " k=" + k + " K=" + K + " tie=" + tie
                            + " entry " + i);
                }
                assertEquals(K, topK.iterationsUsed().orElseThrow());
                double norm = 0;
                for (double x : actual) {
                    norm += x * x;
                }
                assertTrue(Math.sqrt(norm) <= topK.gradientBound().orElseThrow() * (1 + 1e-12), "within the bound");
            }
        }
    }

    @Test
    void outsideItsScopeItSaysWhy() {
        double[] m = {3, 0, 0, 0, 2, 0, 0, 0, 1};
        double[] top = {3};
        double[] v = {1, 0, 0};
        EigenGradient pi = EigenGradient.builder().build();
        assertProblem("power-iteration method only", () -> EigenGradient.builder().method(Method.ADAPTIVE).build()
                .pullbackTopK(m, 3, top, v, null, v));
        assertProblem("K up to 100000", () -> EigenGradient.builder().iterations(100_001).build()
                .pullbackTopK(m, 3, top, v, null, v));
        assertProblem("topK must be in [1, n - 1]", () -> pi.pullbackTopK(m, 3, new double[] {3, 2, 1},
                new double[9], null, null));
        assertProblem("lambda_k > 1.0E-12 lambda_1", () -> pi.pullbackTopK(new double[] {3, 0, 0, 0, 0, 0, 0, 0, -1}, 3,
                new double[] {3, 0}, new double[6], null, null));
        assertProblem("descending", () -> pi.pullbackTopK(m, 3, new double[] {2, 3}, new double[6], null, null));
        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> pi.pullbackTopK(m, 3, top, new double[2], null, null));
        assertEquals(Problem.WRONG_LENGTH, x.problem());
        // K = 10^5 is accepted and finite
        PullbackResult r = EigenGradient.builder().iterations(100_000).build().pullbackTopK(m, 3, top, v, null, v);
        for (double g : r.gradientRowMajor()) {
            assertTrue(Double.isFinite(g));
        }
    }

    /** The generated series checks its arrays before writing: a short one is named, the gradient left as it was. */
    @Test
    void theGeneratedSeriesNamesAShortArrayBeforeWriting() {
        int n = 4;
        int k = 2;
        double[] gradient = new double[n * n];
        java.util.Arrays.fill(gradient, 7.0);
        InvalidInputException x = assertThrows(InvalidInputException.class, () -> io.github.eigengrad.runtime.generated
                .TopKComplement.complement(n, k, new double[n * n], 0, new double[] {2, 1}, 0, new double[n * k - 1], 0,
                        new double[n * k], 0, 5, gradient, 0, null));
        assertEquals(Problem.WRONG_LENGTH, x.problem());
        assertTrue(x.getMessage().startsWith("vectors"), x.getMessage());
        for (double g : gradient) {
            assertEquals(7.0, g);
        }
        assertProblem("topK must be in [1, n - 1]", () -> io.github.eigengrad.runtime.generated.TopKComplement.bound(n,
                n, new double[n], 0, new double[n], 0, new double[n * n], 0, 5));
    }

    static void assertProblem(String fragment, org.junit.jupiter.api.function.Executable call) {
        InvalidInputException x = assertThrows(InvalidInputException.class, call);
        assertEquals(Problem.INVALID_OPTION, x.problem(), x.getMessage());
        assertTrue(x.getMessage().contains(fragment), x.getMessage());
    }
}
