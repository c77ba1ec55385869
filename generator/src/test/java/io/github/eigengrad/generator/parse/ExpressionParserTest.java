package io.github.eigengrad.generator.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The expression language of docs/math.md section 14: each parsed function against the same
 * formula written in Java at random points of its domain (precedence, associativity, unary
 * minus, parameters, functions), the domain it implies, and every kind of bad input as an
 * error naming its column, hostile input included (deep nesting, long text, huge constants),
 * each in bounded time.
 */
class ExpressionParserTest {
    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of("x*log(x)", Map.of(), (DoubleUnaryOperator) x -> x * Math.log(x), 0.01, 10.0),
                Arguments.of("log1p(x)", Map.of(), (DoubleUnaryOperator) Math::log1p, -0.9, 10.0),
                Arguments.of("log(1+exp(x))", Map.of(), (DoubleUnaryOperator) x -> Math.log(1 + Math.exp(x)), -5.0, 5.0),
                Arguments.of("1/(1+exp(-x))", Map.of(), (DoubleUnaryOperator) x -> 1 / (1 + Math.exp(-x)), -5.0, 5.0),
                Arguments.of("x^p", Map.of("p", -0.7), (DoubleUnaryOperator) x -> Math.pow(x, -0.7), 0.1, 10.0),
                Arguments.of("pow(x, p)", Map.of("p", 2.5), (DoubleUnaryOperator) x -> Math.pow(x, 2.5), 0.1, 10.0),
                Arguments.of("exp(-x^2)", Map.of(), (DoubleUnaryOperator) x -> Math.exp(-x * x), -3.0, 3.0),
                Arguments.of("sqrt(x^2+1)", Map.of(), (DoubleUnaryOperator) x -> Math.sqrt(x * x + 1), -3.0, 3.0),
                Arguments.of("x/(x+a)", Map.of("a", 0.5), (DoubleUnaryOperator) x -> x / (x + 0.5), 0.0, 10.0),
                Arguments.of("exp(-t*x)", Map.of("t", 0.3), (DoubleUnaryOperator) x -> Math.exp(-0.3 * x), -3.0, 3.0),
                Arguments.of("(exp(x)+exp(-x))/2", Map.of(), (DoubleUnaryOperator) Math::cosh, -3.0, 3.0),
                Arguments.of("tanh(x)", Map.of(), (DoubleUnaryOperator) Math::tanh, -3.0, 3.0),
                Arguments.of("atan(x)", Map.of(), (DoubleUnaryOperator) Math::atan, -3.0, 3.0),
                Arguments.of("cosh(x) + sinh(x)*sin(x)/cos(x)", Map.of(),
                        (DoubleUnaryOperator) x -> Math.cosh(x) + Math.sinh(x) * Math.sin(x) / Math.cos(x), -1.0, 1.0),
                Arguments.of("-x^2 + 2^3^2 - x^-2", Map.of(), (DoubleUnaryOperator) x -> -(x * x) + 512 - 1 / (x * x),
                        0.5, 3.0),
                Arguments.of(" expm1( x ) /x ", Map.of(), (DoubleUnaryOperator) x -> Math.expm1(x) / x, 0.1, 2.0),
                Arguments.of("2.5e-1*x - 1E+1/x", Map.of(), (DoubleUnaryOperator) x -> 0.25 * x - 10 / x, 0.5, 3.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void parsedFunctionsEvaluateAsWrittenInJava(String text, Map<String, Double> parameters, DoubleUnaryOperator java,
            double low, double high) {
        SpectralFunction f = ExpressionParser.parse(text, parameters);
        SplittableRandom random = new SplittableRandom(text.hashCode());
        for (int t = 0; t < 200; t++) {
            double x = low + (high - low) * random.nextDouble();
            double expected = java.applyAsDouble(x);
            assertEquals(expected, f.valueAt(x), 4 * Math.ulp(expected) + 1e-300, text + " at " + x);
        }
        assertEquals(List.copyOf(parameters.keySet()), f.parameters());
    }

    @Test
    void theDomainIsInferredAndNamesTheEigenvalueThatLeavesIt() {
        SpectralFunction f = ExpressionParser.parse("x*log(x) + sqrt(x+1) + 1/(x-2)", Map.of());
        f.domain().check(0, 0.5, f.values());
        IllegalArgumentException log = assertThrows(IllegalArgumentException.class,
                () -> f.domain().check(3, -0.25, f.values()));
        assertTrue(log.getMessage().startsWith("eigenvalue 3 = -0.25 is outside the domain: the log at column 3"),
                log.getMessage());
        IllegalArgumentException divisor = assertThrows(IllegalArgumentException.class,
                () -> f.domain().check(1, 2, f.values()));
        assertTrue(divisor.getMessage().contains("division at column 25"), divisor.getMessage());
        SpectralFunction power = ExpressionParser.parse("x^0.3 + x^-2", Map.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> power.domain().check(0, -1, Map.of()))
                .getMessage().contains("non-integer exponent"));
        SpectralFunction declared = ExpressionParser.parse("x^2", Map.of(), 0.0, false, 1.0, true);
        declared.domain().check(0, 1, Map.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> declared.domain().check(2, 0, Map.of()))
                .getMessage().contains("outside the declared domain (0.0, 1.0]"));
        assertEquals(0, ExpressionParser.parse("exp(x) + x^3", Map.of()).domain().conditions().size());
    }

    /** Each bad expression: the column and a fragment of the problem. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "x*lg(x)|3|unknown function 'lg'",
        "x + y|5|unknown name 'y'; the variable is x and there are no parameters",
        "log(x|4|unbalanced parenthesis",
        "(x + 1))|8|unexpected ')' (no '(' to close)",
        "x + |4|the expression ends",
        "1/0|2|division by zero",
        "x / (1 - 1)|3|division by zero",
        "1e400 * x|1|beyond the double range",
        "1e-400 + x|1|below the double range",
        "NaN * x|1|unknown name 'NaN'",
        "x * .5|5|a number starts with a digit",
        "x * 05|5|leading zero",
        "+x|1|no unary plus",
        "erf(x)|1|'erf' is not available yet",
        "sinh(1000) + x|1|sinh of constants is Infinity",
        "log x|1|needs its argument in parentheses",
        "pow(x)|1|'pow' takes 2 arguments, got 1",
        "log(x, 2)|1|'log' takes 1 argument, got 2",
        "log(-1) + x|1|the log needs -1.0 > 0",
        "exp(1000) + x|1|exp of constants is Infinity",
        "x $ 2|3|unexpected '$'",
        "x^|3|the expression ends",
        "log()|5|'log' needs an argument",
        "'   '|1|the expression is empty",
        "0^-1 + x|2|0 to a negative power",
    })
    void badExpressionsNameTheColumn(String text, int column, String fragment) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ExpressionParser.parse(text, Map.of()));
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.problem().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith("column " + column + ": "), e.getMessage());
    }

    @Test
    void parametersMustBeGivenUsedAndFinite() {
        assertTrue(assertThrows(ExpressionException.class, () -> ExpressionParser.parse("x + a", Map.of("b", 1.0)))
                .getMessage().contains("unknown name 'a'; the variable is x and the parameters are b"));
        ExpressionException unused = assertThrows(ExpressionException.class,
                () -> ExpressionParser.parse("x + a", Map.of("a", 1.0, "b", 2.0)));
        assertEquals(0, unused.column());
        assertTrue(unused.getMessage().contains("parameter 'b' is given but not used"), unused.getMessage());
        assertTrue(assertThrows(ExpressionException.class, () -> ExpressionParser.parse("x + a",
                Map.of("a", Double.NaN))).getMessage().contains("'a' = NaN is not a finite number"));
        assertTrue(assertThrows(ExpressionException.class, () -> ExpressionParser.parse("x + log", Map.of("log", 1.0)))
                .getMessage().contains("'log' cannot name a parameter"));
        assertTrue(assertThrows(ExpressionException.class, () -> ExpressionParser.parse("log(a) * x",
                Map.of("a", -2.0))).getMessage().contains("the log needs a > 0, which is -2.0"));
        assertTrue(assertThrows(ExpressionException.class, () -> ExpressionParser.parse("x", Map.of(), 1.0, false, 0.0,
                false)).getMessage().contains("the declared domain is empty"));
    }

    /** The new functions' derivatives by the generator's differentiation against central differences. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"sin(x)", "cos(x)", "tanh(x)", "sinh(x)", "cosh(x)", "atan(x)", "tanh(x^2)*atan(2*x)"})
    void derivativesOfTheNewFunctions(String text) {
        SpectralFunction f = ExpressionParser.parse(text, Map.of());
        io.github.eigengrad.generator.expr.Expr d = io.github.eigengrad.generator.simplify.Simplifier.simplify(
                io.github.eigengrad.generator.diff.ReverseMode.gradient(f.f(), List.of("x")).get("x"));
        SplittableRandom random = new SplittableRandom(text.hashCode());
        for (int t = 0; t < 50; t++) {
            double x = -1.5 + 3 * random.nextDouble();
            double h = 1e-5;
            double central = (f.valueAt(x + h) - f.valueAt(x - h)) / (2 * h);
            double exact = d.evaluate(name -> x);
            assertEquals(central, exact, 1e-8 * Math.max(1, Math.abs(exact)), text + "' at " + x);
        }
    }

    /** Hostile input: errors, never a stack overflow or a hang. */
    @Test
    void hostileExpressionsAreErrorsInBoundedTime() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            String deep = "(".repeat(10_000) + "x" + ")".repeat(10_000);
            ExpressionException nested = assertThrows(ExpressionException.class,
                    () -> ExpressionParser.parse(deep, Map.of()));
            assertTrue(nested.getMessage().contains("at most 10000") || nested.getMessage().contains("nests deeper"),
                    nested.getMessage());
            String nestedButShort = "(".repeat(4_000) + "x" + ")".repeat(4_000);
            assertTrue(assertThrows(ExpressionException.class, () -> ExpressionParser.parse(nestedButShort, Map.of()))
                    .getMessage().contains("nests deeper than 200 levels"));
            assertTrue(assertThrows(ExpressionException.class, () -> ExpressionParser.parse("-".repeat(5_000) + "x",
                    Map.of())).getMessage().contains("nests deeper"));
            assertTrue(assertThrows(ExpressionException.class, () -> ExpressionParser.parse("x" + "^x".repeat(3_000),
                    Map.of())).getMessage().contains("nests deeper"));
            String longText = "x" + "+x".repeat(50_000);
            assertTrue(assertThrows(ExpressionException.class, () -> ExpressionParser.parse(longText, Map.of()))
                    .getMessage().contains("100001 characters; at most 10000"));
            // within the limits: a long flat sum parses, and to the right value
            SpectralFunction wide = ExpressionParser.parse("x" + "+x".repeat(4_000), Map.of());
            assertEquals(4001 * 0.5, wide.valueAt(0.5), 1e-9);
        });
    }
}
