package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The general-n solver on every finite input: entries spread over the whole double range,
 * subnormals included. Residual and orthogonality are checked in exactly scaled units
 * (multiplying by a power of two), so the check itself neither overflows nor underflows.
 */
class GeneralSolverRangeTest {
    static final int BATCHES = 100;
    static final int PER_BATCH = 1000;

    @Test
    void subnormalOffDiagonalEntriesDoNotBreakOrthogonality() {
        double t = Double.MIN_VALUE;
        double[][] a = {{1, 0, 0, 0, -t}, {0, 0, 0, t, 0}, {0, 0, 0, 0, 0}, {0, t, 0, 0, 0}, {-t, 0, 0, 0, 0}};
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a);
        assertValid(a, e, 1e-13);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0}, e.values(), 1e-320);
    }

    @Test
    void negligibleEntriesOfAHugeMatrixAreNotAnOverflow() {
        double[][] a = {{1e300, 1e-10, 0, 0, 1e-10}, {1e-10, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0},
            {1e-10, 0, 0, 0, 0}};
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a);
        assertValid(a, e, 1e-13);
        assertEquals(1e300, e.value(0), 0);
    }

    static IntStream batches() {
        return IntStream.range(0, BATCHES);
    }

    /** 10^5 matrices, n = 5..16, in four families chosen by batch. */
    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void everyFiniteInputGetsAnOrthonormalAccurateDecomposition(int batch) {
        SplittableRandom random = new SplittableRandom(0xE16E_2026L + batch);
        for (int k = 0; k < PER_BATCH; k++) {
            int n = 5 + random.nextInt(12);
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double x = entry(batch % 4, random);
                    a[i][j] = x;
                    a[j][i] = x;
                }
            }
            SymmetricEigendecomposition e;
            try {
                e = SymmetricEigensolver.defaults().decompose(a);
            } catch (InvalidInputException x) {
                assertBeyondRange(a, x);
                continue;
            }
            assertValid(a, e, 1e-13);
        }
    }

    /**
     * An out-of-range error is right only if some |eigenvalue| exceeds the double range: the
     * decomposition of {@code a / 256} (checked like any other) must show one above MAX / 256.
     */
    private static void assertBeyondRange(double[][] a, InvalidInputException x) {
        assertEquals(InvalidInputException.Problem.OUT_OF_RANGE, x.problem(), x.getMessage());
        double[][] quarter = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            quarter[i] = a[i].clone();
            for (int j = 0; j < a.length; j++) {
                quarter[i][j] = Math.scalb(a[i][j], -8);
            }
        }
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(quarter);
        assertValid(quarter, e, 1e-13);
        double largest = Math.max(Math.abs(e.value(0)), Math.abs(e.value(a.length - 1)));
        assertTrue(largest > Math.scalb(Double.MAX_VALUE, -8) * (1 - 1e-12), () -> x.getMessage()
                + " but the largest |eigenvalue| is " + Math.scalb(largest, 8));
    }

    /** Log-uniform over the whole range, subnormals only, 1e10 mixed with 1e-300, or sparse. */
    private static double entry(int family, SplittableRandom random) {
        double sign = random.nextBoolean() ? 1 : -1;
        switch (family) {
            case 0:
                return sign * logUniform(random, -1074, 1023);
            case 1:
                return sign * logUniform(random, -1074, -1023);
            case 2:
                return sign * (random.nextBoolean() ? 1e10 : 1e-300) * (1 + random.nextDouble());
            default:
                return random.nextInt(10) < 7 ? 0 : sign * logUniform(random, -1074, 1023);
        }
    }

    /** A double whose binary exponent is uniform in [lo, hi], mantissa random. */
    private static double logUniform(SplittableRandom random, int lo, int hi) {
        int exponent = lo + random.nextInt(hi - lo + 1);
        return Math.scalb(1 + random.nextDouble(), exponent);
    }

    /**
     * {@code ||A V - V diag(l)||_F <= tol ||A||_F + sqrt(n) 2^-1074}, {@code ||V^T V - I||_F <= tol},
     * descending values and the gauge, computed after scaling A and l by the same power of two.
     * The second term of the residual bound is the rounding of subnormal eigenvalues, which a
     * double cannot hold more closely (a matrix whose largest entry is 2^-1040 has eigenvalues
     * with at most 34 significant bits).
     */
    static void assertValid(double[][] a, SymmetricEigendecomposition e, double tol) {
        int n = a.length;
        double max = 0;
        for (double[] row : a) {
            for (double x : row) {
                max = Math.max(max, Math.abs(x));
            }
        }
        int shift = max == 0 ? 0 : -MatrixInput.exponentOf(max);
        double[][] s = new double[n][n];
        double squares = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = Math.scalb(a[i][j], shift);
                squares += s[i][j] * s[i][j];
            }
        }
        double norm = Math.sqrt(squares);
        double residual = 0;
        double orthogonality = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double r = -e.vectorEntry(i, j) * Math.scalb(e.value(j), shift);
                double o = i == j ? -1 : 0;
                for (int k = 0; k < n; k++) {
                    r += s[i][k] * e.vectorEntry(k, j);
                    o += e.vectorEntry(k, i) * e.vectorEntry(k, j);
                }
                residual += r * r;
                orthogonality += o * o;
            }
        }
        double res = Math.sqrt(residual);
        double orth = Math.sqrt(orthogonality);
        double representable = Math.sqrt(n) * Math.scalb(Double.MIN_VALUE, shift);
        assertTrue(res <= tol * norm + representable, () -> "residual " + res + " of norm " + norm);
        assertTrue(orth <= tol, () -> "||V^T V - I|| = " + orth);
        for (int i = 0; i + 1 < n; i++) {
            assertTrue(e.value(i) >= e.value(i + 1), "eigenvalues not descending at " + i);
        }
        for (int j = 0; j < n; j++) {
            int top = 0;
            for (int row = 1; row < n; row++) {
                if (Math.abs(e.vectorEntry(row, j)) > Math.abs(e.vectorEntry(top, j))) {
                    top = row;
                }
            }
            assertTrue(e.vectorEntry(top, j) > 0, "gauge of eigenvector " + j);
        }
    }
}
