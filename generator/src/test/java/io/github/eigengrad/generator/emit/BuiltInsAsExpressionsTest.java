package io.github.eigengrad.generator.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.ScalarFunction;
import io.github.eigengrad.runtime.generated.DividedDifferences;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The five built-in matrix functions written as expressions (docs/math.md section 14): the
 * generated classes of users' functions (f[1] by the runtime's generic recipe) against the
 * built-ins' generated {@code DividedDifferences} (each within a few ulps of 50 digits), at
 * ties, near ties and apart: the built-ins are instances of the users' mechanism, with closed
 * forms of their own.
 */
class BuiltInsAsExpressionsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"sqrt|BuiltInSqrt", "invsqrt|BuiltInInvsqrt", "log|BuiltInLog",
        "exp|BuiltInExp", "pow|BuiltInPow"})
    void genericFirstDifferenceAgreesWithTheGeneratedOne(String id, String name) throws Exception {
        Object[] user = GeneratedUserFunctions.named(name);
        String text = (String) user[1];
        ScalarFunction f = GeneratedUserFunctions.instance(user);
        DoubleBinaryOperator generated = switch (id) {
            case "sqrt" -> DividedDifferences::sqrtDifference;
            case "invsqrt" -> DividedDifferences::invsqrtDifference;
            case "log" -> DividedDifferences::logDifference;
            case "exp" -> DividedDifferences::expDifference;
            default -> (a, b) -> DividedDifferences.powDifference(a, b, 0.37);
        };
        SplittableRandom random = new SplittableRandom(id.hashCode());
        double worst = 0;
        for (int t = 0; t < 2000; t++) {
            double b = id.equals("exp") ? -5 + 10 * random.nextDouble() : Math.exp(-5 + 10 * random.nextDouble());
            double gap = t % 5 == 0 ? 0 : Math.pow(10, -16 + 16 * random.nextDouble());
            double a = b + gap * Math.max(Math.abs(b), 1e-3);
            double ours = f.first(a, b);
            double theirs = generated.applyAsDouble(a, b);
            double ulps = Math.abs(ours - theirs) / Math.ulp(theirs);
            worst = Math.max(worst, ulps);
        }
        System.out.printf("%s as %s: generic f[1] within %.1f ulps of the generated one%n", id, text, worst);
        // both within a few ulps of the truth (the generated one within 4, the generic one within about 5)
        assertTrue(worst <= 12, id + ": " + worst + " ulps apart");
    }
}
