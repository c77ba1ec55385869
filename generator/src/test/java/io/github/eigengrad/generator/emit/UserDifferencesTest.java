package io.github.eigengrad.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.diff.ReverseMode;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.parse.SpectralFunction;
import io.github.eigengrad.generator.simplify.Simplifier;
import io.github.eigengrad.runtime.ScalarFunction;
import io.github.eigengrad.generator.expr.BigEvaluation;
import io.github.eigengrad.generator.testing.TwelveFunctions;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The divided differences of the generated classes of users' functions (docs/math.md section
 * 14): the generated Taylor series against the symbolic derivatives, and f[1] against a 70-digit
 * evaluation of {@code (f(a) - f(b)) / (a - b)} (f'(a) at ties) for the twelve functions of
 * the issue, at ties, near ties from 1e-16 to 1e-1 relative and apart, in units of
 * {@code eps max(|f'(a)|, |f'(b)|)} (the local derivative scale of section 14).
 */
class UserDifferencesTest {
    static Map<String, Double> parameters(String text) {
        return TwelveFunctions.parameters(text);
    }

    /** The generated class of the case {@code text} (x^p: p = 0.3). */
    static ScalarFunction generated(String text) throws Exception {
        for (Object[] f : GeneratedUserFunctions.FUNCTIONS) {
            if (f[1].equals(text) && GeneratedUserFunctions.parameters(f).equals(parameters(text))) {
                return GeneratedUserFunctions.instance(f);
            }
        }
        throw new AssertionError("no generated class for " + text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eigengrad.generator.testing.TwelveFunctions#cases")
    void seriesAreTheSymbolicDerivatives(String text, double low, double high) throws Exception {
        SpectralFunction f = ExpressionParser.parse(text, parameters(text));
        ScalarFunction g = generated(text);
        List<Expr> derivatives = new java.util.ArrayList<>(List.of(f.f()));
        for (int k = 1; k <= 4; k++) {
            Expr d = ReverseMode.gradient(derivatives.get(k - 1), List.of("x")).get("x");
            derivatives.add(d == null ? Expr.ZERO : Simplifier.simplify(d));
        }
        SplittableRandom random = new SplittableRandom(text.hashCode());
        for (int t = 0; t < 30; t++) {
            double x = low + (high - low) * (0.05 + 0.9 * random.nextDouble());
            double[] c = g.taylor(x, 4);
            double factorial = 1;
            for (int k = 0; k <= 4; k++) {
                factorial *= Math.max(1, k);
                double exact = derivatives.get(k).evaluate(name -> name.equals("x") ? x : f.values().get(name))
                        / factorial;
                assertEquals(exact, c[k], 1e-12 * Math.max(1, Math.abs(exact)), text + ": c" + k + " at " + x);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eigengrad.generator.testing.TwelveFunctions#cases")
    void firstDifferenceAgainst70Digits(String text, double low, double high) throws Exception {
        SpectralFunction f = ExpressionParser.parse(text, parameters(text));
        ScalarFunction g = generated(text);
        Expr derivative = Simplifier.simplify(ReverseMode.gradient(f.f(), List.of("x")).get("x"));
        SplittableRandom random = new SplittableRandom(text.hashCode() + 1);
        double worst = 0;
        int points = 0;
        for (int t = 0; t < 400; t++) {
            double b = low + (high - low) * (0.05 + 0.9 * random.nextDouble());
            double gap = t % 5 == 0 ? 0 : Math.pow(10, -16 + 15 * random.nextDouble());
            double a = b + gap * Math.max(Math.abs(b), 0.1);
            if (a > high) {
                continue;
            }
            double computed = g.first(a, b);
            BigDecimal exact;
            if (a == b) {
                exact = BigEvaluation.evaluate(derivative, a, f.values());
            } else {
                BigDecimal fa = BigEvaluation.evaluate(f.f(), a, f.values());
                BigDecimal fb = BigEvaluation.evaluate(f.f(), b, f.values());
                exact = fa.subtract(fb, BigEvaluation.MC).divide(new BigDecimal(a).subtract(new BigDecimal(b)),
                        BigEvaluation.MC);
            }
            double scale = Math.max(Math.abs(derivative.evaluate(name -> name.equals("x") ? a : f.values().get(name))),
                    Math.abs(derivative.evaluate(name -> name.equals("x") ? b : f.values().get(name))));
            double units = new BigDecimal(computed).subtract(exact).abs().doubleValue() / (0x1p-52 * scale);
            worst = Math.max(worst, units);
            points++;
        }
        System.out.printf("f[1] of %s: %d points, worst %.2f eps max|f'|%n", text, points, worst);
        assertTrue(points > 250, "points " + points);
        assertTrue(worst <= 8, text + ": worst " + worst + " eps max|f'|");
    }

    /**
     * f[2] against 70 digits: {@code (f[1](hi, mid) - f[1](mid, lo)) / (hi - lo)} with each f[1]
     * exact, f''/2 at triple ties, in units of {@code eps max |f''|} over the three points.
     * Next to an inflection point (where that scale is below 1/10 of the largest |f''| of the
     * range) f'' is ill-conditioned as some expressions are written (the sigmoid's
     * {@code 1 - 2 sigma} cancels): there the error is reported, and held to 8 eps of the
     * largest |f''| instead.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eigengrad.generator.testing.TwelveFunctions#cases")
    void secondDifferenceAgainst70Digits(String text, double low, double high) throws Exception {
        SpectralFunction f = ExpressionParser.parse(text, parameters(text));
        ScalarFunction g = generated(text);
        Expr first = Simplifier.simplify(ReverseMode.gradient(f.f(), List.of("x")).get("x"));
        Expr second = Simplifier.simplify(ReverseMode.gradient(first, List.of("x")).get("x"));
        SplittableRandom random = new SplittableRandom(text.hashCode() + 2);
        double largest = 0;
        for (int k = 0; k <= 1000; k++) {
            double x = low + (high - low) * k / 1000.0;
            largest = Math.max(largest, Math.abs(second.evaluate(name -> name.equals("x") ? x : f.values().get(name))));
        }
        double worst = 0;
        double worstNearInflection = 0;
        int points = 0;
        for (int t = 0; t < 400; t++) {
            double c = low + (high - low) * (0.05 + 0.6 * random.nextDouble());
            double width = Math.max(Math.abs(c), 0.1);
            double g1 = t % 7 == 0 ? 0 : Math.pow(10, -16 + 15 * random.nextDouble()) * width;
            double g2 = t % 5 == 0 ? 0 : Math.pow(10, -16 + 15 * random.nextDouble()) * width;
            double b = c + g1;
            double a = b + g2;
            if (a > high) {
                continue;
            }
            double computed = g.second(a, b, c);
            BigDecimal exact = exactSecond(f, first, second, a, b, c);
            double scale = 0;
            for (double x : new double[] {a, b, c}) {
                scale = Math.max(scale, Math.abs(second.evaluate(name -> name.equals("x") ? x : f.values().get(name))));
            }
            double units = new BigDecimal(computed).subtract(exact).abs().doubleValue() / (0x1p-52 * scale);
            if (scale < largest / 10) {
                worstNearInflection = Math.max(worstNearInflection, units);
            } else {
                worst = Math.max(worst, units);
            }
            points++;
        }
        System.out.printf("f[2] of %s: %d points, worst %.2f eps max|f''| (next to an inflection point %.2f)%n", text,
                points, worst, worstNearInflection);
        assertTrue(points > 250, "points " + points);
        assertTrue(worst <= 8, text + ": worst " + worst + " eps max|f''|");
        assertTrue(worstNearInflection * largest / 10 <= 8 * largest, text + ": next to an inflection point");
    }

    /** The 70-digit f[2] of a >= b >= c: divided differences of exact values, derivatives at ties. */
    static BigDecimal exactSecond(SpectralFunction f, Expr first, Expr second, double a, double b, double c) {
        java.math.MathContext mc = BigEvaluation.MC;
        if (a == c) {
            return BigEvaluation.evaluate(second, a, f.values()).divide(BigDecimal.valueOf(2), mc);
        }
        BigDecimal upper = exactFirst(f, first, a, b);
        BigDecimal lower = exactFirst(f, first, b, c);
        return upper.subtract(lower, mc).divide(new BigDecimal(a).subtract(new BigDecimal(c)), mc);
    }

    static BigDecimal exactFirst(SpectralFunction f, Expr first, double a, double b) {
        if (a == b) {
            return BigEvaluation.evaluate(first, a, f.values());
        }
        return BigEvaluation.evaluate(f.f(), a, f.values()).subtract(BigEvaluation.evaluate(f.f(), b, f.values()),
                BigEvaluation.MC).divide(new BigDecimal(a).subtract(new BigDecimal(b)), BigEvaluation.MC);
    }
}
