package io.github.eigengrad.generator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.expr.BigEvaluation;
import io.github.eigengrad.generator.parse.ExpressionParser;
import java.math.BigDecimal;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The BigDecimal oracle against the JDK's correctly rounded or 1-ulp functions (StrictMath),
 * at random points: it must round to within 1 ulp of them (it is 50 digits good, they are
 * within 1 ulp of the truth), and against identities at higher precision.
 */
class BigEvaluationTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "exp(x)|-700|700", "expm1(x)|-3|3", "log(x)|1e-300|1e300", "log1p(x)|-0.99|1e10", "sqrt(x)|0|1e300",
        "sin(x)|-100|100", "cos(x)|-100|100", "tanh(x)|-20|20", "sinh(x)|-50|50", "cosh(x)|-50|50",
        "atan(x)|-1e6|1e6", "x^0.37|1e-100|1e100", "x^-3|0.01|100"})
    void agreesWithStrictMath(String text, double low, double high) {
        var f = ExpressionParser.parse(text, Map.of());
        SplittableRandom random = new SplittableRandom(text.hashCode());
        DoubleUnaryOperator strict = switch (text) {
            case "exp(x)" -> StrictMath::exp;
            case "expm1(x)" -> StrictMath::expm1;
            case "log(x)" -> StrictMath::log;
            case "log1p(x)" -> StrictMath::log1p;
            case "sqrt(x)" -> StrictMath::sqrt;
            case "sin(x)" -> StrictMath::sin;
            case "cos(x)" -> StrictMath::cos;
            case "tanh(x)" -> StrictMath::tanh;
            case "sinh(x)" -> StrictMath::sinh;
            case "cosh(x)" -> StrictMath::cosh;
            case "atan(x)" -> StrictMath::atan;
            case "x^0.37" -> x -> StrictMath.pow(x, 0.37);
            default -> x -> StrictMath.pow(x, -3);
        };
        boolean logScale = low > 0 && high / low > 1e6;
        for (int t = 0; t < 300; t++) {
            double x = logScale ? Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * random.nextDouble())
                    : low + (high - low) * random.nextDouble();
            double big = BigEvaluation.evaluate(f.f(), x, Map.of()).doubleValue();
            double jdk = strict.applyAsDouble(x);
            assertEquals(jdk, big, 1.01 * Math.ulp(jdk) + Double.MIN_VALUE, text + " at " + x);
        }
    }

    @Test
    void identitiesHoldTo50Digits() {
        BigDecimal tolerance = new BigDecimal("1e-50");
        for (double x : new double[] {1e-200, 1e-8, 0.3, 1, 2.5, 40}) {
            BigDecimal b = new BigDecimal(x);
            // log(exp(x)) = x, sin^2 + cos^2 = 1, atan(tan) through sin/cos: atan(sin x / cos x) = x for |x| < pi/2
            assertTrue(BigEvaluation.log(BigEvaluation.exp(b)).subtract(b).abs()
                    .compareTo(tolerance.multiply(b.abs().max(BigDecimal.ONE))) <= 0, "log exp " + x);
            BigDecimal s = BigEvaluation.sin(b);
            BigDecimal c = BigEvaluation.sin(b.add(BigEvaluation.PI.divide(BigDecimal.valueOf(2), BigEvaluation.MC)));
            assertTrue(s.multiply(s).add(c.multiply(c)).subtract(BigDecimal.ONE).abs().compareTo(tolerance) <= 0,
                    "sin^2 + cos^2 at " + x);
            if (x < 1.5) {
                assertTrue(BigEvaluation.atan(s.divide(c, BigEvaluation.MC)).subtract(b).abs()
                        .compareTo(tolerance.multiply(b.abs().max(new BigDecimal("1e-200")))) <= 0, "atan at " + x);
            }
            assertTrue(BigEvaluation.log1p(BigEvaluation.expm1(b)).subtract(b).abs()
                    .compareTo(tolerance.multiply(b.abs())) <= 0, "log1p expm1 " + x);
        }
    }
}
