package io.github.eigengrad.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.parse.SpectralFunction;
import io.github.eigengrad.generator.testing.BigSymmetric;
import io.github.eigengrad.runtime.ScalarFunction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated classes of users' functions (docs/math.md section 14) for the functions of
 * issue 19 (x^p for p = -0.7, 0.3 and 2.5): they compile under {@code -Xlint:all -Werror},
 * and the gradient and Hessian-vector product of {@code <f(M), C>} agree with central
 * differences of f(M) computed in 40-digit BigDecimal (Jacobi eigendecomposition, f by a
 * 70-digit evaluation of the expression) at exact ties, triple ties, near ties 1e-12 to 1e-4
 * and separated spectra, n = 2..8.
 */
class UserFunctionClassesTest {
    static final List<Object[]> FUNCTIONS = GeneratedUserFunctions.FUNCTIONS;

    @BeforeAll
    static void compileAll() throws Exception {
        GeneratedUserFunctions.loader();
    }

    static ScalarFunction instance(Object[] f) throws Exception {
        return GeneratedUserFunctions.instance(f);
    }

    @Test
    void valuesAreTheExpression() throws Exception {
        for (Object[] f : FUNCTIONS) {
            @SuppressWarnings("unchecked")
            SpectralFunction parsed = ExpressionParser.parse((String) f[1], (Map<String, Double>) f[2]);
            ScalarFunction g = instance(f);
            for (double x = (double) f[3]; x <= (double) f[4]; x += 0.37) {
                assertEquals(parsed.valueAt(x), g.value(x), 2e-16 * Math.max(1, Math.abs(parsed.valueAt(x))),
                        f[1] + " at " + x);
            }
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < FUNCTIONS.size(); i++) {
            for (int n = 2; n <= 8; n++) {
                cases.add(Arguments.of(FUNCTIONS.get(i)[0], i, n));
            }
        }
        return cases.stream();
    }

    static final String[] KINDS = {"separated", "exact tie", "triple tie", "near tie 1e-12", "near tie 1e-8",
        "near tie 1e-4"};

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void gradientAndHessianAgainstBigDecimal(String name, int index, int n) throws Exception {
        Object[] f = FUNCTIONS.get(index);
        @SuppressWarnings("unchecked")
        Map<String, Double> p = (Map<String, Double>) f[2];
        SpectralFunction parsed = ExpressionParser.parse((String) f[1], p);
        ScalarFunction g = instance(f);
        double low = (double) f[3];
        double high = (double) f[4];
        SplittableRandom random = new SplittableRandom(31L * index + n);
        double worstGradient = 0;
        double worstHessian = 0;
        for (String kind : KINDS) {
            double[] values = spectrum(kind, n, low, high, random);
            double[] q = orthogonal(n, random);
            double[] c = randomMatrix(n, random);
            double[] e = randomMatrix(n, random);
            double[] t = randomMatrix(n, random);
            double[] grad = new double[n * n];
            g.gradient(n, values, q, c, grad);
            double[] hvp = new double[n * n];
            g.hessianVector(n, values, q, c, t, hvp);
            BigDecimal[] m = BigSymmetric.compose(values, q, n);
            double h = 1e-15;
            BigDecimal plus = BigSymmetric.loss(BigSymmetric.shifted(m, n, h, e, 0, t), n, parsed.f(), p, c);
            BigDecimal minus = BigSymmetric.loss(BigSymmetric.shifted(m, n, -h, e, 0, t), n, parsed.f(), p, c);
            double expected = plus.subtract(minus).divide(new BigDecimal(2 * h), BigSymmetric.MC).doubleValue();
            double error = Math.abs(dot(grad, e) - expected) / (norm(grad) * norm(e));
            worstGradient = Math.max(worstGradient, error);
            assertTrue(error <= 1e-12, name + " n=" + n + " " + kind + ": <grad, E> = " + dot(grad, e) + ", BigDecimal "
                    + expected + " (relative " + error + ") at " + Arrays.toString(values));
            double k = 1e-12;
            BigDecimal pp = BigSymmetric.loss(BigSymmetric.shifted(m, n, k, e, k, t), n, parsed.f(), p, c);
            BigDecimal pm = BigSymmetric.loss(BigSymmetric.shifted(m, n, k, e, -k, t), n, parsed.f(), p, c);
            BigDecimal mp = BigSymmetric.loss(BigSymmetric.shifted(m, n, -k, e, k, t), n, parsed.f(), p, c);
            BigDecimal mm = BigSymmetric.loss(BigSymmetric.shifted(m, n, -k, e, -k, t), n, parsed.f(), p, c);
            double second = pp.subtract(pm).subtract(mp).add(mm).divide(new BigDecimal(4 * k * k), BigSymmetric.MC)
                    .doubleValue();
            double hError = Math.abs(dot(hvp, e) - second) / (norm(hvp) * norm(e) + 1e-300);
            worstHessian = Math.max(worstHessian, hError);
            assertTrue(hError <= 1e-10, name + " n=" + n + " " + kind + ": <HVP, E> = " + dot(hvp, e)
                    + ", BigDecimal " + second + " (relative " + hError + ") at " + Arrays.toString(values));
        }
        System.out.printf("%s n=%d: gradient %.1e, Hessian-vector %.1e%n", name, n, worstGradient, worstHessian);
    }

    /** Descending eigenvalues in [low, high] of the kind named. */
    static double[] spectrum(String kind, int n, double low, double high, SplittableRandom random) {
        double width = high - low;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = low + width * (0.05 + 0.9 * (i + 0.5 * random.nextDouble()) / n);
        }
        int at = n / 2;
        switch (kind) {
            case "exact tie" -> v[Math.max(0, at - 1)] = v[at];
            case "triple tie" -> {
                for (int i = Math.max(0, at - 1); i <= Math.min(n - 1, at + 1); i++) {
                    v[i] = v[at];
                }
            }
            case "near tie 1e-12" -> v[Math.max(0, at - 1)] = v[at] + 1e-12 * Math.max(1, Math.abs(v[at]));
            case "near tie 1e-8" -> v[Math.max(0, at - 1)] = v[at] + 1e-8 * Math.max(1, Math.abs(v[at]));
            case "near tie 1e-4" -> v[Math.max(0, at - 1)] = v[at] + 1e-4 * Math.max(1, Math.abs(v[at]));
            default -> { }
        }
        Arrays.sort(v);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = v[n - 1 - i];
        }
        return d;
    }

    /** A random orthogonal matrix, row-major, by Gram-Schmidt twice. */
    static double[] orthogonal(int n, SplittableRandom random) {
        double[][] cols = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                cols[j][i] = random.nextDouble(-1, 1);
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += cols[k][i] * cols[j][i];
                    }
                    for (int i = 0; i < n; i++) {
                        cols[j][i] -= s * cols[k][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += cols[j][i] * cols[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                cols[j][i] /= norm;
            }
        }
        double[] q = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i * n + j] = cols[j][i];
            }
        }
        return q;
    }

    static double[] randomMatrix(int n, SplittableRandom random) {
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextDouble(-1, 1);
        }
        return m;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
