package io.github.eigengrad.generator.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.testing.Magnitude;
import io.github.eigengrad.generator.testing.RandomExpressions;
import io.github.eigengrad.generator.testing.ValueInterpreter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lowering of expressions into a program: its operation order, and that it keeps their value. */
class LoweringTest {
    private static final Expr X = Expr.variable("x");
    private static final Expr Y = Expr.variable("y");
    private static final Expr Z = Expr.variable("z");
    private static final Value.Named NX = new Value.Named("x");
    private static final Value.Named NY = new Value.Named("y");

    private static Lowering lowering(Map<Expr, String> names) {
        Map<Expr, String> all = new HashMap<>(names);
        for (Expr v : List.of(X, Y, Z)) {
            all.put(v, v.name());
        }
        return new Lowering(all::get);
    }

    private static Value.Binary binary(Value.Operator op, Value a, Value b) {
        return new Value.Binary(op, a, b);
    }

    @Test
    void negativeTermsAreSubtractedAndProductsGoLeftToRight() {
        // x - 2 y: the term (-2) y is written as the subtraction of 2 y
        assertEquals(binary(Value.Operator.SUBTRACT, NX, binary(Value.Operator.MULTIPLY, new Value.Constant(2), NY)),
                lowering(Map.of()).lower(X.minus(Y.times(2)), false));
        // 3 x y z: ((3 x) y) z
        Value xyz = lowering(Map.of()).lower(Expr.product(Expr.constant(3), X, Y, Z), false);
        assertEquals(binary(Value.Operator.MULTIPLY, binary(Value.Operator.MULTIPLY,
                binary(Value.Operator.MULTIPLY, new Value.Constant(3), NX), NY), new Value.Named("z")), xyz);
        // a named negative term is added as it stands
        Expr minusY = Expr.negate(Y.times(X));
        assertEquals(binary(Value.Operator.ADD, new Value.Named("z"), new Value.Named("m")),
                lowering(Map.of(minusY, "m")).lower(Z.plus(minusY), false));
    }

    @Test
    void constantPowersAreMultiplicationsOfANamedBase() {
        Expr s = X.plus(Y);
        Value.Named base = new Value.Named("s");
        Lowering named = lowering(Map.of(s, "s"));
        assertEquals(binary(Value.Operator.MULTIPLY, binary(Value.Operator.MULTIPLY, base, base), base),
                named.lower(Expr.power(s, 3), false));
        assertEquals(binary(Value.Operator.DIVIDE, new Value.Constant(1), binary(Value.Operator.MULTIPLY, base, base)),
                named.lower(Expr.power(s, -2), false));
        // 5 to 16 by squaring: s^5 = (s^2)^2 s, s^10 = ((s^2)^2 s)^2
        Value square = binary(Value.Operator.MULTIPLY, base, base);
        Value fifth = binary(Value.Operator.MULTIPLY, binary(Value.Operator.MULTIPLY, square, square), base);
        assertEquals(fifth, named.lower(Expr.power(s, 5), false));
        assertEquals(binary(Value.Operator.MULTIPLY, fifth, fifth), named.lower(Expr.power(s, 10), false));
        assertEquals(new Value.Call(Intrinsic.POW, List.of(base, new Value.Constant(17))),
                named.lower(Expr.power(s, 17), false));
        // the squares agree with pow to a few ulps: 1.1^16 by four squarings
        double b = 1.1;
        double b2 = b * b;
        double b4 = b2 * b2;
        double b8 = b4 * b4;
        assertEquals(Math.pow(b, 16), b8 * b8, 4 * Math.ulp(Math.pow(b, 16)));
        IllegalStateException x = assertThrows(IllegalStateException.class,
                () -> lowering(Map.of()).lower(Expr.power(s, 2), false));
        assertTrue(x.getMessage().contains("must be a leaf, an array entry or a temporary"), x.getMessage());
        // an array entry reads like a leaf (loop programs): x[i]^2 is x[i] * x[i]
        Expr entry = Expr.entry("x", Expr.variable("i"));
        assertEquals(Value.Operator.MULTIPLY, ((Value.Binary) lowering(Map.of()).lower(Expr.power(entry, 2), false))
                .operator());
    }

    @Test
    void runTimePowersAndLibraryCallsAreCalls() {
        Value k = lowering(Map.of(Expr.variable("K"), "iterations"))
                .lower(Expr.integerPower(X, Expr.variable("K")), false);
        assertEquals(new Value.Call(Intrinsic.INTEGER_POWER, List.of(NX, new Value.Named("iterations"))), k);
        assertEquals(Intrinsic.Owner.RUNTIME, Intrinsic.INTEGER_POWER.owner());
        assertEquals(new Value.Call(Intrinsic.EXPM1, List.of(NX)), lowering(Map.of()).lower(Expr.expm1(X), false));
    }

    /**
     * The library selects a backend without those calls must compute apart become temporaries;
     * a select inside such a branch does not (it stays lazy), and neither does an output.
     */
    @Test
    void namedNodesAreTheLibrarySelectsFromTheTopAndThePowerBases() {
        Expr inner = Expr.select(Y, Comparison.EQ, Expr.ZERO, X, Expr.expm1(Y));
        Expr outer = Expr.select(X, Comparison.LE, Expr.HALF, Y.dividedBy(X), inner);
        Expr square = Expr.power(X.plus(Z), 2);
        Expr output = outer.times(Y).plus(square);
        Set<Expr> named = Program.namedNodes(List.of(output, outer.plus(Z)));
        assertTrue(named.contains(outer));
        assertFalse(named.contains(inner));
        assertTrue(named.contains(X.plus(Z)));
        assertEquals(2, named.size());
        assertFalse(Program.namedNodes(List.of(outer)).contains(outer));
    }

    /**
     * 2,000 random expressions through a program (temporaries by common subexpressions, the
     * library selects and power bases named) keep their value: the program, run one
     * operation per node, agrees with the expression's own evaluation to rounding.
     */
    @ParameterizedTest(name = "seed={0}")
    @ValueSource(ints = {11, 12, 13, 14})
    void programsKeepTheValueOfTheirExpressions(int seed) {
        RandomExpressions random = new RandomExpressions(seed);
        int compared = 0;
        for (int i = 0; i < 500; i++) {
            Expr e = random.next(5);
            Program.Builder builder = Program.builder(ElementType.DOUBLE, s -> s);
            for (Expr v : List.of(X, Y, Z)) {
                builder.parameter(v, v.name());
            }
            Program program = builder.temporaries(List.of(e), Program.namedNodes(List.of(e)), "t")
                    .result("value", e).build();
            double[] point = random.point();
            double expected = RandomExpressions.evaluate(e, point);
            double actual = new ValueInterpreter(Map.of("x", point[0], "y", point[1], "z", point[2]))
                    .run(program).get(0);
            if (!Double.isFinite(expected)) {
                assertEquals(Double.isNaN(expected), Double.isNaN(actual), () -> e + " at " + List.of(point));
                continue;
            }
            double tolerance = 1e-13 * Math.max(Magnitude.of(e, point), Math.abs(expected));
            assertEquals(expected, actual, tolerance, () -> e + "\n  program " + program);
            compared++;
        }
        assertTrue(compared > 300, "compared " + compared);
    }
}
