package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 3x3 work on SIMD lanes ({@code Batch3Lanes}, the generated
 * {@code Pullback3PowerIterationLanes}) against the scalar code it replaces, bit for bit. The
 * runtime's tests run with {@code --add-modules jdk.incubator.vector} (runtime/pom.xml), so
 * the lanes are there; the first test fails if that set-up is lost.
 */
class VectorLanesTest {
    private static final VectorKernel3 KERNEL = VectorKernel3.load();

    @Test
    void theTestJvmHasTheLanes() {
        assertTrue(EigenBatch.vectorLanesAvailable(), "run the runtime's tests with --add-modules jdk.incubator.vector");
        // opt-in: a batch is scalar unless asked, since the lanes cost dearly until compiled
        EigenBatch batch = EigenBatch.of(EigenGradient.builder().build());
        assertTrue(!batch.lanesFor(3), "scalar by default");
        assertTrue(batch.withVectorLanes(true).lanesFor(3), "lanes when asked and available");
        assertTrue(!batch.withVectorLanes(true).lanesFor(4), "lanes serve 3x3 only");
        assertNotNull(KERNEL);
    }

    /**
     * The lanes' forward pass equals the single call on every kind of matrix, and the lanes
     * finish the generic matrices themselves: of the 4,000 random ones (chunk of 4,000, at most
     * 7 lanes of tail) at most the tail is left to the scalar code.
     */
    @Test
    void forwardIsTheSingleCallBitForBit() {
        int count = 7 * 500 + 3;
        double[] matrices = EigenBatchTest.everyKindOf3x3(count, new SplittableRandom(77));
        double epsilon = 0.03125;
        double[] values = new double[3 * count];
        double[] vectors = new double[9 * count];
        int scalar = KERNEL.decompose(matrices, 0, count, epsilon, SymmetricEigensolver.DEFAULT_SYMMETRY_TOLERANCE,
                values, vectors);
        int compared = compareWithSingleCalls(matrices, count, epsilon, values, vectors);
        assertEquals(12 * count, compared);
        // zero, 2.5 I, the tiny multiple of I, the graded kind (1 in 7) and more go to the scalar code
        assertTrue(scalar >= 3 + 500 && scalar < count / 2, "scalar " + scalar);

        SplittableRandom random = new SplittableRandom(78);
        int generic = 4000;
        double[] plain = new double[9 * generic];
        for (int b = 0; b < generic; b++) {
            double[][] a = TestMatrices.gaussianSymmetric(3, random);
            for (int i = 0; i < 3; i++) {
                System.arraycopy(a[i], 0, plain, 9 * b + 3 * i, 3);
            }
        }
        double[] v2 = new double[3 * generic];
        double[] w2 = new double[9 * generic];
        int left = KERNEL.decompose(plain, 0, generic, 0, SymmetricEigensolver.DEFAULT_SYMMETRY_TOLERANCE, v2, w2);
        assertEquals(12 * generic, compareWithSingleCalls(plain, generic, 0, v2, w2));
        assertTrue(left <= 7 + generic / 100, "left to the scalar code: " + left);
    }

    /**
     * Every exponent of the largest entry, from -1022 to 1023 (the lanes split the scaling
     * 2^-e into 2^-(e/2) 2^-(e - e/2) with Java's division, from the bits), each matrix with
     * an entry 2^-1000 of the largest, which the split can take into the subnormal range: the
     * lanes equal the single call to the bit.
     */
    @Test
    void forwardScalesEveryExponentAsTheSingleCall() {
        SplittableRandom random = new SplittableRandom(79);
        int count = 2046;
        double[] matrices = new double[9 * count];
        for (int b = 0; b < count; b++) {
            double big = Math.scalb(1 + random.nextDouble(), b - 1022);
            double[] m = {big, 0.5 * big, Math.scalb(big, -1000), 0.5 * big, -0.75 * big, 0.25 * big,
                Math.scalb(big, -1000), 0.25 * big, 0.125 * big};
            System.arraycopy(m, 0, matrices, 9 * b, 9);
        }
        double[] values = new double[3 * count];
        double[] vectors = new double[9 * count];
        int scalar = KERNEL.decompose(matrices, 0, count, 0, SymmetricEigensolver.DEFAULT_SYMMETRY_TOLERANCE, values,
                vectors);
        assertEquals(12 * count, compareWithSingleCalls(matrices, count, 0, values, vectors));
        assertTrue(scalar < count / 10, "left to the scalar code: " + scalar);
    }

