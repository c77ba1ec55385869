package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float forward pass against the contract of docs/math.md section 11, on random float
 * matrices of every kind (random, exact and near ties down to 1e-7 relative, rank deficient,
 * graded, Gaussian, nearly diagonal) with the largest entry anywhere in the float exponent
 * range, subnormals included: {@code ||A V - V diag(l)||_F <= 64 n 2^-24 ||A||_F + sqrt(n)
 * 2^-149} (the second term the rounding of subnormal eigenvalues, in the matrix's units),
 * {@code ||V^T V - I||_F <= 64 n 2^-24}, values descending, each column in the gauge; a matrix
 * whose spectrum leaves the float range is refused by name, no other.
 */
class FloatSolverContractTest {
    static final double EPS_F = 0x1p-24;

    @ParameterizedTest(name = "n={0}: {1} matrices")
    @CsvSource({"2, 200000", "3, 1000000", "4, 100000", "5, 20000", "8, 5000", "16, 1000", "64, 100"})
    void everyKindOfMatrixMeetsTheFloatContract(int n, int count) {
        SplittableRandom random = new SplittableRandom(4000 + n);
        SymmetricEigensolver solver = SymmetricEigensolver.defaults();
        float[] values = new float[n];
        float[] vectors = new float[n * n];
        int checked = 0;
        int outOfRange = 0;
        double worstResidual = 0;
        double worstOrthogonality = 0;
        for (int k = 0; k < count; k++) {
            float[] a = matrix(n, k, random);
            double radius = spectralRadiusBound(a, n);
            try {
                switch (n) {
                    case 2 -> SmallEigensolver.decompose2(a, 0, 0f, values, 0, vectors, 0);
                    case 3 -> SmallEigensolver.decompose3(a, 0, 0f, values, 0, vectors, 0);
                    case 4 -> SmallEigensolver.decompose4(a, 0, 0f, values, 0, vectors, 0);
                    default -> solver.decompose(a, n, values, vectors);
                }
            } catch (InvalidInputException e) {
                // only a spectrum beyond the float range (the bound is within a factor n of it)
                assertEquals(Problem.OUT_OF_RANGE, e.problem(), e.getMessage());
                assertTrue(radius >= Float.MAX_VALUE / n, "refused with max|lambda| <= " + radius);
                outOfRange++;
                continue;
            }
            double[] r = check(a, n, values, vectors, "kind " + k % 8);
            if (radius >= 0x1p-100) { // beyond the reach of subnormal eigenvalues' rounding
                worstResidual = Math.max(worstResidual, r[0]);
            }
            worstOrthogonality = Math.max(worstOrthogonality, r[1]);
            checked++;
        }
        assertEquals(count, checked + outOfRange);
        assertTrue(outOfRange <= count / 50, outOfRange + " refused");
        System.out.printf("float solver n=%d: %d matrices (%d out of range), worst residual (largest entry >= 2^-100) %.2f n eps_f, "
                + "orthogonality %.2f n eps_f%n", n, checked, outOfRange, worstResidual / (n * EPS_F),
                worstOrthogonality / (n * EPS_F));
    }

    /** The k-th matrix: kind k % 8, largest entry at a random binary exponent in [-149, 127]. */
    static float[] matrix(int n, int k, SplittableRandom random) {
        double[] d = new double[n];
        int kind = k % 8;
        for (int i = 0; i < n; i++) {
            d[i] = 2 * random.nextDouble() - 1;
        }
        switch (kind) {
            case 1 -> d[1] = d[0]; // an exact tie
            case 2 -> java.util.Arrays.fill(d, d[0]); // a multiple of the identity
            case 3 -> d[1] = d[0] * (1 - Math.pow(10, -1 - (k / 8) % 7)); // near ties, 1e-1 .. 1e-7
            case 4 -> {
                d[0] = 0; // rank deficient
                d[n - 1] = 0;
            }
            case 5 -> {
                for (int i = 0; i < n; i++) { // graded
                    d[i] = (random.nextBoolean() ? 1 : -1) * Math.pow(10, -2.0 * i * (1 + (k / 8) % 3));
                }
            }
            default -> { }
        }
        double[] m = new double[n * n];
        if (kind == 6) {
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    m[i * n + j] = m[j * n + i] = TestMatrices.gaussian(random);
                }
            }
        } else {
            double[] q = orthogonal(n, random);
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    double s = 0;
                    for (int l = 0; l < n; l++) {
                        s += q[i * n + l] * d[l] * q[j * n + l];
                    }
                    m[i * n + j] = m[j * n + i] = s;
                }
            }
            if (kind == 7) { // nearly diagonal
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (i != j) {
                            m[i * n + j] = m[j * n + i] = 1e-9 * m[Math.min(i, j) * n + Math.max(i, j)];
                        }
                    }
                }
            }
        }
        double max = 0;
        for (double x : m) {
            max = Math.max(max, Math.abs(x));
        }
        float[] a = new float[n * n];
        if (max == 0) {
            return a;
        }
        int target = -149 + random.nextInt(127 + 149 + 1);
        int shift = target - MatrixInput.exponentOf(max);
        for (int t = 0; t < 2; t++) {
            boolean finite = true;
            for (int i = 0; i < n * n; i++) {
                a[i] = (float) Math.scalb(m[i], shift);
                finite &= Float.isFinite(a[i]);
            }
            if (finite) {
                break;
            }
            shift--; // the largest entry rounded up beyond Float.MAX_VALUE
        }
        return a;
    }

    /** A random orthogonal matrix, row-major: a random rotation for n = 2, 3, Householder QR otherwise. */
    static double[] orthogonal(int n, SplittableRandom random) {
        if (n == 2) {
            double t = 2 * Math.PI * random.nextDouble();
            return new double[] {Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t)};
        }
        if (n == 3) { // a random unit quaternion
            double w = TestMatrices.gaussian(random);
            double x = TestMatrices.gaussian(random);
            double y = TestMatrices.gaussian(random);
            double z = TestMatrices.gaussian(random);
            double s = 1 / Math.sqrt(w * w + x * x + y * y + z * z);
            w *= s;
            x *= s;
            y *= s;
            z *= s;
            return new double[] {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
                2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
                2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
        }
        RealMatrix q = TestMatrices.randomOrthogonal(n, random);
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = q.getEntry(i, j);
            }
        }
        return out;
    }

    /** ||A||_F in double: at least max|lambda|. */
    static double spectralRadiusBound(float[] a, int n) {
        double s = 0;
        for (float x : a) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /**
     * Asserts the contract and returns {residual / ||A||_F, orthogonality}, computed in double
     * after scaling A and the values by the same power of two.
     */
    static double[] check(float[] a, int n, float[] values, float[] vectors, String what) {
        double max = 0;
        for (float x : a) {
            max = Math.max(max, Math.abs(x));
        }
        int shift = max == 0 ? 0 : -MatrixInput.exponentOf(max);
        double norm = 0;
        double[] s = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            s[i] = Math.scalb((double) a[i], shift);
            norm += s[i] * s[i];
        }
        norm = Math.sqrt(norm);
        double residual = 0;
        double orthogonality = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double av = 0;
                double vv = 0;
                for (int l = 0; l < n; l++) {
                    double sym = (s[i * n + l] + s[l * n + i]) / 2;
                    av += sym * vectors[l * n + j];
                    vv += (double) vectors[l * n + i] * vectors[l * n + j];
                }
                double r = av - vectors[i * n + j] * Math.scalb((double) values[j], shift);
                residual += r * r;
                double o = vv - (i == j ? 1 : 0);
                orthogonality += o * o;
            }
        }
        residual = Math.sqrt(residual);
        orthogonality = Math.sqrt(orthogonality);
        double tol = 64 * n * EPS_F;
        double subnormal = Math.sqrt(n) * Math.scalb((double) Float.MIN_VALUE, shift);
        assertTrue(residual <= tol * norm + subnormal, what + ": residual " + residual / norm + " of ||A||");
        assertTrue(orthogonality <= tol, what + ": orthogonality " + orthogonality);
        for (int i = 0; i + 1 < n; i++) {
            assertTrue(values[i] >= values[i + 1], what + ": values not descending");
        }
        for (int col = 0; col < n; col++) {
            float largest = 0;
            for (int row = 0; row < n; row++) {
                float x = vectors[row * n + col];
                if (Math.abs(x) > Math.abs(largest)) {
                    largest = x;
                }
            }
            assertTrue(largest > 0, what + ": column " + col + " not in the gauge");
        }
        return new double[] {norm == 0 ? 0 : residual / norm, orthogonality};
    }

    @Test
    void hostileFloatInputIsRefusedByName() {
        float[] values = new float[3];
        float[] vectors = new float[9];
        float[] nan = {1, 0, 0, 0, Float.NaN, 0, 0, 0, 1};
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SmallEigensolver.decompose3(nan, 0, 0f, values, 0, vectors, 0));
        assertEquals(Problem.NOT_FINITE, e.problem());
        assertTrue(e.getMessage().contains("(1, 1)"), e.getMessage());
        float[] inf = {1, Float.POSITIVE_INFINITY, 0, Float.POSITIVE_INFINITY, 1, 0, 0, 0, 1};
        assertEquals(Problem.NOT_FINITE, assertThrows(InvalidInputException.class,
                () -> SmallEigensolver.decompose3(inf, 0, 0f, values, 0, vectors, 0)).problem());
        float[] asymmetric = {1, 2, 0, 3, 1, 0, 0, 0, 1};
        assertEquals(Problem.ASYMMETRIC, assertThrows(InvalidInputException.class,
                () -> SmallEigensolver.decompose3(asymmetric, 0, 0f, values, 0, vectors, 0)).problem());
        assertEquals(Problem.WRONG_LENGTH, assertThrows(InvalidInputException.class,
                () -> SmallEigensolver.decompose3(new float[8], 0, 0f, values, 0, vectors, 0)).problem());
        assertEquals(Problem.INVALID_OPTION, assertThrows(InvalidInputException.class,
                () -> SmallEigensolver.decompose2(new float[4], 0, -1f, values, 0, vectors, 0)).problem());
        // entries near Float.MAX_VALUE: sym(A) is formed in scaled units, no overflow; the
        // spectrum itself leaves the float range and is refused by name
        float big = Float.MAX_VALUE * 0.75f;
        float[] huge = {big, big, 0, big, big, 0, 0, 0, big};
        InvalidInputException range = assertThrows(InvalidInputException.class,
                () -> SmallEigensolver.decompose3(huge, 0, 0f, values, 0, vectors, 0));
        assertEquals(Problem.OUT_OF_RANGE, range.problem());
        float[] antisymmetricHuge = {0, big, 0, big, 0, 0, 0, 0, 0};
        SmallEigensolver.decompose3(antisymmetricHuge, 0, 0f, values, 0, vectors, 0);
        assertEquals(big, values[0]);
        assertEquals(-big, values[2]);
        assertEquals(Problem.EMPTY, assertThrows(InvalidInputException.class,
                () -> SymmetricEigensolver.defaults().decompose(new float[0], 0, values, vectors)).problem());
    }
}
