package io.github.eigengrad.generator.simplify;

import static io.github.eigengrad.generator.expr.Expr.constant;
import static io.github.eigengrad.generator.expr.Expr.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.testing.Magnitude;
import io.github.eigengrad.generator.testing.RandomExpressions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimplifierTest {
    static final Expr X = variable("x");
    static final Expr Y = variable("y");

    @Test
    void collectsLikeTermsAndPowers() {
        assertSame(Expr.ZERO, Simplifier.simplify(X.minus(X)));
        assertSame(Expr.product(constant(5), X), Simplifier.simplify(Expr.sum(X.times(2), X.times(3))));
        assertSame(Expr.power(X, 3), Simplifier.simplify(Expr.product(X, X, X)));
        assertSame(Expr.ONE, Simplifier.simplify(Expr.product(X, Expr.power(X, -1))));
        assertSame(Expr.product(constant(-1.5), Expr.power(X, 2), Y),
                Simplifier.simplify(Expr.product(X, Expr.negate(Expr.product(X, Y)), constant(1.5))));
        assertSame(Y, Simplifier.simplify(Expr.sum(X, Y, Expr.negate(X))));
        assertSame(Expr.sum(Expr.product(constant(2), X), Y),
                Simplifier.simplify(Expr.sum(X, Expr.negate(Expr.sum(Y.negated(), X.times(-1))))));
        assertSame(Expr.sqrt(Expr.product(constant(2), X)), Simplifier.simplify(Expr.sqrt(X.plus(X))));
        // 2(x + y) - (x + y) + x: the coefficient of (x + y) cancels to 1, the sum is flattened
        // into the outer one, and its x must still meet the other x
        Expr s = X.plus(Y);
        assertSame(Expr.sum(Expr.product(constant(2), X), Y),
                Simplifier.simplify(Expr.sum(Expr.product(constant(2), s), s.negated(), X)));
    }

    /** 5,000 random expressions: idempotent, and the value is kept where the expression is well conditioned. */
    @ParameterizedTest(name = "seed={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void idempotentAndValuePreserving(int seed) {
        RandomExpressions random = new RandomExpressions(seed);
        int compared = 0;
        int evaluated = 0;
        for (int i = 0; i < 1000; i++) {
            Expr e = random.next(5);
            Expr s = Simplifier.simplify(e);
            assertSame(s, Simplifier.simplify(s), () -> "not idempotent on " + e);
            for (int p = 0; p < 3; p++) {
                double[] point = random.point();
                double original = RandomExpressions.evaluate(e, point);
                if (!Double.isFinite(original) || Math.abs(original) > 1e100) {
                    continue; // a singularity of the original: nothing to preserve
                }
                evaluated++;
                double simplified = RandomExpressions.evaluate(s, point);
                double magnitude = Magnitude.of(e, point);
                if (!(magnitude <= 1e6 * Math.max(Math.abs(original), 1e-300))) {
                    continue; // cancellation: the original itself has no 12 correct digits
                }
                compared++;
                double tolerance = 1e-12 * magnitude;
                assertEquals(original, simplified, tolerance, () -> e + "\n  simplified to " + s);
            }
        }
        assertTrue(compared >= 0.8 * evaluated, "compared " + compared + " of " + evaluated);
        assertTrue(evaluated > 1500, "evaluated " + evaluated);
    }

    @Test
    void simplifiesSeveralOutputsTogether() {
        List<Expr> out = Simplifier.simplify(List.of(X.plus(X), Expr.product(X, X)));
        assertEquals(List.of(Expr.product(constant(2), X), Expr.power(X, 2)), out);
    }
}
