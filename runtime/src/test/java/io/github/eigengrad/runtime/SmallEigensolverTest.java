package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.InvalidInputException.Problem;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmallEigensolverTest {
    /** Spectra by kind: Gaussian, exact pair tie, triple tie, near tie (1e-12), rank-deficient, diagonal, graded SPD. */
    static double[] spectrum(int n, int kind, SplittableRandom random) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = TestMatrices.gaussian(random);
        }
        switch (kind) {
            case 1 -> s[n - 1] = s[0];
            case 2 -> java.util.Arrays.fill(s, s[0]);
            case 3 -> s[n - 1] = s[0] * (1 + 1e-12);
            case 4 -> s[0] = 0;
            case 6 -> {
                for (int i = 0; i < n; i++) {
                    s[i] = Math.pow(10, -4.0 * i);
                }
            }
            default -> { }
        }
        return s;
    }

    /** A random rotation of R^3 from a random unit quaternion (cheap enough for 10^6 cases). */
    static double[] rotation3(SplittableRandom random) {
        double w = TestMatrices.gaussian(random);
        double x = TestMatrices.gaussian(random);
        double y = TestMatrices.gaussian(random);
        double z = TestMatrices.gaussian(random);
        double norm = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= norm;
        x /= norm;
        y /= norm;
        z /= norm;
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
            2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
            2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)};
    }

    /** {@code Q diag(s) Q^T}, exactly symmetric, times scale; diagonal when {@code diagonal}. */
    static double[] matrix(double[] q, double[] s, double scale, boolean diagonal) {
        int n = s.length;
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0;
                if (diagonal) {
                    v = i == j ? s[i] : 0;
                } else {
                    for (int k = 0; k < n; k++) {
                        v += q[i * n + k] * s[k] * q[j * n + k];
                    }
                }
                m[i * n + j] = v * scale;
                m[j * n + i] = v * scale;
            }
        }
        return m;
    }

    /** Residual ||MV - V diag(lambda)||_F / ||M||_F and ||V^T V - I||_F, plus order and gauge. */
    static double[] check(double[] m, double[] values, double[] v, int n) {
        double norm = 0;
        double residual = 0;
        double orthogonality = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                norm += m[i * n + j] * m[i * n + j];
                double mv = 0;
                double vtv = 0;
                for (int k = 0; k < n; k++) {
                    mv += m[i * n + k] * v[k * n + j];
                    vtv += v[k * n + i] * v[k * n + j];
                }
                residual += Math.pow(mv - v[i * n + j] * values[j], 2);
                orthogonality += Math.pow(vtv - (i == j ? 1 : 0), 2);
            }
        }
        for (int j = 0; j + 1 < n; j++) {
            assertTrue(values[j] >= values[j + 1], "descending");
        }
        for (int j = 0; j < n; j++) {
            int top = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(v[i * n + j]) > Math.abs(v[top * n + j])) {
                    top = i;
                }
            }
            assertTrue(v[top * n + j] > 0, "gauge");
        }
        return new double[] {norm == 0 ? 0 : Math.sqrt(residual / norm), Math.sqrt(orthogonality)};
    }

    @Test
    void threeByThreeOverAMillionMatrices() {
        SplittableRandom random = new SplittableRandom(1_000_000);
        double[] values = new double[3];
        double[] vectors = new double[9];
        double worstResidual = 0;
        double worstOrthogonality = 0;
        int count = 1_000_000;
        for (int t = 0; t < count; t++) {
            int kind = t % 7;
            double scale = Math.pow(10, -150 + 300 * random.nextDouble());
            double[] m = matrix(rotation3(random), spectrum(3, kind, random), scale, kind == 5);
            SmallEigensolver.decompose3(m, 0, 0, values, 0, vectors, 0);
            double[] q = check(m, values, vectors, 3);
            worstResidual = Math.max(worstResidual, q[0]);
            worstOrthogonality = Math.max(worstOrthogonality, q[1]);
        }
        double r = worstResidual;
        double o = worstOrthogonality;
        assertTrue(r <= 1e-14, () -> "worst residual " + r);
        assertTrue(o <= 1e-14, () -> "worst orthogonality " + o);
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 4})
    void twoAndFourOverManyMatrices(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int t = 0; t < 100_000; t++) {
            int kind = t % 7;
            double scale = Math.pow(10, -150 + 300 * random.nextDouble());
            double[] q = flat(TestMatrices.randomOrthogonal(n, random).getData());
            double[] m = matrix(q, spectrum(n, kind, random), scale, kind == 5);
            if (n == 2) {
                SmallEigensolver.decompose2(m, 0, 0, values, 0, vectors, 0);
            } else {
                SmallEigensolver.decompose4(m, 0, 0, values, 0, vectors, 0);
            }
            double[] quality = check(m, values, vectors, n);
            assertTrue(quality[0] <= 1e-14 && quality[1] <= 1e-14, "n=" + n + " t=" + t + ": " + quality[0] + ", "
                    + quality[1]);
        }
    }

    static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /**
     * Same values and (away from ties) the same gauged vectors as an independent solver, Commons
     * Math's EigenDecomposition (SymmetricEigensolver itself routes n <= 4 here, so it is no oracle).
     */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 4})
    void agreesWithCommonsMath(int n) {
        SplittableRandom random = new SplittableRandom(40 + n);
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int t = 0; t < 2000; t++) {
            double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, t % 2 == 0, random), random);
            double[] m = flat(a);
            switch (n) {
                case 2 -> SmallEigensolver.decompose2(m, 0, 0.5, values, 0, vectors, 0);
                case 3 -> SmallEigensolver.decompose3(m, 0, 0.5, values, 0, vectors, 0);
                default -> SmallEigensolver.decompose4(m, 0, 0.5, values, 0, vectors, 0);
            }
            org.apache.commons.math3.linear.EigenDecomposition cm = new org.apache.commons.math3.linear.EigenDecomposition(
                    org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(a));
            double[] expectedValues = cm.getRealEigenvalues(); // descending in Commons Math 3.6.1
            for (int j = 0; j < n; j++) {
                assertEquals(expectedValues[j] + 0.5, values[j], 1e-13 * 4 * n, "value " + j);
                double[] v = cm.getEigenvector(j).toArray();
                int top = 0;
                for (int i = 1; i < n; i++) {
                    if (Math.abs(v[i]) > Math.abs(v[top])) {
                        top = i;
                    }
                }
                double sign = v[top] < 0 ? -1 : 1;
                for (int i = 0; i < n; i++) {
                    assertEquals(sign * v[i], vectors[i * n + j], 1e-12, "vector " + j + " entry " + i);
                }
            }
        }
    }

    @Test
    void offsetsAndSpecialInputs() {
        double[] batch = {9, 9, 2, 1, 0, 1, 2, 0, 0, 0, 5};
        double[] values = new double[5];
        double[] vectors = new double[11];
        SmallEigensolver.decompose3(batch, 2, 0, values, 1, vectors, 2);
        assertArrayEquals(new double[] {0, 5, 3, 1, 0}, values, 1e-15);
        double h = Math.sqrt(0.5);
        assertArrayEquals(new double[] {0, 0, 0, h, h, 0, h, -h, 1, 0, 0}, vectors, 1e-15);
        SmallEigensolver.decompose3(new double[9], 0, 0.25, values, 0, vectors, 0);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25}, java.util.Arrays.copyOf(values, 3), 0);
        double big = Double.MAX_VALUE;
        SmallEigensolver.decompose2(new double[] {big, 0, 0, -big}, 0, 0, values, 0, vectors, 0);
        assertEquals(big, values[0]);
        assertEquals(-big, values[1]);
        InvalidInputException x = assertThrows(InvalidInputException.class,
                () -> SmallEigensolver.decompose2(new double[] {big, big, big, big}, 0, 0, values, 0, vectors, 0));
        assertEquals(Problem.OUT_OF_RANGE, x.problem());
    }

    @Test
    void badInputIsRejected() {
        double[] out = new double[16];
        assertEquals(Problem.NOT_FINITE, assertThrows(InvalidInputException.class, () -> SmallEigensolver.decompose3(
                new double[] {1, 0, 0, 0, Double.NaN, 0, 0, 0, 1}, 0, 0, out, 0, out, 0)).problem());
        assertEquals(Problem.ASYMMETRIC, assertThrows(InvalidInputException.class, () -> SmallEigensolver.decompose3(
                new double[] {1, 2, 0, 3, 1, 0, 0, 0, 1}, 0, 0, out, 0, out, 0)).problem());
        assertEquals(Problem.WRONG_LENGTH, assertThrows(InvalidInputException.class, () -> SmallEigensolver.decompose4(
                new double[15], 0, 0, out, 0, out, 0)).problem());
        assertEquals(Problem.INVALID_OPTION, assertThrows(InvalidInputException.class, () -> SmallEigensolver.decompose2(
                new double[4], 0, -1, out, 0, out, 0)).problem());
        assertEquals(Problem.NULL, assertThrows(InvalidInputException.class, () -> SmallEigensolver.decompose2(
                null, 0, 0, out, 0, out, 0)).problem());
    }

    /**
     * The unrolled 3x3 input check against the rules it shares with the general one: every
     * entry position with NaN and both infinities is named; asymmetry within the tolerance is
     * accepted as sym(A) (bit for bit the result of the symmetrised matrix), beyond it rejected
     * for every pair in both orientations; bad offsets and null are named.
     */
    @Test
    void unrolledThreeByThreeCheckMatchesTheGeneralRules() {
        double[] base = {4, 1, -2, 1, 3, 0.5, -2, 0.5, -1};
        double[] values = new double[3];
        double[] vectors = new double[9];
        int named = 0;
        for (int k = 0; k < 9; k++) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                double[] a = base.clone();
                a[k] = bad;
                InvalidInputException x = assertThrows(InvalidInputException.class,
                        () -> SmallEigensolver.decompose3(a, 0, 0, values, 0, vectors, 0));
                assertEquals(Problem.NOT_FINITE, x.problem());
                assertTrue(x.getMessage().contains("(" + k / 3 + ", " + k % 3 + ") is " + bad), x.getMessage());
                named++;
            }
        }
        assertEquals(27, named);
        int[][] pairs = {{1, 3}, {2, 6}, {5, 7}};
        double[] expectedValues = new double[3];
        double[] expectedVectors = new double[9];
        for (int[] pair : pairs) {
            for (int orientation = 0; orientation < 2; orientation++) {
                int upper = pair[orientation];
                int lower = pair[1 - orientation];
                double[] a = base.clone();
                double delta = 1e-12; // relative to max|a| = 4, within the default 1e-10
                a[upper] += delta;
                a[lower] -= delta;
                double[] symmetrised = a.clone();
                symmetrised[upper] = (a[upper] + a[lower]) / 2;
                symmetrised[lower] = symmetrised[upper];
                SmallEigensolver.decompose3(a, 0, 0, values, 0, vectors, 0);
                SmallEigensolver.decompose3(symmetrised, 0, 0, expectedValues, 0, expectedVectors, 0);
                assertArrayEquals(expectedValues, values, 0);
                assertArrayEquals(expectedVectors, vectors, 0);
                a[upper] += 1e-6;
                InvalidInputException x = assertThrows(InvalidInputException.class,
                        () -> SmallEigensolver.decompose3(a, 0, 0, values, 0, vectors, 0));
                assertEquals(Problem.ASYMMETRIC, x.problem());
            }
        }
        double[] padded = new double[12];
        System.arraycopy(base, 0, padded, 3, 9);
        SmallEigensolver.decompose3(padded, 3, 0, values, 0, vectors, 0);
        SmallEigensolver.decompose3(base, 0, 0, expectedValues, 0, expectedVectors, 0);
        assertArrayEquals(expectedValues, values, 0);
        for (int offset : new int[] {-1, 4, Integer.MAX_VALUE}) {
            assertEquals(Problem.WRONG_LENGTH, assertThrows(InvalidInputException.class,
                    () -> SmallEigensolver.decompose3(padded, offset, 0, values, 0, vectors, 0)).problem());
        }
        assertEquals(Problem.NULL, assertThrows(InvalidInputException.class,
                () -> SmallEigensolver.decompose3(null, 0, 0, values, 0, vectors, 0)).problem());
        // the largest entry decides the scaling: a subnormal matrix is decomposed, not taken for zero
        double[] tiny = {0, 0, 0, 0, Double.MIN_VALUE, 0, 0, 0, 0};
        SmallEigensolver.decompose3(tiny, 0, 0, values, 0, vectors, 0);
        assertArrayEquals(new double[] {Double.MIN_VALUE, 0, 0}, values, 0);
    }

    /** Graded SPD: the smallest eigenvalue of diag-dominant graded matrices keeps its relative accuracy. */
    @Test
    void gradedPositiveDefiniteKeepsRelativeAccuracy() {
        // D^(1/2) B D^(1/2) with B = [[1, .5, .25], [.5, 1, .5], [.25, .5, 1]] and D = diag(1, 1e-10, 1e-20):
        // its determinant is det(B) * 1e-30 exactly in real arithmetic, and so is the product of the eigenvalues
        double[] d = {1, 1e-5, 1e-10};
        double[][] b = {{1, .5, .25}, {.5, 1, .5}, {.25, .5, 1}};
        double[] m = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i * 3 + j] = d[i] * b[i][j] * d[j];
            }
        }
        double[] values = new double[3];
        double[] vectors = new double[9];
        SmallEigensolver.decompose3(m, 0, 0, values, 0, vectors, 0);
        double detB = 1 * (1 - .25) - .5 * (.5 - .125) + .25 * (.25 - .25);
        double product = values[0] * values[1] * values[2];
        assertEquals(detB * 1e-30, product, 1e-12 * detB * 1e-30, "product of eigenvalues = det(M) to 1e-12 relative");
    }

    /**
     * The eigenvalues of the stored matrix, exactly: the roots of its characteristic polynomial
     * (coefficients exact in BigDecimal), polished by Newton's method in 60 digits from
     * {@code start}.
     */
    static double[] exactEigenvalues(double[] m, double[] start) {
        java.math.MathContext mc = new java.math.MathContext(60);
        java.math.BigDecimal[] a = new java.math.BigDecimal[9];
        for (int k = 0; k < 9; k++) {
            a[k] = new java.math.BigDecimal(m[k]);
        }
        java.math.BigDecimal trace = a[0].add(a[4]).add(a[8]);
        java.math.BigDecimal minors = a[0].multiply(a[4]).subtract(a[1].multiply(a[3]))
                .add(a[0].multiply(a[8])).subtract(a[2].multiply(a[6]))
                .add(a[4].multiply(a[8])).subtract(a[5].multiply(a[7]));
        java.math.BigDecimal det = a[0].multiply(a[4].multiply(a[8]).subtract(a[5].multiply(a[7])))
                .subtract(a[1].multiply(a[3].multiply(a[8]).subtract(a[5].multiply(a[6]))))
                .add(a[2].multiply(a[3].multiply(a[7]).subtract(a[4].multiply(a[6]))));
        double[] exact = new double[3];
        for (int i = 0; i < 3; i++) {
            // p(x) = x^3 - trace x^2 + minors x - det, p'(x) = 3x^2 - 2 trace x + minors
            java.math.BigDecimal x = new java.math.BigDecimal(start[i]);
            for (int step = 0; step < 12; step++) {
                java.math.BigDecimal p = x.multiply(x, mc).multiply(x, mc).subtract(trace.multiply(x, mc).multiply(x, mc))
                        .add(minors.multiply(x, mc)).subtract(det);
                java.math.BigDecimal dp = x.multiply(x, mc).multiply(java.math.BigDecimal.valueOf(3))
                        .subtract(trace.multiply(x, mc).multiply(java.math.BigDecimal.valueOf(2))).add(minors);
                x = x.subtract(p.divide(dp, mc), mc);
            }
            exact[i] = x.doubleValue();
        }
        return exact;
    }

    /**
     * Eigenvalue accuracy of SPD matrices with condition numbers up to 1e12 (both the closed
     * form and the Jacobi fallback), against the exact eigenvalues of the stored matrix:
     * {@code |lambda_i - exact_i| <= 4 eps lambda_max}, that is, a relative error of at most
     * {@code 4 eps lambda_max / lambda_i} (docs/forward-pass.md has the measured table).
     */
    @Test
    void positiveDefiniteEigenvaluesToAFewUlpsOfTheLargest() {
        SplittableRandom random = new SplittableRandom(314);
        double worst = 0;
        for (int t = 0; t < 3000; t++) {
            double[] s = {1, Math.pow(10, -random.nextDouble(0, 12)), Math.pow(10, -random.nextDouble(0, 12))};
            double[] m = matrix(rotation3(random), s, 1, false);
            double[] values = new double[3];
            double[] vectors = new double[9];
            SmallEigensolver.decompose3(m, 0, 0, values, 0, vectors, 0);
            double[] exact = exactEigenvalues(m, values);
            for (int i = 0; i < 3; i++) {
                assertTrue(exact[i] > 0, "SPD");
                double error = Math.abs(values[i] - exact[i]) / (Math.ulp(1.0) * exact[0]);
                worst = Math.max(worst, error);
            }
        }
        assertTrue(worst <= 4, "worst |lambda_i - exact_i| / (eps lambda_max) = " + worst);
    }
}
