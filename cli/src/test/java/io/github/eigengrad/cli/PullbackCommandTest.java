package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.eigengrad.runtime.reference.ReferencePullbacks;
import io.github.eigengrad.runtime.reference.TestMatrices;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PullbackCommandTest {
    static final List<String> FIELDS = List.of("id", "values", "vectors", "gradient", "iterationsUsed", "maxPairError",
            "gradientBound", "shift", "warnings");

    /** Many requests in one stream, every option, each response against the reference. */
    @Test
    void responsesFollowTheContractAndMatchTheReference() throws Exception {
        SplittableRandom random = new SplittableRandom(77);
        StringBuilder input = new StringBuilder();
        List<ObjectNode> requests = new java.util.ArrayList<>();
        String[] methods = {"analytic", "power-iteration", "adaptive", null};
        for (int t = 0; t < 40; t++) {
            int n = 1 + t % 6;
            ObjectNode r = JsonLines.MAPPER.createObjectNode();
            r.put("id", "r" + t);
            r.set("matrix", JsonLines.rows(TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, t % 3 != 0, random),
                    random)));
            if (t % 4 != 3) {
                r.set("valuesBar", JsonLines.array(TestMatrices.gaussianVector(n, random)));
            }
            if (t % 5 != 4) {
                r.set("vectorsBar", JsonLines.rows(TestMatrices.gaussianMatrix(n, n, random)));
            }
            String method = methods[t % 4];
            if (method != null) {
                r.put("method", method);
            }
            // a method's own parameters only: another method's is an error (eachProblemHasItsCode...)
            if (t % 7 == 1 && (method == null || method.equals("power-iteration"))) {
                r.put("iterations", 5 + t);
            }
            if (t % 7 == 2 && "adaptive".equals(method)) {
                r.put("tolerance", 1e-6);
                r.put("maxIterations", 77);
            }
            if (t % 6 == 5) {
                r.put("eigenvalueTerm", false);
            }
            if (t % 8 == 3) {
                r.put("epsilon", 0.25);
            }
            requests.add(r);
            input.append(JsonLines.MAPPER.writeValueAsString(r)).append('\n');
        }
        CliRun run = CliRun.of(input.toString(), "pullback");
        assertEquals(0, run.exitCode(), run.stdout());
        List<JsonNode> responses = run.responses();
        assertEquals(requests.size(), responses.size());
        for (int t = 0; t < requests.size(); t++) {
            JsonNode req = requests.get(t);
            JsonNode res = responses.get(t);
            assertEquals(FIELDS, EighCommandTest.fieldNames(res), res.toString());
            assertEquals(req.get("id"), res.get("id"));
            double[] values = EighCommandTest.vector(res.get("values"));
            RealMatrix v = MatrixUtils.createRealMatrix(EighCommandTest.matrix(res.get("vectors")));
            int n = values.length;
            double[] lambdaBar = req.has("valuesBar") ? EighCommandTest.vector(req.get("valuesBar")) : null;
            RealMatrix vBar = req.has("vectorsBar") ? MatrixUtils.createRealMatrix(EighCommandTest.matrix(req.get("vectorsBar")))
                    : null;
            boolean term = !req.has("eigenvalueTerm");
            String method = req.has("method") ? req.get("method").asText() : "power-iteration";
            ReferencePullbacks.Result expected = switch (method) {
                case "analytic" -> ReferencePullbacks.analytic(values, v, vBar, lambdaBar, term,
                        ReferencePullbacks.Analytic.DEFAULT);
                case "adaptive" -> ReferencePullbacks.series(values, v, vBar, lambdaBar, term,
                        new ReferencePullbacks.Adaptive(req.has("tolerance") ? req.get("tolerance").asDouble() : 1e-10,
                                req.has("maxIterations") ? req.get("maxIterations").asInt() : 1000));
                default -> ReferencePullbacks.series(values, v, vBar, lambdaBar, term,
                        new ReferencePullbacks.PowerIteration(req.has("iterations") ? req.get("iterations").asInt() : 19));
            };
            RealMatrix gradient = MatrixUtils.createRealMatrix(EighCommandTest.matrix(res.get("gradient")));
            double norm = expected.gradient().getFrobeniusNorm();
            assertTrue(gradient.subtract(expected.gradient()).getFrobeniusNorm() <= 1e-12 * norm + 1e-300,
                    "request " + t + " " + method);
            assertEquals(expected.shift(), res.get("shift").asDouble(), 1e-15 * (1 + Math.abs(expected.shift())));
            if (method.equals("analytic")) {
                assertTrue(res.get("iterationsUsed").isNull() && res.get("gradientBound").isNull());
                assertEquals(0, res.get("maxPairError").asDouble());
            } else {
                assertEquals(expected.iterationsUsed().intValue(), res.get("iterationsUsed").asInt());
                assertEquals(expected.gradientBound(), res.get("gradientBound").asDouble(), 1e-12 * expected.gradientBound());
            }
            if (req.has("epsilon")) {
                double[] plain = EighCommandTest.vector(CliRun.of("{\"matrix\": " + req.get("matrix") + "}\n", "eigh")
                        .responses().get(0).get("values"));
                assertEquals(plain[0] + 0.25, values[0], 1e-14 * (1 + Math.abs(values[0])), "epsilon shifts the values");
            }
            assertEquals(0, res.get("warnings").size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"id\": 1, \"matrix\": [[1, 0], [0, 1]], \"vectorsBar\": [[1, 0], [0, 1]], \"method\": \"analytic\"}|degenerate-spectrum|eigenvalues 0 and 1",
        "{\"id\": 1, \"matrix\": [[1, 0], [0, 1]], \"method\": \"exact\"}|invalid-request|'method' must be",
        "{\"id\": 1, \"matrix\": [[1, 0], [0, 1]], \"iterations\": 2.5}|invalid-request|'iterations' must be an integer",
        "{\"id\": 1, \"matrix\": [[1, 0], [0, 1]], \"iterations\": 0}|invalid-option|must be a whole number from 1 to 2^53",
        "{\"id\": 1, \"matrix\": [[1, 0], [0, 1]], \"iterations\": 9007199254740993}|invalid-option|from 1 to 2^53",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"maxIterations\": 1e30, \"method\": \"adaptive\"}|invalid-option|from 1 to 2^53",
        "{\"id\": 1, \"matrix\": [[1, 0], [0, 1]], \"tolerance\": 2, \"method\": \"adaptive\"}|invalid-option|tolerance must be in (0, 1)",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"mask\": \"yes\", \"method\": \"analytic\"}|invalid-request|'mask' must be true or false",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"iterations\": 5, \"method\": \"adaptive\"}|invalid-request|'iterations' applies to the power-iteration method only",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"mask\": true}|invalid-request|'mask' applies to the analytic method only",
        "{\"id\": 1, \"matrix\": [[1, 0], [0, 1]], \"valuesBar\": [1, 2, 3]}|wrong-length|valuesBar has length 3",
        "{\"id\": 1, \"matrix\": [[1, 0], [0, 1]], \"vectorsBar\": [[1, 2]]}|non-square-matrix|vectorsBar has 1 rows",
        "{\"id\": 1, \"matrix\": [[1, 0], [0, 1]], \"valuesBar\": [1, NaN]}|non-finite-value|valuesBar entry 1 is NaN",
        "{\"id\": 1, \"matrix\": [[1, 2], [3, 1]]}|asymmetric-matrix|worst pair (0, 1)",
        "{\"id\": 1, \"matrix\": [[1]], \"topK\": 1}|invalid-option|'topK' must be in [1, n - 1]",
        "{\"id\": 1, \"matrix\": [[3, 0], [0, 1]], \"topK\": 1, \"vectorsBar\": [[1, 0], [0, 1]]}|wrong-length|must be n x k = 2 x 1",
        "{\"id\": 1, \"matrix\": [[3, 0], [0, 1]], \"topK\": 1, \"method\": \"adaptive\"}|invalid-option|power-iteration method only",
        "{\"id\": 1, \"matrix\": [[3, 0], [0, -1]], \"topK\": 1}|invalid-option|lambda_k > 1.0E-12 lambda_1",
        "{\"id\": 1, \"matrix\": [[1]], \"function\": {\"name\": \"sqrt\"}}|invalid-request|missing required field 'functionBar'",
        "{\"id\": 1, \"matrix\": [[1]], \"function\": {\"name\": \"tanh\"}, \"functionBar\": [[1]]}|invalid-option|unknown function 'tanh'",
        "{\"id\": 1, \"matrix\": [[1, 0], [0, -1]], \"function\": {\"name\": \"log\"}, \"functionBar\": [[1, 0], [0, 1]]}|out-of-range|log needs eigenvalues > 0",
        "{\"id\": 1, \"matrix\": [[1]], \"function\": {\"name\": \"exp\"}, \"functionBar\": [[1]], \"vectorsBar\": [[1]]}|invalid-request|'vectorsBar' does not apply",
        "{\"id\": 1, \"matrix\": [[1]], \"function\": {\"name\": \"pow\", \"power\": \"half\"}, \"functionBar\": [[1]]}|invalid-request|'power' must be a number",
        "{\"id\": 1, \"matrix\": [[1]], \"iteration\": 3}|invalid-request|unknown field 'iteration'",
        "{\"id\": 1, \"matrix\": [[2, 0], [0, 1]], \"vectorsBar\": [[0, 1e308], [-1e308, 0]]}|out-of-range|non-finite entry",
    })
    void eachProblemHasItsCodeAndTheStreamGoesOn(String line, String code, String fragment) {
        CliRun run = CliRun.of(line + "\n{\"id\": \"next\", \"matrix\": [[2, 1], [1, 2]], \"valuesBar\": [1, 0]}\n",
                "pullback");
        assertEquals(1, run.exitCode());
        List<JsonNode> responses = run.responses();
        assertEquals(2, responses.size());
        JsonNode error = responses.get(0).get("error");
        assertEquals(code, error.get("code").asText(), error.toString());
        assertTrue(error.get("message").asText().contains(fragment), error.toString());
        // dL/dA of lambda_0 for [[2,1],[1,2]]: v0 v0^T with v0 = (1, 1)/sqrt 2
        double[][] g = EighCommandTest.matrix(responses.get(1).get("gradient"));
        for (double[] row : g) {
            for (double x : row) {
                assertEquals(0.5, x, 1e-15);
            }
        }
    }

    /** K up to 2^53 is accepted (it was rejected above 2^31 as "not an integer"). */
    @Test
    void iterationsUpTo2To53() {
        CliRun run = CliRun.of("{\"id\": 1, \"matrix\": [[2, 1], [1, 2]], \"vectorsBar\": [[0, 1], [1, 0]], "
                + "\"iterations\": 1099511627776}\n{\"id\": 2, \"matrix\": [[2, 0], [0, 1]], \"method\": "
                + "\"adaptive\", \"maxIterations\": 9007199254740992}\n", "pullback");
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode first = run.responses().get(0);
        assertEquals(1099511627776L, first.get("iterationsUsed").asLong());
        // lambda = (3, 1), r = 1/3: r^K underflows at this K, so F^(K) = 1/(3 - 1), the analytic value;
        // v0 = (1, 1)/sqrt 2, v1 = (1, -1)/sqrt 2, skew(V^T VBar)_01 = 1/sqrt 2, so
        // dL/dA = -(v0 v1^T + v1 v0^T) / (4 sqrt 2) = diag(-1, 1) / (2 sqrt 2)
        double[][] g = EighCommandTest.matrix(first.get("gradient"));
        double h = 1 / (2 * Math.sqrt(2));
        assertEquals(-h, g[0][0], 1e-15);
        assertEquals(h, g[1][1], 1e-15);
        assertEquals(0, g[0][1], 1e-15);
        // Eq. 14 at r = 1/2, tol = 1e-10: ceil(ln 1e-10 / ln 0.5) = 34, well below the cap 2^53
        assertEquals(34, run.responses().get(1).get("iterationsUsed").asLong());
    }

    /** topK: the gradient equals the full request's with the cotangents of the first k pairs only. */
    @Test
    void topKMatchesTheFullPullback() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        int n = 7;
        int k = 3;
        double[][] a = TestMatrices.withSpectrum(TestMatrices.separatedSpectrum(n, true, random), random);
        double[] valuesBar = TestMatrices.gaussianVector(k, random);
        double[][] vectorsBar = TestMatrices.gaussianMatrix(n, k, random);
        double[] fullValuesBar = java.util.Arrays.copyOf(valuesBar, n);
        double[][] fullVectorsBar = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(vectorsBar[i], 0, fullVectorsBar[i], 0, k);
        }
        ObjectNode top = JsonLines.MAPPER.createObjectNode();
        top.put("id", "top");
        top.set("matrix", JsonLines.rows(a));
        top.put("topK", k);
        top.set("valuesBar", JsonLines.array(valuesBar));
        top.set("vectorsBar", JsonLines.rows(vectorsBar));
        ObjectNode full = top.deepCopy();
        full.put("id", "full");
        full.remove("topK");
        full.set("valuesBar", JsonLines.array(fullValuesBar));
        full.set("vectorsBar", JsonLines.rows(fullVectorsBar));
        CliRun run = CliRun.of(JsonLines.MAPPER.writeValueAsString(top) + "\n" + JsonLines.MAPPER.writeValueAsString(full)
                + "\n", "pullback");
        assertEquals(0, run.exitCode(), run.stdout());
        List<JsonNode> r = run.responses();
        assertEquals(FIELDS, EighCommandTest.fieldNames(r.get(0)));
        assertEquals(n, r.get(0).get("values").size(), "values stay complete");
        double[][] g = EighCommandTest.matrix(r.get(0).get("gradient"));
        double[][] expected = EighCommandTest.matrix(r.get(1).get("gradient"));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(expected[i][j], g[i][j], 1e-10 * (1 + Math.abs(expected[i][j])), "entry " + i + ", " + j);
            }
        }
    }

    /** function: value and gradient are those of the runtime's MatrixFunction, also at a tie. */
    @Test
    void matrixFunctionRequests() throws Exception {
        double[][] a = {{2, 0, 0}, {0, 2, 0}, {0, 0, 1}}; // a tie
        double[][] c = {{1, 2, 0}, {0, 1, 3}, {1, 0, 1}};
        CliRun run = CliRun.of("{\"id\": \"f\", \"matrix\": [[2, 0, 0], [0, 2, 0], [0, 0, 1]], \"function\": {\"name\": "
                + "\"pow\", \"power\": 0.5}, \"functionBar\": [[1, 2, 0], [0, 1, 3], [1, 0, 1]]}\n", "pullback");
        assertEquals(0, run.exitCode(), run.stdout());
        JsonNode r = run.responses().get(0);
        java.util.List<String> fields = new java.util.ArrayList<>(FIELDS);
        fields.add("value");
        assertEquals(fields, EighCommandTest.fieldNames(r));
        io.github.eigengrad.runtime.MatrixFunction f = io.github.eigengrad.runtime.MatrixFunction.power(0.5);
        io.github.eigengrad.runtime.SymmetricEigendecomposition e = io.github.eigengrad.runtime.SymmetricEigensolver.builder()
                .build().decompose(a);
        double[][] g = EighCommandTest.matrix(r.get("gradient"));
        double[][] expected = f.gradient(e, c);
        double[][] value = EighCommandTest.matrix(r.get("value"));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[i][j], g[i][j], 1e-15);
            }
        }
        // sqrt of diag(2, 2, 1), and at the tie the gradient's (0, 1) entry is f'(2) sym(C)_01 = 1 / (2 sqrt 2)
        assertEquals(Math.sqrt(2), value[0][0], 1e-15);
        assertEquals(1, value[2][2], 1e-15);
        assertEquals(1 / (2 * Math.sqrt(2)), g[0][1], 1e-15);
    }

    @Test
    void maskedAnalyticWarnsAndServes() {
        CliRun run = CliRun.of("{\"matrix\": [[1, 0, 0], [0, 1, 0], [0, 0, 3]], \"vectorsBar\": [[1, 0, 0], [0, 1, 0], "
                + "[0, 0, 1]], \"method\": \"analytic\", \"mask\": true}\n", "pullback");
        assertEquals(0, run.exitCode());
        JsonNode r = run.responses().get(0);
        assertEquals(1, r.get("warnings").size());
        assertTrue(r.get("warnings").get(0).asText().contains("(1, 2)"));
    }
}
