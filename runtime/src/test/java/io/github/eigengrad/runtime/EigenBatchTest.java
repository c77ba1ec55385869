package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EigenBatchTest {
    static final ForkJoinPool POOL = new ForkJoinPool(2);

    @AfterAll
    static void shutdown() {
        POOL.shutdown();
    }

    static Stream<Arguments> cases() {
        return IntStream.of(1, 2, 3, 4, 5, 8).boxed().flatMap(n -> Stream.of(EigenGradient.Method.values())
                .map(m -> Arguments.of(n, m)));
    }

    /** Identical (bit for bit) to the single-matrix API, on one thread and on two, in several chunks. */
    @ParameterizedTest(name = "n={0} {1}")
    @MethodSource("cases")
    void resultsAreThoseOfTheSingleMatrixApi(int n, EigenGradient.Method method) {
        SplittableRandom random = new SplittableRandom(n * 31L + method.ordinal());
        int count = 50;
        double[] matrices = new double[count * n * n];
        double[] valuesBar = new double[count * n];
        double[] vectorsBar = new double[count * n * n];
        for (int b = 0; b < count; b++) {
            double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, b % 2 == 0, random), random);
            for (int i = 0; i < n; i++) {
                System.arraycopy(a[i], 0, matrices, b * n * n + i * n, n);
            }
            System.arraycopy(TestMatrices.gaussianVector(n, random), 0, valuesBar, b * n, n);
            System.arraycopy(TestMatrices.gaussianVector(n * n, random), 0, vectorsBar, b * n * n, n * n);
        }
        EigenGradient options = EigenGradient.builder().method(method).epsilon(0.125).build();
        for (EigenBatch batch : new EigenBatch[] {EigenBatch.of(options), EigenBatch.of(options).withChunkSize(7)
                .withExecutor(POOL)}) {
            double[] values = new double[count * n];
            double[] vectors = new double[count * n * n];
            double[] gradients = new double[count * n * n];
            double[] reports = new double[4 * count];
            batch.decomposeAndPullback(count, n, matrices, valuesBar, vectorsBar, values, vectors, gradients, reports);
            double[] values2 = new double[count * n];
            double[] vectors2 = new double[count * n * n];
            double[] gradients2 = new double[count * n * n];
            batch.decompose(count, n, matrices, values2, vectors2);
            batch.pullback(count, n, values2, vectors2, valuesBar, vectorsBar, gradients2, null);
            assertArrayEquals(values, values2, 0);
            assertArrayEquals(vectors, vectors2, 0);
            assertArrayEquals(gradients, gradients2, 0);
            for (int b = 0; b < count; b++) {
                SymmetricEigendecomposition e = options.decompose(
                        java.util.Arrays.copyOfRange(matrices, b * n * n, (b + 1) * n * n), n);
                PullbackResult r = options.pullback(e, java.util.Arrays.copyOfRange(valuesBar, b * n, (b + 1) * n),
                        java.util.Arrays.copyOfRange(vectorsBar, b * n * n, (b + 1) * n * n));
                assertArrayEquals(e.values(), java.util.Arrays.copyOfRange(values, b * n, (b + 1) * n), 0);
                assertArrayEquals(e.vectorsRowMajor(), java.util.Arrays.copyOfRange(vectors, b * n * n, (b + 1) * n * n), 0);
                assertArrayEquals(r.gradientRowMajor(), java.util.Arrays.copyOfRange(gradients, b * n * n, (b + 1) * n * n),
                        0, "matrix " + b);
                assertEquals(r.shift(), reports[4 * b], 0);
                assertEquals(r.iterationsUsed().isPresent() ? r.iterationsUsed().getAsLong() : -1, reports[4 * b + 1], 0);
                assertEquals(r.maxPairError(), reports[4 * b + 2], 0);
                assertEquals(r.gradientBound().orElse(-1), reports[4 * b + 3], 0);
            }
        }
    }

    /** The batch pushforward, bit for bit the single-matrix pushforward, on one thread and on two. */
    @ParameterizedTest(name = "n={0} {1}")
    @MethodSource("cases")
    void pushforwardIsTheSingleMatrixPushforward(int n, EigenGradient.Method method) {
        SplittableRandom random = new SplittableRandom(n * 37L + method.ordinal());
        int count = 40;
        double[] matrices = new double[count * n * n];
        double[] tangents = new double[count * n * n];
        for (int b = 0; b < count; b++) {
            double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, b % 2 == 0, random), random);
            for (int i = 0; i < n; i++) {
                System.arraycopy(a[i], 0, matrices, b * n * n + i * n, n);
            }
            System.arraycopy(TestMatrices.gaussianVector(n * n, random), 0, tangents, b * n * n, n * n);
        }
        EigenGradient options = EigenGradient.builder().method(method).eigenvalueTerm(n != 4).build();
        int checked = 0;
        for (EigenBatch batch : new EigenBatch[] {EigenBatch.of(options), EigenBatch.of(options).withChunkSize(7)
                .withExecutor(POOL)}) {
            double[] values = new double[count * n];
            double[] vectors = new double[count * n * n];
            double[] valuesDot = new double[count * n];
            double[] vectorsDot = new double[count * n * n];
            double[] reports = new double[4 * count];
            batch.decomposeAndPushforward(count, n, matrices, tangents, values, vectors, valuesDot, vectorsDot, reports);
            double[] valuesDot2 = new double[count * n];
            double[] vectorsDot2 = new double[count * n * n];
            batch.pushforward(count, n, values, vectors, tangents, valuesDot2, vectorsDot2, null);
            assertArrayEquals(valuesDot, valuesDot2, 0);
            assertArrayEquals(vectorsDot, vectorsDot2, 0);
            for (int b = 0; b < count; b++) {
                SymmetricEigendecomposition e = options.decompose(
                        java.util.Arrays.copyOfRange(matrices, b * n * n, (b + 1) * n * n), n);
                PushforwardResult r = options.pushforward(e, java.util.Arrays.copyOfRange(tangents, b * n * n,
                        (b + 1) * n * n));
                assertArrayEquals(e.values(), java.util.Arrays.copyOfRange(values, b * n, (b + 1) * n), 0);
                assertArrayEquals(r.valuesDot(), java.util.Arrays.copyOfRange(valuesDot, b * n, (b + 1) * n), 0);
                assertArrayEquals(r.vectorsDotRowMajor(), java.util.Arrays.copyOfRange(vectorsDot, b * n * n,
                        (b + 1) * n * n), 0, "matrix " + b);
                assertEquals(r.shift(), reports[4 * b], 0);
                assertEquals(r.iterationsUsed().isPresent() ? r.iterationsUsed().getAsLong() : -1, reports[4 * b + 1], 0);
                assertEquals(r.maxPairError(), reports[4 * b + 2], 0);
                assertEquals(r.vectorsDotBound().orElse(-1), reports[4 * b + 3], 0);
                checked++;
            }
        }
        assertEquals(2 * count, checked);
        double[] bad = tangents.clone();
        bad[5 * n * n + n * n - 1] = Double.NaN;
        InvalidInputException x = assertThrows(InvalidInputException.class, () -> EigenBatch.of(options)
                .decomposeAndPushforward(count, n, matrices, bad, new double[count * n], new double[count * n * n],
                        new double[count * n], new double[count * n * n], null));
        assertEquals(Problem.NOT_FINITE, x.problem());
        assertTrue(x.getMessage().startsWith("matrix 5: tangents"), x.getMessage());
    }

    /**
     * The 3x3 batch runs its own staged loop (SmallBatch3.decompose), so it is held
     * bit for bit to the single call over every kind of matrix the solver distinguishes: all
     * spectrum kinds of SmallEigensolverTest (ties, near ties, rank-deficient, diagonal, graded),
     * scales 1e-150 to 1e150, zero and identity multiples, and asymmetry within the tolerance;
     * in chunks of 1, 7 and the default, on one thread and on two.
     */
    @Test
    void threeByThreeBatchIsTheSingleCallOnEveryKindOfMatrix() {
        int count = 7 * 400 + 3;
        double[] matrices = everyKindOf3x3(count, new SplittableRandom(2026));
        double epsilon = 0.0625;
        double[] expectedValues = new double[3 * count];
        double[] expectedVectors = new double[9 * count];
        for (int b = 0; b < count; b++) {
            SmallEigensolver.decompose3(matrices, 9 * b, epsilon, expectedValues, 3 * b, expectedVectors, 9 * b);
        }
        EigenBatch batch = EigenBatch.of(EigenGradient.builder().epsilon(epsilon).build());
        int compared = 0;
        for (EigenBatch b : new EigenBatch[] {batch, batch.withChunkSize(1), batch.withChunkSize(7).withExecutor(POOL)}) {
            double[] values = new double[3 * count];
            double[] vectors = new double[9 * count];
            b.decompose(count, 3, matrices, values, vectors);
            for (int k = 0; k < 9 * count; k++) {
                assertEquals(Double.doubleToRawLongBits(expectedVectors[k]), Double.doubleToRawLongBits(vectors[k]),
                        "vector entry " + k % 9 + " of matrix " + k / 9);
                compared++;
            }
            for (int k = 0; k < 3 * count; k++) {
                assertEquals(Double.doubleToRawLongBits(expectedValues[k]), Double.doubleToRawLongBits(values[k]),
                        "value " + k % 3 + " of matrix " + k / 3);
            }
        }
        assertEquals(3 * 9 * count, compared);
    }

    /**
     * {@code count} 3x3 matrices of every kind the solver distinguishes: the spectrum kinds of
     * SmallEigensolverTest in turn (ties, near ties, rank-deficient, diagonal, graded) at scales
     * 1e-150 to 1e150, every 11th asymmetric within the default tolerance, and last the zero
     * matrix, 2.5 I and a tiny multiple of I.
     */
    static double[] everyKindOf3x3(int count, SplittableRandom random) {
        double[] matrices = new double[9 * count];
        for (int b = 0; b < count - 3; b++) {
            int kind = b % 7;
            double scale = Math.pow(10, -150 + 300 * random.nextDouble());
            double[] m = SmallEigensolverTest.matrix(SmallEigensolverTest.rotation3(random),
                    SmallEigensolverTest.spectrum(3, kind, random), scale, kind == 5);
            if (b % 11 == 0) {
                m[1] += 1e-13 * Math.abs(m[1]);
            }
            System.arraycopy(m, 0, matrices, 9 * b, 9);
        }
        for (int k = 0; k < 3; k++) {
            double diagonal = k == 0 ? 0 : k == 1 ? 2.5 : Double.MIN_NORMAL;
            for (int i = 0; i < 3; i++) {
                matrices[9 * (count - 3 + k) + 4 * i] = diagonal;
            }
        }
        return matrices;
    }

    @Test
    void problemsNameTheMatrix() {
        EigenBatch batch = EigenBatch.of(EigenGradient.builder().build()).withChunkSize(2).withExecutor(POOL);
        double[] matrices = new double[5 * 9];
        for (int b = 0; b < 5; b++) {
            matrices[b * 9] = 3;
            matrices[b * 9 + 4] = 2;
            matrices[b * 9 + 8] = 1;
        }
        matrices[3 * 9 + 1] = 1; // matrix 3 is asymmetric
        double[] values = new double[15];
        double[] vectors = new double[45];
        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> batch.decompose(5, 3, matrices, values, vectors));
        assertEquals(Problem.ASYMMETRIC, x.problem());
        assertTrue(x.getMessage().startsWith("matrix 3: "), x.getMessage());
        matrices[3 * 9 + 3] = 1;
        batch.decompose(5, 3, matrices, values, vectors);
        double[] vectorsBar = new double[45];
        vectorsBar[2 * 9 + 4] = Double.NaN;
        InvalidInputException nan = assertThrows(InvalidInputException.class,
                () -> batch.pullback(5, 3, values, vectors, null, vectorsBar, new double[45], null));
        assertTrue(nan.getMessage().startsWith("matrix 2: vectorsBar entry 4 is NaN"), nan.getMessage());
        // a tie in matrix 4 under the analytic method
        matrices[4 * 9 + 4] = 1;
        batch.decompose(5, 3, matrices, values, vectors);
        EigenBatch analytic = EigenBatch.of(EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build());
        DegenerateSpectrumException d = assertThrows(DegenerateSpectrumException.class,
                () -> analytic.pullback(5, 3, values, vectors, null, new double[45], new double[45], null));
        assertTrue(d.getMessage().startsWith("matrix 4: degenerate spectrum: eigenvalues 1 and 2"), d.getMessage());
        assertEquals(Problem.WRONG_LENGTH, assertThrows(InvalidInputException.class,
                () -> batch.decompose(5, 3, new double[44], values, vectors)).problem());
        assertEquals(Problem.INVALID_OPTION, assertThrows(InvalidInputException.class,
                () -> batch.decompose(-1, 3, matrices, values, vectors)).problem());
        assertEquals(Problem.INVALID_OPTION, assertThrows(InvalidInputException.class,
                () -> batch.withChunkSize(0)).problem());
        batch.decompose(0, 3, new double[0], new double[0], new double[0]);
    }
}
