package io.github.eigengrad.generator.diff;

import static io.github.eigengrad.generator.expr.Expr.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.simplify.Simplifier;
import io.github.eigengrad.generator.testing.RandomExpressions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReverseModeTest {
    static final Expr X = variable("x");
    static final Expr Y = variable("y");

    @Test
    void textbookDerivatives() {
        Map<String, Expr> g = ReverseMode.gradient(Expr.product(X, X, Y), List.of("x", "y", "w"));
        assertSame(Expr.product(Expr.TWO, X, Y), Simplifier.simplify(g.get("x")));
        assertSame(Expr.power(X, 2), Simplifier.simplify(g.get("y")));
        assertSame(Expr.ZERO, g.get("w"));
        assertSame(Expr.exp(X), Simplifier.simplify(ReverseMode.gradient(Expr.expm1(X), List.of("x")).get("x")));
        assertSame(Expr.power(X, -1), Simplifier.simplify(ReverseMode.gradient(Expr.log(X), List.of("x")).get("x")));
        // repeated derivatives stay one power: d^3/dx^3 sqrt(x) = 3/8 sqrt(x)^-5
        Expr d = Expr.sqrt(X);
        for (int k = 0; k < 3; k++) {
            d = Simplifier.simplify(ReverseMode.gradient(d, List.of("x")).get("x"));
        }
        assertSame(Expr.product(Expr.constant(0.375), Expr.power(Expr.sqrt(X), -5)), d);
        // and x^p: d/dx = p x^(p - 1)
        Expr p = Expr.variable("p");
        assertEquals(0.37 * Math.pow(1.7, 0.37 - 1), ReverseMode.gradient(Expr.realPower(X, p), List.of("x")).get("x")
                .evaluate(java.util.Map.of("x", 1.7, "p", 0.37)::get), 1e-15);
    }

    @Test
    void theBranchNotTakenCannotPoisonTheDerivative() {
        // (x == y) ? x : (x^2 - y^2) / (x - y): the second branch is 0/0 at the tie
        Expr d = X.minus(Y);
        Expr e = Expr.select(X, io.github.eigengrad.generator.expr.Comparison.EQ, Y, X.times(2),
                Expr.quotient(Expr.difference(Expr.power(X, 2), Expr.power(Y, 2)), d));
        Map<String, Expr> g = ReverseMode.gradient(e, List.of("x", "y"));
        assertEquals(2, g.get("x").evaluate(Map.of("x", 1.5, "y", 1.5)::get), 0);
        assertEquals(1, g.get("x").evaluate(Map.of("x", 1.5, "y", 0.5)::get), 1e-15);
        assertEquals(1, g.get("y").evaluate(Map.of("x", 1.5, "y", 0.5)::get), 1e-15);
    }

    @Test
    void runTimePowersDifferentiateInTheBase() {
        // d/dx x^y = y x^(y-1), and 0 at y = 0; d/dy x^y = x^y log x
        Expr p = Expr.integerPower(X, Y);
        Map<String, Expr> g = ReverseMode.gradient(p, List.of("x", "y"));
        assertEquals(19 * Math.pow(0.7, 18), g.get("x").evaluate(Map.of("x", 0.7, "y", 19.0)::get), 1e-15);
        assertEquals(0, g.get("x").evaluate(Map.of("x", 0.7, "y", 0.0)::get), 0);
        assertEquals(Math.pow(0.7, 19) * Math.log(0.7), g.get("y").evaluate(Map.of("x", 0.7, "y", 19.0)::get), 1e-15);
        double h = 1e-4;
        double fd = (StrictMath.pow(0.7 + h, 5) - StrictMath.pow(0.7 - h, 5)) / (2 * h);
        assertEquals(fd, g.get("x").evaluate(Map.of("x", 0.7, "y", 5.0)::get), 1e-7);
    }

    static double fivePoint(Expr e, double[] point, int variable, double h) {
        double x = point[variable];
        double[] p = point.clone();
        double[] f = new double[4];
        double[] offsets = {2, 1, -1, -2};
        for (int i = 0; i < 4; i++) {
            p[variable] = x + offsets[i] * h;
            f[i] = RandomExpressions.evaluate(e, p);
        }
        return (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * h);
    }

    /** 3,000 random expressions: every partial derivative against five-point finite differences. */
    @ParameterizedTest(name = "seed={0}")
    @ValueSource(ints = {11, 12, 13})
    void matchesFiniteDifferences(int seed) {
        RandomExpressions random = new RandomExpressions(seed);
        int compared = 0;
        int smooth = 0;
        for (int i = 0; i < 1000; i++) {
            Expr e = random.next(4);
            Map<String, Expr> g = ReverseMode.gradient(e, RandomExpressions.VARIABLES);
            double[] point = random.point();
            if (!Double.isFinite(RandomExpressions.evaluate(e, point))) {
                continue;
            }
            for (int v = 0; v < 3; v++) {
                String name = RandomExpressions.VARIABLES.get(v);
                double coarse = fivePoint(e, point, v, 2e-3);
                double fine = fivePoint(e, point, v, 1e-3);
                double scale = Math.max(1, Math.abs(fine));
                if (!Double.isFinite(coarse) || !Double.isFinite(fine) || Math.abs(coarse - fine) > 1e-7 * scale) {
                    continue; // a kink, a branch switch or a singularity within reach of the stencil
                }
                smooth++;
                double symbolic = RandomExpressions.evaluate(g.get(RandomExpressions.VARIABLES.get(v)), point);
                double simplified = RandomExpressions.evaluate(
                        Simplifier.simplify(g.get(RandomExpressions.VARIABLES.get(v))), point);
                assertEquals(fine, symbolic, 1e-6 * scale, () -> "d/d" + name + " of " + e);
                assertEquals(symbolic, simplified, 1e-9 * Math.max(1, Math.abs(symbolic)), () -> "simplified d of " + e);
                compared++;
            }
        }
        assertTrue(compared == smooth && compared > 1500, "compared " + compared);
    }
}