    private static int compareWithSingleCalls(double[] matrices, int count, double epsilon, double[] values,
            double[] vectors) {
        double[] ev = new double[3];
        double[] ew = new double[9];
        int compared = 0;
        for (int b = 0; b < count; b++) {
            SmallEigensolver.decompose3(matrices, 9 * b, epsilon, ev, 0, ew, 0);
            for (int k = 0; k < 3; k++) {
                assertEquals(Double.doubleToRawLongBits(ev[k]), Double.doubleToRawLongBits(values[3 * b + k]),
                        "value " + k + " of matrix " + b);
                compared++;
            }
            for (int k = 0; k < 9; k++) {
                assertEquals(Double.doubleToRawLongBits(ew[k]), Double.doubleToRawLongBits(vectors[9 * b + k]),
                        "vector entry " + k + " of matrix " + b);
                compared++;
            }
        }
        return compared;
    }

    /**
     * The lanes' power-iteration pullback equals the scalar batch bit for bit, for K from 1 to
     * the largest int (every bit of the lanes' powering), with the eigenvalue term on and off
     * and with absent cotangents; the matrices include ties and near ties, where the
     * coefficient takes its expm1/log1p form in some lanes, and indefinite ones (the shift).
     */
    @ParameterizedTest(name = "K={0}")
    @ValueSource(ints = {1, 2, 3, 19, 64, 1000, 123_457, Integer.MAX_VALUE})
    void pullbackIsTheScalarRuleBitForBit(int iterations) {
        // the last of everyKindOf3x3, MIN_NORMAL * I, is left out: its coefficient K / lambda
        // overflows, which both paths reject (the scalar rule's gradient check)
        int count = 7 * 150 + 4;
        SplittableRandom random = new SplittableRandom(iterations);
        double[] matrices = EigenBatchTest.everyKindOf3x3(count + 1, random);
        double[] valuesBar = TestMatrices.gaussianVector(3 * count, random);
        double[] vectorsBar = TestMatrices.gaussianVector(9 * count, random);
        int compared = 0;
        for (boolean eigenvalueTerm : new boolean[] {true, false}) {
            EigenGradient options = EigenGradient.builder().iterations(iterations).eigenvalueTerm(eigenvalueTerm)
                    .build();
            EigenBatch lanes = EigenBatch.of(options).withVectorLanes(true).withChunkSize(256);
            EigenBatch scalar = lanes.withVectorLanes(false);
            double[] values = new double[3 * count];
            double[] vectors = new double[9 * count];
            lanes.decompose(count, 3, matrices, values, vectors);
            for (double[][] cotangents : new double[][][] {{valuesBar, vectorsBar}, {null, vectorsBar},
                {valuesBar, null}}) {
                double[] expected = new double[9 * count];
                double[] actual = new double[9 * count];
                scalar.pullback(count, 3, values, vectors, cotangents[0], cotangents[1], expected, null);
                lanes.pullback(count, 3, values, vectors, cotangents[0], cotangents[1], actual, null);
                for (int k = 0; k < 9 * count; k++) {
                    assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(actual[k]),
                            "gradient entry " + k % 9 + " of matrix " + k / 9);
                    compared++;
                }
                // in one pass, the pullback takes the forward's lanes (and the flat results of the
                // matrices the scalar code finished: zero, Jacobi cases)
                double[] fusedValues = new double[3 * count];
                double[] fusedVectors = new double[9 * count];
                lanes.decomposeAndPullback(count, 3, matrices, cotangents[0], cotangents[1], fusedValues, fusedVectors,
                        actual, null);
                for (int k = 0; k < 9 * count; k++) {
                    assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(actual[k]),
                            "one pass: gradient entry " + k % 9 + " of matrix " + k / 9);
                    assertEquals(Double.doubleToRawLongBits(vectors[k]), Double.doubleToRawLongBits(fusedVectors[k]));
                    compared++;
                }
            }
        }
        assertEquals(2 * 3 * 2 * 9 * count, compared);
    }

    /** The lanes hand the tail and only the flagged lanes to the scalar rule, in order. */
    @Test
    void scalarRuleGetsTheTailAndTheFlaggedLanes() {
        int lanes = Batch3LanesShape.lanes();
        int count = 4 * lanes + 3;
        double[] values = new double[3 * count];
        double[] vectors = new double[9 * count];
        for (int b = 0; b < count; b++) {
            values[3 * b] = 3;
            values[3 * b + 1] = 2;
            values[3 * b + 2] = 1;
            vectors[9 * b] = vectors[9 * b + 4] = vectors[9 * b + 8] = 1;
        }
        values[3 * (lanes + 1)] = Double.MAX_VALUE / 2; // beyond the series' range
        values[3 * (2 * lanes) + 1] = Double.NaN;
        double[] vectorsBar = TestMatrices.gaussianVector(9 * count, new SplittableRandom(3));
        AtomicInteger calls = new AtomicInteger();
        StringBuilder order = new StringBuilder();
        vectorsBar[9 * (3 * lanes) + 4] = Double.POSITIVE_INFINITY; // the whole group goes to the scalar code
        KERNEL.pullback(0, count, values, vectors, null, true, vectorsBar, new double[9 * count], 19, b -> {
            calls.incrementAndGet();
            order.append(b).append(' ');
        });
        StringBuilder expected = new StringBuilder().append(lanes + 1).append(' ').append(2 * lanes).append(' ');
        for (int b = 3 * lanes; b < count; b++) {
            expected.append(b).append(' ');
        }
        assertEquals(expected.toString(), order.toString());
        assertEquals(2 + lanes + 3, calls.get());
    }

    /**
     * Cotangents are checked matrix by matrix before each pullback, on both paths: the first
     * problem in matrix order is the one reported, whether it is a cotangent or a value out of
     * the series' range, and a NaN dL/dlambda is rejected even with the eigenvalue term off.
     */
    @Test
    void cotangentProblemsAreReportedInMatrixOrderOnBothPaths() {
        int count = 64;
        double[] values = new double[3 * count];
        double[] vectors = new double[9 * count];
        for (int b = 0; b < count; b++) {
            values[3 * b] = 3;
            values[3 * b + 1] = 2;
            values[3 * b + 2] = 1;
            vectors[9 * b] = vectors[9 * b + 4] = vectors[9 * b + 8] = 1;
        }
        double[] vectorsBar = TestMatrices.gaussianVector(9 * count, new SplittableRandom(4));
        double[] valuesBar = TestMatrices.gaussianVector(3 * count, new SplittableRandom(5));
        values[3 * 9] = 1.5; // matrix 9: not descending
        vectorsBar[9 * 12 + 2] = Double.NaN; // matrix 12, in the same lane group with 8 lanes
        valuesBar[3 * 40 + 1] = Double.NaN;
        for (boolean term : new boolean[] {true, false}) {
            EigenBatch lanes = EigenBatch.of(EigenGradient.builder().eigenvalueTerm(term).build()).withVectorLanes(true)
                    .withChunkSize(32);
            for (EigenBatch batch : new EigenBatch[] {lanes, lanes.withVectorLanes(false)}) {
                InvalidInputException x = assertThrows(InvalidInputException.class, () -> batch.pullback(count, 3,
                        values, vectors, valuesBar, vectorsBar, new double[9 * count], null));
                assertTrue(x.getMessage().startsWith("matrix 9: values must be descending"), x.getMessage());
                double[] fixed = values.clone();
                fixed[3 * 9] = 3;
                x = assertThrows(InvalidInputException.class, () -> batch.pullback(count, 3, fixed, vectors, valuesBar,
                        vectorsBar, new double[9 * count], null));
                assertEquals("matrix 12: vectorsBar entry 2 is NaN; entries must be finite", x.getMessage());
                double[] fixedBar = vectorsBar.clone();
                fixedBar[9 * 12 + 2] = 0;
                x = assertThrows(InvalidInputException.class, () -> batch.pullback(count, 3, fixed, vectors, valuesBar,
                        fixedBar, new double[9 * count], null));
                assertEquals("matrix 40: valuesBar entry 1 is NaN; entries must be finite", x.getMessage());
            }
        }
    }

    /** Through the batch, a flagged lane fails as the scalar path does, naming the matrix. */
    @Test
    void flaggedLanesFailAsTheScalarPath() {
        int count = 40;
        double[] values = new double[3 * count];
        double[] vectors = new double[9 * count];
        for (int b = 0; b < count; b++) {
            values[3 * b] = 3;
            values[3 * b + 1] = 2;
            values[3 * b + 2] = 1;
            vectors[9 * b] = vectors[9 * b + 4] = vectors[9 * b + 8] = 1;
        }
        values[3 * 17] = 1;
        EigenBatch lanes = EigenBatch.of(EigenGradient.builder().build()).withVectorLanes(true);
        double[] vectorsBar = new double[9 * count];
        for (EigenBatch batch : new EigenBatch[] {lanes, lanes.withVectorLanes(false)}) {
            InvalidInputException x = assertThrows(InvalidInputException.class,
                    () -> batch.pullback(count, 3, values, vectors, null, vectorsBar, new double[9 * count], null));
            assertEquals(Problem.UNORDERED, x.problem());
            assertTrue(x.getMessage().startsWith("matrix 17: values must be descending"), x.getMessage());
        }
        double[] matrices = new double[9 * count];
        for (int b = 0; b < count; b++) {
            matrices[9 * b] = 1e308;
            matrices[9 * b + 4] = b == 21 ? 1e308 : 1;
            matrices[9 * b + 1] = matrices[9 * b + 3] = b == 21 ? 1e308 : 0;
        }
        for (EigenBatch batch : new EigenBatch[] {lanes, lanes.withVectorLanes(false)}) {
            InvalidInputException x = assertThrows(InvalidInputException.class,
                    () -> batch.decompose(count, 3, matrices, new double[3 * count], new double[9 * count]));
            assertEquals(Problem.OUT_OF_RANGE, x.problem());
            assertTrue(x.getMessage().startsWith("matrix 21: eigenvalue 0"), x.getMessage());
        }
    }

    /** The generated lane rule checks its arrays up front (called by reflection: it needs the module). */
    @Test
    void generatedLaneRuleRejectsShortArrays() throws ReflectiveOperationException {
        Class<?> rule = Class.forName("io.github.eigengrad.runtime.generated.Pullback3PowerIterationLanes");
        Method pullback = rule.getMethod("pullback", double[].class, int.class, double[].class, int.class,
                double[].class, int.class, double[].class, int.class, long.class, double[].class, int.class,
                int.class, double[].class);
        int lanes = rule.getField("LANES").getInt(null);
        int scratch = rule.getField("SCRATCH_LENGTH").getInt(null);
        double[] values = new double[3 * lanes];
        double[] vectors = new double[9 * lanes];
        for (int l = 0; l < lanes; l++) {
            values[3 * l] = 3;
            values[3 * l + 1] = 2;
            values[3 * l + 2] = 1;
            vectors[9 * l] = vectors[9 * l + 4] = vectors[9 * l + 8] = 1;
        }
        double[] vectorsBar = TestMatrices.gaussianVector(9 * lanes, new SplittableRandom(5));
        double[] out = new double[6 * lanes];
        assertEquals(0L, pullback.invoke(null, values, 0, vectors, 0, null, 0, vectorsBar, 0, 19L, out, lanes, 0,
                new double[scratch]));
        // lane 0's gradient (0, 1) is the scalar rule's, from the row layout
        double[] expected = new double[9];
        io.github.eigengrad.runtime.generated.Pullback3PowerIteration.pullback(values, 0, vectors, 0, null, 0,
                vectorsBar, 0, expected, 0, 19, null);
        assertEquals(expected[1], out[lanes], 0);
        InvocationTargetException x = assertThrows(InvocationTargetException.class,
                () -> pullback.invoke(null, values, 1, vectors, 0, null, 0, vectorsBar, 0, 19L, out, lanes, 0,
                        new double[scratch]));
        assertTrue(x.getCause().getMessage().startsWith("values has length"), x.getCause().getMessage());
        x = assertThrows(InvocationTargetException.class,
                () -> pullback.invoke(null, values, 0, vectors, 0, null, 0, vectorsBar, 0, 19L, out, lanes, 1,
                        new double[scratch]));
        assertEquals(Problem.WRONG_LENGTH, ((InvalidInputException) x.getCause()).problem());
        x = assertThrows(InvocationTargetException.class,
                () -> pullback.invoke(null, values, 0, vectors, 0, null, 0, vectorsBar, 0, 0L, out, lanes, 0,
                        new double[scratch]));
        assertEquals(Problem.INVALID_OPTION, ((InvalidInputException) x.getCause()).problem());
    }

    /** The lane count, read without linking the vector classes into this test. */
    private static final class Batch3LanesShape {
        static int lanes() {
            try {
                return Class.forName("io.github.eigengrad.runtime.generated.Pullback3PowerIterationLanes")
                        .getField("LANES").getInt(null);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}
