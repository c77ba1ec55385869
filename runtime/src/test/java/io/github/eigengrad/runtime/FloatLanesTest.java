package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float 3x3 batch on SIMD lanes ({@code Batch3FloatLanes}, the generated
 * {@code ClosedForm3FloatLanes} and {@code Pullback3PowerIterationFloatLanes}) against the
 * float scalar batch, bit for bit (docs/math.md section 11), over every kind of float matrix
 * (those of {@link EigenBatchTest#everyKindOf3x3} rounded to float, and every exponent of the
 * float range), for K across its bits, with errors named as on the scalar path.
 */
class FloatLanesTest {
    @Test
    void theFloatLanesLoadWithTwiceTheDoubleLanes() {
        FloatVectorKernel3 kernel = FloatVectorKernel3.load();
        assertNotNull(kernel, "run the runtime's tests with --add-modules jdk.incubator.vector");
        assertEquals(2 * Batch3Lanes.LANES, Batch3FloatLanes.LANES);
    }

    /** Every kind of matrix rounded to float, and one at every exponent of the float range. */
    static float[] floatMatrices(int count, SplittableRandom random) {
        double[] kinds = EigenBatchTest.everyKindOf3x3(count, random);
        float[] m = new float[9 * count];
        for (int b = 0; b < count; b++) {
            double max = 0;
            for (int k = 0; k < 9; k++) {
                max = Math.max(max, Math.abs(kinds[9 * b + k]));
            }
            // into the float range: the largest entry at an exponent from -149 to 125, in turn
            int shift = max == 0 ? 0 : (b % 275 - 149) - MatrixInput.exponentOf(max); // eigenvalues stay finite
            for (int k = 0; k < 9; k++) {
                m[9 * b + k] = (float) Math.scalb(kinds[9 * b + k], shift);
            }
            for (int i = 0; i < 3; i++) { // exactly symmetric after rounding
                for (int j = 0; j < i; j++) {
                    m[9 * b + 3 * i + j] = m[9 * b + 3 * j + i];
                }
            }
        }
        return m;
    }

    @Test
    void forwardIsTheScalarFloatPathBitForBit() {
        int count = 16 * 300 + 5;
        float[] matrices = floatMatrices(count, new SplittableRandom(81));
        EigenBatch lanes = EigenBatch.of(EigenGradient.builder().epsilon(0.03125).build()).withVectorLanes(true)
                .withChunkSize(512);
        EigenBatch scalar = lanes.withVectorLanes(false);
        float[] values = new float[3 * count];
        float[] vectors = new float[9 * count];
        float[] expectedValues = new float[3 * count];
        float[] expectedVectors = new float[9 * count];
        scalar.decompose(count, 3, matrices, expectedValues, expectedVectors);
        lanes.decompose(count, 3, matrices, values, vectors);
        int compared = 0;
        for (int k = 0; k < 3 * count; k++) {
            assertEquals(Float.floatToRawIntBits(expectedValues[k]), Float.floatToRawIntBits(values[k]),
                    "value " + k % 3 + " of matrix " + k / 3);
            compared++;
        }
        for (int k = 0; k < 9 * count; k++) {
            assertEquals(Float.floatToRawIntBits(expectedVectors[k]), Float.floatToRawIntBits(vectors[k]),
                    "vector entry " + k % 9 + " of matrix " + k / 9);
            compared++;
        }
        assertEquals(12 * count, compared);
        // the lanes finish generic matrices themselves: at most the tail and a few are left to the scalar code
        SplittableRandom random = new SplittableRandom(82);
        int generic = 4000;
        float[] plain = new float[9 * generic];
        for (int b = 0; b < generic; b++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j <= i; j++) {
                    plain[9 * b + 3 * i + j] = plain[9 * b + 3 * j + i] = (float) random.nextGaussian();
                }
            }
        }
        int[] left = new int[1];
        FloatVectorKernel3.load().decompose(plain, 0, generic, 0f, SymmetricEigensolver.DEFAULT_SYMMETRY_TOLERANCE,
                new float[3 * generic], new float[9 * generic], b -> left[0]++);
        assertTrue(left[0] <= 15 + generic / 100, "left to the scalar code: " + left[0]);
    }

    @ParameterizedTest(name = "K={0}")
    @ValueSource(ints = {1, 2, 3, 19, 64, 1000, 123_457, 1 << 24})
    void pullbackIsTheScalarFloatRuleBitForBit(int iterations) {
        int count = 16 * 80 + 7;
        SplittableRandom random = new SplittableRandom(iterations);
        float[] matrices = floatMatrices(count, random);
        float[] valuesBar = new float[3 * count];
        float[] vectorsBar = new float[9 * count];
        for (int k = 0; k < 3 * count; k++) {
            valuesBar[k] = (float) random.nextGaussian();
        }
        for (int k = 0; k < 9 * count; k++) {
            vectorsBar[k] = (float) random.nextGaussian();
        }
        int compared = 0;
        for (boolean eigenvalueTerm : new boolean[] {true, false}) {
            EigenBatch lanes = EigenBatch.of(EigenGradient.builder().iterations(iterations)
                    .eigenvalueTerm(eigenvalueTerm).build()).withVectorLanes(true).withChunkSize(256);
            EigenBatch scalar = lanes.withVectorLanes(false);
            float[] values = new float[3 * count];
            float[] vectors = new float[9 * count];
            scalar.decompose(count, 3, matrices, values, vectors);
            for (float[][] cotangents : new float[][][] {{valuesBar, vectorsBar}, {null, vectorsBar},
                {valuesBar, null}}) {
                float[] expected = new float[9 * count];
                float[] actual = new float[9 * count];
                // a gradient beyond the float range is refused on both paths alike
                RuntimeException e = failure(() -> scalar.pullback(count, 3, values, vectors, cotangents[0],
                        cotangents[1], expected));
                RuntimeException a = failure(() -> lanes.pullback(count, 3, values, vectors, cotangents[0],
                        cotangents[1], actual));
                assertEquals(String.valueOf(e), String.valueOf(a));
                if (e != null) {
                    continue;
                }
                for (int k = 0; k < 9 * count; k++) {
                    assertEquals(Float.floatToRawIntBits(expected[k]), Float.floatToRawIntBits(actual[k]),
                            "gradient entry " + k % 9 + " of matrix " + k / 9);
                    compared++;
                }
                float[] fused = new float[9 * count];
                lanes.decomposeAndPullback(count, 3, matrices, cotangents[0], cotangents[1], new float[3 * count],
                        new float[9 * count], fused);
                for (int k = 0; k < 9 * count; k++) {
                    assertEquals(Float.floatToRawIntBits(expected[k]), Float.floatToRawIntBits(fused[k]));
                }
            }
        }
        assertTrue(compared >= 9 * count, "compared " + compared);
    }

    /** Lanes on an executor (each worker with its own scratch) equal the scalar batch on the calling thread. */
    @Test
    void lanesOnAnExecutorAreTheScalarBatch() {
        int count = 16 * 400 + 9;
        SplittableRandom random = new SplittableRandom(84);
        float[] matrices = new float[9 * count];
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j <= i; j++) {
                    matrices[9 * b + 3 * i + j] = matrices[9 * b + 3 * j + i] = (float) random.nextGaussian();
                }
            }
        }
        float[] vectorsBar = new float[9 * count];
        for (int k = 0; k < vectorsBar.length; k++) {
            vectorsBar[k] = (float) random.nextGaussian();
        }
        EigenGradient options = EigenGradient.builder().build();
        float[] expected = new float[9 * count];
        EigenBatch.of(options).decomposeAndPullback(count, 3, matrices, null, vectorsBar, new float[3 * count],
                new float[9 * count], expected);
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(3);
        try {
            float[] actual = new float[9 * count];
            EigenBatch.of(options).withVectorLanes(true).withExecutor(pool).withChunkSize(300)
                    .decomposeAndPullback(count, 3, matrices, null, vectorsBar, new float[3 * count],
                            new float[9 * count], actual);
            for (int k = 0; k < 9 * count; k++) {
                assertEquals(Float.floatToRawIntBits(expected[k]), Float.floatToRawIntBits(actual[k]),
                        "gradient entry " + k % 9 + " of matrix " + k / 9);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static RuntimeException failure(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void badMatricesAndCotangentsAreNamedAsOnTheScalarPath() {
        int count = 40;
        float[] matrices = floatMatrices(count, new SplittableRandom(83));
        matrices[9 * 21 + 5] = Float.NaN;
        EigenBatch lanes = EigenBatch.of(EigenGradient.builder().build()).withVectorLanes(true);
        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> lanes.decompose(count, 3, matrices, new float[3 * count], new float[9 * count]));
        assertEquals(Problem.NOT_FINITE, x.problem());
        assertTrue(x.getMessage().startsWith("matrix 21: "), x.getMessage());
        float[] values = new float[3 * count];
        float[] vectors = new float[9 * count];
        matrices[9 * 21 + 5] = matrices[9 * 21 + 7];
        lanes.decompose(count, 3, matrices, values, vectors);
        float[] vectorsBar = new float[9 * count];
        vectorsBar[9 * 17 + 2] = Float.POSITIVE_INFINITY;
        InvalidInputException c = assertThrows(InvalidInputException.class,
                () -> lanes.pullback(count, 3, values, vectors, null, vectorsBar, new float[9 * count]));
        assertEquals(Problem.NOT_FINITE, c.problem());
        assertTrue(c.getMessage().startsWith("matrix 17: vectorsBar entry 2"), c.getMessage());
    }
}
