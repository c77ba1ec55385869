package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MatrixFunction#of(ScalarFunction)} for a function written by hand (docs/math.md
 * section 14): log(x) through {@link TaylorSeries}, {@link SpectralDifferences} and the
 * generated callback loops, against the built-in log (closed forms of its own, generated) for
 * f[1], f[2], the gradient and the Hessian-vector product, at ties, near ties and apart; the
 * series against the known coefficients; the errors.
 */
class ScalarFunctionTest {
    /** log(x), x > 0, by hand: the mechanism's contract and nothing else. */
    static final class HandLog implements ScalarFunction {
        @Override
        public String name() {
            return "handLog";
        }

        @Override
        public double value(double x) {
            return Math.log(x);
        }

        @Override
        public double[] taylor(double x0, int order) {
            return TaylorSeries.log(TaylorSeries.variable(x0, order));
        }

        @Override
        public void checkDomain(int index, double x) {
            if (!(x > 0) || !Double.isFinite(x)) {
                throw new InvalidInputException(InvalidInputException.Problem.OUT_OF_DOMAIN, "eigenvalue " + index
                        + " = " + x + " is outside the domain of log");
            }
        }
    }

    @Test
    void seriesHaveTheKnownCoefficients() {
        double[] log = TaylorSeries.log(TaylorSeries.variable(2, 6)); // log(2 + t) = log 2 + sum (-1)^(k+1) t^k / (k 2^k)
        assertEquals(Math.log(2), log[0], 0);
        for (int k = 1; k <= 6; k++) {
            assertEquals((k % 2 == 1 ? 1 : -1) / (k * Math.pow(2, k)), log[k], 1e-16);
        }
        double[] e = TaylorSeries.exp(TaylorSeries.variable(0.5, 8));
        double factorial = 1;
        for (int k = 0; k <= 8; k++) {
            factorial *= Math.max(1, k);
            assertEquals(Math.exp(0.5) / factorial, e[k], 1e-15 * e[k]);
        }
        double[] x = TaylorSeries.variable(0.3, 10); // tan-free identities: sin^2 + cos^2 = 1, cosh^2 - sinh^2 = 1
        double[] one = TaylorSeries.add(TaylorSeries.multiply(TaylorSeries.sin(x), TaylorSeries.sin(x)),
                TaylorSeries.multiply(TaylorSeries.cos(x), TaylorSeries.cos(x)));
        double[] hyper = TaylorSeries.add(TaylorSeries.multiply(TaylorSeries.cosh(x), TaylorSeries.cosh(x)),
                TaylorSeries.negate(TaylorSeries.multiply(TaylorSeries.sinh(x), TaylorSeries.sinh(x))));
        double[] atanOfTan = TaylorSeries.atan(TaylorSeries.divide(TaylorSeries.sin(x), TaylorSeries.cos(x)));
        double[] tanhOfAtanh = TaylorSeries.tanh(TaylorSeries.multiply(TaylorSeries.constant(0.5, 10),
                TaylorSeries.log(TaylorSeries.divide(TaylorSeries.add(TaylorSeries.constant(1, 10), x),
                        TaylorSeries.add(TaylorSeries.constant(1, 10), TaylorSeries.negate(x))))));
        double[] squareOfRoot = TaylorSeries.integerPower(TaylorSeries.sqrt(x), 2);
        for (int k = 0; k <= 10; k++) {
            assertEquals(k == 0 ? 1 : 0, one[k], 1e-15, "sin^2 + cos^2, c" + k);
            assertEquals(k == 0 ? 1 : 0, hyper[k], 1e-15, "cosh^2 - sinh^2, c" + k);
            assertEquals(x[k], atanOfTan[k], 1e-14, "atan(tan x), c" + k);
            assertEquals(x[k], tanhOfAtanh[k], 1e-14, "tanh(atanh x), c" + k);
            // sqrt(0.3 + t) has radius 0.3: its coefficients, and their rounding, grow as 0.3^-k
            assertEquals(x[k], squareOfRoot[k], 1e-15 * Math.pow(0.3, -k), "sqrt(x)^2, c" + k);
        }
    }

    @Test
    void dividedDifferencesAgreeWithTheBuiltInLog() {
        ScalarFunction f = new HandLog();
        MatrixFunction log = MatrixFunction.log();
        SplittableRandom random = new SplittableRandom(19);
        for (int t = 0; t < 3000; t++) {
            double a = Math.exp(random.nextDouble(-5, 5));
            double b = a * (1 + (t % 4 == 0 ? 0 : Math.pow(10, random.nextDouble(-16, 0))));
            double c = t % 3 == 0 ? b : a * (1 - Math.pow(10, random.nextDouble(-16, 0)) / 2);
            double first = log.dividedDifference(a, b);
            assertEquals(first, f.first(a, b), 8 * Math.ulp(first), a + ", " + b);
            double second = log.secondDividedDifference(a, b, c);
            assertEquals(second, f.second(a, b, c), 16 * Math.ulp(second), a + ", " + b + ", " + c);
        }
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 8, 17})
    void gradientAndHessianAgreeWithTheBuiltInLog(int n) {
        SplittableRandom random = new SplittableRandom(n);
        MatrixFunction mine = MatrixFunction.of(new HandLog());
        MatrixFunction log = MatrixFunction.log();
        for (int kind = 0; kind < 3; kind++) {
            double[] spectrum = TestMatrices.separatedSpectrum(n, true, random);
            for (int i = 0; i < n; i++) {
                spectrum[i] = Math.abs(spectrum[i]) + 0.5;
            }
            if (kind > 0 && n > 1) {
                spectrum[1] = kind == 1 ? spectrum[0] : spectrum[0] * (1 + 1e-9);
            }
            SymmetricEigendecomposition e = SymmetricEigensolver.defaults()
                    .decompose(TestMatrices.withSpectrum(spectrum, random));
            double[][] c = TestMatrices.gaussianMatrix(n, n, random);
            double[][] t = TestMatrices.gaussianMatrix(n, n, random);
            assertClose(log.gradient(e, c), mine.gradient(e, c), 1e-14, "gradient");
            assertClose(log.derivative(e, t), mine.derivative(e, t), 1e-14, "derivative");
            assertClose(log.hessianVector(e, c, t), mine.hessianVector(e, c, t), 1e-13, "Hessian-vector product");
            assertClose(log.value(e), mine.value(e), 0, "f(M)");
        }
    }

    static void assertClose(double[][] expected, double[][] actual, double relative, String what) {
        double scale = 0;
        for (double[] row : expected) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[i][j], actual[i][j], relative * scale, what + " (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void errorsNameTheProblem() {
        assertEquals("null-input", assertThrows(InvalidInputException.class, () -> MatrixFunction.of(null)).problem()
                .code());
        MatrixFunction f = MatrixFunction.of(new HandLog());
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(new double[][] {{1, 0}, {0, -1}});
        InvalidInputException domain = assertThrows(InvalidInputException.class,
                () -> f.gradient(e, new double[][] {{1, 0}, {0, 1}}));
        assertEquals("out-of-domain", domain.problem().code());
        assertTrue(domain.getMessage().contains("eigenvalue 1 = -1.0"), domain.getMessage());
        assertThrows(InvalidInputException.class, () -> f.value(e));
        InvalidInputException single = assertThrows(InvalidInputException.class,
                () -> f.gradient(2, new float[] {2, 1}, new float[] {1, 0, 0, 1}, new float[4], new float[4]));
        assertTrue(single.getMessage().contains("double precision only"), single.getMessage());
        assertEquals("handLog", f.name());
    }
}
