package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.generated.RuleRegistry;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float entry points (docs/math.md section 11): {@link EigenGradient} on float arrays
 * against its double API on the same float inputs (1e-4 relative where every relative gap is
 * at least 1e-2), the float defaults, and {@link EigenBatch} on float arrays against the
 * single calls, bit for bit, with matrix-naming errors.
 */
class FloatApiTest {
    static float[] floatMatrix(double[][] a) {
        int n = a.length;
        float[] f = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                f[i * n + j] = (float) a[i][j];
            }
        }
        for (int i = 0; i < n; i++) { // exactly symmetric after rounding
            for (int j = 0; j < i; j++) {
                f[i * n + j] = f[j * n + i];
            }
        }
        return f;
    }

    static float[] gaussian(int count, SplittableRandom random) {
        float[] x = new float[count];
        for (int k = 0; k < count; k++) {
            x[k] = (float) TestMatrices.gaussian(random);
        }
        return x;
    }

    @ParameterizedTest(name = "n={0} {1}")
    @CsvSource({"2, POWER_ITERATION", "3, POWER_ITERATION", "3, ANALYTIC", "3, ADAPTIVE", "4, ADAPTIVE",
        "6, POWER_ITERATION", "12, ANALYTIC", "16, ADAPTIVE"})
    void floatGradientMatchesTheDoubleGradientOfTheSameInputs(int n, EigenGradient.Method method) {
        SplittableRandom random = new SplittableRandom(5000 + n);
        EigenGradient g = EigenGradient.builder().method(method).build();
        for (int draw = 0; draw < 20; draw++) {
            float[] a = floatMatrix(TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, draw % 2 == 0, random),
                    random));
            float[] values = new float[n];
            float[] vectors = new float[n * n];
            g.decompose(a, n, values, vectors);
            float[] valuesBar = gaussian(n, random);
            float[] vectorsBar = gaussian(n * n, random);
            float[] tangent = gaussian(n * n, random);
            float[] gradient = new float[n * n];
            PullbackReport report = g.pullback(n, values, vectors, valuesBar, vectorsBar, gradient);
            // the double API on the float forward result (its values and V widened)
            double[] v = new double[n];
            double[] w = new double[n * n];
            for (int k = 0; k < n; k++) {
                v[k] = values[k];
            }
            for (int k = 0; k < n * n; k++) {
                w[k] = vectors[k];
            }
            double[] lb = new double[n];
            double[] vb = new double[n * n];
            double[] t = new double[n * n];
            for (int k = 0; k < n; k++) {
                lb[k] = valuesBar[k];
            }
            for (int k = 0; k < n * n; k++) {
                vb[k] = vectorsBar[k];
                t[k] = tangent[k];
            }
            // the generated double rules of the same options (V of float accuracy is no decomposition
            // the double API would accept)
            double[] exact = new double[n * n];
            PullbackReport exactReport = new PullbackReport();
            double[] vd = new double[n];
            double[] wd = new double[n * n];
            switch (method) {
                case POWER_ITERATION -> {
                    RuleRegistry.powerIteration(n, v, 0, w, 0, lb, 0, vb, 0, exact, 0, 19, null, exactReport);
                    RuleRegistry.powerIterationPushforward(n, v, 0, w, 0, t, 0, vd, 0, wd, 0, 19, null, null);
                }
                case ADAPTIVE -> {
                    RuleRegistry.adaptive(n, v, 0, w, 0, lb, 0, vb, 0, exact, 0, (double) 1e-10f, 1000, null,
                            exactReport);
                    RuleRegistry.adaptivePushforward(n, v, 0, w, 0, t, 0, vd, 0, wd, 0, (double) 1e-10f, 1000, null,
                            null);
                }
                default -> {
                    RuleRegistry.analytic(n, v, 0, w, 0, lb, 0, vb, 0, exact, 0, (double) 1e-4f, null, exactReport);
                    RuleRegistry.analyticPushforward(n, v, 0, w, 0, t, 0, vd, 0, wd, 0, (double) 1e-4f, null, null);
                }
            }
            assertClose(gradient, exact, "gradient");
            if (method != EigenGradient.Method.ANALYTIC) {
                assertEquals(exactReport.iterationsUsed(), report.iterationsUsed());
            }
            float[] valuesDot = new float[n];
            float[] vectorsDot = new float[n * n];
            g.pushforward(n, values, vectors, tangent, valuesDot, vectorsDot);
            assertClose(valuesDot, vd, "valuesDot");
            assertClose(vectorsDot, wd, "vectorsDot");
        }
    }

    static void assertClose(float[] f, double[] d, String what) {
        double err = 0;
        double size = 0;
        for (int k = 0; k < d.length; k++) {
            err = Math.max(err, Math.abs(f[k] - d[k]));
            size = Math.max(size, Math.abs(d[k]));
        }
        assertTrue(err <= 1e-4 * size, what + ": relative error " + err / size);
    }

    @Test
    void floatDefaultsFollowSectionEleven() {
        EigenGradient defaults = EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
        assertEquals(1e-8, defaults.degeneracyTolerance());
        assertEquals(1e-4, defaults.floatDegeneracyTolerance());
        assertEquals(1e-4, defaults.toBuilder().build().floatDegeneracyTolerance(), "toBuilder keeps it unset");
        EigenGradient set = defaults.toBuilder().degeneracyTolerance(1e-6).build();
        assertEquals(1e-6, set.floatDegeneracyTolerance());
        assertEquals(1e-6, set.toBuilder().build().floatDegeneracyTolerance());
        // a near tie closer than 1e-4 relative is degenerate in float, not in double
        float[] values = {1, 1 - 1e-5f, 0.5f};
        float[] vectors = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        assertThrows(DegenerateSpectrumException.class,
                () -> defaults.pullback(3, values, vectors, null, new float[9], new float[9]));
        // K beyond 2^24 is refused in float by name
        EigenGradient bigK = EigenGradient.builder().iterations((1L << 24) + 1).build();
        InvalidInputException k = assertThrows(InvalidInputException.class,
                () -> bigK.pullback(3, new float[] {3, 2, 1}, vectors, null, null, new float[9]));
        assertEquals(Problem.INVALID_OPTION, k.problem());
        assertTrue(k.getMessage().contains("2^24"), k.getMessage());
    }

    @ParameterizedTest(name = "n={0}, epsilon={1}")
    @CsvSource({"2, 0", "3, 0", "4, 0", "7, 0", "2, 0.1", "3, 0.1", "4, 0.1", "7, 0.1"})
    void floatBatchIsTheSingleCallsBitForBit(int n, double epsilon) {
        SplittableRandom random = new SplittableRandom(6000 + n);
        int count = 300;
        float[] matrices = new float[count * n * n];
        for (int b = 0; b < count; b++) {
            float[] a = floatMatrix(TestMatrices.gaussianSymmetric(n, random));
            System.arraycopy(a, 0, matrices, b * n * n, n * n);
        }
        float[] valuesBar = gaussian(count * n, random);
        float[] vectorsBar = gaussian(count * n * n, random);
        float[] tangents = gaussian(count * n * n, random);
        EigenGradient g = EigenGradient.builder().method(EigenGradient.Method.ADAPTIVE).epsilon(epsilon).build();
        for (EigenBatch batch : new EigenBatch[] {EigenBatch.of(g).withChunkSize(64),
            EigenBatch.of(g).withChunkSize(50).withExecutor(ForkJoinPool.commonPool())}) {
            float[] values = new float[count * n];
            float[] vectors = new float[count * n * n];
            float[] gradients = new float[count * n * n];
            batch.decomposeAndPullback(count, n, matrices, valuesBar, vectorsBar, values, vectors, gradients);
            float[] valuesDot = new float[count * n];
            float[] vectorsDot = new float[count * n * n];
            float[] values2 = new float[count * n];
            float[] vectors2 = new float[count * n * n];
            batch.decomposeAndPushforward(count, n, matrices, tangents, values2, vectors2, valuesDot, vectorsDot);
            assertArrayEquals(values, values2);
            assertArrayEquals(vectors, vectors2);
            for (int b = 0; b < count; b++) {
                float[] v = new float[n];
                float[] w = new float[n * n];
                g.decompose(java.util.Arrays.copyOfRange(matrices, b * n * n, (b + 1) * n * n), n, v, w);
                assertArrayEquals(v, java.util.Arrays.copyOfRange(values, b * n, (b + 1) * n), "values " + b);
                assertArrayEquals(w, java.util.Arrays.copyOfRange(vectors, b * n * n, (b + 1) * n * n));
                float[] gradient = new float[n * n];
                g.pullback(n, v, w, java.util.Arrays.copyOfRange(valuesBar, b * n, (b + 1) * n),
                        java.util.Arrays.copyOfRange(vectorsBar, b * n * n, (b + 1) * n * n), gradient);
                assertArrayEquals(gradient, java.util.Arrays.copyOfRange(gradients, b * n * n, (b + 1) * n * n));
                float[] vd = new float[n];
                float[] wd = new float[n * n];
                g.pushforward(n, v, w, java.util.Arrays.copyOfRange(tangents, b * n * n, (b + 1) * n * n), vd, wd);
                assertArrayEquals(vd, java.util.Arrays.copyOfRange(valuesDot, b * n, (b + 1) * n));
                assertArrayEquals(wd, java.util.Arrays.copyOfRange(vectorsDot, b * n * n, (b + 1) * n * n));
            }
        }
    }

    @Test
    void floatBatchNamesTheBadMatrix() {
        EigenBatch batch = EigenBatch.of(EigenGradient.builder().build());
        float[] matrices = new float[3 * 9];
        for (int b = 0; b < 3; b++) {
            matrices[9 * b] = 3;
            matrices[9 * b + 4] = 2;
            matrices[9 * b + 8] = 1;
        }
        matrices[9 * 2 + 4] = Float.NaN;
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> batch.decompose(3, 3, matrices, new float[9], new float[27]));
        assertEquals(Problem.NOT_FINITE, e.problem());
        assertTrue(e.getMessage().startsWith("matrix 2: "), e.getMessage());
        assertEquals(Problem.WRONG_LENGTH, assertThrows(InvalidInputException.class,
                () -> batch.decompose(3, 3, matrices, new float[8], new float[27])).problem());
        float[] vectorsBar = new float[27];
        vectorsBar[9 + 3] = Float.POSITIVE_INFINITY;
        float[] values = {3, 2, 1, 3, 2, 1, 3, 2, 1};
        float[] vectors = new float[27];
        for (int b = 0; b < 3; b++) {
            vectors[9 * b] = vectors[9 * b + 4] = vectors[9 * b + 8] = 1;
        }
        InvalidInputException c = assertThrows(InvalidInputException.class,
                () -> batch.pullback(3, 3, values, vectors, null, vectorsBar, new float[27]));
        assertEquals(Problem.NOT_FINITE, c.problem());
        assertTrue(c.getMessage().startsWith("matrix 1: vectorsBar entry 3"), c.getMessage());
    }
}
