package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.HermitianEigendecomposition;
import io.github.eigengrad.runtime.HermitianEigensolver;
import io.github.eigengrad.runtime.HermitianPullbackResult;
import io.github.eigengrad.runtime.HermitianPushforwardResult;
import io.github.eigengrad.runtime.MatrixFunction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Complex entries {@code [re, im]} in eigh, pullback and pushforward (docs/math.md section 13):
 * the responses are the runtime's results for the same matrix, entry by entry, and every bad
 * line is one error object with the stream going on.
 */
class ComplexRequestsTest {
    /** [[2, 1 + i, 0.5i], [1 - i, 3, 0.25], [-0.5i, 0.25, -1]]. */
    static final String MATRIX = "\"matrix\": [[2, [1, 1], [0, 0.5]], [[1, -1], 3, 0.25], [[0, -0.5], 0.25, -1]]";
    static final double[] INTERLEAVED = {2, 0, 1, 1, 0, 0.5, 1, -1, 3, 0, 0.25, 0, 0, -0.5, 0.25, 0, -1, 0};

    private static void assertComplexRows(double[] expected, JsonNode rows, int n, String what) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                JsonNode entry = rows.get(i).get(j);
                assertEquals(expected[2 * (i * n + j)], entry.get(0).doubleValue(), 0.0, what + " re " + i + j);
                assertEquals(expected[2 * (i * n + j) + 1], entry.get(1).doubleValue(), 0.0, what + " im " + i + j);
            }
        }
    }

    @Test
    void theResponsesAreTheRuntimesResults() {
        EigenGradient g = EigenGradient.builder().method(EigenGradient.Method.ANALYTIC).build();
        HermitianEigendecomposition e = g.decomposeHermitian(INTERLEAVED, 3);
        JsonNode eigh = CliRun.of("{\"id\": 1, " + MATRIX + "}\n", "eigh").responses().get(0);
        for (int k = 0; k < 3; k++) {
            assertEquals(e.value(k), eigh.get("values").get(k).doubleValue(), 0.0);
        }
        assertComplexRows(e.vectorsInterleaved(), eigh.get("vectors"), 3, "vectors");

        // L = Im V[1][0] + lambda_0 / 2: phase-dependent
        double[] vectorsBar = new double[18];
        vectorsBar[2 * 3 + 1] = 1;
        HermitianPullbackResult r = g.pullback(e, new double[] {0.5, 0, 0}, vectorsBar);
        JsonNode pulled = CliRun.of("{\"id\": 2, " + MATRIX + ", \"method\": \"analytic\", \"valuesBar\": [0.5, 0, 0], "
                + "\"vectorsBar\": [[0, 0, 0], [[0, 1], 0, 0], [0, 0, 0]]}\n", "pullback").responses().get(0);
        assertComplexRows(r.gradientInterleaved(), pulled.get("gradient"), 3, "gradient");
        assertTrue(pulled.get("gradientBound").isNull(), pulled.toString());

        double[] tangent = {0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
        HermitianPushforwardResult f = g.pushforward(e, tangent);
        JsonNode pushed = CliRun.of("{\"id\": 3, " + MATRIX + ", \"method\": \"analytic\", \"tangent\": [[0, 1, 0], "
                + "[1, 0, 0], [0, 0, [0, 2]]]}\n", "pushforward").responses().get(0);
        for (int k = 0; k < 3; k++) {
            assertEquals(f.valuesDot()[k], pushed.get("valuesDot").get(k).doubleValue(), 0.0);
        }
        assertComplexRows(f.vectorsDotInterleaved(), pushed.get("vectorsDot"), 3, "vectorsDot");
        JsonNode series = CliRun.of("{\"id\": 4, " + MATRIX + ", \"valuesBar\": [1, 0, 0]}\n", "pullback").responses()
                .get(0);
        assertEquals(19, series.get("iterationsUsed").intValue(), series.toString());
        assertTrue(series.get("gradientBound").doubleValue() > 0, series.toString());
    }

    @Test
    void matrixFunctionsOfComplexMatricesAreTheRuntimesAndAgreeWithTheRealPath() {
        // M + 2 I is positive definite (eigenvalues of M are above -1.5), so log applies
        double[] shifted = INTERLEAVED.clone();
        for (int i = 0; i < 3; i++) {
            shifted[2 * (i * 3 + i)] += 2;
        }
        String matrix = "\"matrix\": [[4, [1, 1], [0, 0.5]], [[1, -1], 5, 0.25], [[0, -0.5], 0.25, 1]]";
        String c = "[[1, [0, 2], 0], [0.5, [0, -1], 0], [0, 0, [3, 1]]]";
        double[] cInterleaved = {1, 0, 0, 2, 0, 0, 0.5, 0, 0, -1, 0, 0, 0, 0, 0, 0, 3, 1};
        HermitianEigendecomposition e = HermitianEigensolver.defaults().decompose(shifted, 3);
        MatrixFunction log = MatrixFunction.log();
        JsonNode pulled = CliRun.of("{\"id\": 1, " + matrix + ", \"function\": {\"name\": \"log\"}, \"functionBar\": "
                + c + "}\n", "pullback").responses().get(0);
        assertComplexRows(log.gradient(e, cInterleaved), pulled.get("gradient"), 3, "gradient");
        assertComplexRows(log.value(e), pulled.get("value"), 3, "value");
        JsonNode pushed = CliRun.of("{\"id\": 2, " + matrix + ", \"function\": {\"name\": \"log\"}, \"tangent\": "
                + c + "}\n", "pushforward").responses().get(0);
        assertComplexRows(log.derivative(e, cInterleaved), pushed.get("valueDot"), 3, "valueDot");

        // a real matrix written with [re, 0] entries takes the complex path and gives the real answer
        String real = "[[4, [1, 0], 0.5], [1, 5, 0.25], [0.5, 0.25, 1]]";
        String realBar = "[[1, 2, 0], [0.5, -1, 0], [0, 0, 3]]";
        JsonNode viaComplex = CliRun.of("{\"id\": 3, \"matrix\": " + real + ", \"function\": {\"name\": \"pow\", "
                + "\"power\": 0.3}, \"functionBar\": " + realBar + "}\n", "pullback").responses().get(0);
        JsonNode viaReal = CliRun.of("{\"id\": 4, \"matrix\": " + real.replace("[1, 0]", "1") + ", \"function\": "
                + "{\"name\": \"pow\", \"power\": 0.3}, \"functionBar\": " + realBar + "}\n", "pullback").responses()
                .get(0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(viaReal.get("gradient").get(i).get(j).doubleValue(),
                        viaComplex.get("gradient").get(i).get(j).get(0).doubleValue(), 1e-13, "re " + i + j);
                assertEquals(0, viaComplex.get("gradient").get(i).get(j).get(1).doubleValue(), 1e-15, "im " + i + j);
            }
        }

        CliRun refused = CliRun.of("{\"id\": 5, " + matrix + ", \"function\": {\"name\": \"log\"}, \"functionBar\": "
                + c + "}\n{\"id\": 6, " + matrix + ", \"function\": {\"name\": \"log\"}}\n", "pushforward");
        assertTrue(refused.responses().get(0).get("error").get("message").asText().contains("Hessian-vector"),
                refused.responses().get(0).toString());
        assertTrue(refused.responses().get(1).has("valueDot"), refused.responses().get(1).toString());
        JsonNode missing = CliRun.of("{\"id\": 7, " + matrix + ", \"function\": {\"name\": \"log\"}}\n", "pullback")
                .responses().get(0);
        assertEquals("invalid-request", missing.get("error").get("code").asText(), missing.toString());
    }

    @Test
    void badLinesAreErrorObjectsAndTheStreamGoesOn() {
        String[][] cases = {
            {"\"matrix\": [[2, [1, 1, 0]], [[1, -1], 3]]", "invalid-request", "must be a number or [re, im]"},
            {"\"matrix\": [[2, [1, \"x\"]], [[1, -1], 3]]", "invalid-request", "(imaginary part) must be a number"},
            {"\"matrix\": [[2, [1, 1]], [[1, 1], 3]]", "asymmetric-matrix", "not Hermitian"},
            {"\"matrix\": [[[2, 1], [1, 1]], [[1, -1], 3]]", "asymmetric-matrix", "(0, 0)"},
            {"\"matrix\": [[2, [1, 1]], [[1, -1], 3, 4]]", "non-square-matrix", "row 1 has 3 entries"},
            {"\"matrix\": [[2, [1, 1e999]], [[1, -1], 3]]", "non-finite-value", "imaginary part"},
            {"\"matrix\": [[2, [1, 1]], [[1, -1], 3]], \"matrixB\": [[1, 0], [0, 1]]", "invalid-request",
                "'matrixB' does not apply to a complex matrix"},
            {"\"matrix\": [[2, [1, 1]], [[1, -1], 3]], \"topK\": 1", "invalid-request", "'topK' does not apply"},
            {"\"matrix\": [[2, [1, 1]], [[1, -1], 3]], \"precision\": \"float\"", "invalid-request", "float"},
            {"\"matrix\": [[2, [1, 1]], [[1, -1], 3]], \"function\": {\"name\": \"log\"}, \"functionBar\": [[1, 0], "
                + "[0, 1]]", "invalid-request", "'valuesBar' does not apply to a matrix-function request"},
            {"\"matrix\": [[2, [1, 1]], [[1, -1], 3]], \"vectorsBar\": [[0, [0, 1]]]", "non-square-matrix", "vectorsBar"},
        };
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < cases.length; i++) {
            in.append("{\"id\": ").append(i).append(", ").append(cases[i][0]).append(", \"valuesBar\": [1, 0]}\n");
        }
        in.append("{\"id\": 99, \"matrix\": [[2, [1, 1]], [[1, -1], 3]], \"valuesBar\": [1, 0]}\n");
        CliRun run = CliRun.of(in.toString(), "pullback");
        assertEquals(1, run.exitCode());
        List<JsonNode> out = run.responses();
        for (int i = 0; i < cases.length; i++) {
            JsonNode error = out.get(i).get("error");
            assertTrue(error != null, out.get(i).toString());
            assertEquals(cases[i][1], error.get("code").asText(), out.get(i).toString());
            assertTrue(error.get("message").asText().contains(cases[i][2]), out.get(i).toString());
        }
        assertEquals(4, out.get(cases.length).get("values").get(0).doubleValue(), 1e-14);
    }
}
