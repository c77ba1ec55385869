package io.github.eigengrad.generator.testing;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The twelve spectral functions of issue 19 (docs/math.md section 14) with their parameters
 * and a test range inside each domain: the cases of the users'-function tests.
 */
public final class TwelveFunctions {
    private TwelveFunctions() {}

    /** (text, low, high) of each function. */
    public static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("x*log(x)", 0.2, 5.0), Arguments.of("log1p(x)", -0.5, 5.0),
                Arguments.of("log(1+exp(x))", -4.0, 4.0), Arguments.of("1/(1+exp(-x))", -4.0, 4.0),
                Arguments.of("tanh(x)", -2.0, 2.0), Arguments.of("x^p", 0.2, 5.0), Arguments.of("exp(-x^2)", -2.0, 2.0),
                Arguments.of("sqrt(x^2+1)", -3.0, 3.0), Arguments.of("atan(x)", -3.0, 3.0),
                Arguments.of("x/(x+a)", 0.01, 5.0), Arguments.of("exp(-t*x)", -3.0, 3.0),
                Arguments.of("cosh(x)", -2.0, 2.0));
    }

    /** The parameters of the function {@code text}. */
    public static Map<String, Double> parameters(String text) {
        return switch (text) {
            case "x^p" -> Map.of("p", 0.3);
            case "x/(x+a)" -> Map.of("a", 0.5);
            case "exp(-t*x)" -> Map.of("t", 0.7);
            default -> Map.of();
        };
    }
}
