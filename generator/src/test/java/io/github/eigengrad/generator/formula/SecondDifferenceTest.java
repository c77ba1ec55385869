package io.github.eigengrad.generator.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.MatrixFunctions.ScalarFunction;
import io.github.eigengrad.runtime.generated.DividedDifferences;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The second divided difference f[2] (docs/math.md section 10) against a 120-digit BigDecimal
 * evaluation of the same double inputs: within 8 units in the last place across the switch
 * between expansion and closed form, at exact double and triple ties, at near ties and at the
 * ends of the double range, for the formula (evaluated by the generator) and for the generated
 * Java alike; and symmetric in its arguments.
 */
class SecondDifferenceTest {
    static final MathContext MC = new MathContext(120, RoundingMode.HALF_EVEN);
    static final double P = MatrixFunctionsTest.P;
    static final double ULPS = 8;

    static BigDecimal exp(BigDecimal x) {
        int halvings = 0;
        BigDecimal y = x;
        while (y.abs().compareTo(new BigDecimal("0.1")) > 0) {
            y = y.divide(BigDecimal.valueOf(2), MC);
            halvings++;
        }
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n < 400; n++) {
            term = term.multiply(y, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
            if (term.abs().compareTo(new BigDecimal("1e-130")) < 0) {
                break;
            }
        }
        for (int i = 0; i < halvings; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    static BigDecimal log(BigDecimal x) {
        // log x = k log 2 + log(x / 2^k), the second by Newton on exp from a double start
        int k = (int) Math.round(Math.log(x.doubleValue()) / Math.log(2));
        BigDecimal two = BigDecimal.valueOf(2);
        BigDecimal scaled = k >= 0 ? x.divide(two.pow(k, MC), MC) : x.multiply(two.pow(-k, MC), MC);
        BigDecimal y = new BigDecimal(Math.log(scaled.doubleValue()));
        for (int i = 0; i < 8; i++) {
            BigDecimal e = exp(y);
            y = y.add(two.multiply(scaled.subtract(e), MC).divide(scaled.add(e), MC), MC);
        }
        return y.add(LOG2.multiply(BigDecimal.valueOf(k), MC), MC);
    }

    static final BigDecimal LOG2;

    static {
        BigDecimal y = new BigDecimal(Math.log(2));
        BigDecimal two = BigDecimal.valueOf(2);
        for (int i = 0; i < 8; i++) {
            BigDecimal e = exp(y);
            y = y.add(two.multiply(two.subtract(e), MC).divide(two.add(e), MC), MC);
        }
        LOG2 = y;
    }

    static BigDecimal pow(BigDecimal x, double p) {
        return exp(new BigDecimal(p).multiply(log(x), MC));
    }

    static UnaryOperator<BigDecimal> f(String id) {
        return switch (id) {
            case "sqrt" -> x -> x.sqrt(MC);
            case "invsqrt" -> x -> BigDecimal.ONE.divide(x.sqrt(MC), MC);
            case "log" -> SecondDifferenceTest::log;
            case "exp" -> SecondDifferenceTest::exp;
            default -> x -> pow(x, P);
        };
    }

    /** f' and f''/2 in 120 digits. */
    static BigDecimal derivative(String id, BigDecimal x, int order) {
        BigDecimal half = new BigDecimal("0.5");
        BigDecimal fx = f(id).apply(x);
        return switch (id) {
            case "sqrt" -> order == 1 ? half.divide(fx, MC) : new BigDecimal("-0.125").divide(x.multiply(fx, MC), MC);
            case "invsqrt" -> order == 1 ? half.negate().multiply(fx, MC).divide(x, MC)
                    : new BigDecimal("0.375").multiply(fx, MC).divide(x.multiply(x, MC), MC);
            case "log" -> order == 1 ? BigDecimal.ONE.divide(x, MC) : half.negate().divide(x.multiply(x, MC), MC);
            case "exp" -> order == 1 ? fx : half.multiply(fx, MC);
            default -> order == 1 ? new BigDecimal(P).multiply(fx, MC).divide(x, MC)
                    : new BigDecimal(P * (P - 1) / 2).multiply(fx, MC).divide(x.multiply(x, MC), MC);
        };
    }

    /** f[2] of three doubles in 120 digits: the symmetric sum, with the tie cases by derivatives. */
    static double exact(String id, double a, double b, double c) {
        double[] s = {a, b, c};
        java.util.Arrays.sort(s);
        BigDecimal lo = new BigDecimal(s[0]);
        BigDecimal mid = new BigDecimal(s[1]);
        BigDecimal hi = new BigDecimal(s[2]);
        UnaryOperator<BigDecimal> f = f(id);
        if (s[0] == s[2]) {
            return derivative(id, lo, 2).doubleValue();
        }
        BigDecimal first = s[1] == s[2] ? derivative(id, hi, 1) : f.apply(hi).subtract(f.apply(mid), MC)
                .divide(hi.subtract(mid), MC);
        BigDecimal second = s[0] == s[1] ? derivative(id, lo, 1) : f.apply(mid).subtract(f.apply(lo), MC)
                .divide(mid.subtract(lo), MC);
        return first.subtract(second, MC).divide(hi.subtract(lo), MC).doubleValue();
    }

    /** f[2] of x^p for any p, as {@link #exact} does for the fixed P. */
    static double exactPow(double a, double b, double c, double p) {
        double[] s = {a, b, c};
        java.util.Arrays.sort(s);
        UnaryOperator<BigDecimal> f = x -> pow(x, p);
        BigDecimal lo = new BigDecimal(s[0]);
        BigDecimal mid = new BigDecimal(s[1]);
        BigDecimal hi = new BigDecimal(s[2]);
        BigDecimal first = s[1] == s[2] ? new BigDecimal(p).multiply(f.apply(hi), MC).divide(hi, MC)
                : f.apply(hi).subtract(f.apply(mid), MC).divide(hi.subtract(mid), MC);
        BigDecimal second = s[0] == s[1] ? new BigDecimal(p).multiply(f.apply(lo), MC).divide(lo, MC)
                : f.apply(mid).subtract(f.apply(lo), MC).divide(mid.subtract(lo), MC);
        return first.subtract(second, MC).divide(hi.subtract(lo), MC).doubleValue();
    }

    static double generated(String id, double a, double b, double c) {
        return switch (id) {
            case "sqrt" -> DividedDifferences.sqrtSecond(a, b, c);
            case "invsqrt" -> DividedDifferences.invsqrtSecond(a, b, c);
            case "log" -> DividedDifferences.logSecond(a, b, c);
            case "exp" -> DividedDifferences.expSecond(a, b, c);
            default -> DividedDifferences.powSecond(a, b, c, P);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void within8UlpsAcrossTheSwitchAndAtTies(String id) {
        double[] midpoints = id.equals("exp") ? new double[] {-30, -1, 0, 0.3, 1, 30}
                : new double[] {1e-3, 0.5, 1, 2, 1e3};
        assertTrue(check(id, midpoints) > 1500);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void within8UlpsAtExtremeScales(String id) {
        double[] midpoints = id.equals("exp") ? new double[] {-700, -300, 300, 700}
                : new double[] {1e-300, 2e-30, 1e30, 1e300};
        assertTrue(check(id, midpoints) > 500);
    }

    /**
     * The band where the long expansion hands over to the closed form, swept finely (the
     * logarithmic steps above pass it in three points): u from 0.3 to 0.97 of the midpoint (exp:
     * h from 0.5 to 6) by 0.01, the middle value at six positions. There the closed form of x^p
     * cancels by about 2/(|p - 1| u) (12 ulps at p = 0.37 in double arithmetic), so the generated
     * powSecond calls RuleArithmetic.powSecondApart, which works in double-double.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqrt", "invsqrt", "log", "exp", "pow"})
    void theHandOverBandSweptFinely(String id) {
        double m = id.equals("exp") ? 0.3 : 1.7;
        int checked = 0;
        double worst = 0;
        for (int step = 0; step <= (id.equals("exp") ? 110 : 67); step++) {
            double u = id.equals("exp") ? 0.5 + 0.05 * step : 0.3 + 0.01 * step;
            double h = id.equals("exp") ? u : u * m;
            for (double position : new double[] {-1, -0.6, 0, 0.3, 0.7, 1}) {
                double hi = m + h;
                double lo = m - h;
                double mid = m + position * h;
                double expected = exact(id, lo, mid, hi);
                double actual = generated(id, hi, mid, lo);
                double ulps = Math.abs(actual - expected) / Math.ulp(expected);
                worst = Math.max(worst, ulps);
                assertTrue(ulps <= ULPS, id + " u=" + u + " mid at " + position + ": " + ulps + " ulps");
                checked++;
            }
        }
        System.out.printf("f[2] %s hand-over band: %d points, worst %.2f ulps%n", id, checked, worst);
        assertTrue(checked >= 400);
    }

    /**
     * x^p for powers near 0 and 1, where f[2] itself vanishes with p (p - 1) and the plain
     * closed form lost hundreds of units, and far from them, across the hand-over band and the
     * expansions, at three midpoints and the ends of the range.
     */
    @org.junit.jupiter.api.Test
    void powForManyPowers() {
        int checked = 0;
        for (double p : new double[] {0.37, 0.9, 0.999, 1.01, 1e-6, 2.5, -0.5, 3.7}) {
            double worst = 0;
            for (double m : new double[] {1, 1.7, 3.3, 1e-200, 1e200}) {
                for (int step = 0; step <= 96; step += 3) {
                    double u = step == 0 ? 1e-9 : 0.01 * step;
                    for (double position : new double[] {-1, -0.6, 0, 0.3, 1}) {
                        double hi = m + u * m;
                        double lo = m - u * m;
                        double mid = m + position * u * m;
                        double expected = exactPow(lo, mid, hi, p);
                        if (!Double.isFinite(expected) || Math.abs(expected) < Double.MIN_NORMAL) {
                            continue;
                        }
                        double actual = DividedDifferences.powSecond(hi, mid, lo, p);
                        double ulps = Math.abs(actual - expected) / Math.ulp(expected);
                        worst = Math.max(worst, ulps);
                        assertTrue(ulps <= ULPS, "p=" + p + " m=" + m + " u=" + u + " mid at " + position + ": " + ulps);
                        checked++;
                    }
                }
            }
            System.out.printf("f[2] pow p=%s: worst %.2f ulps%n", p, worst);
        }
        assertTrue(checked > 5000, "points: " + checked);
    }

    /** f[2] at half-spreads h from 0 to (almost) the midpoint, the middle value across [lo, hi]. */
    static int check(String id, double[] midpoints) {
        ScalarFunction f = MatrixFunctions.byId(id);
        Expr formula = MatrixFunctions.secondDividedDifference(f, Expr.variable("a"), Expr.variable("b"),
                Expr.variable("c"));
        int checked = 0;
        double worst = 0;
        for (double m : midpoints) {
            double scale = id.equals("exp") ? 1 : Math.abs(m);
            double largest = id.equals("exp") ? 6 : 0.97;
            for (int step = 0; step <= 100; step++) {
                double h = step == 0 ? 0 : scale * Math.pow(10, -18 + 0.2 * step);
                if (h > largest * scale) {
                    break;
                }
                for (double position : new double[] {-1, -0.6, 0, 0.3, 1}) {
                    double hi = m + h;
                    double lo = m - h;
                    double mid = m + position * h;
                    double expected = exact(id, lo, mid, hi);
                    if (!Double.isFinite(expected) || Math.abs(expected) < Double.MIN_NORMAL) {
                        continue; // beyond the double range: nothing to compare
                    }
                    double bound = ULPS * Math.ulp(expected);
                    double fromFormula = formula.evaluate(Map.of("a", mid, "b", lo, "c", hi, "p", P)::get);
                    double fromJava = generated(id, hi, mid, lo);
                    worst = Math.max(worst, Math.abs(fromJava - expected) / Math.ulp(expected));
                    String where = id + " m=" + m + " h=" + h + " mid at " + position;
                    assertEquals(expected, fromFormula, bound, where + " (formula)");
                    assertEquals(expected, fromJava, bound, where + " (generated Java)");
                    assertEquals(fromJava, generated(id, lo, hi, mid), 0, where + ": symmetric");
                    checked++;
                }
            }
        }
        System.out.printf("f[2] %s: %d points, worst %.2f ulps%n", id, checked, worst);
        return checked;
    }
}
