package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.eigengrad.generator.diff.ReverseMode;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.parse.ExpressionParser;
import io.github.eigengrad.generator.parse.SpectralFunction;
import io.github.eigengrad.generator.simplify.Simplifier;
import io.github.eigengrad.generator.expr.BigEvaluation;
import io.github.eigengrad.generator.testing.BigSymmetric;
import io.github.eigengrad.generator.testing.TwelveFunctions;
import io.github.eigengrad.runtime.SpectralDifferences;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI's {@code function: {"expression": ...}} (docs/math.md section 14), interpreted without
 * compiling Java: f[1] against 70 digits, the gradient and Hessian-vector product of pullback
 * and pushforward requests against central differences of f(M) in 40-digit BigDecimal, and
 * one error object per hostile line, the stream going on, in bounded time.
 */
class ExpressionRequestsTest {
    static String json(Object o) {
        try {
            return JsonLines.MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSeriesOrderPrintedByTheGeneratorIsTheRuntimes() {
        assertEquals(SpectralDifferences.ORDER, io.github.eigengrad.generator.formula.UserFunctions.SERIES_ORDER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.eigengrad.generator.testing.TwelveFunctions#cases")
    void interpretedFirstDifferenceAgainst70Digits(String text, double low, double high) {
        SpectralFunction f = ExpressionParser.parse(text, TwelveFunctions.parameters(text));
        ExpressionFunction g = new ExpressionFunction(f);
        Expr derivative = Simplifier.simplify(ReverseMode.gradient(f.f(), List.of("x")).get("x"));
        SplittableRandom random = new SplittableRandom(text.hashCode());
        double worst = 0;
        for (int t = 0; t < 150; t++) {
            double b = low + (high - low) * (0.05 + 0.9 * random.nextDouble());
            double a = Math.min(high, b + (t % 5 == 0 ? 0 : Math.pow(10, -16 + 15 * random.nextDouble())));
            BigDecimal exact = a == b ? BigEvaluation.evaluate(derivative, a, f.values())
                    : BigEvaluation.evaluate(f.f(), a, f.values()).subtract(BigEvaluation.evaluate(f.f(), b, f.values()))
                            .divide(new BigDecimal(a).subtract(new BigDecimal(b)), BigEvaluation.MC);
            double scale = Math.max(Math.abs(derivative.evaluate(n -> n.equals("x") ? a : f.values().get(n))),
                    Math.abs(derivative.evaluate(n -> n.equals("x") ? b : f.values().get(n))));
            worst = Math.max(worst, new BigDecimal(g.first(a, b)).subtract(exact).abs().doubleValue()
                    / (0x1p-52 * scale));
        }
        assertTrue(worst <= 8, text + ": worst " + worst + " eps max|f'|");
    }

    /** A symmetric matrix with the exact double eigenvalue 2 (and 0.5): M = 1.5 I + 0.5 S. */
    static final double[][] TIED = {{1.5, 0.5, 0.5}, {0.5, 1.5, -0.5}, {0.5, -0.5, 1.5}};

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"x*log(x)|0|0", "log1p(exp(x))|0|0", "x/(x+a)|0.5|0", "exp(-t*x)|0|0.7",
        "tanh(x)|0|0", "x^p|0|-0.7"})
    void pullbackAndPushforwardAgainstBigDecimalAtATie(String text, double a, double p) {
        Map<String, Double> parameters = text.contains("a") && !text.contains("tanh") ? Map.of("a", a)
                : text.contains("t*") ? Map.of("t", p) : text.contains("^p") ? Map.of("p", p) : Map.of();
        double[][] c = {{1, 2, 0}, {0, 1, 1}, {3, 0, 2}};
        double[][] e = {{0.3, -1, 0.2}, {0.5, 0.7, 0}, {1, 0.1, -0.4}};
        String function = json(Map.of("expression", text, "parameters", parameters));
        String request = "{\"id\": 1, \"matrix\": " + json(TIED) + ", \"function\": " + function
                + ", \"functionBar\": " + json(c) + ", \"tangent\": " + json(e) + "}\n";
        JsonNode pushed = CliRun.of(request, "pushforward").responses().get(0);
        JsonNode pulled = CliRun.of(request.replace(", \"tangent\": " + json(e), ""), "pullback").responses().get(0);
        assertTrue(pulled.has("gradient") && pushed.has("gradientDot"), pulled + " / " + pushed);
        double[] flatC = flat(c);
        double[] flatE = flat(e);
        BigDecimal[] m = BigSymmetric.compose(new double[] {2, 2, 0.5}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i * 3 + j] = new BigDecimal(TIED[i][j]);
            }
        }
        Expr f = ExpressionParser.parse(text, parameters).f();
        double h = 1e-15;
        double expected = BigSymmetric.loss(BigSymmetric.shifted(m, 3, h, flatE, 0, flatE), 3, f, parameters, flatC)
                .subtract(BigSymmetric.loss(BigSymmetric.shifted(m, 3, -h, flatE, 0, flatE), 3, f, parameters, flatC))
                .divide(new BigDecimal(2 * h), BigSymmetric.MC).doubleValue();
        double gradient = dot(pulled.get("gradient"), flatE);
        assertEquals(expected, gradient, 1e-12 * Math.max(1, Math.abs(expected)), text + ": <gradient, E>");
        assertEquals(gradient, dot(pushed.get("gradient"), flatE), 0, "pullback and pushforward agree");
        // <f'(M)[E], C> = <gradient, E> (the Frechet derivative and the gradient are adjoint)
        assertEquals(expected, dot(pushed.get("valueDot"), flatC), 1e-12 * Math.max(1, Math.abs(expected)), text);
        double k = 1e-12;
        double second = BigSymmetric.loss(BigSymmetric.shifted(m, 3, k, flatE, k, flatE), 3, f, parameters, flatC)
                .subtract(BigSymmetric.loss(BigSymmetric.shifted(m, 3, k, flatE, -k, flatE), 3, f, parameters, flatC))
                .subtract(BigSymmetric.loss(BigSymmetric.shifted(m, 3, -k, flatE, k, flatE), 3, f, parameters, flatC))
                .add(BigSymmetric.loss(BigSymmetric.shifted(m, 3, -k, flatE, -k, flatE), 3, f, parameters, flatC))
                .divide(new BigDecimal(4 * k * k), BigSymmetric.MC).doubleValue();
        assertEquals(second, dot(pushed.get("gradientDot"), flatE), 1e-10 * Math.max(1, Math.abs(second)),
                text + ": <gradientDot, E>");
    }

