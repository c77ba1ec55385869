package io.github.eigengrad.generator.parse;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.generator.testing.TwelveFunctions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Conditioning}: the functions of issue 19 are accepted on their test ranges, and
 * expressions that cancel as written are refused with the point and the remedy; the check of
 * a function with parameters waits for their values.
 */
class ConditioningTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eigengrad.generator.testing.TwelveFunctions#cases")
    void theTwelveFunctionsAreAcceptedOnTheirRanges(String text, double low, double high) {
        SpectralFunction f = ExpressionParser.parse(text, TwelveFunctions.parameters(text), low, true, high, true);
        double[] worst = Conditioning.worst(f);
        System.out.printf("%s on [%s, %s]: worst %.2f units at %s%n", text, low, high, worst[1], worst[0]);
        Conditioning.require(f);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "log(1+exp(x))|at x = -100.0",
        "(exp(x)-1)/x|at x = 1.0E-8",
        "sqrt(x^2+1)-x|at x = 50.0"})
    void cancellingExpressionsAreRefused(String text, String where) {
        SpectralFunction f = ExpressionParser.parse(text, Map.of());
        ExpressionException e = assertThrows(ExpressionException.class, () -> Conditioning.require(f));
        assertTrue(e.getMessage().contains("loses accuracy as written: " + where)
                && e.getMessage().contains("log1p(t) for log(1 + t), expm1(t) for exp(t) - 1"), e.getMessage());
        System.out.println(e.getMessage());
    }

    @Test
    void rewrittenTheyAreAccepted() {
        Conditioning.require(ExpressionParser.parse("log1p(exp(x))", Map.of()));
        Conditioning.require(ExpressionParser.parse("expm1(x)/x", Map.of()));
        Conditioning.require(ExpressionParser.parse("1/(sqrt(x^2+1)+x)", Map.of(), 0.0, true, null, false));
    }

    @Test
    void parametersWithoutValuesWait() {
        assertNull(Conditioning.worst(ExpressionParser.parseSymbolic("log(1+exp(t*x))", java.util.List.of("t"), null,
                false, null, false)));
    }
}
