package io.github.eigengrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code matrixB} in eigh, pullback and pushforward (docs/math.md section 12): a 2x2 pair whose
 * generalised eigenvalues and gradients are known in closed form, and one error object per bad
 * line with the stream going on.
 */
class GeneralizedRequestsTest {
    static final String PAIR = "\"matrix\": [[2, 1], [1, 3]], \"matrixB\": [[2, 0], [0, 1]]";
    /** det(A - l B) = 2 l^2 - 8 l + 5: l = 2 +- sqrt(6)/2. */
    static final double L0 = 2 + Math.sqrt(6) / 2;

    @Test
    void eighPullbackAndPushforwardOfAPair() {
        JsonNode eigh = CliRun.of("{\"id\": 1, " + PAIR + "}\n", "eigh").responses().get(0);
        assertEquals(L0, eigh.get("values").get(0).doubleValue(), 1e-15);
        assertEquals(2 - Math.sqrt(6) / 2, eigh.get("values").get(1).doubleValue(), 1e-15);
        double[] v = {eigh.get("vectors").get(0).get(0).doubleValue(), eigh.get("vectors").get(1).get(0).doubleValue()};
        assertEquals(1, 2 * v[0] * v[0] + v[1] * v[1], 1e-15, "B-normalised");
        // d l0 / dA = v v^T, d l0 / dB = -l0 v v^T (v B-normalised)
        JsonNode pulled = CliRun.of("{\"id\": 1, " + PAIR + ", \"valuesBar\": [1, 0], \"method\": \"analytic\"}\n",
                "pullback").responses().get(0);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(v[i] * v[j], pulled.get("gradient").get(i).get(j).doubleValue(), 1e-15);
                assertEquals(-L0 * v[i] * v[j], pulled.get("gradientB").get(i).get(j).doubleValue(), 1e-14);
            }
        }
        // along BDot = E_00: l0 moves by -l0 v_0^2
        JsonNode pushed = CliRun.of("{\"id\": 1, " + PAIR + ", \"tangentB\": [[1, 0], [0, 0]]}\n", "pushforward")
                .responses().get(0);
        assertEquals(-L0 * v[0] * v[0], pushed.get("valuesDot").get(0).doubleValue(), 1e-14);
        assertTrue(pushed.has("vectorsDotBound"), pushed.toString());
    }

    @Test
    void badLinesAreErrorObjectsAndTheStreamGoesOn() {
        String[][] cases = {
            {"\"matrix\": [[2, 1], [1, 3]], \"matrixB\": [[1, 2], [2, 1]]", "not-positive-definite", "pivot 1 is -3.0"},
            {"\"matrix\": [[2, 1], [1, 3]], \"matrixB\": [[1, 1], [1, 1]]", "not-positive-definite", "pivot 1"},
            {"\"matrix\": [[2, 1], [1, 3]], \"matrixB\": [[1, 0.5], [0, 1]]", "asymmetric-matrix", "matrixB"},
            {"\"matrix\": [[2, 1], [1, 3]], \"matrixB\": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "non-square-matrix",
                "matrixB has 3 rows"},
            {PAIR + ", \"topK\": 1", "invalid-request", "'topK' does not apply"},
            {PAIR + ", \"precision\": \"float\"", "invalid-request", "'matrixB'"},
            {PAIR + ", \"function\": {\"name\": \"log\"}, \"functionBar\": [[1, 0], [0, 1]]", "invalid-request",
                "'matrixB' does not apply"},
        };
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < cases.length; i++) {
            in.append("{\"id\": ").append(i).append(", ").append(cases[i][0]).append(", \"valuesBar\": [1, 0]}\n");
        }
        in.append("{\"id\": 99, ").append(PAIR).append(", \"valuesBar\": [1, 0]}\n");
        CliRun run = CliRun.of(in.toString(), "pullback");
        assertEquals(1, run.exitCode());
        List<JsonNode> out = run.responses();
        for (int i = 0; i < cases.length; i++) {
            JsonNode error = out.get(i).get("error");
            assertEquals(cases[i][1], error.get("code").asText(), out.get(i).toString());
            assertTrue(error.get("message").asText().contains(cases[i][2]), out.get(i).toString());
        }
        assertEquals(L0, out.get(cases.length).get("values").get(0).doubleValue(), 1e-15);
        JsonNode tangentB = CliRun.of("{\"id\": 1, \"matrix\": [[2, 1], [1, 3]], \"tangentB\": [[1, 0], [0, 0]]}\n",
                "pushforward").responses().get(0).get("error");
        assertEquals("'tangentB' needs 'matrixB'", tangentB.get("message").asText());
        JsonNode nan = CliRun.of("{\"id\": 1, \"matrix\": [[2, 1], [1, 3]], \"matrixB\": [[1, 0], [0, 1e999]]}\n",
                "eigh").responses().get(0).get("error");
        assertTrue(nan != null && nan.get("message").asText().contains("matrixB"), "an infinite entry of matrixB is "
                + "refused by name: " + nan);
    }
}
