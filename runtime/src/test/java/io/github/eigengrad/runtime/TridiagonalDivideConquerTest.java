package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Divide and conquer on tridiagonal matrices chosen to exercise every deflation: each
 * eigenpair's residual and the orthogonality of the vectors (exact identities), and each
 * eigenvalue bracketed by an exact Sturm count in BigDecimal (an oracle that needs no
 * eigensolver).
 */
class TridiagonalDivideConquerTest {
    private static final int[] SIZES = {TridiagonalDivideConquer.LEAF + 1, 64, 97, 200};
    private static final int FAMILIES = 8;
    private static final double TOLERANCE = 1e-13;

    static Stream<Arguments> cases() {
        return IntStream.of(SIZES).boxed()
                .flatMap(n -> IntStream.range(0, FAMILIES).mapToObj(family -> Arguments.of(n, family)));
    }

    /** Diagonal d and off-diagonal e ({@code e[i]} is entry (i, i-1)) of family 0 to 7. */
    static double[][] tridiagonal(int n, int family) {
        SplittableRandom random = new SplittableRandom(0xD1C0L + 31L * n + family);
        double[] d = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            switch (family) {
                case 0: // random
                    d[i] = random.nextDouble(-1, 1);
                    e[i] = random.nextDouble(-1, 1);
                    break;
                case 1: // 1-2-1: eigenvalues 2 - 2 cos(k pi / (n + 1))
                    d[i] = 2;
                    e[i] = -1;
                    break;
                case 2: // Wilkinson W+: pairs of eigenvalues equal to many digits
                    d[i] = Math.abs((n - 1) / 2.0 - i);
                    e[i] = 1;
                    break;
                case 3: // glued Wilkinson W21+: clusters of n / 21 nearly equal eigenvalues
                    d[i] = Math.abs(10 - i % 21);
                    e[i] = i % 21 == 0 ? 1e-12 : 1;
                    break;
                case 4: // the identity up to rounding, with exact zeros: everything deflates
                    d[i] = 1;
                    e[i] = i % 7 == 0 ? 0 : 1e-17;
                    break;
                case 5: // repeated values, split into blocks
                    d[i] = new double[] {0, 1, 1, 2}[random.nextInt(4)];
                    e[i] = i % 5 == 0 ? 0.5 : 0;
                    break;
                case 6: // graded: magnitudes from 1 to 1e-15
                    d[i] = Math.pow(10, -15.0 * i / n);
                    e[i] = 0.1 * Math.pow(10, -15.0 * i / n);
                    break;
                default: // zero but for one coupling
                    e[i] = i == n / 2 ? 1 : 0;
                    break;
            }
        }
        e[0] = 0;
        return new double[][] {d, e};
    }

    @ParameterizedTest(name = "n={0} family={1}")
    @MethodSource("cases")
    void eigenpairsAreAccurateAndOrthonormal(int n, int family) {
        double[][] t = tridiagonal(n, family);
        double[] d = t[0].clone();
        double[][] z = TridiagonalDivideConquer.decompose(d, t[1].clone());
        double norm = norm(t);
        for (int i = 1; i < n; i++) {
            assertTrue(d[i - 1] <= d[i], "eigenvalues ascend");
        }
        for (int c = 0; c < n; c++) {
            for (int r = 0; r < n; r++) {
                double tz = t[0][r] * z[r][c] + (r > 0 ? t[1][r] * z[r - 1][c] : 0)
                        + (r + 1 < n ? t[1][r + 1] * z[r + 1][c] : 0);
                assertEquals(d[c] * z[r][c], tz, TOLERANCE * norm, "residual of eigenpair " + c);
            }
            for (int c2 = 0; c2 <= c; c2++) {
                double dot = 0;
                for (int r = 0; r < n; r++) {
                    dot += z[r][c] * z[r][c2];
                }
                assertEquals(c == c2 ? 1 : 0, dot, TOLERANCE, "orthonormality of " + c + ", " + c2);
            }
        }
        for (int i = 0; i < n; i++) {
            double slack = TOLERANCE * norm;
            assertTrue(countBelow(t, d[i] - slack) <= i && countBelow(t, d[i] + slack) >= i + 1,
                    "eigenvalue " + i + " = " + d[i] + " is bracketed by the exact count");
        }
        if (family == 1) {
            for (int i = 0; i < n; i++) {
                assertEquals(2 - 2 * Math.cos((i + 1) * Math.PI / (n + 1)), d[i], 1e-14);
            }
        }
    }

    /** 60 random tridiagonal matrices built to deflate: clustered diagonals, zero and tiny couplings. */
    static IntStream seeds() {
        return IntStream.range(0, 60);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void randomDeflatingMatricesAreDecomposed(int seed) {
        SplittableRandom random = new SplittableRandom(0xDEF1L + seed);
        int n = TridiagonalDivideConquer.LEAF + 1 + random.nextInt(260);
        double[] pool = {random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
        double[] d = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            double noise = new double[] {0, 1e-15, 1e-9, 1e-3}[random.nextInt(4)];
            d[i] = pool[random.nextInt(pool.length)] + noise * random.nextGaussian();
            e[i] = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> 1e-14 * random.nextGaussian();
                default -> random.nextGaussian();
            };
        }
        e[0] = 0;
        double[][] t = {d, e};
        double[] values = d.clone();
        double[][] z = TridiagonalDivideConquer.decompose(values, e.clone());
        double norm = norm(t);
        double worstResidual = 0;
        double worstOrthogonality = 0;
        for (int c = 0; c < n; c++) {
            for (int r = 0; r < n; r++) {
                double tz = d[r] * z[r][c] + (r > 0 ? e[r] * z[r - 1][c] : 0) + (r + 1 < n ? e[r + 1] * z[r + 1][c] : 0);
                worstResidual = Math.max(worstResidual, Math.abs(tz - values[c] * z[r][c]));
            }
            for (int c2 = 0; c2 <= c; c2++) {
                double dot = 0;
                for (int r = 0; r < n; r++) {
                    dot += z[r][c] * z[r][c2];
                }
                worstOrthogonality = Math.max(worstOrthogonality, Math.abs(dot - (c == c2 ? 1 : 0)));
            }
        }
        assertTrue(worstResidual <= TOLERANCE * norm, "residual " + worstResidual + " at n = " + n);
        assertTrue(worstOrthogonality <= TOLERANCE, "orthogonality " + worstOrthogonality + " at n = " + n);
        for (int i = 0; i < n; i += 7) {
            double slack = TOLERANCE * norm;
            assertTrue(countBelow(t, values[i] - slack) <= i && countBelow(t, values[i] + slack) >= i + 1,
                    "eigenvalue " + i + " = " + values[i] + " is bracketed by the exact count");
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("fullSizes")
    void theFullSolverByDivideAndConquerAgreesWithQl(int n) {
        SplittableRandom random = new SplittableRandom(0xD1C1L + n);
        for (int kind = 0; kind < 3; kind++) {
            double[][] a = new double[n][n];
            double[] spectrum = new double[n];
            for (int i = 0; i < n; i++) {
                spectrum[i] = kind == 0 ? random.nextGaussian()
                        : kind == 1 ? new double[] {2.5, -1, 0.75}[random.nextInt(3)] : (i % 3 == 0 ? random.nextDouble() : 0);
            }
            a = io.github.eigengrad.runtime.reference.TestMatrices.withSpectrum(spectrum, random);
            double[][] byDivide = copy(a);
            double[] valuesByDivide = new double[n];
            TridiagonalQL.decompose(byDivide, valuesByDivide, true, null);
            double[][] byQl = copy(a);
            double[] valuesByQl = new double[n];
            TridiagonalQL.decompose(byQl, valuesByQl, false, null);
            double norm = 0;
            for (double x : spectrum) {
                norm = Math.max(norm, Math.abs(x));
            }
            for (int c = 0; c < n; c++) {
                for (int r = 0; r < n; r++) {
                    double av = 0;
                    for (int k = 0; k < n; k++) {
                        av += a[r][k] * byDivide[k][c];
                    }
                    assertEquals(valuesByDivide[c] * byDivide[r][c], av, 1e-12 * norm, "residual, kind " + kind);
                }
                for (int c2 = 0; c2 <= c; c2++) {
                    double dot = 0;
                    for (int r = 0; r < n; r++) {
                        dot += byDivide[r][c] * byDivide[r][c2];
                    }
                    assertEquals(c == c2 ? 1 : 0, dot, 1e-13, "orthonormality, kind " + kind);
                }
            }
            Arrays.sort(valuesByDivide);
            Arrays.sort(valuesByQl);
            Arrays.sort(spectrum);
            for (int i = 0; i < n; i++) {
                assertEquals(valuesByQl[i], valuesByDivide[i], 1e-13 * norm, "against QL, kind " + kind);
                assertEquals(spectrum[i], valuesByDivide[i], 1e-12 * norm, "against the spectrum, kind " + kind);
            }
        }
    }

    static IntStream fullSizes() {
        return IntStream.of(TridiagonalQL.DIVIDE_FROM, 301);
    }

    @Test
    void theSolverTakesDivideAndConquerFromItsThreshold() {
        // the public solver at the threshold gives the same bits as the divide-and-conquer path
        int n = TridiagonalQL.DIVIDE_FROM;
        double[][] a = io.github.eigengrad.runtime.reference.TestMatrices.gaussianSymmetric(n, new SplittableRandom(7));
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a);
        double[][] v = copy(a);
        double largest = 0;
        for (double[] row : a) {
            for (double x : row) {
                largest = Math.max(largest, Math.abs(x));
            }
        }
        int exponent = Math.getExponent(largest);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                v[i][j] = Math.scalb(a[i][j], -exponent);
            }
        }
        double[] values = new double[n];
        TridiagonalQL.decompose(v, values, true, null);
        Arrays.sort(values);
        assertEquals(Math.scalb(values[n - 1], exponent), e.value(0), 0);
        assertEquals(Math.scalb(values[0], exponent), e.value(n - 1), 0);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static double norm(double[][] t) {
        double norm = 0;
        int n = t[0].length;
        for (int i = 0; i < n; i++) {
            norm = Math.max(norm, Math.abs(t[0][i]) + Math.abs(t[1][i]) + (i + 1 < n ? Math.abs(t[1][i + 1]) : 0));
        }
        return norm;
    }

    /**
     * The number of eigenvalues below x, exactly: the negative pivots of the LDL^T factorisation
     * of T - x I (the Sturm sequence), in BigDecimal on the doubles' exact values.
     */
    static int countBelow(double[][] t, double x) {
        MathContext mc = new MathContext(120);
        int n = t[0].length;
        BigDecimal shift = new BigDecimal(x);
        BigDecimal pivot = null;
        int negative = 0;
        for (int i = 0; i < n; i++) {
            BigDecimal diagonal = new BigDecimal(t[0][i]).subtract(shift, mc);
            if (i > 0) {
                BigDecimal off = new BigDecimal(t[1][i]);
                if (off.signum() != 0) {
                    if (pivot.signum() == 0) {
                        pivot = new BigDecimal("1e-200"); // a zero pivot: perturb, as Sturm counts do
                    }
                    diagonal = diagonal.subtract(off.multiply(off, mc).divide(pivot, mc), mc);
                }
            }
            pivot = diagonal;
            if (pivot.signum() < 0) {
                negative++;
            }
        }
        return negative;
    }
}
