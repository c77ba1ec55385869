package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricEigensolverTest {
    static final int[] SIZES = {1, 2, 3, 4, 5, 8, 16};
    static final int SEEDS_PER_SIZE = 30;

    /** 210 cases: every size with 30 seeds. */
    static Stream<Arguments> cases() {
        return IntStream.of(SIZES).boxed()
                .flatMap(n -> IntStream.range(0, SEEDS_PER_SIZE).mapToObj(seed -> Arguments.of(n, seed)));
    }

    /** Gaussian, tied, rank-deficient and diagonal matrices, chosen by seed. */
    static double[][] randomMatrix(int n, int seed) {
        SplittableRandom random = new SplittableRandom(0x5EED_0000L + 1000L * n + seed);
        switch (seed % 4) {
            case 0:
                return TestMatrices.gaussianSymmetric(n, random);
            case 1: { // repeated eigenvalues: a spectrum drawn from three values
                double[] s = new double[n];
                double[] pool = {2.5, -1, 0.75};
                for (int i = 0; i < n; i++) {
                    s[i] = pool[random.nextInt(pool.length)];
                }
                return TestMatrices.withSpectrum(s, random);
            }
            case 2: { // rank-deficient PSD
                double[] s = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = i % 2 == 0 ? 0 : random.nextDouble() * 10;
                }
                return TestMatrices.withSpectrum(s, random);
            }
            default: { // diagonal, with a tie
                double[][] d = new double[n][n];
                for (int i = 0; i < n; i++) {
                    d[i][i] = i == n - 1 && n > 1 ? d[0][0] : TestMatrices.gaussian(random);
                }
                return d;
            }
        }
    }

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void decompositionIsAccurateOrderedAndGauged(int n, int seed) {
        double[][] a = randomMatrix(n, seed);
        assertAccurate(a, SymmetricEigensolver.defaults().decompose(a));
    }

    @ParameterizedTest(name = "n={0} seed={1}")
    @MethodSource("cases")
    void extremeScalesKeepAccuracy(int n, int seed) {
        double[][] a = randomMatrix(n, seed);
        SymmetricEigendecomposition unit = SymmetricEigensolver.defaults().decompose(a);
        for (double scale : new double[] {1e-150, 1e150, 1e-300, 1e300}) {
            double[][] scaled = TestMatrices.scaled(a, scale);
            SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(scaled);
            assertAccurate(scaled, e);
            double m = MatrixInput.maxAbs(unit.values());
            for (int i = 0; i < n; i++) {
                assertEquals(unit.value(i), e.value(i) / scale, 1e-13 * Math.max(m, Double.MIN_NORMAL),
                        "eigenvalue " + i + " at scale " + scale);
            }
        }
    }

    static void assertAccurate(double[][] a, SymmetricEigendecomposition e) {
        int n = a.length;
        RealMatrix m = MatrixUtils.createRealMatrix(a);
        RealMatrix v = MatrixUtils.createRealMatrix(e.vectors());
        double[] values = e.values();
        double norm = m.getFrobeniusNorm();
        RealMatrix residual = m.multiply(v).subtract(v.multiply(MatrixUtils.createRealDiagonalMatrix(values)));
        assertTrue(residual.getFrobeniusNorm() <= 1e-13 * norm,
                () -> "||MV - V diag(lambda)|| / ||M|| = " + residual.getFrobeniusNorm() / norm);
        double orth = v.transpose().multiply(v).subtract(MatrixUtils.createRealIdentityMatrix(n)).getFrobeniusNorm();
        assertTrue(orth <= 1e-13, () -> "||V^T V - I|| = " + orth);
        for (int i = 0; i + 1 < n; i++) {
            assertTrue(values[i] >= values[i + 1], "eigenvalues not descending at " + i);
        }
        for (int j = 0; j < n; j++) {
            int largest = 0;
            for (int row = 1; row < n; row++) {
                if (Math.abs(e.vectorEntry(row, j)) > Math.abs(e.vectorEntry(largest, j))) {
                    largest = row;
                }
            }
            assertTrue(e.vectorEntry(largest, j) > 0, "gauge: largest entry of eigenvector " + j + " is not positive");
        }
    }

    /**
     * Commons Math 3.6.1 exhausts its iteration limit on about 5% of these 64 x 64 matrices with
     * repeated eigenvalues and 15% of the graded ones; our QL must decompose all of them.
     */
    @ParameterizedTest(name = "seed={0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
    void tiedAndGradedLargeMatricesConverge(int seed) {
        SplittableRandom random = new SplittableRandom(6400 + seed);
        double[] ties = new double[64];
        double[] graded = new double[64];
        for (int i = 0; i < 64; i++) {
            ties[i] = random.nextInt(3);
            graded[i] = Math.pow(10, -random.nextInt(20));
        }
        double[][] t = TestMatrices.withSpectrum(ties, random);
        assertAccurate(t, SymmetricEigensolver.defaults().decompose(t));
        double[][] g = TestMatrices.withSpectrum(graded, random);
        assertAccurate(g, SymmetricEigensolver.defaults().decompose(g));
    }

    @Test
    void knownTwoByTwo() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, vectors (1, 1)/sqrt2 and (1, -1)/sqrt2 (first of the tied entries positive)
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {3, 1}, e.values(), 1e-15);
        double h = Math.sqrt(0.5);
        assertArrayEquals(new double[] {h, h}, e.vector(0), 1e-15);
        assertArrayEquals(new double[] {h, -h}, e.vector(1), 1e-15);
    }

    @Test
    void gaugeFlipsNegativeDominantEntry() {
        // eigenvector of 5 is (0, -1) up to sign; the gauge makes it (0, 1)
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(new double[][] {{1, 0}, {0, 5}});
        assertArrayEquals(new double[] {5, 1}, e.values(), 0);
        assertArrayEquals(new double[] {0, 1}, e.vector(0), 0);
        assertArrayEquals(new double[] {1, 0}, e.vector(1), 0);
    }

    @Test
    void epsilonShiftsEveryEigenvalue() {
        SplittableRandom random = new SplittableRandom(7);
        double[][] a = TestMatrices.gaussianSymmetric(6, random);
        SymmetricEigendecomposition plain = SymmetricEigensolver.defaults().decompose(a);
        SymmetricEigendecomposition shifted = SymmetricEigensolver.builder().epsilon(1e-4).build().decompose(a);
        for (int i = 0; i < 6; i++) {
            assertEquals(plain.value(i) + 1e-4, shifted.value(i), 0);
        }
        assertArrayEquals(plain.vectorsRowMajor(), shifted.vectorsRowMajor(), 0);
        assertEquals(1e-4, shifted.epsilon());
    }

    @Test
    void slightAsymmetryIsSymmetrised() {
        double[][] a = {{4, 1 + 1e-9}, {1 - 1e-9, 3}};
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a);
        SymmetricEigendecomposition s = SymmetricEigensolver.defaults().decompose(new double[][] {{4, 1}, {1, 3}});
        assertArrayEquals(s.values(), e.values(), 1e-15);
    }

    @Test
    void flatAndNestedInputsAgree() {
        double[][] a = TestMatrices.gaussianSymmetric(5, new SplittableRandom(11));
        double[] flat = new double[25];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(a[i], 0, flat, 5 * i, 5);
        }
        assertEquals(SymmetricEigensolver.defaults().decompose(a), SymmetricEigensolver.defaults().decompose(flat, 5));
    }

    @Test
    void resultIsImmutable() {
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(new double[][] {{2, 1}, {1, 2}});
        e.values()[0] = 99;
        e.vectors()[0][0] = 99;
        e.vectorsRowMajor()[0] = 99;
        e.vector(0)[0] = 99;
        assertEquals(3, e.value(0), 1e-15);
        assertEquals(Math.sqrt(0.5), e.vectorEntry(0, 0), 1e-15);
        assertNotSame(e.values(), e.values());
    }

    @Test
    void inputArrayIsNotModifiedNorRetained() {
        double[][] a = {{2, 1}, {1, 2}};
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a);
        assertArrayEquals(new double[] {2, 1}, a[0], 0);
        a[0][0] = 100;
        assertEquals(3, e.value(0), 1e-15);
    }

    @Test
    void zeroMatrixAndOneByOne() {
        SymmetricEigendecomposition zero = SymmetricEigensolver.defaults().decompose(new double[3][3]);
        assertArrayEquals(new double[3], zero.values(), 0);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, zero.vectorsRowMajor(), 0);
        SymmetricEigendecomposition one = SymmetricEigensolver.defaults().decompose(new double[][] {{-7.5}});
        assertArrayEquals(new double[] {-7.5}, one.values(), 0);
        assertArrayEquals(new double[] {1}, one.vectorsRowMajor(), 0);
    }

    @Test
    void tinyEigenvaluesOfGradedMatricesAreNotFlushedToZero() {
        // Commons Math alone returns 0 for eigenvalues below 2.2e-16 max|lambda|
        SymmetricEigendecomposition d = SymmetricEigensolver.defaults()
                .decompose(new double[][] {{1e-30, 0, 0}, {0, 1, 0}, {0, 0, -1e-25}});
        assertArrayEquals(new double[] {1, 1e-30, -1e-25}, d.values(), 0);
        // [[1, 1e-12], [1e-12, 1e-20]]: lambda_2 = det / lambda_1 = (1e-20 - 1e-24) / (1 + 1e-24)
        SymmetricEigendecomposition g = SymmetricEigensolver.defaults()
                .decompose(new double[][] {{1, 1e-12}, {1e-12, 1e-20}});
        assertEquals(1e-20 - 1e-24, g.value(1), 1e-12 * 1e-20);
    }

    @Test
    void entriesNearMaxValueDoNotOverflow() {
        double big = Double.MAX_VALUE;
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(new double[][] {{big, 0}, {0, -big}});
        assertArrayEquals(new double[] {big, -big}, e.values(), 0);
        // sym() of (MAX, MAX*(1 - 1e-12)) must not overflow; eigenvalues of [[0, b], [b, 0]] are +-b
        double b = big * (1 - 1e-12);
        SymmetricEigendecomposition off = SymmetricEigensolver.defaults().decompose(new double[][] {{0, big}, {b, 0}});
        assertEquals((big / 2 + b / 2) / big, off.value(0) / big, 1e-15);
        assertEquals(-(big / 2 + b / 2) / big, off.value(1) / big, 1e-15);
    }

    @Test
    void eigenvalueBeyondDoubleRangeIsAnError() {
        double big = Double.MAX_VALUE;
        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> SymmetricEigensolver.defaults().decompose(new double[][] {{big, big}, {big, big}}));
        assertEquals(Problem.OUT_OF_RANGE, x.problem());
        assertTrue(x.getMessage().contains("eigenvalue 0"), x.getMessage());
    }

    @Test
    void tinyAndSubnormalEntries() {
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults()
                .decompose(new double[][] {{2e-300, 1e-300}, {1e-300, 2e-300}});
        assertEquals(3e-300, e.value(0), 1e-315);
        assertEquals(1e-300, e.value(1), 1e-315);
        double sub = Double.MIN_VALUE * 8;
        SymmetricEigendecomposition s = SymmetricEigensolver.defaults().decompose(new double[][] {{sub, 0}, {0, 2 * sub}});
        assertArrayEquals(new double[] {2 * sub, sub}, s.values(), 0);
    }

    // ---- validation: each problem named, with index and value ----

    static InvalidInputException rejected(Problem problem, org.junit.jupiter.api.function.Executable call,
            String... fragments) {
        InvalidInputException x = assertThrows(InvalidInputException.class, call);
        assertEquals(problem, x.problem(), x.getMessage());
        for (String f : fragments) {
            assertTrue(x.getMessage().contains(f), () -> "message '" + x.getMessage() + "' lacks '" + f + "'");
        }
        return x;
    }

    @Test
    void rejectsNullEmptyRaggedNonSquare() {
        SymmetricEigensolver s = SymmetricEigensolver.defaults();
        rejected(Problem.NULL, () -> s.decompose((double[][]) null), "matrix is null");
        rejected(Problem.NULL, () -> s.decompose((double[]) null, 2), "matrix is null");
        rejected(Problem.EMPTY, () -> s.decompose(new double[0][]), "empty");
        rejected(Problem.NULL, () -> s.decompose(new double[][] {{1, 2}, null}), "row 1 is null");
        rejected(Problem.RAGGED, () -> s.decompose(new double[][] {{1, 2}, {3}}), "row 1 has 1", "row 0 has 2");
        rejected(Problem.NOT_SQUARE, () -> s.decompose(new double[][] {{1, 2, 3}, {4, 5, 6}}), "2 rows of 3");
        rejected(Problem.NOT_SQUARE, () -> s.decompose(new double[][] {{}}), "1 row of 0");
        rejected(Problem.EMPTY, () -> s.decompose(new double[0], 0), "got 0");
        rejected(Problem.WRONG_LENGTH, () -> s.decompose(new double[8], 3), "length 8", "n*n = 9");
        rejected(Problem.WRONG_LENGTH, () -> s.decompose(new double[4], 100_000), "10000000000");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void rejectsNonFiniteEntriesByIndex(double bad) {
        double[][] a = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        a[2][1] = bad;
        rejected(Problem.NOT_FINITE, () -> SymmetricEigensolver.defaults().decompose(a),
                "entry (2, 1)", String.valueOf(bad));
        double[] flat = {1, 0, 0, bad};
        rejected(Problem.NOT_FINITE, () -> SymmetricEigensolver.defaults().decompose(flat, 2), "entry (1, 1)");
    }

    @Test
    void rejectsAsymmetryBeyondToleranceNamingTheWorstPair() {
        double[][] a = {{1, 2, 3}, {2 + 1e-6, 1, 5}, {3 - 1e-3, 5, 1}};
        rejected(Problem.ASYMMETRIC, () -> SymmetricEigensolver.defaults().decompose(a),
                "(0, 2)", "A[0][2] = 3.0", "A[2][0] = 2.999", "1.0E-8");
        // accepted with a looser tolerance; within tolerance by default
        SymmetricEigensolver.builder().symmetryTolerance(1e-3).build().decompose(a);
        SymmetricEigensolver.defaults().decompose(new double[][] {{1, 2}, {2 + 1e-8, 1}});
        // exact symmetry demanded
        rejected(Problem.ASYMMETRIC, () -> SymmetricEigensolver.builder().symmetryTolerance(0).build()
                .decompose(new double[][] {{1, 2}, {Math.nextUp(2.0), 1}}), "(0, 1)");
        // a difference that overflows is reported, not turned into a NaN
        rejected(Problem.ASYMMETRIC, () -> SymmetricEigensolver.defaults()
                .decompose(new double[][] {{0, Double.MAX_VALUE}, {-Double.MAX_VALUE, 0}}), "(0, 1)");
    }

    @Test
    void rejectsBadOptions() {
        rejected(Problem.INVALID_OPTION, () -> SymmetricEigensolver.builder().epsilon(-1e-3), "epsilon", "-0.001");
        rejected(Problem.INVALID_OPTION, () -> SymmetricEigensolver.builder().epsilon(Double.NaN), "NaN");
        rejected(Problem.INVALID_OPTION, () -> SymmetricEigensolver.builder().epsilon(Double.POSITIVE_INFINITY), "Infinity");
        rejected(Problem.INVALID_OPTION, () -> SymmetricEigensolver.builder().symmetryTolerance(-1), "symmetryTolerance");
        rejected(Problem.INVALID_OPTION, () -> SymmetricEigensolver.builder().symmetryTolerance(Double.NaN), "NaN");
        SymmetricEigendecomposition one = SymmetricEigensolver.defaults().decompose(new double[][] {{1}});
        IndexOutOfBoundsException x = assertThrows(IndexOutOfBoundsException.class, () -> one.value(1));
        assertTrue(x.getMessage().contains("eigenvalue index 1 is outside [0, 0]"), x.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> one.vector(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> one.vectorEntry(0, 1));
    }

    @Test
    void builderRoundTrips() {
        SymmetricEigensolver s = SymmetricEigensolver.builder().epsilon(0.5).symmetryTolerance(1e-3).build();
        SymmetricEigensolver t = s.toBuilder().build();
        assertEquals(0.5, t.epsilon());
        assertEquals(1e-3, t.symmetryTolerance());
        assertEquals(0, SymmetricEigensolver.defaults().epsilon());
        assertEquals(SymmetricEigensolver.DEFAULT_SYMMETRY_TOLERANCE, SymmetricEigensolver.defaults().symmetryTolerance());
    }
}
