package io.github.eigengrad.generator.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.MatrixFunctions.ScalarFunction;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatrixFunctionsTest {
    static final MathContext MC = new MathContext(50, RoundingMode.HALF_EVEN);
    static final Expr A = Expr.variable("a");
    static final Expr B = Expr.variable("b");
    static final double P = 0.37;

    // ---- f in 50 digits, the oracle ----

    static BigDecimal exp(BigDecimal x) {
        int halvings = 0;
        BigDecimal y = x;
        while (y.abs().compareTo(new BigDecimal("0.25")) > 0) {
            y = y.divide(BigDecimal.valueOf(2), MC);
            halvings++;
        }
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n < 200; n++) {
            term = term.multiply(y, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
            if (term.abs().compareTo(new BigDecimal("1e-60")) < 0) {
                break;
            }
        }
        for (int i = 0; i < halvings; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    static BigDecimal log(BigDecimal x) {
        BigDecimal y = new BigDecimal(Math.log(x.doubleValue()));
        for (int i = 0; i < 6; i++) { // Halley on exp(y) = x: cubic convergence from 16 digits
            BigDecimal e = exp(y);
            y = y.add(BigDecimal.valueOf(2).multiply(x.subtract(e), MC).divide(x.add(e), MC), MC);
        }
        return y;
    }

    static UnaryOperator<BigDecimal> exact(String id) {
        return switch (id) {
            case "sqrt" -> x -> x.sqrt(MC);
            case "invsqrt" -> x -> BigDecimal.ONE.divide(x.sqrt(MC), MC);
            case "log" -> MatrixFunctionsTest::log;
            case "exp" -> MatrixFunctionsTest::exp;
            default -> x -> exp(new BigDecimal(P).multiply(log(x), MC));
        };
    }

    /** f[1](a, b) in 50 digits: the difference quotient, or f'(a) by a symmetric 1e-20 quotient at a tie (its error is of order 1e-40). */
    static double exactDividedDifference(String id, double a, double b) {
        UnaryOperator<BigDecimal> f = exact(id);
        BigDecimal x = new BigDecimal(a);
        BigDecimal y = new BigDecimal(b);
        if (a == b) {
            BigDecimal e = new BigDecimal("1e-20").multiply(new BigDecimal(id.equals("exp") ? 1 : Math.abs(a)), MC);
            x = x.add(e);
            y = y.subtract(e);
        }
        return f.apply(x).subtract(f.apply(y), MC).divide(x.subtract(y), MC).doubleValue();
    }

    static double evaluate(Expr e, double a, double b) {
        return e.evaluate(Map.of("a", a, "b", b, "p", P)::get);
    }

    static double evaluate(Expr e, double a, double b, double x) {
        return e.evaluate(Map.of("a", a, "b", b, "p", P, "x", x)::get);
    }

    // ---- tests ----

    @Test
    void derivativesAreDerivedNotWritten() {
        double x = 1.7;
        List<Expr> sqrt = MatrixFunctions.derivatives(MatrixFunctions.sqrt(), 3);
        assertEquals(0.5 / Math.sqrt(x), at(sqrt.get(1), x), 1e-15);
        assertEquals(-0.25 * Math.pow(x, -1.5), at(sqrt.get(2), x), 1e-15);
        assertEquals(0.375 * Math.pow(x, -2.5), at(sqrt.get(3), x), 1e-15);
        List<Expr> log = MatrixFunctions.derivatives(MatrixFunctions.log(), 11);
        assertEquals(3628800 / Math.pow(x, 11), at(log.get(11), x), 1e-12 * 3628800 / Math.pow(x, 11)); // (-1)^(k-1) (k-1)! / x^k
        List<Expr> exp = MatrixFunctions.derivatives(MatrixFunctions.exp(), 11);
        assertEquals(Math.exp(x), at(exp.get(11), x), 1e-14);
        List<Expr> pow = MatrixFunctions.derivatives(MatrixFunctions.power(), 2);
        assertEquals(P * (P - 1) * Math.pow(x, P - 2), pow.get(2).evaluate(Map.of("x", x, "p", P)::get), 1e-15);
        List<Expr> inv = MatrixFunctions.derivatives(MatrixFunctions.inverseSqrt(), 1);
        assertEquals(-0.5 * Math.pow(x, -1.5), at(inv.get(1), x), 1e-15);
    }

    static double at(Expr e, double x) {
        return e.evaluate(Map.of("x", x)::get);
    }

    /** closed(a, b) is (f(a) - f(b)) / (a - b), where the plain difference is well conditioned. */
    @Test
    void theClosedFormIsTheQuotient() {
        for (ScalarFunction f : MatrixFunctions.all()) {
            Expr closed = f.closed().apply(A, B);
            for (double[] ab : new double[][] {{3, 1}, {0.5, 2}, {10, 0.1}, {5, 0.5}, {0.01, 3}}) {
                double plain = (evaluate(f.at(A), ab[0], ab[1]) - evaluate(f.at(B), ab[0], ab[1])) / (ab[0] - ab[1]);
                assertEquals(plain, evaluate(closed, ab[0], ab[1]), 1e-14 * Math.abs(plain), f.id());
            }
        }
    }

    /**
     * The identity the scale-free expansion rests on: {@code f^(k)(m) = s(m) f^(k)(x0) w^(1-k)}
     * with w = m for the relative functions and 1 for exp, checked for k = 1..11 at several m.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void derivativesScaleAsTheExpansionAssumes(String id) {
        ScalarFunction f = MatrixFunctions.byId(id);
        List<Expr> d = MatrixFunctions.derivatives(f, 11);
        double x0 = f.relative() ? 1 : 0;
        for (double m : new double[] {0.37, 1.9, 23.5}) {
            double s = evaluate(f.scale(), m, 0, m);
            for (int k = 1; k <= 11; k++) {
                double expected = evaluate(d.get(k), m, 0, m);
                double predicted = s * evaluate(d.get(k), x0, 0, x0) * (f.relative() ? Math.pow(m, 1 - k) : 1);
                assertEquals(expected, predicted, 1e-12 * Math.abs(expected), id + " k=" + k + " m=" + m);
            }
        }
    }

    /**
     * f[1] within 4 x 2^-52 relative of a 50-digit evaluation across the switch: at exact ties,
     * at gaps from 1e-18 of m (where the expansion is used) through the switch point to half of m
     * (where the closed form is), for several midpoints.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void within4UlpsAcrossTheSwitch(String id) {
        double[] midpoints = id.equals("exp") ? new double[] {-30, -1, 0, 0.3, 1, 30} : new double[] {1e-3, 0.5, 1, 2, 1e3};
        assertTrue(within4Ulps(id, midpoints) > 300);
    }

    /**
     * The same at the ends of the double range, wherever f[1] is a normal double: the expansion
     * is scale-free, so no power of m or h under- or overflows (a tie at 2e-30 once gave NaN).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void within4UlpsAtExtremeScales(String id) {
        double[] midpoints = id.equals("exp") ? new double[] {-700, -300, 300, 700}
                : id.equals("invsqrt") ? new double[] {1e-200, 2e-30, 1e30, 1e200} : new double[] {1e-300, 2e-30, 1e30, 1e300};
        assertTrue(within4Ulps(id, midpoints) > 200);
    }

    /** Far-apart pairs, where an intermediate once under- or overflowed although f[1] is representable. */
    @Test
    void farApartPairsHaveNoSpuriousUnderOrOverflow() {
        double[][] pairs = {{1e300, 1e-300}, {3e-200, 1.5e-200}, {1e-150, 1e-300}, {2, 1e-300}, {1e300, 1}};
        for (String id : new String[] {"sqrt", "log", "pow"}) {
            for (double[] ab : pairs) {
                double expected = exactDividedDifference(id, ab[0], ab[1]);
                double actual = generated(id, ab[0], ab[1]);
                assertEquals(expected, actual, 4 * 0x1p-52 * Math.abs(expected), id + " at " + ab[0] + ", " + ab[1]);
            }
        }
        assertEquals(-1 / (1e300 * 1e-300), io.github.eigengrad.runtime.generated.DividedDifferences.powDifference(
                1e300, 1e-300, -1), 4 * 0x1p-52, "x^-1: -1/(ab), where (a - b)/b overflows");
        assertEquals(4.5e-200, io.github.eigengrad.runtime.generated.DividedDifferences.powDifference(3e-200, 1.5e-200, 2),
                1e-215, "x^2 where a^2 and b^2 underflow");
        double e = io.github.eigengrad.runtime.generated.DividedDifferences.expDifference(10, -800);
        assertEquals(Math.exp(10) / 810, e, 1e-15 * e, "exp: exp(b) underflows, expm1(a - b) overflows");
    }

    /** Checks f[1] within 4 ulps along gaps from 0 to m/2 at each midpoint; returns how many points. */
    static int within4Ulps(String id, double[] midpoints) {
        ScalarFunction f = MatrixFunctions.byId(id);
        Expr dd = MatrixFunctions.dividedDifference(f, A, B);
        double worst = 0;
        int checked = 0;
        for (double m : midpoints) {
            double scale = id.equals("exp") ? 1 : m;
            for (int step = 0; step <= 90; step++) {
                double h = step == 0 ? 0 : scale * Math.pow(10, -18 + 0.2 * step);
                if (h > 0.5 * scale) {
                    break;
                }
                double a = m + h;
                double b = m - h;
                double expected = exactDividedDifference(id, a, b);
                double actual = evaluate(dd, a, b);
                double error = Math.abs(actual - expected) / Math.abs(expected);
                worst = Math.max(worst, error);
                assertTrue(error <= 4 * 0x1p-52, id + " m=" + m + " h=" + h + ": " + actual + " vs " + expected
                        + ", relative error " + error);
                // the generated Java (Math rather than StrictMath) meets the same bound
                double generated = generated(id, a, b);
                assertTrue(Math.abs(generated - expected) <= 4 * 0x1p-52 * Math.abs(expected), id + " generated, m=" + m
                        + " h=" + h + ": " + generated + " vs " + expected);
                checked++;
            }
        }
        return checked;
    }

    static double generated(String id, double a, double b) {
        return switch (id) {
            case "sqrt" -> io.github.eigengrad.runtime.generated.DividedDifferences.sqrtDifference(a, b);
            case "invsqrt" -> io.github.eigengrad.runtime.generated.DividedDifferences.invsqrtDifference(a, b);
            case "log" -> io.github.eigengrad.runtime.generated.DividedDifferences.logDifference(a, b);
            case "exp" -> io.github.eigengrad.runtime.generated.DividedDifferences.expDifference(a, b);
            default -> io.github.eigengrad.runtime.generated.DividedDifferences.powDifference(a, b, P);
        };
    }

    /**
     * exp near ties far from 0, where {@code (a + b)/2} is rounded: exp turned that absolute error
     * into hundreds of units of relative error at |m| = 700 when the scale was exp(m); it is now
     * exp(b) exp(h), with b exact and h exact near ties.
     */
    @Test
    void expNearTiesFarFromZeroKeepsItsScale() {
        int checked = 0;
        for (double m : new double[] {-700.3, -300.7, 300.7, 700.3}) {
            for (int k = 1; k < 40; k += 3) {
                double a = Math.nextUp(m) + k * Math.ulp(m) * 7;
                double b = m - k * Math.ulp(m) * 5;
                double expected = exactDividedDifference("exp", a, b);
                assertEquals(expected, generated("exp", a, b), 4 * 0x1p-52 * Math.abs(expected), "exp at " + a + ", " + b);
                checked++;
            }
        }
        assertEquals(4 * 13, checked);
    }

    /**
     * x^p's f[1] at the ends of the range for powers whose {@code p - 1} is not a double
     * (0.1, 0.3, -0.3): a rounded exponent once cost {@code |e log m|}, up to 225 ulps at 1e-200;
     * {@code RuleArithmetic.shiftedPower} puts the rounding error back.
     */
    @Test
    void powAtExtremeScalesForPowersWhosePMinusOneRounds() {
        int checked = 0;
        for (double p : new double[] {0.1, 0.3, -0.3, 1e-6, 2.2}) {
            for (double m : new double[] {1e-200, 1e-30, 1, 1e30, 1e200}) {
                for (double u : new double[] {0, 1e-9, 1e-5, 0.01, 0.3, 0.9}) {
                    double a = m * (1 + u);
                    double b = m * (1 - u);
                    java.math.BigDecimal x = new java.math.BigDecimal(a);
                    java.math.BigDecimal y = new java.math.BigDecimal(b);
                    double expected = u == 0
                            ? new java.math.BigDecimal(p).multiply(SecondDifferenceTest.pow(x, p), SecondDifferenceTest.MC)
                                    .divide(x, SecondDifferenceTest.MC).doubleValue()
                            : SecondDifferenceTest.pow(x, p).subtract(SecondDifferenceTest.pow(y, p), SecondDifferenceTest.MC)
                                    .divide(x.subtract(y), SecondDifferenceTest.MC).doubleValue();
                    double actual = io.github.eigengrad.runtime.generated.DividedDifferences.powDifference(a, b, p);
                    assertEquals(expected, actual, 4 * Math.ulp(expected), "p=" + p + " m=" + m + " u=" + u);
                    checked++;
                }
            }
        }
        assertEquals(5 * 5 * 6, checked);
    }

    @Test
    void unknownFunctionsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MatrixFunctions.byId("tanh")).getMessage()
                .contains("unknown function 'tanh'"));
    }
}
