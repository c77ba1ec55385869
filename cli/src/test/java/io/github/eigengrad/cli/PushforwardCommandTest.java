package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import io.github.eigengrad.runtime.reference.ReferencePullbacks;
import io.github.eigengrad.runtime.reference.ReferencePushforwards;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code eigengrad pushforward} (docs/cli.md): responses against the plain reference of
 * docs/math.md section 9, the dot-product identity with {@code pullback} run on the same lines,
 * the matrix-function fields against the runtime API, and one error object per bad line.
 */
class PushforwardCommandTest {
    static final List<String> FIELDS = List.of("id", "values", "vectors", "valuesDot", "vectorsDot", "iterationsUsed",
            "maxPairError", "vectorsDotBound", "shift", "warnings");

    @Test
    void responsesMatchTheReferenceAndTransposeThePullback() throws Exception {
        SplittableRandom random = new SplittableRandom(78);
        StringBuilder forward = new StringBuilder();
        StringBuilder backward = new StringBuilder();
        List<ObjectNode> requests = new ArrayList<>();
        List<ObjectNode> pullbacks = new ArrayList<>();
        String[] methods = {"analytic", "power-iteration", "adaptive", null};
        for (int t = 0; t < 32; t++) {
            int n = 1 + t % 6;
            ObjectNode r = JsonLines.MAPPER.createObjectNode();
            r.put("id", t);
            r.set("matrix", JsonLines.rows(TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, t % 3 != 0,
                    random), random)));
            String method = methods[t % 4];
            if (method != null) {
                r.put("method", method);
            }
            if (t % 5 == 1 && (method == null || method.equals("power-iteration"))) {
                r.put("iterations", 3 + t);
            }
            if (t % 6 == 5) {
                r.put("eigenvalueTerm", false);
            }
            ObjectNode back = r.deepCopy();
            if (t % 7 != 6) {
                r.set("tangent", JsonLines.rows(TestMatrices.gaussianMatrix(n, n, random)));
            }
            back.set("valuesBar", JsonLines.array(TestMatrices.gaussianVector(n, random)));
            back.set("vectorsBar", JsonLines.rows(TestMatrices.gaussianMatrix(n, n, random)));
            requests.add(r);
            pullbacks.add(back);
            forward.append(JsonLines.MAPPER.writeValueAsString(r)).append('\n');
            backward.append(JsonLines.MAPPER.writeValueAsString(back)).append('\n');
        }
        CliRun run = CliRun.of(forward.toString(), "pushforward");
        assertEquals(0, run.exitCode(), run.stdout());
        List<JsonNode> responses = run.responses();
        List<JsonNode> gradients = CliRun.of(backward.toString(), "pullback").responses();
        for (int t = 0; t < requests.size(); t++) {
            JsonNode req = requests.get(t);
            JsonNode res = responses.get(t);
            assertEquals(FIELDS, EighCommandTest.fieldNames(res), res.toString());
            assertEquals(req.get("id"), res.get("id"));
            double[] values = EighCommandTest.vector(res.get("values"));
            int n = values.length;
            RealMatrix v = MatrixUtils.createRealMatrix(EighCommandTest.matrix(res.get("vectors")));
            RealMatrix aDot = req.has("tangent") ? MatrixUtils.createRealMatrix(EighCommandTest.matrix(req.get("tangent")))
                    : MatrixUtils.createRealMatrix(n, n);
            String method = req.has("method") ? req.get("method").asText() : "power-iteration";
            ReferencePullbacks.Method m = switch (method) {
                case "analytic" -> ReferencePullbacks.Analytic.DEFAULT;
                case "adaptive" -> new ReferencePullbacks.Adaptive(1e-10, 1000);
                default -> new ReferencePullbacks.PowerIteration(req.has("iterations") ? req.get("iterations").asInt() : 19);
            };
            ReferencePushforwards.Result expected = ReferencePushforwards.pushforward(values, v, aDot,
                    !req.has("eigenvalueTerm"), m);
            double[] valuesDot = EighCommandTest.vector(res.get("valuesDot"));
            RealMatrix vectorsDot = MatrixUtils.createRealMatrix(EighCommandTest.matrix(res.get("vectorsDot")));
            for (int i = 0; i < n; i++) {
                assertEquals(expected.valuesDot()[i], valuesDot[i], 1e-12 * (1 + Math.abs(expected.valuesDot()[i])));
            }
            assertTrue(vectorsDot.subtract(expected.vectorsDot()).getFrobeniusNorm()
                    <= 1e-12 * (1 + expected.vectorsDot().getFrobeniusNorm()), "request " + t);
            assertEquals(method.equals("analytic"), res.get("vectorsDotBound").isNull());
            // the dot-product test across the two commands: the same decomposition, transposed maps
            JsonNode back = pullbacks.get(t);
            RealMatrix gradient = MatrixUtils.createRealMatrix(EighCommandTest.matrix(gradients.get(t).get("gradient")));
            double left = dot(EighCommandTest.vector(back.get("valuesBar")), valuesDot)
                    + inner(MatrixUtils.createRealMatrix(EighCommandTest.matrix(back.get("vectorsBar"))), vectorsDot);
            double right = inner(gradient, aDot);
            assertEquals(right, left, 1e-12 * (1 + Math.abs(right) + gradient.getFrobeniusNorm() * aDot.getFrobeniusNorm()),
                    "request " + t + ": <lambdaBar, lambdaDot> + <VBar, VDot> = <ABar, ADot>");
        }
    }

    @Test
    void matrixFunctionsGiveTheirDerivativeAndHessianVectorProduct() {
        double[][] a = {{2, 1, 0}, {1, 3, 0.5}, {0, 0.5, 1.5}};
        double[][] tangent = {{1, 0.5, 0}, {0, 0, 2}, {0.3, 0, -1}};
        double[][] c = {{1, 0, 0}, {0.2, 1, 0}, {0, 0, 1}};
        String matrix = JsonLines.rows(a).toString();
        String line = "{\"id\": \"f\", \"matrix\": " + matrix + ", \"tangent\": " + JsonLines.rows(tangent)
                + ", \"function\": {\"name\": \"pow\", \"power\": 0.5}, \"functionBar\": " + JsonLines.rows(c) + "}\n"
                + "{\"id\": \"g\", \"matrix\": " + matrix + ", \"tangent\": " + JsonLines.rows(tangent)
                + ", \"function\": {\"name\": \"exp\"}}\n";
        CliRun run = CliRun.of(line, "pushforward");
        assertEquals(0, run.exitCode(), run.stdout());
        SymmetricEigendecomposition e = SymmetricEigensolver.defaults().decompose(a);
        JsonNode first = run.responses().get(0);
        assertEquals(List.of("id", "values", "vectors", "value", "valueDot", "gradient", "gradientDot"),
                EighCommandTest.fieldNames(first));
        MatrixFunction pow = MatrixFunction.power(0.5);
        assertClose(pow.value(e), EighCommandTest.matrix(first.get("value")));
        assertClose(pow.derivative(e, tangent), EighCommandTest.matrix(first.get("valueDot")));
        assertClose(pow.gradient(e, c), EighCommandTest.matrix(first.get("gradient")));
        assertClose(pow.hessianVector(e, c, tangent), EighCommandTest.matrix(first.get("gradientDot")));
        JsonNode second = run.responses().get(1);
        assertEquals(List.of("id", "values", "vectors", "value", "valueDot"), EighCommandTest.fieldNames(second));
        assertClose(MatrixFunction.exp().derivative(e, tangent), EighCommandTest.matrix(second.get("valueDot")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"id\": 1, \"matrix\": [[1, 0], [0, 1]], \"tangent\": [[0, 1], [1, 0]], \"method\": \"analytic\"}|degenerate-spectrum|eigenvalues 0 and 1",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"tangent\": [[1, 2]]}|non-square-matrix|tangent has 1 rows",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"tangent\": [[1, NaN], [0, 1]]}|non-finite-value|tangent",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"tangent\": [[1, 0], [0, 1]], \"tolerance\": 0.1}|invalid-request|'tolerance' applies to the adaptive method only",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"valuesBar\": [1, 0]}|invalid-request|unknown field 'valuesBar'",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"function\": {\"name\": \"log\"}, \"method\": \"analytic\"}|invalid-request|'method' does not apply",
        "{\"id\": 1, \"matrix\": [[1, 0], [0, -1]], \"function\": {\"name\": \"log\"}, \"tangent\": [[1, 0], [0, 1]]}|out-of-range|log needs eigenvalues > 0",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"tangent\": [[1e308, 1e308], [1e308, 1e308]], \"method\": \"analytic\"}|out-of-range|beyond double precision",
    })
    void eachProblemHasItsCodeAndTheStreamGoesOn(String line, String code, String fragment) {
        CliRun run = CliRun.of(line + "\n{\"id\": \"next\", \"matrix\": [[2, 1], [1, 2]], \"tangent\": [[1, 0], [0, 0]]}\n",
                "pushforward");
        assertEquals(1, run.exitCode());
        List<JsonNode> responses = run.responses();
        assertEquals(2, responses.size());
        JsonNode error = responses.get(0).get("error");
        assertEquals(code, error.get("code").asText(), error.toString());
        assertTrue(error.get("message").asText().contains(fragment), error.toString());
        // lambdaDot of [[2,1],[1,2]] along E_00: (v_i)_0^2 = 1/2 for both eigenvectors
        double[] valuesDot = EighCommandTest.vector(responses.get(1).get("valuesDot"));
        assertEquals(0.5, valuesDot[0], 1e-15);
        assertEquals(0.5, valuesDot[1], 1e-15);
    }

    private static void assertClose(double[][] expected, double[][] actual) {
        RealMatrix e = MatrixUtils.createRealMatrix(expected);
        assertTrue(e.subtract(MatrixUtils.createRealMatrix(actual)).getFrobeniusNorm() <= 1e-14 * (1 + e.getFrobeniusNorm()));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double inner(RealMatrix a, RealMatrix b) {
        double s = 0;
        for (int i = 0; i < a.getRowDimension(); i++) {
            for (int j = 0; j < a.getColumnDimension(); j++) {
                s += a.getEntry(i, j) * b.getEntry(i, j);
            }
        }
        return s;
    }
}
