package io.github.eigengrad.generator.print;

import static io.github.eigengrad.generator.expr.Expr.constant;
import static io.github.eigengrad.generator.expr.Expr.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.eigengrad.generator.expr.Comparison;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.formula.Derivations;
import io.github.eigengrad.generator.formula.EigenFormulas;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.simplify.OpCount;
import io.github.eigengrad.generator.testing.Golden;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrintersTest {
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    /** The n = 3 text and LaTeX are the committed examples of eigengrad derive: one file serves both. */
    static final Path EXAMPLES = Path.of("..", "examples", "derivations");

    static Formula formula(String id, int n) {
        switch (id) {
            case "eq8":
                return EigenFormulas.pullback(n, new EigenFormulas.PowerIteration(EigenFormulas.iterationsVariable()), true);
            case "eq10":
                return EigenFormulas.pullback(n, new EigenFormulas.Analytic(), true);
            default:
                return Derivations.iterationRule(n, variable("tolerance"), variable("maxIterations"));
        }
    }

    static Stream<Arguments> goldenCases() {
        Map<String, Function<Formula, String>> printers = Map.of("txt", TextPrinter::print, "tex", LatexPrinter::print,
                "json", JsonPrinter::print);
        return Stream.of("eq8", "eq10", "eq14").flatMap(id -> Stream.of(2, 3)
                .flatMap(n -> Stream.of("txt", "tex", "json").map(ext -> Arguments.of(id, n, ext, printers.get(ext)))));
    }

    @ParameterizedTest(name = "{0} n={1} .{2}")
    @MethodSource("goldenCases")
    void outputMatchesTheGoldenFile(String id, int n, String ext, Function<Formula, String> printer) {
        String once = printer.apply(formula(id, n));
        assertEquals(once, printer.apply(formula(id, n)), "deterministic");
        Path dir = n == 3 && !ext.equals("json") ? EXAMPLES : GOLDEN;
        Golden.assertMatches(dir.resolve(id + "-n" + n + "." + ext), once);
    }

    @Test
    void textUsesFewParenthesesButKeepsMeaning() {
        Expr x = variable("x");
        Expr y = variable("y");
        assertEquals("x - y", TextPrinter.expression(x.minus(y)));
        assertEquals("y - 2 * x", TextPrinter.expression(y.minus(x.times(2))));
        assertEquals("x * (x + y)", TextPrinter.expression(Expr.product(x, x.plus(y))));
        assertEquals("-(x + y)", TextPrinter.expression(Expr.negate(x.plus(y))));
        assertEquals("x / (2 * y)", TextPrinter.expression(Expr.quotient(x, y.times(2))));
        assertEquals("(x + y)^2", TextPrinter.expression(Expr.power(x.plus(y), 2)));
        assertEquals("(x / y)^K", TextPrinter.expression(Expr.integerPower(Expr.quotient(x, y), variable("K"))));
        assertEquals("x^(K - 1)", TextPrinter.expression(Expr.integerPower(x, variable("K").minus(Expr.ONE))));
        assertEquals("(x == 0 ? 1 : y)", TextPrinter.expression(Expr.select(x, Comparison.EQ, Expr.ZERO, Expr.ONE, y)));
        assertEquals("1.0E-12 * x", TextPrinter.expression(x.times(1e-12)));
        assertEquals("sum(k = 0 .. n - 1: V[i][k])", TextPrinter.expression(Expr.indexSum("k", Expr.ZERO,
                variable("n").minus(Expr.ONE), Expr.entry("V", variable("i"), variable("k")))));
    }

    /** Reading the text form back (as the Java expression it is) gives the same value. */
    @Test
    void textIsTheValueItPrints() {
        Expr x = variable("x");
        Expr y = variable("y");
        Expr e = Expr.sum(y.minus(x.times(2)), Expr.quotient(x, Expr.product(y, constant(3))),
                Expr.negate(Expr.product(x, y.plus(Expr.ONE))));
        assertEquals("y + x / (3 * y) - 2 * x - x * (y + 1)", TextPrinter.expression(e));
        double xv = 1.5;
        double yv = -0.75;
        assertEquals(yv + xv / (3 * yv) - 2 * xv - xv * (yv + 1), e.evaluate(Map.of("x", xv, "y", yv)::get), 1e-15);
    }

    @Test
    void latexNames() {
        assertEquals("\\bar{v}_{01}", LatexPrinter.name("vBar01"));
        assertEquals("\\bar{\\lambda}_{2}", LatexPrinter.name("lambdaBar2"));
        assertEquals("\\lambda_{0}", LatexPrinter.name("lambda0"));
        assertEquals("v_{1,12}", LatexPrinter.name("v1_12"));
        assertEquals("\\frac{\\partial L}{\\partial a_{01}}", LatexPrinter.outputName("dL_da01"));
        assertEquals("10^{-12}", LatexPrinter.number(1e-12));
        assertEquals("2.5 \\times 10^{-5}", LatexPrinter.number(2.5e-5));
        assertEquals("\\frac{x}{y}", LatexPrinter.expression(Expr.quotient(variable("x"), variable("y"))));
        assertEquals("x^{K}", LatexPrinter.expression(Expr.integerPower(variable("x"), variable("K"))));
    }

    @Test
    void jsonHoldsTheDagAndTheOpCounts() throws Exception {
        Formula f = formula("eq10", 3);
        JsonNode json = new ObjectMapper().readTree(JsonPrinter.print(f));
        FormulaLayout layout = FormulaLayout.of(f);
        assertEquals(layout.opsAfterCse().total(), json.get("opCounts").get("afterCse").get("total").asLong());
        assertEquals(layout.opsBeforeCse().total(), json.get("opCounts").get("beforeCse").get("total").asLong());
        // rebuild every output from the node list and check it is the same expression
        Map<Integer, Expr> byId = new HashMap<>();
        for (JsonNode node : json.get("nodes")) {
            byId.put(node.get("id").asInt(), rebuild(node, byId));
        }
        for (JsonNode out : json.get("outputs")) {
            assertEquals(f.output(out.get("name").asText()), byId.get(out.get("node").asInt()), out.get("name").asText());
        }
        assertEquals(layout.temporaries().size(), json.get("temporaries").size());
        OpCount dag = OpCount.ofDag(f.expressions());
        assertTrue(dag.total() < layout.opsBeforeCse().total(), "CSE saves work on Eq. 10");
    }

    static Expr rebuild(JsonNode node, Map<Integer, Expr> byId) {
        java.util.List<Expr> args = new java.util.ArrayList<>();
        if (node.has("args")) {
            node.get("args").forEach(a -> args.add(byId.get(a.asInt())));
        }
        switch (node.get("op").asText()) {
            case "constant":
                return constant(node.get("value").asDouble());
            case "variable":
                return variable(node.get("name").asText());
            case "sum":
                return Expr.sum(args);
            case "product":
                return Expr.product(args);
            case "negate":
                return Expr.negate(args.get(0));
            case "quotient":
                return Expr.quotient(args.get(0), args.get(1));
            case "power":
                return Expr.power(args.get(0), node.get("exponent").asInt());
            case "select": {
                Comparison c = java.util.Arrays.stream(Comparison.values())
                        .filter(x -> x.symbol().equals(node.get("comparison").asText())).findFirst().orElseThrow();
                return Expr.select(args.get(0), c, args.get(1), args.get(2), args.get(3));
            }
            default:
                throw new AssertionError("unexpected op in Eq. 10: " + node.get("op"));
        }
    }
}
