package io.github.eigengrad.generator.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.parse.SpectralFunction;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import io.github.eigengrad.generator.testing.TwelveFunctions;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The derivatives of users' functions (docs/math.md section 14) against central differences
 * of the derivative before, at random points of each domain, for the functions the issue names.
 */
class UserFunctionsTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eigengrad.generator.testing.TwelveFunctions#cases")
    void derivativesAgreeWithCentralDifferences(String text, double low, double high) {
        Map<String, Double> parameters = TwelveFunctions.parameters(text);
        SpectralFunction f = ExpressionParser.parse(text, parameters);
        Formula d = UserFunctions.derivatives(f, 3);
        assertEquals(List.of("f", "f1", "f2", "f3"), d.outputs().stream().map(Formula.Output::name).toList());
        SplittableRandom random = new SplittableRandom(text.hashCode());
        for (int t = 0; t < 40; t++) {
            double x = low + (high - low) * (0.05 + 0.9 * random.nextDouble());
            for (int k = 1; k <= 3; k++) {
                Expr lower = d.outputs().get(k - 1).expr();
                Expr upper = d.outputs().get(k).expr();
                double h = 1e-5 * Math.max(1, Math.abs(x));
                double central = (value(lower, x + h, parameters) - value(lower, x - h, parameters)) / (2 * h);
                double exact = value(upper, x, parameters);
                assertEquals(exact, central, 1e-6 * Math.max(1, Math.abs(exact)), text + ": f" + k + " at " + x);
            }
        }
    }

    static double value(Expr e, double x, Map<String, Double> parameters) {
        return e.evaluate(name -> name.equals("x") ? x : parameters.get(name));
    }

    @Test
    void theNumberOfDerivativesIsBounded() {
        SpectralFunction f = ExpressionParser.parse("x^3", Map.of());
        assertEquals("0.0", UserFunctions.derivatives(f, 4).outputs().get(4).expr().toString());
        assertThrows(IllegalArgumentException.class, () -> UserFunctions.derivatives(f, 9));
        assertThrows(IllegalArgumentException.class, () -> UserFunctions.derivatives(f, -1));
    }
}