    static double[] flat(double[][] m) {
        double[] f = new double[m.length * m.length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, f, i * m.length, m.length);
        }
        return f;
    }

    static double dot(JsonNode rows, double[] flat) {
        double s = 0;
        int n = rows.size();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s += rows.get(i).get(j).doubleValue() * flat[i * n + j];
            }
        }
        return s;
    }

    @Test
    void hostileExpressionsAreErrorObjectsAndTheStreamGoesOn() {
        String matrix = "\"matrix\": [[2, 0], [0, 1]], \"functionBar\": [[1, 0], [0, 1]]";
        String[][] cases = {
            {json("(".repeat(10_000) + "x" + ")".repeat(10_000)), "invalid-expression", "characters; at most"},
            {json("(".repeat(4_000) + "x" + ")".repeat(4_000)), "invalid-expression", "nests deeper than 200"},
            {json("x+".repeat(50_000) + "x"), "invalid-expression", "100001 characters"},
            {json("x*1e999"), "invalid-expression", "beyond the double range"},
            {json("x*NaN"), "invalid-expression", "unknown name 'NaN'"},
            {json("x*lg(x)"), "invalid-expression", "unknown function 'lg'"},
            {json("x*a"), "invalid-expression", "unknown name 'a'"},
            {json("x/(1-1)"), "invalid-expression", "division by zero"},
            {json("log(x") , "invalid-expression", "unbalanced parenthesis"},
            {json("log(x-3)"), "out-of-domain", "eigenvalue 0 = 2.0 is outside the domain: the log at column 1"},
        };
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < cases.length; i++) {
            in.append("{\"id\": ").append(i).append(", ").append(matrix).append(", \"function\": {\"expression\": ")
                    .append(cases[i][0]).append("}}\n");
        }
        in.append("{\"id\": 90, ").append(matrix).append(", \"function\": {\"expression\": \"x\", \"parameters\": "
                + "{\"a\": 1}}}\n");
        in.append("{\"id\": 91, ").append(matrix).append(", \"function\": {\"expression\": \"x*a\", \"parameters\": "
                + "{\"a\": \"one\"}}}\n");
        in.append("{\"id\": 92, ").append(matrix).append(", \"function\": {\"expression\": \"x\", \"domain\": [3]}}\n");
        in.append("{\"id\": 93, ").append(matrix).append(", \"function\": {\"expression\": \"x\", \"domain\": [0, 1]}}\n");
        in.append("{\"id\": 94, ").append(matrix).append(", \"function\": {\"expression\": \"x\"}, \"precision\": "
                + "\"float\"}\n");
        in.append("{\"id\": 95, \"matrix\": [[2, 0], [0, 1]], \"functionBar\": [[1, 0], [0, 1]], \"function\": "
                + "{\"expression\": \"x*log(x)\"}}\n");
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.of(in.toString(), "pullback"));
        List<JsonNode> out = run.responses();
        assertEquals(cases.length + 6, out.size(), run.stdout());
        for (int i = 0; i < cases.length; i++) {
            JsonNode error = out.get(i).get("error");
            assertEquals(cases[i][1], error.get("code").asText(), out.get(i).toString());
            assertTrue(error.get("message").asText().contains(cases[i][2]), out.get(i).toString());
        }
        assertTrue(out.get(cases.length).get("error").get("message").asText().contains("given but not used"));
        assertEquals("invalid-request", out.get(cases.length + 1).get("error").get("code").asText());
        assertEquals("invalid-request", out.get(cases.length + 2).get("error").get("code").asText());
        assertTrue(out.get(cases.length + 3).get("error").get("message").asText().contains("outside the declared domain"),
                out.get(cases.length + 3).toString());
        assertTrue(out.get(cases.length + 4).get("error").get("message").asText().contains("double precision only"),
                out.get(cases.length + 4).toString());
        // the stream goes on: d tr(M log M) / dM = log M + I at M = diag(2, 1)
        JsonNode g = out.get(cases.length + 5).get("gradient");
        assertEquals(Math.log(2) + 1, g.get(0).get(0).doubleValue(), 1e-15);
        assertEquals(1, g.get(1).get(1).doubleValue(), 1e-15);
    }

    /** docs/math.md section 14: an expression that cancels as written is refused, on its domain only. */
    @Test
    void expressionsThatLoseAccuracyAsWrittenAreRefused() {
        String matrix = "\"matrix\": [[2, 0], [0, 1]], \"functionBar\": [[1, 0], [0, 1]]";
        String in = "{\"id\": 1, " + matrix + ", \"function\": {\"expression\": \"log(1+exp(x))\"}}\n"
                + "{\"id\": 2, " + matrix + ", \"function\": {\"expression\": \"log(1+exp(x))\", \"domain\": [-4, 4]}}\n"
                + "{\"id\": 3, " + matrix + ", \"function\": {\"expression\": \"log1p(exp(x))\"}}\n";
        List<JsonNode> out = CliRun.of(in, "pullback").responses();
        JsonNode refused = out.get(0).get("error");
        assertEquals("invalid-expression", refused.get("code").asText());
        assertTrue(refused.get("message").asText().contains("loses accuracy as written: at x = -100.0"), refused.toString());
        double expected = 1 / (1 + Math.exp(-2)); // f'(2) of the softplus
        assertEquals(expected, out.get(1).get("gradient").get(0).get(0).doubleValue(), 1e-15, out.get(1).toString());
        assertEquals(expected, out.get(2).get("gradient").get(0).get(0).doubleValue(), 1e-15, out.get(2).toString());
    }

    @Test
    void theWorkOfAnExpressionIsBounded() {
        StringBuilder big = new StringBuilder("x");
        for (int i = 0; i < 500; i++) {
            big.append("+exp(x/").append(i + 2).append(")");
        }
        String request = "{\"id\": 1, \"matrix\": " + json(new double[200][200]) + ", \"function\": {\"expression\": \""
                + big + "\"}, \"functionBar\": " + json(new double[200][200]) + "}\n";
        JsonNode error = CliRun.of(request, "pullback").responses().get(0).get("error");
        assertEquals("too-large", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("--max-work"), error.toString());
    }
}
