package io.github.eigengrad.generator.expr;

import static io.github.eigengrad.generator.expr.Expr.constant;
import static io.github.eigengrad.generator.expr.Expr.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExprTest {
    static final Expr X = variable("x");
    static final Expr Y = variable("y");
    static final Expr Z = variable("z");

    static double at(Expr e, double x, double y, double z) {
        return e.evaluate(Map.of("x", x, "y", y, "z", z)::get);
    }

    @Test
    void structurallyEqualExpressionsAreOneObject() {
        Expr a = Expr.sqrt(X.plus(Y.times(Z)));
        Expr b = Expr.sqrt(Expr.sum(Expr.product(Z, Y), X));
        assertSame(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertSame(constant(2.5), constant(2.5));
        assertSame(constant(0.0), constant(-0.0));
        assertNotSame(X, Y);
        assertSame(variable("x"), X);
    }

    @Test
    void sumsAndProductsAreFlattenedFoldedAndSorted() {
        assertSame(Expr.sum(X, Y, Z), Expr.sum(Expr.sum(Z, Y), X));
        assertSame(X, Expr.sum(X, Expr.ZERO));
        assertSame(X, Expr.product(X, Expr.ONE));
        assertSame(Expr.ZERO, Expr.product(X, Expr.ZERO, Y));
        assertSame(constant(6), Expr.product(constant(2), constant(3)));
        assertSame(Expr.sum(X, constant(5)), Expr.sum(constant(2), X, constant(3)));
        assertEquals(List.of(constant(6), X, Y), Expr.product(constant(2), Y, X, constant(3)).arguments(),
                "the coefficient leads, variables follow by name");
        assertSame(Expr.product(X, Y, Z), Expr.product(Expr.product(X, Z), Y));
    }

    @Test
    void negationHasOneForm() {
        assertSame(X, X.negated().negated());
        assertSame(constant(-3), constant(3).negated());
        assertSame(Op.NEGATE, Expr.product(Expr.MINUS_ONE, X, Y).op());
        assertSame(Expr.product(X, Y).negated(), Expr.product(Expr.MINUS_ONE, X, Y));
        assertSame(Expr.product(constant(-2), X), Expr.product(constant(2), X).negated());
        assertSame(Expr.product(X, Y), Expr.product(X.negated(), Y.negated()));
        assertEquals(List.of(X, X.negated()), X.minus(X).arguments(),
                "x - x stays a sum of x and -x until the simplifier collects like terms");
    }

    @Test
    void powersQuotientsAndFunctionsFold() {
        assertSame(Expr.ONE, Expr.power(X, 0));
        assertSame(X, Expr.power(X, 1));
        assertSame(Expr.power(X, 6), Expr.power(Expr.power(X, 2), 3));
        assertSame(constant(1024), Expr.power(constant(2), 10));
        assertSame(X, Expr.quotient(X, Expr.ONE));
        assertSame(Expr.ZERO, Expr.quotient(Expr.ZERO, X));
        assertSame(constant(0.25), Expr.quotient(Expr.ONE, constant(4)));
        assertSame(Op.QUOTIENT, Expr.quotient(Expr.ONE, Expr.ZERO).op(), "1/0 is kept, not folded to Infinity");
        assertSame(constant(3), Expr.sqrt(constant(9)));
        assertSame(Op.SQRT, Expr.sqrt(constant(-1)).op(), "a NaN is never folded in");
        assertSame(Expr.abs(X), Expr.abs(X.negated()));
        assertSame(Expr.ZERO, Expr.expm1(Expr.ZERO));
        assertSame(Expr.min(X, Y), Expr.min(Y, X));
        assertSame(X, Expr.max(X, X));
    }

    @Test
    void selectFoldsDecidedComparisonsAndEqualBranches() {
        assertSame(X, Expr.select(Y, Comparison.EQ, Expr.ZERO, X, X));
        assertSame(X, Expr.select(Expr.ONE, Comparison.GT, Expr.ZERO, X, Y));
        assertSame(Y, Expr.select(Expr.ONE, Comparison.LT, Expr.ZERO, X, Y));
        Expr s = Expr.select(X, Comparison.EQ, Expr.ZERO, Y, Z);
        assertEquals(7, at(s, 0, 7, 9));
        assertEquals(9, at(s, 1, 7, 9));
        assertEquals(9, at(s, Double.NaN, 7, 9), "NaN == 0 is false");
    }

    @Test
    void evaluationFollowsTheOperations() {
        Expr e = Expr.sum(Expr.quotient(Expr.exp(X), Expr.sqrt(Y)), Expr.log1p(Z).negated(), Expr.power(X, -2),
                Expr.max(X, Z), Expr.expm1(Y), Expr.log(Y), Expr.abs(Z));
        double x = 0.7;
        double y = 2.3;
        double z = -0.4;
        double expected = Math.exp(x) / Math.sqrt(y) - Math.log1p(z) + 1 / (x * x) + Math.max(x, z) + Math.expm1(y)
                + Math.log(y) + Math.abs(z);
        assertEquals(expected, at(e, x, y, z), 1e-15 * Math.abs(expected));
    }

    @Test
    void sharedSubexpressionsAreEvaluatedOnce() {
        AtomicInteger lookups = new AtomicInteger();
        Expr shared = Expr.sqrt(X.plus(Y));
        Expr e = Expr.product(shared, shared.plus(Expr.ONE), Expr.exp(shared));
        Map<Expr, Double> memo = new IdentityHashMap<>();
        double v = e.evaluate(name -> {
            lookups.incrementAndGet();
            return name.equals("x") ? 1 : 3;
        }, memo);
        assertEquals(2 * 3 * Math.exp(2), v, 1e-14);
        assertEquals(2, lookups.get(), "each variable read once");
    }

    @Test
    void invalidLeavesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> variable("2x"));
        assertThrows(IllegalArgumentException.class, () -> variable("a-b"));
        assertThrows(IllegalArgumentException.class, () -> variable(""));
        assertThrows(IllegalArgumentException.class, () -> variable(null));
    }

    @Test
    void canonicalOrderIsNaturalOnNamesAndTotal() {
        assertTrue(ExprOrder.compareNames("v2", "v10") < 0);
        assertTrue(ExprOrder.compareNames("v10", "v2") > 0);
        assertTrue(ExprOrder.compareNames("a", "b") < 0);
        assertTrue(ExprOrder.compareNames("v02", "v2") != 0, "distinct names never compare equal");
        assertEquals(List.of(variable("v2"), variable("v10")), Expr.sum(variable("v10"), variable("v2")).arguments());
        assertTrue(ExprOrder.INSTANCE.compare(constant(1), X) < 0, "constants sort first");
    }

    @Test
    void toStringIsFullyParenthesised() {
        assertEquals("sqrt(x)", Expr.sqrt(X).toString());
        assertEquals("(2.0 * x * y)", Expr.product(Y, X, constant(2)).toString());
    }

    /**
     * The run-time power: a constant exponent becomes a POWER. The generator evaluates it as
     * {@code StrictMath.pow}; the runtime's binary powering (what generated code calls, defined
     * there alone) agrees with it and with the exact power to 2k ulps.
     */
    @Test
    void integerPowerIsThePowerAndTheRuntimesIsWithin2kUlps() {
        assertSame(Expr.power(X, 3), Expr.integerPower(X, constant(3)));
        assertSame(Expr.ONE, Expr.integerPower(X, Expr.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Expr.integerPower(X, constant(2.5)));
        assertThrows(IllegalArgumentException.class, () -> Expr.integerPower(X, constant(-1)));
        Expr p = Expr.integerPower(X, Y);
        assertEquals(Op.INTEGER_POWER, p.op());
        assertThrows(IllegalArgumentException.class, () -> at(p, 0.5, 2.5, 0));
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        java.math.MathContext mc = new java.math.MathContext(40);
        int checked = 0;
        for (int trial = 0; trial < 2000; trial++) {
            double x = random.nextDouble(-1.5, 1.5);
            double k = trial < 1000 ? random.nextInt(0, 64) : Math.floor(Math.pow(10, random.nextDouble(0, 12)));
            double ours = at(p, x, k, 0);
            assertEquals(StrictMath.pow(x, k), ours, 0.0);
            double runtime = io.github.eigengrad.runtime.RuleArithmetic.integerPower(x, k);
            if (k < 1000) {
                double exact = new java.math.BigDecimal(x).pow((int) k, mc).doubleValue();
                double tolerance = 2 * Math.max(k, 1) * Math.ulp(exact) + Double.MIN_VALUE;
                assertEquals(exact, ours, tolerance, "x=" + x + " k=" + k);
                assertEquals(exact, runtime, tolerance, "runtime, x=" + x + " k=" + k);
                checked++;
            }
        }
        assertTrue(checked > 1000);
        assertEquals(1.0, at(p, -1.0, 0x1p60, 0), 0.0);
        assertEquals(0.0, at(p, 0.5, 1e300, 0), 0.0);
    }

    /** A DAG whose tree has 2^60 nodes prints in linear time, each node once. */
    @org.junit.jupiter.api.Test
    void toStringIsLinearInTheDag() {
        Expr x = Expr.variable("x");
        Expr y = Expr.variable("y");
        Expr e = Expr.sum(x, y);
        for (int k = 0; k < 60; k++) {
            e = Expr.quotient(e, Expr.sum(e, Expr.constant(k + 1)));
        }
        String text = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                e::toString);
        org.junit.jupiter.api.Assertions.assertTrue(text.length() < 10_000, "length " + text.length());
        org.junit.jupiter.api.Assertions.assertTrue(text.startsWith("#2 = (x + y); #4 = (1.0 + x + y); "), text.substring(0, 40));
        // small expressions keep their tree form
        org.junit.jupiter.api.Assertions.assertEquals("(x) / ((x + y))", Expr.quotient(x, Expr.sum(x, y)).toString());
    }
}
